"""The full-text search index (plan/search_terms.py): what a job seeker's words find.

The index is planned outputs: shards `recherche/index/<first two letters>.json` holding
`word -> [[offer id, weight], ...]` for the open offers only. The search page's script
(theme/recherche.js) is driven in a browser by tests/test_browser.py; these tests read
the shards as that script does.
"""

from __future__ import annotations

import json
import random
from datetime import date

from jobboard.build.pipeline import build_site
from jobboard.content.reader import read_content
from jobboard.plan import search_terms
from jobboard.plan.planner import PlanMemo, plan_site
from tests.conftest import tree

TODAY = date(2026, 2, 1)
INDEX = "recherche/index/"


def shards(out) -> dict[str, dict]:
    return {p.name: json.loads(p.read_text(encoding="utf-8"))
            for p in sorted((out / "recherche" / "index").glob("*.json"))}


def found(out, query_word: str) -> dict[str, int]:
    """As the search page does: the shard of the word's first two letters, every key that
    starts with the word, the best weight of each offer."""
    word = search_terms.fold_word(query_word)
    path = out / "recherche" / "index" / f"{search_terms.shard_name(word)}.json"
    if not path.exists():
        return {}
    best: dict[str, int] = {}
    for key, postings in json.loads(path.read_text(encoding="utf-8")).items():
        if key.startswith(word):
            for offer, weight in postings:
                best[offer] = max(best.get(offer, 0), weight)
    return best


def indexed_offers(out) -> set[str]:
    return {offer for shard in shards(out).values() for postings in shard.values()
            for offer, _ in postings}


def test_a_word_of_the_body_finds_its_offer_and_title_words_weigh_more(fixture_site):
    fixture_site.offer("jardinier", title="Jardinier (F/H)", deadline="2026-03-01",
                       body="## Missions\n\nTailler les haies du cimetière.\n")
    fixture_site.offer("accueil", title="Agent d'accueil (F/H)", deadline="2026-03-01",
                       body="## Missions\n\nAccueillir le public du jardin botanique.\n")
    assert fixture_site.build("2026-02-01") == 0
    out = fixture_site.out
    assert found(out, "haies") == {"jardinier": search_terms.BODY}
    # "jardin" is a prefix of "jardinier" (title) and a word of the other's body.
    hits = found(out, "jardin")
    assert set(hits) == {"jardinier", "accueil"} and hits["jardinier"] > hits["accueil"]
    # The facts count too: the employer's name and the commune.
    assert set(found(out, "aulnoy")) == {"jardinier", "accueil"}
    assert found(out, "zythologie") == {}
    # Offer ids are the records' slugs, where the script finds the cards.
    records = json.loads((out / "recherche" / "offres.json").read_text())["offers"]
    assert {r["url"].rstrip("/").rsplit("/", 1)[1] for r in records} == indexed_offers(out)


def test_accents_and_case_are_folded_as_the_filters_fold_them(fixture_site):
    fixture_site.offer("educ", title="Éducateur de jeunes enfants (F/H)", deadline="2026-03-01",
                       body="Une crèche municipale à Béthune ; cœur de métier.\n")
    assert fixture_site.build("2026-02-01") == 0
    out = fixture_site.out
    for typed in ("educateur", "ÉDUCATEUR", "Éduc", "creche", "crèche", "bethune"):
        assert "educ" in found(out, typed), typed
    keys = {k for shard in shards(out).values() for k in shard}
    assert "educateur" in keys and "éducateur" not in keys
    # A letter without an ASCII form keeps its own shard, named by its code point.
    assert search_terms.shard_name("œuvre") == "_153_u"
    assert search_terms.shard_name("\u153a") != search_terms.shard_name("œa")
    assert "educ" in found(out, "cœur")
    # Words of one letter and the commonest words are not indexed.
    assert {"a", "de", "une"}.isdisjoint(keys)


def test_a_closed_offer_is_in_no_shard_and_a_day_that_closes_one_removes_it(fixture_site):
    fixture_site.offer("ouverte", title="Agent ouvert", deadline="2026-03-01",
                       body="Entretien des espaces verts.\n")
    fixture_site.offer("fermee", title="Agent fermé", deadline="2026-01-20",
                       body="Entretien des toitures.\n")
    fixture_site.offer("bientot", title="Agent bientôt clos", deadline="2026-02-05",
                       body="Entretien des fontaines.\n")
    out = fixture_site.out
    build_site(fixture_site.content, out, TODAY)
    assert indexed_offers(out) == {"ouverte", "bientot"}
    assert found(out, "toitures") == {} and "fermee" not in found(out, "entretien")
    assert "bientot" in found(out, "fontaines")
    # A later day, incrementally: the offer that closed leaves every shard.
    result = build_site(fixture_site.content, out, date(2026, 2, 6))
    assert result.rendered is not None
    assert indexed_offers(out) == {"ouverte"}
    assert found(out, "fontaines") == {}
    assert not any(b"bientot" in data for p, data in tree(out).items() if p.startswith(INDEX))
    cold = fixture_site.root / "cold"
    build_site(fixture_site.content, cold, date(2026, 2, 6))
    assert tree(out) == tree(cold)


