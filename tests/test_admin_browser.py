"""The web editor at /admin/ end to end: Decap CMS in headless Chromium, against its local
backend (decap-server, in git mode, on a temporary copy of the repository).

An offer is written through the form, every widget used (text, relation, date pickers,
selects, lists, objects, a list of objects, a list of dates, numbers, a switch, a text
area, the Markdown editor), saved as a draft of the editorial workflow, then published;
the file must appear in content/offers/, pass `check` unchanged, and be listed by the
next build. Skipped where Chromium or decap-server are missing, except in CI.
"""

from __future__ import annotations

import contextlib
import functools
import http.server
import json
import os
import re
import shutil
import socket
import subprocess
import threading
import time
from datetime import date
from pathlib import Path

import pytest
import yaml
from bs4 import BeautifulSoup

from jobboard.build.pipeline import build_site
from jobboard.cli import main
from tests.conftest import ROOT, titles
from tests.test_browser import CHROMIUM, CHROMIUM_ARGS, paris_noon, require

pytestmark = pytest.mark.browser

DECAP_SERVER = ROOT / "tests" / "browser" / "node_modules" / "decap-server" / "dist" / "index.js"
TODAY = date(2026, 11, 21)
SLUG = "gestionnaire-paie-et-carrieres-f-h"


class _Handler(http.server.SimpleHTTPRequestHandler):
    extensions_map = {**http.server.SimpleHTTPRequestHandler.extensions_map,
                      ".js": "text/javascript", ".wasm": "application/wasm",
                      ".yml": "text/yaml"}

    def log_message(self, *args):
        pass


# Starting decap-server and publishing (a few git operations) take a second on a quiet machine;
# the loaded 2-core CI machine once took over 20 s. Polls, so a long bound costs nothing.
WAIT_SECONDS = 90


@contextlib.contextmanager
def serve(root: Path):
    server = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(_Handler, directory=str(root)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


GIT_ENV = {"GIT_AUTHOR_NAME": "Test", "GIT_AUTHOR_EMAIL": "test@emplois.example",
           "GIT_COMMITTER_NAME": "Test", "GIT_COMMITTER_EMAIL": "test@emplois.example",
           "GIT_AUTHOR_DATE": "2026-11-01T12:00:00+01:00",
           "GIT_COMMITTER_DATE": "2026-11-01T12:00:00+01:00"}


def git(repo: Path, *args: str) -> str:
    return subprocess.run(["git", *args], cwd=repo, check=True, capture_output=True, text=True,
                          env={**os.environ, **GIT_ENV}).stdout


@pytest.fixture
def editor(tmp_path):
    """The repository's content in a temporary git repository, its site built with the
    editor pointed at a decap-server on a free local port: (repo, site URL)."""
    require(CHROMIUM.exists(), "Debian's chromium (/usr/bin/chromium)")
    require(DECAP_SERVER.exists(), "decap-server (npm, tests/browser)")
    require(shutil.which("node") is not None, "node")
    repo = tmp_path / "repo"
    shutil.copytree(ROOT / "content", repo / "content")
    port = free_port()
    settings = repo / "content" / "site.yaml"
    settings.write_text(settings.read_text(encoding="utf-8")
                        + f"  local_backend: http://127.0.0.1:{port}/api/v1\n", "utf-8")
    git(repo, "init", "-q", "-b", "main")
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "Contenu de départ")
    build_site(repo / "content", tmp_path / "site", TODAY)
    log = (tmp_path / "decap-server.log").open("w")
    server = subprocess.Popen(
        ["node", str(DECAP_SERVER)], cwd=tmp_path, stdout=log, stderr=subprocess.STDOUT,
        env={**os.environ, **GIT_ENV, "PORT": str(port), "BIND_HOST": "127.0.0.1",
             "MODE": "git", "GIT_REPO_DIRECTORY": str(repo), "LOG_LEVEL": "info"})
    try:
        deadline = time.monotonic() + WAIT_SECONDS
        while "listening" not in (tmp_path / "decap-server.log").read_text():
            assert server.poll() is None and time.monotonic() < deadline, \
                (tmp_path / "decap-server.log").read_text()
            time.sleep(0.1)
        with serve(tmp_path / "site") as base:
            yield repo, base
    finally:
        server.terminate()
        server.wait(10)
        log.close()


