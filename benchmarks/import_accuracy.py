"""How well `build.py import` reads real postings: the five seeds against the sample offers.

    .venv/bin/python benchmarks/import_accuracy.py [--seeds DIR]

The seeds (`../shared/seeds/*.txt`, real postings as plain text) are imported
into a temporary content folder that holds our employer files; each draft is
compared, field by field, with the sample offer an editor wrote from the same
posting (content/offers/). Values are normalised before comparison (case,
accents, spaces; lists as sets where order does not matter). The sample
offers' descriptions were rewritten, so only fields are compared.

Prints a Markdown table of per-field accuracy, then each seed's mismatches.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
from datetime import date
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from jobboard.importer import import_file  # noqa: E402
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
# The fields the importer must get right on every seed.
TARGETS = ("title", "employers", "categories", "deadline", "contacts.email")


def _text(v):
    return " ".join(fold(str(v)).replace("(h/f)", "(f/h)").split()) if v is not None else None


def _set(v):
    return sorted({_text(x) for x in v}) if v else []


def _get(data: dict, path: str):
    for part in path.split("."):
        data = data.get(part) if isinstance(data, dict) else None
    return data


def _contacts(key):
    return lambda d: sorted(_text(c.get(key)) for c in d.get("contacts") or [] if c.get(key))


def _digits(d):
    return sorted("".join(ch for ch in str(c.get("phone")) if ch.isdigit())
                  for c in d.get("contacts") or [] if c.get("phone"))


def _date(v):
    return v.isoformat() if isinstance(v, date) else _text(v)


# field → how to read it from a front matter, normalised.
FIELDS = {
    "title": lambda d: _text(d.get("title")),
    "employers": lambda d: d.get("employers") or [],
    "categories": lambda d: sorted(d.get("categories") or []),
    "deadline": lambda d: _date(d.get("deadline")),
    "contacts.email": _contacts("email"),
    "filiere": lambda d: d.get("filiere"),
    "cadres": lambda d: _set(d.get("cadres")),
    "grades": lambda d: _set(d.get("grades")),
    "start": lambda d: _date(d.get("start")),
    "employment.type": lambda d: _get(d, "employment.type"),
    "employment.duration": lambda d: _text(_get(d, "employment.duration")),
    "recruitment.routes": lambda d: sorted(_get(d, "recruitment.routes") or []),
    "working_time.type": lambda d: _get(d, "working_time.type"),
    "working_time.weekly_hours": lambda d: _get(d, "working_time.weekly_hours"),
    "remote_work": lambda d: _text(d.get("remote_work")),
    "pay.text": lambda d: _text(_get(d, "pay.text")),
    "contacts.name": _contacts("name"),
    "contacts.phone": _digits,
    "apply.email": lambda d: _get(d, "apply.email"),
    "apply.url": lambda d: _get(d, "apply.url"),
    "interviews.dates": lambda d: [_date(x) for x in _get(d, "interviews.dates") or []],
    "reference": lambda d: _text(d.get("reference")),
    "location.city": lambda d: _text(_get(d, "location.city")),
}


def front_matter(text: str) -> dict:
    return yaml.safe_load(text.split("\n---\n", 1)[0].removeprefix("---\n")) or {}


def measure(seeds: Path) -> tuple[dict[str, int], int, list[str]]:
    """(correct count by field, number of seeds, mismatch lines)."""
    content = ROOT / "content"
    correct = dict.fromkeys(FIELDS, 0)
    mismatches: list[str] = []
    files = sorted(p for p in seeds.glob("*.txt") if p.name[:3] in SAMPLES)
    with tempfile.TemporaryDirectory() as tmp:
        target = Path(tmp) / "content"
        shutil.copytree(content / "employers", target / "employers")
        employers = load_employers(target)
        for seed in files:
            sample_slug = SAMPLES[seed.name[:3]]
            expected = front_matter((content / "offers" / f"{sample_slug}.md")
                                    .read_text(encoding="utf-8"))
            result = import_file(seed, target, employers)
            got = front_matter(result.text)
            for name, read in FIELDS.items():
                want, have = read(expected), read(got)
                if want == have:
                    correct[name] += 1
                else:
                    mismatches.append(f"- {seed.name} → {sample_slug}: {name}: expected "
                                      f"{want!r}, got {have!r}")
    return correct, len(files), mismatches


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--seeds", type=Path, default=next(
        (p for p in (ROOT.parent / "shared" / "seeds", ROOT.parent.parent / "shared" / "seeds")
         if p.is_dir()), ROOT.parent / "shared" / "seeds"))
    args = parser.parse_args(argv)
    if not args.seeds.is_dir() or not any(args.seeds.glob("*.txt")):
        print(f"No seed postings in {args.seeds}: nothing to measure "
              "(they live in ../shared/seeds/ next to the repository).")
        return 0
    correct, n, mismatches = measure(args.seeds)
    print(f"Import accuracy on {n} seed postings (normalised field comparison)\n")
    print("| Field | Correct | Accuracy |")
    print("|---|---|---|")
    for name, ok in correct.items():
        mark = " (target)" if name in TARGETS else ""
        print(f"| {name}{mark} | {ok}/{n} | {100 * ok // n if n else 0}% |")
    total = sum(correct.values())
    print(f"| **all fields** | {total}/{n * len(FIELDS)} | "
          f"{100 * total // (n * len(FIELDS)) if n else 0}% |")
    print("\nMismatches:" if mismatches else "\nNo mismatch.")
    print("\n".join(mismatches))
    return 0


if __name__ == "__main__":
    sys.exit(main())
