"""The benchmark's corpus generator keeps its promises: a real-shaped board has exactly
the open offers and employers asked for, read as the generator reads them, and the same
seed writes the same bytes (the 1k, 10k and 100k figures are comparable run to run)."""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from pathlib import Path

from jobboard.content.reader import read_content

ROOT = Path(__file__).resolve().parent.parent
_spec = importlib.util.spec_from_file_location("bench_corpus", ROOT / "benchmarks" / "corpus.py")
corpus = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(corpus)


def files(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def test_real_shape_has_exactly_the_open_offers_and_employers_asked_for(tmp_path):
    content = read_content(corpus.generate(tmp_path / "c", 150, seed=3, open_count=23,
                                           employer_count=7))
    day = corpus.TODAY
    assert len(content.offers) == 150
    assert sum(o.is_open_on(day) for o in content.offers) == 23
    assert len(content.employers) == 7
    assert {e for o in content.offers for e in o.employers} == set(content.employers)
    closed = [o for o in content.offers if not o.is_open_on(day)]
    assert all(o.deadline < day and o.published <= o.deadline for o in closed)


def test_closed_offers_spread_over_the_years_a_region_takes_to_publish_them():
    dates = corpus.real_dates(40_000, 1_000, seed=1)
    closed_years = {d.year for _, d in dates if d < corpus.TODAY}
    # 39,000 closed at 15,000 a year: three years back from the benchmark day.
    assert min(closed_years) == corpus.TODAY.year - 3
    assert sum(d >= corpus.TODAY for _, d in dates) == 1_000
    # Some open offers close on the next day: run.py's day-change case has work to do.
    assert sum(d == corpus.TODAY for _, d in dates) > 5


def test_same_seed_same_bytes_other_seed_other_board(tmp_path):
    a = files(corpus.generate(tmp_path / "a", 60, seed=5, open_count=10, employer_count=4))
    b = files(corpus.generate(tmp_path / "b", 60, seed=5, open_count=10, employer_count=4))
    c = files(corpus.generate(tmp_path / "c", 60, seed=6, open_count=10, employer_count=4))
    assert a == b
    assert a != c


def test_open_beyond_the_offers_is_refused_with_a_message(tmp_path):
    run = subprocess.run([sys.executable, str(ROOT / "benchmarks" / "corpus.py"),
                          str(tmp_path / "c"), "--offers", "10", "--open", "11"],
                         capture_output=True, text=True)
    assert run.returncode == 2
    assert "--open 11" in run.stderr and "Traceback" not in run.stderr
    assert not (tmp_path / "c").exists()
