"""What a build computes once and reuses: files that list every offer (indeed.xml,
offres.json, offres.csv, the calendars, the filters' records) are put together from
one piece per offer, kept between builds, so editing one offer makes that offer's
pieces again, not every open offer's; each file is exactly what rendering it whole
gives, and the site stays byte-identical to a cold build's."""

from __future__ import annotations

import csv
import io
import json
from datetime import date
from pathlib import Path

import pytest
from conftest import tree

from jobboard import cache
from jobboard.build.pipeline import TEMPLATES, build_site
from jobboard.content.reader import read_content
from jobboard.plan import facets
from jobboard.plan.planner import plan_site
from jobboard.render import html_subset, opendata, renderer

TODAY = date(2026, 2, 1)


@pytest.fixture
def rewrites(monkeypatch) -> list[str]:
    """The fragments rewritten for Indeed in this process."""
    calls: list[str] = []
    real = html_subset.literal_html
    monkeypatch.setattr(html_subset, "literal_html", lambda f: calls.append(f) or real(f))
    return calls


def four_offers(site):
    for n, slug in enumerate(("accueil", "voirie", "jardins", "archives")):
        site.offer(slug, title=f"Agent {slug}", deadline=f"2026-03-0{n + 1}")


@pytest.mark.parametrize("parallel", [False, True])
def test_an_edit_rewrites_only_the_edited_offers_html_for_indeed(fixture_site, tmp_path,
                                                                 monkeypatch, rewrites,
                                                                 parallel):
    if parallel:  # the cold build renders in forked workers, which send their work back
        monkeypatch.setattr(renderer, "PARALLEL_FROM", 1)
    four_offers(fixture_site)
    build_site(fixture_site.content, fixture_site.out, TODAY)
    fixture_site.offer("voirie", title="Agent voirie", deadline="2026-03-02",
                       body="## Missions\n\nEntretenir <b>les réseaux</b> &amp; la voirie.\n")
    rewrites.clear()
    result = build_site(fixture_site.content, fixture_site.out, TODAY)
    assert result.rendered is not None  # incremental
    assert len(rewrites) == 1 and "voirie" in rewrites[0]
    cold = tmp_path / "cold"
    build_site(fixture_site.content, cold, TODAY, cache=tmp_path / "cold-cache")
    assert tree(fixture_site.out) == tree(cold)
    assert "Entretenir <\u2060b>les réseaux<\u2060/b> & la voirie." \
        in (cold / "indeed.xml").read_text()


def test_a_new_version_of_the_code_rewrites_everything_again(fixture_site, monkeypatch,
                                                             rewrites):
    four_offers(fixture_site)
    build_site(fixture_site.content, fixture_site.out, TODAY)
    assert len(rewrites) == 4
    fixture_site.offer("voirie", title="Agent voirie bis", deadline="2026-03-02")
    monkeypatch.setattr(cache, "code_version", lambda: "another version")
    rewrites.clear()
    build_site(fixture_site.content, fixture_site.out, TODAY)
    assert len(rewrites) == 4


SAMPLE = Path(__file__).parent / "fixtures" / "basic" / "content"
SAMPLE_DAY = date(2026, 3, 10)


@pytest.fixture(scope="module")
def sample_plan():
    return plan_site(read_content(SAMPLE, SAMPLE_DAY), SAMPLE_DAY)


@pytest.fixture(scope="module")
def sample_outputs(sample_plan):
    return {o.path: o for o in sample_plan.outputs}


def test_offers_json_put_together_equals_json_dumps_of_the_whole(sample_outputs):
    ctx = sample_outputs["offres.json"].context
    assert len(ctx["items"]) >= 2
    for items in (ctx["items"], ctx["items"][:1], []):
        part = {**ctx, "items": items}
        whole = {"title": ctx["site"].title, "generated": ctx["today"].isoformat(),
                 "count": len(items), "offers": [opendata.record(v) for v in items]}
        assert opendata.render_json(part) == \
            (json.dumps(whole, ensure_ascii=False, indent=2) + "\n").encode()


def test_records_put_together_equal_json_dumps_of_the_whole(sample_outputs, sample_plan):
    closed = sample_plan.closed_offers  # records of closed offers have their own fields
    for items in (sample_outputs["recherche/offres.json"].context["items"], closed):
        assert items
        assert facets.facets({"items": items}) == json.dumps(
            {"offers": [facets.record(v) for v in items]}, ensure_ascii=False,
            separators=(",", ":")).encode()
    assert facets.facets({"items": []}) == b'{"offers":[]}'


