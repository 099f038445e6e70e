"""Filters: the facets of the search page and of every listing page (catégorie, filière,
département, commune, working time, contract, employer), their options with counts,
and the compact record of each offer that the pages' scripts filter and render
(/recherche/offres.json for open offers, /archives/offres.json for closed ones).

Pagefind's own filters are not used: its filter files come out in a different order on
every run, and the site must be byte-identical from one build to the next.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass

from jobboard.content import model
from jobboard.plan.views import OfferView
from jobboard.text import collation_key

FACETS = [("categorie", "Catégorie"), ("filiere", "Filière"), ("departement", "Département"),
          ("commune", "Commune"), ("temps", "Temps de travail"), ("contrat", "Type d'emploi"),
          ("employeur", "Employeur")]
# Not a filter of its own, but what a theme's page lists: its script keeps to it.
SCOPE_ONLY = [("theme", "Thème")]


def departement_label(postal_code: str) -> str:
    code = postal_code[:2]
    return f"{model.DEPARTEMENTS[code]} ({code})" if code in model.DEPARTEMENTS else code


def facet_values(v: OfferView) -> dict[str, list[str]]:
    return {"categorie": [c.label for c in v.categories], "filiere": [v.filiere.label],
            "departement": [departement_label(v.place.postal_code)],
            "commune": [v.place.city], "temps": [v.working_time_label],
            "contrat": [v.contract_label], "employeur": [e.name for e in v.employers],
            "theme": [t.label for t in v.themes]}


def facet_links(v: OfferView) -> dict[str, dict[str, str]]:
    """Where an option leads without JavaScript: the page of that term, when it has one."""
    return {"categorie": {c.label: c.url for c in v.categories},
            "filiere": {v.filiere.label: v.filiere.url},
            "commune": {v.commune.label: v.commune.url} if v.commune else {},
            "employeur": {link.label: link.url for link in v.employer_links}}


@dataclass(frozen=True)
class FacetOption:
    value: str
    count: int  # offers of the list that have it
    url: str | None = None  # its page, for visitors without JavaScript


@dataclass(frozen=True)
class FacetGroup:
    key: str  # the URL parameter
    label: str
    options: list[FacetOption]
    more: tuple[str, str] | None = None  # (label, URL) of the page listing every option


def facets_of(v: OfferView) -> tuple[dict[str, list[str]], dict[str, dict[str, str]]]:
    """An offer's facet values and links (the planner keeps them per offer: see PlanMemo)."""
    return facet_values(v), facet_links(v)


def facet_options(views: list[OfferView], keys: list[str] | None = None,
                  of: Callable[[OfferView], tuple[dict, dict]] = facets_of) -> list[FacetGroup]:
    """Each facet with its values and how many of `views` have each, in French order.
    `of`: an offer's (facet_values, facet_links), computed once per offer."""
    groups = []
    pairs = [of(v) for v in views]
    for key, label in FACETS:
        if keys is not None and key not in keys:
            continue
        counts: dict[str, int] = {}
        urls: dict[str, str] = {}
        for found, links in pairs:
            for value in found[key]:
                counts[value] = counts.get(value, 0) + 1
            urls.update(links.get(key, {}))
        values = sorted(counts.items(), key=lambda kv: collation_key(kv[0]))
        groups.append(FacetGroup(key, label, [FacetOption(value, n, urls.get(value))
                                              for value, n in values]))
    return groups


SORTS = {"open": [("echeance", "Date limite la plus proche"), ("recent", "Plus récentes")],
         "closed": [("echeance", "Date limite la plus récente"), ("recent", "Plus récentes")]}


@dataclass(frozen=True)
class FilterPanel:
    """The filters of one listing page, over every offer of the list (all its pages)."""
    groups: list[FacetGroup]
    data_url: str  # the records the script filters
    sorts: list[tuple[str, str]]
    scope_key: str | None = None  # the script keeps to the records of this facet value
    scope_value: str | None = None
    open_groups: int = 2  # groups shown unfolded
    default_sort: str = "echeance"


# A listing page shows at most this many options a filter (the most frequent), so that
# hundreds of communes or employers do not weigh on every page; a link leads to all.
MAX_OPTIONS = 8


def shortened(group: FacetGroup, more: dict[str, tuple[str, str]]) -> FacetGroup:
    if len(group.options) <= MAX_OPTIONS:
        return group
    top = sorted(group.options, key=lambda o: (-o.count, collation_key(o.value)))[:MAX_OPTIONS]
    kept = {o.value for o in top}
    return FacetGroup(group.key, group.label, [o for o in group.options if o.value in kept],
                      more.get(group.key))


def filter_panel(views: list[OfferView], data_url: str, *, closed: bool = False,
                 scope: tuple[str, str] | None = None,
                 more: dict[str, tuple[str, str]] | None = None,
                 of: Callable[[OfferView], tuple[dict, dict]] = facets_of) -> FilterPanel | None:
    """A filter that cannot narrow the list (a single option) is left out; a list with
    nothing to narrow gets no panel. `more`: facet key -> (label, URL) of its index page."""
    groups = [shortened(g, more or {}) for g in facet_options(views, of=of)
              if len(g.options) > 1]
    if not groups:
        return None
    return FilterPanel(groups, data_url, SORTS["closed" if closed else "open"],
                       *(scope or (None, None)))


def record(v: OfferView) -> dict:
    """What a script needs to filter, sort and show one offer as a card."""
    rec = {"url": v.url, "title": v.offer.title, "employers": v.employer_names,
           "monogram": v.monogram, "mono": v.monogram_class, "logo": v.lead_logo_path,
           "city": v.place.city, "category_text": v.category_text,
           "contract": v.employment_text, "time": v.working_time_short, "pay": v.pay_short,
           "deadline": v.offer.deadline.isoformat(), "deadline_text": v.deadline_text,
           "closes_at": v.closes_at, "published": v.offer.published.isoformat(),
           "new_until": v.new_until, "f": facet_values(v)}
    if not v.is_open:
        rec["closed_text"] = v.closed_text
    return {k: val for k, val in rec.items() if val is not None}


def facets(ctx: dict, full_html: Callable | None = None) -> bytes:
    """The records of a list of offers, in the list's order."""
    return records_file(ctx, [record_json(ctx, v) for v in ctx["items"]])


def record_json(ctx: dict, v: OfferView) -> bytes:
    """One offer's record as `json.dumps` of the whole list writes it (compact)."""
    return json.dumps(record(v), ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def records_file(ctx: dict, items: list[bytes]) -> bytes:
    """The records file from its records (`record_json`, in the list's order)."""
    return b'{"offers":[' + b",".join(items) + b"]}"
