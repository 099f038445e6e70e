"""Content problems: collected during loading, reported all at once.

Validation never stops at the first mistake. Every stage appends `Problem`s to
a list; the build reports them together, grouped by file, and writes nothing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# What must not reach a terminal or a CI log as is: C0 and C1 control characters
# (ESC starts terminal sequences; a line break lets a file name or a key forge a line,
# such as a GitHub Actions "::error" command), DEL, line and paragraph separators,
# and the bidirectional controls that make text display in another order.
_UNPRINTABLE = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")
_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def printable(text: str) -> str:
    """`text` with every control character written as an escape (ESC → \\x1b): editors'
    file names, keys and values are printed to people through this, and only this."""
    return _UNPRINTABLE.sub(lambda m: _NAMED.get(m.group()) or
                            (f"\\x{ord(m.group()):02x}" if ord(m.group()) < 0x100
                             else f"\\u{ord(m.group()):04x}"), text)


@dataclass(frozen=True, order=True)
class Problem:
    path: str  # file, relative to the working directory when possible
    line: int | None  # 1-based line in that file, when known
    field: str | None  # dotted path of the field, e.g. "contacts[0].email"
    message: str  # what was found and what is expected
    hint: str | None = None  # how to fix it
    severity: str = "error"  # or "warning": reported, but the build goes on

    def format(self) -> str:
        """The problem for people; every part escaped (see `printable`)."""
        path = printable(self.path)
        where = path if self.line is None else f"{path}:{self.line}"
        what = printable(self.message if not self.field else f"{self.field}: {self.message}")
        text = f"{where}: {'warning: ' if self.severity == 'warning' else ''}{what}"
        if self.hint:
            text += f"\n    hint: {printable(self.hint)}"
        return text


class UsageError(Exception):
    """A mistake on the command line (a bad option value, a folder not found): reported as
    `build.py: error: …` with exit code 2. Any other exception escaping a command is a bug
    (see `cli.main`): a ValueError from the planner must not read as the user's mistake."""


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
