"""Plan the site: which pages and feeds exist, what each lists, in which order.

Pure functions, no I/O: `plan_site(content, today)` returns a `Plan` whose
outputs each name a file, a template and its variables. Rules live here:
- published = not a draft and publication date reached;
- open = deadline on or after the build day (an offer is open until the end
  of its deadline day in Paris); closed offers keep their page but appear
  only in the archives and their employer's page, never in a feed or JSON-LD,
  nor in the sitemap, except an offer closed early while its page needs a
  recrawl (see closing_signal);
- lists of open offers: soonest deadline first, ties: latest published first;
- the archives: latest deadline first;
- lists longer than PAGE_SIZE are split into /page/2/, /page/3/...
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from functools import partial
from pathlib import Path
from typing import Any

from jobboard import dates
from jobboard.content import model
from jobboard.content.markup import PackedHtml
from jobboard.content.site_content import Content
from jobboard.plan import changes, policies, search_terms
from jobboard.plan.facets import facet_options, facets_of, filter_panel, shortened
from jobboard.plan.views import (
    CATEGORY_SLUGS,
    NEW_DAYS,
    Link,
    OfferView,
    category_slug,
    commune_slug,
    monogram,
    monogram_class,
    resolve_place,
    slugify,
)
from jobboard.problems import ContentError, Problem
from jobboard.text import collation_key

# Twenty cards a page keep a listing page, its filters, style and scripts under 50 KB;
# the filters and the search reach every offer whatever the page.
PAGE_SIZE = 20
PAGE_LINKS_AROUND = 2  # pagination links either side of the current page
CLOSING_SOON_DAYS = 7
# Feeds carry the full offer: the newest 50 keep each one small for readers that
# poll it (the whole list is in /offres.json, /offres.csv and /indeed.xml).
FEED_SIZE = 50
# The folder of the site that no output of the plan names: the theme's files (copied
# under /theme/).
THEME_FOLDER = "theme"
# The file the writer puts at the root of every site (build/writer.py).
SITE_MARKER = ".jobboard-site"
# Folders the plan makes for some content only: offer pages, then list pages 2, 3…
OFFERS_FOLDER = "offres"
PAGINATION_FOLDER = "page"


@dataclass(frozen=True)
class Output:
    path: str  # file path under the output folder, e.g. "offres/x/index.html"
    template: str
    context: dict[str, Any]


@dataclass(frozen=True)
class FeedLink:
    label: str  # the title feed readers show
    url: str
    mime: str
    format: str = ""  # RSS, Atom, JSON Feed


FEED_FORMATS = [  # (file name, template or serialiser, label, media type)
    ("flux.xml", "rss.xml", "RSS", "application/rss+xml"),
    ("flux.atom", "atom.xml", "Atom", "application/atom+xml"),
    ("flux.json", "jsonfeed", "JSON Feed", "application/feed+json"),
]


@dataclass(frozen=True)
class Term:
    taxonomy: str  # URL segment: categories, filieres, communes, themes
    slug: str
    label: str
    url: str
    offers: list[OfferView] = field(default_factory=list)  # open ones, sorted

    @property
    def link(self) -> Link:
        return Link(self.label, self.url)


@dataclass(frozen=True)
class Taxonomy:
    slug: str
    title: str  # "Catégories"
    singular: str  # "Catégorie"
    intro: str


# The facet of the filters that each taxonomy's term pages keep to.
SCOPE_KEYS = {"categories": "categorie", "filieres": "filiere", "communes": "commune",
              "themes": "theme"}

TAXONOMIES = [
    Taxonomy("categories", "Catégories", "Catégorie",
             "Les offres par catégorie hiérarchique de la fonction publique territoriale : "
             "A (conception, encadrement), B (application, maîtrise), C (exécution)."),
    Taxonomy("filieres", "Filières", "Filière", "Les offres par filière professionnelle."),
    Taxonomy("communes", "Communes", "Commune", "Les offres par commune du lieu de travail."),
    Taxonomy("themes", "Thèmes", "Thème", "Les offres par thème ou dispositif."),
]


@dataclass(frozen=True)
class NavItem:
    label: str
    url: str
    section: str  # pages of this section mark the item as current


@dataclass(frozen=True)
class Plan:
    outputs: list[Output]
    assets: dict[str, Path]  # files copied as they are: output path -> source
    open_offers: list[OfferView]
    closed_offers: list[OfferView]
    skipped_drafts: int
    scheduled: int  # publication date still to come
    # The pages whose text an editor wrote: output path -> (Markdown file, its HTML).
    written: dict[str, tuple[str, str | PackedHtml]] = field(default_factory=dict)


@dataclass
class _Urls:
    """Site-relative and absolute URLs, honouring a base_url with a sub-path."""
    site: model.Site
    _links: dict[tuple[str, str], Link] = field(default_factory=dict, repr=False,
                                                 compare=False)

    def rel(self, path: str) -> str:
        return self.site.base_path + path.lstrip("/")

    def abs(self, path: str) -> str:
        return self.site.origin + self.rel(path)

    def link(self, label: str, path: str) -> Link:
        """Link(label, rel(path)), one object for equal links: ten thousand views share
        a few hundred terms, and a build keeps them all in its cache (build/resume.py),
        where each distinct object costs time to write and to load."""
        found = self._links.get((label, path))
        if found is None:
            found = self._links[(label, path)] = Link(label, self.rel(path))
        return found


def open_order(v: OfferView):
    return (v.offer.deadline, -v.offer.published.toordinal(), v.offer.slug)


def archive_order(v: OfferView):
    return (-v.offer.deadline.toordinal(), -v.offer.published.toordinal(), v.offer.slug)


# An offer closed early (`closed:` before its deadline) still has, in Google's index,
# markup that says it is open until the deadline. Its page now says otherwise (no
# JobPosting markup, noindex, a "closed" banner), and Google rereads pages whose
# sitemap lastmod is newer than its last crawl: so the page stays in the sitemap, with
# the closing day as lastmod, until the deadline the old markup announced has passed,
# and at least RECRAWL_DAYS, enough for crawlers that read the sitemap weekly. Then
# it leaves the sitemap, where a noindex page is otherwise reported as an error.
RECRAWL_DAYS = 14


def closing_signal(offer: model.Offer, today: date) -> date | None:
    """The sitemap lastmod of an offer closed early, while it needs a recrawl; else None."""
    if offer.closed is None or not offer.closed <= today:
        return None
    until = max(offer.deadline, offer.closed + timedelta(days=RECRAWL_DAYS))
    return max(offer.closed, offer.last_modified) if today <= until else None


# The job family is free text with no page of its own: its taxonomy is named by the
# schema.org property that carries it in the JSON-LD.
JOB_FAMILY_SCHEME = "https://schema.org/occupationalCategory"


def feed_tags(view: OfferView, taxonomy_urls: dict[str, str]) -> list[tuple[str, str]]:
    """The (label, taxonomy URL) categories of a feed item, the same in RSS (domain),
    Atom (scheme) and JSON Feed (tags): catégorie, filière, employer, commune, job
    family, themes."""
    o = view.offer
    tags = [(c.label, taxonomy_urls["categories"]) for c in view.categories]
    tags.append((view.filiere.label, taxonomy_urls["filieres"]))
    tags += [(e.name, taxonomy_urls["employeurs"]) for e in view.employers]
    tags.append((view.place.city, taxonomy_urls["communes"]))
    if o.job_family:
        tags.append((o.job_family, JOB_FAMILY_SCHEME))
    tags += [(t.label, taxonomy_urls["themes"]) for t in view.themes]
    return tags


def entry_times(views: list[OfferView]) -> dict[str, datetime]:
    """When each offer last changed, for feeds' `updated` and `date_modified`.

    Content gives a day, not a time: offers changed the same day get the first
    seconds of that day, one each in slug order (the same in every feed), so that no
    two Atom entries share an `updated` value (the W3C Feed Validator warns of it).
    """
    by_day: dict[date, list[str]] = {}
    for v in views:
        by_day.setdefault(v.offer.last_modified, []).append(v.offer.slug)
    return {slug: dates.start_of_day(day) + timedelta(seconds=rank)
            for day, slugs in by_day.items() for rank, slug in enumerate(sorted(slugs))}


def feed_order(v: OfferView):
    return (-v.offer.published.toordinal(), v.offer.slug)


def offer_page(slug: str) -> str:
    """The output path of an offer's page."""
    return f"{OFFERS_FOLDER}/{slug}/index.html"


