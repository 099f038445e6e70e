"""Fingerprints of outputs: what a page or feed is made of, hashed.

An output's key is the hash of its template files and of every value in its
context: the offers, employers and site settings it shows, and what the build
day makes of them (open or closed, closing soon, new). Equal keys mean equal bytes,
so an incremental build renders only the outputs whose key changed: an edited
offer re-renders its page, the lists and feeds it appears in, and the pages
that show it among their related offers; nothing else.

Shared values (an offer view appears in dozens of outputs) are hashed once.

The state of files on disk (`file_state`, `output_state`) decides whether a
build has anything to do at all: inputs and outputs alike are compared by
inode, size, modification time and change time. The change time is set by the
kernel on every write and cannot be set back (`touch -r` restores only the
modification time), and a file modified less than RACY_NS before it was looked
at is also compared by content, since a second write within the same clock
tick leaves every time as it was (git's "racily clean" entries). A recent change
time alone does not call for the content (a hard link made or removed sets it:
the writer links every file of the site once, into its spare generation): a
later write moves the modification time off its old value, and only a write
that also restores it within the same tick as the build's look would go unseen.
"""

from __future__ import annotations

import dataclasses
import hashlib
import os
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import cast

from markupsafe import Markup

from jobboard.plan.views import OfferView
from jobboard.render.renderer import Folders, find, search_path


class Fingerprinter:
    def __init__(self, templates: Folders,
                 views: Callable[[OfferView, Callable[[OfferView], bytes]], bytes] | None = None):
        """`views(view, compute)`: where views' hashes are kept beyond this object (the
        planner's memo, which a build keeps in its cache: a view it reuses is the same
        object, so its hash is the same)."""
        self.templates = search_path(templates)
        self._views = views
        self._memo: dict[int, bytes] = {}
        self._keep: list[object] = []  # memo keys are ids: keep the objects alive
        self._template_keys: dict[str, bytes] = {}

    def key(self, template: str, context: dict) -> str:
        h = hashlib.blake2b(digest_size=16)
        h.update(self.template_key(template))
        for name in sorted(context):  # the context itself is new for each output
            h.update(name.encode())
            self._feed(h, context[name])
        return h.hexdigest()

    def piece_key(self, kind: str, view: OfferView, site, day: bool = True) -> str:
        """The key of one offer's piece of a file (render/memo.py): its kind's files, the
        offer view and the site settings. `day=False`: the piece shows nothing the build
        day changes in a view but whether it is open (renderer.DAY_FREE), so the view's
        other day-derived fields are left out and the piece is kept from day to day."""
        h = hashlib.blake2b(digest_size=16)
        h.update(self.template_key(kind))
        self._feed(h, view if day else
                   [view.offer.digest or view.offer, view.employers, view.is_open])
        self._feed(h, site)
        return h.hexdigest()

    def template_key(self, template: str) -> bytes:
        """A template, with the layout and partials every template may include."""
        if template not in self._template_keys:
            h = hashlib.blake2b(digest_size=16)
            h.update(template.encode())
            path = find(self.templates, template)
            if path is not None:
                h.update(path.read_bytes())
                shared = sorted({p.relative_to(f).as_posix() for f in self.templates
                                 for p in f.glob("partials/*")}) + ["base.html"]
                for name in shared:
                    if (found := find(self.templates, name)) is not None:
                        h.update(name.encode())
                        h.update(found.read_bytes())
            self._template_keys[template] = h.digest()
        return self._template_keys[template]

    def _feed(self, h, value) -> None:
        if value is None or isinstance(value, (bool, int, float, date)):
            h.update(f"{type(value).__name__}:{value!r};".encode())
        elif isinstance(value, (str, Markup)):
            data = str(value).encode()
            h.update(b"s%d:" % len(data))
            h.update(data)
        elif isinstance(value, (list, tuple, dict)) or dataclasses.is_dataclass(value):
            # Plans are not mutated once made: containers shared by many outputs
            # (the navigation, a term's offers) are hashed once, by identity.
            h.update(self._object(value))
        else:
            raise TypeError(f"cannot fingerprint {type(value).__name__}")  # a planner bug

    def _view(self, view: OfferView) -> bytes:
        """Everything else in a view derives from these and the site settings, which
        every output's context holds anyway. Of the build day, a view holds only these
        three (no count of days: pages leave it to theme/jours.js), so a day that changes
        no offer's status or badge changes no view's key."""
        h = hashlib.blake2b(digest_size=16)
        h.update(type(view).__name__.encode())
        self._feed(h, [view.offer.digest or view.offer, view.employers, view.is_open,
                       view.closing_soon, view.is_new])
        return h.digest()

    def _object(self, obj) -> bytes:
        cached = self._memo.get(id(obj))
        if cached is None and isinstance(obj, OfferView):
            cached = self._memo[id(obj)] = self._views(obj, self._view) \
                if self._views is not None else self._view(obj)
            self._keep.append(obj)
        if cached is None:
            h = hashlib.blake2b(digest_size=16)
            h.update(type(obj).__name__.encode())
            if isinstance(obj, dict):
                for k in sorted(obj, key=str):
                    self._feed(h, k)
                    self._feed(h, obj[k])
            elif isinstance(obj, (list, tuple)):
                for item in obj:
                    self._feed(h, item)
            else:
                for f in dataclasses.fields(obj):
                    h.update(f.name.encode())
                    self._feed(h, getattr(obj, f.name))
            cached = self._memo[id(obj)] = h.digest()
            self._keep.append(obj)
        return cached


