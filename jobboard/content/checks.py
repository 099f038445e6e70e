"""Warnings on valid content: things an editor should look at, which do not stop a build."""

from __future__ import annotations

import re
from datetime import date

from jobboard.content import gitdates
from jobboard.content.site_content import Content
from jobboard.problems import Problem
from jobboard.text import fold

CLOSING_DAYS = 3
LONG_OPEN_DAYS = 90


def shallow_history(content: Content) -> list[Problem]:
    """Dates from git are wrong in a shallow clone: say so."""
    if content.undated and content.root and gitdates.is_shallow(content.root):
        return [Problem(content.shown(src), None, "published", "this offer takes its dates from git, but the "
                        "repository is a shallow clone: they would be wrong",
                        "fetch the full history (git fetch --unshallow; in GitHub Actions, "
                        "actions/checkout with fetch-depth: 0), or write 'published'",
                        severity="warning") for src in content.undated]
    return []


# Working time in a title: "24 h", "35h", "17h30", "28 heures", "temps non complet",
# "mi-temps", "TNC". Google and Indeed ask for the job's name alone in a title.
_HOURS = re.compile(r"\b\d{1,2}(?:[.,]\d+)?\s?(?:h|heures?)(?:\s?\d{2})?\b"
                    r"|\btemps\s+(?:non\s+)?(?:complet|partiel|plein)\b|\bmi-temps\b"
                    r"|\bTN?C\b", re.IGNORECASE)


def title_extras(title: str, places: list[str]) -> list[str]:
    """What a title holds besides the job: working hours, a place."""
    found = [f"working hours ('{m.group(0).strip()}')" for m in _HOURS.finditer(title)][:1]
    folded = fold(title).lower()
    for place in places:
        if re.search(rf"(?<!\w){re.escape(fold(place).lower())}(?!\w)", folded):
            found.append(f"a place ('{place}')")
            break
    return found


def warnings(content: Content, today: date) -> list[Problem]:
    found = shallow_history(content)
    for o in content.offers:
        if o.draft or o.published > today:
            continue

        def warn(field, message, hint=None, source=content.shown(o.source)):
            found.append(Problem(source, None, field, message, hint, severity="warning"))

        days_left = (o.deadline - today).days
        if 0 <= days_left <= CLOSING_DAYS:
            warn("deadline", f"the offer closes in {days_left} day(s), on {o.deadline}",
                 "extend the deadline if the post is still to be filled")
        if (o.deadline - o.published).days > LONG_OPEN_DAYS:
            warn("deadline", f"the offer stays open {(o.deadline - o.published).days} days, "
                 f"more than {LONG_OPEN_DAYS}", "check the deadline")
        if o.pay is None:
            warn("pay", "missing recommended field", "job seekers and aggregators look for pay: "
                 "add at least pay.text, such as 'Rémunération statutaire + régime indemnitaire'")
        if not o.contacts:
            warn("contacts", "missing recommended field",
                 "add a person or a service that answers questions about the post")
        employers = [content.employers[s] for s in o.employers if s in content.employers]
        own = o.location if o.has_own_place else None
        places = [own.city] if own and own.city else []
        places += [e.address.city for e in employers]
        if extras := title_extras(o.title, places):
            warn("title", "the title holds " + " and ".join(extras),
                 "keep the job's name alone in the title, as Google and Indeed ask; "
                 "working time and place have their own fields (working_time, location)")
        if not o.reference:
            warn("reference", "missing recommended field",
                 "add the employer's reference for this offer: without it, aggregators "
                 "identify the offer by its file name")
        street = own.street if own else (employers[0].address.street if employers else None)
        if not street:
            warn("location.street", "missing recommended field: the workplace has no street "
                 "address", "add location.street (or the employer's address.street): Google "
                 "and Indeed place the job on a map with it")
    return sorted(found)
