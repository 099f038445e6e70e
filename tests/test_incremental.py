"""Incremental builds are never stale.

Editing an offer, an employer, a template or site.yaml changes exactly the
outputs that depend on it, and the site built from the cache is byte-identical
to a cold build of the same content.
"""

from __future__ import annotations

import json
import random
import re
import shutil
from datetime import date, timedelta

import pytest
from bs4 import BeautifulSoup

from jobboard.build.pipeline import TEMPLATES, build_site
from tests.conftest import offer_md, tree

TODAY = date(2026, 2, 1)
# The files that state the build day (feeds and site-wide data files), not a page.
DATED_FILES = {"flux.xml", "flux.atom", "flux.json", "indeed.xml", "offres.json",
               "offres.csv", "echeances.ics", "sitemap.xml"}


@pytest.fixture
def board(fixture_site, tmp_path):
    """Four open offers over two employers and two filières, built once."""
    s = fixture_site
    s.offer("accueil-a", title="Agent d'accueil A", deadline="2026-03-01")
    s.offer("voirie-a", title="Technicien voirie A", deadline="2026-03-02", filiere="technique",
            categories="[B]")
    s.offer("accueil-b", title="Agent d'accueil B", employers="[ville-b]", deadline="2026-03-03")
    s.offer("voirie-b", title="Technicien voirie B", employers="[ville-b]", deadline="2026-03-04",
            filiere="technique", categories="[B]")
    s.templates = tmp_path / "templates"
    shutil.copytree(TEMPLATES, s.templates)
    s.build_lib = lambda out: build_site(s.content, out, TODAY, templates=s.templates)
    first = s.build_lib(s.out)
    assert first.rendered is None  # cold
    s.before = tree(s.out)
    return s


def rebuild_and_compare(board, tmp_path) -> tuple[set[str], int]:
    """Rebuild incrementally; check it equals a cold build; return what changed."""
    result = board.build_lib(board.out)
    after = tree(board.out)
    cold = tmp_path / "cold"
    board.build_lib(cold)  # another folder: a cold build
    assert after == tree(cold), "the incremental build differs from a cold build"
    changed = {p for p in set(board.before) | set(after)
               if board.before.get(p) != after.get(p)}
    return changed, result.rendered


def test_nothing_changes_when_nothing_changed(board, tmp_path):
    changed, rendered = rebuild_and_compare(board, tmp_path)
    assert (changed, rendered) == (set(), 0)


def test_editing_an_offer_changes_its_page_lists_feeds_and_related_pages_only(board, tmp_path):
    board.offer("voirie-a", title="Technicienne voirie A", deadline="2026-03-02",
                filiere="technique", categories="[B]")
    changed, rendered = rebuild_and_compare(board, tmp_path)
    assert "offres/voirie-a/index.html" in changed
    for listing in ("index.html", "categories/b/index.html", "filieres/technique/index.html",
                    "employeurs/ville-a/index.html", "flux.xml", "offres.json", "indeed.xml",
                    "recherche/offres.json"):
        assert listing in changed, listing
    # Pages showing it among related offers (same employer, same filière) change...
    assert "offres/accueil-a/index.html" in changed
    assert "offres/voirie-b/index.html" in changed
    # ...an offer of another employer and filière does not, nor lists without it.
    assert "offres/accueil-b/index.html" not in changed
    assert "employeurs/ville-b/index.html" not in changed
    assert "categories/c/index.html" not in changed
    assert any(p.startswith("recherche/index/") for p in changed)  # the search index follows
    assert rendered < len(board.before) / 2


def test_editing_an_employer_changes_its_offers_pages(board, tmp_path):
    path = board.content / "employers" / "ville-b.yaml"
    path.write_text(path.read_text().replace("Ville de Béthune", "Commune de Béthune"))
    changed, _ = rebuild_and_compare(board, tmp_path)
    for page in ("employeurs/ville-b/index.html", "offres/accueil-b/index.html",
                 "offres/voirie-b/index.html", "employeurs/index.html"):
        assert page in changed, page
    # accueil-a shows accueil-b among its related offers (same filière), so it changes
    # too; the other employer's page shows none of this employer's offers.
    assert "offres/accueil-a/index.html" in changed
    assert "employeurs/ville-a/index.html" not in changed


