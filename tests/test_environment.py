"""What the file system and the machine throw at a build, besides the content itself:
editors' lock files, named pipes, links to devices, folders nested a thousand deep,
a full disk, a read-only or immutable output folder, and `serve`'s port and URLs.
Each gets a clear message and an exit code, never a traceback or a hang; the
previous site stays byte for byte.

Hostile trees run in a real process with a memory limit and a timeout: without
the protections they would hang or eat the machine's memory.
"""

from __future__ import annotations

import errno
import os
import resource
import shutil
import socket
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from jobboard.build.pipeline import build_site
from jobboard.commands.serve import Preview
from tests.conftest import ROOT, offer_md, tree

MEMORY = 2 * 1024**3  # bytes of address space for a build under test


def _limit_memory():
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY, MEMORY))


def build_py(cwd: Path, *args: str, timeout: float = 120) -> subprocess.CompletedProcess:
    env = {**os.environ, "JOBBOARD_CACHE": str(cwd / "cache")}
    env.pop("SOURCE_DATE_EPOCH", None)
    return subprocess.run([sys.executable, str(ROOT / "build.py"), *args],
                          cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout,
                          preexec_fn=_limit_memory)


def build_args(today="2026-02-01"):
    return ["--content", "content", "--out", "site", "--today", today]


# --- Files editors' tools leave, and files that are not files ------------------------

def test_files_left_by_editors_are_ignored(fixture_site):
    fixture_site.offer("agent")
    offers = fixture_site.content / "offers"
    os.symlink("alice@poste.12345:1700000000", offers / ".#agent.md")  # Emacs lock: dangling
    (offers / "agent.md~").write_text("backup")  # Emacs, gedit
    (offers / "#agent.md#").write_text("auto-save")  # Emacs
    (offers / ".agent.md.swp").write_bytes(b"\x00vim swap")  # Vim
    (fixture_site.content / "employers" / "ville-a.yaml~").write_text("backup")
    for command in (["check", "--content", "content", "--today", "2026-02-01"], build_args()):
        run = build_py(fixture_site.root, *command)
        assert run.returncode == 0, run.stderr
        assert "Traceback" not in run.stderr and "unexpected file" not in run.stderr


def test_a_fifo_and_a_link_to_a_device_are_refused_without_being_read(fixture_site):
    fixture_site.offer("agent")
    offers = fixture_site.content / "offers"
    os.mkfifo(offers / "tube.md")
    os.symlink("/dev/zero", offers / "zero.md")
    os.symlink("nowhere.md", offers / "lien-casse.md")
    for command in (["check", "--content", "content", "--today", "2026-02-01"], build_args()):
        run = build_py(fixture_site.root, *command, timeout=60)
        assert run.returncode == 1 and "Traceback" not in run.stderr, run.stderr
        assert "content/offers/tube.md: this is a named pipe (FIFO), not a text file\n" \
               "    hint: remove it from the content folder" in run.stdout + run.stderr
        assert "content/offers/zero.md: this is a device, not a text file" \
            in run.stdout + run.stderr
        assert "content/offers/lien-casse.md: cannot read the file: No such file or " \
               "directory\n    hint: a symbolic link that leads nowhere? remove it" \
            in run.stdout + run.stderr
    assert not fixture_site.out.exists()


@pytest.mark.slow  # writes and refuses a 4 GB sparse file: about 14 s
def test_a_huge_file_is_refused_without_being_read_whole(fixture_site):
    fixture_site.offer("agent")
    with open(fixture_site.content / "offers" / "enorme.md", "wb") as f:
        f.truncate(4 * 10**9)  # 4 GB, sparse: more than the build may hold in memory
    run = build_py(fixture_site.root, *build_args())
    assert run.returncode == 1 and "Traceback" not in run.stderr, run.stderr
    assert "content/offers/enorme.md: the file is 4000.0 MB, more than the 200 KB a " \
           "content file may hold" in run.stderr


def test_folders_nested_1200_deep_are_read_without_recursion(fixture_site):
    folders = [fixture_site.content / "offers"]
    try:
        folders[0].mkdir()
        for _ in range(1200):
            folders.append(folders[-1] / "d")
            folders[-1].mkdir()
        (folders[-1] / "agent.md").write_text(offer_md(), encoding="utf-8")
        (folders[-1] / "mauvais.md").write_text("pas de front matter", encoding="utf-8")
        run = build_py(fixture_site.root, *build_args())
        assert run.returncode == 1 and "Traceback" not in run.stderr, run.stderr
        assert "/d/d/mauvais.md:1: found no front matter" in run.stderr
        (folders[-1] / "mauvais.md").unlink()
        run = build_py(fixture_site.root, *build_args())
        assert run.returncode == 0, run.stderr
        assert (fixture_site.out / "offres" / "agent" / "index.html").is_file()
    finally:
        # pytest removes its old temporary folders with shutil.rmtree, which recurses:
        # such a tree would crash the clean-up of a later session.
        for folder in reversed(folders[1:]):
            for child in folder.iterdir():
                child.unlink()
            folder.rmdir()


# --- A full disk, a read-only or immutable output folder ------------------------------

