"""Benchmark our generator against Hugo and Pelican on the same corpus.

    python benchmarks/run.py                     # N = 1,000 and 10,000
    python benchmarks/run.py --sizes 1000,10000,100000
    python benchmarks/run.py --sizes 1000 --no-peers

For each N: a cold build (no output, no cache), a rebuild with no change, a
rebuild after editing one offer, then Hugo (Debian package `hugo`) and Pelican
(PyPI `pelican`) on the same offers with minimal equivalent templates. Prints
wall time, peak memory (largest resident set of the process and its
children, from wait4), pages written, pages per second, and the ratios.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import corpus  # noqa: E402
import peers  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from jobboard.build.fingerprint import RACY_NS  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
TODAY = "2026-11-21"


@dataclass
class Run:
    tool: str
    n: int
    case: str
    seconds: float
    peak_mb: float
    pages: int

    @property
    def pages_per_second(self) -> float:
        return self.pages / self.seconds if self.seconds else 0.0


def measure(cmd: list[str], cwd: Path | None = None, env: dict | None = None) -> tuple[float, float]:
    """Wall time and peak RSS (MB) of a command and the children it waited for."""
    started = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=cwd, env=env, stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    seconds = time.perf_counter() - started
    err = proc.stderr.read().decode(errors="replace") if proc.stderr else ""
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"{' '.join(cmd)} failed:\n{err[-3000:]}")
    return seconds, usage.ru_maxrss / 1024


def html_pages(folder: Path) -> int:
    return sum(1 for _ in folder.rglob("*.html"))


def first_open_offer(content: Path) -> Path:
    for path in sorted((content / "offers").glob("*.md")):
        head = path.read_text("utf-8").split("---", 2)[1]
        deadline = next(line.split(": ")[1] for line in head.splitlines()
                        if line.startswith("deadline:"))
        if deadline >= TODAY:
            return path
    raise SystemExit("the corpus has no open offer")


def ours(n: int, content: Path, work: Path) -> list[Run]:
    out = work / f"ours-{n}"
    cache = work / f"ours-{n}.cache"
    shutil.rmtree(out, ignore_errors=True)
    shutil.rmtree(cache, ignore_errors=True)
    env = {**os.environ, "JOBBOARD_CACHE": str(cache)}
    cmd = [sys.executable, str(ROOT / "build.py"), "--content", str(content), "--out", str(out),
           "--today", TODAY]
    runs = []
    seconds, peak = measure(cmd, env=env)
    pages = html_pages(out)
    runs.append(Run("ours", n, "cold build", seconds, peak, pages))
    seconds, peak = measure(cmd, env=env)
    runs.append(Run("ours", n, "rebuild, no change", seconds, peak, pages))
    edited = first_open_offer(content)  # its page is in the search index: the worst case
    text = edited.read_text("utf-8")
    edited.write_text(text.replace("(F/H)", "(F/H) — modifiée", 1), "utf-8")
    try:
        seconds, peak = measure(cmd, env=env)
    finally:
        edited.write_text(text, "utf-8")
    runs.append(Run("ours", n, "rebuild, one offer edited", seconds, peak, pages))
    return runs


def hugo(n: int, content: Path, work: Path) -> Run | None:
    if not shutil.which("hugo"):
        print("hugo not found: apt-get install hugo", file=sys.stderr)
        return None
    site = peers.hugo_site(content, work / f"hugo-{n}")
    seconds, peak = measure(["hugo", "--quiet", "--source", str(site)])
    return Run("hugo", n, "cold build", seconds, peak, html_pages(site / "public"))


def pelican(n: int, content: Path, work: Path) -> Run | None:
    binary = Path(sys.executable).parent / "pelican"
    if not binary.exists():
        print("pelican not found: pip install -e '.[bench]'", file=sys.stderr)
        return None
    site = peers.pelican_site(content, work / f"pelican-{n}")
    seconds, peak = measure([str(binary), "content", "-s", "pelicanconf.py", "-o", "output",
                             "-q"], cwd=site)
    return Run("pelican", n, "cold build", seconds, peak, html_pages(site / "output"))


def main() -> None:
    parser = argparse.ArgumentParser(description="Benchmark against Hugo and Pelican.")
    parser.add_argument("--sizes", default="1000,10000",
                        help="comma-separated numbers of offers (default: 1000,10000)")
    parser.add_argument("--work", type=Path, default=ROOT / "benchmarks" / "work",
                        help="where corpora and outputs go (default: benchmarks/work)")
    parser.add_argument("--no-peers", action="store_true", help="skip Hugo and Pelican")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    args.work.mkdir(parents=True, exist_ok=True)
    results: list[Run] = []
    for n in [int(s) for s in args.sizes.split(",")]:
        content = corpus.generate(args.work / f"corpus-{n}", n, args.seed)
        print(f"N = {n:,}: corpus ready", file=sys.stderr, flush=True)
        # Sources written less than RACY_NS before a build are hashed into its signature
        # (fingerprint.file_state), so the next build, seeing them older, would re-read
        # and re-plan everything: the no-change rebuild measured 11 s at 10k instead of
        # 0.7 s. Editors' files are written long before a build; so are these.
        time.sleep(RACY_NS / 1e9 + 0.2)
        results += ours(n, content, args.work)
        if not args.no_peers:
            results += [r for r in (hugo(n, content, args.work),
                                    pelican(n, content, args.work)) if r]
        report(results)
    print()
    report(results, final=True)


def report(results: list[Run], final: bool = False) -> None:
    if not final:
        r = results[-1]
        print(f"  {r.tool} {r.n:,} {r.case}: {r.seconds:.2f} s", file=sys.stderr, flush=True)
        return
    print(f"{'tool':8} {'offers':>8} {'case':28} {'wall s':>8} {'peak MB':>8} {'pages':>8} "
          f"{'pages/s':>8}")
    for r in results:
        print(f"{r.tool:8} {r.n:>8,} {r.case:28} {r.seconds:>8.2f} {r.peak_mb:>8.0f} "
              f"{r.pages:>8,} {r.pages_per_second:>8.0f}")
    print()
    for n in sorted({r.n for r in results}):
        cold = next((r for r in results if r.tool == "ours" and r.n == n
                     and r.case == "cold build"), None)
        for peer in ("hugo", "pelican"):
            other = next((r for r in results if r.tool == peer and r.n == n), None)
            if cold and other:
                print(f"N = {n:,}: ours / {peer} cold build time = "
                      f"{cold.seconds / other.seconds:.2f}")


if __name__ == "__main__":
    main()
