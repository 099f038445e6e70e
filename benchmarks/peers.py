"""The same corpus as a Hugo site and as a Pelican site, with minimal equivalent templates.

Both get what a minimal job board needs: a page per offer (its Markdown
rendered), three taxonomies (catégorie, employeur, filière) with a list page per
term and an RSS feed per term (newest 50 items, as ours), a list of each
taxonomy's terms, a home page listing every offer and a site-wide RSS feed. They
do not get what our generator also writes (JSON-LD, Atom and JSON feeds per term,
open data, calendars, the Indeed feed, search index, communes and themes...): the
comparison favours them. Pelican files an article under one category only (the
offer's first catégorie); authors are the employers, tags the filière.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import yaml

# LibYAML's loader when PyYAML has it: 100,000 front matters convert in seconds, not minutes.
SafeLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
SafeDumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)

HUGO_CONFIG = """\
baseURL = "https://emplois.example/"
languageCode = "fr"
title = "Emplois (Hugo)"
disableKinds = ["section"]
[taxonomies]
  categorie = "categories"
  employeur = "employeurs"
  filiere = "filieres"
[outputs]
  home = ["HTML", "RSS"]
  taxonomy = ["HTML"]
  term = ["HTML", "RSS"]
[services.rss]
  limit = 50
"""
HUGO_LAYOUTS = {
    "_default/baseof.html": """<!DOCTYPE html>
<html lang="fr"><head><meta charset="utf-8"><title>{{ .Title }}</title></head>
<body><main>{{ block "main" . }}{{ end }}</main></body></html>
""",
    "_default/single.html": """{{ define "main" }}<h1>{{ .Title }}</h1>
<p>{{ range .Params.employeurs }}{{ . }} {{ end }} — {{ .Date.Format "2006-01-02" }}</p>
{{ .Content }}{{ end }}
""",
    "_default/list.html": """{{ define "main" }}<h1>{{ .Title }}</h1>