def logo_path(employer: model.Employer) -> str:
    """Where an employer's logo file is copied in the site."""
    assert employer.logo
    return f"employeurs/{employer.slug}/logo{Path(employer.logo).suffix.lower()}"


def make_view(offer: model.Offer, content: Content, today: date, urls: _Urls) -> OfferView:
    employers = [content.employers[s] for s in offer.employers]
    place = resolve_place(offer, employers[0])
    days_left = dates.days_between(today, offer.deadline)
    is_open = offer.is_open_on(today)
    path = f"{OFFERS_FOLDER}/{offer.slug}/"
    return OfferView(
        offer=offer, url=urls.rel(path), abs_url=urls.abs(path), employers=employers,
        employer_links=[urls.link(e.name, f"employeurs/{e.slug}/") for e in employers],
        place=place,
        categories=[urls.link(model.CATEGORIES[c], f"categories/{category_slug(c)}/")
                    for c in offer.categories],
        filiere=urls.link(model.FILIERES[offer.filiere], f"filieres/{offer.filiere}/"),
        themes=[urls.link(t, f"themes/{slugify(t)}/") for t in offer.themes],
        lead_logo_url=urls.abs(logo_path(employers[0])) if employers[0].logo else None,
        is_open=is_open,
        closing_soon=is_open and days_left <= CLOSING_SOON_DAYS,
        is_new=is_open and 0 <= dates.days_between(offer.published, today) < NEW_DAYS,
        lead_logo_path=urls.rel(logo_path(employers[0])) if employers[0].logo else None,
        commune=urls.link(place.city, f"communes/{commune_slug(place.city)}/"),
    )


RELATED_COUNT = 4
# A closed offer's page is kept by the identity of its related offers: the empty tuple is
# one object, even loaded from the build's cache (an empty list would be a new one).
NO_RELATED: tuple[Related, ...] = ()


@dataclass(frozen=True)
class Related:
    title: str
    offers: list[OfferView]


@dataclass
class RelatedIndex:
    """Open offers by employer and by filière, in list order: related offers in O(1)."""
    by_employer: dict[str, list[OfferView]]
    by_filiere: dict[str, list[OfferView]]
    _heads: dict[tuple, tuple] = field(default_factory=dict)

    @classmethod
    def of(cls, open_views: list[OfferView]) -> RelatedIndex:
        index = cls({}, {})
        for v in open_views:
            for e in v.employers:
                index.by_employer.setdefault(e.slug, []).append(v)
            index.by_filiere.setdefault(v.offer.filiere, []).append(v)
        return index

    def candidates(self, view: OfferView) -> tuple:
        """Every offer related_offers(view, self) may pick from: the first RELATED_COUNT + 1
        of each of the view's employers, and 2 * RELATED_COUNT + 1 of its filière. Once
        per employers and filière (thousands of offers share them), not once per offer."""
        key = (tuple(e.slug for e in view.employers), view.offer.filiere)
        found = self._heads.get(key)
        if found is None:
            found = self._heads[key] = tuple(
                v for slug in key[0] for v in self.by_employer.get(slug, [])[:RELATED_COUNT + 1]
            ) + (None,) + tuple(self.by_filiere.get(key[1], [])[:2 * RELATED_COUNT + 1])
        return found