# --- The state of files on disk -------------------------------------------------------

RACY_NS = 2_000_000_000  # 2 s: the coarsest file-system clock in use (FAT's)


def file_state(entry: os.DirEntry, now_ns: int, digest: str | None = None,
               follow: bool = False) -> tuple:
    """What tells a file from its edited self: inode, size, modification and change
    times, and its content's hash (`digest` if the caller has it) when its modification
    time is too recent to be trusted. `follow`: the state of a symbolic link's target (sources),
    or of the link itself if it leads nowhere."""
    try:
        st = entry.stat(follow_symlinks=follow)
    except FileNotFoundError:
        st = entry.stat(follow_symlinks=False)
    state: tuple = (st.st_ino, st.st_size, st.st_mtime_ns, st.st_ctime_ns)
    if st.st_mtime_ns >= now_ns - RACY_NS:
        state += (digest or _digest(entry.path),)
    return state


def _digest(path: str) -> str:
    if not os.path.isfile(path):
        return ""
    with open(path, "rb") as f:
        return hashlib.file_digest(f, lambda: hashlib.blake2b(digest_size=16)).hexdigest()


def walk_files(folder: Path | str):
    """(relative path, entry) of every file under `folder`, in no particular order (the
    callers make dicts): a loop with its own stack (any depth), links to folders not
    followed, folders that cannot be listed skipped. Strings, not Path objects: this
    runs over every file of the site before and after each build."""
    stack = [("", os.fspath(folder))]
    while stack:
        prefix, path = stack.pop()
        try:
            with os.scandir(path) as entries:
                for entry in entries:
                    try:
                        is_dir = entry.is_dir(follow_symlinks=False)
                    except OSError:
                        is_dir = False
                    if is_dir:
                        stack.append((f"{prefix}{entry.name}/", entry.path))
                    else:
                        yield f"{prefix}{entry.name}", entry
        except OSError:
            continue


def output_state(out: Path) -> dict[str, tuple]:
    """Every file of the built site (relative path -> state), taken once the build is
    over (the files just written are recent: their hashes are kept)."""
    now = time.time_ns()
    return {rel: file_state(entry, now) for rel, entry in walk_files(out)}


def restat_outputs(out: Path, recorded: dict[str, tuple],
                   paths: set[str] | frozenset[str]) -> dict[str, tuple]:
    """`recorded` (the state of the site before a build wrote `paths`) with the state of
    those paths taken again: the files a build did not write, link or unlink keep their
    inode, size and times (a hard link made or removed changes its file's change time:
    the writer names those paths too)."""
    now = time.time_ns()
    state = dict(recorded)
    for rel in paths:
        try:
            state[rel] = file_state(cast(os.DirEntry, _Entry(os.path.join(out, rel))), now)
        except FileNotFoundError:
            state.pop(rel, None)
    return state


class _Entry:
    """What file_state needs of an os.DirEntry, for a path."""

    def __init__(self, path: str):
        self.path = path

    def stat(self, follow_symlinks: bool = True) -> os.stat_result:
        return os.stat(self.path, follow_symlinks=follow_symlinks)


def changed_outputs(out: Path, recorded: dict[str, tuple]) -> tuple[set[str], dict[str, tuple]]:
    """The files of the site deleted, added or overwritten since `recorded` was taken, and
    the state now. A file recorded with its hash (recent then) is compared by content,
    and is recorded without it once its times are old enough to be trusted: only the
    first check after a build reads the files."""
    now = time.time_ns()
    touched, state = set(), {}
    for rel, entry in walk_files(out):
        before = recorded.get(rel)
        st = entry.stat(follow_symlinks=False)
        if before is None or before[:4] != (st.st_ino, st.st_size, st.st_mtime_ns,
                                            st.st_ctime_ns):
            touched.add(rel)
            state[rel] = file_state(entry, now)
            continue
        if len(before) == 5:
            digest = _digest(entry.path)
            if digest != before[4]:
                touched.add(rel)
            state[rel] = file_state(entry, now, digest)
        else:
            state[rel] = before
    touched |= recorded.keys() - state.keys()
    return touched, state