def test_editing_a_template_changes_the_outputs_made_with_it(board, tmp_path):
    rss = board.templates / "rss.xml"
    rss.write_text(rss.read_text().replace("<language>fr-FR</language>",
                                           "<language>fr</language>"))
    changed, _ = rebuild_and_compare(board, tmp_path)
    assert changed and all(p.endswith("flux.xml") for p in changed)
    assert "flux.xml" in changed and "categories/b/flux.xml" in changed


def test_editing_site_settings_changes_every_page(board, tmp_path):
    site = board.content / "site.yaml"
    site.write_text(site.read_text().replace("title: Emplois test", "title: Emplois publics"))
    changed, _ = rebuild_and_compare(board, tmp_path)
    pages = {p for p in board.before if p.endswith(".html")}
    assert pages <= changed


def test_a_removed_offer_disappears(board, tmp_path):
    (board.content / "offers" / "voirie-b.md").unlink()
    changed, _ = rebuild_and_compare(board, tmp_path)
    assert "offres/voirie-b/index.html" in changed
    assert not (board.out / "offres" / "voirie-b").exists()


def test_a_new_day_closes_offers_in_an_incremental_build(board, tmp_path):
    result = build_site(board.content, board.out, date(2026, 3, 3), templates=board.templates)
    assert result.open_offers == 2 and result.rendered is not None
    cold = tmp_path / "cold"
    build_site(board.content, cold, date(2026, 3, 3), templates=board.templates)
    assert tree(board.out) == tree(cold)
    assert "offres/accueil-a/" not in (board.out / "flux.xml").read_text()


def test_a_day_that_changes_no_offers_status_renders_only_what_shows_the_day(board, tmp_path):
    """The daily build, same content, the next day: no offer opens, closes, starts or
    stops "closing soon" or "new". Pages print no day count (theme/jours.js writes it
    in the browser) and a view's key holds only those statuses, so the offers' pages,
    lists and feeds are not rendered again; the site is still the cold build's."""
    day = TODAY + timedelta(days=1)
    result = build_site(board.content, board.out, day, templates=board.templates)
    after = tree(board.out)
    cold = tmp_path / "cold"
    build_site(board.content, cold, day, templates=board.templates)
    assert after == tree(cold), "the incremental build differs from a cold build"
    changed = {p for p in set(board.before) | set(after) if board.before.get(p) != after.get(p)}
    # No page changes; what does is what states the build day: the feeds' build date
    # (RSS lastBuildDate, Atom updated), offres.json's "generated", indeed.xml's date.
    assert changed and not any(p.endswith(".html") for p in changed), changed
    dated = {p for p in after if p.rsplit("/", 1)[-1] in DATED_FILES}
    assert changed <= dated, changed - dated
    assert result.rendered is not None and result.rendered <= len(dated), result.rendered
    # A day on which a badge changes does render the cards that show it: the offer
    # closing on 1 March is "closing soon" from 22 February.
    board.before = after
    result = build_site(board.content, board.out, date(2026, 2, 22), templates=board.templates)
    cold = tmp_path / "cold-22"
    build_site(board.content, cold, date(2026, 2, 22), templates=board.templates)
    assert tree(board.out) == tree(cold)
    assert "Clôture proche" in (board.out / "offres" / "accueil-a" / "index.html").read_text()
    assert result.rendered > 10


