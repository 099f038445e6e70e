"""Markdown to safe HTML for offer descriptions and static pages.

Editors' Markdown must never inject markup: raw HTML is disabled (it comes out
escaped, as text) and markdown-it's link validation drops `javascript:`,
`vbscript:`, `file:` and non-image `data:` URLs. The page title is the only h1,
so a level-1 heading in a body is reported as a problem.
"""

from __future__ import annotations

import html
import re
import zlib
from functools import lru_cache

from markdown_it import MarkdownIt

from jobboard.urls import is_local_image


class PackedHtml:
    """HTML kept compressed: an offer's body (and, while rendering, its whole fragment).

    A board keeps every closed offer, and the build keeps the content it read between
    runs (build/resume.py): bodies of 7 KB, often stored two bytes a character, were
    three quarters of the model's memory (150 MB at 10,000 offers, compressed 32 MB).
    Each is made into text only for the few files that show it (about 20 µs).
    """

    __slots__ = ("data", "links")

    def __init__(self, text: str, links: bool = False):
        self.data = zlib.compress(text.encode("utf-8"), 1)
        # `links`: keep the links of the text apart, for the check of what editors
        # wrote (render/links.py), which would otherwise decompress every offer's
        # body (3 s at 100,000 offers). A rendered fragment is not checked: none.
        self.links = tuple(html_links(text)) if links else ()

    def __str__(self) -> str:
        return zlib.decompress(self.data).decode("utf-8")

    def __repr__(self) -> str:
        # As the text's: what is derived from an offer's repr (its digest in the state
        # file, plan/changes.py) does not depend on how it is kept.
        return repr(str(self))

    def __eq__(self, other: object) -> bool:
        return isinstance(other, PackedHtml) and other.data == self.data

    def __hash__(self) -> int:
        return hash(self.data)

    def __bool__(self) -> bool:
        return self.data != _EMPTY


# One pattern per attribute: a pattern that starts with a literal is searched for
# with a fast string search (an alternation is tried at every character, 2x slower).
_ATTRS = tuple(re.compile(name + r'="([^"]*)"') for name in ("href", "src", "action"))


def html_links(text: str) -> list[str]:
    """The addresses HTML refers to: its href, src and action attributes, decoded, in
    the order of the text (an attribute name follows a space: `data-src` is not `src`),
    but `data:` ones (nothing to find)."""
    found = [(m.start(), m.group(1)) for pattern in _ATTRS for m in pattern.finditer(text)
             if m.start() and text[m.start() - 1].isspace()]
    found.sort()
    urls = (html.unescape(url) if "&" in url else url for _, url in found)
    return [url for url in urls if not url.startswith("data:")]


_EMPTY = PackedHtml("").data


def packed(body: str | PackedHtml) -> PackedHtml:
    """An offer's body as it is kept, with its links."""
    return body if isinstance(body, PackedHtml) else PackedHtml(body, links=True)


@lru_cache(maxsize=1)
def _parser() -> MarkdownIt:
    return MarkdownIt("commonmark", {"html": False, "typographer": False}).enable("table")


def render_markdown(text: str, first_line: int = 1) -> tuple[str, list[tuple[int, str, str]]]:
    """Return (html, problems); problems are (line, message, hint) with file line numbers.

    `first_line` is the line of the file where the body starts.
    """
    md = _parser()
    tokens = md.parse(text)
    problems = []
    for tok in tokens:
        if tok.type == "heading_open" and tok.tag == "h1":
            line = first_line + (tok.map[0] if tok.map else 0)
            problems.append((line, "found a level-1 heading ('# ...') in the body",
                             "the offer title is the page's only level-1 heading: "
                             "start section headings with '##'"))
        for child in tok.children or ():
            src = str(child.attrGet("src") or "") if child.type == "image" else ""
            if child.type == "image" and not is_local_image(src):
                # Every visitor's browser would fetch it from that site: a tracker.
                line = first_line + (tok.map[0] if tok.map else 0)
                problems.append((line, f"found an image from another site: {src}",
                                 "the board makes no request to other sites: link to it "
                                 "instead, [text](address)"))
    return md.renderer.render(tokens, md.options, {}), problems
