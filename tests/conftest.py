"""Fixture sites, Hugo-style: each test writes the small content tree it needs."""

from __future__ import annotations

import json
import textwrap
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from jobboard.cli import main

ROOT = Path(__file__).resolve().parent.parent

SITE_YAML = """\
title: Emplois test
description: Offres de test.
base_url: https://emplois.example/
language: fr
region: Hauts-de-France
timezone: Europe/Paris
publisher:
  name: Éditeur de test
  email: contact@emplois.example
"""

EMPLOYERS = {
    "ville-a": """\
name: Ville d'Aulnoy
kind: commune
address:
  street: 1 place de la Mairie
  postal_code: "59300"
  city: Aulnoy-lez-Valenciennes
departement: "59"
website: https://www.aulnoy.example
""",
    "ville-b": """\
name: Ville de Béthune
kind: commune
address:
  postal_code: "62400"
  city: Béthune
departement: "62"
website: https://www.bethune.example
""",
}


def offer_md(title="Agent d'accueil (F/H)", employers="[ville-a]", published="2026-01-05",
             deadline="2026-02-10", categories="[C]", filiere="administrative", extra="",
             body="## Missions\n\nAccueillir le public.\n"):
    """The text of a valid offer file; `extra` adds front-matter lines."""
    return (f"---\ntitle: {json.dumps(title, ensure_ascii=False)}\nemployers: {employers}\n"
            f"published: {published}\ndeadline: {deadline}\ncategories: {categories}\n"
            f"filiere: {filiere}\nemployment:\n  type: permanent\n"
            f"apply:\n  email: drh@aulnoy.example\n{textwrap.dedent(extra)}---\n{body}")


class FixtureSite:
    def __init__(self, root: Path):
        self.root = root
        self.content = root / "content"
        self.out = root / "site"

    def write(self, rel: str, text: str) -> Path:
        path = self.content / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        return path

    def offer(self, slug: str, **kw) -> Path:
        return self.write(f"offers/{slug}.md", offer_md(**kw))

    def build(self, today="2026-02-01", *args) -> int:
        argv = ["--content", str(self.content), "--out", str(self.out)]
        if today:
            argv += ["--today", today]
        return main(argv + list(args))

    def read(self, rel: str) -> str:
        return (self.out / rel).read_text(encoding="utf-8")

    def html(self, rel: str) -> BeautifulSoup:
        return BeautifulSoup(self.read(rel), "html.parser")

    def files(self) -> dict[str, bytes]:
        return {p.relative_to(self.out).as_posix(): p.read_bytes()
                for p in sorted(self.out.rglob("*")) if p.is_file()}


@pytest.fixture
def fixture_site(tmp_path, monkeypatch) -> FixtureSite:
    """An empty-offers site with two employers; paths in messages are relative to it."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    site = FixtureSite(tmp_path)
    site.write("site.yaml", SITE_YAML)
    for slug, text in EMPLOYERS.items():
        site.write(f"employers/{slug}.yaml", text)
    return site


def titles(soup: BeautifulSoup) -> list[str]:
    """The offer titles of a list page, in order."""
    return [a.get_text(strip=True) for a in soup.select(".offer-card .offer-title a")]


def jsonld_of(soup: BeautifulSoup) -> list[dict]:
    return [json.loads(s.string) for s in soup.find_all("script", type="application/ld+json")]


def tree(root: Path) -> dict[str, bytes]:
    """Every file under `root`, by relative path: two sites compared byte for byte."""
    return {p.relative_to(root).as_posix(): p.read_bytes()
            for p in sorted(root.rglob("*")) if p.is_file()}
