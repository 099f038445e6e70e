"""Property-based tests (hypothesis) of the front matter loader and the Markdown pipeline.

Issue 7, point 2: no input crashes them, and every accepted offer renders.
- any text or bytes as an offer file, and any YAML-ish front matter (every YAML type,
  tags, anchors, deep nesting, invalid dates): `read_content` returns a Content or raises
  a ContentError whose problems all name the file, never anything else;
- offers generated over the real schema are always accepted;
- any Markdown with hostile fragments renders to HTML with no tag the editor typed;
- every accepted offer, with hostile text in its fields, renders every output of the
  site (in memory: read → plan → render, no Pagefind), and each output parses.

Runs are derandomized (the same examples on every machine) with no example database.
"""

from __future__ import annotations

import csv
import functools
import io
import json
import os
import re
import shutil
import string
import xml.etree.ElementTree as ET
from datetime import date, timedelta
from pathlib import Path

import icalendar
import pytest
import yaml
from bs4 import BeautifulSoup
from hypothesis import HealthCheck, event, example, given, settings
from hypothesis import strategies as st

from jobboard.build.pipeline import TEMPLATES
from jobboard.content import model
from jobboard.content.markup import render_markdown
from jobboard.content.reader import read_content
from jobboard.content.site_content import Content
from jobboard.plan.planner import plan_site
from jobboard.problems import ContentError, Problem
from jobboard.render.renderer import Renderer
from tests.conftest import EMPLOYERS, SITE_YAML

TODAY = date(2026, 2, 1)


def profile(examples: int):
    return settings(max_examples=examples, deadline=None, derandomize=True, database=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


# --- A content tree on disk, one per module: each example rewrites its offers ------------

class Tree:
    def __init__(self, root: Path):
        self.root = root
        (root / "employers").mkdir(parents=True)
        (root / "site.yaml").write_text(SITE_YAML, encoding="utf-8")
        for slug, text in EMPLOYERS.items():
            (root / "employers" / f"{slug}.yaml").write_text(text, encoding="utf-8")

    def offers(self, files: dict[str, bytes]) -> list[Path]:
        folder = self.root / "offers"
        shutil.rmtree(folder, ignore_errors=True)
        folder.mkdir()
        paths = []
        for slug, data in files.items():
            paths.append(folder / f"{slug}.md")
            paths[-1].write_bytes(data)
        return paths

    def read(self, files: dict[str, bytes]) -> Content | None:
        """The Content, or None after checking that every problem names an offer file."""
        return self.read_or_problems(files)[0]

    def read_or_problems(self, files: dict[str, bytes]) -> tuple[Content | None, list[Problem]]:
        shown = {os.path.relpath(p) for p in self.offers(files)}
        try:
            return read_content(self.root, TODAY), []
        except ContentError as e:
            assert e.problems
            for problem in e.problems:
                assert problem.path in shown, problem
                assert problem.message and problem.format()
            return None, e.problems


@pytest.fixture(scope="module")
def tree(tmp_path_factory) -> Tree:
    return Tree(tmp_path_factory.mktemp("properties") / "content")


# --- Strategies -------------------------------------------------------------------------

HOSTILE = [
    "<script>alert(1)</script>", "<SCRIPT SRC=//evil.example/x.js></SCRIPT>",
    "</script><script>alert(2)</script>", "</SCRIPT ><script>alert(2)</script >",
    "<!--<script>", "<img src=x onerror=alert(3)>",
    "<iframe src=https://evil.example></iframe>", "<style>body{display:none}</style>",
    "<svg onload=alert(4)>", '<a href="javascript:alert(5)">x</a>', "<!-- c -->",
    "]]>", "<![CDATA[x]]>", "&amp;", "&#60;script&#62;", "\"'", "{{ site.title }}", "{% raw %}",
    "=cmd|' /C calc'!A0", "\u2028\u2029", "\ufeff", "é", "💼",
]
LINKS = [
    "[x](javascript:alert(1))", "[x](JaVaScRiPt:alert(1))", "[x](  javascript:alert(1) )",
    "[x](&#106;avascript:alert(1))", "[x](java&#x09;script:alert(1))", "[x](vbscript:msgbox)",
    "[x](data:text/html;base64,PHNjcmlwdD4=)", "![x](javascript:alert(1))",
    "<javascript:alert(1)>", "[x][r]\n\n[r]: javascript:alert(1)\n", "[ok](https://ok.example/)",
    "![ok](data:image/png;base64,iVBORw0KGgo=)", "<https://ok.example/>",
]
MARKDOWN = ["\n", "\n\n", "## ", "# ", "- ", "1. ", "> ", "```\n", "    ", "`", "*", "_", "**",
            "|a|b|\n|-|-|\n|c|d|\n", "---\n", "===\n", "[", "]", "(", ")", "<", ">", "&", "\\",
            "\t", "\r\n"]


def markdown_text(hostile=HOSTILE + LINKS, alphabet=None) -> st.SearchStrategy[str]:
    piece = st.one_of(st.sampled_from(hostile), st.sampled_from(MARKDOWN),
                      st.text(alphabet=alphabet, max_size=12) if alphabet else st.text(max_size=12))
    return st.lists(piece, max_size=25).map("".join)


FIELDS = [f for f in model.Offer.__dataclass_fields__ if f not in
          ("slug", "source", "body_html", "digest")]
NESTED_FIELDS = ["type", "duration", "routes", "weekly_hours", "min", "max", "unit", "text",
                 "city", "postal_code", "email", "url", "address", "name", "phone", "dates"]
keys = st.one_of(st.sampled_from(FIELDS), st.sampled_from(NESTED_FIELDS), st.text(max_size=8))
date_texts = st.one_of(st.dates().map(date.isoformat),
                       st.sampled_from(["2026-02-30", "2026-13-01", "0000-01-01", "31/02/2026",
                                        "10/02/2026", "2026-2-1", "9999-12-31", "0001-01-01",
                                        "2026-02-10T12:00:00", "demain"]))
scalars = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(), st.text(),
                    st.dates(), date_texts, st.sampled_from(HOSTILE))