def _first(candidates, exclude: set[str], count: int) -> list[OfferView]:
    out = []
    for v in candidates:
        if v.offer.slug not in exclude:
            out.append(v)
            exclude.add(v.offer.slug)
            if len(out) == count:
                break
    return out


def related_offers(view: OfferView, index: RelatedIndex) -> list[Related]:
    """Other open offers of the same employer, then of the same filière (no repeats)."""
    seen = {view.offer.slug}
    same_employer = _first(sorted({v.offer.slug: v for e in view.employers
                                   for v in index.by_employer.get(e.slug, [])
                                   [:RELATED_COUNT + 1]}.values(), key=open_order),
                           seen, RELATED_COUNT)
    same_filiere = _first(index.by_filiere.get(view.offer.filiere, []), seen, RELATED_COUNT)
    blocks = []
    if same_employer:
        blocks.append(Related(f"Autres offres de {view.lead.name}"
                              if len(view.employers) == 1 else "Autres offres de ces employeurs",
                              same_employer))
    if same_filiere:
        blocks.append(Related(f"Autres offres de la filière {view.filiere.label.lower()}",
                              same_filiere))
    return blocks


def term_keys(view: OfferView) -> dict[str, list[tuple[str, str]]]:
    """The (slug, label) terms of an offer in each taxonomy, one per slug (two themes of
    one offer may share a slug, "Santé" and "santé": the last label is kept)."""
    o = view.offer
    found: dict[str, list[tuple[str, str]]] = {
        "categories": [(category_slug(c), model.CATEGORIES[c]) for c in o.categories],
        "filieres": [(o.filiere, model.FILIERES[o.filiere])],
        "communes": [(commune_slug(view.place.city), view.place.city)],
        "themes": [(slugify(t), t) for t in o.themes],
    }
    return {tax: list(dict(pairs).items()) for tax, pairs in found.items()}


def build_terms(views: list[OfferView], urls: _Urls,
                keys: Callable[[OfferView], dict] = term_keys,
                order: Callable[[OfferView], Any] = open_order) -> dict[str, list[Term]]:
    """Every term used by a published offer (open or closed), with its open offers.

    A term whose offers are all closed keeps its page, saying so, so that links
    to it keep working.
    """
    found: dict[str, dict[str, Term]] = {t.slug: {} for t in TAXONOMIES}
    for view in sorted(views, key=order):
        for tax, pairs in keys(view).items():
            terms = found[tax]
            for slug, label in pairs:
                term = terms.get(slug)
                if term is None:
                    term = terms[slug] = Term(tax, slug, label, urls.rel(f"{tax}/{slug}/"))
                if view.is_open:
                    term.offers.append(view)
    # Catégories in hierarchical order (A+, A, B, C); other terms alphabetically.
    ranks = list(CATEGORY_SLUGS.values())
    term_order: dict[str, Callable] = {"categories": lambda t: ranks.index(t.slug)}
    return {tax: sorted(terms.values(),
                        key=term_order.get(tax, lambda t: collation_key(t.label)))
            for tax, terms in found.items()}


def page_window(current: int, count: int) -> list[int]:
    """Page numbers to link, 0 for a gap: 1 0 5 6 [7] 8 9 0 40."""
    shown = sorted({1, count} | set(range(max(1, current - PAGE_LINKS_AROUND),
                                          min(count, current + PAGE_LINKS_AROUND) + 1)))
    out: list[int] = []
    for i in shown:
        if out and i - out[-1] > 1:
            out.append(0)
        out.append(i)
    return out


def paginate(items: list, base: str, urls: _Urls) -> list[tuple[str, list, dict]]:
    """Split a list into pages: [(file path, items, pagination context)]."""
    chunks = [items[i:i + PAGE_SIZE] for i in range(0, len(items), PAGE_SIZE)] or [[]]

    def page_path(n: int) -> str:
        return base if n == 1 else f"{base}{PAGINATION_FOLDER}/{n}/"

    out = []
    for n, chunk in enumerate(chunks, start=1):
        pagination = {
            "number": n, "count": len(chunks),
            "prev": urls.rel(page_path(n - 1)) if n > 1 else None,
            "next": urls.rel(page_path(n + 1)) if n < len(chunks) else None,
            # The first, the last and those around this one; None where pages are skipped.
            "pages": [Link(str(i), urls.rel(page_path(i))) if i else None
                      for i in page_window(n, len(chunks))],
        }
        out.append((page_path(n) + "index.html", chunk, pagination))
    return out


