"""Write the site atomically: a new folder prepared beside the old one, then swapped in.

Whatever happens to a build (invalid content, a broken template, Ctrl-C, a
kill -9 half-way through a file), the output folder is either the previous
site, byte for byte, or the complete new one. Readers of the folder (a web
server, a deploy step) never see a half-written site:
- a cold build writes every file into `.<out>.tmp-<pid>/` next to the output
  folder, and links them all into its spare generation (below); incremental
  builds update the spare: the current site is never written to, a changed
  file is always a new file, never an old one rewritten;
- the two folders are exchanged in one system call on Linux
  (renameat2 RENAME_EXCHANGE); elsewhere two renames, with a recovery step;
- the next build removes what a killed build left behind.

Incremental builds are double-buffered: the site a build replaces is not deleted
but kept as the spare generation (in the cache folder, on the same file system),
its unchanged files still hard links shared with the site in place. The next
build brings the spare up to date by applying only the paths the previous build
changed and its own (a changed file is written to a temporary name and renamed
over the spare's, never rewritten in place, since the site shares the old one;
a deleted file is unlinked), then exchanges the two folders. Its cost follows
the size of the change, not of the site. A spare is trusted only when the
manifest of the site in place says what differs (the manifest is removed before
anything is written, so a build killed while updating the spare is followed by a
cold build, which discards it). The spare is the build's own: what differs is
recorded, not checked (damage done to the site in place is seen by the
manifest's state, and a shared file damaged through the site is rewritten).
"""

from __future__ import annotations

import ctypes
import errno
import os
import re
import shutil
from collections import ChainMap
from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass
from pathlib import Path

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


@dataclass(frozen=True)
class Spare:
    """Where a build keeps the site it replaces, and what the kept one differs by.
    `lag`: the paths whose file differs between the spare and the site in place (a
    different file, or a file on one side only); None: nothing known (no spare yet, or
    one a killed build may have left half-updated), so it is made anew."""
    folder: Path
    lag: frozenset[str] | None


@dataclass(frozen=True)
class Written:
    """What a build changed in the output folder.
    `changed`: the paths whose file differs between the new site and the one it
    replaced (None: every path, a cold build); the spare's `lag` for the next build.
    `restat`: the paths of the new site whose files or links changed, so their recorded
    state is stale (None: any path may have, take the whole state again)."""
    changed: frozenset[str] | None
    restat: frozenset[str] | None


def same_device(a: Path, b: Path) -> bool:
    """Hard links and the folder exchange need both folders on one file system."""
    try:
        return os.stat(a).st_dev == os.stat(b).st_dev
    except OSError:
        return False


def write_site(out: Path, files: Mapping[str, bytes], *,
               keep: Callable[[str], bool] | None = None,
               finish: Callable[[Path], None] | None = None,
               damaged: Collection[str] = (), current: Collection[str] | None = None,
               spare: Spare | None = None, check: Callable[[], None] | None = None) -> Written:
    """Make `out` the site made of `files`, plus the current files for which `keep(rel)`
    is true (an incremental build), plus what `finish(folder)` adds before the swap
    (`finish` adds files, it never rewrites one it did not create).
    `files` may make each file's bytes when asked for them (a build renders its pages
    then, one at a time, never all in memory): they are asked for once each, in path
    order, never after `check()`, which is called before the swap and may raise to
    leave the site in place as it is.
    `damaged`: current files changed since the build that wrote them (their mode or
    times, if not their bytes): never reused, always written anew. `current`: the files
    of the site in place (as the caller just listed them). `spare`: keep the replaced
    site there for the next build (None: delete it)."""
    out = out.absolute()
    out.parent.mkdir(parents=True, exist_ok=True)
    remove_leftovers(out, spare.folder if spare else None)
    if keep is None or not out.is_dir():
        _discard(spare)  # of another generation: no use to a cold build
        return _write_new(out, files, None, finish, damaged, spare, check)
    if spare is not None and spare.lag is not None and current is not None \
            and (spare.folder / MARKER).is_file():
        return _update_spare(out, files, keep, finish, damaged, set(current), spare, check)
    _discard(spare)
    return _write_new(out, files, keep, finish, damaged, spare, check)


