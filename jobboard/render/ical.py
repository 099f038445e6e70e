"""iCalendar (RFC 5545) calendars of application deadlines: one all-day event per open offer."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from urllib.parse import urlsplit

from jobboard import dates
from jobboard.plan.views import OfferView


def escape_text(text: str) -> str:
    """TEXT values: backslash, semicolon, comma and newlines are escaped (RFC 5545 3.3.11)."""
    # Every line break, "\r" alone included, becomes the two characters "\n": no
    # text can end the line and start a property or event of its own.
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return (text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
            .replace("\n", "\\n"))


def fold(line: str) -> str:
    """Fold a content line at 75 octets without splitting a UTF-8 character (RFC 5545 3.1)."""
    if len(line) <= 75 // 4 or len(line.encode("utf-8")) <= 75:  # most lines: no folding
        return line
    out, current, limit = [], b"", 75
    for char in line:
        encoded = char.encode("utf-8")
        if len(current) + len(encoded) > limit:
            out.append(current.decode("utf-8"))
            current, limit = b"", 74  # continuation lines start with a space
        current += encoded
    out.append(current.decode("utf-8"))
    return "\r\n ".join(out)


# Europe/Paris since 1996 (EU rules): a calendar always holds this component, so that
# one with no open offer is still valid (RFC 5545 3.6: at least one component) and
# its address keeps working for those who subscribed to it.
VTIMEZONE = [
    "BEGIN:VTIMEZONE", "TZID:Europe/Paris",
    "BEGIN:DAYLIGHT", "TZNAME:CEST", "TZOFFSETFROM:+0100", "TZOFFSETTO:+0200",
    "DTSTART:19810329T020000", "RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU", "END:DAYLIGHT",
    "BEGIN:STANDARD", "TZNAME:CET", "TZOFFSETFROM:+0200", "TZOFFSETTO:+0100",
    "DTSTART:19961027T030000", "RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU", "END:STANDARD",
    "END:VTIMEZONE",
]


def revision(offer, event: list[str]) -> tuple[int, datetime]:
    """SEQUENCE and DTSTAMP of an offer's event, from its content (never the clock).

    SEQUENCE counts the days from publication to the last update: every update on a
    later day raises it, so clients that imported the event replace it. DTSTAMP is
    that day, plus a time of day taken from a hash of the event's lines: it changes
    whenever the deadline (or any line of the event) changes, even on the same day.
    """
    digest = hashlib.blake2b("\n".join(event).encode(), digest_size=8).digest()
    seconds = int.from_bytes(digest, "big") % 86400
    stamp = dates.start_of_day(offer.last_modified).astimezone(UTC) + timedelta(seconds=seconds)
    return (offer.last_modified - offer.published).days, stamp


def render(ctx: dict, full_html: Callable[[OfferView], str] | None = None) -> bytes:
    return calendar(ctx, [event(ctx, v) for v in ctx["items"]])


def calendar(ctx: dict, events: list[bytes]) -> bytes:
    """The calendar from its events (`event`, in order)."""
    site = ctx["site"]
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0",
             f"PRODID:-//{escape_text(site.title)}//jobboard//FR",
             "CALSCALE:GREGORIAN", "METHOD:PUBLISH",
             f"X-WR-CALNAME:{escape_text(ctx['title'])}", "X-WR-TIMEZONE:Europe/Paris",
             *VTIMEZONE]
    head = "\r\n".join(fold(line) for line in lines).encode("utf-8")
    return b"\r\n".join([head, *events, b"END:VCALENDAR"]) + b"\r\n"


def event(ctx: dict, v: OfferView) -> bytes:
    """One offer's VEVENT, its lines folded and joined (no line break after the last)."""
    o = v.offer
    host = urlsplit(ctx["site"].base_url).hostname
    lines = [
        f"DTSTART;VALUE=DATE:{o.deadline:%Y%m%d}",
        f"DTEND;VALUE=DATE:{o.deadline + timedelta(days=1):%Y%m%d}",
        f"SUMMARY:{escape_text(f'Date limite : {o.title} ({v.employer_names})')}",
        f"DESCRIPTION:{escape_text(v.summary_text + chr(10) + v.abs_url)}",
        f"LOCATION:{escape_text(v.place.one_line)}",
        f"URL:{v.abs_url}",
        f"CATEGORIES:{','.join(escape_text(c.label) for c in v.categories)}",
        "TRANSP:TRANSPARENT",
    ]
    sequence, stamp = revision(o, lines)
    return "\r\n".join(fold(line) for line in [
        "BEGIN:VEVENT", f"UID:{o.slug}@{host}", f"DTSTAMP:{stamp:%Y%m%dT%H%M%SZ}",
        f"SEQUENCE:{sequence}", *lines, "END:VEVENT"]).encode("utf-8")
