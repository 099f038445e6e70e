"""Search facets: the filters of the search page (catégorie, filière, employer, commune,
working time, contract), their options with counts, and the compact record of each open
offer that the page filters (/recherche/offres.json).

Pagefind's own filters are not used: its filter files come out in a different order on
every run, and the site must be byte-identical from one build to the next.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass

from jobboard.plan.views import OfferView
from jobboard.text import collation_key

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
