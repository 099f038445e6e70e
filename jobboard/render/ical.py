"""iCalendar (RFC 5545) calendars of application deadlines: one all-day event per open offer."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, timedelta
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


def render(ctx: dict, full_html: Callable[[OfferView], str] | None = None) -> bytes:
    site = ctx["site"]
    host = urlsplit(site.base_url).hostname
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0",
             f"PRODID:-//{escape_text(site.title)}//jobboard//FR",
             "CALSCALE:GREGORIAN", "METHOD:PUBLISH",
             f"X-WR-CALNAME:{escape_text(ctx['title'])}", "X-WR-TIMEZONE:Europe/Paris"]
    for v in ctx["items"]:
        o = v.offer
        # DTSTAMP must be UTC; derived from the offer's last change so that
        # the same content gives the same file.
        stamp = dates.start_of_day(o.last_modified).astimezone(UTC)
        lines += [
            "BEGIN:VEVENT",
            f"UID:{o.slug}@{host}",
            f"DTSTAMP:{stamp:%Y%m%dT%H%M%SZ}",
            f"DTSTART;VALUE=DATE:{o.deadline:%Y%m%d}",
            f"DTEND;VALUE=DATE:{o.deadline + timedelta(days=1):%Y%m%d}",
            f"SUMMARY:{escape_text(f'Date limite : {o.title} ({v.employer_names})')}",
            f"DESCRIPTION:{escape_text(v.summary_text + chr(10) + v.abs_url)}",
            f"LOCATION:{escape_text(v.place.one_line)}",
            f"URL:{v.abs_url}",
            f"CATEGORIES:{','.join(escape_text(c.label) for c in v.categories)}",
            "TRANSP:TRANSPARENT",
            "END:VEVENT",
        ]
    lines.append("END:VCALENDAR")
    return ("\r\n".join(fold(line) for line in lines) + "\r\n").encode("utf-8")
