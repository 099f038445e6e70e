"""Pelican-style functional test: a fixture site built and compared with its stored output.

Any change to the generated files shows up here as a diff. When a change is
intended, regenerate the expected tree and review it in `git diff`:

    JOBBOARD_REGEN=1 .venv/bin/python -m pytest tests/test_expected_tree.py
"""

from __future__ import annotations

import difflib
import os
import shutil
from datetime import date
from pathlib import Path

from jobboard.build.pipeline import build_site

FIXTURE = Path(__file__).parent / "fixtures" / "basic"
TODAY = date(2026, 3, 10)


def tree(root: Path) -> dict[str, bytes]:
    """Every generated file but the theme (copied as it is)."""
    return {p.relative_to(root).as_posix(): p.read_bytes()
            for p in sorted(root.rglob("*"))
            if p.is_file() and not p.relative_to(root).as_posix().startswith(SKIPPED)}


SKIPPED = ("theme/",)


def test_fixture_site_matches_the_expected_tree(tmp_path):
    out = tmp_path / "site"
    build_site(FIXTURE / "content", out, TODAY)
    expected_dir = FIXTURE / "expected"
    if os.environ.get("JOBBOARD_REGEN"):
        shutil.rmtree(expected_dir, ignore_errors=True)
        shutil.copytree(out, expected_dir, ignore=shutil.ignore_patterns("theme"))
    got, expected = tree(out), tree(expected_dir)
    assert sorted(got) == sorted(expected), "the set of generated files changed"
    for name in sorted(expected):
        if got[name] != expected[name]:
            diff = difflib.unified_diff(
                expected[name].decode().splitlines(), got[name].decode().splitlines(),
                f"expected/{name}", f"built/{name}", lineterm="", n=2)
            raise AssertionError(f"{name} differs:\n" + "\n".join(list(diff)[:60]))
