"""`build.py serve` keeps the site in memory: a save re-reads that file only, the plan is
made again from per-offer work kept (PlanMemo), and pages are rendered on request.
Whatever it reuses, it must say what a build says: the same content, the same errors,
the same plan."""

from __future__ import annotations

import dataclasses
import json
from datetime import date

import pytest
from conftest import EMPLOYERS, offer_md

from jobboard.commands.serve import Preview
from jobboard.content import reader
from jobboard.content.reader import read_content, read_live, reread
from jobboard.plan.planner import PlanMemo, plan_site
from jobboard.problems import ContentError

TODAY = date(2026, 2, 1)
EPOCH = "1769947200"  # 2026-02-01 12:00 UTC


@pytest.fixture
def board(fixture_site):
    """Five open offers of two employers in one filière (each in the others' related
    offers), one closed."""
    for i in range(5):
        fixture_site.offer(f"offre-{i}", title=f"Offre {i}", deadline=f"2026-02-1{i}",
                           employers="[ville-a]" if i % 2 else "[ville-b]",
                           extra=f"reference: REF-{i}\n")
    fixture_site.offer("close", title="Offre close", deadline="2026-01-20")
    return fixture_site


def full_read(site):
    return read_content(site.content, TODAY, skip_invalid_drafts=True)


def problems_of(call) -> list[str]:
    with pytest.raises(ContentError) as e:
        call()
    return [p.format() for p in e.value.problems]


def test_a_save_reads_that_file_again_and_reuses_the_other_offers(board):
    before = read_live(board.content, TODAY)
    board.offer("offre-2", title="Offre 2 modifiée", deadline="2026-02-12",
                extra="reference: REF-2\n")
    after = reread(before, {board.content / "offers/offre-2.md"})
    assert after.content == full_read(board)
    kept = {o.slug: o for o in before.content.offers}
    assert [o.slug for o in after.content.offers if o is kept[o.slug]] == \
        ["close", "offre-0", "offre-1", "offre-3", "offre-4"]
    board.content.joinpath("offers/offre-3.md").unlink()  # a deleted offer is gone
    board.offer("nouvelle", title="Nouvelle")  # an added one comes in
    after = reread(after, {board.content / "offers/offre-3.md",
                           board.content / "offers/nouvelle.md"})
    assert after.content == full_read(board)
    assert "offre-3" not in {o.slug for o in after.content.offers}


@pytest.mark.parametrize("edit", [
    "unknown employer", "reference used twice", "invalid YAML", "slug used twice",
    "employer removed", "page named like a section"])
def test_a_save_that_breaks_the_tree_gives_the_errors_of_a_build(board, edit):
    before = read_live(board.content, TODAY)
    changed = board.content / "offers/offre-1.md"
    if edit == "unknown employer":
        board.offer("offre-1", employers="[ville-c]")
    elif edit == "reference used twice":
        board.offer("offre-1", extra="reference: ref-3\n")  # reads as REF-3
    elif edit == "invalid YAML":
        changed.write_text(offer_md().replace("filiere: ", "filiere: : ["), "utf-8")
    elif edit == "slug used twice":
        changed = board.write("offers/2026/offre-0.md", offer_md(title="Doublon"))
    elif edit == "employer removed":
        changed = board.content / "employers/ville-a.yaml"
        changed.unlink()
    else:
        changed = board.write("pages/archives.md", "---\ntitle: Archives\n---\nTexte.\n")
    if edit == "page named like a section":  # the planner's check, on the re-read tree
        reading = reread(before, {changed})
        assert problems_of(lambda: plan_site(reading.content, TODAY, PlanMemo())) == \
            problems_of(lambda: plan_site(full_read(board), TODAY))
        return
    expected = problems_of(lambda: full_read(board))
    assert problems_of(lambda: reread(before, {changed})) == expected


def test_a_draft_left_out_comes_back_when_its_employer_is_created(board):
    board.offer("brouillon", employers="[ville-c]", extra="draft: true\n")
    before = read_live(board.content, TODAY)
    assert "brouillon" not in {o.slug for o in before.content.offers}
    assert "this draft has 1 error" in before.content.skipped[0].message
    employer = board.write("employers/ville-c.yaml", EMPLOYERS["ville-b"])
    after = reread(before, {employer})
    assert after.content == full_read(board)
    assert "brouillon" in {o.slug for o in after.content.offers}
    assert after.content.skipped == ()


def test_planning_again_with_the_memo_gives_the_plan_of_a_build(board):
    memo = PlanMemo()
    reading = read_live(board.content, TODAY)
    plan_site(reading.content, TODAY, memo)
    # An offer shown in the others' related offers, the list pages and the feeds.
    board.offer("offre-3", title="Offre 3 renommée", deadline="2026-02-13",
                employers="[ville-a]", extra="reference: REF-3\n")
    reading = reread(reading, {board.content / "offers/offre-3.md"})
    assert plan_site(reading.content, TODAY, memo).outputs == \
        plan_site(reading.content, TODAY).outputs
    related = [o for o in plan_site(reading.content, TODAY, memo).outputs
               if o.path == "offres/offre-1/index.html"][0].context["related"]
    assert "Offre 3 renommée" in [v.offer.title for block in related for v in block.offers]
    # An employer renamed: every view of its offers is made again.
    board.write("employers/ville-a.yaml", EMPLOYERS["ville-a"].replace("Aulnoy", "Onnaing"))
    reading = reread(reading, {board.content / "employers/ville-a.yaml"})
    assert plan_site(reading.content, TODAY, memo).outputs == \
        plan_site(reading.content, TODAY).outputs
    # Another day: offers close, days left change.
    later = date(2026, 2, 12)
    content = dataclasses.replace(reading.content)
    assert plan_site(content, later, memo).outputs == plan_site(content, later).outputs


