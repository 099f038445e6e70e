"""The editors' workflow: check, new, early closing, and the live preview."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request

import pytest

from jobboard.cli import main
from tests.conftest import ROOT, titles


def run(capsys, *argv) -> tuple[int, str, str]:
    code = main(list(argv))
    out = capsys.readouterr()
    return code, out.out, out.err


# --- check --------------------------------------------------------------------------

def test_check_valid_content_exits_0_and_writes_nothing(fixture_site, capsys):
    fixture_site.offer("agent", deadline="2026-03-01",
                       extra="reference: RH-1\npay:\n  text: Statutaire\n"
                             "contacts:\n  - name: RH\n")
    code, out, _ = run(capsys, "check", "--content", "content", "--today", "2026-02-01")
    assert (code, out) == (0, "no problem found\n")
    assert not fixture_site.out.exists()


def test_check_warnings_do_not_fail(fixture_site, capsys):
    fixture_site.offer("soon", published="2026-01-05", deadline="2026-02-03",
                       extra="reference: RH-1\n")
    fixture_site.offer("long", published="2026-01-05", deadline="2026-06-30",
                       extra="reference: RH-2\npay:\n  text: Statutaire\n"
                             "contacts:\n  - name: RH\n")
    code, out, _ = run(capsys, "check", "--today", "2026-02-01")
    assert code == 0
    assert "content/offers/soon.md: warning: deadline: the offer closes in 2 day(s), on " \
           "2026-02-03" in out
    assert "content/offers/soon.md: warning: pay: missing recommended field" in out
    assert "content/offers/soon.md: warning: contacts: missing recommended field" in out
    assert "content/offers/long.md: warning: deadline: the offer stays open 176 days, more " \
           "than 90" in out
    assert out.rstrip().endswith("4 warnings")


def test_check_warns_of_what_aggregators_miss(fixture_site, capsys):
    full = "reference: RH-{}\npay:\n  text: Statutaire\ncontacts:\n  - name: RH\n"
    fixture_site.offer("hours", title="Animateur périscolaire (F/H) – 24 h",
                       deadline="2026-03-01", extra=full.format(1))
    fixture_site.offer("place", title="Agent d'accueil (F/H) à Aulnoy-lez-Valenciennes",
                       deadline="2026-03-01", extra=full.format(2))
    fixture_site.offer("tnc", title="Agent d'entretien - temps non complet 17h30 - BETHUNE",
                       employers="[ville-b]", deadline="2026-03-01", extra=full.format(3))
    fixture_site.offer("noref", title="Agent d'accueil (F/H)", deadline="2026-03-01",
                       extra=full.split("\n", 1)[1])
    fixture_site.offer("fine", title="Chargé de mission (F/H)", deadline="2026-03-01",
                       extra=full.format(5))
    code, out, _ = run(capsys, "check", "--today", "2026-02-01")
    assert code == 0  # warnings only
    assert ("content/offers/hours.md: warning: title: the title holds working hours ('24 h')"
            "\n    hint: keep the job's name alone in the title, as Google and Indeed ask") in out
    assert "content/offers/place.md: warning: title: the title holds a place " \
           "('Aulnoy-lez-Valenciennes')" in out
    assert "content/offers/tnc.md: warning: title: the title holds working hours " \
           "('temps non complet') and a place ('Béthune')" in out
    assert "content/offers/noref.md: warning: reference: missing recommended field" in out
    # ville-b has no street and the offer gives no location
    assert "content/offers/tnc.md: warning: location.street: missing recommended field" in out
    assert "fine.md" not in out
    assert out.rstrip().endswith("5 warnings")


def test_check_errors_in_each_format(fixture_site, capsys):
    fixture_site.offer("agent", categories="[D]")
    code, out, _ = run(capsys, "check", "--today", "2026-02-01")
    assert code == 1
    assert out == ("content/offers/agent.md:6: categories[0]: found 'D', expected one of: "
                   "A+, A, B, C\n1 error in 1 file\n")
    code, out, _ = run(capsys, "check", "--today", "2026-02-01", "--format", "github")
    assert code == 1
    assert out == ("::error file=content/offers/agent.md,line=6,title=categories[0]::found 'D', "
                   "expected one of: A+, A, B, C\n")
    code, out, _ = run(capsys, "check", "--today", "2026-02-01", "--format", "json")
    assert code == 1
    data = json.loads(out)
    assert data["valid"] is False
    assert data["problems"] == [{"file": "content/offers/agent.md", "line": 6,
                                 "field": "categories[0]", "severity": "error",
                                 "message": "found 'D', expected one of: A+, A, B, C",
                                 "hint": None}]


def test_file_names_keys_and_values_cannot_drive_the_terminal_or_forge_annotations(
        fixture_site, capsys):
    """An ESC sequence would reach the terminal; a line break followed by '::error'
    would forge a GitHub Actions annotation in the CI log."""
    fixture_site.offer("agent\x1b]0;owned\x07\n::error file=x.md::forged")  # a file name
    fixture_site.offer("cle", extra='"deadline\\e[2J\\n::error::forged": 1\n',  # a key
                       categories='["C\\e[31m\\u202e"]')  # a value
    code, out, _ = run(capsys, "check", "--today", "2026-02-01")
    assert code == 1
    assert "\x1b" not in out and "\x07" not in out and "\u202e" not in out
    assert not [line for line in out.splitlines() if line.startswith("::")]
    assert "content/offers/agent\\x1b]0;owned\\x07\\n::error file=x.md::forged.md: file " \
           "name 'agent\\x1b]0;owned\\x07\\n::error file=x.md::forged.md' is not a valid " \
           "slug" in out
    assert "content/offers/cle.md:12: deadline\\x1b[2J\\n::error::forged: unknown key " \
           "'deadline\\x1b[2J\\n::error::forged'" in out
    assert "content/offers/cle.md:6: categories[0]: found 'C\\x1b[31m\\u202e', expected " \
           "one of: A+, A, B, C" in out
    code, out, _ = run(capsys, "check", "--today", "2026-02-01", "--format", "github")
    lines = out.splitlines()
    assert len(lines) == 3 and all(line.startswith("::error file=content/offers/")
                                   for line in lines)
    assert "\x1b" not in out
    assert "file=content/offers/agent\\x1b]0;owned\\x07%0A%3A%3Aerror file=x.md%3A%3A" \
           "forged.md::" in out


@pytest.mark.parametrize("fmt", ["human", "json"])
def test_check_prints_through_a_stream_that_is_not_utf8(fixture_site, fmt):
    """A CI runner or a pipe with an ASCII locale: escapes, not a codec error (exit 2)."""
    fixture_site.offer("agent", title="Agent général", categories="[É]")
    env = {**os.environ, "PYTHONIOENCODING": "ascii"}
    run = subprocess.run([sys.executable, str(ROOT / "build.py"), "check", "--today",
                          "2026-02-01", "--format", fmt], cwd=fixture_site.root, env=env,
                         capture_output=True)
    assert run.returncode == 1, run.stderr
    assert run.stderr == b""
    if fmt == "json":
        assert json.loads(run.stdout)["problems"][0]["message"].startswith("found 'É'")
    else:
        assert run.stdout.startswith(b"content/offers/agent.md:6: categories[0]: found "
                                     b"'\\xc9', expected one of: A+, A, B, C")


def test_usage_errors_exit_2(fixture_site, capsys):
    with pytest.raises(SystemExit) as exc:
        main(["check", "--format", "xml"])
    assert exc.value.code == 2
    code, _, err = run(capsys, "check", "--today", "demain")
    assert code == 2 and "--today: found 'demain'" in err


# --- new ----------------------------------------------------------------------------

def test_new_offer_writes_a_valid_draft_and_never_overwrites(fixture_site, capsys):
    flags = ["new", "offer", "--today", "2026-02-01", "--title", "Agent d'accueil (F/H)",
             "--employer", "ville-b", "--deadline", "2026-03-01", "--category", "C",
             "--filiere", "administrative", "--email", "drh@bethune.example"]
    code, out, _ = run(capsys, *flags)
    assert code == 0
    path = fixture_site.content / "offers" / "agent-d-accueil-bethune.md"
    assert out == f"Wrote {path.relative_to(fixture_site.root)} (a draft: set draft: false " \
                  "to publish)\n"
    text = path.read_text(encoding="utf-8")
    assert "# yaml-language-server: $schema=../../docs/schema/offre.json" in text
    assert "# reference:" in text and "# interviews:" in text  # every field, commented
    code, _, _ = run(capsys, *flags)
    assert code == 0
    assert (fixture_site.content / "offers" / "agent-d-accueil-bethune-2.md").exists()
    assert path.read_text(encoding="utf-8") == text
    # The scaffold is valid content; once written and published it is listed.
    assert run(capsys, "check", "--today", "2026-02-01")[0] == 0
    (fixture_site.content / "offers" / "agent-d-accueil-bethune-2.md").unlink()
    head, _, _ = text.partition("---\n## Le contexte")
    path.write_text(head.replace("draft: true", "draft: false") + "---\nAccueillir le public.\n",
                    encoding="utf-8")
    assert fixture_site.build("2026-02-01") == 0
    assert titles(fixture_site.html("index.html")) == ["Agent d'accueil (F/H)"]


def test_new_offer_leaves_the_publication_date_to_git(fixture_site, capsys):
    flags = ["new", "offer", "--today", "2026-02-01", "--title", "Agent (F/H)", "--employer",
             "ville-b", "--deadline", "2026-03-01", "--category", "C", "--filiere",
             "administrative", "--email", "drh@bethune.example"]
    assert run(capsys, *flags)[0] == 0
    text = (fixture_site.content / "offers" / "agent-bethune.md").read_text(encoding="utf-8")
    assert "\npublished:" not in text
    assert "\n# published: 2026-01-05  # date de publication" in text  # commented example
    assert run(capsys, *flags, "--published", "15/02/2026")[0] == 0
    text = (fixture_site.content / "offers" / "agent-bethune-2.md").read_text(encoding="utf-8")
    assert "\npublished: 2026-02-15  #" in text


def test_new_offer_without_a_terminal_names_the_missing_flags(fixture_site, capsys):
    code, _, err = run(capsys, "new", "offer", "--title", "Agent")
    assert code == 2
    assert err == ("build.py new offer: missing --employer, --deadline, --category, --filiere, "
                   "--email\n")


def test_new_offer_asks_for_missing_values(fixture_site, capsys):
    from jobboard.cli import parse
    from jobboard.commands import new as scaffold
    args = parse(["new", "offer", "--today", "2026-02-01"])
    answers = iter(["Technicien (F/H)", "ville-z", "ville-a", "31/02/2026", "31/01/2026",
                    "31/03/2026", "D", "b", "Technique", "rh@aulnoy", "rh@aulnoy.example"])
    assert scaffold.run(args, ask=lambda question: next(answers)) == 0
    err = capsys.readouterr().err
    assert err == ("  employeur inconnu ; les plus proches : ville-a, ville-b (ou créez-le : "
                   "build.py new employer)\n"
                   "  le 31/02/2026 n'existe pas : vérifiez le jour et le mois\n"
                   "  la date limite 2026-01-31 est passée (aujourd'hui : 2026-02-01)\n"
                   "  attendu : A+, A, B, C\n"
                   "  attendu : une adresse comme drh@ville-exemple.fr\n")
    text = (fixture_site.content / "offers" / "technicien-aulnoy-lez-valenciennes.md").read_text()
    assert "deadline: 2026-03-31" in text and "categories: [B]" in text
    assert "filiere: technique" in text


def test_new_employer(fixture_site, capsys):
    code, out, _ = run(capsys, "new", "employer", "--name", "CCAS de Lens", "--kind", "ccas",
                       "--postal-code", "62300", "--city", "Lens", "--website",
                       "https://www.ccas-lens.example")
    assert code == 0
    text = (fixture_site.content / "employers" / "ccas-de-lens.yaml").read_text()
    assert 'departement: "62"' in text
    assert run(capsys, "check", "--today", "2026-02-01")[0] == 0


# --- closing early ---------------------------------------------------------------------

def test_an_offer_closed_early_is_closed_everywhere(fixture_site):
    fixture_site.offer("pourvue", deadline="2026-03-01", extra="closed: 2026-01-25\n")
    fixture_site.offer("ouverte", deadline="2026-03-01")
    assert fixture_site.build("2026-02-01") == 0
    page = fixture_site.html("offres/pourvue/index.html")
    assert "L'offre a été close le 25 janvier 2026, avant sa date limite." in \
        page.select_one(".banner-closed").get_text()
    assert page.find("script", type="application/ld+json") is None
    assert titles(fixture_site.html("index.html")) == ["Agent d'accueil (F/H)"]
    assert "offres/pourvue/" in fixture_site.read("archives/index.html")
    for name in ("flux.xml", "flux.atom", "flux.json", "indeed.xml", "offres.json", "offres.csv",
                 "echeances.ics", "categories/c/flux.xml"):
        assert "pourvue" not in fixture_site.read(name), name
    # the sitemap keeps it, lastmod on its closing day, so that crawlers reread the page
    # (issue 16; tests/test_aggregators.py has the rule)
    assert "<loc>https://emplois.example/offres/pourvue/</loc><lastmod>2026-01-25</lastmod>" \
        in fixture_site.read("sitemap.xml")


def test_closed_date_must_lie_between_publication_and_deadline(fixture_site, capsys):
    fixture_site.offer("x", deadline="2026-03-01", extra="closed: 2026-03-05\n")
    assert fixture_site.build("2026-02-01") == 1
    assert ("content/offers/x.md:12: closed: found 2026-03-05, expected a day between the "
            "publication (2026-01-05) and the deadline (2026-03-01)") in capsys.readouterr().err


# --- serve ------------------------------------------------------------------------------

def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def fetch(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=5) as r:
            return r.status, r.read().decode("utf-8")
    except urllib.error.HTTPError as e:
        return e.code, e.read().decode("utf-8")


def wait_for(url: str, predicate, timeout: float = 10.0) -> tuple[int, str]:
    deadline = time.monotonic() + timeout
    last = (0, "")
    while time.monotonic() < deadline:
        try:
            last = fetch(url)
            if predicate(*last):
                return last
        except OSError:
            pass
        time.sleep(0.1)
    raise AssertionError(f"{url} never matched; last answer: {last[0]} {last[1][:300]}")


def test_serve_rebuilds_and_reloads_on_change_and_recovers_from_errors(fixture_site):
    fixture_site.offer("agent", title="Agent d'accueil", deadline="2099-12-31")
    port = free_port()
    proc = subprocess.Popen([sys.executable, str(ROOT / "build.py"), "serve", "--port",
                             str(port)], cwd=fixture_site.root, stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT, text=True)
    url = f"http://127.0.0.1:{port}/"
    try:
        status, body = wait_for(url, lambda s, b: s == 200)
        assert "Agent d&#39;accueil" in body
        assert "livereload.js" in body  # the browser is told to reload on change

        started = time.monotonic()
        fixture_site.offer("agent", title="Agent d'accueil et de médiation", deadline="2099-12-31")
        wait_for(url, lambda s, b: "médiation" in b)
        assert time.monotonic() - started < 5

        fixture_site.offer("agent", title="Agent", deadline="2099-13-45")
        status, body = wait_for(url, lambda s, b: s == 500)
        assert "content/offers/agent.md:5: deadline: found &#x27;2099-13-45&#x27;" in body

        fixture_site.offer("agent", title="Agent réparé", deadline="2099-12-31")
        status, body = wait_for(url, lambda s, b: s == 200 and "Agent réparé" in b)
        assert fetch(url + "offres/agent/")[0] == 200
        assert fetch(url + "nulle-part/")[0] == 404
    finally:
        proc.terminate()
        output = proc.communicate(timeout=10)[0]
    assert "deadline: found '2099-13-45'" in output  # the terminal shows the error too


# --- integrations ---------------------------------------------------------------------

def test_integration_files_run_the_real_commands():
    import yaml
    hooks = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text())
    assert hooks[0]["id"] == "jobboard-check"
    assert hooks[0]["entry"].split()[1] == "check"
    github = yaml.safe_load((ROOT / "ci-templates" / "github-actions.yml").read_text())
    steps = github["jobs"]["build"]["steps"]
    assert steps[0]["with"]["fetch-depth"] == 0
    runs = [s.get("run") for s in steps if s.get("run")]
    assert "python build.py check --format github" in runs and "python build.py" in runs
    assert github[True]["schedule"]  # 'on' is YAML 1.1 true: a daily build closes offers
    gitlab = yaml.safe_load((ROOT / "ci-templates" / "gitlab-ci.yml").read_text())
    assert gitlab["variables"]["GIT_DEPTH"] == "0"
    assert gitlab["pages"]["script"][-1] == "python build.py --out public"
    # notify runs after the deployment, with the state kept before it
    assert github["jobs"]["notify"]["needs"] == "deploy"
    assert gitlab["notify"]["stage"] == ".post" and "needs" not in gitlab["notify"]
    assert gitlab["notify"]["script"] == ["python build.py notify --out public "
                                          "--previous previous.json"]
    # The hook's entry point exists.
    import tomllib
    scripts = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["scripts"]
    assert scripts["jobboard"] == "jobboard.cli:main"


def test_the_guides_annotated_example_is_valid_content(tmp_path, monkeypatch, capsys):
    import shutil
    guide = (ROOT / "content" / "README.md").read_text(encoding="utf-8")
    start = guide.index("```markdown\n", guide.index("## 3.")) + len("```markdown\n")
    example = guide[start:guide.index("\n```\n", start) + 1]
    shutil.copytree(ROOT / "content", tmp_path / "content")
    (tmp_path / "content" / "offers" / "exemple-du-guide.md").write_text(example, "utf-8")
    monkeypatch.chdir(tmp_path)
    code, out, _ = run(capsys, "check", "--today", "2026-11-21", "--format", "json")
    assert code == 0, out
    assert not [p for p in json.loads(out)["problems"]
                if p["file"].endswith("exemple-du-guide.md")]


def test_serve_shows_a_template_error_and_survives_it(tmp_path, fixture_site):
    import shutil
    templates = tmp_path / "templates"
    shutil.copytree(ROOT / "templates", templates)
    fixture_site.offer("agent", deadline="2099-12-31")
    from jobboard.commands.serve import Preview
    preview = Preview(fixture_site.content, fixture_site.out, templates=templates)
    preview.rebuild()
    assert preview.error is None
    (templates / "index.html").write_text("{% for %}")
    preview.rebuild()
    assert preview.error.startswith("templates/index.html:1: template error: ")  # cwd: tmp
    sent: list[str] = []
    page = b"".join(preview.app({"PATH_INFO": "/"}, lambda status, headers: sent.append(status)))
    assert sent == ["500 Internal Server Error"] and b"template error" in page
    # The last good state still serves the files that are not pages; nothing is written.
    data = b"".join(preview.app({"PATH_INFO": "/offres.json"}, lambda *a: sent.append(a[0])))
    assert sent[-1] == "200 OK" and b'"title"' in data
    assert not fixture_site.out.exists()
    shutil.copy(ROOT / "templates" / "index.html", templates / "index.html")
    preview.rebuild()
    assert preview.error is None
