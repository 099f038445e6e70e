"""Publication and update dates from git, for offers whose front matter leaves them out.

Rule: `published` is the day (in Paris) of the first commit that added the
file, `updated` the day of its last commit when later. A file with no commit
yet (a new offer being previewed) counts as published on the build day; its
date is fixed by its first commit.

Pitfall: a shallow clone (CI's default `fetch-depth: 1`) only knows the
latest commit, so every offer would look published today. The reader warns
when the repository is shallow; CI must fetch the full history.
"""

from __future__ import annotations

import subprocess
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from jobboard.dates import PARIS


@dataclass(frozen=True)
class GitDates:
    first: date
    last: date


def _git(root: Path, *args: str) -> str | None:
    try:
        run = subprocess.run(["git", "-C", str(root), *args], capture_output=True, text=True,
                             timeout=60)
    except (OSError, subprocess.TimeoutExpired):
        return None  # no git on this machine
    return run.stdout if run.returncode == 0 else None


def head(root: Path) -> str:
    """The commit checked out (empty outside a repository): dates depend on history."""
    return (_git(root, "rev-parse", "HEAD") or "").strip()


def is_shallow(root: Path) -> bool:
    return (_git(root, "rev-parse", "--is-shallow-repository") or "").strip() == "true"


def file_dates(root: Path) -> dict[Path, GitDates]:
    """First and last commit day of every file under `root`, in one `git log`."""
    out = _git(root, "log", "--format=%x00%aI", "--name-only", "--no-renames", "--relative",
               "--", ".")
    if out is None:
        return {}
    found: dict[Path, GitDates] = {}
    day = None
    for line in out.splitlines():
        if line.startswith("\x00"):
            day = datetime.fromisoformat(line[1:]).astimezone(PARIS).date()
        elif line and day is not None:
            path = (root / line).resolve()
            # The log runs newest first: the first sighting is the last commit.
            old = found.get(path)
            found[path] = GitDates(first=day, last=old.last if old else day)
    return found
