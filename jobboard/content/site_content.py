"""`Content`: the whole content tree as the typed model, what every later stage reads.

It lives on the model's side, apart from reader.py, so that the planner and the
checks take a `Content` without importing the code that reads files.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from jobboard.content import model
from jobboard.problems import Problem


@dataclass(frozen=True)
class Content:
    site: model.Site
    employers: dict[str, model.Employer]  # by slug, sorted
    offers: list[model.Offer]  # every offer, drafts included, sorted by slug
    pages: list[model.Page]
    root: Path | None = None  # the content folder, for files such as logos
    undated: tuple[str, ...] = ()  # offers whose dates come from git (or the build day)
    skipped: tuple[Problem, ...] = ()  # warnings: invalid drafts the build left out

    def employer_file(self, relative: str) -> Path:
        assert self.root is not None
        return self.root / "employers" / relative