@dataclass
class _Planning:
    """What every part of the site plans with, and what the parts add: the outputs, in
    the order they are planned, the sitemap's entries and the editors' pages."""
    site: model.Site
    today: date
    urls: _Urls
    modified_at: dict[str, datetime]  # an entry's time in the feeds, by offer slug
    common: dict[str, Any]  # the variables every page's template sees
    more: dict[str, tuple[str, str]]  # where a filter's options are all listed
    taxonomy_urls: dict[str, str]  # the feeds' category schemes
    memo: PlanMemo
    build_date: str  # the day as RFC 822, computed once (strftime is slow: 3 ms a call)
    outputs: list[Output] = field(default_factory=list)
    sitemap: list[tuple[str, date | None]] = field(default_factory=list)
    written: dict[str, tuple[str, str | PackedHtml]] = field(default_factory=dict)

    @property
    def open_data_url(self) -> str:
        return self.urls.rel("recherche/offres.json")

    def block(self, name: str, objects: tuple, values: tuple, plan: Callable[[], Any]) -> Any:
        """plan(), which adds outputs and sitemap entries and returns a value; or what
        it added and returned in the memo's last plan, when made from the same `objects`
        (by identity) and equal `values`."""
        self.memo.blocks_used.add(name)
        hit = self.memo.blocks.get(name)
        if hit is not None and hit[1] == values and self.memo.same(hit[0], objects):
            _, _, outputs, sitemap, result = hit
        else:
            kept = self.outputs, self.sitemap
            self.outputs, self.sitemap = [], []
            try:
                result = plan()
                outputs, sitemap = self.outputs, self.sitemap
            finally:
                self.outputs, self.sitemap = kept
            self.memo.blocks[name] = (objects, values, outputs, sitemap, result)
        self.outputs.extend(outputs)
        self.sitemap.extend(sitemap)
        return result

    def page(self, path: str, template: str, title: str, **options: Any) -> None:
        self.add(*self.make_page(path, template, title, **options))

    def add(self, output: Output, sitemap: tuple[str, date | None] | None) -> None:
        self.outputs.append(output)
        if sitemap:
            self.sitemap.append(sitemap)

    def make_page(self, path: str, template: str, title: str, *,
                  description: str | None = None, feeds: list[FeedLink] | None = None,
                  calendar: FeedLink | None = None, noindex: bool = False, section: str = "",
                  in_sitemap: bool = True, lastmod: date | None = None,
                  **ctx: Any) -> tuple[Output, tuple[str, date | None] | None]:
        """A page's output and its sitemap entry (None: not in the sitemap)."""
        url_path = path.removesuffix("index.html")
        meta = {"title": title, "url": self.urls.rel(url_path),
                "canonical": self.urls.abs(url_path),
                "description": description or self.site.description, "feeds": feeds or [],
                "calendar": calendar, "csp": policies.content_security_policy(),
                "noindex": noindex, "section": section}
        output = Output(path, template, {**self.common, "page": meta, **ctx})
        return output, ((self.urls.abs(url_path), lastmod) if in_sitemap and not noindex
                        else None)

    def feeds(self, base: str, title: str, items: list[OfferView]) -> list[FeedLink]:
        """RSS, Atom and JSON Feed of `items` (open offers only), newest first."""
        urls, site = self.urls, self.site
        shown = self.memo.of_list(items, "feed", lambda: sorted(items, key=feed_order)[:FEED_SIZE])
        changed = {v.offer.slug: self.modified_at[v.offer.slug] for v in shown}
        ctx = {"site": site, "title": title, "description": site.description,
               "link": urls.abs(base), "items": shown,
               "build_date": self.build_date, "today": self.today,
               "modified_at": changed,
               "updated": max([dates.start_of_day(self.today), *changed.values()]),
               "tags": {v.offer.slug: self.memo.of(v, "tags",
                                                    lambda v: feed_tags(v, self.taxonomy_urls))
                        for v in shown},
               "urls": {"rss": urls.abs(base + "flux.xml"), "atom": urls.abs(base + "flux.atom"),
                        "json": urls.abs(base + "flux.json")}}
        links = []
        for name, template, label, mime in FEED_FORMATS:
            self.outputs.append(Output(base + name, template, ctx))
            links.append(FeedLink(f"{title} ({label})", urls.rel(base + name), mime, label))
        return links

    def calendar(self, base: str, title: str, items: list[OfferView]) -> FeedLink:
        self.outputs.append(Output(base + "echeances.ics", "ics", {
            "site": self.site, "title": title, "items": sorted(items, key=open_order)}))
        return FeedLink(title, self.urls.rel(base + "echeances.ics"), "text/calendar")


def _start(content: Content, today: date, urls: _Urls, views: list[OfferView],
           memo: PlanMemo) -> _Planning:
    """The site's navigation and the variables every page shares (the same objects as
    the memo's last plan when the site and pages are: outputs made from them are kept)."""
    site = content.site
    inputs = (site, *content.pages)
    if memo.shared is None or not memo.same(memo.shared[0], inputs):
        memo.shared = (inputs, *_shared(content, urls))
    _, common, more, taxonomy_urls = memo.shared
    return _Planning(site=site, today=today, urls=urls, modified_at=entry_times(views),
                     common=common, more=more, taxonomy_urls=taxonomy_urls, memo=memo,
                     build_date=dates.rfc822(today))


def _shared(content: Content, urls: _Urls) -> tuple[dict, dict, dict]:
    site = content.site
    nav = [NavItem("Offres", urls.rel(""), "offres"),
           NavItem("Employeurs", urls.rel("employeurs/"), "employeurs")] + \
        [NavItem(t.title, urls.rel(f"{t.slug}/"), t.slug) for t in TAXONOMIES] + \
        [NavItem("Archives", urls.rel("archives/"), "archives"),
         NavItem("Rechercher", urls.rel("recherche/"), "recherche")]
    common = {"site": site, "nav": nav, "home_url": urls.rel(""),
              "footer_pages": [Link(p.title, urls.rel(f"{p.slug}/")) for p in content.pages],
              "css_url": urls.rel(f"{THEME_FOLDER}/style.css"), "feed_url": urls.rel("flux.xml"),
              "data_url": urls.rel("offres.csv"), "search_url": urls.rel("recherche/"),
              "archives_url": urls.rel("archives/"), "sitemap_urls": [],
              "mark_url": urls.rel(f"{THEME_FOLDER}/marque.svg"),
              "days_js_url": urls.rel(f"{THEME_FOLDER}/jours.js"),
              "cards_js_url": urls.rel(f"{THEME_FOLDER}/cartes.js"),
              "list_js_url": urls.rel(f"{THEME_FOLDER}/liste.js")}
    more = {"filiere": ("Toutes les filières", urls.rel("filieres/")),
            "commune": ("Toutes les communes", urls.rel("communes/")),
            "employeur": ("Tous les employeurs", urls.rel("employeurs/"))}
    taxonomy_urls = {t: urls.abs(f"{t}/") for t in ["employeurs"] + [x.slug for x in TAXONOMIES]}
    return common, more, taxonomy_urls


