"""Benchmark our generator against Hugo and Pelican on the same corpus, and check issue 18's
targets.

    python benchmarks/run.py                                   # uniform, N = 1,000 and 10,000
    python benchmarks/run.py --real --sizes 1000,10000,100000  # real-shaped boards
    python benchmarks/run.py --sizes 1000 --no-peers --cases cold,edit --json out.json

Corpora come from corpus.py. Uniform (default): N offers, ~37 % open, employers 5 % of N.
Real-shaped (`--real`): N offers of which 2,000 open (all when N is smaller), 400 employers
(N when smaller), the others closed over the previous years.

For each N, our generator (`build.py`, run as a user runs it) in these cases:
  cold      no output folder, no cache
  nochange  the same build again
  edit      one open offer's title edited (it is in the search index: the worst case)
  day       the next day, nothing edited: the daily CI build that closes offers
  serve     `serve` from saving an offer to the page showing it, measured by
            benchmarks/serve_latency.py when it exists
then Hugo (Debian package `hugo`) and Pelican (PyPI `pelican`) on the same offers with the
minimal templates of peers.py, cold. Every build is timed the same way (`measure`): a
separate process, wall time from its start to its exit, peak memory the largest resident
set of the process or of any child it waited for (wait4), so Pagefind's indexer and the
render workers count, each one alone (not their sum). A build that fails, or whose
output does not show what was asked of it, stops the benchmark with its error.

Prints every figure with the load average at its start, the targets of issue 18 each next
to its figure ("met", "missed", or "n/a" at a size the target is not about), and how each
figure grows from one size to the next. `--json OUT` writes all of it.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import asdict, dataclass, field
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import corpus  # noqa: E402
import peers  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
TODAY = corpus.TODAY
NEXT_DAY = TODAY + timedelta(days=1)
CASES = ["cold", "nochange", "edit", "day", "serve"]
CASE_NAMES = {
    "cold": "cold build",
    "nochange": "rebuild, no change",
    "edit": "rebuild, one open offer edited",
    "day": "rebuild, next day (offers close)",
    "serve-startup": "serve: start-up",
    "serve": "serve: edit -> page, median",
    "serve-max": "serve: edit -> page, max",
}
REAL_OPEN = 2_000
REAL_EMPLOYERS = 400
EDIT_MARK = "(F/H) — modifiée"
SERVE_SCRIPT = ROOT / "benchmarks" / "serve_latency.py"

# Wait this long before every measured build. A build compares sources and outputs with
# its manifest by their times, and a file changed less than RACY_NS (2 s,
# jobboard/build/fingerprint.py) before a build is also compared by content and hashed
# into its signature (git's "racily clean" files); the next build, seeing that file older,
# re-reads and re-plans everything. Without this wait the no-change rebuild measured 11 s
# at 10k instead of 0.7 s: a benchmark artefact, since editors' files, and the site of the
# previous daily build, are written long before a build runs. The constant is repeated
# here, not imported, so that the harness runs against any version of the generator.
RACY_S = 2.0
SETTLE_S = RACY_S + 0.2
TIMEOUT_S = 3600.0  # --timeout: a build still running after this is stopped and failed
SAMPLE_S = 0.5  # a few ms of /proc reading each time: noise well under the run-to-run spread
MEMORY_LIMIT_MB = (os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**20) * 0.75


@dataclass
class Run:
    tool: str
    shape: str  # uniform | real
    n: int
    case: str  # a key of CASE_NAMES
    seconds: float
    peak_mb: float | None
    pages: int | None
    load: float  # 1-minute load average when the measure started
    note: str = ""
    together_mb: float | None = None  # largest sum of the processes' PSS, sampled

    @property
    def pages_per_second(self) -> float | None:
        return self.pages / self.seconds if self.pages and self.seconds else None


@dataclass
class Board:
    """A corpus and what the harness knows of it, to check what each build shows."""
    shape: str
    n: int
    content: Path
    open_today: int
    open_next_day: int
    employers: int
    edited: Path  # the first open offer, edited in the `edit` case
    notes: list[str] = field(default_factory=list)


class BenchmarkError(SystemExit):
    pass


def load() -> float:
    return os.getloadavg()[0]


def session_pss_mb(session: int) -> float:
    """The proportional set size (shared pages split between their users: forked
    workers are not counted twice) of every process of a session, together, in MB."""
    total = 0
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            with open(f"/proc/{entry.name}/stat", "rb") as f:
                if int(f.read().rsplit(b")", 1)[1].split()[3]) != session:
                    continue
            with open(f"/proc/{entry.name}/smaps_rollup", "rb") as f:
                total += next(int(line.split()[1]) for line in f if line.startswith(b"Pss:"))
        except (OSError, ValueError, IndexError, StopIteration):
            continue  # ended meanwhile, or a kernel thread
    return total / 1024


class Sampler(threading.Thread):
    """Every SAMPLE_S, the memory of all the processes of a measured command together
    (`wait4` gives the largest one alone); stops the command above MEMORY_LIMIT_MB, so
    that a peer or a build that outgrows the machine fails instead of swapping it or
    waking the OOM killer on a machine others share."""

    def __init__(self, session: int):
        super().__init__(daemon=True)
        self.session, self.peak, self.over = session, 0.0, False
        self.done = threading.Event()

    def run(self) -> None:
        while not self.done.wait(SAMPLE_S):
            self.peak = max(self.peak, session_pss_mb(self.session))
            if self.peak > MEMORY_LIMIT_MB:
                self.over = True
                try:
                    os.killpg(self.session, signal.SIGKILL)
                except ProcessLookupError:
                    pass
                return


def measure(cmd: list[str], cwd: Path | None = None,
            env: dict | None = None) -> tuple[float, float, float, str]:
    """Wall time, peak RSS (MB) of a command and the children it waited for, the
    largest memory of its processes together (sampled PSS, MB), and its standard
    output. Stops the benchmark if it fails."""
    time.sleep(SETTLE_S)
    # Output to files, not pipes: a build printing more than a pipe holds (warnings at
    # 100k) would block while we wait for it.
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        started = time.perf_counter()
        # A session of its own, so that a build stuck past the time limit, or the
        # benchmark interrupted, ends with every process it started (workers, Pagefind).
        proc = subprocess.Popen(cmd, cwd=cwd, env=env, stdout=out, stderr=err,
                                start_new_session=True)
        watchdog = threading.Timer(TIMEOUT_S, os.killpg, (proc.pid, signal.SIGKILL))
        watchdog.start()
        sampler = Sampler(proc.pid)
        sampler.start()
        try:
            _, status, usage = os.wait4(proc.pid, 0)
        except BaseException:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
            raise
        finally:
            watchdog.cancel()
            sampler.done.set()
            sampler.join()
        seconds = time.perf_counter() - started
        proc.returncode = os.waitstatus_to_exitcode(status)
        if sampler.over:
            raise BenchmarkError(f"FAILED (stopped above {MEMORY_LIMIT_MB:,.0f} MB, its "
                                 f"processes together, --max-memory): {' '.join(cmd)}")
        if seconds >= TIMEOUT_S:
            raise BenchmarkError(f"FAILED (stopped after {TIMEOUT_S:.0f} s, --timeout): "
                                 f"{' '.join(cmd)}")
        out.seek(0)
        err.seek(0)
        stdout = out.read().decode(errors="replace")
        stderr = err.read().decode(errors="replace")
    if proc.returncode != 0:
        raise BenchmarkError(f"FAILED (exit {proc.returncode}): {' '.join(cmd)}\n"
                             f"{stdout[-2000:]}{stderr[-3000:]}")
    return seconds, usage.ru_maxrss / 1024, sampler.peak or None, stdout


def html_pages(folder: Path) -> int:
    return sum(1 for _ in folder.rglob("*.html"))


def front_value(path: Path, key: str) -> str:
    with path.open(encoding="utf-8") as f:
        head = f.read(8192).split("---", 2)[1]  # the front matter (≈ 1 KB), not the body
    for line in head.splitlines():
        if line.startswith(f"{key}:"):
            return line.split(":", 1)[1].strip()
    raise BenchmarkError(f"{path}: no '{key}' in its front matter")


def prepare(shape: str, n: int, work: Path, seed: int) -> Board:
    notes = []
    if shape == "real":
        open_count, employers = min(REAL_OPEN, n), min(REAL_EMPLOYERS, n)
        if open_count < REAL_OPEN:
            notes.append(f"real-shaped board of {n:,} offers: all {n:,} open "
                         f"(fewer than {REAL_OPEN:,})")
        if employers < REAL_EMPLOYERS:
            notes.append(f"{employers:,} employers (fewer offers than {REAL_EMPLOYERS:,})")
        content = corpus.generate(work / f"corpus-{n}-real", n, seed, open_count, employers)
    else:
        employers = corpus.default_employers(n)
        content = corpus.generate(work / f"corpus-{n}", n, seed)
    deadlines = {p: date.fromisoformat(front_value(p, "deadline"))
                 for p in sorted((content / "offers").glob("*.md"))}
    open_today = [p for p, d in deadlines.items() if d >= TODAY]
    if not open_today:
        raise BenchmarkError(f"{content}: no offer open on {TODAY}")
    if shape == "real" and len(open_today) != open_count:
        raise BenchmarkError(f"{content}: {len(open_today)} open, {open_count} asked")
    closing = sum(1 for d in deadlines.values() if d == TODAY)
    if not closing:
        notes.append(f"no offer closes on {TODAY}: the next-day build closes none")
    return Board(shape, n, content, len(open_today),
                 sum(1 for d in deadlines.values() if d >= NEXT_DAY), employers,
                 open_today[0], notes)


def summary(stdout: str) -> tuple[int, int] | None:
    """(open offers, pages) from build.py's last line, if it still says them."""
    m = re.search(r"([\d,]+) open offers.*?([\d,]+) pages", stdout)
    return (int(m[1].replace(",", "")), int(m[2].replace(",", ""))) if m else None


