"""The Indeed feed's HTML (`html_subset.literal_html`), kept between builds.

Rewriting an offer's HTML for Indeed is most of the cost of `indeed.xml` (0.46 ms
an offer, ~1.7 CPU-s for 3,741 open offers), and that file holds every open offer:
an incremental build that edits one offer renders it again whole. The rewrite is a
pure function of the fragment (partials/offer_full.html as rendered) and of the
code, so it is kept by the fragment's hash in the build cache (`Store`: a new
version of the code starts afresh) and computed only for fragments that changed.
It is not kept in the parse cache: the fragment shows the offer's view (employers,
place, the site's address), not only its file.
"""

from __future__ import annotations

from pathlib import Path

from jobboard.cache import Store, digest
from jobboard.render.html_subset import literal_html


class SanitisedMemo:
    def __init__(self, path: Path | None = None):
        self._store = Store(path)
        self.used: dict[str, str] = {}  # hash -> rewritten HTML, this build's
        self.new: dict[str, str] = {}  # those computed this build (not from the cache)

    def literal_html(self, fragment: str) -> str:
        key = digest(fragment.encode())
        found = self.used.get(key)
        if found is None:
            found = self._store.data.get(key)
            if found is None:
                found = self.new[key] = literal_html(fragment)
            self.used[key] = found
        return found

    def merge(self, new: dict[str, str]) -> None:
        """What worker processes computed (they render in a fork: their memo is lost)."""
        self.new |= new
        self.used |= new

    def save(self) -> None:
        """Keep this build's fragments when it computed any (only a build that rendered
        the Indeed feed uses them: otherwise the memo on disk stays as it is)."""
        if self.new:
            self._store.data, self._store.dirty = self.used, True
            self._store.save()
