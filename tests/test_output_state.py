"""A rebuild repairs the site (issue 12, point 7): "nothing changed" takes the output into
account (a file of the site deleted, added or overwritten, even with its times restored)
and sees an edit of a source whose modification time was put back."""

from __future__ import annotations

import os
import shutil
from datetime import date
from pathlib import Path

import pytest

from jobboard.build import fingerprint
from jobboard.build.fingerprint import changed_outputs, output_state
from jobboard.build.pipeline import TEMPLATES, build_site
from tests.conftest import tree

# A damaged search index is repaired: Pagefind runs.

TODAY = date(2026, 2, 1)


@pytest.fixture(params=["after-a-cold-build", "with-a-spare-site"])
def built(fixture_site, tmp_path, request):
    """A site built cold; or then edited and built back twice, so that the replaced site
    is kept as a spare whose unchanged files are hard links shared with the site (damage
    done in place to one is done to both: the repair must not reuse it)."""
    s = fixture_site
    s.offer("accueil", title="Agent d'accueil", deadline="2026-03-01")
    s.offer("voirie", title="Technicien voirie", deadline="2026-03-02", filiere="technique",
            categories="[B]")
    templates = tmp_path / "templates"
    shutil.copytree(TEMPLATES, templates)
    s.build_lib = lambda: build_site(s.content, s.out, TODAY, templates=templates)
    assert s.build_lib().rendered is None
    if request.param == "with-a-spare-site":
        s.offer("voirie", title="Technicien voirie (modifiée)", deadline="2026-03-02",
                filiere="technique", categories="[B]")
        assert s.build_lib().rendered > 0
        s.offer("voirie", title="Technicien voirie", deadline="2026-03-02",
                filiere="technique", categories="[B]")
        assert s.build_lib().rendered > 0
        assert (s.root / ".jobboard-cache" / "site" / "previous-site").is_dir()
    s.good = tree(s.out)
    assert s.build_lib().rendered == 0  # nothing changed
    return s


def restore_times(path: Path, st: os.stat_result) -> None:
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns))


@pytest.mark.parametrize("rel", ["offres/accueil/index.html", "index.html", "flux.xml",
                                 "theme/style.css", "sitemap.xml"])
def test_a_deleted_file_of_the_site_is_put_back(built, rel):
    (built.out / rel).unlink()
    result = built.build_lib()
    assert tree(built.out) == built.good
    assert result.rendered == (0 if rel.startswith("theme/") else 1)  # a theme file is copied


def test_an_overwritten_file_of_the_site_is_repaired(built):
    (built.out / "index.html").write_text("<p>défiguré</p>")
    assert built.build_lib().rendered == 1
    assert tree(built.out) == built.good


def test_an_overwrite_of_the_same_size_with_its_times_restored_is_repaired(built):
    page = built.out / "offres/voirie/index.html"
    st = page.stat()
    data = page.read_bytes()
    page.write_bytes(data.replace(b"Technicien", b"Tricheur!!"))
    restore_times(page, st)
    assert page.stat().st_size == st.st_size and page.stat().st_mtime_ns == st.st_mtime_ns
    assert built.build_lib().rendered == 1
    assert tree(built.out) == built.good


def test_a_file_added_to_the_site_is_removed(built):
    (built.out / "offres" / "fausse").mkdir()
    (built.out / "offres" / "fausse" / "index.html").write_text("<p>fausse offre</p>")
    built.build_lib()
    assert tree(built.out) == built.good


def test_a_damaged_search_index_is_rebuilt(built):
    index = next(p for p in sorted((built.out / "recherche" / "index").rglob("*"))
                 if p.is_file())
    index.write_bytes(b"")
    built.build_lib()
    assert tree(built.out) == built.good