def check_ours(board: Board, case: str, out: Path, stdout: str, open_expected: int) -> int:
    """The pages of the site, after checking that the build shows what it was asked to
    (offer count, the edit, the offers closed by a day change)."""
    said = summary(stdout)
    if said is None:
        print(f"  note: build.py's summary line not understood, open offers not checked: "
              f"{stdout.strip()[-200:]!r}", file=sys.stderr)
    elif said[0] != open_expected:
        raise BenchmarkError(f"ours, {case}: the build says {said[0]} open offers, the corpus "
                             f"has {open_expected} open on that day")
    page = out / "offres" / board.edited.stem / "index.html"
    if not page.is_file():
        raise BenchmarkError(f"ours, {case}: no page {page} for offer {board.edited.name}")
    if case in ("edit", "day") and EDIT_MARK not in page.read_text("utf-8"):
        raise BenchmarkError(f"ours, {case}: {page} does not show the edited title")
    return said[1] if said else html_pages(out)


def ours(board: Board, work: Path, cases: list[str], keep: bool,
         serve_script: Path = SERVE_SCRIPT, runs: list[Run] | None = None) -> list[Run]:
    """Our cases on one board, appended to `runs` as they are measured (so that a failure
    keeps the figures before it)."""
    # The site, its cache and anything the generator keeps next to the site (a previous
    # generation, state) in one folder of their own, removed whole: a cold build is cold.
    home = work / f"ours-{board.n}-{board.shape}"
    shutil.rmtree(home, ignore_errors=True)
    home.mkdir(parents=True)
    out, cache = home / "site", home / "cache"
    env = {**os.environ, "JOBBOARD_CACHE": str(cache)}

    def build(day: date) -> list[str]:
        return [sys.executable, str(ROOT / "build.py"), "build", "--content",
                str(board.content), "--out", str(out), "--today", day.isoformat()]

    runs = [] if runs is None else runs

    def timed(case: str, day: date, open_expected: int) -> None:
        start_load = load()
        seconds, peak, together, stdout = measure(build(day), cwd=ROOT, env=env)
        pages = check_ours(board, case, out, stdout, open_expected)
        runs.append(Run("ours", board.shape, board.n, case, seconds, peak, pages, start_load,
                        together_mb=together))
        print(f"  ours {board.shape} {board.n:,} {CASE_NAMES[case]}: {seconds:.2f} s, "
              f"{peak:.0f} MB", file=sys.stderr, flush=True)

    builds = [c for c in cases if c in ("cold", "nochange", "edit", "day")]
    text = board.edited.read_text("utf-8")
    if "(F/H)" not in text:
        raise BenchmarkError(f"{board.edited}: no '(F/H)' in it to edit")
    try:
        if builds:
            if "cold" in builds:
                timed("cold", TODAY, board.open_today)
            else:
                print("  ours: cold build not measured, built once unmeasured for the other "
                      "cases", file=sys.stderr)
                measure(build(TODAY), cwd=ROOT, env=env)
            if "nochange" in builds:
                timed("nochange", TODAY, board.open_today)
            if "edit" in builds or "day" in builds:
                board.edited.write_text(text.replace("(F/H)", EDIT_MARK, 1), "utf-8")
                if "edit" in builds:
                    timed("edit", TODAY, board.open_today)
                else:  # the day case alone: the edit built first, unmeasured
                    measure(build(TODAY), cwd=ROOT, env=env)
            if "day" in builds:
                timed("day", NEXT_DAY, board.open_next_day)
    finally:
        board.edited.write_text(text, "utf-8")
    if "serve" in cases:
        runs += serve(board, serve_script)
    if not keep:
        shutil.rmtree(home, ignore_errors=True)
    return runs