def test_csv_put_together_equals_the_whole_written_at_once(sample_outputs):
    ctx = sample_outputs["offres.csv"].context
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=opendata.CSV_COLUMNS)
    writer.writeheader()
    writer.writerows(opendata.csv_row(opendata.record(v)) for v in ctx["items"])
    assert opendata.render_csv(ctx) == buffer.getvalue().encode()


def test_indeed_feed_put_together_equals_the_feed_rendered_in_one_template(sample_outputs):
    """The <job> of each offer in its own template gives the feed one loop gave."""
    output = sample_outputs["indeed.xml"]
    templates = TEMPLATES
    whole = (templates / "indeed.xml").read_text().replace(
        '{{ offer_item("partials/indeed_item.xml", v, site) }}',
        '{% include "partials/indeed_item.xml" %}')
    one_loop = renderer.Renderer(templates).env.from_string(whole).render(output.context)
    keyed = renderer.Renderer(templates, item_key=lambda kind, view: view.offer.slug)
    assert keyed.render(output) == one_loop.encode()
    assert keyed.render(output) == one_loop.encode()  # the second time from its memo
    assert one_loop.count("<job>") == len(output.context["items"]) >= 2


def pieces_made(monkeypatch) -> list[str]:
    """The list that every offer's piece made from now on is added to ("kind slug")."""
    made: list[str] = []
    for kind, (item, whole) in renderer.ITEMISED.items():
        monkeypatch.setitem(renderer.ITEMISED, kind, (
            lambda ctx, v, kind=kind, item=item: made.append(f"{kind} {v.offer.slug}")
            or item(ctx, v), whole))
    return made


def test_an_edit_makes_only_the_edited_offers_pieces(fixture_site, monkeypatch):
    four_offers(fixture_site)
    build_site(fixture_site.content, fixture_site.out, TODAY)
    made = pieces_made(monkeypatch)
    fixture_site.offer("voirie", title="Agent voirie (F/H)", deadline="2026-03-02")
    build_site(fixture_site.content, fixture_site.out, TODAY)
    assert sorted(made) == ["ics voirie", "offers-csv voirie", "offers-json voirie",
                            "search-facets voirie"]


def test_pieces_of_a_file_not_rendered_again_are_kept(fixture_site, monkeypatch):
    """Editing a closed offer renders the archive's records, not the open offers'
    ones: the next edit of an open offer still finds theirs."""
    four_offers(fixture_site)
    fixture_site.offer("ancienne", title="Agent ancienne", published="2025-12-01",
                       deadline="2026-01-10")
    fixture_site.offer("ancienne-b", title="Technicien ancien", published="2025-12-01",
                       deadline="2026-01-12", employers="[ville-b]", filiere="technique")
    build_site(fixture_site.content, fixture_site.out, TODAY)
    assert (fixture_site.out / "archives" / "offres.json").is_file()
    fixture_site.offer("ancienne", title="Agent ancienne (F/H)", published="2025-12-01",
                       deadline="2026-01-10")
    build_site(fixture_site.content, fixture_site.out, TODAY)
    made: list[str] = []
    item, whole = renderer.ITEMISED["search-facets"]
    monkeypatch.setitem(renderer.ITEMISED, "search-facets", (
        lambda ctx, v: made.append(v.offer.slug) or item(ctx, v), whole))
    fixture_site.offer("voirie", title="Agent voirie (F/H)", deadline="2026-03-02")
    build_site(fixture_site.content, fixture_site.out, TODAY)
    assert made == ["voirie"]


def test_offer_cards_made_once_give_the_same_pages(sample_plan):
    """An offer's card (lists, related offers) is made once per offer and heading
    level and reused on every page that shows it: the pages are the same."""
    plain = renderer.Renderer(TEMPLATES)
    once = renderer.Renderer(TEMPLATES, item_key=lambda kind, v: v.offer.slug)
    pages = [o for o in sample_plan.outputs if o.template.endswith(".html")]
    shown = 0
    for output in pages:
        page = plain.render(output)
        assert once.render(output) == page, output.path
        shown += page.count(b'<li class="offer-card')
    made = once._once
    assert {level for _, _, level in made} == {2, 3}
    assert len(made) < shown  # cards shown on several pages were made once