@dataclass
class PlanMemo:
    """What `plan_site` computes from one offer and the day alone, kept from one plan to
    the next by a resident process (`build.py serve`) so that planning again after one
    edit does not redo it for every offer; within one plan, it also computes each
    offer's share of the lists once instead of once per list.

    An offer's view is reused only when the offer, its employers and the site settings
    are the very objects it was made from (the reader keeps unchanged ones) and the day
    is the same; what is derived from a view (facets, terms, digest, related offers…)
    is kept by the view's identity, and a filter panel by the identities of its list.
    Entries keep the objects they were made from, so an identity is never reused while
    its entry lives; entries of views no longer planned are dropped (`keep`)."""
    views: dict[str, tuple] = field(default_factory=dict)  # slug -> (inputs, day, view)
    derived: dict[int, tuple[OfferView, dict]] = field(default_factory=dict)
    panels: dict[tuple, tuple[list, Any]] = field(default_factory=dict)
    files: dict[tuple, str] = field(default_factory=dict)
    shared: tuple | None = None  # (site, pages…), then what every page shares
    # A part of the plan (an employer's pages, a term's): name -> (inputs, what it added).
    blocks: dict[str, tuple] = field(default_factory=dict)
    blocks_used: set[str] = field(default_factory=set)
    collisions: tuple | None = None  # (paths and sources, problems) of the last plan
    # Facets by their repr (kept: the identities below stay theirs), and what lists of
    # them gave: (their identities, name) -> result.
    facet_forms: dict[str, tuple] = field(default_factory=dict)
    facet_lists: dict[tuple, tuple[tuple, Any]] = field(default_factory=dict)
    facet_lists_used: set[tuple] = field(default_factory=set)
    # The state file's digest of each offer (changes.offer_digest, ~0.1 ms an offer), by
    # what the offer is (its digest: its file and dates) and its employers: unlike the
    # entries above, this outlives the process (the build keeps it in its cache).
    digests: dict[tuple, str] = field(default_factory=dict)
    digests_used: dict[tuple, str] = field(default_factory=dict)
    # The full-text index as the last plan left it (patched by the next: search_terms.py);
    # it too outlives the process, in the build's cache.
    search: search_terms.SearchIndex = field(default_factory=search_terms.SearchIndex)
    _employers: dict[int, tuple[model.Employer, str]] = field(default_factory=dict)

    def __setstate__(self, state: dict) -> None:
        """Loaded from the build's cache (build/resume.py): what is kept by identity is
        keyed again by the loaded objects' identities (every entry holds its objects)."""
        self.__dict__.update(state)
        self.derived = {id(e[0]): e for e in self.derived.values()}
        self._employers = {id(e[0]): e for e in self._employers.values()}
        self.panels = {(tuple(map(id, e[0])), k[1]): e for k, e in self.panels.items()}
        lists = {k: ((tuple(map(id, e[0])), k[1]), e) for k, e in self.facet_lists.items()}
        self.facet_lists = dict(lists.values())
        self.facet_lists_used = {lists[k][0] for k in self.facet_lists_used if k in lists}

    def another_day(self) -> PlanMemo:
        """What is kept for planning another day: every view is made again, so only
        what is kept by what an offer is, not by its view (state digests, words, facet
        forms, file names); the rest is let go before the new views are made."""
        return PlanMemo(digests=self.digests, search=self.search,
                        facet_forms=self.facet_forms, files=self.files)

    def same(self, kept: tuple, inputs: tuple) -> bool:
        return len(kept) == len(inputs) and all(a is b for a, b in zip(kept, inputs))

    def view(self, offer: model.Offer, content: Content, today: date,
             urls: _Urls) -> OfferView:
        inputs = (offer, content.site, *(content.employers[s] for s in offer.employers))
        hit = self.views.get(offer.slug)
        if hit is not None and hit[1] == today and self.same(hit[0], inputs):
            return hit[2]
        view = make_view(offer, content, today, urls)
        self.views[offer.slug] = (inputs, today, view)
        return view

    def of(self, view: OfferView, name: str, compute: Callable[[OfferView], Any]) -> Any:
        """compute(view), once per view."""
        entry = self.derived.get(id(view))
        if entry is None or entry[0] is not view:
            entry = self.derived[id(view)] = (view, {})
        if name not in entry[1]:
            entry[1][name] = compute(view)
        return entry[1][name]

    def facets(self, view: OfferView) -> tuple[dict, dict]:
        """The view's facets, one object for equal facets: an edit that changes no
        facet (a title, a text) leaves every list's filters as they were."""
        return self.of(view, "facets", lambda v: self.facet_forms.setdefault(
            repr(pair := facets_of(v)), pair))

    def of_facets(self, views: list[OfferView], name: str, compute: Callable[[], Any]) -> Any:
        """compute(), a function of the facets of `views` alone (filters), again only
        when one of them has other facets."""
        forms = tuple(self.facets(v) for v in views)
        key = (tuple(map(id, forms)), name)
        self.facet_lists_used.add(key)
        hit = self.facet_lists.get(key)
        if hit is None:  # the forms are kept with the result: see __setstate__
            hit = self.facet_lists[key] = (forms, compute())
        return hit[1]

    def of_list(self, views: list[OfferView], name: str, compute: Callable[[], Any]) -> Any:
        """compute(), a function of the list `views` (and of `name`), again only when
        the list holds other views."""
        key = (tuple(map(id, views)), name)
        hit = self.panels.get(key)
        if hit is None:
            hit = self.panels[key] = (list(views), compute())
        return hit[1]

    def panel(self, views: list[OfferView], data_url: str, **options: Any):
        """filter_panel(views, data_url, **options), again only when the list changed."""
        return self.of_facets(views, f"panel {data_url} {options!r}", lambda: filter_panel(
            views, data_url, **options, of=self.facets))

    def related(self, view: OfferView, index: RelatedIndex) -> list[Related]:
        """related_offers(view, index), again only when the offers it picks from changed
        (related_offers reads at most the first RELATED_COUNT + 1 offers of each of the
        view's employers and 2 * RELATED_COUNT + 1 of its filière)."""
        # The views themselves (kept alive, compared by identity first): not their ids,
        # which a view made later may reuse.
        candidates = index.candidates(view)
        entry = self.of(view, "related", lambda _: [None, None])
        if entry[0] is not candidates and entry[0] != candidates:
            entry[:] = [candidates, related_offers(view, index)]
        return entry[1]

    def state_digest(self, view: OfferView) -> str:
        """changes.offer_digest(view), kept by the offer's digest and its employers."""
        if not view.offer.digest:  # read without the parse cache: no identity to keep by
            return self.of(view, "digest", changes.offer_digest)
        key = (view.offer.digest, *map(self._employer, view.employers))
        found = self.digests.get(key)
        if found is None:
            found = self.of(view, "digest", changes.offer_digest)
        self.digests_used[key] = found
        return found

    def _employer(self, employer: model.Employer) -> str:
        hit = self._employers.get(id(employer))
        if hit is None or hit[0] is not employer:
            hit = self._employers[id(employer)] = (employer, hashlib.blake2b(
                repr(employer).encode(), digest_size=16).hexdigest())
        return hit[1]

    def file(self, content: Content, source: str) -> str:
        """content.file(source), as a string: paths cost more than a lookup, and ten
        times as much as strings to load (the build keeps the memo in its cache)."""
        key = (content.root, source)
        if key not in self.files:
            self.files[key] = str(content.file(source))
        return self.files[key]

    def keep(self, views: list[OfferView]) -> None:
        """Forget what was computed for views that this plan no longer holds."""
        self.blocks = {k: b for k, b in self.blocks.items() if k in self.blocks_used}
        self.blocks_used = set()
        self.facet_lists = {k: r for k, r in self.facet_lists.items()
                            if k in self.facet_lists_used}
        self.facet_lists_used = set()
        # What this plan used: what the next one (or the next build, from its cache) has.
        self.digests, self.digests_used, self._employers = self.digests_used, {}, {}
        if len(self.derived) < len(views) + 1000:
            return  # a few edits' leftovers: not worth a pass over every entry
        alive = {id(v) for v in views}
        self.derived = {k: e for k, e in self.derived.items() if k in alive}
        self.panels = {k: e for k, e in self.panels.items() if all(i in alive for i in k[0])}
        slugs = {v.offer.slug for v in views}
        self.views = {k: e for k, e in self.views.items() if k in slugs}


