"""The output folder is replaced as a whole, so a build only ever replaces a folder that a
build wrote (issue 12, point 3): never one inside the sources, never someone's folder."""

from __future__ import annotations

import pytest

from jobboard.build.writer import LEGACY_SITE, MARKER


def snapshot(folder):
    return {p.relative_to(folder).as_posix(): p.read_bytes()
            for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.mark.parametrize("inside", ["offers", "employers", "offers/sub/site", "."])
def test_an_output_folder_inside_the_content_is_refused(fixture_site, capsys, inside):
    fixture_site.offer("agent")
    before = snapshot(fixture_site.content)
    out = fixture_site.content / inside
    assert fixture_site.build("2026-02-01", "--out", str(out)) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"build.py: error: --out {out}: refusing to ")
    assert "Traceback" not in err
    assert snapshot(fixture_site.content) == before


def test_a_folder_a_build_did_not_write_is_not_replaced(fixture_site, capsys):
    fixture_site.offer("agent")
    mine = fixture_site.root / "documents"
    (mine / "photos").mkdir(parents=True)
    (mine / "photos" / "ete.jpg").write_bytes(b"\xff\xd8\xff souvenirs")
    (mine / "notes.txt").write_text("à garder")
    before = snapshot(mine)
    assert fixture_site.build("2026-02-01", "--out", str(mine)) == 2
    assert (f"build.py: error: --out {mine}: refusing to replace a folder that a build did "
            f"not write (it has no {MARKER} file)") in capsys.readouterr().err
    assert snapshot(mine) == before


def test_a_file_is_not_replaced_by_the_site(fixture_site, capsys):
    fixture_site.offer("agent")
    (fixture_site.root / "site").write_text("not a folder")
    assert fixture_site.build() == 2
    assert "refusing to replace a file with the site" in capsys.readouterr().err
    assert (fixture_site.root / "site").read_text() == "not a folder"


def test_a_new_or_empty_folder_gets_a_site_that_later_builds_replace(fixture_site):
    fixture_site.offer("agent")
    fixture_site.out.mkdir()
    assert fixture_site.build() == 0
    assert (fixture_site.out / MARKER).is_file()
    fixture_site.offer("autre", title="Autre poste")
    assert fixture_site.build() == 0  # incremental: the marker stays
    assert (fixture_site.out / MARKER).is_file()
    assert (fixture_site.out / "offres/autre/index.html").is_file()
    (fixture_site.out / "offres/autre/index.html").unlink()
    assert fixture_site.build("2026-02-02") == 0  # cold enough to rewrite everything
    assert (fixture_site.out / MARKER).is_file()


def test_a_site_built_before_the_marker_existed_is_recognised(fixture_site):
    fixture_site.offer("agent")
    assert fixture_site.build() == 0
    (fixture_site.out / MARKER).unlink()
    assert all((fixture_site.out / f).is_file() for f in LEGACY_SITE)
    fixture_site.offer("autre", title="Autre poste")
    assert fixture_site.build() == 0
    assert (fixture_site.out / MARKER).is_file()
    assert (fixture_site.out / "offres/autre/index.html").is_file()
