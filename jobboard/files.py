"""Walking and reading the content tree safely, whatever it holds.

A content folder is edited by people and their tools: it may hold an editor's
lock file (a dangling symbolic link), a named pipe, a link to a device, or
folders nested a thousand deep. None of them may hang, crash or slow a build:
- `walk` is a loop, not recursion (any depth), never follows a symbolic link
  to a folder (no loops), and skips the files editors' tools leave behind;
- `read_regular` refuses anything but a regular file before opening it for
  reading (a FIFO would block, /dev/zero never ends), and reads at most a
  given size.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from pathlib import Path


def shown(path: Path | str) -> str:
    """A file as messages name it: relative to the working directory, where the
    editor typed the command (absolute on another drive, on Windows)."""
    try:
        return os.path.relpath(path)
    except ValueError:
        return str(path)


def ignored(name: str) -> bool:
    """Files and folders no build reads: hidden ones (.git, Vim's .agent.md.swp, Emacs's
    lock link .#agent.md), backups (agent.md~) and Emacs auto-saves (#agent.md#)."""
    return name.startswith(".") or name.endswith("~") or \
        (len(name) > 1 and name.startswith("#") and name.endswith("#"))


class NotRegularFile(OSError):
    """A path that is a FIFO, a device, a socket or a link to one: never read."""

    def __init__(self, path: Path | str, mode: int):
        kind = ("a named pipe (FIFO)" if stat.S_ISFIFO(mode) else
                "a device" if stat.S_ISCHR(mode) or stat.S_ISBLK(mode) else
                "a socket" if stat.S_ISSOCK(mode) else
                "a folder" if stat.S_ISDIR(mode) else "not a regular file")
        super().__init__(f"{kind}, not a regular file")
        self.kind = kind
        self.filename = str(path)


def read_regular(path: Path | str, limit: int) -> bytes:
    """At most `limit + 1` bytes of the regular file at `path` (a longer file is
    too long: the caller needs no more to say so). Raises NotRegularFile, or
    OSError when it cannot be read."""
    mode = os.stat(path).st_mode  # follows a link: a link to /dev/zero is a device
    if not stat.S_ISREG(mode):
        raise NotRegularFile(path, mode)
    # Non-blocking: should the file be swapped for a FIFO after the check, open()
    # returns at once and the second check refuses it.
    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    try:
        mode = os.fstat(fd).st_mode
        if not stat.S_ISREG(mode):
            raise NotRegularFile(path, mode)
        chunks, size = [], 0
        while size <= limit:
            chunk = os.read(fd, limit + 1 - size)
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
        return b"".join(chunks)
    finally:
        os.close(fd)


def walk(folder: Path, skip_ignored: bool = True) -> Iterator[tuple[Path, os.DirEntry | None]]:
    """Every entry under `folder`, depth first in name order: (path, entry) for files
    and other non-folders, (path, None) for a folder that could not be listed. A loop
    with its own stack, so any depth works; links to folders are not followed."""
    for path, entry in walk_names(folder, skip_ignored):
        yield Path(path), entry


def walk_names(folder: Path | str,
               skip_ignored: bool = True) -> Iterator[tuple[str, os.DirEntry | None]]:
    """`walk` with paths as strings (the build looks at every file before anything else:
    10,000 Path objects cost 0.1 s)."""
    stack = [os.fspath(folder)]
    while stack:
        current = stack.pop()
        try:
            with os.scandir(current) as it:
                entries = sorted(it, key=lambda e: e.name)
        except OSError:
            yield current, None
            continue
        subfolders = []
        for entry in entries:
            if skip_ignored and ignored(entry.name):
                continue
            try:
                is_dir = entry.is_dir(follow_symlinks=False)
            except OSError:
                is_dir = False
            if is_dir:
                subfolders.append(entry.path)
            else:
                yield entry.path, entry
        stack.extend(reversed(subfolders))