def plan_site(content: Content, today: date, memo: PlanMemo | None = None) -> Plan:
    """Every output of the site, one part after the other (their order is the plan's).
    `memo`: per-offer work kept from an earlier plan (see PlanMemo); the plan is the
    same with or without it."""
    urls = _Urls(content.site)
    published = [o for o in content.offers if not o.draft and o.published <= today]
    memo = memo or PlanMemo()
    views = [memo.view(o, content, today, urls) for o in published]
    open_views = sorted((v for v in views if v.is_open), key=open_order)
    closed_views = sorted((v for v in views if not v.is_open), key=archive_order)
    s = _start(content, today, urls, views, memo)
    # The same offers and shared variables: the same outputs (memo), whose keys a build
    # then keeps (build/resume.py): 500 pages at 10,000 offers not fingerprinted again.
    s.block("home", (s.common, *open_views),
            (s.today, *(s.modified_at[v.offer.slug] for v in open_views)),
            partial(_plan_home, s, open_views))
    _plan_offers(s, views, open_views, lambda source: memo.file(content, source))
    _plan_employers(s, content.employers, views)
    _plan_taxonomies(s, build_terms(views, urls, lambda v: memo.of(v, "terms", term_keys),
                                    lambda v: memo.of(v, "open order", open_order)))
    s.block("archives", (s.common, *closed_views), (s.today,),
            partial(_plan_archives, s, closed_views))
    _plan_pages(s, content.pages, content.file)
    _plan_search(s, open_views)
    s.page("404.html", "404.html", "Page introuvable", in_sitemap=False, noindex=True)
    _plan_data(s, open_views)
    _plan_state(s, views)
    assets = {logo_path(e): content.employer_file(e.logo)
              for e in content.employers.values() if e.logo}
    _plan_site_files(s, assets)
    memo.keep(views)
    # The same paths made from the same files: the same verdict (memo). Files: the
    # offers' and pages' (the only outputs `_source` names), in plan order.
    made = ([o.path for o in s.outputs], sorted(assets), [v.offer.source for v in views],
            [p.source for p in content.pages])
    if memo.collisions is None or memo.collisions[0] != made:
        memo.collisions = (made, collisions(s.outputs, assets, content.shown))
    if problems := memo.collisions[1]:
        raise ContentError(problems)
    return Plan(outputs=s.outputs, assets=assets, open_offers=open_views,
                closed_offers=closed_views,
                skipped_drafts=sum(o.draft for o in content.offers),
                scheduled=sum(1 for o in content.offers if not o.draft and o.published > today),
                written=s.written)


def _plan_home(s: _Planning, open_views: list[OfferView]) -> None:
    """Home: open offers, paginated, with the site's feeds and calendar."""
    title = s.site.title
    home_feeds = s.feeds("", f"{title} — offres ouvertes", open_views)
    home_calendar = s.calendar("", f"{title} — dates limites de candidature", open_views)
    home_panel = s.memo.panel(open_views, s.open_data_url, more=s.more)
    for path, chunk, pagination in paginate(open_views, "", s.urls):
        s.page(path, "index.html", title if pagination["number"] == 1
               else f"Offres ouvertes, page {pagination['number']}", feeds=home_feeds,
               calendar=home_calendar,
               section="offres", offers=chunk, pagination=pagination, open_count=len(open_views),
               panel=home_panel,
               lastmod=max((v.offer.last_modified for v in open_views), default=None)
               if pagination["number"] == 1 else None)