values = st.recursive(scalars, lambda inner: st.lists(inner, max_size=3)
                      | st.dictionaries(keys, inner, max_size=3), max_leaves=12)
front_matters = st.dictionaries(keys, values, max_size=6)

# Raw YAML: what an editor may type, valid or not.
RAW_TOKENS = [": ", " #", "# ", "'", '"', "- ", "[", "]", "{", "}", ",", "&a ", "*a", "<<: ",
              "!!timestamp ", "!!int ", "!!float ", "!!binary ", "!!set ", "!!str ",
              "!!python/object/apply:os.system ", "? ", "|\n", ">\n", "%YAML 1.2\n", "---",
              "...", "\t", "  ", "\n", "\\", "\\x0b", "\\ud800", "2026-02-30", "1e400", ".nan",
              ".inf", "~", "yes", "0x1F", "0o17", "1_000", "9" * 5000]
raw_values = st.lists(st.one_of(st.sampled_from(RAW_TOKENS), st.text(max_size=8),
                                date_texts), max_size=6).map("".join)
raw_lines = st.tuples(st.sampled_from(["", "  ", "    ", "- "]), keys, raw_values).map(
    lambda t: f"{t[0]}{t[1]}: {t[2]}")
raw_front_matters = st.one_of(
    st.lists(raw_lines, max_size=10).map("\n".join),
    st.integers(1, 3000).map(lambda n: "service: " + "[" * n + "]" * n),
    st.integers(1, 3000).map(lambda n: "service: " + "{a: " * n + "1" + "}" * n),
    st.integers(1, 3000).map(lambda n: "".join(f"{'  ' * i}k{i}:\n" for i in range(n))),
)


def dump(data) -> str:
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=60)


# Text an editor may write in a field: anything printable, hostile fragments included.
XML_INVALID = "".join(map(chr, [*range(9), 11, 12, *range(14, 32), 0xFFFE, 0xFFFF]))
field_chars = st.characters(blacklist_categories=("Cs",), blacklist_characters=XML_INVALID)
hostile = st.sampled_from(HOSTILE)
texts = st.one_of(st.text(field_chars, max_size=30), hostile,
                  st.tuples(hostile, st.text(field_chars, max_size=10), hostile).map("".join)
                  ).filter(str.strip)
days = st.dates(date(2000, 1, 1), date(2099, 12, 31))  # start, interview dates
emails = st.tuples(st.text(string.ascii_lowercase + "._+-'", min_size=1, max_size=8),
                   st.text(string.ascii_lowercase, min_size=1, max_size=8)).map(
    lambda t: f"{t[0]}@{t[1]}.fr").filter(lambda e: model.check_email(e) is None)
postal = {"ville-a": "59300", "ville-b": "62400"}


