"""Our HTML fragments, rewritten for aggregators that read a subset of HTML.

The offer fragment (partials/offer_full.html, with the editor's Markdown body) is
written for browsers and feed readers. Two consumers want less:
- Google's JobPosting `description` reads paragraphs, lists, line breaks,
  headings and bold/italic: `google_html()` keeps those, turns <b>, <i>, <ol> into
  their kin, unwraps everything else (a link keeps its text and shows its address);
- Indeed reads HTML in CDATA but "does not support HTML entities" anywhere in the
  feed: `literal_html()` writes every character as itself. Where a character would
  start markup or a character reference ('<' before a letter, '&' before a name or
  '#'), a WORD JOINER (U+2060, invisible) follows it, so editors' text stays text
  for any HTML parser without a single entity.
The input is ours (escaped by Jinja and markdown-it): no '<' in text, quoted
attributes. It is cut into tags and text by one regular expression, which reads it
as the standard library's parser does (tests/test_security.py compares them) at
half the cost (it was 2 ms an open offer: its JSON-LD and its Indeed item);
character references in it are decoded first.
"""

from __future__ import annotations

import re
from html import escape, unescape
from urllib.parse import quote

GOOGLE_TAGS = {"p", "ul", "li", "br", "strong", "em", "h1", "h2", "h3", "h4", "h5", "h6"}
GOOGLE_RENAMES = {"b": "strong", "i": "em", "ol": "ul", "blockquote": "p", "pre": "p"}
# Elements whose content is not text for a reader of the description.
DROPPED = {"script", "style", "template", "svg", "img", "hr"}
VOID = {"br", "hr", "img", "wbr", "input", "source", "col", "area", "base", "link", "meta"}

WORD_JOINER = "\u2060"
_MARKUP_START = re.compile(r"(<)(?=[A-Za-z/!?])|(&)(?=[A-Za-z0-9#])")


def defuse(text: str) -> str:
    """Text that no HTML parser reads as a tag or a character reference, without entities."""
    return _MARKUP_START.sub(lambda m: (m.group(1) or m.group(2)) + WORD_JOINER, text)


# A comment or declaration, or a tag: (end "/", name, attributes, self-closing "/").
_TAG = re.compile(r"<(?:!--.*?-->|[!?][^>]*>|(/?)([A-Za-z][^\s/>]*)([^>]*?)(/?)>)", re.S)
_ATTR = re.compile(r"""([^\s=/>"']+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>"']+)))?""")


def parse(fragment: str, handler) -> None:
    """Call the handler's handle_starttag, handle_startendtag, handle_endtag and
    handle_data (text with its character references decoded) as html.parser would."""
    at = 0
    for m in _TAG.finditer(fragment):
        if m.start() > at:
            handler.handle_data(unescape(fragment[at:m.start()]))
        at = m.end()
        end, name, attributes, closed = m.groups()
        if name is None:  # a comment or a declaration
            continue
        name = name.lower()
        if end:
            handler.handle_endtag(name)
            continue
        attrs = [_attribute(a) for a in _ATTR.finditer(attributes)] if attributes else []
        (handler.handle_startendtag if closed else handler.handle_starttag)(name, attrs)
    if at < len(fragment):
        handler.handle_data(unescape(fragment[at:]))


def _attribute(m: re.Match) -> tuple[str, str | None]:
    name, quoted, single, bare = m.groups()
    value = quoted if quoted is not None else single if single is not None else bare
    return name.lower(), None if value is None else unescape(value)


class _Rewriter:
    def __init__(self, keep: set[str] | None, renames: dict[str, str], literal: bool):
        self.keep, self.renames, self.literal = keep, renames, literal
        self.out: list[str] = []
        self.links: list[str | None] = []  # href of each open <a>, to show after its text
        self.link_text: list[list[str]] = []
        self.skipping = 0

    def text(self, value: str) -> str:
        return defuse(value) if self.literal else escape(value, quote=False)

    def handle_starttag(self, tag, attrs):
        if tag in DROPPED:
            self.skipping += tag not in VOID
            return
        if self.skipping:
            return
        if tag == "a":
            self.links.append(dict(attrs).get("href"))
            self.link_text.append([])
        name = self.renames.get(tag, tag)
        if self.keep is not None and name not in self.keep:
            return
        out = "<" + name
        if self.literal and name == "a" and dict(attrs).get("href"):
            # An address needs no entity: characters that would end or break the
            # attribute are percent-encoded, as a browser would send them anyway.
            out += f' href="{quote(dict(attrs)["href"], safe=":/?#[]@!$&()*+,;=%~-._")}"'
        self.out.append(out + ">")

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag not in VOID:
            self.handle_endtag(tag)

    def handle_endtag(self, tag):
        if tag in DROPPED:
            self.skipping -= tag not in VOID and self.skipping > 0
            return
        if self.skipping:
            return
        name = self.renames.get(tag, tag)
        if tag == "a" and self.links:
            href, shown = self.links.pop(), "".join(self.link_text.pop())
            if self.keep is not None and "a" not in self.keep and href \
                    and href.startswith(("http://", "https://")) and href not in shown:
                self.out.append(self.text(f" ({href})"))
        if name in VOID or (self.keep is not None and name not in self.keep):
            return
        self.out.append(f"</{name}>")

    def handle_data(self, data):
        if self.skipping:
            return
        for parts in self.link_text:
            parts.append(data)
        self.out.append(self.text(data))


def _rewrite(fragment: str, keep, renames, literal: bool) -> str:
    rewriter = _Rewriter(keep, renames, literal)
    parse(fragment, rewriter)
    return "".join(rewriter.out)


def google_html(fragment: str) -> str:
    """The fragment in the HTML Google documents for a JobPosting description."""
    return _rewrite(fragment, GOOGLE_TAGS, GOOGLE_RENAMES, literal=False)


def literal_html(fragment: str) -> str:
    """The same HTML with every character written as itself: no entity, no reference."""
    return _rewrite(fragment, None, {}, literal=True)
