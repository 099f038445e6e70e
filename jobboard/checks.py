"""Warnings on valid content: things an editor should look at, which do not stop a build."""

from __future__ import annotations

from datetime import date

from .problems import Problem
from .reader import Content

CLOSING_DAYS = 3
LONG_OPEN_DAYS = 90


def warnings(content: Content, today: date) -> list[Problem]:
    found = []
    for o in content.offers:
        if o.draft or o.published > today:
            continue

        def warn(field, message, hint=None):
            found.append(Problem(o.source, None, field, message, hint, severity="warning"))

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