def test_hostile_text_cannot_break_a_shard(fixture_site):
    title = 'Agent </script><script>alert("x")</script> \\"quoté\\" \u2028 & <!--'
    fixture_site.offer("hostile", title=title, deadline="2026-03-01",
                       body='Texte </script>"\\ <img src=x onerror=alert(1)> fin.\n',
                       extra="themes: ['\"}]},{\"x\":\"']\n")
    assert fixture_site.build("2026-02-01") == 0
    out = fixture_site.out
    for name, data in tree(out).items():
        if name.startswith(INDEX):
            text = data.decode("utf-8")
            json.loads(text)  # each shard is valid JSON
            assert "<" not in text and "\\" not in text and "\u2028" not in text, name
    assert "hostile" in found(out, "script") and "hostile" in found(out, "quote")
    assert "hostile" in found(out, "onerror")  # the body's text, markup escaped by Markdown


def test_the_index_is_deterministic_whatever_the_order_and_the_memo(fixture_site):
    for i in range(12):
        fixture_site.offer(f"offre-{i}", title=f"Poste {i} de technicien", deadline="2026-03-01",
                           body=f"Mission {i} : voirie, réseaux, bâtiments n° {i * 7}.\n")
    content = read_content(fixture_site.content, TODAY)
    views = plan_site(content, TODAY).open_offers
    index = search_terms.SearchIndex()
    first = index.shards(views)
    index.memo.clear()
    shuffled = views[:]
    random.Random(4).shuffle(shuffled)
    assert index.shards(shuffled) == first
    assert list(first) == sorted(first)
    for text in first.values():
        shard = json.loads(text)
        assert text == json.dumps(shard, ensure_ascii=False, separators=(",", ":"))
        assert list(shard) == sorted(shard)
        for postings in shard.values():
            assert postings == sorted(postings, key=lambda p: (-p[1], p[0]))


def fresh_shards(views) -> dict[str, str]:
    """The shards planned with nothing kept from a previous planning."""
    return search_terms.SearchIndex().shards(views)


def test_an_index_patched_from_any_previous_planning_equals_a_fresh_one(fixture_site):
    """Re-planning patches the last planning's index with the offers that changed: whatever
    came before (other offers, an edited one, none), the shards are those of a fresh index."""
    for i in range(10):
        fixture_site.offer(f"offre-{i}", title=f"Poste {i} de technicien", deadline="2026-03-01",
                           body=f"Mission {i % 3} : voirie, réseaux n° {i * 7}, bâtiments.\n")
    views = plan_site(read_content(fixture_site.content, TODAY), TODAY).open_offers
    fixture_site.offer("offre-3", title="Poste 3 de jardinier", deadline="2026-03-01",
                       body="Tonte, taille et voirie.\n")
    edited = plan_site(read_content(fixture_site.content, TODAY), TODAY).open_offers
    rng = random.Random(7)
    plannings = [rng.sample(rng.choice([views, edited]), rng.randint(0, 10)) for _ in range(12)]
    index = search_terms.SearchIndex()
    for planning in plannings:
        index.shards(rng.choice(plannings))  # any previous planning
        patched = index.shards(planning)
        assert patched == fresh_shards(planning)


def test_re_planning_reads_again_only_the_offers_that_changed(fixture_site, monkeypatch):
    """`serve` re-plans on every save: the unchanged offers' words come from the memo."""
    for i in range(5):
        fixture_site.offer(f"offre-{i}", title=f"Poste {i}", deadline="2026-03-01")
    memo = PlanMemo()  # what `serve` keeps from one planning to the next
    views = plan_site(read_content(fixture_site.content, TODAY), TODAY, memo).open_offers
    made = []
    original = search_terms.weighted_words
    monkeypatch.setattr(search_terms, "weighted_words",
                        lambda *a: made.append(a[0]) or original(*a))
    fixture_site.offer("offre-2", title="Poste 2 modifié", deadline="2026-03-01")
    views = plan_site(read_content(fixture_site.content, TODAY), TODAY, memo).open_offers
    shards = memo.search.shards(views)
    assert made == ["Poste 2 modifié"]
    assert "offre-2" in json.loads(shards["mo"])["modifie"][0]


def test_editing_a_body_rewrites_only_the_shards_of_the_words_added_or_removed(fixture_site):
    for i in range(6):
        fixture_site.offer(f"offre-{i}", title=f"Technicien {i}", deadline="2026-03-01",
                           body="Entretien de la voirie et des réseaux.\n")
    fixture_site.offer("editee", title="Jardinier", deadline="2026-03-01",
                       body="Tonte des pelouses et entretien de la voirie.\n")
    out = fixture_site.out
    build_site(fixture_site.content, out, TODAY)
    before = tree(out)
    inodes = {p.name: p.stat().st_ino for p in (out / "recherche" / "index").iterdir()}
    # "tonte" (alone in its shard) goes, "zythologie" comes; "pelouses" stays.
    fixture_site.offer("editee", title="Jardinier", deadline="2026-03-01",
                       body="Zythologie des pelouses et entretien de la voirie.\n")
    build_site(fixture_site.content, out, TODAY)
    after = tree(out)
    changed = {p for p in before.keys() | after.keys() if before.get(p) != after.get(p)}
    assert {p for p in changed if p.startswith(INDEX)} == {INDEX + "to.json", INDEX + "zy.json"}
    assert INDEX + "zy.json" not in before and INDEX + "to.json" in before
    assert "editee" in found(out, "zytho") and found(out, "tonte") == {}
    # The other shards are the very files the previous build wrote.
    for p in (out / "recherche" / "index").iterdir():
        if p.name != "zy.json":
            assert p.stat().st_ino == inodes[p.name], p.name
    cold = fixture_site.root / "cold"
    build_site(fixture_site.content, cold, TODAY)
    assert after == tree(cold)
