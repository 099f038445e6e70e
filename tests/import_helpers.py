"""Posting files the import tests need in binary formats, written from plain lines.

`write_pdf` writes a minimal but valid PDF (one page per 45 lines, Helvetica,
WinAnsi encoding for French accents) as a PDF producer would, so that pypdf
reads its text back; `write_docx` writes a Word file with python-docx, with
Word's own heading and list styles.
"""

from __future__ import annotations

from pathlib import Path


def _pdf_string(text: str) -> str:
    out = []
    for ch in text.encode("cp1252"):
        c = chr(ch)
        if c in "()\\":
            out.append("\\" + c)
        elif 32 <= ch < 127:
            out.append(c)
        else:
            out.append(f"\\{ch:03o}")
    return "(" + "".join(out) + ")"


def write_pdf(path: Path, lines: list[str]) -> Path:
    pages = [lines[i:i + 45] for i in range(0, len(lines), 45)] or [[]]
    objects: list[bytes] = []
    font = 3 + 2 * len(pages)  # object number of the font
    kids = " ".join(f"{3 + 2 * k} 0 R" for k in range(len(pages)))
    objects.append(b"<< /Type /Catalog /Pages 2 0 R >>")
    objects.append(f"<< /Type /Pages /Kids [{kids}] /Count {len(pages)} >>".encode())
    for k, page in enumerate(pages):
        stream = "BT /F1 11 Tf 14 TL 50 800 Td\n" + "".join(
            f"{_pdf_string(line)} Tj T*\n" for line in page) + "ET"
        data = stream.encode("latin-1")
        objects.append(f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents "
                       f"{4 + 2 * k} 0 R /Resources << /Font << /F1 {font} 0 R >> >> >>"
                       .encode())
        objects.append(f"<< /Length {len(data)} >>\nstream\n".encode() + data
                       + b"\nendstream")
    objects.append(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica "
                   b"/Encoding /WinAnsiEncoding >>")
    return write_pdf_objects(path, objects)


def write_pdf_objects(path: Path, objects: list[bytes]) -> Path:
    """A PDF file of these objects (1 is the catalog), with its cross-reference table."""
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for n, obj in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{n} 0 obj\n".encode() + obj + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{o:010d} 00000 n \n".encode() for o in offsets)
    out += (f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n"
            .encode())
    path.write_bytes(bytes(out))
    return path


def write_docx(path: Path, blocks: list[tuple[str, str]]) -> Path:
    """blocks: (style, text) with style "title", "h2", "bullet", "number" or "p"."""
    import docx

    document = docx.Document()
    styles = {"title": "Heading 1", "h2": "Heading 2", "bullet": "List Bullet",
              "number": "List Number", "p": None}
    for style, text in blocks:
        document.add_paragraph(text, style=styles[style])
    document.save(path)
    return path
