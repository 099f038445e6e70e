"""A build killed at any moment leaves the previous site byte for byte, and the
next build cleans up after it.

Real processes, really killed (SIGKILL: no handler, no clean-up code runs),
at moments spread over the whole build, both for a cold build and for an
incremental one.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.conftest import EMPLOYERS, ROOT, SITE_YAML, offer_md, tree

# Killed builds are compared with whole sites, search index included: Pagefind runs.

TRIALS = 8


def wait_for_temporary_folder(root: Path, proc: subprocess.Popen, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while not any(root.glob(".site.tmp-*")):
        assert proc.poll() is None, "the build ended before writing its temporary folder"
        assert time.monotonic() < deadline, "no temporary folder appeared"
        time.sleep(0.001)


def wait_for_the_manifest_to_go(root: Path, proc: subprocess.Popen, timeout: float) -> None:
    """The manifest is removed once the build has rendered, before it writes anything."""
    deadline = time.monotonic() + timeout
    while (root / "cache" / "manifest.pickle").exists():
        assert proc.poll() is None, "the build ended before it started writing"
        assert time.monotonic() < deadline, "the manifest stayed"
        time.sleep(0.001)


def leftovers(folder: Path) -> list[str]:
    """Hidden files beside the site, and in the cache (where the spare site is kept)."""
    return sorted(p.name for f in (folder, folder / "cache") if f.is_dir()
                  for p in f.iterdir() if p.name.startswith("."))


class Board:
    """A content folder, its site and its cache, in one temporary folder."""

    def __init__(self, root: Path):
        self.root, self.content, self.site = root, root / "content", root / "site"
        self.env = {**os.environ, "JOBBOARD_CACHE": str(root / "cache")}
        self.env.pop("SOURCE_DATE_EPOCH", None)
        (self.content / "offers").mkdir(parents=True)
        (self.content / "employers").mkdir()
        (self.content / "site.yaml").write_text(SITE_YAML)
        for slug, text in EMPLOYERS.items():
            (self.content / "employers" / f"{slug}.yaml").write_text(text)

    def offers(self, n: int, version: str) -> None:
        for i in range(n):
            body = f"## Missions\n\n{version} : accueillir le public, poste {i}.\n" * 20
            (self.content / "offers" / f"poste-{i:03d}.md").write_text(
                offer_md(title=f"Poste {i} {version}", deadline="2026-03-01", body=body))

    def start(self) -> subprocess.Popen:
        return subprocess.Popen([sys.executable, str(ROOT / "build.py"), "--content", "content",
                                 "--out", "site", "--today", "2026-02-01"],
                                cwd=self.root, env=self.env, stdout=subprocess.DEVNULL,
                                stderr=subprocess.PIPE)

    def build(self) -> float:
        started = time.perf_counter()
        proc = self.start()
        assert proc.wait() == 0, proc.stderr.read()
        return time.perf_counter() - started

    def snapshot(self, to: Path) -> None:
        shutil.rmtree(to, ignore_errors=True)
        to.mkdir()
        for name in ("site", "cache"):
            if (self.root / name).exists():
                shutil.copytree(self.root / name, to / name)

    def restore(self, snapshot: Path) -> None:
        for name in ("site", "cache"):
            shutil.rmtree(self.root / name, ignore_errors=True)
            if (snapshot / name).exists():
                shutil.copytree(snapshot / name, self.root / name)


@pytest.mark.parametrize("kind", ["cold", "incremental", "spare"])
@pytest.mark.slow  # builds killed at TRIALS + 1 moments: about 10 s each
def test_a_build_killed_at_any_moment_leaves_the_previous_site(tmp_path, kind):
    """cold: no cache; incremental: a build with the cache but no spare site (a new
    folder of hard links beside the site); spare: one that updates the spare site kept
    in the cache by the previous build (a cold build makes one too) and exchanges it with
    the site."""
    board = Board(tmp_path / "board")
    board.offers(60, "avant")
    board.build()
    if kind == "incremental":
        shutil.rmtree(board.root / "cache" / "previous-site")
    if kind == "spare":
        board.offers(1, "avant, modifiée")
        board.build()
        assert (board.root / "cache" / "previous-site").is_dir()
    before = tree(board.site)
    if kind == "cold":
        shutil.rmtree(tmp_path / "board" / "cache")  # no manifest: a full rebuild
    board.snapshot(tmp_path / "before")

    board.offers(61, "après")  # every page changes, one offer more
    duration = board.build()
    after = tree(board.site)
    assert after != before

    outcomes = []
    # Kills spread over the build's measured duration, and one more that waits for the
    # temporary folder to appear: on a loaded machine the timed ones may all miss it.
    for i in range(TRIALS + 1):
        board.restore(tmp_path / "before")
        proc = board.start()
        if i < TRIALS:
            time.sleep(duration * (i + 0.5) / TRIALS)
        elif kind == "spare":
            wait_for_the_manifest_to_go(board.root, proc, timeout=60 * duration + 30)
        else:
            wait_for_temporary_folder(board.root, proc, timeout=60 * duration + 30)
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        result = tree(board.site)
        assert result in (before, after), f"trial {i}: a mixed or partial site"
        state, left = ("previous" if result == before else "new"), leftovers(board.root)
        # Killed while writing: the spare may be half-updated (no hidden folder left).
        writing = left or (kind == "spare"
                           and not (board.root / "cache" / "manifest.pickle").exists())
        outcomes.append((state, left))
        if state == "previous" and writing and ("cleaned", []) not in outcomes:
            board.build()  # the next build, over what the killed one left
            assert tree(board.site) == after
            outcomes.append(("cleaned", leftovers(board.root)))
    # The kills did land while the new site was being written, left it untouched,
    # and the next build removed what they left.
    assert ("cleaned", []) in outcomes, outcomes


def test_a_build_that_fails_after_rendering_leaves_the_site_and_no_temporary_folder(
        fixture_site, monkeypatch):
    fixture_site.offer("agent")
    assert fixture_site.build() == 0
    before = fixture_site.files()
    fixture_site.offer("agent", title="Agent modifié")

    # The last step before the swap fails, every new file written in the temporary folder.
    from jobboard.build import pipeline
    write_site = pipeline.write_site

    def full_disk(folder):
        raise RuntimeError("disk full")
    monkeypatch.setattr(pipeline, "write_site",
                        lambda out, files, **kw: write_site(out, files, **kw, finish=full_disk))
    with pytest.raises(RuntimeError):
        fixture_site.build()
    assert fixture_site.files() == before
    assert [p.name for p in fixture_site.root.iterdir() if p.name.startswith(".site")] == []


def _children(pid: int) -> list[int]:
    """Processes whose parent is `pid` (every thread's children, from /proc)."""
    found = []
    for task in Path(f"/proc/{pid}/task").iterdir():
        try:
            found += [int(c) for c in (task / "children").read_text().split()]
        except OSError:
            pass
    return found


def _running(pid: int, started: str) -> bool:
    """Whether that process (same start time: not a reused pid) is alive, zombies aside."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return False
    return fields[0] != "Z" and fields[19] == started


def _start_time(pid: int) -> str:
    return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[19]


@pytest.mark.slow  # 450 offers, for the build to render on worker processes
@pytest.mark.skipif(not Path("/proc/self/task").is_dir() or (os.cpu_count() or 1) < 2,
                    reason="needs Linux /proc and two cores (workers run only then)")
def test_render_workers_die_with_a_build_killed_by_sigkill(tmp_path):
    board = Board(tmp_path / "board")
    board.offers(450, "v")  # enough outputs for the build to render on worker processes
    proc = board.start()
    workers: dict[int, str] = {}
    try:
        deadline = time.monotonic() + 120
        # Mid-render: the temporary site folder exists and forked workers (the
        # build's command line; git has its own) are running.
        while not workers and proc.poll() is None and time.monotonic() < deadline:
            if any(p.name.startswith(".site.tmp-") for p in board.root.iterdir()):
                for child in _children(proc.pid):
                    try:
                        if b"build.py" in Path(f"/proc/{child}/cmdline").read_bytes():
                            workers[child] = _start_time(child)
                    except OSError:
                        pass
            time.sleep(0.02)
        assert workers, "the build ended before its render workers were seen"
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        deadline = time.monotonic() + 10
        while any(_running(p, s) for p, s in workers.items()) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert [p for p, s in workers.items() if _running(p, s)] == []
    finally:
        proc.kill()
        for pid, started in workers.items():  # without the fix: do not leave them behind
            if _running(pid, started):
                os.kill(pid, signal.SIGKILL)