@pytest.fixture
def context():
    """A Chromium context whose clock starts at noon in Paris on TODAY and then runs.

    Not frozen as in test_browser.PinnedBrowser: the editor's search boxes wait for a
    pause in typing (lodash debounce reads Date.now()), which never ends on a clock that
    does not move."""
    playwright = pytest.importorskip("playwright.sync_api")
    with playwright.sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        context = b.new_context(viewport={"width": 1280, "height": 900}, locale="fr-FR")
        context.clock.install(time=paris_noon(TODAY))
        yield context
        b.close()


WATCH = """
window.__violations = [];
document.addEventListener('securitypolicyviolation',
  e => window.__violations.push(e.violatedDirective + ' ' + e.blockedURI));
"""


class Form:
    """The entry form: fields found by their French label, as an editor finds them."""

    def __init__(self, page):
        self.page = page

    def field(self, label: str, n: int = 0):
        exact = re.compile(f"^{re.escape(label)}( \\(optionnel\\))?$")
        target = self.page.locator("label").filter(has_text=exact).nth(n).get_attribute("for")
        return self.page.locator(f'[id="{target}"]')

    def text(self, label: str, value: str, n: int = 0) -> None:
        self.field(label, n).fill(value)

    def choose(self, label: str, *options: str, n: int = 0) -> None:
        """A select list or a relation (react-select): type, then pick the option."""
        box = self.field(label, n)
        for option in options:
            box.click()
            box.fill(option)
            self.page.get_by_role("option", name=option, exact=True).click()

    def add(self, label: str) -> None:
        """Add an item to a list of objects or of dates ("Ajouter …")."""
        container = self.field(label)
        container.get_by_role("button", name="Ajouter").first.click()


def watched_page(context):
    """A page that records script errors, console lines and policy violations."""
    page = context.new_page()
    page.add_init_script(WATCH)
    page.errors, page.console = [], []
    page.on("pageerror", lambda e: page.errors.append(str(e)))
    page.on("console", lambda m: page.console.append(f"{m.type}: {m.text}"))
    page.on("dialog", lambda d: d.accept())
    return page


def clean(page) -> None:
    assert page.evaluate("window.__violations") == []
    assert page.errors == []


@contextlib.contextmanager
def evidence(page, folder: Path):
    """On failure, keep a screenshot and the console next to the test's files."""
    try:
        yield
    except Exception:
        page.screenshot(path=str(folder / "admin.png"), full_page=True)
        (folder / "console.txt").write_text("\n".join(page.console), encoding="utf-8")
        raise


def on_main(repo: Path, path: Path) -> bool:
    listed = git(repo, "ls-tree", "--name-only", "main", "--", str(path.relative_to(repo)))
    return bool(listed.strip())


def save_draft_then_publish(page, repo: Path, path: Path) -> None:
    page.get_by_role("button", name="Enregistrer").click()
    # Saved: the editorial workflow's status menu appears.
    page.get_by_role("button", name="Statut").wait_for()
    # A draft: on a branch of its own (cms/...), not on main yet.
    assert not on_main(repo, path)
    assert any(b.strip(" *").startswith("cms/") for b in git(repo, "branch").splitlines())
    publish(page, repo, lambda: on_main(repo, path) and path.exists())


def publish(page, repo: Path, published) -> None:
    """Mark the saved entry ready, publish it, and wait until `published()` holds with
    the repository back on main."""
    page.get_by_role("button", name="Statut").click()
    page.get_by_role("menuitem", name="Prêt").click()
    page.get_by_role("button", name="Publier").click()
    page.get_by_role("menuitem", name="Publier maintenant").click()
    deadline = time.monotonic() + WAIT_SECONDS
    while not (published() and git(repo, "branch", "--show-current").strip() == "main"):
        assert time.monotonic() < deadline, git(repo, "log", "--all", "--oneline")
        time.sleep(0.2)


def check_errors(repo: Path, capsys) -> list[dict]:
    """`build.py check` on the repository: its errors (warnings are advice)."""
    code = main(["check", "--today", TODAY.isoformat(), "--format", "json"])
    problems = json.loads(capsys.readouterr().out)["problems"]
    errors = [p for p in problems if p["severity"] == "error"]
    assert (code == 0) == (errors == [])
    return errors