def serve(board: Board, script: Path) -> list[Run]:
    if not script.exists():
        shown = script.relative_to(ROOT) if script.is_relative_to(ROOT) else script
        board.notes.append(f"serve not measured: {shown} does not exist")
        print(f"  {board.notes[-1]}", file=sys.stderr)
        return []
    start_load = load()
    # serve_latency edits offers of the content it is given: a copy, so the corpus stays
    # the one every other case measured. Its peak memory is the script's and its children's.
    with tempfile.TemporaryDirectory(dir=board.content.parent) as tmp:
        content = shutil.copytree(board.content, Path(tmp) / "content")
        _, peak, together, stdout = measure([sys.executable, str(script), str(content),
                                   "--today", TODAY.isoformat(), "--edits", "5", "--json"],
                                  cwd=ROOT)
    try:
        figures = json.loads(stdout[stdout.index("{"):stdout.rindex("}") + 1])
        startup, median, worst = (float(figures[k]) for k in ("startup", "median", "max"))
    except (ValueError, KeyError, TypeError) as e:
        raise BenchmarkError(f"serve_latency.py: no JSON with startup, median, max "
                             f"({e}):\n{stdout[-2000:]}") from None
    edits = figures.get("edits")
    note = f"{len(edits) if isinstance(edits, list) else edits} edits"
    if isinstance(figures.get("rss_mb"), (int, float)):  # the serve process, at the end
        note += f", serve {figures['rss_mb']:,.0f} MB"
    print(f"  ours {board.shape} {board.n:,} serve: start-up {startup:.2f} s, edit -> page "
          f"median {median:.3f} s, max {worst:.3f} s", file=sys.stderr, flush=True)
    return [Run("ours", board.shape, board.n, "serve-startup", startup, peak, None, start_load,
                together_mb=together),
            Run("ours", board.shape, board.n, "serve", median, None, None, start_load, note),
            Run("ours", board.shape, board.n, "serve-max", worst, None, None, start_load, note)]


