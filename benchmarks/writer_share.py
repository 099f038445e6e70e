"""The writer's share of incremental builds: one open offer edited, built twice.

    python benchmarks/writer_share.py CONTENT_COPY OUT

CONTENT_COPY is edited (copy a corpus first: `cp -r /work/bench/c10k /tmp/c10k`). A cold
build, then N times (--edits, 2) "edit the first open offer's title, build": the first
incremental build after a cold one makes a folder of hard links beside the site (the
replaced site becomes the spare), the second updates the spare and exchanges it. For each
build: the wall time, and the output folder's share: the stat walk before the build
(changed_outputs), writing and swapping (write_site),
the hard-link copy inside it, and the state taken after (output_state or restat_outputs).
The search index is planned outputs, written as any other file.
"""

from __future__ import annotations

import argparse
import re
import time
from datetime import date
from pathlib import Path

from jobboard.build import pipeline, writer

TODAY = date(2026, 11, 21)
TIMES: dict[str, float] = {}


def timed(name: str, module, attr: str) -> None:
    function = getattr(module, attr, None)
    if function is None:  # an older version of the code, measured for comparison
        return

    def wrapper(*args, **kwargs):
        started = time.perf_counter()
        try:
            return function(*args, **kwargs)
        finally:
            TIMES[name] = TIMES.get(name, 0.0) + time.perf_counter() - started
    setattr(module, attr, wrapper)


def edit_first_open_offer(content: Path) -> str:
    for path in sorted((content / "offers").glob("*.md")):
        text = path.read_text("utf-8")
        deadline = re.search(r"^deadline: (\S+)", text, re.M)
        if deadline and date.fromisoformat(deadline.group(1)) >= TODAY:
            path.write_text(re.sub(r"^(title: .*)\"$", r'\1 — modifiée"', text, count=1,
                                   flags=re.M), "utf-8")
            return path.name
    raise SystemExit("no open offer")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("content", type=Path)
    parser.add_argument("out", type=Path)
    parser.add_argument("--edits", type=int, default=2)
    args = parser.parse_args()
    timed("stat walk before (changed_outputs)", pipeline, "changed_outputs")
    timed("write + swap (write_site)", pipeline, "write_site")
    timed("  of which hard-link copy (_link_tree)", writer, "_link_tree")
    timed("  of which old spare deleted (_discard)", writer, "_discard")
    timed("state after (output_state)", pipeline, "output_state")
    timed("state after (restat_outputs)", pipeline, "restat_outputs")
    labels = ["cold", "edit 1 (first incremental)"] + \
        [f"edit {n} (spare updated)" for n in range(2, args.edits + 1)]
    for label in labels:
        if label != "cold":
            edited = edit_first_open_offer(args.content)
            time.sleep(2.1)  # past fingerprint.RACY_NS: the edit alone is recent
        TIMES.clear()
        started = time.perf_counter()
        result = pipeline.build_site(args.content, args.out, TODAY)
        total = time.perf_counter() - started
        share = sum(v for k, v in TIMES.items() if not k.startswith("  "))
        print(f"{label}: {total:.2f} s, {result.rendered} rendered"
              + (f" ({edited})" if label != "cold" else "")
              + f"; output folder {share:.2f} s")
        for name, seconds in TIMES.items():
            print(f"    {name:42} {seconds:6.2f} s")


if __name__ == "__main__":
    main()
