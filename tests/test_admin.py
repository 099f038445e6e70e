"""The web editor at /admin/ without a browser: its configuration is the model's, the build
publishes it with its own Content-Security-Policy, and nothing public lists it.
(tests/test_admin_browser.py drives it in Chromium.)"""

from __future__ import annotations

import dataclasses
import json
import re
import typing

import yaml

from jobboard.build.admin import VENDOR
from jobboard.content import cms, model, schema
from jobboard.plan.policies import admin_policy as policy
from jobboard.render import headers
from tests.conftest import ROOT, SITE_YAML

ADMIN = """\
admin:
  backend: gitlab
  repo: cdg59/emplois/contenu
  auth_type: pkce
  app_id: 4f2a9c1b
"""


def config(site) -> dict:
    return yaml.safe_load(site.read("admin/config.yml"))


def collection(cfg: dict, name: str) -> dict:
    return next(c for c in cfg["collections"] if c["name"] == name)


def walk(fields: list[dict], prefix: str = ""):
    for f in fields:
        yield prefix + f["name"], f
        yield from walk(f.get("fields", []), f"{prefix}{f['name']}.")


def model_fields(cls: type, prefix: str = ""):
    """(dotted name, class, field) of every field an editor writes."""
    hints = typing.get_type_hints(cls)
    for f in dataclasses.fields(cls):
        if f.name in schema.INTERNAL:
            continue
        yield prefix + f.name, cls, f
        tp = hints[f.name]
        inner = [a for a in typing.get_args(tp) if a is not type(None)] or [tp]
        inner = [typing.get_args(a)[0] if typing.get_origin(a) is list else a for a in inner]
        for a in inner:
            if dataclasses.is_dataclass(a):
                yield from model_fields(a, f"{prefix}{f.name}.")


def test_the_form_has_every_field_of_the_model_with_its_french_label_and_rule(fixture_site):
    fixture_site.write("site.yaml", SITE_YAML + ADMIN)
    assert fixture_site.build("2026-02-01") == 0
    cfg = config(fixture_site)
    for cls, name in ((model.Offer, "offres"), (model.Employer, "employeurs")):
        form = dict(walk(collection(cfg, name)["fields"]))
        json_schema = schema.object_schema(cls)
        expected = list(model_fields(cls))
        assert set(form) - {"body"} == {n for n, _, _ in expected}
        for dotted, owner, f in expected:
            label, _ = schema.DOCS[f"{owner.__name__}.{f.name}"]
            assert form[dotted]["label"] == label, dotted
        # Required in the form exactly where the JSON Schema (and so `check`) requires it.
        for key, prop in json_schema["properties"].items():
            assert form[key].get("required", True) == (key in json_schema["required"]), key
    offers = dict(walk(collection(cfg, "offres")["fields"]))
    assert [o["value"] for o in offers["filiere"]["options"]] == list(model.FILIERES)
    assert offers["filiere"]["options"][5] == {"label": "Médico-sociale",
                                               "value": "medico-sociale"}
    assert offers["categories"]["multiple"] is True
    assert [o["value"] for o in offers["categories"]["options"]] == ["A+", "A", "B", "C"]
    assert [o["value"] for o in offers["recruitment.routes"]["options"]] == list(model.ROUTES)
    assert [o["label"] for o in offers["working_time.type"]["options"]] == \
        ["Temps complet", "Temps non complet"]
    # Required inside a required object; never inside an optional one (see cms.fields).
    assert offers["employment.type"].get("required", True) is True
    assert offers["working_time.type"]["required"] is False
    for name in ("deadline", "published", "closed"):
        assert offers[name]["widget"] == "datetime" and offers[name]["format"] == "YYYY-MM-DD"
    assert offers["employers"]["widget"] == "relation"
    assert offers["employers"]["collection"] == "employeurs"
    assert offers["employers"]["value_field"] == "{{slug}}"
    assert cfg["publish_mode"] == "editorial_workflow"
    assert cfg["backend"] == {"name": "gitlab", "repo": "cdg59/emplois/contenu",
                              "branch": "main", "auth_type": "pkce", "app_id": "4f2a9c1b"}
    assert collection(cfg, "offres")["folder"] == "content/offers"
    assert collection(cfg, "employeurs")["folder"] == "content/employers"


