"""How well `build.py import` reads postings: per field, correct, missing and wrong values.

    .venv/bin/python benchmarks/import_accuracy.py [--seeds DIR] [--postings DIR] [-v]

Two sets are measured, each into a temporary content folder holding our employer files:

- the seeds (`../shared/seeds/*.txt`, five real postings), against the sample offer an
  editor wrote from each (content/offers/);
- our own test postings of every layout (tests/fixtures/postings/<layout>/), each against
  its `.expected.yaml`: the facts the posting states (`null`: not stated).

For each field: *stated* (the posting gives it), *correct*, *missing* (left empty, with a
"Non trouvé" note) and *wrong*: a value that differs from the posting, or a value written
for a fact the posting does not state. *unflagged* counts the wrong values written without
an « À vérifier » line above them: the importer's promise is that it stays at 0.
Values are normalised before comparison (case, accents, spaces; lists as sets).
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from jobboard.importer import SUFFIXES, import_file  # noqa: E402
from jobboard.importer.employers import load_employers  # noqa: E402
from jobboard.text import fold  # noqa: E402

# Which sample offer an editor wrote from which seed (by the seed's number).
SAMPLES = {
    "000": "facility-manager-adjoint-valenciennes",
    "001": "chef-de-projet-cite-educative-anzin-valenciennes",
    "002": "charge-de-mission-centre-social-roubaix",
    "003": "chef-de-projet-cite-educative-dunkerque",
    "004": "charge-de-mission-cite-educative-douai",
}
POSTINGS = ROOT / "tests" / "fixtures" / "postings"
SEEDS = next((p for p in (ROOT.parent / "shared" / "seeds",
                          ROOT.parent.parent / "shared" / "seeds") if p.is_dir()),
             ROOT.parent / "shared" / "seeds")


def _text(v):
    return " ".join(fold(str(v)).replace("(h/f)", "(f/h)").split()) if v is not None else None


def _set(v):
    return sorted({_text(x) for x in v}) if v else None


def _date(v):
    return v.isoformat() if isinstance(v, date) else _text(v)


def _number(v):
    return float(v) if isinstance(v, (int, float)) else None


# The fields of issue 14, each read from a front matter (nested) or an expected file
# (dotted keys), normalised; None when absent.
FIELDS = {
    "title": _text, "employers": lambda v: list(v) if v else None,
    "reference": _text, "deadline": _date, "start": _date,
    "categories": lambda v: sorted(v) if v else None, "grades": _set,
    "filiere": _text, "employment.type": _text, "employment.duration": _text,
    "working_time.type": _text, "working_time.weekly_hours": _number,
    "location.city": _text,
}


def _get(data: dict, path: str):
    if path in data:
        return data[path]
    for part in path.split("."):
        data = data.get(part) if isinstance(data, dict) else None
    return data


@dataclass
class Count:
    stated: int = 0
    correct: int = 0
    missing: int = 0
    wrong: int = 0
    unflagged: int = 0


@dataclass
class Report:
    counts: dict[str, Count] = field(default_factory=lambda: {f: Count() for f in FIELDS})
    files: int = 0
    mismatches: list[str] = field(default_factory=list)

    def add(self, name: str, expected: dict, got: dict, unsure: list[str]) -> None:
        self.files += 1
        for key, norm in FIELDS.items():
            want, have = norm(_get(expected, key)), norm(_get(got, key))
            c = self.counts[key]
            if want is not None:
                c.stated += 1
            if want == have:
                c.correct += want is not None
                continue
            if have is None:
                c.missing += 1
                self.mismatches.append(f"- {name}: {key}: missing (expected {want!r})")
                continue
            flagged = key.split(".")[0] in unsure
            c.wrong += 1
            c.unflagged += not flagged
            self.mismatches.append(f"- {name}: {key}: WRONG{'' if flagged else ' UNFLAGGED'}: "
                                   f"expected {want!r}, got {have!r}")

    def table(self) -> str:
        rows = ["| Field | Stated | Correct | Missing | Wrong | Wrong unflagged |",
                "|---|---|---|---|---|---|"]
        total = Count()
        for key, c in self.counts.items():
            pct = f" ({100 * c.correct // c.stated} %)" if c.stated else ""
            rows.append(f"| {key} | {c.stated} | {c.correct}{pct} | {c.missing} | {c.wrong} "
                        f"| {c.unflagged} |")
            for attr in ("stated", "correct", "missing", "wrong", "unflagged"):
                setattr(total, attr, getattr(total, attr) + getattr(c, attr))
        pct = f" ({100 * total.correct // total.stated} %)" if total.stated else ""
        rows.append(f"| **all** | {total.stated} | {total.correct}{pct} | {total.missing} | "
                    f"{total.wrong} | {total.unflagged} |")
        return "\n".join(rows)


def front_matter(text: str) -> dict:
    return yaml.safe_load(text.split("\n---\n", 1)[0].removeprefix("---\n")) or {}


def _content(tmp: str) -> tuple[Path, list]:
    target = Path(tmp) / "content"
    shutil.copytree(ROOT / "content" / "employers", target / "employers")
    return target, load_employers(target)


def measure_seeds(seeds: Path) -> Report:
    report = Report()
    files = sorted(p for p in seeds.glob("*.txt") if p.name[:3] in SAMPLES)
    with tempfile.TemporaryDirectory() as tmp:
        target, employers = _content(tmp)
        for seed in files:
            sample = SAMPLES[seed.name[:3]]
            expected = front_matter((ROOT / "content" / "offers" / f"{sample}.md")
                                    .read_text(encoding="utf-8"))
            result = import_file(seed, target, employers, force=True)
            report.add(f"{seed.name} → {sample}", expected, front_matter(result.text),
                       result.unsure)
    return report


def measure_postings(folder: Path) -> Report:
    """One layout folder: every posting against its .expected.yaml."""
    report = Report()
    files = sorted(p for p in folder.iterdir() if p.suffix.lower() in SUFFIXES
                   and p.with_suffix(".expected.yaml").is_file())
    with tempfile.TemporaryDirectory() as tmp:
        target, employers = _content(tmp)
        for posting in files:
            expected = yaml.safe_load(posting.with_suffix(".expected.yaml")
                                      .read_text(encoding="utf-8"))
            result = import_file(posting, target, employers, force=True)
            employers = load_employers(target)  # drafts of new employers included
            report.add(f"{folder.name}/{posting.name}", expected, front_matter(result.text),
                       result.unsure)
    return report


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--seeds", type=Path, default=SEEDS)
    parser.add_argument("--postings", type=Path, default=POSTINGS)
    parser.add_argument("-v", "--verbose", action="store_true", help="list every mismatch")
    args = parser.parse_args(argv)
    reports: list[tuple[str, Report]] = []
    if args.seeds.is_dir() and any(args.seeds.glob("*.txt")):
        reports.append((f"seeds ({args.seeds})", measure_seeds(args.seeds)))
    else:
        print(f"No seed postings in {args.seeds}: seeds not measured.\n")
    everything = Report()
    for folder in sorted(p for p in args.postings.iterdir() if p.is_dir()):
        report = measure_postings(folder)
        reports.append((f"layout {folder.name}", report))
        for key, c in report.counts.items():
            t = everything.counts[key]
            for attr in ("stated", "correct", "missing", "wrong", "unflagged"):
                setattr(t, attr, getattr(t, attr) + getattr(c, attr))
        everything.files += report.files
        everything.mismatches += report.mismatches
    reports.append(("all our test postings", everything))
    for name, report in reports:
        print(f"### {name}: {report.files} postings\n")
        print(report.table())
        if args.verbose and report.mismatches and name != "all our test postings":
            print("\n" + "\n".join(report.mismatches))
        print()
    return 0


if __name__ == "__main__":
    sys.exit(main())
