"""Warnings on valid content: things an editor should look at, which do not stop a build."""

from __future__ import annotations

from datetime import date

from jobboard.content import gitdates
from jobboard.content.reader import Content
from jobboard.problems import Problem

CLOSING_DAYS = 3
LONG_OPEN_DAYS = 90


def shallow_history(content: Content) -> list[Problem]:
    """Dates from git are wrong in a shallow clone: say so."""
    if content.undated and content.root and gitdates.is_shallow(content.root):
        return [Problem(src, None, "published", "this offer takes its dates from git, but the "
                        "repository is a shallow clone: they would be wrong",
                        "fetch the full history (git fetch --unshallow; in GitHub Actions, "
                        "actions/checkout with fetch-depth: 0), or write 'published'",
                        severity="warning") for src in content.undated]
    return []


def warnings(content: Content, today: date) -> list[Problem]:
    found = shallow_history(content)
    for o in content.offers:
        if o.draft or o.published > today:
            continue

        def warn(field, message, hint=None, source=o.source):
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
    return sorted(found)
