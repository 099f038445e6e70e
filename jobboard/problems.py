"""Content problems: collected during loading, reported all at once.

Validation never stops at the first mistake. Every stage appends `Problem`s to
a list; the build reports them together, grouped by file, and writes nothing.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class Problem:
    path: str  # file, relative to the working directory when possible
    line: int | None  # 1-based line in that file, when known
    field: str | None  # dotted path of the field, e.g. "contacts[0].email"
    message: str  # what was found and what is expected
    hint: str | None = None  # how to fix it
    severity: str = "error"  # or "warning": reported, but the build goes on

    def format(self) -> str:
        where = self.path if self.line is None else f"{self.path}:{self.line}"
        what = self.message if not self.field else f"{self.field}: {self.message}"
        text = f"{where}: {'warning: ' if self.severity == 'warning' else ''}{what}"
        if self.hint:
            text += f"\n    hint: {self.hint}"
        return text


class ContentError(Exception):
    """Raised when the content tree has one or more problems."""

    def __init__(self, problems: list[Problem]):
        self.problems = sorted(problems, key=_sort_key)
        super().__init__(f"{len(self.problems)} content problem(s)")

    def report(self) -> str:
        from jobboard.commands.report import human
        return human(self.problems) + "; nothing was written."


def _sort_key(p: Problem):
    return (p.path, p.line if p.line is not None else 10**9, p.field or "", p.message)