def _write_new(out: Path, files: Mapping[str, bytes], keep: Callable[[str], bool] | None,
               finish: Callable[[Path], None] | None, damaged: Collection[str],
               spare: Spare | None, check: Callable[[], None] | None) -> Written:
    """Write a new folder (hard links to the kept files of the site in place), swap it
    in; the replaced site becomes the spare, or is deleted."""
    tmp = out.parent / f".{out.name}.tmp-{os.getpid()}"
    shutil.rmtree(tmp, ignore_errors=True)
    try:
        tmp.mkdir()
        linked: set[str] = set()
        if keep and out.is_dir():
            linked = _link_tree(out, tmp, lambda rel: rel not in files and rel not in damaged
                                and (keep(rel) or rel == MARKER))
        changed = set()
        for rel in sorted(files):
            data = files[rel]
            path = tmp / rel
            old = out / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            if keep and rel not in damaged and _same_bytes(old, data):
                _link_or_copy(old, path)  # unchanged bytes keep their date (rsync, caches)
                linked.add(rel)
            else:
                path.write_bytes(data)
                changed.add(rel)
        if not (tmp / MARKER).is_file():
            (tmp / MARKER).write_bytes(MARKER_TEXT)
        if finish:
            finish(tmp)
        if check:
            check()
        twin = None
        if spare is not None and not keep:
            # A cold build makes its spare too (hard links: the first incremental build
            # after it then only updates it), before the swap, so a build killed
            # before the swap leaves no spare beside the old site.
            twin = spare.folder.parent / f".{spare.folder.name}.tmp-{os.getpid()}"
            shutil.rmtree(twin, ignore_errors=True)
            twin.mkdir(parents=True)
            _link_tree(tmp, twin, lambda rel: True)
        _swap(tmp, out)
        if twin is not None and spare is not None:
            os.replace(twin, spare.folder)
            return Written(frozenset(), None)  # the spare is the new site
        if spare is None or not keep:
            return Written(None, None)
        # The replaced site, now in `tmp`, differs from the new one where the new one
        # holds a file of its own, and where only one of the two has a file.
        mine = {rel for rel, _ in _names(out)} - linked
        changed |= mine | ({rel for rel, _ in _names(tmp)} - linked)
        spare.folder.parent.mkdir(parents=True, exist_ok=True)
        os.replace(tmp, spare.folder)
        return Written(frozenset(changed), None)  # every kept file has one more link
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def _update_spare(out: Path, files: Mapping[str, bytes], keep: Callable[[str], bool],
                  finish: Callable[[Path], None] | None, damaged: Collection[str],
                  current: set[str], spare: Spare, check: Callable[[], None] | None) -> Written:
    """Bring the spare generation up to the new site by the paths that differ, swap."""
    assert spare.lag is not None
    folder = spare.folder

    def kept(rel: str) -> bool:
        return rel in current and rel not in damaged and (keep(rel) or rel == MARKER)

    if not kept(MARKER) and MARKER not in files:
        # A site from before the marker, or a damaged marker: written anew.
        files = ChainMap({MARKER: MARKER_TEXT}, files)  # type: ignore[arg-type]

    todo = set(spare.lag) | set(files) | {rel for rel in current if not kept(rel)}
    changed, restat = set(), set()
    for rel in sorted(todo):
        mine, theirs = folder / rel, out / rel
        if rel in files:
            data = files[rel]
            if rel not in damaged and rel in current and _same_bytes(theirs, data):
                # Unchanged bytes keep their file (and date): the site's, shared.
                if rel in spare.lag or not mine.is_file():
                    _put(mine, link=theirs)
                    restat.add(rel)
            else:
                _put(mine, data=data)
                changed.add(rel)
                restat.add(rel)
        elif kept(rel):  # the spare holds an older version: take the site's
            _put(mine, link=theirs)
            restat.add(rel)
        else:
            _remove(folder, rel)
            if rel in current:
                changed.add(rel)
    if check:
        check()  # the spare was written, not the site: a failure leaves the site as it is
    if finish:
        expected = {rel for rel in current if kept(rel)} | set(files)
        finish(folder)
        # What it added is new; and it may have linked site files (Pagefind's staging
        # folder does): take the whole state again.
        changed |= {rel for rel, _ in _names(folder)} - expected
        _swap(folder, out)
        return Written(frozenset(changed), None)
    _swap(folder, out)
    return Written(frozenset(changed), frozenset(restat))