def _plan_offers(s: _Planning, views: list[OfferView], open_views: list[OfferView],
                 file: Callable[[str], str]) -> None:
    """Offer pages: every published offer; closed ones stay, marked and unindexed."""
    related_index = RelatedIndex.of(open_views)
    records_url = s.urls.rel("recherche/offres.json")
    for v in views:
        # A closed offer's page names no open offer itself: its script draws them from
        # the search's records (theme/offre.js), under links to the employer's and the
        # filière's pages. Its cards would change whenever an open offer closes, so the
        # daily build would render every closed offer's page again (98,000 of 100,000
        # offers after seven years); and these pages are not indexed.
        related = s.memo.related(v, related_index) if v.is_open else NO_RELATED
        s.written[offer_page(v.offer.slug)] = (file(v.offer.source), v.offer.body_html)
        # The same view, related offers and shared variables: the same output (memo).
        page = s.memo.of(v, "page", lambda _: [None, None])
        if page[0] is None or page[0][0] is not related or page[0][1] is not s.common:
            page[:] = [(related, s.common), s.make_page(
                offer_page(v.offer.slug), "offer.html", v.offer.title,
                description=f"{v.offer.title} — {v.employer_names}, {v.place.city}. "
                            f"Candidatures jusqu'au {v.deadline_text}.",
                noindex=not v.is_open, section="offres" if v.is_open else "archives", view=v,
                jsonld=v.is_open, related=related, records_url=records_url,
                offer_js_url=s.urls.rel(f"{THEME_FOLDER}/offre.js"),
                near_js_url=s.urls.rel(f"{THEME_FOLDER}/proches.js"),
                lastmod=v.offer.last_modified)]
        s.add(*page[1])
        if not v.is_open and (closed_on := closing_signal(v.offer, s.today)):
            s.sitemap.append((v.abs_url, closed_on))


def _plan_employers(s: _Planning, employers: dict[str, model.Employer],
                    views: list[OfferView]) -> None:
    """One page (paginated, feeds, calendar) per employer, then the list of employers."""
    by_employer: dict[str, list[OfferView]] = {slug: [] for slug in employers}
    for v in views:
        for e in v.employers:
            by_employer[e.slug].append(v)
    employer_rows = []
    for slug, emp in sorted(employers.items(), key=lambda kv: collation_key(kv[1].name)):
        offers = by_employer[slug]
        # The same employer, offers and shared variables: the same outputs (memo).
        employer_rows.append(s.block(f"employer {slug}", (emp, s.common, *offers), (
            s.today, *(s.modified_at[v.offer.slug] for v in offers if v.is_open)),
            partial(_plan_employer, s, emp, offers)))
    s.page("employeurs/index.html", "employers.html", "Employeurs", section="employeurs",
           rows=employer_rows)


def _plan_employer(s: _Planning, emp: model.Employer, offers: list[OfferView]) -> tuple:
    """An employer's pages (paginated, feeds, calendar); returns its row in the list."""
    urls, slug = s.urls, emp.slug
    open_ = sorted((v for v in offers if v.is_open), key=open_order)
    closed = sorted((v for v in offers if not v.is_open), key=archive_order)
    base = f"employeurs/{slug}/"
    emp_feeds = s.feeds(base, f"{emp.name} — offres ouvertes", open_)
    emp_calendar = s.calendar(base, f"{emp.name} — dates limites de candidature", open_)
    emp_panel = s.memo.panel(open_, s.open_data_url, scope=("employeur", emp.name),
                             more=s.more)
    for path, chunk, pagination in paginate(open_ + closed, base, urls):
        s.page(path, "employer.html", emp.name, section="employeurs", feeds=emp_feeds,
               calendar=emp_calendar,
               description=emp.description, employer=emp, pagination=pagination,
               open_offers=[v for v in chunk if v.is_open],
               closed_offers=[v for v in chunk if not v.is_open], open_count=len(open_),
               kind=model.EMPLOYER_KINDS[emp.kind], panel=emp_panel,
               monogram=monogram(emp.name), monogram_class=monogram_class(emp.slug),
               logo_url=urls.rel(logo_path(emp)) if emp.logo else None)
    return Link(emp.name, urls.rel(f"employeurs/{slug}/")), len(open_)


def _plan_taxonomies(s: _Planning, terms: dict[str, list[Term]]) -> None:
    """Per taxonomy, the list of its terms, then one page (paginated, feeds) per term."""
    for tax in TAXONOMIES:
        rows = [(t.link, len(t.offers)) for t in terms[tax.slug]]
        s.page(f"{tax.slug}/index.html", "terms.html", tax.title, section=tax.slug,
               taxonomy=tax, rows=rows)
        for term in terms[tax.slug]:
            # The same offers and shared variables: the same outputs (memo).
            s.block(f"term {tax.slug} {term.slug}", (s.common, *term.offers),
                    (term.label, s.today, *(s.modified_at[v.offer.slug] for v in term.offers)),
                    partial(_plan_term, s, tax, term))


def _plan_term(s: _Planning, tax: Taxonomy, term: Term) -> None:
    """A term's pages (paginated) and feeds."""
    base = f"{tax.slug}/{term.slug}/"
    term_feeds = s.feeds(base, f"{s.site.title} — {term.label}", term.offers)
    term_panel = s.memo.panel(term.offers, s.open_data_url,
                              scope=(SCOPE_KEYS[tax.slug], term.label), more=s.more)
    for path, chunk, pagination in paginate(term.offers, base, s.urls):
        s.page(path, "term.html", f"{tax.singular} : {term.label}"
               if tax.slug != "categories" else term.label, section=tax.slug,
               feeds=term_feeds, taxonomy=tax, offers=chunk,
               pagination=pagination, open_count=len(term.offers), panel=term_panel)


def _plan_archives(s: _Planning, closed_views: list[OfferView]) -> None:
    """Archives: closed offers, latest deadline first, and their facet file."""
    archive_panel = s.memo.panel(closed_views, s.urls.rel("archives/offres.json"), closed=True,
                                 more=s.more)
    if archive_panel:
        s.outputs.append(Output("archives/offres.json", "search-facets",
                                {"items": closed_views}))
    for path, chunk, pagination in paginate(closed_views, "archives/", s.urls):
        s.page(path, "archives.html", "Offres closes" if pagination["number"] == 1
               else f"Offres closes, page {pagination['number']}", section="archives",
               offers=chunk, pagination=pagination, closed_count=len(closed_views),
               panel=archive_panel)