def sign_in(page, base: str) -> None:
    page.goto(f"{base}/admin/")
    page.get_by_role("button", name="Se connecter").click()
    page.get_by_role("link", name="Offres d'emploi").first.wait_for()


def test_an_offer_written_in_the_web_editor_passes_check_and_is_published(
        editor, context, tmp_path, monkeypatch, capsys):
    repo, base = editor
    page = watched_page(context)
    with evidence(page, tmp_path):
        sign_in(page, base)
        page.goto(f"{base}/admin/#/collections/offres/new")
        form = Form(page)
        form.field("Intitulé").wait_for()

        form.text("Intitulé", "Gestionnaire paie et carrières (F/H)")
        form.choose("Employeurs", "Ville de Douai", "Ville de Valenciennes")
        form.text("Référence", "DRH-2026-42")
        form.text("Date limite de candidature", "2026-12-31")
        form.text("Prise de poste", "Dès que possible")
        form.choose("Catégories", "Catégorie B", "Catégorie C")
        form.text("Cadres d'emplois", "Rédacteurs territoriaux, Adjoints administratifs")
        form.choose("Filière", "Administrative")
        form.text("Service", "Direction des ressources humaines")
        form.choose("Type", "Emploi permanent")
        form.choose("Voies de recrutement", "Mutation", "Contractuel")
        form.text("Fondement du recrutement contractuel", "L332-8 2°")
        form.choose("Temps de travail", "Temps complet", n=1)
        form.text("Heures par semaine", "37.5")
        form.text("Minimum", "2100")
        form.choose("Période", "Mois")
        form.text("Nom du lieu", "Hôtel de ville")
        form.text("Code postal", "59500")
        form.text("Commune", "Douai")
        form.add("Contacts")
        contacts = form.field("Contacts")
        contacts.locator('input[id^="name-field"]').fill("Muriel Duthoit")
        contacts.locator('input[id^="phone-field"]').fill("03 27 00 00 00")
        form.text("Courriel de candidature", "drh@ville-douai.example")
        form.text("Adresse postale", "Monsieur le Maire\nHôtel de ville\n59500 Douai")
        form.text("Pièces à joindre", "CV, Lettre de motivation")
        form.add("Dates d'entretien")
        form.field("Dates d'entretien").locator('input[type="date"]').fill("2027-01-12")
        form.text("Thèmes", "Ressources humaines")
        body = page.locator('[aria-label="markdown field"]')
        body.get_by_role("switch").click()  # from rich text to Markdown
        body.get_by_role("textbox").click()
        page.keyboard.type("## Vos missions\n\n- Préparer la paie ;\n- Suivre les carrières.\n\n"
                           "Voir [la fiche métier](https://www.cnfpt.fr/).")
        path = repo / "content" / "offers" / f"{SLUG}.md"
        save_draft_then_publish(page, repo, path)
        clean(page)

    text = path.read_text(encoding="utf-8")
    front = yaml.safe_load(text.split("---\n")[1])
    assert front["employers"] == ["ville-de-douai", "ville-de-valenciennes"]
    assert front["categories"] == ["B", "C"]
    assert str(front["deadline"]) == "2026-12-31"
    assert front["contacts"] == [{"name": "Muriel Duthoit", "phone": "03 27 00 00 00"}]
    assert "## Vos missions" in text
    monkeypatch.chdir(repo)
    assert check_errors(repo, capsys) == [], text
    assert main(["--today", TODAY.isoformat(), "--out", str(tmp_path / "next")]) == 0
    listed = titles(BeautifulSoup((tmp_path / "next" / "index.html").read_text(encoding="utf-8"),
                                  "html.parser"))
    assert "Gestionnaire paie et carrières (F/H)" in listed
    assert (tmp_path / "next" / "offres" / SLUG / "index.html").is_file()


LOGO = (b'<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10">'
        b'<rect width="10" height="10"/></svg>')