<ul>{{ range .Pages }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>{{ end }}</ul>{{ end }}
""",
    "_default/terms.html": """{{ define "main" }}<h1>{{ .Title }}</h1>
<ul>{{ range .Pages }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>{{ end }}</ul>{{ end }}
""",
    "index.html": """{{ define "main" }}<h1>Offres</h1>
<ul>{{ range .Site.RegularPages }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>{{ end }}</ul>{{ end }}
""",
}

PELICAN_CONFIG = """\
SITENAME = "Emplois (Pelican)"
SITEURL = ""
PATH = "content"
TIMEZONE = "Europe/Paris"
DEFAULT_LANG = "fr"
THEME = "theme"
FEED_DOMAIN = "https://emplois.example"
FEED_ALL_RSS = "flux.xml"
FEED_ALL_ATOM = None
FEED_MAX_ITEMS = 50
CATEGORY_FEED_ATOM = None
CATEGORY_FEED_RSS = "categories/{slug}/flux.xml"
AUTHOR_FEED_ATOM = None
AUTHOR_FEED_RSS = "employeurs/{slug}/flux.xml"
TAG_FEED_ATOM = None
TAG_FEED_RSS = "filieres/{slug}/flux.xml"
TRANSLATION_FEED_ATOM = None
DIRECT_TEMPLATES = ["index", "categories", "authors", "tags"]
CATEGORIES_SAVE_AS = "categories/index.html"
AUTHORS_SAVE_AS = "employeurs/index.html"
TAGS_SAVE_AS = "filieres/index.html"
TAG_URL = "filieres/{slug}/"
TAG_SAVE_AS = "filieres/{slug}/index.html"
DEFAULT_PAGINATION = False
RELATIVE_URLS = True
ARTICLE_URL = "offres/{slug}/"
ARTICLE_SAVE_AS = "offres/{slug}/index.html"
CATEGORY_SAVE_AS = "categories/{slug}/index.html"
AUTHOR_SAVE_AS = "employeurs/{slug}/index.html"
"""
PELICAN_TEMPLATES = {
    "base.html": """<!DOCTYPE html>
<html lang="fr"><head><meta charset="utf-8"><title>{{ SITENAME }}</title></head>
<body><main>{% block content %}{% endblock %}</main></body></html>
""",
    "article.html": """{% extends "base.html" %}{% block content %}<h1>{{ article.title }}</h1>
<p>{% for a in article.authors %}{{ a }} {% endfor %} — {{ article.locale_date }}</p>
{{ article.content }}{% endblock %}
""",
    "index.html": """{% extends "base.html" %}{% block content %}<h1>Offres</h1>
<ul>{% for a in articles %}<li><a href="{{ SITEURL }}/{{ a.url }}">{{ a.title }}</a></li>{% endfor %}</ul>{% endblock %}
""",
    "category.html": """{% extends "base.html" %}{% block content %}<h1>{{ category }}</h1>
<ul>{% for a in articles %}<li><a href="{{ SITEURL }}/{{ a.url }}">{{ a.title }}</a></li>{% endfor %}</ul>{% endblock %}
""",
    "author.html": """{% extends "base.html" %}{% block content %}<h1>{{ author }}</h1>
<ul>{% for a in articles %}<li><a href="{{ SITEURL }}/{{ a.url }}">{{ a.title }}</a></li>{% endfor %}</ul>{% endblock %}
""",
    "tag.html": """{% extends "base.html" %}{% block content %}<h1>{{ tag }}</h1>
<ul>{% for a in articles %}<li><a href="{{ SITEURL }}/{{ a.url }}">{{ a.title }}</a></li>{% endfor %}</ul>{% endblock %}
""",
    "categories.html": """{% extends "base.html" %}{% block content %}<h1>Catégories</h1>
<ul>{% for c, _ in categories %}<li><a href="{{ SITEURL }}/{{ c.url }}">{{ c }}</a></li>{% endfor %}</ul>{% endblock %}
""",
    "authors.html": """{% extends "base.html" %}{% block content %}<h1>Employeurs</h1>
<ul>{% for a, _ in authors %}<li><a href="{{ SITEURL }}/{{ a.url }}">{{ a }}</a></li>{% endfor %}</ul>{% endblock %}
""",
    "tags.html": """{% extends "base.html" %}{% block content %}<h1>Filières</h1>
<ul>{% for t, _ in tags %}<li><a href="{{ SITEURL }}/{{ t.url }}">{{ t }}</a></li>{% endfor %}</ul>{% endblock %}
""",
    "page.html": """{% extends "base.html" %}{% block content %}{{ page.content }}{% endblock %}
""",
}


def _offers(corpus: Path):
    employers = {p.stem: yaml.safe_load(p.read_text("utf-8"))["name"]
                 for p in (corpus / "employers").glob("*.yaml")}
    for path in sorted((corpus / "offers").glob("*.md")):
        _, front, body = path.read_text("utf-8").split("---\n", 2)
        meta = yaml.load(front, Loader=SafeLoader)
        yield path.stem, meta, [employers[e] for e in meta["employers"]], body


def hugo_site(corpus: Path, out: Path) -> Path:
    shutil.rmtree(out, ignore_errors=True)
    (out / "content" / "offres").mkdir(parents=True)
    (out / "hugo.toml").write_text(HUGO_CONFIG, "utf-8")
    for name, text in HUGO_LAYOUTS.items():
        (out / "layouts" / name).parent.mkdir(parents=True, exist_ok=True)
        (out / "layouts" / name).write_text(text, "utf-8")
    for slug, meta, employers, body in _offers(corpus):
        front = {"title": meta["title"], "date": str(meta["published"]),
                 "categories": meta["categories"], "employeurs": employers,
                 "filieres": [meta["filiere"]]}
        (out / "content" / "offres" / f"{slug}.md").write_text(
            "---\n" + yaml.dump(front, Dumper=SafeDumper, allow_unicode=True) + "---\n" + body,
            "utf-8")
    return out


def pelican_site(corpus: Path, out: Path) -> Path:
    shutil.rmtree(out, ignore_errors=True)
    (out / "content").mkdir(parents=True)
    (out / "pelicanconf.py").write_text(PELICAN_CONFIG, "utf-8")
    for name, text in PELICAN_TEMPLATES.items():
        (out / "theme" / "templates" / name).parent.mkdir(parents=True, exist_ok=True)
        (out / "theme" / "templates" / name).write_text(text, "utf-8")
    for slug, meta, employers, body in _offers(corpus):
        title = re.sub(r"\s+", " ", meta["title"])
        header = (f"Title: {title}\nDate: {meta['published']}\nCategory: {meta['categories'][0]}\n"
                  f"Authors: {', '.join(e.replace(',', ' ') for e in employers)}\n"
                  f"Tags: {meta['filiere']}\n"
                  f"Slug: {slug}\n\n")
        (out / "content" / f"{slug}.md").write_text(header + body, "utf-8")
    return out
