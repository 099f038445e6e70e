"""The command line tells a user's mistake (exit 2) from a bug of the generator (exit 1
with a traceback), and gives each command typed values."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from jobboard.build import pipeline
from jobboard.cli import main, parse
from jobboard.commands.options import BuildOptions, ImportOptions, NewOptions
from tests.conftest import ROOT


def test_a_planner_bug_is_an_internal_error_not_a_usage_error(fixture_site, capsys,
                                                                monkeypatch):
    fixture_site.offer("agent", deadline="2026-03-01")

    def broken_plan(*args, **kwargs):
        raise ValueError("min() arg is an empty sequence")  # a bug, not the user's mistake

    monkeypatch.setattr(pipeline, "plan_site", broken_plan)
    # The bug propagates (Python prints its traceback and exits 1), after one line that
    # says it is one; it is not turned into "build.py: error: …" and exit 2.
    with pytest.raises(ValueError, match="empty sequence"):
        fixture_site.build()
    err = capsys.readouterr().err
    assert "build.py: error:" not in err
    assert err == ("build.py: internal error (a bug in the site generator, not in your "
                   "content or options); please report it with the traceback below.\n")
    assert not fixture_site.out.exists()


def test_from_the_command_line_a_bug_exits_1_with_its_traceback(tmp_path):
    """`build.py` run by a shell: a planner bug (injected through sitecustomize, as a
    monkeypatch cannot reach another process) gives the traceback and exit code 1."""
    hook = tmp_path / "hook"
    hook.mkdir()
    (hook / "sitecustomize.py").write_text(
        "import jobboard.build.pipeline as p\n"
        "def broken(*a, **k):\n    raise ValueError('a planner bug')\n"
        "p.plan_site = broken\n", encoding="utf-8")
    shutil.copytree(ROOT / "content", tmp_path / "content")
    env = {**os.environ, "PYTHONPATH": f"{hook}{os.pathsep}{ROOT}"}
    run = subprocess.run([sys.executable, str(ROOT / "build.py"), "--today", "2026-11-21"],
                         cwd=tmp_path, env=env, capture_output=True, text=True)
    assert run.returncode == 1
    assert run.stderr.startswith("build.py: internal error")
    assert "Traceback (most recent call last)" in run.stderr
    assert run.stderr.rstrip().endswith("ValueError: a planner bug")
    assert not (tmp_path / "site").exists()


def test_a_bad_option_is_still_a_usage_error(fixture_site, capsys):
    assert main(["--today", "2026-13-01", "--content", "content"]) == 2
    assert capsys.readouterr().err == \
        "build.py: error: --today: found '2026-13-01', expected a date as YYYY-MM-DD\n"
    assert main(["--templates", "nowhere", "--today", "2026-02-01"]) == 2
    assert capsys.readouterr().err == "build.py: error: --templates nowhere: folder not found\n"


def test_commands_take_typed_values(fixture_site):
    opts = parse(["--content", "content", "--today", "2026-02-01"])
    assert isinstance(opts, BuildOptions)
    assert (opts.content, opts.out, opts.today) == (Path("content"), Path("site"),
                                                    date(2026, 2, 1))
    new = parse(["new", "offer", "--today", "2026-02-01", "--postal-code", "59300"])
    assert isinstance(new, NewOptions)
    assert (new.today, new.postal_code, new.title) == (date(2026, 2, 1), "59300", None)
    imp = parse(["import", "a.txt", "b.txt", "--employer", "ville-a"])
    assert imp == ImportOptions(("a.txt", "b.txt"), Path("content"), ("ville-a",), False)
