"""The page-planning stage, on an in-memory model: no files, no templates."""

from __future__ import annotations

from datetime import date, timedelta

from jobboard.content import model
from jobboard.content.site_content import Content
from jobboard.plan.planner import PAGE_SIZE, plan_site

SITE = model.Site(title="Emplois", description="d", base_url="https://emplois.example/board/",
                  language="fr", region="Hauts-de-France", timezone="Europe/Paris",
                  publisher=model.Publisher(name="P", email="p@emplois.example"))
EMPLOYERS = {
    slug: model.Employer(slug=slug, name=name, kind="commune", departement="59",
                         address=model.Address(postal_code="59000", city=city),
                         website=f"https://{slug}.example")
    for slug, name, city in [("lille", "Ville de Lille", "Lille"),
                             ("douai", "Ville de Douai", "Douai")]
}
TODAY = date(2026, 3, 10)


def offer(slug, deadline, published=date(2026, 3, 1), categories=("C",), employers=("lille",),
          **kw) -> model.Offer:
    return model.Offer(slug=slug, source=f"{slug}.md", body_html="<p>x</p>", title=slug.title(),
                       employers=list(employers), published=published, deadline=deadline,
                       categories=list(categories), filiere=kw.pop("filiere", "technique"),
                       employment=model.Employment(type="permanent"),
                       apply=model.Apply(email="a@b.fr"), **kw)


def plan(*offers, today=TODAY):
    return plan_site(Content(SITE, EMPLOYERS, list(offers), []), today)


def output(p, path):
    return next(o for o in p.outputs if o.path == path)


def slugs(views):
    return [v.offer.slug for v in views]


def test_open_offers_soonest_deadline_first_ties_latest_published_first():
    p = plan(offer("late", date(2026, 4, 1)),
             offer("soon-old", date(2026, 3, 20), published=date(2026, 2, 1)),
             offer("soon-new", date(2026, 3, 20), published=date(2026, 3, 5)),
             offer("closed", date(2026, 3, 9)))
    assert slugs(output(p, "index.html").context["offers"]) == ["soon-new", "soon-old", "late"]
    assert slugs(p.closed_offers) == ["closed"]


def test_an_offer_is_open_through_its_deadline_day():
    p = plan(offer("today", TODAY), offer("yesterday", TODAY - timedelta(days=1)))
    assert slugs(p.open_offers) == ["today"]
    assert slugs(p.closed_offers) == ["yesterday"]


def test_closing_soon_means_within_seven_days():
    p = plan(offer("seven", TODAY + timedelta(days=7)), offer("eight", TODAY + timedelta(days=8)))
    soon = {v.offer.slug: v.closing_soon for v in p.open_offers}
    assert soon == {"seven": True, "eight": False}


def test_drafts_and_future_publications_are_not_published():
    p = plan(offer("draft", date(2026, 4, 1), draft=True),
             offer("future", date(2026, 4, 1), published=TODAY + timedelta(days=1)),
             offer("live", date(2026, 4, 1)))
    assert slugs(p.open_offers) == ["live"]
    paths = {o.path for o in p.outputs}
    assert "offres/draft/index.html" not in paths and "offres/future/index.html" not in paths
    assert (p.skipped_drafts, p.scheduled) == (1, 1)


def test_an_offer_in_two_categories_is_listed_under_both():
    p = plan(offer("ab", date(2026, 4, 1), categories=("A", "B")))
    for cat in ("a", "b"):
        assert slugs(output(p, f"categories/{cat}/index.html").context["offers"]) == ["ab"]
    assert "categories/c/index.html" not in {o.path for o in p.outputs}


def test_terms_with_only_closed_offers_keep_a_page_listing_nothing():
    p = plan(offer("old", date(2026, 1, 1), filiere="culturelle"))
    assert output(p, "filieres/culturelle/index.html").context["offers"] == []
    assert output(p, "filieres/culturelle/flux.xml").context["items"] == []


def test_archives_latest_deadline_first():
    p = plan(offer("jan", date(2026, 1, 15)), offer("feb", date(2026, 2, 15)),
             offer("dec", date(2025, 12, 15), published=date(2025, 12, 1)))
    assert slugs(output(p, "archives/index.html").context["offers"]) == ["feb", "jan", "dec"]


def test_long_lists_are_paginated():
    offers = [offer(f"o{i:03d}", date(2026, 4, 1) + timedelta(days=i)) for i in range(PAGE_SIZE + 1)]
    p = plan(*offers)
    first, second = output(p, "index.html"), output(p, "page/2/index.html")
    assert len(first.context["offers"]) == PAGE_SIZE
    assert slugs(second.context["offers"]) == [f"o{PAGE_SIZE:03d}"]
    assert first.context["pagination"]["next"] == "/board/page/2/"
    assert second.context["pagination"]["prev"] == "/board/"
    assert "page/3/index.html" not in {o.path for o in p.outputs}


def test_a_long_list_links_the_first_last_and_nearby_pages_only():
    """2,000 open offers make 100 pages: the pagination must not list a hundred links."""
    offers = [offer(f"o{i:04d}", date(2026, 4, 1) + timedelta(days=i % 300))
              for i in range(PAGE_SIZE * 9 + 1)]
    p = plan(*offers)
    labels = [link.label if link else "…" for link in
              output(p, "page/6/index.html").context["pagination"]["pages"]]
    assert labels == ["1", "…", "4", "5", "6", "7", "8", "…", "10"]
    first = output(p, "index.html").context["pagination"]["pages"]
    assert [link.label if link else "…" for link in first] == ["1", "2", "3", "…", "10"]


def test_employer_page_lists_open_then_closed_and_co_employers_share_offers():
    p = plan(offer("shared", date(2026, 4, 1), employers=("douai", "lille")),
             offer("closed", date(2026, 2, 1), employers=("lille",)))
    ctx = output(p, "employeurs/lille/index.html").context
    assert slugs(ctx["open_offers"]) == ["shared"] and slugs(ctx["closed_offers"]) == ["closed"]
    assert slugs(output(p, "employeurs/douai/index.html").context["open_offers"]) == ["shared"]


def test_closed_offers_have_no_jsonld_are_noindex_and_stay_out_of_feeds_and_sitemap():
    p = plan(offer("open", date(2026, 4, 1)), offer("closed", date(2026, 2, 1)))
    closed = output(p, "offres/closed/index.html").context
    assert closed["jsonld"] is False and closed["page"]["noindex"] is True
    assert output(p, "offres/open/index.html").context["jsonld"]
    for o in p.outputs:
        if o.template == "rss.xml":
            assert "closed" not in slugs(o.context["items"]), o.path
    locs = [loc for loc, _ in output(p, "sitemap.xml").context["entries"]]
    assert "https://emplois.example/board/offres/open/" in locs
    assert not any("offres/closed" in loc for loc in locs)


def test_urls_honour_a_base_url_with_a_sub_path():
    p = plan(offer("x", date(2026, 4, 1)))
    view = p.open_offers[0]
    assert view.url == "/board/offres/x/"
    assert view.abs_url == "https://emplois.example/board/offres/x/"


def test_location_defaults_to_the_lead_employer_address():
    p = plan(offer("x", date(2026, 4, 1), employers=("douai", "lille")),
             offer("y", date(2026, 4, 1), location=model.Location(name="Dépôt", city="Cambrai",
                                                                   postal_code="59400")))
    places = {v.offer.slug: v.place.city for v in p.open_offers}
    assert places == {"x": "Douai", "y": "Cambrai"}
    assert "communes/cambrai/index.html" in {o.path for o in p.outputs}
