"""Markdown to safe HTML for offer descriptions and static pages.

Editors' Markdown must never inject markup: raw HTML is disabled (it comes out
escaped, as text) and markdown-it's link validation drops `javascript:`,
`vbscript:`, `file:` and non-image `data:` URLs. The page title is the only h1,
so a level-1 heading in a body is reported as a problem.
"""

from __future__ import annotations

from functools import lru_cache

from markdown_it import MarkdownIt

from jobboard.urls import is_local_image


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