def _set(opt: dict, key: str, strategy):
    """Optional field: present or absent."""
    opt[key] = st.one_of(st.none(), strategy)


@st.composite
def valid_offers(draw) -> tuple[dict, str]:
    """(front matter, body) of an offer that follows every rule of the schema."""
    # Mostly open on TODAY (open offers have the most outputs), some closed, some to come.
    published = TODAY + timedelta(days=draw(st.integers(-300, 5)))
    deadline = max(published, TODAY + timedelta(days=draw(st.integers(-20, 300))))
    employers = draw(st.lists(st.sampled_from(sorted(EMPLOYERS)), min_size=1, max_size=2,
                              unique=True))
    fm = {"title": draw(texts), "employers": employers, "published": published.isoformat(),
          "deadline": deadline.isoformat(),
          "categories": draw(st.lists(st.sampled_from(sorted(model.CATEGORIES)), min_size=1,
                                      max_size=4, unique=True)),
          "filiere": draw(st.sampled_from(sorted(model.FILIERES))),
          "employment": {"type": draw(st.sampled_from(sorted(model.EMPLOYMENT_TYPES)))},
          "apply": {"email": draw(emails)}}
    optional: dict = {}
    for key in ("reference", "service", "job_family", "vacancy_reason", "remote_work"):
        _set(optional, key, texts)
    for key in ("cadres", "grades", "themes"):
        _set(optional, key, st.lists(texts, max_size=3))
    between = st.integers(0, (deadline - published).days).map(
        lambda n: (published + timedelta(days=n)).isoformat())
    _set(optional, "closed", between)
    _set(optional, "updated", between)
    _set(optional, "start", st.one_of(days.map(date.isoformat), texts))
    _set(optional, "working_time", st.fixed_dictionaries(
        {"type": st.sampled_from(sorted(model.WORKING_TIME_TYPES))},
        optional={"weekly_hours": st.floats(0.5, 48), "schedule": texts}))
    _set(optional, "pay", st.one_of(
        st.fixed_dictionaries({"text": texts}),
        st.tuples(st.integers(0, 10**6), st.integers(0, 10**6),
                  st.sampled_from(sorted(model.PAY_UNITS))).map(
            lambda t: {"min": min(t[:2]), "max": max(t[:2]), "unit": t[2]})))
    _set(optional, "location", st.fixed_dictionaries(
        {"city": texts, "postal_code": st.sampled_from(["59000", "62100", "80000"])},
        optional={"name": texts, "street": texts}))
    _set(optional, "contacts", st.lists(st.fixed_dictionaries(
        {"name": texts}, optional={"role": texts, "email": emails,
                                   "phone": st.sampled_from(["03 27 00 00 00", "+33 3 27 00"])}),
        max_size=2))
    _set(optional, "recruitment", st.fixed_dictionaries(
        {"routes": st.lists(st.sampled_from(sorted(model.ROUTES)), max_size=3, unique=True)}))
    _set(optional, "interviews", st.fixed_dictionaries(
        {"dates": st.lists(days.map(date.isoformat), max_size=2)}, optional={"note": texts}))
    fm |= {k: v for k, v in draw(st.fixed_dictionaries(optional)).items() if v is not None}
    # No level-1 heading: every line of free text follows a word.
    body = draw(st.lists(st.one_of(st.sampled_from(HOSTILE + LINKS + ["## Missions", "- item"]),
                                   texts.map(lambda t: "Texte " + t.replace("\n", " "))),
                         max_size=8).map("\n\n".join))
    return fm, body


VALID_EXAMPLE = {"title": "Agent", "employers": ["ville-a"], "published": "2026-01-05",
                 "deadline": "2026-02-10", "categories": ["C"], "filiere": "administrative",
                 "employment": {"type": "permanent"}, "apply": {"email": "drh@aulnoy.example"}}


def offer_file(fm: dict, body: str) -> bytes:
    return f"---\n{dump(fm)}---\n{body}\n".encode()


# --- What every output must be ---------------------------------------------------------

EDITOR_TAG = re.compile(r"<\s*/?\s*(script|iframe|style|svg|object|embed)\b", re.I)
BAD_URL = re.compile(r"^\s*(javascript|vbscript|data:text)", re.I)
SITE_SCRIPTS = ("/theme/",)


