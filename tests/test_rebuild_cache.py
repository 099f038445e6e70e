"""A CI rebuild (a new process, the build cache kept) starts where the last build
stopped (build/resume.py): it reads again only the content files whose bytes changed,
re-plans from the planner's memo (the search index's words and the state file's digests
are made again only for the offers that changed), and the site is the cold build's.
A fresh checkout, a new commit or a new day re-reads only what they change."""

from __future__ import annotations

import gc
import weakref
from datetime import date

import pytest
from conftest import EMPLOYERS, offer_md, tree
from test_schema_and_git import git

from jobboard.build import pipeline, resume
from jobboard.build.fingerprint import Fingerprinter
from jobboard.build.pipeline import build_site
from jobboard.content import reader
from jobboard.plan import changes, search_terms
from jobboard.plan.planner import PlanMemo

TODAY = date(2026, 2, 1)


@pytest.fixture
def new_process(monkeypatch):
    """Forget what this process's earlier plannings left in memory, as a new CI run has
    nothing in memory; returns the offers whose words and state digests were made."""
    made: dict[str, list[str]] = {"words": [], "digest": []}
    real_words, real_digest = search_terms.weighted_words, changes.offer_digest
    monkeypatch.setattr(search_terms, "weighted_words", lambda title, facts, body:
                        made["words"].append(title) or real_words(title, facts, body))
    monkeypatch.setattr(changes, "offer_digest",
                        lambda v: made["digest"].append(v.offer.slug) or real_digest(v))

    def forget():
        # (what planning keeps lives in PlanMemo: a build's comes from its cache only)
        for found in made.values():
            found.clear()
        return made
    return forget


def offers(site, edited: str = ""):
    for n, slug in enumerate(("accueil", "voirie", "jardins")):
        site.offer(slug, title=f"Agent {slug}{edited if slug == 'voirie' else ''}",
                   deadline=f"2026-03-0{n + 1}")
    site.offer("ancienne", title="Agent ancienne", published="2025-12-01",
               deadline="2026-01-10")


def test_a_rebuild_in_a_new_process_plans_again_only_the_edited_offer(fixture_site,
                                                                      new_process):
    offers(fixture_site)
    build_site(fixture_site.content, fixture_site.out, TODAY)
    offers(fixture_site, edited=" (F/H)")
    made = new_process()
    result = build_site(fixture_site.content, fixture_site.out, TODAY)
    assert result.rendered  # incremental
    assert made == {"words": ["Agent voirie (F/H)"], "digest": ["voirie"]}
    cold = fixture_site.root / "cold"
    build_site(fixture_site.content, cold, TODAY, cache=fixture_site.root / "cold-cache")
    assert tree(fixture_site.out) == tree(cold)


def test_a_cache_from_another_board_still_gives_the_cold_site(fixture_site, new_process):
    """The kept index is only where planning starts: another board's (the same cache
    folder given to two sites) is patched into this one's."""
    offers(fixture_site)
    build_site(fixture_site.content, fixture_site.out, TODAY,
               cache=fixture_site.root / "shared-cache")
    for slug in ("accueil", "jardins"):
        (fixture_site.content / "offers" / f"{slug}.md").unlink()
    fixture_site.offer("piscine", title="Maître-nageur", deadline="2026-03-05")
    new_process()
    other = fixture_site.root / "other"
    build_site(fixture_site.content, other, TODAY, cache=fixture_site.root / "shared-cache")
    new_process()
    cold = fixture_site.root / "cold"
    build_site(fixture_site.content, cold, TODAY, cache=fixture_site.root / "cold-cache")
    assert tree(other) == tree(cold)


@pytest.fixture
def parsed(monkeypatch) -> list[str]:
    """The offer files the reader reads (the parse cache, if it has their bytes, spares
    their parsing, not their reading), in this process."""
    files: list[str] = []
    real = reader.read_regular
    monkeypatch.setattr(reader, "read_regular", lambda path, limit: (
        path.parent.name == "offers" and files.append(f"offers/{path.name}"))
        or real(path, limit))
    return files


