"""Search: a Pagefind full-text index of the open offers, and a facet file for filters.

Pagefind (PyPI `pagefind[bin]`, its binary shipped in the wheel) writes a
chunked index under /pagefind/ that the browser fetches piece by piece, so a
phone downloads only what a query needs. Pages are added one by one in sorted
order, and Pagefind's own filters are not used: its filter files come out in
a different order on every run, and the site must be byte-identical from one
build to the next. Filters (catégorie, filière, employer, commune, working
time, contract) use /recherche/offres.json instead, written by `facets()`.

The index is built in the temporary output folder, before the swap, so a
failure leaves the previous site in place.
"""

from __future__ import annotations

import asyncio
import json
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from .views import OfferView


class SearchIndexError(Exception):
    pass


def index_site(site_dir: Path, base_path: str = "/") -> None:
    """Index the open offer pages of the site written in `site_dir`."""
    pages = [p for p in sorted(site_dir.glob("offres/*/index.html"))
             if "data-pagefind-body" in p.read_text(encoding="utf-8")]
    # In its own thread: `serve` builds from inside a running event loop (tornado's),
    # where asyncio.run() is not allowed.
    with ThreadPoolExecutor(max_workers=1) as pool:
        try:
            pool.submit(asyncio.run, _index(site_dir, pages, base_path)).result()
        except Exception as e:  # the index is part of the site: no index, no new site
            raise SearchIndexError(f"search index: {e}") from e


async def _index(site_dir: Path, pages: list[Path], base_path: str) -> None:
    from pagefind.index import IndexConfig, PagefindIndex

    async with PagefindIndex(config=IndexConfig(force_language="fr")) as index:
        for page in pages:
            url = base_path + page.parent.relative_to(site_dir).as_posix() + "/"
            await index.add_html_file(content=page.read_text(encoding="utf-8"), url=url)
        await index.write_files(output_path=str(site_dir / "pagefind"))


FACETS = [("categorie", "Catégorie"), ("filiere", "Filière"), ("employeur", "Employeur"),
          ("commune", "Commune"), ("temps", "Temps de travail"), ("contrat", "Type d'emploi")]


def facet_values(v: OfferView) -> dict[str, list[str]]:
    return {"categorie": [c.label for c in v.categories], "filiere": [v.filiere.label],
            "employeur": [e.name for e in v.employers], "commune": [v.place.city],
            "temps": [v.working_time_label], "contrat": [v.contract_label]}


@dataclass(frozen=True)
class FacetGroup:
    key: str  # the URL parameter
    label: str
    options: list[tuple[str, int]]  # value, number of open offers


def facet_options(views: list[OfferView]) -> list[FacetGroup]:
    """For the search form: each facet with its values and how many open offers have each."""
    from .slugs import collation_key
    options = []
    for key, label in FACETS:
        counts: dict[str, int] = {}
        for v in views:
            for value in facet_values(v)[key]:
                counts[value] = counts.get(value, 0) + 1
        values = sorted(counts.items(), key=lambda kv: collation_key(kv[0]))
        options.append(FacetGroup(key, label, values))
    return options


def facets(ctx: dict, full_html: Callable | None = None) -> bytes:
    """What the search page filters and lists: one compact record per open offer."""
    offers = [{"url": v.url, "title": v.offer.title, "employers": v.employer_names,
               "city": v.place.city, "deadline": v.offer.deadline.isoformat(),
               "deadline_text": v.deadline_text, "category_text": v.category_text,
               "f": facet_values(v)} for v in ctx["items"]]
    return json.dumps({"offers": offers}, ensure_ascii=False,
                      separators=(",", ":")).encode("utf-8")
