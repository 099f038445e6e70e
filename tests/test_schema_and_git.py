"""The JSON Schema editors' tools use, and dates taken from git."""

from __future__ import annotations

import json
import os
import subprocess

import jsonschema
import pytest
import yaml

from jobboard.content import schema
from jobboard.content.reader import _Loader
from tests.conftest import ROOT, offer_md, titles

# --- JSON Schema ------------------------------------------------------------------------

@pytest.mark.parametrize("name", sorted(schema.SCHEMAS))
def test_committed_schemas_are_the_generated_ones(name):
    committed = (ROOT / "docs" / "schema" / f"{name}.json").read_bytes()
    assert committed == schema.render(name), \
        "regenerate docs/schema/ (see README: 'JSON Schema for editors')"
    jsonschema.Draft202012Validator.check_schema(json.loads(committed))


def front_matter(path):
    text = path.read_text(encoding="utf-8").split("---\n", 2)[1]
    return yaml.load(text, Loader=_Loader)  # dates stay text, as editors' tools see them


def validator(name):
    return jsonschema.Draft202012Validator(json.loads(schema.render(name)),
                                           format_checker=jsonschema.FormatChecker())


def test_schema_accepts_all_sample_content():
    offers, employers = validator("offre"), validator("employeur")
    for path in sorted((ROOT / "content" / "offers").glob("*.md")):
        assert list(offers.iter_errors(front_matter(path))) == [], path
    for path in sorted((ROOT / "content" / "employers").glob("*.yaml")):
        assert list(employers.iter_errors(yaml.load(path.read_text(), Loader=_Loader))) == []


def test_schema_rejects_what_the_validator_rejects():
    offers = validator("offre")
    good = front_matter(ROOT / "content" / "offers" / "technicien-voirie-dunkerque.md")
    for bad in ({**good, "dealine": "2026-12-20"}, {**good, "categories": ["D"]},
                {**good, "deadline": "20/12/2026"}, {**good, "filiere": "informatique"},
                {k: v for k, v in good.items() if k != "deadline"}):
        assert list(offers.iter_errors(bad)), bad


def test_schema_speaks_french_to_editors():
    offre = json.loads(schema.render("offre"))
    assert offre["properties"]["deadline"]["title"] == "Date limite de candidature"
    labels = {o["const"]: o["title"] for o in offre["properties"]["filiere"]["oneOf"]}
    assert labels["medico-sociale"] == "Médico-sociale"


def test_site_publishes_the_schemas(fixture_site):
    assert fixture_site.build("2026-02-01") == 0
    for name in schema.SCHEMAS:
        assert (fixture_site.out / "schema" / f"{name}.json").read_bytes() == schema.render(name)


# --- Dates from git --------------------------------------------------------------------------

def git(cwd, *args, when=None):
    env = {**os.environ, "GIT_AUTHOR_NAME": "Éditrice", "GIT_AUTHOR_EMAIL": "e@example.fr",
           "GIT_COMMITTER_NAME": "Éditrice", "GIT_COMMITTER_EMAIL": "e@example.fr"}
    if when:
        env |= {"GIT_AUTHOR_DATE": when, "GIT_COMMITTER_DATE": when}
    subprocess.run(["git", *args], cwd=cwd, env=env, check=True, capture_output=True)


def undated(**kw):
    return offer_md(**kw).replace("published: 2026-01-05\n", "")


def test_dates_come_from_the_first_and_last_commits(fixture_site):
    root = fixture_site.root
    git(root, "init", "-q", "-b", "main")
    fixture_site.write("offers/agent.md", undated(deadline="2026-03-01"))
    git(root, "add", ".")
    # 23:30 UTC on 9 January is already 10 January in Paris.
    git(root, "commit", "-qm", "Nouvelle offre", when="2026-01-09T23:30:00+00:00")
    fixture_site.write("offers/agent.md", undated(deadline="2026-03-01", title="Agent (F/H)"))
    git(root, "commit", "-qam", "Titre", when="2026-01-20T10:00:00+01:00")
    fixture_site.write("offers/nouvelle.md", undated(deadline="2026-03-01", title="Nouvelle"))
    assert fixture_site.build("2026-02-01") == 0
    page = fixture_site.html("offres/agent/index.html").get_text(" ", strip=True)
    assert "Publiée le 10 janvier 2026 Mise à jour le 20 janvier 2026" in page
    # Not committed yet: published on the build day.
    assert "Publiée le 1er février 2026" in \
        fixture_site.html("offres/nouvelle/index.html").get_text(" ", strip=True)
    assert titles(fixture_site.html("index.html")) == ["Nouvelle", "Agent (F/H)"]


def test_front_matter_dates_win_over_git(fixture_site):
    git(fixture_site.root, "init", "-q", "-b", "main")
    fixture_site.offer("agent", published="2026-01-02", deadline="2026-03-01")
    git(fixture_site.root, "add", ".")
    git(fixture_site.root, "commit", "-qm", "x", when="2026-01-15T10:00:00+01:00")
    assert fixture_site.build("2026-02-01") == 0
    text = fixture_site.html("offres/agent/index.html").get_text(" ", strip=True)
    assert "Publiée le 2 janvier 2026" in text and "mise à jour" not in text


def test_a_shallow_clone_is_reported(fixture_site, tmp_path, capsys):
    origin = fixture_site.root
    git(origin, "init", "-q", "-b", "main")
    fixture_site.write("offers/agent.md", undated(deadline="2026-03-01"))
    git(origin, "add", ".")
    git(origin, "commit", "-qm", "1", when="2026-01-10T10:00:00+01:00")
    fixture_site.write("offers/autre.md", undated(deadline="2026-03-01", title="Autre"))
    git(origin, "add", ".")
    git(origin, "commit", "-qm", "2", when="2026-01-20T10:00:00+01:00")
    clone = tmp_path / "clone"
    subprocess.run(["git", "clone", "-q", "--depth", "1", f"file://{origin}", str(clone)],
                   check=True, capture_output=True)
    os.chdir(clone)
    from jobboard.cli import main
    assert main(["--today", "2026-02-01"]) == 0
    err = capsys.readouterr().err
    assert "content/offers/agent.md: warning: published: this offer takes its dates from git, " \
           "but the repository is a shallow clone: they would be wrong" in err