def check_peer(tool: str, board: Board, public: Path) -> int:
    """Pages written, after checking that every offer has its page."""
    offers = sum(1 for _ in (public / "offres").glob("*/index.html"))
    if offers != board.n:
        raise BenchmarkError(f"{tool}: {offers} offer pages in {public}, {board.n} offers given")
    return html_pages(public)


def hugo(board: Board, work: Path, keep: bool) -> Run | None:
    if not shutil.which("hugo"):
        board.notes.append("Hugo not measured: hugo not found (apt-get install hugo)")
        print(f"  {board.notes[-1]}", file=sys.stderr)
        return None
    site = peers.hugo_site(board.content, work / f"hugo-{board.n}-{board.shape}")
    cache = site.parent / (site.name + ".cache")  # Hugo's file cache, empty: a cold build
    shutil.rmtree(cache, ignore_errors=True)
    start_load = load()
    seconds, peak, together, _ = measure(["hugo", "--quiet", "--source", str(site),
                                          "--cacheDir", str(cache)])
    run = Run("hugo", board.shape, board.n, "cold", seconds, peak,
              check_peer("hugo", board, site / "public"), start_load, together_mb=together)
    if not keep:
        shutil.rmtree(site, ignore_errors=True)
        shutil.rmtree(cache, ignore_errors=True)
    return run


