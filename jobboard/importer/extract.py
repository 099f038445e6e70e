"""Stage 1: a posting file → `Line`s, the one form the later stages read.

Plain text and Markdown are read as they are; Word files go through mammoth
(docx → HTML that keeps headings and lists) and then the HTML path; PDFs
through pypdf's text extraction; web pages through BeautifulSoup, with the
page's navigation, header, footer, scripts and forms dropped. A line carries
what the source knew of its structure (a heading, a list item and its depth);
plain text carries none and `markdown_body` recognises it from the wording.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

SUFFIXES = (".txt", ".md", ".docx", ".pdf", ".html", ".htm")


class UnreadableFile(Exception):
    """The file cannot be imported; the message names why, for the user."""


@dataclass(frozen=True)
class Line:
    text: str
    # "text", "heading", "item", or "meta": not the posting's text but about it (a web
    # page's <title>, which often names the employer); never in the body.
    kind: str = "text"
    level: int = 0  # heading level (2, 3…) or list depth (0, 1…)


def read_lines(path: Path) -> list[Line]:
    """The posting's lines; raises UnreadableFile when there is no text to import."""
    suffix = path.suffix.lower()
    if suffix not in SUFFIXES:
        raise UnreadableFile(f"unsupported file type '{suffix or path.name}', expected one of: "
                             + ", ".join(SUFFIXES))
    try:
        data = path.read_bytes()
    except OSError as e:
        raise UnreadableFile(f"cannot read the file ({e.strerror})") from None
    if not data.strip():
        raise UnreadableFile("the file is empty")
    if suffix in (".txt", ".md"):
        lines = _text_lines(_decode(data), markdown=suffix == ".md")
    elif suffix in (".html", ".htm"):
        lines = html_lines(_decode(data))
    elif suffix == ".docx":
        lines = _docx_lines(path)
    else:
        lines = _pdf_lines(path)
    if not any(line.text.strip() for line in lines):
        raise UnreadableFile("no text found in the file" + (
            " (a scanned PDF has only images: type or OCR the text first)"
            if suffix == ".pdf" else ""))
    return lines


def _decode(data: bytes) -> str:
    # Postings come from Windows machines as often as not: UTF-8 first, then cp1252.
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise UnreadableFile("the text is neither UTF-8 nor Windows-1252")


_MD_HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*#*$")


def _text_lines(text: str, markdown: bool = False) -> list[Line]:
    if "\x00" in text:
        raise UnreadableFile("this is not a text file (it contains binary data)")
    out = []
    for raw in text.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        m = _MD_HEADING.match(raw.strip()) if markdown else None
        if m:
            out.append(Line(m[2], "heading", max(2, len(m[1]))))
        else:
            out.append(Line(raw.rstrip()))
    return out


# --- HTML (web pages, and Word files through mammoth) ---------------------------------

# Parts of a page that are not the posting.
_NOISE_TAGS = ["script", "style", "noscript", "nav", "header", "footer", "aside", "form",
               "template", "svg", "iframe", "button"]
_NOISE_WORDS = re.compile(r"cookie|consent|breadcrumb|menu|navbar|footer|header|share|social|"
                          r"skip|sidebar|banner", re.I)
# ... unless they are the posting's own parts ("job-header", "offre-meta").
_POSTING_WORDS = re.compile(r"job|offer|offre|poste|annonce|vacanc|posting", re.I)
_BLOCKS = {"p", "div", "section", "article", "main", "td", "th", "dd", "dt", "blockquote",
           "pre", "tr", "table", "dl", "figcaption", "address"}


def html_lines(html: str) -> list[Line]:
    from bs4 import BeautifulSoup, NavigableString, Tag

    soup = BeautifulSoup(html, "html.parser")
    page_title = soup.title.get_text(" ", strip=True) if soup.title else ""
    root = soup.find("main") or soup.find("article") or soup.body or soup
    for tag in root.find_all(_NOISE_TAGS):
        tag.decompose()
    for tag in root.find_all(True):
        if tag.decomposed:
            continue
        marks = " ".join(tag.get_attribute_list("class")) + " " + str(tag.get("id") or "") \
            + " " + str(tag.get("role") or "")
        if tag.name not in ("main", "article", "body") and _NOISE_WORDS.search(marks) \
                and not _POSTING_WORDS.search(marks):
            tag.decompose()
    out: list[Line] = []
    buffer: list[str] = []

    def flush(kind="text", level=0):
        text = re.sub(r"[ \t\u00a0]+", " ", "".join(buffer)).strip()
        buffer.clear()
        for i, part in enumerate(text.split("\n")):
            part = part.strip()
            if part:
                out.append(Line(part, kind if i == 0 else "text", level))
        if kind == "text" and text:
            out.append(Line(""))

    def walk(node, depth):
        for child in node.children:
            if isinstance(child, NavigableString):
                if type(child).__name__ in ("Comment", "Doctype", "Declaration"):
                    continue
                buffer.append(str(child).replace("\n", " "))
            elif isinstance(child, Tag):
                name = child.name
                if name == "br":
                    buffer.append("\n")
                elif re.fullmatch(r"h[1-6]", name):
                    flush()
                    buffer.append(child.get_text(" "))
                    flush("heading", max(2, int(name[1])))
                elif name in ("ul", "ol"):
                    flush()
                    walk(child, depth + 1)
                elif name == "li":
                    flush()
                    nested = child.find_all(["ul", "ol"], recursive=False)
                    for n in nested:
                        n.extract()
                    walk(child, depth)
                    flush("item", max(0, depth - 1))
                    for n in nested:
                        walk(n, depth + 1)
                elif name in _BLOCKS:
                    flush()
                    walk(child, depth)
                    flush()
                else:
                    walk(child, depth)

    walk(root, 0)
    flush()
    return ([Line(page_title, "meta"), Line("")] if page_title else []) + out


def _docx_lines(path: Path) -> list[Line]:
    import mammoth

    try:
        with path.open("rb") as f:
            html = mammoth.convert_to_html(f).value
    except Exception as e:  # a corrupt or renamed file: mammoth raises zipfile/KeyError/...
        raise UnreadableFile(f"cannot read this Word file ({type(e).__name__}); "
                             "save it again as .docx, or as .txt") from None
    return html_lines(html)


def _pdf_lines(path: Path) -> list[Line]:
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(path)
        if reader.is_encrypted:
            raise UnreadableFile("the PDF is protected by a password")
        pages = [page.extract_text() or "" for page in reader.pages]
    except UnreadableFile:
        raise
    except (PdfReadError, ValueError, KeyError, OSError) as e:
        raise UnreadableFile(f"cannot read this PDF ({type(e).__name__}: {e})") from None
    return _text_lines("\n\n".join(pages))