@pytest.mark.parametrize("hashes", [True, False], ids=["recent-file", "times-only"])
def test_a_source_edit_with_its_modification_time_restored_is_built(built, monkeypatch,
                                                                     hashes):
    if not hashes:  # no file counts as recent: the change time alone must tell
        monkeypatch.setattr(fingerprint, "RACY_NS", 0)
        assert built.build_lib().rendered == 0  # the signature without hashes
        assert built.build_lib().rendered == 0 and tree(built.out) == built.good
    offer = built.content / "offers" / "voirie.md"
    st = offer.stat()
    offer.write_text(offer.read_text().replace("Technicien voirie", "Technicien VOIRIE"))
    restore_times(offer, st)
    assert offer.stat().st_size == st.st_size and offer.stat().st_mtime_ns == st.st_mtime_ns
    assert built.build_lib().rendered > 0
    assert "Technicien VOIRIE" in (built.out / "offres/voirie/index.html").read_text()


def test_a_file_changed_within_one_clock_tick_is_compared_by_content(built):
    """A file written just now may be written again without any of its times moving (a
    coarse file-system clock): its recorded state carries its hash, and the hash decides."""
    state = output_state(built.out)
    rel = "robots.txt"
    assert len(state[rel]) == 5  # just written: the hash is kept
    page = built.out / rel
    page.write_bytes(page.read_bytes().upper())
    st = page.stat()
    # As if the clock had not moved: the recorded times are those of the new file.
    state[rel] = (st.st_ino, st.st_size, st.st_mtime_ns, st.st_ctime_ns) + state[rel][4:]
    touched, _ = changed_outputs(built.out, state)
    assert touched == {rel}


def test_old_files_are_compared_by_their_times_only(built):
    state = output_state(built.out)
    old = {rel: s[:4] for rel, s in state.items()}  # recorded long after they were written
    touched, now = changed_outputs(built.out, old)
    assert touched == set() and now == old


def test_a_file_of_the_site_whose_mode_or_date_changed_is_written_anew(built):
    page = built.out / "flux.xml"
    page.chmod(0o600)
    os.utime(built.out / "index.html", (0, 0))
    built.build_lib()
    assert tree(built.out) == built.good
    assert page.stat().st_mode & 0o777 == (built.out / "sitemap.xml").stat().st_mode & 0o777
    assert (built.out / "index.html").stat().st_mtime > 0


def test_the_state_recorded_after_a_build_is_that_of_the_files_on_disk(built):
    """After an incremental build only the files the writer wrote, linked or unlinked are
    looked at again: the recorded state must still be that of every file (otherwise the
    next build would take untouched files for damaged ones, or miss damage)."""
    from jobboard.build.pipeline import Manifest
    from jobboard.cache import Store
    # Two offers edited in turn: the second build brings the first one's page back into
    # the spare as a hard link to the site's file (which changes that file's ctime).
    for slug, title in (("voirie", "Technicien voirie (bis)"), ("accueil", "Accueil (bis)"),
                        ("voirie", "Technicien voirie")):
        built.offer(slug, title=title, deadline="2026-03-02", filiere="technique",
                    categories="[B]")
        built.build_lib()
        manifest = Manifest.load(Store(built.root / ".jobboard-cache/site/manifest.pickle"),
                                 built.out)
        assert manifest is not None
        touched, _ = changed_outputs(built.out, manifest.output)
        assert touched == set()
        assert manifest.output.keys() == output_state(built.out).keys()
        assert {rel: s[:4] for rel, s in manifest.output.items()} == \
            {rel: s[:4] for rel, s in output_state(built.out).items()}


def test_a_site_whose_marker_file_was_touched_keeps_its_marker(built):
    """The marker (writer.MARKER) is no output of the plan: when damaged, it is written
    anew like the others, never dropped (the next build would refuse the folder)."""
    from jobboard.build.writer import MARKER
    os.utime(built.out / MARKER, (0, 0))
    built.build_lib()
    assert tree(built.out) == built.good
    assert (built.out / MARKER).stat().st_mtime > 0
