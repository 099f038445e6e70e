"""Is this posting already on the board? Same reference, or same title, employer and
deadline, as an offer in content/offers/ (drafts included).

The offers are read once per import run into an index (the board holds tens of thousands
of offers; a folder of postings must not read them all for each posting), leniently: front
matter only, broken files skipped (`check` reports them; here they cannot be duplicates).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import yaml

from jobboard.text import fold

try:  # libyaml's loader when installed: the index reads every offer once
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]


def _norm(value) -> str:
    return " ".join(re.findall(r"[a-z0-9+]+", fold(str(value)).replace("(h/f)", "(f/h)")))


def _front(path: Path) -> dict:
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return {}
    end = text.find("\n---", 3)
    if not text.startswith("---\n") or end == -1:
        return {}
    try:
        data = yaml.load(text[4:end], Loader=_Loader)
    except yaml.YAMLError:
        return {}
    return data if isinstance(data, dict) else {}


@dataclass
class DuplicateIndex:
    """The offers of a content folder by reference and by (title, deadline)."""
    by_reference: dict[str, Path] = field(default_factory=dict)
    by_title: dict[tuple[str, date], list[tuple[set[str], Path]]] = field(default_factory=dict)

    @classmethod
    def load(cls, offers: Path) -> DuplicateIndex:
        index = cls()
        if offers.is_dir():
            for path in sorted(offers.glob("*.md")):
                data = _front(path)
                if data:
                    index.add(data, path)
        return index

    def add(self, values: dict, path: Path) -> None:
        if values.get("reference"):
            self.by_reference.setdefault(_norm(values["reference"]), path)
        employers = values.get("employers")
        employers = set(employers if isinstance(employers, list) else
                        [employers] if employers else [])
        if values.get("title") and isinstance(values.get("deadline"), date):
            key = (_norm(values["title"]), values["deadline"])
            self.by_title.setdefault(key, []).append((employers, path))

    def find(self, values: dict) -> tuple[Path, str] | None:
        """(the existing offer, why) when `values` (the draft's fields) match one."""
        if values.get("reference"):
            path = self.by_reference.get(_norm(values["reference"]))
            if path:
                return path, f"same reference {values['reference']}"
        deadline = values.get("deadline")
        if values.get("title") and isinstance(deadline, date):
            employers = set(values.get("employers") or [])
            for other, path in self.by_title.get((_norm(values["title"]), deadline), []):
                if not employers or not other or employers & other:
                    return path, f"same title, employer and deadline ({deadline.isoformat()})"
        return None

