"""`Content`: the whole content tree as the typed model, what every later stage reads.

It lives on the model's side, apart from reader.py, so that the planner and the
checks take a `Content` without importing the code that reads files.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from jobboard.content import model
from jobboard.files import shown
from jobboard.problems import Problem


@dataclass(frozen=True)
class Content:
    site: model.Site
    employers: dict[str, model.Employer]  # by slug, sorted
    offers: list[model.Offer]  # every offer, drafts included, sorted by slug
    pages: list[model.Page]
    # The content folder: offers' and pages' `source` is relative to it, so that the
    # parsed model does not depend on the working directory (the parse cache keys it).
    root: Path | None = None
    undated: tuple[str, ...] = ()  # sources of offers dated by git (or the build day)
    skipped: tuple[Problem, ...] = ()  # warnings: invalid drafts the build left out

    def employer_file(self, relative: str) -> Path:
        assert self.root is not None
        return self.root / "employers" / relative

    def file(self, source: str) -> Path:
        """The file an offer or page (its `source`) was read from."""
        return self.root / source if self.root is not None else Path(source)

    def shown(self, source: str) -> str:
        """An offer's or page's file as messages name it."""
        return shown(self.file(source))