def test_a_cache_that_cannot_be_cleaned_up_does_not_fail_the_build(fixture_site, tmp_path,
                                                                    monkeypatch):
    """Files of the cache that cannot be removed (a read-only cache folder) only make
    the next build slower: the site is built."""
    monkeypatch.setattr(renderer, "PARALLEL_FROM", 1)  # workers leave a file each
    four_offers(fixture_site)
    build_site(fixture_site.content, fixture_site.out, TODAY)
    real = Path.unlink

    def unlink(path, missing_ok=False):
        if "pieces" in path.name:
            raise PermissionError(13, "Permission denied", str(path))
        return real(path, missing_ok)

    monkeypatch.setattr(Path, "unlink", unlink)
    fixture_site.offer("voirie", title="Agent voirie (F/H)", deadline="2026-03-02")
    build_site(fixture_site.content, fixture_site.out, TODAY)
    assert "Agent voirie (F/H)" in (fixture_site.out / "offres.json").read_text()


def test_pieces_kept_across_days_show_nothing_of_the_day(sample_plan, sample_outputs):
    """Pieces of the kinds kept from one day to the next (renderer.DAY_FREE: their key
    leaves out the view's "closing soon" and "new") are the same bytes with
    those fields and the build day changed: a kind that starts showing one of them
    fails here (then take it out of DAY_FREE)."""
    import dataclasses
    from datetime import timedelta
    plain = renderer.Renderer(TEMPLATES)
    indeed = sample_outputs["indeed.xml"].context
    contexts = {kind: o.context for o in sample_plan.outputs
                for kind in [o.template] if kind in renderer.ITEMISED}
    assert set(contexts) | {"partials/indeed_item.xml"} == renderer.DAY_FREE
    checked = 0
    for kind in sorted(renderer.DAY_FREE):
        ctx = indeed if kind == "partials/indeed_item.xml" else contexts[kind]
        views = list(ctx["items"]) + [v for v in sample_plan.closed_offers
                                      if kind == "search-facets"]
        assert views, kind
        for v in views:
            other = dataclasses.replace(v, closing_soon=v.is_open and not v.closing_soon,
                                        is_new=v.is_open and not v.is_new)
            later = {**ctx, "today": ctx.get("today", SAMPLE_DAY) + timedelta(days=17)} \
                if "today" in ctx else ctx
            if kind == "partials/indeed_item.xml":
                def piece(c, view):
                    return plain.env.get_template(kind).render(v=view, site=c["site"])
            else:
                piece = renderer.ITEMISED[kind][0]
            plain.forget()
            before = piece(ctx, v)
            plain.forget()
            assert piece(later, other) == before, (kind, v.offer.slug)
            checked += 1
    assert checked >= 10


def test_the_next_day_remakes_no_piece_of_an_offer_unchanged(fixture_site, monkeypatch):
    """The daily build (same content, the next day) reuses every offer's pieces of the
    site-wide files, and its site is the cold build's."""
    four_offers(fixture_site)
    build_site(fixture_site.content, fixture_site.out, TODAY)
    made = pieces_made(monkeypatch)
    next_day = date(2026, 2, 2)
    result = build_site(fixture_site.content, fixture_site.out, next_day)
    assert result.rendered  # the lists show the days left: rendered again
    assert made == []
    cold = fixture_site.out.parent / "cold"
    build_site(fixture_site.content, cold, next_day, cache=cold.parent / "cold-cache")
    assert tree(fixture_site.out) == tree(cold)


def test_an_output_whose_key_is_unchanged_on_another_day_is_the_same_bytes():
    """The incremental build keeps an output whose key did not change: so an output with
    the same key on two days must be the same bytes. Every output of the sample board is
    rendered (no reuse) for its day and for later days (one with no status change, others
    across badges and deadlines): a template that starts printing something of the day
    that the key leaves out (a count of days left) fails here."""
    from datetime import timedelta

    from jobboard.build.fingerprint import Fingerprinter

    def made(day):
        plan = plan_site(read_content(SAMPLE, day), day)
        keys, plain = Fingerprinter(TEMPLATES), renderer.Renderer(TEMPLATES)
        return {o.path: (keys.key(o.template, o.context), o, plain) for o in plan.outputs}

    first = made(SAMPLE_DAY)
    same = 0
    for later in (1, 4, 9):
        for path, (key, output, plain) in made(SAMPLE_DAY + timedelta(days=later)).items():
            if path in first and first[path][0] == key:
                assert plain.render(output) == first[path][2].render(first[path][1]), (later, path)
                same += 1
    assert same >= 20  # offer pages, lists: kept from one day to the next