def test_an_offer_closing_renders_no_other_closed_offers_page(board, tmp_path):
    """A closed offer's page names no open offer (its script draws them from the
    search's records), so the day an offer closes, the pages of the offers closed
    before it stay as they are: the daily build of a board keeping years of closed
    offers renders the open ones' pages, not every page."""
    board.offer("ancienne", title="Agent d'accueil (ancienne)", published="2026-01-02",
                deadline="2026-01-20")
    board.build_lib(board.out)
    page = BeautifulSoup((board.out / "offres/ancienne/index.html").read_text(), "html.parser")
    near = page.select_one("[data-records]")
    assert near["data-records"] == "/recherche/offres.json"
    assert json.loads(near["data-employers"]) == ["Ville d'Aulnoy"]
    assert [a["href"] for a in near.select(".related-links a")] == \
        ["/employeurs/ville-a/", "/filieres/administrative/"]
    assert not page.select(".offer-card")  # no open offer written into a closed page
    open_page = BeautifulSoup((board.out / "offres/accueil-b/index.html").read_text(),
                              "html.parser")
    assert "Agent d'accueil A" in [a.get_text() for a in open_page.select(".offer-card a")]
    assert not open_page.select("[data-records]")
    board.before = tree(board.out)
    changed, _ = rebuild_and_compare(board, tmp_path)  # nothing changed
    assert changed == set()
    # accueil-a closes on 2 March: its page changes, ancienne's does not.
    later = date(2026, 3, 2)
    build_site(board.content, board.out, later, templates=board.templates)
    after = tree(board.out)
    assert after["offres/accueil-a/index.html"] != board.before["offres/accueil-a/index.html"]
    assert after["offres/ancienne/index.html"] == board.before["offres/ancienne/index.html"]
    cold = tmp_path / "cold-later"
    build_site(board.content, cold, later, templates=board.templates)
    assert after == tree(cold)


def test_an_invalid_edit_leaves_the_site_untouched(board, tmp_path):
    from jobboard.problems import ContentError
    board.write("offers/voirie-a.md", offer_md(deadline="2026-02-30"))
    with pytest.raises(ContentError):
        board.build_lib(board.out)
    assert tree(board.out) == board.before


def test_the_replaced_site_is_kept_as_a_spare_and_updated_by_the_changes_only(board, tmp_path):
    """The site a build replaces is kept in the cache (not deleted, not copied): the next
    build brings it up to date with the files that changed and swaps it in. Unchanged
    files stay one file shared by both (disk ≈ one site), and keep their inode and date
    in the site in place (rsync and HTTP caches see them unchanged)."""
    spare = board.root / ".jobboard-cache" / "site" / "previous-site"
    unchanged = board.out / "employeurs" / "ville-b" / "index.html"
    inode = unchanged.stat().st_ino
    for title in ("Technicienne voirie A", "Technicien·ne voirie A"):
        board.offer("voirie-a", title=title, deadline="2026-03-02", filiere="technique",
                    categories="[B]")
        before = tree(board.out)
        board.build_lib(board.out)
        assert tree(spare) == before  # the replaced site, whole
        assert unchanged.stat().st_ino == inode
        assert (spare / "employeurs/ville-b/index.html").stat().st_ino == inode
        assert (board.out / "offres/voirie-a/index.html").stat().st_ino != \
            (spare / "offres/voirie-a/index.html").stat().st_ino
    rebuild_and_compare(board, tmp_path)  # and the site is what a cold build makes


def test_a_missing_or_damaged_spare_site_is_not_trusted(board, tmp_path):
    board.offer("voirie-a", title="Technicienne voirie A", deadline="2026-03-02",
                filiere="technique", categories="[B]")
    board.build_lib(board.out)
    spare = board.root / ".jobboard-cache" / "site" / "previous-site"
    shutil.rmtree(spare)  # deleted with part of the cache
    board.offer("accueil-a", title="Agent d'accueil A (modifié)", deadline="2026-03-01")
    rebuild_and_compare(board, tmp_path)
    assert spare.is_dir()
    # A build killed while updating the spare leaves it half-written, and no manifest:
    (spare / "index.html").write_bytes(b"half")
    (board.root / ".jobboard-cache" / "site" / "manifest.pickle").unlink()
    board.offer("accueil-b", title="Agent d'accueil B (modifié)", employers="[ville-b]",
                deadline="2026-03-03")
    board.build_lib(board.out)
    board.offer("accueil-b", title="Agent d'accueil B", employers="[ville-b]",
                deadline="2026-03-03")
    result = board.build_lib(board.out)
    assert result.rendered is not None
    cold = tmp_path / "cold-2"
    board.build_lib(cold)
    assert tree(board.out) == tree(cold)

