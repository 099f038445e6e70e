"""Write the site atomically: a new folder prepared beside the old one, then swapped in.

Whatever happens to a build (invalid content, a broken template, Ctrl-C, a
kill -9 half-way through a file), the output folder is either the previous
site, byte for byte, or the complete new one. Readers of the folder (a web
server, a deploy step) never see a half-written site:
- every file is written into `.<out>.tmp-<pid>/` next to the output folder;
- an incremental build starts that folder with hard links to the unchanged
  files of the current site (cheap, and the current site is never written to:
  a changed file is always a new file, never an old one rewritten);
- the two folders are exchanged in one system call on Linux
  (renameat2 RENAME_EXCHANGE); elsewhere two renames, with a recovery step;
- the next build removes what a killed build left behind.
"""

from __future__ import annotations

import ctypes
import errno
import os
import re
import shutil
from pathlib import Path
from typing import Callable, Collection

from jobboard.plan.planner import SITE_MARKER


class UnsafeOutput(Exception):
    pass


# Written into the root of every site a build makes: only a folder holding it (or a
# site built before it existed, see below) is ever replaced by a build.
MARKER = SITE_MARKER
MARKER_TEXT = (b"Written by the job board's build (build.py). This whole folder is replaced "
               b"by each build.\n")
# Sites built before the marker existed hold these files, which nothing else writes.
LEGACY_SITE = ("offres.schema.json", "schema/offre.json", "schema/employeur.json",
               "recherche/offres.json")


def check_output_dir(out: Path, protected: list[Path]) -> None:
    """Refuse an output folder whose replacement would delete what a build did not write:
    a folder holding sources or inside them, a git repository, a file, or a non-empty
    folder that is not a site made by a build."""
    target = out.resolve()
    for p in protected:
        p = p.resolve()
        if target == p or target in p.parents:
            raise UnsafeOutput(f"--out {out}: refusing to replace a folder that holds {p}")
        if p in target.parents:
            raise UnsafeOutput(f"--out {out}: refusing to write the site inside {p}; "
                               "choose an output folder outside the content, templates and "
                               "theme folders")
    if (target / ".git").exists():
        raise UnsafeOutput(f"--out {out}: refusing to replace a git repository")
    if target.exists() and not target.is_dir():
        raise UnsafeOutput(f"--out {out}: refusing to replace a file with the site")
    if target.is_dir() and not is_site(target) and any(target.iterdir()):
        raise UnsafeOutput(f"--out {out}: refusing to replace a folder that a build did not "
                           f"write (it has no {MARKER} file); choose an empty or new folder, "
                           "or empty this one yourself")


def is_site(folder: Path) -> bool:
    """A folder written by a build: its marker, or every file only a build writes."""
    return (folder / MARKER).is_file() or all((folder / f).is_file() for f in LEGACY_SITE)


def write_site(out: Path, files: dict[str, bytes], *, keep: Callable[[str], bool] | None = None,
               finish: Callable[[Path], None] | None = None,
               damaged: Collection[str] = ()) -> None:
    """Make `out` the site made of `files`, plus the current files for which `keep(rel)`
    is true (an incremental build), plus what `finish(folder)` adds before the swap.
    `damaged`: current files changed since the build that wrote them (their mode or
    times, if not their bytes): never reused, always written anew."""
    out = out.absolute()
    out.parent.mkdir(parents=True, exist_ok=True)
    remove_leftovers(out)
    tmp = out.parent / f".{out.name}.tmp-{os.getpid()}"
    shutil.rmtree(tmp, ignore_errors=True)
    try:
        tmp.mkdir()
        if keep and out.is_dir():
            _link_tree(out, tmp, lambda rel: rel not in files and rel not in damaged
                       and (keep(rel) or rel == MARKER))
        for rel, data in sorted(files.items()):
            path = tmp / rel
            old = out / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            if keep and rel not in damaged and old.is_file() \
                    and old.stat().st_size == len(data) and old.read_bytes() == data:
                _link_or_copy(old, path)  # unchanged bytes keep their date (rsync, caches)
            else:
                path.write_bytes(data)
        if not (tmp / MARKER).is_file():
            (tmp / MARKER).write_bytes(MARKER_TEXT)
        if finish:
            finish(tmp)
        _swap(tmp, out)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def _link_tree(src: Path, dst: Path, wanted: Callable[[str], bool]) -> None:
    for root, dirs, names in os.walk(src):
        dirs.sort()
        rel_root = Path(root).relative_to(src)
        for name in sorted(names):
            rel = (rel_root / name).as_posix()
            if wanted(rel):
                (dst / rel_root).mkdir(parents=True, exist_ok=True)
                _link_or_copy(Path(root) / name, dst / rel)


def _link_or_copy(src: Path, dst: Path) -> None:
    try:
        os.link(src, dst)
    except OSError:  # a file system without hard links
        shutil.copy2(src, dst)


# --- The swap --------------------------------------------------------------------

_RENAME_EXCHANGE = 2
_AT_FDCWD = -100


def _exchange(a: Path, b: Path) -> bool:
    """Swap two folders in one step (Linux ≥ 3.15); False where unsupported."""
    try:
        renameat2 = ctypes.CDLL(None, use_errno=True).renameat2
    except (AttributeError, OSError):
        return False
    rc = renameat2(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE)
    if rc == 0:
        return True
    err = ctypes.get_errno()
    if err in (errno.EINVAL, errno.ENOSYS, errno.ENOTSUP, errno.EXDEV):
        return False
    raise OSError(err, os.strerror(err), str(b))


def _swap(new: Path, out: Path) -> None:
    """Put the folder `new` in place of `out`; `new` then holds the old site (or nothing)."""
    if out.exists() and _exchange(new, out):
        return
    old = out.parent / f".{out.name}.old-{os.getpid()}"
    if out.exists():
        os.replace(out, old)
    try:
        os.replace(new, out)
    except BaseException:
        os.replace(old, out)
        raise
    if old.exists():
        os.replace(old, new)  # removed with the temporary folder


# --- What a killed build leaves ---------------------------------------------------

def remove_leftovers(out: Path) -> None:
    """Remove the temporary folders of builds that died; restore a site a build
    killed between two renames had moved aside (systems without an atomic swap)."""
    pattern = re.compile(rf"\.{re.escape(out.name)}\.(tmp|old)-(\d+)$")
    if not out.parent.is_dir():
        return
    for entry in sorted(out.parent.iterdir()):
        m = pattern.match(entry.name)
        if not m or _alive(int(m.group(2))):
            continue
        if m.group(1) == "old" and not out.exists():
            os.replace(entry, out)
        else:
            shutil.rmtree(entry, ignore_errors=True)


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return False  # a folder of ours from before: stale
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True
