"""The search index's cost (jobboard/plan/search_terms.py) on a corpus, apart from the build.

    python benchmarks/search_index.py CONTENT [--today 2026-11-21] [--cache FILE]

Reads and plans the site, then plans the index: with nothing kept (cold), again with
nothing changed, and with one open offer's body changed (a new digest and one more word);
prints CPU seconds, tracemalloc's peak, and the number and sizes of the shards (raw and
gzipped). `--cache` keeps the parsed offers between runs (the reader's parse cache).
"""

from __future__ import annotations

import argparse
import dataclasses
import gc
import gzip
import json
import tempfile
import time
import tracemalloc
from datetime import date
from pathlib import Path

from jobboard.content.reader import read_content
from jobboard.plan import search_terms
from jobboard.plan.planner import plan_site


def forget() -> None:
    search_terms.fold_word.cache_clear()
    gc.collect()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("content", type=Path)
    parser.add_argument("--today", default="2026-11-21")
    parser.add_argument("--cache", type=Path)
    args = parser.parse_args()
    today = date.fromisoformat(args.today)
    cache = args.cache or Path(tempfile.mkdtemp()) / "offers.pickle"
    views = plan_site(read_content(args.content, today, cache), today).open_offers
    forget()
    index = search_terms.SearchIndex()
    wall, cpu = time.perf_counter(), time.process_time()
    shards = index.shards(views)
    wall, cold = time.perf_counter() - wall, time.process_time() - cpu
    cpu = time.process_time()
    index.shards(views)
    unchanged = time.process_time() - cpu
    middle = views[len(views) // 2]
    edited = dataclasses.replace(middle, offer=dataclasses.replace(
        middle.offer, digest="edited", body_html=str(middle.offer.body_html) + "<p>zythologie</p>"))
    cpu = time.process_time()
    after = index.shards([edited if v is middle else v for v in views])
    one = time.process_time() - cpu
    differ = sorted(n for n in after.keys() | shards.keys() if after.get(n) != shards.get(n))
    forget()
    tracemalloc.start()
    fresh = search_terms.SearchIndex()  # alive while measured: what a planning keeps
    fresh.shards(views)
    kept, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    sizes = sorted(len(s.encode()) for s in shards.values())
    zipped = sorted(len(gzip.compress(s.encode(), 6)) for s in shards.values())
    parsed = [json.loads(s) for s in shards.values()]
    print(f"open offers: {len(views)}")
    print(f"index planned, nothing kept: {cold:.2f} CPU-s ({wall:.2f} s wall)")
    print(f"re-planned, nothing changed: {unchanged:.3f} CPU-s")
    print(f"re-planned, one offer's body changed: {one:.3f} CPU-s; shards that differ: {differ}")
    print(f"memory: tracemalloc peak {peak / 1e6:.0f} MB, kept {kept / 1e6:.0f} MB")
    print(f"shards: {len(sizes)}, {sum(sizes) / 1e6:.2f} MB (gzip {sum(zipped) / 1e6:.2f} MB); "
          f"largest {sizes[-1] / 1e3:.0f} KB (gzip {zipped[-1] / 1e3:.0f} KB), median "
          f"{sizes[len(sizes) // 2] / 1e3:.1f} KB (gzip {zipped[len(zipped) // 2] / 1e3:.1f} KB)")
    print(f"words: {sum(len(p) for p in parsed)}, postings: "
          f"{sum(len(x) for p in parsed for x in p.values())}")


if __name__ == "__main__":
    main()