# --- Random sequences of changes ---------------------------------------------------------
#
# The oracle for every shortcut an incremental build takes (fingerprints, reused files,
# the writer's double buffer, the recorded state of the output folder): after any sequence
# of edits, additions, removals, day changes and damage done to the site, the site built
# from the cache is byte-identical, file for file, to a cold build of the same content and
# day in another folder with its own cache. A failure names the seed and the steps.

SEEDS = [0, 1, 2, 3]
EXTRA_STEPS = 2  # drawn at random after every kind of step, in a random order


class Board:
    """A generated board (benchmarks/corpus.py, 30 offers), edited in place."""

    def __init__(self, root, seed: int):
        from benchmarks.corpus import TODAY as CORPUS_DAY
        from benchmarks.corpus import generate
        self.root = root
        self.content = generate(root / "content", 30, seed)
        self.out = root / "site"
        self.today = CORPUS_DAY
        self.added = 0
        self.log: list[str] = []

    def offers(self) -> list:
        return sorted((self.content / "offers").glob("*.md"))

    def field(self, path, name: str) -> str:
        return re.search(rf"^{name}: (.*)$", path.read_text("utf-8"), re.M).group(1)

    def set_field(self, path, name: str, value: str) -> None:
        text = re.sub(rf"^{name}: .*$", lambda _: f"{name}: {value}", path.read_text("utf-8"),
                      count=1, flags=re.M)
        path.write_text(text, "utf-8")

    def deadline(self, path) -> date:
        return date.fromisoformat(self.field(path, "deadline"))

    def published(self, path) -> date:
        return date.fromisoformat(self.field(path, "published"))

    def is_open(self, path) -> bool:
        return self.deadline(path) >= self.today and self.published(path) <= self.today

    def build(self, out, cache):
        return build_site(self.content, out, self.today, cache=cache)


def _open_or_any(board: Board, rng) -> object:
    offers = board.offers()
    return rng.choice([p for p in offers if board.is_open(p)] or offers)


def step_edit_title(board, rng):
    path = _open_or_any(board, rng)
    title = json.loads(board.field(path, "title"))
    board.set_field(path, "title", json.dumps(f"{title} — modifiée", ensure_ascii=False))
    return f"title of {path.stem}"


def step_edit_body(board, rng):
    path = _open_or_any(board, rng)
    with path.open("a", encoding="utf-8") as f:
        f.write(f"\nUne précision ajoutée ({rng.randint(0, 999)}).\n")
    return f"body of {path.stem}"


def step_close(board, rng):
    candidates = [p for p in board.offers() if board.is_open(p)
                  and board.published(p) < board.today]
    if not candidates:
        return step_reopen(board, rng)
    path = rng.choice(candidates)
    board.set_field(path, "deadline", str(board.today - timedelta(days=1)))
    return f"closed {path.stem}"


def step_reopen(board, rng):
    candidates = [p for p in board.offers() if board.deadline(p) < board.today]
    if not candidates:
        return step_close(board, rng)
    path = rng.choice(candidates)
    board.set_field(path, "deadline", str(board.today + timedelta(days=rng.randint(0, 20))))
    return f"reopened {path.stem}"


def step_add(board, rng):
    source = rng.choice(board.offers())
    board.added += 1
    path = source.with_name(f"nouvelle-{board.added:02d}.md")
    path.write_text(source.read_text("utf-8"), "utf-8")
    board.set_field(path, "reference", f'"NOUVELLE-{board.added}"')
    board.set_field(path, "title", f'"Offre ajoutée {board.added} (F/H)"')
    board.set_field(path, "deadline", str(board.today + timedelta(days=rng.randint(0, 30))))
    return f"added {path.stem} (from {source.stem})"


def step_remove(board, rng):
    offers = board.offers()
    if len(offers) < 20:
        return step_add(board, rng)
    path = rng.choice(offers)
    path.unlink()
    return f"removed {path.stem}"


def step_rename_employer(board, rng):
    employers = sorted((board.content / "employers").glob("*.yaml"))
    used = [e for e in employers if any(e.stem in p.read_text("utf-8") for p in board.offers())]
    path = rng.choice(used or employers)
    name = json.loads(board.field(path, "name"))
    board.set_field(path, "name", json.dumps(f"{name} renommée", ensure_ascii=False))
    return f"renamed employer {path.stem}"


