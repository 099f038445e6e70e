"""How long a build takes when nothing changed, and when one output file was tampered with.

    python benchmarks/nochange.py [--offers N] [--repeat R]

Writes a corpus of N offers (benchmarks/corpus.py; without --offers, the sample content),
builds it once, then times R builds with no change (in-process: build_site, without the
interpreter's start-up): one right after the build, while the files just written are
too recent for their times to be trusted (compared by content), then R builds once they
are older than that; then one build after an output file was overwritten.
Keep N at 1,000 or below on a shared machine.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.corpus import TODAY, generate  # noqa: E402
from jobboard.build.fingerprint import RACY_NS  # noqa: E402
from jobboard.build.pipeline import build_site  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--offers", type=int, default=0, help="0: the sample content")
    parser.add_argument("--repeat", type=int, default=20)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        content = Path(tmp) / "content"
        if args.offers:
            generate(content, args.offers, 1)
        else:
            shutil.copytree(ROOT / "content", content)
        out = Path(tmp) / "site"
        time.sleep(RACY_NS / 1e9 + 0.2)  # sources written long before the build, as usual
        started = time.perf_counter()
        first = build_site(content, out, TODAY, cache=Path(tmp) / "cache")
        cold = time.perf_counter() - started
        started = time.perf_counter()
        build_site(content, out, TODAY, cache=Path(tmp) / "cache")
        recent = time.perf_counter() - started
        time.sleep(RACY_NS / 1e9 + 0.2)
        times = []
        for _ in range(args.repeat):
            started = time.perf_counter()
            result = build_site(content, out, TODAY, cache=Path(tmp) / "cache")
            times.append(time.perf_counter() - started)
        page = out / "index.html"
        page.write_bytes(b"tampered")
        started = time.perf_counter()
        repaired = build_site(content, out, TODAY, cache=Path(tmp) / "cache")
        repair = time.perf_counter() - started
        print(f"{'sample' if not args.offers else f'{args.offers} offers'}: {first.files} files; "
              f"cold build {cold:.2f} s; no-change build right after it "
              f"{recent * 1000:.1f} ms, later: median "
              f"{statistics.median(times) * 1000:.1f} ms (min {min(times) * 1000:.1f}, "
              f"max {max(times) * 1000:.1f}; {result.rendered} rendered); after overwriting "
              f"index.html: {repair * 1000:.0f} ms, {repaired.rendered} rendered, "
              f"index.html {'repaired' if page.read_bytes() != b'tampered' else 'NOT repaired'}")


if __name__ == "__main__":
    main()
