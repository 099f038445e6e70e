"""Is this posting already on the board? Same reference, or same title, employer and
deadline, as an offer in content/offers/ (drafts included).

Offers are read leniently (front matter only, YAML errors skipped): `check` reports
broken files; here they just cannot be duplicates.
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import yaml

from jobboard.text import fold


def _norm(value) -> str:
    return " ".join(re.findall(r"[a-z0-9+]+", fold(str(value)).replace("(h/f)", "(f/h)")))


def _front(path: Path) -> dict:
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return {}
    if not text.startswith("---\n") or "\n---" not in text[3:]:
        return {}
    try:
        data = yaml.safe_load(text[4:text.index("\n---", 3)])
    except yaml.YAMLError:
        return {}
    return data if isinstance(data, dict) else {}


def find_duplicate(values: dict, offers: Path) -> tuple[Path, str] | None:
    """(the existing offer, why) when `values` (the draft's fields) match one."""
    if not offers.is_dir():
        return None
    reference = _norm(values["reference"]) if values.get("reference") else ""
    title = _norm(values.get("title") or "")
    employers = set(values.get("employers") or [])
    deadline = values.get("deadline")
    for path in sorted(offers.glob("*.md")):
        data = _front(path)
        if not data:
            continue
        if reference and data.get("reference") and _norm(data["reference"]) == reference:
            return path, f"same reference {values['reference']}"
        other = data.get("employers")
        other = set(other if isinstance(other, list) else [other] if other else [])
        if title and deadline and isinstance(data.get("deadline"), date) \
                and data["deadline"] == deadline and _norm(data.get("title") or "") == title \
                and (not employers or not other or employers & other):
            return path, f"same title, employer and deadline ({deadline.isoformat()})"
    return None