def assert_safe_html(html: str) -> BeautifulSoup:
    """No element, attribute or link in `html` comes from markup the editor typed."""
    soup = BeautifulSoup(html, "lxml")
    for tag in soup.find_all(True):
        assert not any(a.lower().startswith("on") for a in tag.attrs), tag
        for attr in ("href", "src"):
            assert not BAD_URL.match(tag.get(attr) or ""), tag
        if tag.name == "script":
            assert tag.get("type") == "application/ld+json" or \
                tag.get("src", "").startswith(SITE_SCRIPTS), tag
        else:
            assert tag.name not in ("iframe", "style", "svg", "object", "embed"), tag
    return soup


# Feed elements whose text is HTML: RSS description and content:encoded, Indeed's
# description; in Atom, those of type="html".
HTML_IN_XML = {"description", "encoded"}


def squash(text: str) -> str:
    return " ".join(text.split())


def strict_json(data: bytes | str):
    def refuse(constant):
        raise ValueError(f"not JSON: {constant}")
    return json.loads(data, parse_constant=refuse)


@functools.cache
def renderer() -> Renderer:
    return Renderer(TEMPLATES)  # compiling the templates once saves 0.1 s an example


def assert_renders(content: Content) -> None:
    """Render every output of the site in memory; each one parses as what it claims to be."""
    plan = plan_site(content, TODAY)
    render = renderer()
    render._fragments.clear()  # offers of earlier examples had the same slugs
    titles = {v.offer.slug: v.offer.title for v in plan.open_offers + plan.closed_offers}
    open_slugs = {v.offer.slug for v in plan.open_offers}
    for output in plan.outputs:
        data = render.render(output)
        text = data.decode("utf-8")
        path = output.path
        if path.endswith(".html"):
            soup = assert_safe_html(text)
            slug = path.split("/")[1] if path.startswith("offres/") else None
            if slug:
                assert squash(soup.h1.get_text()) == squash(titles[slug]), path
                postings = [strict_json(s.string) for s in
                            soup.find_all("script", type="application/ld+json")]
                assert [p["title"] for p in postings] == \
                    ([titles[slug]] if slug in open_slugs else []), path
        elif path.endswith((".xml", ".atom")):
            for element in ET.fromstring(data).iter():
                name = element.tag.rsplit("}", 1)[-1]
                assert name not in ("script", "iframe", "style"), path
                if element.text and (name in HTML_IN_XML or element.get("type") == "html"):
                    assert_safe_html(element.text)  # readers show it as HTML
        elif path.endswith(".json"):
            strict_json(data)
        elif path.endswith(".csv"):
            rows = list(csv.reader(io.StringIO(text, newline="")))
            assert len(rows) == 1 + len(open_slugs), path
        elif path.endswith(".ics"):
            icalendar.Calendar.from_ical(data)
        elif path == "_headers":  # rules of URL patterns and headers: no editor text
            for line in text.splitlines():
                assert re.fullmatch(r"/[a-z0-9._/*-]*|  [A-Za-z-]+: [^\n]+", line), line
        else:
            assert path == "robots.txt", path


# --- The front matter loader ------------------------------------------------------------

@profile(150)
@given(st.text())
@example("---\n---\n")
@example("---\ntitle: x\n")
@example("\ufeff---\ntitle: x\n---\n")
def test_any_text_as_an_offer_file_is_read_or_reported_with_the_file_name(tree, text):
    tree.read({"offre": text.encode()})


@profile(80)
@given(st.binary())
@example(b"---\ntitle: \xff\xfe\n---\n")
@example(b"\xef\xbb\xbf---\n---\n")
def test_any_bytes_as_an_offer_file_are_read_or_reported_with_the_file_name(tree, data):
    tree.read({"offre": data})


@profile(150)
@given(front_matters, markdown_text())
def test_any_yaml_front_matter_is_accepted_or_reported_and_accepted_offers_render(
        tree, front_matter, body):
    # Over a valid offer: a value that fits its field gives an accepted offer to render.
    content = tree.read({"offre": offer_file(VALID_EXAMPLE | front_matter, body)})
    event("accepted" if content else "refused")
    if content is not None:
        assert_renders(content)