def test_admin_is_published_with_its_own_policy_noindex_and_listed_nowhere(fixture_site):
    fixture_site.write("site.yaml", SITE_YAML + ADMIN)
    fixture_site.offer("agent", deadline="2026-03-01")
    assert fixture_site.build("2026-02-01") == 0
    page = fixture_site.html("admin/index.html")
    assert page.find("meta", attrs={"name": "robots"})["content"] == "noindex, nofollow"
    csp = page.find("meta", attrs={"http-equiv": "Content-Security-Policy"})["content"]
    assert "script-src 'self' 'unsafe-eval' 'wasm-unsafe-eval'" in csp
    assert "connect-src 'self' blob: https://gitlab.com;" in csp
    assert page.find("script")["src"] == "decap-cms.js"
    assert (fixture_site.out / "admin" / "decap-cms.js").read_bytes() == \
        (VENDOR / "decap-cms.js").read_bytes()
    # The public pages keep their strict policy; nothing public lists /admin/.
    home = fixture_site.html("index.html")
    assert "unsafe-eval" not in str(home.find("meta", attrs={"http-equiv":
                                                              "Content-Security-Policy"}))
    for name in ("sitemap.xml", "offres.json", "flux.xml", "recherche/offres.json",
                 "index.html"):
        if (fixture_site.out / name).exists():
            assert "/admin/" not in fixture_site.read(name), name
    # The search index holds the open offer, and nothing else.
    shards = [json.loads(p.read_text()) for p in (fixture_site.out / "recherche" / "index")
              .glob("*.json")]
    assert shards and {i for s in shards for postings in s.values() for i, _ in postings} \
        == {"agent"}
    # Where the host reads _headers, /admin/ is served under its own policy alone: no
    # other rule reaches it (Cloudflare would add the public one, and a browser enforce
    # both), and no public file gets the editor's.
    rules = headers.parse(fixture_site.read("_headers"))
    for path in fixture_site.out.rglob("*"):
        if path.is_file():
            url = "/" + path.relative_to(fixture_site.out).as_posix()
            matching = [p for p, v in rules if headers.for_path([(p, v)], url)]
            assert len(matching) == 1, (url, matching)
            sent = dict(headers.for_path(rules, url))["Content-Security-Policy"]
            assert ("'unsafe-eval'" in sent) == url.startswith("/admin/"), url
    assert dict(headers.for_path(rules, "/admin/"))["Content-Security-Policy"] == \
        csp + "; frame-ancestors 'none'"


def test_no_admin_section_no_web_editor(fixture_site):
    assert fixture_site.build("2026-02-01") == 0
    assert not (fixture_site.out / "admin").exists()


def test_the_policy_opens_only_the_forge_in_use():
    github = model.Admin(backend="github", repo="mairie/emplois",
                         base_url="https://auth.mairie.example/x")
    assert re.search(r"connect-src 'self' blob: https://api.github.com "
                     r"https://auth.mairie.example;", policy(github))
    gitea = model.Admin(backend="gitea", repo="rh/emplois",
                        api_root="https://git.cdg.example/api/v1",
                        local_backend="http://localhost:8081/api/v1")
    assert "connect-src 'self' blob: https://git.cdg.example http://localhost:8081;" \
        in policy(gitea)
    assert "api.github.com" not in policy(gitea)


def test_admin_settings_are_checked_like_any_field(fixture_site, capsys):
    fixture_site.write("site.yaml", SITE_YAML + "admin:\n  backend: bitbucket\n"
                                                "  repo: \"x' onerror='y\"\n")
    assert fixture_site.build("2026-02-01") == 1
    err = capsys.readouterr().err
    assert "content/site.yaml:11: admin.backend: found 'bitbucket', expected one of: github, " \
           "gitlab, gitea" in err
    assert "content/site.yaml:12: admin.repo: found 'x' onerror='y', expected a repository " \
           "as owner/name" in err


def test_the_site_title_is_escaped_in_the_admin_page(fixture_site):
    fixture_site.write("site.yaml", SITE_YAML.replace("title: Emplois test",
                                                      "title: \"</title><script>x()</script>\"")
                       + ADMIN)
    assert fixture_site.build("2026-02-01") == 0
    text = fixture_site.read("admin/index.html")
    assert "<script>x()" not in text and "&lt;/title&gt;&lt;script&gt;" in text


def test_the_vendored_bundle_is_the_pinned_version():
    pinned = json.loads((ROOT / "admin" / "package.json").read_text())["devDependencies"]
    lock = json.loads((ROOT / "admin" / "package-lock.json").read_text())
    version = pinned["decap-cms"]
    assert lock["packages"]["node_modules/decap-cms"]["version"] == version
    assert lock["packages"]["node_modules/decap-cms"]["license"] == "MIT"
    assert f"decap-cms-app {version}" in (VENDOR / "decap-cms.js").read_text(encoding="utf-8")


def test_config_yml_is_deterministic_and_generated_from_the_model():
    site = model.Site(title="T", description="D", base_url="https://e.example/", language="fr",
                      region="R", timezone="Europe/Paris",
                      publisher=model.Publisher(name="P", email="p@e.example"),
                      admin=model.Admin(backend="github", repo="a/b"))
    assert cms.render(site) == cms.render(site)
    assert cms.render(site).startswith(b"# Generated by the build from the content model")
