"""Edit → page latency of `build.py serve`.

    python benchmarks/serve_latency.py CONTENT [--today 2026-11-21] [--edits 5] [--json]

Copies CONTENT to a temporary folder, starts `build.py serve` on the copy (a free port,
its own --out and cache in the temporary folder, the day pinned with SOURCE_DATE_EPOCH),
waits until it answers, then, for each edit, changes the title of an open offer (a
different one each time) and polls the offer's page over HTTP until it shows the new
title. Prints

    start-up X.XX s; edit -> page: median X.XXX s, max X.XXX s (N edits)

or, with --json, that line on stderr and on stdout a JSON object: `startup`, `median`,
`max` (seconds), `edits` (how many), `times` (each edit's seconds) and `rss_mb` (the
serve process's resident memory at the end, from /proc).
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from datetime import date, datetime
from datetime import time as dtime
from pathlib import Path
from zoneinfo import ZoneInfo

ROOT = Path(__file__).resolve().parent.parent
POLL = 0.005  # seconds between two requests while waiting for the new title
TIMEOUT = 300.0  # a serve that never answers: give up (the figure is then meaningless)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def fetch(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=30) as r:
            return r.status, r.read().decode("utf-8", "replace")
    except urllib.error.HTTPError as e:
        return e.code, e.read().decode("utf-8", "replace")


def wait_for(url: str, predicate, deadline: float, proc: subprocess.Popen) -> None:
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise SystemExit(f"serve stopped (exit {proc.returncode})")
        try:
            if predicate(*fetch(url)):
                return
        except OSError:
            pass
        time.sleep(POLL)
    raise SystemExit(f"{url}: no expected answer within {TIMEOUT:.0f} s")


_FIELD = re.compile(r"^(title|deadline|draft):\s*(.*)$", re.M)


def open_offers(content: Path, today: date) -> list[Path]:
    """Offer files whose front matter gives a deadline on or after `today`, not drafts."""
    found = []
    for path in sorted((content / "offers").rglob("*.md")):
        text = path.read_text(encoding="utf-8")
        head = text.split("\n---", 1)[0]
        fields = {k: v.strip().strip("'\"") for k, v in _FIELD.findall(head)}
        try:
            deadline = date.fromisoformat(fields.get("deadline", ""))
        except ValueError:
            continue
        if "title" in fields and deadline >= today and fields.get("draft") != "true":
            found.append(path)
    return found


def retitle(path: Path, title: str) -> None:
    text = path.read_text(encoding="utf-8")
    new = re.sub(r"^title:.*$", lambda _: f"title: {json.dumps(title, ensure_ascii=False)}",
                 text, count=1, flags=re.M)
    # As an editor's save does: the whole file written again.
    path.write_text(new, encoding="utf-8")


def rss_mb(pid: int) -> float | None:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return None


def measure(content: Path, today: date, edits: int) -> dict:
    with tempfile.TemporaryDirectory(prefix="serve-latency-") as tmp:
        work = Path(tmp)
        copy = work / "content"
        shutil.copytree(content, copy)
        offers = open_offers(copy, today)
        if len(offers) < edits:
            raise SystemExit(f"{content}: {len(offers)} open offers on {today}, "
                             f"fewer than {edits} edits")
        # Spread the edits over the board (a different offer each time).
        chosen = [offers[i * len(offers) // edits] for i in range(edits)]
        port = free_port()
        noon = datetime.combine(today, dtime(12), ZoneInfo("Europe/Paris"))
        env = {**os.environ, "SOURCE_DATE_EPOCH": str(int(noon.timestamp())),
               "JOBBOARD_CACHE": str(work / "cache")}
        started = time.monotonic()
        proc = subprocess.Popen(
            [sys.executable, str(ROOT / "build.py"), "serve", "--content", str(copy),
             "--out", str(work / "site"), "--port", str(port)],
            cwd=work, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        base = f"http://127.0.0.1:{port}/"
        try:
            wait_for(base, lambda s, b: s == 200, started + TIMEOUT, proc)
            startup = time.monotonic() - started
            times = []
            for n, path in enumerate(chosen):
                title = f"Offre modifiée numéro {n} (F/H)"
                url = f"{base}offres/{path.stem}/"
                time.sleep(0.3)  # apart from the previous edit, as an editor's saves are
                t0 = time.monotonic()
                retitle(path, title)
                wait_for(url, lambda s, b, t=title: s == 200 and t in b, t0 + TIMEOUT, proc)
                times.append(time.monotonic() - t0)
            memory = rss_mb(proc.pid)
        finally:
            proc.terminate()
            try:
                proc.wait(10)
            except subprocess.TimeoutExpired:
                proc.kill()
    return {"startup": startup, "median": statistics.median(times), "max": max(times),
            "edits": len(times), "times": times, "rss_mb": memory}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("content", type=Path)
    parser.add_argument("--today", type=date.fromisoformat, default=date(2026, 11, 21))
    parser.add_argument("--edits", type=int, default=5)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    result = measure(args.content, args.today, args.edits)
    line = (f"start-up {result['startup']:.2f} s; edit -> page: median {result['median']:.3f} s, "
            f"max {result['max']:.3f} s ({result['edits']} edits)"
            + (f"; RSS {result['rss_mb']:.0f} MB" if result["rss_mb"] else ""))
    # --json: stdout holds the JSON object alone (for run.py), the line goes to stderr.
    print(line, file=sys.stderr if args.json else sys.stdout)
    if args.json:
        print(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