def cold_tree(site, today=TODAY) -> dict:
    cold = site.root / "cold"
    build_site(site.content, cold, today, cache=site.root / "cold-cache")
    return tree(cold)


def test_a_rebuild_reads_again_only_the_edited_offer(fixture_site, parsed):
    offers(fixture_site)
    build_site(fixture_site.content, fixture_site.out, TODAY)
    assert set(parsed) == {f"offers/{s}.md" for s in ("accueil", "voirie", "jardins", "ancienne")}
    parsed.clear()
    offers(fixture_site, edited=" (F/H)")  # every file written again, one changed
    result = build_site(fixture_site.content, fixture_site.out, TODAY)
    assert set(parsed) == {"offers/voirie.md"}
    assert result.rendered  # its page, lists, feeds
    assert tree(fixture_site.out) == cold_tree(fixture_site)


def test_a_fresh_checkout_reads_and_renders_nothing(fixture_site, parsed):
    offers(fixture_site)
    build_site(fixture_site.content, fixture_site.out, TODAY)
    before = tree(fixture_site.out)
    for path in sorted(fixture_site.content.rglob("*.*")):  # new files, same bytes
        copy = path.with_name(path.name + ".new")
        copy.write_bytes(path.read_bytes())
        copy.replace(path)
    parsed.clear()
    result = build_site(fixture_site.content, fixture_site.out, TODAY)
    assert parsed == [] and result.rendered == 0
    assert tree(fixture_site.out) == before


def test_a_new_commit_reads_again_the_offers_whose_git_dates_changed(fixture_site, parsed):
    root = fixture_site.root
    undated = {slug: offer_md(title=f"Agent {slug}", deadline="2026-03-01")
               .replace("published: 2026-01-05\n", "") for slug in ("accueil", "voirie")}
    for slug, text in undated.items():
        fixture_site.write(f"offers/{slug}.md", text)
    git(root, "init", "-q", "-b", "main")
    git(root, "add", "content")
    git(root, "commit", "-qm", "Offres", when="2026-01-10T10:00:00+01:00")
    build_site(fixture_site.content, fixture_site.out, TODAY)
    parsed.clear()
    # A commit that changes no offer's dates (a new employer) re-reads no offer.
    fixture_site.write("employers/ville-c.yaml",
                       EMPLOYERS["ville-a"].replace("Ville d'Aulnoy", "Ville C"))
    git(root, "add", "content")
    git(root, "commit", "-qm", "Employeur", when="2026-01-12T10:00:00+01:00")
    build_site(fixture_site.content, fixture_site.out, TODAY)
    assert parsed == []
    fixture_site.write("offers/voirie.md", undated["voirie"].replace("Accueillir", "Recevoir"))
    git(root, "commit", "-qam", "Voirie", when="2026-01-20T10:00:00+01:00")
    build_site(fixture_site.content, fixture_site.out, TODAY)
    assert set(parsed) == {"offers/voirie.md"}
    assert "Publiée le 10 janvier 2026 Mise à jour le 20 janvier 2026" in \
        fixture_site.html("offres/voirie/index.html").get_text(" ", strip=True)
    assert tree(fixture_site.out) == cold_tree(fixture_site)


def test_a_new_day_reads_again_the_offers_published_on_the_build_day(fixture_site, parsed):
    """Outside git, an offer without `published` is published on the build day."""
    offers(fixture_site)
    fixture_site.write("offers/sans-date.md", offer_md(title="Sans date", deadline="2026-03-04")
                       .replace("published: 2026-01-05\n", ""))
    build_site(fixture_site.content, fixture_site.out, TODAY)
    parsed.clear()
    next_day = date(2026, 2, 2)
    build_site(fixture_site.content, fixture_site.out, next_day)
    assert set(parsed) == {"offers/sans-date.md"}
    assert tree(fixture_site.out) == cold_tree(fixture_site, next_day)


