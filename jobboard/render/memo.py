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
The cache is a `Store`: a new version of the code starts afresh.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from jobboard.cache import Store


class Memo:
    def __init__(self, path: Path | None = None):
        self._store = Store(path)
        self.used: dict[tuple[str, str], str] = {}  # (kind, key) -> piece, this build's
        self.new: dict[tuple[str, str], str] = {}  # made this build (not from the cache)

    def get(self, kind: str, key: str, make: Callable[[], str]) -> str:
        found = self.used.get((kind, key))
        if found is None:
            found = self._store.data.get((kind, key))
            if found is None:
                found = self.new[(kind, key)] = make()
            self.used[(kind, key)] = found
        return found

    def merge(self, new: dict[tuple[str, str], str]) -> None:
        """What worker processes made (they render in a fork: their memo is lost)."""
        self.new |= new
        self.used |= new

    def save(self, complete: bool = False) -> None:
        """Keep the pieces when this build made any. `complete`: the build rendered
        every output (a cold build), so what it did not use is dropped; otherwise the
        pieces it used are added to those kept (a kind such as a calendar's events
        is used by many files, not all rendered again): versions of an edited offer
        stay until the next cold build or version of the code."""
        if not self.new:
            return
        kept = {} if complete else self._store.data
        self._store.data, self._store.dirty = kept | self.used, True
        self._store.save()