@profile(150)
@given(raw_front_matters)
@example("service: !!timestamp 2026-02-30")
@example("service: !!int abc")
@example("service: !!float x")
@example("pay:\n  min: .nan\n  unit: month")
@example("pay:\n  max: .inf\n  unit: month")
@example("working_time:\n  type: part-time\n  weekly_hours: " + "9" * 5000)
@example("service: " + "[" * 3000 + "]" * 3000)
def test_any_typed_front_matter_is_read_or_reported_with_the_file_name(tree, raw):
    # Mixed into a valid offer, so that one bad line is all that can go wrong.
    text = f"---\n{dump(VALID_EXAMPLE)}{raw}\n---\nTexte.\n"
    content = tree.read({"offre": text.encode()})
    if content is not None:
        assert_renders(content)


TEXT_FIELDS = ["title", "reference", "service", "job_family", "remote_work", "themes",
               "cadres", "grades", "vacancy_reason", "start", "location"]  # location: its city


@profile(120)
@given(st.sampled_from(TEXT_FIELDS + ["body"]), st.one_of(st.text(max_size=40), markdown_text()))
@example("title", "Agent\x0bd'accueil")
@example("title", "</script><script>alert(2)</script>")
@example("location", "<img src=x onerror=alert(3)>")
@example("body", "Saut\x0cde page")
def test_any_text_in_a_field_or_the_body_is_refused_there_or_renders(tree, field, text):
    value = {"city": text, "postal_code": "59000"} if field == "location" else text
    fm = VALID_EXAMPLE if field == "body" else VALID_EXAMPLE | {field: value}
    content, problems = tree.read_or_problems(
        {"offre": offer_file(fm, text if field == "body" else "Texte.")})
    event("accepted" if content else "refused")
    if content is None:
        body_line = len(dump(fm).splitlines()) + 3
        for problem in problems:
            if field == "body":
                assert problem.field is None and problem.line >= body_line, problem
            else:
                assert re.split(r"[.\[]", problem.field or "")[0] == field, problem
    else:
        assert_renders(content)


@pytest.mark.parametrize("front_matter, field", [
    ({"title": "Agent\x0bd'accueil"}, "title"),
    ({"service": "Accueil\x01"}, "service"),
    ({"pay": {"min": float("nan"), "unit": "month"}}, "pay.min"),
    ({"pay": {"max": float("inf"), "unit": "month"}}, "pay.max"),
    ({"working_time": {"type": "part-time", "weekly_hours": float("nan")}},
     "working_time.weekly_hours"),
    ({"deadline": "9999-12-31"}, "deadline"),
    ({"published": "0001-01-01"}, "published"),
])
def test_values_no_output_could_carry_are_reported_on_their_field(tree, front_matter, field):
    assert tree.read({"offre": offer_file(VALID_EXAMPLE | front_matter, "Texte.")}) is None
    with pytest.raises(ContentError) as error:
        read_content(tree.root, TODAY)
    assert [p.field for p in error.value.problems] == [field]


def test_a_control_character_in_the_body_is_reported_on_its_line(tree):
    assert tree.read({"offre": offer_file(VALID_EXAMPLE, "Texte.\n\nSaut\x0cde page.")}) is None
    with pytest.raises(ContentError) as error:
        read_content(tree.root, TODAY)
    (problem,) = error.value.problems
    assert problem.line == len(dump(VALID_EXAMPLE).splitlines()) + 5
    assert "U+000C" in problem.message


# --- Valid offers are accepted, and render -------------------------------------------------

@profile(35)
@given(st.lists(valid_offers(), min_size=1, max_size=3))
def test_every_offer_that_follows_the_schema_is_accepted_and_renders(tree, offers):
    for i, (fm, _) in enumerate(offers):  # each offer has its own reference
        if "reference" in fm:
            fm["reference"] += f" n°{i}"
    files = {f"offre-{i}": offer_file(fm, body) for i, (fm, body) in enumerate(offers)}
    content = tree.read(files)
    assert content is not None, "a valid offer was refused"
    assert [o.title for o in content.offers] == [fm["title"].strip() for fm, _ in offers]
    assert_renders(content)


# --- The Markdown pipeline ----------------------------------------------------------------

@profile(400)
@given(markdown_text())
@example("<script>alert(1)</script>")
@example("[x](javascript:alert(1))")
@example("<img src=x onerror=alert(1)>")
def test_markdown_never_raises_nor_lets_the_editors_markup_through(text):
    html, problems = render_markdown(text)
    assert not EDITOR_TAG.search(html)
    assert_safe_html(html)
    assert all(isinstance(line, int) for line, _, _ in problems)


@profile(100)
@given(st.text())
def test_markdown_of_any_text_renders(text):
    html, _ = render_markdown(text)
    assert not EDITOR_TAG.search(html)