def fetch(preview, path):
    sent = []
    body = b"".join(preview.app({"PATH_INFO": path}, lambda status, headers: sent.append(status)))
    return sent[0], body.decode()


def test_the_preview_serves_a_save_from_memory_and_keeps_the_last_good_state(
        board, monkeypatch, capsys):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    preview = Preview(board.content, board.out)
    preview.rebuild()
    assert fetch(preview, "/offres/offre-2/")[0] == "200 OK"
    path = board.offer("offre-2", title="Offre 2 modifiée", deadline="2026-02-12",
                       extra="reference: REF-2\n")
    preview.rebuild({path})
    status, page = fetch(preview, "/offres/offre-2/")
    assert status == "200 OK" and "Offre 2 modifiée" in page
    assert "Offre 2 modifiée" in fetch(preview, "/")[1]  # the list shows it too
    # An unknown employer: the build's message on every page, in the terminal too.
    path = board.offer("offre-2", employers="[ville-c]")
    preview.rebuild({path})
    expected = problems_of(lambda: full_read(board))
    status, page = fetch(preview, "/offres/offre-4/")
    assert status == "500 Internal Server Error"
    assert expected[0].split("\n")[0].replace("'", "&#x27;") in page
    assert "unknown employer 'ville-c'" in capsys.readouterr().err
    # The last good state still serves the other files.
    status, data = fetch(preview, "/offres.json")
    assert status == "200 OK" and "Offre 2 modifiée" in data
    # Another file saved meanwhile, then the first one fixed: both are read again.
    other = board.offer("offre-4", title="Offre 4 modifiée", deadline="2026-02-14",
                        extra="reference: REF-4\n")
    preview.rebuild({other})
    assert preview.error is not None
    board.offer("offre-2", title="Offre 2 réparée", deadline="2026-02-12",
                extra="reference: REF-2\n")
    preview.rebuild({path})
    assert preview.error is None
    assert "Offre 2 réparée" in fetch(preview, "/offres/offre-2/")[1]
    assert "Offre 4 modifiée" in fetch(preview, "/offres/offre-4/")[1]
    assert not board.out.exists()  # the preview writes no site


def test_the_preview_serves_the_pages_a_build_writes(board, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    preview = Preview(board.content, board.out)
    preview.rebuild()
    path = board.offer("offre-1", title="Offre 1 modifiée", deadline="2026-02-11",
                       employers="[ville-a]", extra="reference: REF-1\n")
    preview.rebuild({path})
    assert board.build("2026-02-01") == 0
    for rel in ("index.html", "offres/offre-1/index.html", "offres/offre-3/index.html",
                "employeurs/ville-a/index.html", "flux.xml", "offres.json", "sitemap.xml",
                "recherche/index/mo.json"):  # the search index's shard of "modifiée"
        status, body = fetch(preview, "/" + rel.removesuffix("index.html"))
        assert status == "200 OK"
        assert body == board.read(rel), rel
    # The word saved is found in the preview's search (shards are planned outputs).
    assert "offre-1" in json.loads(fetch(preview, "/recherche/index/mo.json")[1])["modifiee"][0]


def test_the_preview_starts_from_what_the_last_build_kept(board, monkeypatch, capsys):
    """After a build, `serve` reads no offer again (build/resume.py): it starts from the
    build's reading and planner's memo, and serves the pages the build wrote; a file
    changed since is read again."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    assert board.build("2026-02-01") == 0
    board.offer("offre-4", title="Offre 4 modifiée", deadline="2026-02-14",
                employers="[ville-b]", extra="reference: REF-4\n")
    read = []
    real = reader.read_regular
    monkeypatch.setattr(reader, "read_regular", lambda path, limit: (
        path.parent.name == "offers" and read.append(path.name)) or real(path, limit))
    preview = Preview(board.content, board.out)
    preview.rebuild()
    assert set(read) == {"offre-4.md"}
    assert "(from the last build's state, 1 file read again)" in capsys.readouterr().out
    assert board.build("2026-02-01") == 0
    for rel in ("index.html", "offres/offre-4/index.html", "offres/offre-1/index.html",
                "flux.xml", "sitemap.xml"):
        assert fetch(preview, "/" + rel.removesuffix("index.html"))[1] == board.read(rel), rel


def test_a_save_reaches_the_preview_as_that_one_file(board, monkeypatch, capsys):
    """The watcher names the saved file (not its folder, which would read the whole tree
    again), and skips what editors' tools leave: a swap file, Vim's write test '4913'."""
    import time

    from jobboard.commands.serve import _ChangeWatcher
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    preview = Preview(board.content, board.out)
    watcher = _ChangeWatcher(preview, [board.content, *preview.templates, *preview.theme])
    watcher.start()
    try:
        preview.rebuild()
        capsys.readouterr()

        def settle():
            deadline = time.monotonic() + 10
            while not watcher.paths and time.monotonic() < deadline:
                time.sleep(0.01)
            time.sleep(watcher.QUIET * 2)
            return watcher.take()

        probe = board.content / "offers" / "4913"
        probe.write_text("x")
        probe.unlink()
        board.write("offers/.offre-1.md.swp", "swap")
        assert settle() is False  # nothing a build reads: no update, no reload
        board.offer("offre-1", title="Offre 1 modifiée", deadline="2026-02-11",
                    employers="[ville-a]", extra="reference: REF-1\n")
        assert settle() is True
        out = capsys.readouterr().out
        assert "(re-read 1 file)" in out, out
        assert "Offre 1 modifiée" in fetch(preview, "/offres/offre-1/")[1]
    finally:
        watcher.observer.stop()
        watcher.observer.join(5)
