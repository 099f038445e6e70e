"""The persistent cache of parsed content, for fast rebuilds.

Parsing is the costly part of reading (YAML, the typed model, Markdown): a
valid file's result is kept, keyed by the hash of its bytes, the dates git
supplies it and the version of the code that parses it. A file with problems
is never cached, so its messages come back on every build. The cache lives
outside the site (default: .jobboard-cache/ next to the output folder, or
$JOBBOARD_CACHE) and can be deleted at any time.
"""

from __future__ import annotations

import hashlib
import os
import pickle
from functools import cache
from pathlib import Path
from typing import Any

import markdown_it
import yaml

PACKAGE = Path(__file__).resolve().parent


@cache
def code_version() -> str:
    """Changes whenever the code that parses content or renders pages changes."""
    h = hashlib.blake2b(digest_size=16)
    for path in sorted(PACKAGE.rglob("*.py")):
        h.update(path.relative_to(PACKAGE).as_posix().encode())
        h.update(path.read_bytes())
    h.update(f"{markdown_it.__version__} {yaml.__version__}".encode())
    return h.hexdigest()


def digest(data: bytes) -> str:
    return hashlib.blake2b(data, digest_size=16).hexdigest()


def default_folder(out: Path) -> Path:
    env = os.environ.get("JOBBOARD_CACHE")
    return Path(env) if env else out.absolute().parent / ".jobboard-cache" / out.name


class Store:
    """A pickled dict in one file, loaded once and written back atomically."""

    def __init__(self, path: Path | None):
        self.path = path
        self.data: dict[Any, Any] = {}
        self.dirty = False
        if path and path.is_file():
            try:
                with path.open("rb") as f:
                    version, data = pickle.load(f)
                if version == code_version():
                    self.data = data
            except Exception:  # a corrupt or old cache is only a slower build
                self.data = {}

    def clear(self) -> None:
        """Forget the data, on disk too (a read-only cache keeps its file: only a slower
        next build, see pipeline.Manifest)."""
        self.data, self.dirty = {}, False
        if self.path:
            try:
                self.path.unlink(missing_ok=True)
            except OSError:
                pass

    def save(self) -> None:
        """Write the data back; a cache that cannot be written (disk full, read-only)
        only makes the next build slower, so that is not an error."""
        if not self.path or not self.dirty:
            return
        tmp = self.path.with_suffix(f".tmp-{os.getpid()}")
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            with tmp.open("wb") as f:
                pickle.dump((code_version(), self.data), f, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(tmp, self.path)
        except OSError:
            try:
                tmp.unlink(missing_ok=True)
            except OSError:
                pass
