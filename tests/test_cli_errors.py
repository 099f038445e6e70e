"""The command line tells a user's mistake (exit 2) from a bug of the generator (exit 1
with a traceback), and gives each command typed values."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from jobboard.build import pipeline
from jobboard.cli import main, parse
from jobboard.commands.options import BuildOptions, ImportOptions, NewOptions


def test_a_planner_bug_is_an_internal_error_not_a_usage_error(fixture_site, capsys,
                                                                monkeypatch):
    fixture_site.offer("agent", deadline="2026-03-01")

    def broken_plan(*args, **kwargs):
        raise ValueError("min() arg is an empty sequence")  # a bug, not the user's mistake

    monkeypatch.setattr(pipeline, "plan_site", broken_plan)
    code = fixture_site.build()
    err = capsys.readouterr().err
    assert code == 1
    assert "build.py: error:" not in err
    assert err.startswith("build.py: internal error (a bug in the site generator")
    assert "Traceback (most recent call last)" in err
    assert "ValueError: min() arg is an empty sequence" in err
    assert not fixture_site.out.exists()


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
