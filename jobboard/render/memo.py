"""Pieces of output computed once and reused: in memory for the life of a renderer
(a long-running `serve`), and between builds in the build cache.

Files that list offers (`indeed.xml`, `offres.json`, `offres.csv`, the calendars,
the filters' records) hold one piece per offer between a header and a footer, and an
incremental build renders them again whole whenever one offer changes: 3,741 open
offers at 10k, of which `indeed.xml` alone took 3 s (most of it rewriting each
offer's HTML for Indeed). Each piece is kept by what it shows, so an edit renders
one offer's pieces and joins the others:
- an offer's piece, by its kind and the offer view's key (what the build's
  fingerprints make of the offer, its employers, its day-derived fields and the
  site's settings, with the item template's files);
- HTML rewritten for Indeed, by the hash of the fragment rewritten.
Pieces are kept as UTF-8 bytes (half the memory of text holding a character beyond
Latin-1, as the Indeed HTML's word joiners do). The cache is `Store`s: a new version
of the code starts afresh. Render workers of a cold build save what they used to a
file each (`pieces.share-N.pickle`) rather than sending it through a pipe to a
parent that would hold it all; the next build reads them all and, if it made any
piece, writes one file again.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from jobboard.cache import Store

Key = tuple[str, str]


class Memo:
    def __init__(self, path: Path | None = None):
        self.path = path
        self._kept: dict[Key, bytes] = {}
        for file in ([path, *self._shares()] if path else []):
            self._kept |= Store(file).data
        self.used: dict[Key, bytes] = {}  # (kind, key) -> piece, this build's
        self.new: dict[Key, bytes] = {}  # made this build (not from the cache)
        self.shared = False  # render workers saved what they used (save_share)

    def get(self, kind: str, key: str, make: Callable[[], bytes]) -> bytes:
        found = self.used.get((kind, key))
        if found is None:
            found = self._kept.get((kind, key))
            if found is None:
                found = self.new[(kind, key)] = make()
            self.used[(kind, key)] = found
        return found

    def _shares(self) -> list[Path]:
        assert self.path is not None
        return sorted(self.path.parent.glob(f"{self.path.stem}.share-*{self.path.suffix}"))

    def _write(self, path: Path, data: dict[Key, bytes]) -> None:
        store = Store(None)
        store.path, store.data, store.dirty = path, data, True
        store.save()

    def save_share(self, number: int) -> bool:
        """In render worker `number` of a cold build: save the pieces it used; whether
        it did."""
        if self.path is None or not self.used:
            return False
        self._write(self.path.with_name(f"{self.path.stem}.share-{number}{self.path.suffix}"),
                    self.used)
        return True

    def save(self, complete: bool = False) -> None:
        """At the end of a build. `complete`: it rendered every output (a cold build),
        so the pieces it did not use are dropped; otherwise the pieces it used are
        added to those kept (a kind, such as a calendar's events, is used by several
        files, not all rendered again): versions of an edited offer stay until the
        next cold build or version of the code."""
        if self.path is None:
            return
        if complete and self.shared:  # the workers' files hold everything used
            _remove(self.path)
            return
        if not self.new:
            return
        self._write(self.path, self.used if complete else self._kept | self.used)
        for share in self._shares():
            _remove(share)


def _remove(path: Path) -> None:
    """A cache file that cannot be removed (read-only cache) is only a slower next build."""
    try:
        path.unlink(missing_ok=True)
    except OSError:
        pass