def test_an_employer_written_in_the_web_editor_with_its_logo_passes_check(
        editor, context, tmp_path, monkeypatch, capsys):
    repo, base = editor
    page = watched_page(context)
    (tmp_path / "logo-lens.svg").write_bytes(LOGO)
    path = repo / "content" / "employers" / "ville-de-lens.yaml"
    with evidence(page, tmp_path):
        sign_in(page, base)
        page.goto(f"{base}/admin/#/collections/employeurs/new")
        form = Form(page)
        form.field("Nom").wait_for()
        form.text("Nom", "Ville de Lens")
        form.choose("Type d'employeur", "Commune")
        form.text("Voie", "Place Jean-Jaurès")
        form.text("Code postal", "62300")
        form.text("Commune", "Lens")
        form.choose("Département", "Pas-de-Calais")
        form.text("Site internet", "https://www.villedelens.example")
        form.text("Présentation", "Ville du bassin minier.\nPréfecture sportive.")
        page.get_by_role("button", name="Choisir une image").click()
        page.locator('input[type="file"]').set_input_files(str(tmp_path / "logo-lens.svg"))
        page.get_by_role("button", name="Choisir les éléments sélectionnés").click()
        page.get_by_role("button", name="Supprimer l'image").wait_for()
        save_draft_then_publish(page, repo, path)
        clean(page)
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert data["kind"] == "commune" and data["departement"] == "62"
    assert data["logo"] == "logos/logo-lens.svg"
    assert (repo / "content" / "employers" / "logos" / "logo-lens.svg").read_bytes() == LOGO
    monkeypatch.chdir(repo)
    assert check_errors(repo, capsys) == [], path.read_text(encoding="utf-8")


def test_an_existing_offer_edited_in_the_web_editor_keeps_its_fields_and_text(
        editor, context, tmp_path, monkeypatch, capsys):
    """Decap rewrites the whole front matter when it saves: every field of a rich sample
    offer must come back as the validator reads it, and the text untouched."""
    repo, base = editor
    slug = "charge-de-mission-cite-educative-douai"
    path = repo / "content" / "offers" / f"{slug}.md"
    before = path.read_text(encoding="utf-8")
    page = watched_page(context)
    with evidence(page, tmp_path):
        sign_in(page, base)
        page.goto(f"{base}/admin/#/collections/offres/entries/{slug}")
        form = Form(page)
        form.field("Date limite de candidature").wait_for()
        form.text("Date limite de candidature", "2026-12-31")
        page.get_by_role("button", name="Enregistrer").click()
        page.get_by_role("button", name="Statut").wait_for()
        publish(page, repo,
                lambda: "2026-12-31" in git(repo, "show", f"main:content/offers/{slug}.md"))
        clean(page)
    after = path.read_text(encoding="utf-8")
    head_before, _, body_before = before.partition("\n---\n")
    head_after, _, body_after = after.partition("\n---\n")
    assert body_after == body_before
    old, new = yaml.safe_load(head_before[4:]), yaml.safe_load(head_after[4:])
    assert str(new.pop("deadline")) == "2026-12-31"
    old.pop("deadline")
    new.pop("draft", None)  # the switch's default, false, is written
    assert new == old
    monkeypatch.chdir(repo)
    assert check_errors(repo, capsys) == [], after


def test_an_offer_with_only_the_required_fields_saves_and_passes_check(
        editor, context, tmp_path, monkeypatch, capsys):
    """The optional objects (working time, pay, location…) left empty are not written, and
    their own required fields (working_time.type) do not block the save."""
    repo, base = editor
    path = repo / "content" / "offers" / "agent-daccueil-f-h.md"  # Decap drops apostrophes
    page = watched_page(context)
    with evidence(page, tmp_path):
        sign_in(page, base)
        page.goto(f"{base}/admin/#/collections/offres/new")
        form = Form(page)
        form.field("Intitulé").wait_for()
        form.text("Intitulé", "Agent d'accueil (F/H)")
        form.choose("Employeurs", "Ville de Roubaix")
        form.text("Date limite de candidature", "2026-12-15")
        form.choose("Catégories", "Catégorie C")
        form.choose("Filière", "Administrative")
        form.choose("Type", "Emploi non permanent")
        form.text("Courriel de candidature", "rh@ville-roubaix.example")
        body = page.locator('[aria-label="markdown field"]')
        body.get_by_role("textbox").click()
        page.keyboard.type("Accueillir le public de la mairie.")
        save_draft_then_publish(page, repo, path)
        clean(page)
    text = path.read_text(encoding="utf-8")
    front = yaml.safe_load(text.split("---\n")[1])
    assert set(front) == {"title", "employers", "deadline", "categories", "filiere",
                          "employment", "apply", "draft"}, text
    monkeypatch.chdir(repo)
    assert check_errors(repo, capsys) == [], text