def step_new_theme(board, rng):
    path = _open_or_any(board, rng)
    board.set_field(path, "themes", f"[Thème nouveau {rng.randint(0, 999)}]")
    return f"new theme on {path.stem}"


def step_new_commune(board, rng):
    path = rng.choice(sorted((board.content / "employers").glob("*.yaml")))
    text = path.read_text("utf-8")
    path.write_text(re.sub(r"^  city: .*$", f'  city: "Nouvelleville {rng.randint(0, 99)}"',
                           text, count=1, flags=re.M), "utf-8")
    return f"new commune for {path.stem}"


def step_next_day(board, rng):
    board.today += timedelta(days=1)
    return f"day {board.today}"


def step_across_a_deadline(board, rng):
    later = sorted({board.deadline(p) for p in board.offers() if board.deadline(p) >= board.today})
    board.today = (later[0] if later else board.today) + timedelta(days=1)
    return f"day {board.today} (past a deadline)"


def step_damage(board, rng):
    files = sorted(p for p in board.out.rglob("*") if p.is_file())
    path = rng.choice(files)
    rel = path.relative_to(board.out).as_posix()
    if rng.random() < 0.5:
        path.unlink()
        return f"deleted site/{rel}"
    path.write_bytes(b"damaged")
    return f"overwrote site/{rel}"


def step_nothing(board, rng):
    return "no change"


def step_fresh_checkout(board, rng):
    """Every content file written again, same bytes (a CI run's fresh clone): new inodes
    and times, nothing to read again."""
    for path in sorted(p for p in board.content.rglob("*") if p.is_file()):
        copy = path.with_name(path.name + ".tmp")
        copy.write_bytes(path.read_bytes())
        copy.replace(path)
    return "fresh checkout"


def step_damage_kept_state(board, rng):
    """What the last build kept for the next (build/resume.py) is damaged or lost."""
    kept = board.root / "cache" / "resume.pickle"
    if rng.random() < 0.5:
        kept.unlink(missing_ok=True)
        return "kept state deleted"
    kept.write_bytes(kept.read_bytes()[:1000] if kept.exists() else b"garbage")
    return "kept state truncated"


SEQUENCE_STEPS = [step_edit_title, step_edit_body, step_close, step_reopen, step_add,
                  step_remove, step_rename_employer, step_new_theme, step_new_commune,
                  step_next_day, step_across_a_deadline, step_damage, step_nothing,
                  step_fresh_checkout, step_damage_kept_state]


@pytest.mark.slow
@pytest.mark.parametrize("seed", SEEDS)
def test_random_sequences_of_changes_build_what_a_cold_build_builds(tmp_path, seed, monkeypatch):
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    rng = random.Random(seed)
    board = Board(tmp_path, seed)
    board.build(board.out, tmp_path / "cache")
    assert any(p.startswith("recherche/index/") for p in tree(board.out))  # compared too
    steps = rng.sample(SEQUENCE_STEPS, len(SEQUENCE_STEPS)) + \
        [rng.choice(SEQUENCE_STEPS) for _ in range(EXTRA_STEPS)]
    for number, step in enumerate(steps):
        board.log.append(step(board, rng))
        result = board.build(board.out, tmp_path / "cache")
        assert result.rendered is not None, "an incremental build was expected"
        cold = tmp_path / f"cold-{number}"
        board.build(cold, tmp_path / f"cold-cache-{number}")
        incremental, expected = tree(board.out), tree(cold)
        where = f"seed {seed}, after: {'; '.join(board.log)}"
        assert incremental.keys() == expected.keys(), \
            f"{where}: files {sorted(incremental.keys() ^ expected.keys())[:10]}"
        differ = sorted(p for p in expected if incremental[p] != expected[p])
        assert not differ, f"{where}: bytes of {differ[:10]}"
        shutil.rmtree(cold)
        shutil.rmtree(tmp_path / f"cold-cache-{number}")
    print(f"seed {seed}: {board.log}")