def pelican(board: Board, work: Path, keep: bool) -> Run | None:
    binary = Path(sys.executable).parent / "pelican"
    if not binary.exists():
        board.notes.append("Pelican not measured: pip install -e '.[bench]'")
        print(f"  {board.notes[-1]}", file=sys.stderr)
        return None
    site = peers.pelican_site(board.content, work / f"pelican-{board.n}-{board.shape}")
    start_load = load()
    seconds, peak, together, _ = measure([str(binary), "content", "-s", "pelicanconf.py",
                                          "-o", "output", "-q", "--fatal", "errors"], cwd=site)
    run = Run("pelican", board.shape, board.n, "cold", seconds, peak,
              check_peer("pelican", board, site / "output"), start_load, together_mb=together)
    if not keep:
        shutil.rmtree(site, ignore_errors=True)
    return run


# --- Issue 18's targets -----------------------------------------------------------------

@dataclass
class Target:
    text: str
    n: int
    shape: str | None  # None: any shape
    check: str  # how the figure is taken from the runs (see `figure`)
    limit: float
    unit: str


TARGETS = [
    Target("edit -> page in serve <= 0.5 s (median)", 10_000, None, "serve", 0.5, "s"),
    Target("one-offer rebuild <= 3 s", 10_000, None, "edit", 3.0, "s"),
    Target("cold build <= 2 x Hugo", 10_000, None, "ours/hugo", 2.0, "x"),
    Target("cold build >= 3 x faster than Pelican", 10_000, None, "pelican/ours", 3.0, "x"),
    Target("peak memory <= 600 MB", 10_000, None, "peak", 600, "MB"),
    Target("cold build <= 5 min", 100_000, "real", "cold", 300, "s"),
    Target("peak memory <= 2 GB", 100_000, "real", "peak", 2048, "MB"),
    Target("one-offer rebuild <= 5 s", 100_000, "real", "edit", 5.0, "s"),
    Target("edit -> page in serve <= 1 s (median)", 100_000, "real", "serve", 1.0, "s"),
]


def find(runs: list[Run], tool: str, shape: str, n: int, case: str) -> Run | None:
    return next((r for r in runs if (r.tool, r.shape, r.n, r.case) == (tool, shape, n, case)),
                None)


def figure(runs: list[Run], t: Target, shape: str, n: int) -> tuple[float, str] | None:
    """(value, how it reads) of a target's figure in these runs, or None if not measured."""
    ours_cold = find(runs, "ours", shape, n, "cold")
    if t.check in ("ours/hugo", "pelican/ours"):
        peer = find(runs, t.check.replace("ours", "").strip("/"), shape, n, "cold")
        if not (ours_cold and peer):
            return None
        if t.check == "ours/hugo":
            return (ours_cold.seconds / peer.seconds,
                    f"{ours_cold.seconds:.2f} s = {ours_cold.seconds / peer.seconds:.2f} x "
                    f"Hugo ({peer.seconds:.2f} s)")
        return (peer.seconds / ours_cold.seconds,
                f"{ours_cold.seconds:.2f} s; Pelican {peer.seconds:.2f} s = "
                f"{peer.seconds / ours_cold.seconds:.2f} x ours")
    if t.check == "peak":
        builds = [r for r in runs if r.tool == "ours" and r.shape == shape and r.n == n
                  and r.case in ("cold", "nochange", "edit", "day") and r.peak_mb is not None]
        if not builds:
            return None
        top = max(builds, key=lambda r: r.peak_mb or 0)
        together = max((r.together_mb or 0 for r in builds), default=0)
        return top.peak_mb or 0, (f"{top.peak_mb:,.0f} MB ({CASE_NAMES[top.case]}; "
                                  f"all processes together ≤ {together:,.0f} MB)")
    run = find(runs, "ours", shape, n, t.check)
    if not run:
        return None
    text = f"{run.seconds:.2f} s"
    if t.check == "serve" and (worst := find(runs, "ours", shape, n, "serve-max")):
        text = f"{run.seconds:.3f} s (max {worst.seconds:.3f} s, {run.note})"
    return run.seconds, text


def targets_table(runs: list[Run]) -> list[dict]:
    rows = []
    for shape, n in sorted({(r.shape, r.n) for r in runs}, key=lambda k: (k[0], k[1])):
        for t in TARGETS:
            got = figure(runs, t, shape, n)
            applies = t.n == n and t.shape in (None, shape)
            if got is None:
                status, value, text = ("not measured" if applies else "n/a"), None, "—"
            else:
                value, text = got
                met = value >= t.limit if t.check == "pelican/ours" else value <= t.limit
                status = ("met" if met else "missed") if applies else "n/a"
            if not applies and got is None:
                continue
            where = f"{t.n:,}" + (" real" if t.shape else "")
            rows.append({"shape": shape, "n": n, "target": f"{t.text} (at {where})",
                         "limit": t.limit, "unit": t.unit, "value": value, "figure": text,
                         "status": status})
    return rows