def _same_bytes(path: Path, data: bytes) -> bool:
    try:
        return path.stat().st_size == len(data) and path.read_bytes() == data
    except (FileNotFoundError, NotADirectoryError, IsADirectoryError):
        return False


def _put(path: Path, *, data: bytes | None = None, link: Path | None = None) -> None:
    """A new file at `path` (bytes, or a hard link to `link`), never the old one
    rewritten: the old one may be a hard link shared with the site in place."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.parent / f".{path.name}.tmp-{os.getpid()}"
    tmp.unlink(missing_ok=True)
    if link is not None:
        _link_or_copy(link, tmp)
    else:
        assert data is not None
        tmp.write_bytes(data)
    os.replace(tmp, path)


def _remove(root: Path, rel: str) -> None:
    """Delete a file, and the folders it leaves empty (a cold build makes none)."""
    path = root / rel
    path.unlink(missing_ok=True)
    for parent in path.parents:
        if parent == root:
            break
        try:
            parent.rmdir()
        except OSError:  # not empty (or already gone)
            break


def _names(root: Path):
    """(relative path, None) of every file under `root`, names only (no stat)."""
    stack = [""]
    while stack:
        prefix = stack.pop()
        with os.scandir(root / prefix if prefix else root) as entries:
            for entry in entries:
                rel = f"{prefix}{entry.name}"
                if entry.is_dir(follow_symlinks=False):
                    stack.append(rel + "/")
                else:
                    yield rel, None


def _discard(spare: Spare | None) -> None:
    if spare is not None and spare.folder.exists():
        # Renamed first: a build killed while deleting it leaves a temporary folder,
        # which the next build removes, never a half-deleted spare.
        doomed = spare.folder.parent / f".{spare.folder.name}.tmp-{os.getpid()}"
        shutil.rmtree(doomed, ignore_errors=True)
        os.replace(spare.folder, doomed)
        shutil.rmtree(doomed, ignore_errors=True)


def _link_tree(src: Path, dst: Path, wanted: Callable[[str], bool]) -> set[str]:
    """Hard-link the wanted files of `src` into `dst` (a cold build links the whole site
    into its spare: strings, not Path objects, and each folder made once, as that is
    14,000 files at 10,000 offers)."""
    linked = set()
    made = set()
    for root, dirs, names in os.walk(src):
        dirs.sort()
        rel_root = os.path.relpath(root, src)
        prefix = "" if rel_root == "." else rel_root.replace(os.sep, "/") + "/"
        for name in sorted(names):
            rel = prefix + name
            if wanted(rel):
                if prefix not in made:
                    os.makedirs(os.path.join(dst, prefix), exist_ok=True)
                    made.add(prefix)
                _link_or_copy(os.path.join(root, name), os.path.join(dst, rel))
                linked.add(rel)
    return linked


def _link_or_copy(src: Path | str, dst: Path | str) -> None:
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

def remove_leftovers(out: Path, spare: Path | None = None) -> None:
    """Remove the temporary folders of builds that died; restore a site a build
    killed between two renames had moved aside (systems without an atomic swap).
    `spare`: the spare generation's folder, beside which a build also works."""
    _remove_leftovers(out.parent, out, rf"\.{re.escape(out.name)}\.(tmp|old)-(\d+)$")
    if spare is not None:
        _remove_leftovers(spare.parent, None, rf"\.{re.escape(spare.name)}\.(tmp)-(\d+)$")


def _remove_leftovers(folder: Path, out: Path | None, ours: str) -> None:
    pattern = re.compile(ours)
    if not folder.is_dir():
        return
    for entry in sorted(folder.iterdir()):
        m = pattern.match(entry.name)
        if not m or _alive(int(m.group(2))):
            continue
        if m.group(1) == "old" and out is not None and not out.exists():
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
