"""Dates as French postings write them, read into `datetime.date`.

"11 Février 2026", "1er mai 2021", "22 fevrier 2026", "MARDI 3 MARS 2026",
"17/02/2025", "17-02-2025", "17.02.25". Never "today": a date without a year
is not guessed (the caller reports it as not found), so the result does not
depend on the day the import runs.
"""

from __future__ import annotations

import re
from datetime import date

from jobboard.text import fold

# Month names without accents, lower case; abbreviations postings use.
MONTHS = {
    "janvier": 1, "janv": 1, "jan": 1, "fevrier": 2, "fevr": 2, "fev": 2, "mars": 3,
    "avril": 4, "avr": 4, "mai": 5, "juin": 6, "juillet": 7, "juil": 7, "aout": 8,
    "septembre": 9, "sept": 9, "sep": 9, "octobre": 10, "oct": 10, "novembre": 11, "nov": 11,
    "decembre": 12, "dec": 12,
}

MONTH_RX = "|".join(sorted(MONTHS, key=len, reverse=True))
# 1er / 1 / 01, an optional "." after an abbreviated month, a 4-digit year.
WRITTEN = re.compile(rf"\b(\d{{1,2}})\s*(?:er)?\s+({MONTH_RX})\.?\s+(\d{{4}})\b")
NUMERIC = re.compile(r"\b(\d{1,2})\s*[/.-]\s*(\d{1,2})\s*[/.-]\s*(\d{4}|\d{2})\b")


def _make(year: int, month: int, day: int) -> date | None:
    if year < 100:  # "17.02.25": postings are from this century
        year += 2000
    try:
        return date(year, month, day)
    except ValueError:
        return None


def find_date(text: str) -> tuple[date, int, int] | None:
    """The first French date in `text`: (date, start, end) in `text`'s positions."""
    folded = fold(text)
    found = []
    for m in WRITTEN.finditer(folded):
        d = _make(int(m[3]), MONTHS[m[2]], int(m[1]))
        if d:
            found.append((m.start(), d, m.end()))
            break
    for m in NUMERIC.finditer(folded):
        d = _make(int(m[3]), int(m[2]), int(m[1]))
        if d:
            found.append((m.start(), d, m.end()))
            break
    if not found:
        return None
    start, d, end = min(found, key=lambda f: f[0])
    return d, start, end


def parse_french_date(text: str) -> date | None:
    """The first date written in `text`, or None."""
    hit = find_date(text)
    return hit[0] if hit else None