def growth_table(runs: list[Run]) -> list[dict]:
    rows = []
    keys = sorted({(r.tool, r.shape, r.case) for r in runs},
                  key=lambda k: (k[1], ["ours", "hugo", "pelican"].index(k[0]),
                                 list(CASE_NAMES).index(k[2])))
    for tool, shape, case in keys:
        for metric in ("seconds", "peak_mb", "together_mb"):
            by_n = {r.n: getattr(r, metric) for r in runs
                    if (r.tool, r.shape, r.case) == (tool, shape, case)}
            by_n = {n: v for n, v in sorted(by_n.items()) if v is not None}
            if len(by_n) < 2:
                continue
            sizes = list(by_n)
            ratios = {f"{a}->{b}": by_n[b] / by_n[a] if by_n[a] else None
                      for a, b in zip(sizes, sizes[1:])}
            rows.append({"tool": tool, "shape": shape, "case": case, "metric": metric,
                         "values": by_n, "ratios": ratios})
    return rows


# --- Report -----------------------------------------------------------------------------

def print_report(runs: list[Run], targets: list[dict], growth: list[dict],
                 notes: list[str]) -> None:
    print(f"{'tool':8} {'shape':7} {'offers':>8} {'case':34} {'wall s':>8} {'peak MB':>8} "
          f"{'all MB':>7} {'pages':>8} {'pages/s':>8} {'load':>5}")
    for r in runs:
        peak = f"{r.peak_mb:.0f}" if r.peak_mb is not None else "—"
        together = f"{r.together_mb:.0f}" if r.together_mb is not None else "—"
        pages = f"{r.pages:,}" if r.pages is not None else "—"
        rate = f"{r.pages_per_second:.0f}" if r.case == "cold" and r.pages_per_second else "—"
        seconds = f"{r.seconds:.3f}" if r.case.startswith("serve") else f"{r.seconds:.2f}"
        print(f"{r.tool:8} {r.shape:7} {r.n:>8,} {CASE_NAMES[r.case]:34} {seconds:>8} "
              f"{peak:>8} {together:>7} {pages:>8} {rate:>8} {r.load:>5.2f}")
    print("peak MB: largest resident set of one process (wait4); all MB: largest sum of the "
          f"processes' PSS, sampled every {SAMPLE_S} s")
    print()
    print("Targets of issue 18")
    print(f"{'shape':7} {'offers':>8}  {'target':58} {'status':12} figure")
    for t in targets:
        print(f"{t['shape']:7} {t['n']:>8,}  {t['target']:58} {t['status']:12} {t['figure']}")
    if growth:
        print()
        print("Growth")
        for g in growth:
            unit = "s" if g["metric"] == "seconds" else "MB"
            unit_name = {"seconds": "s", "peak_mb": "peak MB", "together_mb": "all MB"}
            values = ", ".join(f"{n:,}: {v:,.2f} {unit}" if unit == "s" else
                               f"{n:,}: {v:,.0f} {unit}" for n, v in g["values"].items())
            ratios = ", ".join(f"x{v:.1f} ({k.replace('->', ' -> ')})" if v is not None
                               else f"— ({k})" for k, v in g["ratios"].items())
            print(f"  {g['tool']} {g['shape']} {CASE_NAMES[g['case']]} "
                  f"({unit_name[g['metric']]}): {values}; "
                  f"{ratios}")
    if notes:
        print()
        for note in dict.fromkeys(notes):
            print(f"Note: {note}")