@pytest.mark.parametrize("damage", ["truncated", "another version", "another folder"])
def test_a_kept_state_that_cannot_be_trusted_is_not_used(fixture_site, monkeypatch, damage):
    offers(fixture_site)
    build_site(fixture_site.content, fixture_site.out, TODAY)
    kept = fixture_site.root / ".jobboard-cache" / "site" / resume.FILE
    assert kept.is_file()
    offers(fixture_site, edited=" (F/H)")
    if damage == "truncated":
        kept.write_bytes(kept.read_bytes()[:500])
    elif damage == "another version":
        monkeypatch.setattr(resume, "code_version", lambda: "another version")
    else:  # the same board read from another place: its files, messages, git
        moved = fixture_site.root / "moved"
        fixture_site.content.rename(moved)
        fixture_site.content = moved
    full_reads = []
    real = resume.read_live
    monkeypatch.setattr(resume, "read_live", lambda *a: full_reads.append(a) or real(*a))
    build_site(fixture_site.content, fixture_site.out, TODAY)
    assert len(full_reads) == 1  # the whole tree read (from the parse cache)
    assert tree(fixture_site.out) == cold_tree(fixture_site)


def test_a_rebuild_fingerprints_again_only_the_pages_the_edit_made_again(fixture_site,
                                                                        monkeypatch):
    """The pages the last build planned (kept in its cache) are the very objects this
    one plans for unchanged offers, and keep their fingerprints: a closed offer's page
    (which shows no open offer) is not fingerprinted again after an edit elsewhere."""
    offers(fixture_site)
    build_site(fixture_site.content, fixture_site.out, TODAY)
    offers(fixture_site, edited=" (F/H)")
    pages: list[str] = []
    real = Fingerprinter.key
    monkeypatch.setattr(Fingerprinter, "key", lambda self, template, context: (
        template == "offer.html" and pages.append(context["view"].offer.slug))
        or real(self, template, context))
    build_site(fixture_site.content, fixture_site.out, TODAY)
    assert "voirie" in pages and "ancienne" not in pages
    assert tree(fixture_site.out) == cold_tree(fixture_site)


def test_offers_bodies_are_kept_compressed_between_builds(fixture_site):
    """A board keeps every closed offer and the build keeps what it read: the bodies
    (most of the model) are kept compressed, in memory and in the cache, and every
    page still shows them whole."""
    sentence = "Le service assure l'entretien des espaces verts de la commune – "
    body = "## Missions\n\n" + "".join(f"{sentence}{n}.\n\n" for n in range(300))
    fixture_site.offer("jardins", title="Agent des jardins (F/H)", body=body)
    cache = fixture_site.root / "cache"
    build_site(fixture_site.content, fixture_site.out, TODAY, cache=cache)
    page = fixture_site.read("offres/jardins/index.html")
    assert all(f"{sentence}{n}." in page for n in (0, 150, 299))
    # (what was read; the rendered pieces of feeds are kept as they are written)
    kept = {name: (cache / name).read_bytes() for name in ("resume.pickle", "offers.pickle")}
    for name, data in kept.items():
        assert sentence.encode() not in data, name


def test_the_next_day_lets_the_last_days_views_go_before_planning(fixture_site, monkeypatch):
    """The daily build makes every offer's view again: the kept state's views are let
    go first, not held next to the new ones (at 100,000 offers, a gigabyte)."""
    offers(fixture_site)
    cache = fixture_site.root / "cache"
    build_site(fixture_site.content, fixture_site.out, TODAY, cache=cache)
    old_views: list[weakref.ref] = []
    real = PlanMemo.another_day

    def another_day(memo):
        old_views.extend(weakref.ref(entry[2]) for entry in memo.views.values())
        return real(memo)
    monkeypatch.setattr(PlanMemo, "another_day", another_day)
    begun = resume.start(cache, fixture_site.content, pipeline.source_states(
        [fixture_site.content]), date(2026, 2, 2))
    gc.collect()
    assert len(old_views) == 4
    assert [ref() for ref in old_views] == [None] * 4
    assert begun.last is not None and begun.reading.today == date(2026, 2, 2)
