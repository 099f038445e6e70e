"""Hostile postings given to `build.py import`: each is stopped within the import's
budget (time, memory, expanded size) and reported with its name; nothing is written
for it and the other files are still imported.

The hostile files are generated here, small on disk: a PDF whose page inflates to
100 MB, a .docx of under 1 MB whose document inflates to 64 MB, a web page of
20,000 nested <div>.
"""

from __future__ import annotations

import time
import zipfile
import zlib
from pathlib import Path

import pytest

from jobboard.cli import main
from jobboard.importer import budget
from tests.import_helpers import write_pdf, write_pdf_objects


def pdf_bomb(path: Path, inflated: int = 100_000_000) -> Path:
    """A valid one-page PDF whose content stream is a Flate stream of `inflated` bytes."""
    text = b"BT /F1 11 Tf 50 800 Td (Agent) Tj ET\n"
    data = zlib.compress(text * (inflated // len(text)), 9)
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>",
               b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
               b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
               b"/Resources << /Font << /F1 5 0 R >> >> >>",
               f"<< /Length {len(data)} /Filter /FlateDecode >>\nstream\n".encode() + data
               + b"\nendstream",
               b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"]
    return write_pdf_objects(path, objects)


def docx_bomb(path: Path, inflated: int = 64_000_000) -> Path:
    """A Word file (as far as its zip layout goes) whose document inflates to `inflated`."""
    paragraph = b"<w:p><w:r><w:t>Agent d'accueil</w:t></w:r></w:p>"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as z:
        z.writestr("[Content_Types].xml",
                   '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/'
                   'package/2006/content-types"><Override PartName="/word/document.xml" '
                   'ContentType="application/vnd.openxmlformats-officedocument.'
                   'wordprocessingml.document.main+xml"/></Types>')
        z.writestr("_rels/.rels",
                   '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats'
                   '.org/package/2006/relationships"><Relationship Id="rId1" Type="http://'
                   'schemas.openxmlformats.org/officeDocument/2006/relationships/'
                   'officeDocument" Target="word/document.xml"/></Relationships>')
        with z.open("word/document.xml", "w") as f:
            f.write(b'<?xml version="1.0"?><w:document xmlns:w="http://schemas.openxmlformats'
                    b'.org/wordprocessingml/2006/main"><w:body>')
            chunk = paragraph * (min(inflated, 1_000_000) // len(paragraph))
            for _ in range(inflated // len(chunk)):
                f.write(chunk)
            f.write(b"</w:body></w:document>")
    return path


def nested_html(path: Path, depth: int = 20_000) -> Path:
    path.write_text("<html><body>" + "<div>" * depth + "Agent d'accueil" + "</div>" * depth
                    + "</body></html>", encoding="utf-8")
    return path


def import_files(capsys, fixture_site, *paths: Path) -> tuple[int, str, str, float]:
    started = time.monotonic()
    code = main(["import", *map(str, paths), "--content", str(fixture_site.content)])
    out = capsys.readouterr()
    return code, out.out, out.err, time.monotonic() - started


@pytest.fixture
def good_posting(tmp_path) -> Path:
    return write_pdf(tmp_path / "bonne-annonce.pdf", [
        "Ville d'Aulnoy recrute", "Agent d'accueil (F/H)", "Catégorie C",
        "Date limite de candidature : 20/02/2026", "Candidatures à drh@aulnoy.example"])


def test_hostile_postings_are_stopped_within_the_budget(fixture_site, capsys, tmp_path,
                                                        good_posting):
    pdf = pdf_bomb(tmp_path / "bombe.pdf")
    docx = docx_bomb(tmp_path / "bombe.docx")
    html = nested_html(tmp_path / "imbrique.html")
    assert max(p.stat().st_size for p in (pdf, docx, html)) < 1_000_000
    code, out, err, seconds = import_files(capsys, fixture_site, pdf, docx, html, good_posting)
    assert code == 1 and "Traceback" not in err
    assert seconds < budget.SECONDS  # each is refused by a check, not by the deadline
    assert f"{pdf}: cannot read this PDF (LimitReachedError: " in err
    assert f"{docx}: this Word file expands to 64 MB, more than the 30 MB an import may " \
           "use (a zip bomb, or very large images): save it as .pdf or .txt; nothing written" \
        in err
    assert f"{html}: the page's elements are nested 20002 deep, more than the 256 an import " \
           "reads: save the posting's text as .txt; nothing written" in err
    assert err.rstrip().endswith("3 files not imported.")
    # The good posting next to them is imported.
    written = list((fixture_site.content / "offers").iterdir())
    assert len(written) == 1 and "Agent d'accueil" in written[0].read_text(encoding="utf-8")
    assert out.count("Wrote ") == 1


def test_an_import_over_its_time_budget_is_stopped_at_the_deadline(fixture_site, capsys,
                                                                     tmp_path, monkeypatch):
    """Whatever makes the extractors slow, the deadline holds: here a shallow page big
    enough to take seconds to parse, against a budget lowered to 0.5 s."""
    monkeypatch.setattr(budget, "SECONDS", 0.5)
    page = tmp_path / "lente.html"
    page.write_text("<html><body>" + "<p>Agent <b>d'accueil</b></p>" * 200_000
                    + "</body></html>", encoding="utf-8")
    code, out, err, seconds = import_files(capsys, fixture_site, page)
    assert code == 1 and "Traceback" not in err
    assert f"{page}: reading the file took more than 0 s (a file built to exhaust the " \
           "importer, or a damaged one)" in err
    assert seconds < 10
    assert not (fixture_site.content / "offers").exists()


def test_an_ordinary_docx_is_within_the_budget(fixture_site, capsys, tmp_path):
    """The expanded-size check reads the zip directory only, and lets real files through."""
    small = docx_bomb(tmp_path / "petite.docx", inflated=100_000)
    code, out, err, _ = import_files(capsys, fixture_site, small)
    assert code == 0, err
    assert "Wrote " in out
