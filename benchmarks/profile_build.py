"""Profile one build by stage: wall time and peak memory of each stage, and a
pyinstrument profile of the whole (main process; with --serial, rendering and
parsing run in it too, so the profile sees them).

    python benchmarks/profile_build.py CONTENT OUT [--serial] [--html FILE]

Run it twice on the same OUT and cache for a rebuild (edit a file in between).
Peak memory is ru_maxrss after each stage (the process so far) and of the
children waited for. The search index is planned with the rest (plan_site).
"""

from __future__ import annotations

import argparse
import os
import resource
import sys
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from jobboard.build import fingerprint, pipeline, writer  # noqa: E402

STAGES: list[tuple[str, float, float, float]] = []


def _rss(who: int) -> float:
    return resource.getrusage(who).ru_maxrss / 1024


def timed(name: str, fn):
    def wrapper(*args, **kwargs):
        started = time.perf_counter()
        try:
            return fn(*args, **kwargs)
        finally:
            STAGES.append((name, time.perf_counter() - started, _rss(resource.RUSAGE_SELF),
                           _rss(resource.RUSAGE_CHILDREN)))
    return wrapper


class TimedFingerprinter(fingerprint.Fingerprinter):
    seconds = 0.0

    def key(self, template, context):
        started = time.perf_counter()
        try:
            return super().key(template, context)
        finally:
            TimedFingerprinter.seconds += time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("content", type=Path)
    parser.add_argument("out", type=Path)
    parser.add_argument("--today", default="2026-11-21")
    parser.add_argument("--cache", type=Path)
    parser.add_argument("--serial", action="store_true", help="one process (os.cpu_count=1)")
    parser.add_argument("--html", type=Path, help="write pyinstrument's HTML report here")
    parser.add_argument("--text", type=Path, help="write pyinstrument's text report here")
    args = parser.parse_args()
    if args.serial:
        os.cpu_count = lambda: 1  # type: ignore[assignment]
    p = pipeline
    from jobboard.build import resume
    resume.read_live = timed("read + parse (read_live)", resume.read_live)
    resume.load = timed("load the kept state (resume.load)", resume.load)
    resume.save = timed("start saving the kept state (resume.save)", resume.save)
    p.plan_site = timed("plan (plan_site)", p.plan_site)
    p.Fingerprinter = TimedFingerprinter
    p.content_problems = timed("Markdown links check (content_problems)", p.content_problems)
    p.render_into = timed("render + write + link check (render_into, cold)", p.render_into)
    p.write_site = timed("write_site (incl. render done inside)", p.write_site)
    p.output_state = timed("output_state (stat the site)", p.output_state)
    p.changed_outputs = timed("changed_outputs (stat vs manifest)", p.changed_outputs)
    p.tree_signature = timed("tree_signature", p.tree_signature)
    p.asset_files = timed("asset_files", p.asset_files)
    writer._link_tree = timed("hard-link copy of the site (_link_tree)", writer._link_tree)
    from pyinstrument import Profiler
    profiler = Profiler(interval=0.005)
    started = time.perf_counter()
    profiler.start()
    result = pipeline.build_site(args.content, args.out, date.fromisoformat(args.today),
                                 cache=args.cache)
    profiler.stop()
    total = time.perf_counter() - started
    print(result.summary(args.out))
    print(f"total {total:.2f} s; peak RSS self {_rss(resource.RUSAGE_SELF):.0f} MB, "
          f"children {_rss(resource.RUSAGE_CHILDREN):.0f} MB")
    print(f"fingerprinting (Fingerprinter.key, summed) {TimedFingerprinter.seconds:.2f} s")
    for name, seconds, me, children in STAGES:
        print(f"  {name:52} {seconds:7.2f} s  {100 * seconds / total:5.1f} %  "
              f"peak so far {me:5.0f} MB (children {children:5.0f} MB)")
    if args.html:
        args.html.write_text(profiler.output_html(), "utf-8")
    if args.text:
        args.text.write_text(profiler.output_text(unicode=True, show_all=False), "utf-8")


if __name__ == "__main__":
    main()