def test_a_write_error_is_a_system_error_and_leaves_the_site(fixture_site, monkeypatch,
                                                              capsys):
    fixture_site.offer("agent")
    assert fixture_site.build() == 0
    before = fixture_site.files()
    fixture_site.offer("agent", title="Agent modifié")
    capsys.readouterr()

    def disk_full(self, data):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
    monkeypatch.setattr(Path, "write_bytes", disk_full)
    assert fixture_site.build() == 2
    err = capsys.readouterr().err
    assert err == "build.py: system error: No space left on device\n" \
                  f"The site was not built; {fixture_site.out} is unchanged.\n"
    assert fixture_site.files() == before
    assert [p.name for p in fixture_site.root.iterdir() if p.name.startswith(".site")] == []


def _mount_tmpfs(folder: Path, size: str) -> bool:
    folder.mkdir()
    if os.geteuid() != 0 or not shutil.which("mount"):
        return False
    return subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(folder)],
                          capture_output=True).returncode == 0


@pytest.mark.parametrize("trouble", ["disk full", "read-only", "immutable"])
def test_a_real_full_disk_read_only_or_immutable_folder(tmp_path, trouble):
    """On a real small file system (tmpfs, root only), in a real process."""
    disk = tmp_path / "disk"
    if trouble == "immutable":
        disk.mkdir()
        mounted = False
        if not shutil.which("chattr"):
            pytest.skip("no chattr")
    else:
        mounted = _mount_tmpfs(disk, "3m")
        if not mounted:
            pytest.skip("mounting a tmpfs needs root")
    try:
        shutil.copytree(ROOT / "tests" / "fixtures" / "basic" / "content", disk / "content")
        first = build_py(disk, *build_args())
        assert first.returncode == 0, first.stderr
        site = {p: p.read_bytes() for p in (disk / "site").rglob("*") if p.is_file()}
        for offer in (disk / "content" / "offers").glob("*.md"):  # every page changes
            offer.write_text(offer.read_text(encoding="utf-8") + "\nModifié.\n",
                             encoding="utf-8")
        if trouble == "disk full":
            with open(disk / "filler", "wb") as f:
                try:
                    while True:
                        f.write(b"\0" * 65536)
                        f.flush()
                except OSError:
                    pass
        elif trouble == "read-only":
            subprocess.run(["mount", "-o", "remount,ro", str(disk)], check=True)
        elif subprocess.run(["chattr", "+i", str(disk)], capture_output=True).returncode:
            pytest.skip("this file system has no immutable flag")
        run = build_py(disk, *build_args())
        assert run.returncode == 2, run.stderr
        assert run.stderr.startswith("build.py: system error: ") and \
            "Traceback" not in run.stderr, run.stderr
        assert run.stderr.endswith("The site was not built; site is unchanged.\n")
        assert {p: p.read_bytes() for p in (disk / "site").rglob("*") if p.is_file()} == site
    finally:
        if trouble == "immutable":
            subprocess.run(["chattr", "-i", str(disk)], capture_output=True)
        if mounted:
            subprocess.run(["umount", str(disk)], check=True)


def test_a_read_only_cache_is_only_a_slower_build(tmp_path):
    """The build cache on a file system remounted read-only after a build (root only):
    the next build cannot keep anything, and still builds the right site."""
    cache = tmp_path / "cache"
    if not _mount_tmpfs(cache, "20m"):
        pytest.skip("mounting a tmpfs needs root")
    try:
        shutil.copytree(ROOT / "tests" / "fixtures" / "basic" / "content",
                        tmp_path / "content")
        assert build_py(tmp_path, *build_args()).returncode == 0
        subprocess.run(["mount", "-o", "remount,ro", str(cache)], check=True)
        for offer in (tmp_path / "content" / "offers").glob("*.md"):
            offer.write_text(offer.read_text(encoding="utf-8") + "\nModifié.\n",
                             encoding="utf-8")
        run = build_py(tmp_path, *build_args())
        assert run.returncode == 0, run.stderr
        assert "Modifié." in next((tmp_path / "site" / "offres").rglob("index.html")).read_text()
        cold = tmp_path / "cold"
        build_site(tmp_path / "content", cold, date(2026, 2, 1), cache=tmp_path / "cold-cache")
        assert tree(tmp_path / "site") == tree(cold)
    finally:
        subprocess.run(["umount", str(cache)], check=True)


# --- serve ----------------------------------------------------------------------------

def test_serve_answers_404_to_a_nul_byte_or_a_name_too_long(fixture_site):
    fixture_site.offer("agent", deadline="2099-12-31")
    preview = Preview(fixture_site.content, fixture_site.out)
    preview.rebuild()
    for path in ("/offres/\x00/", "/\x00", "/" + "a" * 5000 + "/"):
        statuses = []
        body = preview.app({"PATH_INFO": path}, lambda status, headers: statuses.append(status))
        assert statuses == ["404 Not Found"]
        assert b"<!DOCTYPE html>" in body[0]


def test_serve_refuses_a_port_out_of_range_or_in_use(fixture_site):
    run = build_py(fixture_site.root, "serve", "--port", "70000")
    assert run.returncode == 2
    assert "argument --port: found '70000', expected a port number from 1 to 65535" \
        in run.stderr
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        run = build_py(fixture_site.root, "serve", "--port", str(port), timeout=60)
    assert run.returncode == 2 and "Traceback" not in run.stderr
    assert run.stderr == f"build.py serve: error: cannot listen on 127.0.0.1:{port}: Address " \
                         "already in use (another server uses it: pass another --port)\n"
