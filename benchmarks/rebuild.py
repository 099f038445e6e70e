"""The CI rebuilds at scale, stage by stage: one open offer edited, and the next day.

    python benchmarks/rebuild.py CONTENT OUT CACHE --step cold|edit|day [--today D]

CONTENT is a copy of a corpus (it gets edited: `cp -r /work/bench/c10k /tmp/x`).
`cold` builds from nothing (removes OUT and CACHE); `edit` edits the N-th open offer's
title (N from a counter kept next to the cache, so each run edits another offer),
waits past fingerprint.RACY_NS and rebuilds; `day` rebuilds with --today one day after
the last build's. Each stage is timed with perf_counter (no profiler): the figure is
wall time of one process; the CPU time of the whole build is printed too.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import resource
import shutil
import sys
import time
from collections import defaultdict
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from jobboard.build import fingerprint, pipeline  # noqa: E402
from jobboard.render import memo, renderer  # noqa: E402

SECONDS: dict[str, float] = defaultdict(float)


def timed(name: str, owner, attr: str) -> None:
    fn = getattr(owner, attr)

    def wrapper(*args, **kwargs):
        started = time.perf_counter()
        try:
            return fn(*args, **kwargs)
        finally:
            SECONDS[name] += time.perf_counter() - started
    setattr(owner, attr, wrapper)


def instrument() -> None:
    p = pipeline
    timed("tree signature", p, "tree_signature")
    timed("tree signature", p, "source_states")
    timed("stat the site against the manifest", p, "changed_outputs")
    timed("manifest load", p.Manifest, "load")
    timed("read (from the resume state or the parse cache)", p.resume, "read_live")
    timed("read (from the resume state or the parse cache)", p.resume, "reread")
    timed("resume state load", p.resume, "load")
    timed("plan", p, "plan_site")
    timed("fingerprint every output", p.Fingerprinter, "key")
    timed("editors' links check", p, "content_problems")
    timed("static files (assets, theme, admin)", p, "asset_files")
    timed("pieces load", memo.Memo, "__init__")
    timed("pieces save", memo.Memo, "save")
    timed("render stale outputs", renderer.Renderer, "render")
    timed("link check of what is written", p.LinkChecker, "broken")
    timed("writer", p, "write_site")
    timed("output state", p, "restat_outputs")
    timed("output state", p, "output_state")
    timed("manifest save", p.Manifest, "save")


def open_offer(content: Path, n: int) -> Path:
    """The n-th offer (in name order) whose deadline is after the benchmark day."""
    found = 0
    for path in sorted((content / "offers").rglob("*.md")):
        m = re.search(r"^deadline: *['\"]?(\d{4}-\d\d-\d\d)", path.read_text("utf-8"), re.M)
        if m and m.group(1) > "2026-12-15":
            if found == n:
                return path
            found += 1
    raise SystemExit("no open offer found")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("content", type=Path)
    parser.add_argument("out", type=Path)
    parser.add_argument("cache", type=Path)
    parser.add_argument("--step", choices=["cold", "edit", "day"], required=True)
    parser.add_argument("--today", default="2026-11-21")
    args = parser.parse_args()
    state_file = args.cache.parent / (args.cache.name + ".bench.json")
    state = json.loads(state_file.read_text()) if state_file.exists() else {}
    today = date.fromisoformat(state.get("today", args.today))
    if args.step == "cold":
        shutil.rmtree(args.out, ignore_errors=True)
        shutil.rmtree(args.cache, ignore_errors=True)
        today = date.fromisoformat(args.today)
        state = {"edits": 0}
    elif args.step == "edit":
        path = open_offer(args.content, state["edits"])
        text = path.read_text("utf-8")
        path.write_text(re.sub(r"^(title: *.*?)(['\"]?)$", r"\1 — modifiée\2", text,
                               count=1, flags=re.M), "utf-8")
        print(f"edited {path}")
        state["edits"] += 1
        time.sleep(fingerprint.RACY_NS / 1e9 + 0.1)
    else:
        today += timedelta(days=1)
    instrument()
    cpu = os.times()
    started = time.perf_counter()
    result = pipeline.build_site(args.content, args.out, today, cache=args.cache)
    total = time.perf_counter() - started
    cpu_after = os.times()
    state["today"] = today.isoformat()
    state_file.write_text(json.dumps(state))
    print(result.summary(args.out))
    print(f"{args.step} on {today}: total {total:.2f} s wall, "
          f"{cpu_after.user - cpu.user + cpu_after.system - cpu.system:.2f} CPU-s "
          f"(this process; children {cpu_after.children_user - cpu.children_user:.2f} s), "
          f"peak RSS {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")
    accounted = 0.0
    for name, seconds in SECONDS.items():
        print(f"  {name:40} {seconds:7.2f} s")
        if name not in ("render stale outputs",):
            accounted += seconds
    print(f"  {'(nested: render is inside writer)':40}")
    with open("/proc/loadavg") as f:
        print("load average:", f.read().strip())


if __name__ == "__main__":
    main()