def markdown(runs: list[Run], targets: list[dict], growth: list[dict], notes: list[str],
             about: str) -> str:
    """The same tables in Markdown, for benchmarks/README.md and the issue's closing note."""
    lines = [about, "", "| tool | shape | offers | case | wall s | peak MB | all MB | pages "
             "| load |", "|---|---|---:|---|---:|---:|---:|---:|---:|"]
    for r in runs:
        seconds = f"{r.seconds:.3f}" if r.case.startswith("serve") else f"{r.seconds:.2f}"
        lines.append(f"| {r.tool} | {r.shape} | {r.n:,} | {CASE_NAMES[r.case]} | {seconds} | "
                     f"{'—' if r.peak_mb is None else f'{r.peak_mb:,.0f}'} | "
                     f"{'—' if r.together_mb is None else f'{r.together_mb:,.0f}'} | "
                     f"{'—' if r.pages is None else f'{r.pages:,}'} | {r.load:.2f} |")
    lines += ["", "| offers | shape | target | figure | |", "|---:|---|---|---|---|"]
    for t in targets:
        status = f"**{t['status']}**" if t["status"] in ("met", "missed") else t["status"]
        lines.append(f"| {t['n']:,} | {t['shape']} | {t['target']} | {t['figure']} | {status} |")
    sizes = sorted({n for g in growth for n in g["values"]})
    if growth:
        lines += ["", "| tool | shape | case | " + " | ".join(f"{n:,}" for n in sizes)
                  + " | growth |", "|---|---|---|" + "---:|" * len(sizes) + "---|"]
        for g in growth:
            unit = "s" if g["metric"] == "seconds" else "MB"
            cells = [("—" if n not in g["values"] else
                      f"{g['values'][n]:,.2f} s" if unit == "s" else f"{g['values'][n]:,.0f} MB")
                     for n in sizes]
            ratios = ", ".join(f"×{v:.1f}" if v is not None else "—"
                               for v in g["ratios"].values())
            name = CASE_NAMES[g["case"]] + {"seconds": "", "peak_mb": ", peak",
                                            "together_mb": ", all processes"}[g["metric"]]
            lines.append(f"| {g['tool']} | {g['shape']} | {name} | "
                         + " | ".join(cells) + f" | {ratios} |")
    lines += [""] + [f"{note}." for note in dict.fromkeys(notes)]
    return "\n".join(lines).rstrip() + "\n"


def versions() -> dict:
    found = {"python": platform.python_version(), "cpus": os.cpu_count()}
    for name, cmd in (("hugo", ["hugo", "version"]),
                      ("pelican", [str(Path(sys.executable).parent / "pelican"), "--version"]),
                      ("commit", ["git", "-C", str(ROOT), "rev-parse", "HEAD"])):
        try:
            found[name] = subprocess.run(cmd, capture_output=True, text=True,
                                         timeout=30).stdout.strip()
        except OSError:
            found[name] = None
    return found


def set_limits(seconds: float, megabytes: float) -> None:
    global TIMEOUT_S, MEMORY_LIMIT_MB
    TIMEOUT_S, MEMORY_LIMIT_MB = seconds, megabytes


