"""Dates: what "today" is for a build, and how dates are written.

An offer is open until the end of its deadline day in Europe/Paris. A build
knows only a day (`--today`, else SOURCE_DATE_EPOCH, else the clock, all read
in Paris time), so "open" means `deadline >= today`. Every timestamp the build
writes is derived from content dates and `today`, never from the clock, so
that the same content and the same day give byte-identical output.
"""

from __future__ import annotations

import os
from datetime import date, datetime, time
from email.utils import format_datetime
from zoneinfo import ZoneInfo

from jobboard.problems import UsageError

PARIS = ZoneInfo("Europe/Paris")

MONTHS = ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août",
          "septembre", "octobre", "novembre", "décembre"]


def resolve_today(option: str | None, environ=os.environ, now: datetime | None = None) -> date:
    """The build's day: --today, else SOURCE_DATE_EPOCH, else the real date, in Paris.

    Raises UsageError with a message for the user on a malformed value.
    """
    if option:
        try:
            return date.fromisoformat(option)
        except ValueError:
            raise UsageError(f"--today: found '{option}', expected a date as YYYY-MM-DD") from None
    epoch = environ.get("SOURCE_DATE_EPOCH")
    if epoch:
        try:
            return datetime.fromtimestamp(int(epoch), PARIS).date()
        except (ValueError, OverflowError, OSError):
            raise UsageError(f"SOURCE_DATE_EPOCH: found '{epoch}', expected a Unix time "
                             "in seconds") from None
    return (now or datetime.now(PARIS)).astimezone(PARIS).date()


def start_of_day(day: date) -> datetime:
    return datetime.combine(day, time(0, 0), PARIS)


def end_of_day(day: date) -> datetime:
    """The last second of `day` in Paris, with its offset (+01:00 or +02:00)."""
    return datetime.combine(day, time(23, 59, 59), PARIS)


def rfc822(day: date) -> str:
    return format_datetime(start_of_day(day))


def rfc822_end(day: date) -> str:
    """The last second of `day` in Paris, RFC 822: when an offer stops taking applications."""
    return format_datetime(end_of_day(day))


def rfc3339(day: date) -> str:
    """Midnight of `day` in Paris, as Atom and JSON Feed want: 2026-02-22T00:00:00+01:00."""
    return start_of_day(day).isoformat()


def french_date(day: date) -> str:
    """22 février 2026; 1er mai 2021."""
    d = "1er" if day.day == 1 else str(day.day)
    return f"{d} {MONTHS[day.month - 1]} {day.year}"




def days_between(a: date, b: date) -> int:
    return (b - a).days