def _plan_pages(s: _Planning, pages: list[model.Page], file: Callable[[str], Path]) -> None:
    """The editors' own pages (content/pages/)."""
    for p in pages:
        s.written[f"{p.slug}/index.html"] = (str(file(p.source)), p.body_html)
        s.page(f"{p.slug}/index.html", "page.html", p.title, description=p.description,
               static_page=p)


def _plan_search(s: _Planning, open_views: list[OfferView]) -> None:
    """Search: the filters' records (a facet file) and the full-text index of the open
    offers' words, in shards (plan/search_terms.py)."""
    urls = s.urls
    s.page("recherche/index.html", "recherche.html", "Rechercher une offre",
           section="recherche",
           # The most frequent options; the page's script adds the others from the records.
           facet_groups=s.memo.of_facets(open_views, "search facets", lambda: [
               shortened(g, {}) for g in facet_options(open_views, of=s.memo.facets)]),
           facets_url=urls.rel("recherche/offres.json"),
           index_url=urls.rel(f"{search_terms.INDEX_FOLDER}/"),
           stop_words=" ".join(sorted(search_terms.STOP_WORDS)),
           search_js_url=urls.rel(f"{THEME_FOLDER}/recherche.js"),
           taxonomy_links=[Link(t.title, urls.rel(f"{t.slug}/")) for t in TAXONOMIES]
           + [Link("Employeurs", urls.rel("employeurs/"))])
    s.outputs.append(Output("recherche/offres.json", "search-facets", {"items": open_views}))
    for name, data in s.memo.search.shards(open_views).items():
        s.outputs.append(Output(f"{search_terms.INDEX_FOLDER}/{name}.json", "search-shard",
                                {"json": data}))


def _plan_data(s: _Planning, open_views: list[OfferView]) -> None:
    """For aggregators and re-users (open offers only), and the schemas of the files
    editors write (for their tools)."""
    data_ctx = {"site": s.site, "today": s.today, "items": open_views,
                "build_date": s.build_date}
    s.outputs.append(Output("indeed.xml", "indeed.xml", data_ctx))
    s.outputs.append(Output("offres.json", "offers-json", data_ctx))
    s.outputs.append(Output("offres.csv", "offers-csv", data_ctx))
    s.outputs.append(Output("offres.schema.json", "offers-schema", data_ctx))
    for name in ("offre", "employeur"):
        s.outputs.append(Output(f"schema/{name}.json", "content-schema", {"schema": name}))


def _plan_state(s: _Planning, views: list[OfferView]) -> None:
    """For `build.py notify`: what the next deployment compares with (changes.py), and
    the IndexNow key file that proves the site sends its own URLs."""
    key = s.site.indexnow_key
    key_path = f"{key}.txt" if key else None
    if key_path:
        s.outputs.append(Output(key_path, "indexnow-key", {"key": key}))
    s.outputs.append(Output(changes.STATE_FILE, "offers-state", {
        "state": changes.state(s.site, views, s.urls.abs(key_path) if key_path else None,
                               s.memo.state_digest)}))


def _plan_site_files(s: _Planning, assets: dict[str, Path]) -> None:
    """The sitemap, robots.txt and the hosts' headers, which cover every file the site
    will hold: the plan's, the logos, the theme."""
    s.outputs.append(Output("sitemap.xml", "sitemap.xml", {"entries": sorted(s.sitemap)}))
    s.outputs.append(Output("robots.txt", "robots.txt",
                            {"sitemap": s.urls.abs("sitemap.xml")}))
    names = policies.top_level([o.path for o in s.outputs] + list(assets) + [
        policies.HEADERS_FILE, SITE_MARKER, f"{THEME_FOLDER}/"])
    s.outputs.append(Output(policies.HEADERS_FILE, "headers",
                            {"rules": policies.header_rules(names, s.site.admin)}))


def _source(output: Output) -> tuple[str, bool] | None:
    """(the editor's file an output is made from, whether it is a static page);
    None for the site's own outputs."""
    if "static_page" in output.context:
        return output.context["static_page"].source, True
    if output.template == "offer.html":
        return output.context["view"].offer.source, False
    return None


def collisions(outputs: list[Output], assets: dict[str, Path],
               shown: Callable[[str], str] = str) -> list[Problem]:
    """Every output path must be unique: a static page named like one of the site's
    own folders (recherche, archives, offres…) would replace a page of the site or
    hide among its pages.

    The reserved names are the top-level folders of every output of this very
    plan that is not a static page (a new section of the site is reserved the
    day the planner makes it), plus those it makes for some content only (offer
    pages, list pages 2, 3…: a page name must not become refused the day the
    51st offer opens), and the theme's.
    """
    made: dict[str, list[tuple[str, bool] | None]] = {}
    for o in outputs:  # sources compared as they are; `shown` names them in messages
        made.setdefault(o.path, []).append(_source(o))
    for path in assets:
        made.setdefault(path, []).append(None)
    reserved = {path.split("/")[0] for path, sources in made.items()
                if "/" in path and any(s is None or not s[1] for s in sources)}
    reserved |= {OFFERS_FOLDER, PAGINATION_FOLDER, THEME_FOLDER}
    problems = []
    for path, sources in made.items():
        editors = [s[0] for s in sources if s is not None]
        folder = path.split("/")[0]
        for file, is_page in (s for s in sources if s is not None):
            others = [e for e in editors if e != file]
            if others:
                problems.append(Problem(shown(file), None, None,
                                        f"makes the page /{path.removesuffix('index.html')}, "
                                        f"as {shown(others[0])} does",
                                        "two files cannot make the same page: rename one"))
            elif None in sources or (is_page and folder in reserved):
                problems.append(Problem(shown(file), None, None,
                                        f"the page name '{folder}' is used by the site itself "
                                        f"(/{folder}/)", "rename the file"))
    return problems