def main() -> None:
    parser = argparse.ArgumentParser(description="Benchmark against Hugo and Pelican, "
                                     "and check issue 18's targets.")
    parser.add_argument("--sizes", default="1000,10000",
                        help="comma-separated numbers of offers (default: 1000,10000)")
    parser.add_argument("--real", action="store_true",
                        help=f"real-shaped boards: {REAL_OPEN:,} open (all when N is smaller), "
                             f"{REAL_EMPLOYERS} employers, the others closed over the "
                             f"previous years (default: the uniform corpus, ~37 %% open)")
    parser.add_argument("--cases", default=",".join(CASES),
                        help=f"which of ours to measure (default: {','.join(CASES)})")
    parser.add_argument("--no-peers", action="store_true", help="skip Hugo and Pelican")
    parser.add_argument("--skip-serve", action="store_true", help="skip the serve case")
    parser.add_argument("--serve-script", type=Path, default=SERVE_SCRIPT, metavar="PATH",
                        help="measures serve: PATH CONTENT --today DAY --edits 5 --json prints "
                             "a JSON object with startup, median, max and edits (default: "
                             "benchmarks/serve_latency.py; skipped with a note if missing)")
    parser.add_argument("--json", type=Path, metavar="OUT", help="write every figure to OUT")
    parser.add_argument("--markdown", type=Path, metavar="OUT",
                        help="write the tables in Markdown to OUT (for benchmarks/README.md)")
    parser.add_argument("--keep", action="store_true",
                        help="keep the sites built (default: deleted after each size)")
    parser.add_argument("--work", type=Path, default=ROOT / "benchmarks" / "work",
                        help="where corpora and outputs go (default: benchmarks/work)")
    parser.add_argument("--timeout", type=float, default=TIMEOUT_S, metavar="S",
                        help=f"stop and fail a measure still running after S seconds "
                             f"(default: {TIMEOUT_S:.0f})")
    parser.add_argument("--max-memory", type=float, default=MEMORY_LIMIT_MB, metavar="MB",
                        help="stop and fail a measure whose processes together use more "
                             f"(default: 3/4 of this machine's memory, {MEMORY_LIMIT_MB:,.0f})")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    set_limits(args.timeout, args.max_memory)
    try:
        sizes = [int(s) for s in args.sizes.split(",")]
    except ValueError:
        parser.error(f"--sizes {args.sizes}: numbers separated by commas")
    cases = [c.strip() for c in args.cases.split(",") if c.strip()]
    if unknown := [c for c in cases if c not in CASES]:
        parser.error(f"--cases: unknown {', '.join(unknown)} (known: {', '.join(CASES)})")
    if args.skip_serve and "serve" in cases:
        cases.remove("serve")
    shape = "real" if args.real else "uniform"
    args.work.mkdir(parents=True, exist_ok=True)
    started = datetime.now(timezone.utc)
    runs: list[Run] = []
    notes: list[str] = []
    failures: list[str] = []

    def failed(message: str) -> None:
        # Loud at once and again at the end, the exit status 1; the other tools and sizes
        # still run, so that one failure at 100k does not lose an hour of figures.
        print(f"FAILED: {message}", file=sys.stderr, flush=True)
        failures.append(message)

    for n in sizes:
        try:
            board = prepare(shape, n, args.work, args.seed)
        except BenchmarkError as e:
            failed(f"corpus {shape} {n:,}: {e}")
            continue
        print(f"{shape} N = {n:,}: corpus ready ({board.open_today:,} open on {TODAY}, "
              f"{board.employers:,} employers; load {load():.2f})", file=sys.stderr,
              flush=True)
        if not args.no_peers:
            for peer in (hugo, pelican):
                try:
                    if r := peer(board, args.work, args.keep):
                        runs.append(r)
                        print(f"  {r.tool} {shape} {n:,} cold build: {r.seconds:.2f} s, "
                              f"{r.peak_mb:.0f} MB", file=sys.stderr, flush=True)
                except BenchmarkError as e:
                    failed(f"{peer.__name__} {shape} {n:,}: {e}")
        try:
            ours(board, args.work, cases, args.keep, args.serve_script, runs)
        except BenchmarkError as e:
            failed(f"ours {shape} {n:,}: {e}")
        notes += board.notes
    targets, growth = targets_table(runs), growth_table(runs)
    print()
    print_report(runs, targets, growth, notes)
    for failure in failures:
        print(f"\nFAILED: {failure}")
    info = versions()
    words = (info.get("hugo") or "").split()  # "hugo v0.111.3+extended linux/amd64 ..."
    hugo_version = words[1] if len(words) > 1 else ""
    if args.markdown:
        about = (f"`benchmarks/run.py {' '.join(sys.argv[1:])}`, {started:%Y-%m-%d %H:%M} UTC, "
                 f"commit {str(info.get('commit'))[:7]}; {info['cpus']} cores, Python "
                 f"{info['python']}, Hugo {hugo_version or '—'}, "
                 f"Pelican {info.get('pelican') or '—'}; peak MB = largest resident set of one "
                 f"process (wait4), all MB = largest sum of the processes' PSS sampled every "
                 f"{SAMPLE_S} s, load = 1-minute load average at each measure's start.")
        shown = notes + [f"**FAILED**: {f.splitlines()[0]}" for f in failures]
        args.markdown.write_text(markdown(runs, targets, growth, shown, about), "utf-8")
        print(f"\nWrote {args.markdown}", file=sys.stderr)
    if args.json:
        args.json.write_text(json.dumps({
            "started": started.isoformat(timespec="seconds"),
            "finished": datetime.now(timezone.utc).isoformat(timespec="seconds"),
            "command": sys.argv[1:], "day": TODAY.isoformat(), "seed": args.seed,
            "shape": shape, "versions": info,
            "runs": [{**asdict(r), "case_name": CASE_NAMES[r.case]} for r in runs],
            "targets": targets, "growth": growth, "notes": list(dict.fromkeys(notes)),
            "failures": failures,
        }, indent=2, ensure_ascii=False) + "\n", "utf-8")
        print(f"\nWrote {args.json}", file=sys.stderr)
    if failures:
        raise SystemExit(1)


if __name__ == "__main__":
    main()
