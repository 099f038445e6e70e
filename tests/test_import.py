"""`build.py import`: postings in every format become draft offers an editor can finish.

The postings in tests/fixtures/import/ are our own, in the layouts employers
use; the .docx and .pdf ones are written by tests/import_helpers.py. The seed
test runs only where ../shared/seeds/ exists.
"""

from __future__ import annotations

import shutil
import sys
from datetime import date
from pathlib import Path

import pytest
import yaml

from jobboard.cli import main
from jobboard.importer.employers import load_employers, match_employers
from jobboard.importer.extract import Line
from jobboard.importer.facts import find_deadline
from jobboard.importer.french_dates import parse_french_date
from jobboard.importer.posting import Posting
from tests.conftest import ROOT
from tests.import_helpers import write_docx, write_pdf

FIXTURES = ROOT / "tests" / "fixtures" / "import"
# ../shared/seeds/ next to the repository (or two levels up, from a worktree).
SEEDS = next((p for p in (ROOT.parent / "shared" / "seeds", ROOT.parent.parent / "shared" / "seeds")
              if p.is_dir()), ROOT.parent / "shared" / "seeds")


def run(capsys, *argv) -> tuple[int, str, str]:
    code = main(list(argv))
    out = capsys.readouterr()
    return code, out.out, out.err


def imported(fixture_site, capsys, source: Path, *flags) -> tuple[dict, str, str, Path]:
    """Import one posting: (front matter, body, stdout, path written)."""
    code, out, err = run(capsys, "import", str(source), *flags)
    assert code == 0, err
    path = fixture_site.root / out.split("Wrote ", 1)[1].split(" (a draft")[0]
    text = path.read_text(encoding="utf-8")
    front, body = text.removeprefix("---\n").split("\n---\n", 1)
    return yaml.safe_load(front), body, out, path


def posting(text: str) -> Posting:
    return Posting([Line(t) for t in text.split("\n")])


# --- French dates -------------------------------------------------------------------

@pytest.mark.parametrize("text, expected", [
    ("avant le 11 Février 2026", date(2026, 2, 11)),
    ("Date limite de candidature : 17/02/2025", date(2025, 2, 17)),
    ("DATE BUTOIR : 28/09/2025", date(2025, 9, 28)),
    ("22 février 2026", date(2026, 2, 22)),
    ("22 fevrier 2026", date(2026, 2, 22)),
    ("22 FÉVRIER 2026", date(2026, 2, 22)),
    ("Poste à pourvoir pour le 1er mai 2021", date(2021, 5, 1)),
    ("le 1 er août 2026", date(2026, 8, 1)),
    ("mardi 3 déc. 2026", date(2026, 12, 3)),
    ("17.02.25", date(2025, 2, 17)),
    ("17-02-2025", date(2025, 2, 17)),
    ("5/3/2026", date(2026, 3, 5)),
])
def test_french_dates_in_every_form(text, expected):
    assert parse_french_date(text) == expected


@pytest.mark.parametrize("text", ["31/02/2026", "le 15 mars", "35h/semaine", ""])
def test_what_is_not_a_date(text):
    assert parse_french_date(text) is None


@pytest.mark.parametrize("text, expected", [
    ("Les candidatures sont à adresser à la DRH avant le 11 Février 2026", date(2026, 2, 11)),
    ("Date limite de candidature : 17/02/2025", date(2025, 2, 17)),
    ("POUR POSTULER (CV)\nDATE BUTOIR : 28/09/2025   ENTRETIENS : 10/10/2025",
     date(2025, 9, 28)),
    ("Date limite de candidature : 22 février 2026", date(2026, 2, 22)),
    ("Fin de candidature 28/09/2025", date(2025, 9, 28)),
    ("veuillez adresser votre candidature avant le \n26/03/2021 à Monsieur le Maire",
     date(2021, 3, 26)),
])
def test_deadline_in_all_its_french_forms(text, expected):
    assert find_deadline(posting(text))["deadline"].value == expected


def test_a_deadline_without_a_year_is_not_guessed():
    found = find_deadline(posting("Date limite : 15 mars"))["deadline"]
    assert found.value is None and "« 15 mars » sans année" in found.note


def test_before_a_date_is_not_a_deadline_outside_the_application_sentence():
    assert find_deadline(posting("Le centre a ouvert avant le 1er janvier 2020.")) == {}


# --- Employers ----------------------------------------------------------------------

@pytest.mark.parametrize("text, slugs", [
    ("La CU de Dunkerque recrute", ["communaute-urbaine-de-dunkerque"]),
    ("COMMUNAUTE URBAINE DE DUNKERQUE", ["communaute-urbaine-de-dunkerque"]),
    ("La Mairie de Douai recrute", ["ville-de-douai"]),
    ("Commune de Roubaix", ["ville-de-roubaix"]),
    ("Les Villes de VALENCIENNES et d'ANZIN recrutent",
     ["ville-de-valenciennes", "ville-d-anzin"]),
    ("La Ville de Lens recrute", []),
])
def test_employers_are_matched_by_the_names_postings_use(text, slugs):
    employers = load_employers(ROOT / "content")
    assert sorted(match_employers(text, employers).slugs) == sorted(slugs)


# --- Layouts --------------------------------------------------------------------------

def test_emploi_territorial_layout(fixture_site, capsys):
    front, body, out, path = imported(fixture_site, capsys, FIXTURES / "emploi-territorial.txt")
    assert path.name == "gestionnaire-des-assemblees-et-du-courrier-bethune.md"
    assert front["title"] == "Gestionnaire des assemblées et du courrier (F/H)"
    assert front["employers"] == ["ville-b"]  # "Mairie de Béthune" is "Ville de Béthune"
    assert front["reference"] == "O062260100987654"
    assert (front["published"], front["deadline"], front["start"]) == (
        date(2026, 1, 5), date(2026, 2, 15), date(2026, 4, 1))
    assert front["categories"] == ["C"]  # from the grades: adjoints administratifs
    assert front["grades"] == ["Adjoint administratif",
                               "Adjoint administratif principal de 2e classe"]
    assert front["filiere"] == "administrative"
    assert front["employment"] == {"type": "permanent"}
    assert front["recruitment"] == {"routes": ["contractuel"], "contract_basis": "L332-14"}
    assert front["working_time"] == {"type": "full-time", "weekly_hours": 35}
    assert "remote_work" not in front  # "Télétravail : Non"
    assert front["apply"]["email"] == "recrutement@bethune.example"
    assert front["apply"]["url"] == "https://www.bethune.example/emplois"
    assert front["location"] == {"name": "Hôtel de ville", "postal_code": "62400",
                                 "city": "Béthune"}
    assert front["draft"] is True
    assert "## Missions ou activités\n\n- Préparer les ordres du jour" in body
    assert "## Profils recherchés" in body
    # Header facts went to the front matter, not the body.
    assert "Date limite de candidature" not in body and "Grade(s)" not in body
    # Catégorie and filière follow from the grades, Béthune is a known commune: sure.
    assert out.splitlines()[1:] == ["    to check: contacts"], out
    assert front["contacts"] == [{"role": "Standard de l'employeur", "phone": "03 21 00 00 00"}]
    # Every required field found: the draft is valid content as it is.
    assert run(capsys, "check", "--today", "2026-01-10")[0] == 0


def test_part_time_categorie_c(fixture_site, capsys):
    front, body, _, path = imported(fixture_site, capsys,
                                    FIXTURES / "temps-non-complet-categorie-c.txt")
    assert path.name == "agent-d-animation-periscolaire-aulnoy-lez-valenciennes.md"
    assert front["title"] == "Agent d'animation périscolaire (F/H)"
    assert front["employers"] == ["ville-a"]  # "COMMUNE D'AULNOY-LEZ-VALENCIENNES"
    assert front["categories"] == ["C"] and front["filiere"] == "animation"
    assert front["cadres"] == ["Adjoints territoriaux d'animation"]
    assert front["working_time"] == {"type": "part-time", "weekly_hours": 24}
    assert front["employment"] == {"type": "temporary", "duration": "1 an"}
    assert front["pay"] == {"text": "Selon la grille des adjoints d'animation", "min": 12.5,
                            "max": 12.5, "unit": "hour"}
    assert front["contacts"] == [{"name": "Mme Claire Vandamme",
                                  "role": "responsable du service enfance",
                                  "phone": "03 27 00 11 22"}]
    assert front["apply"]["address"] == ("Monsieur le Maire\nHôtel de ville, 1 place de la "
                                         "Mairie\n59300 Aulnoy-lez-Valenciennes\n")
    assert front["apply"]["documents"] == ["CV", "Lettre de motivation"]
    # "avant le 1er février 2026" in a sentence: taken, and flagged for a look.
    assert "# À vérifier : lu dans « avant le 1er février 2026 »\ndeadline: 2026-02-01" in \
        path.read_text(encoding="utf-8")
    # A bullet hard-wrapped by the source is one list item again.
    assert "- Veiller à la sécurité des enfants et au respect des règles d'hygiène.\n" in body
    assert "## Vos missions" in body and "## Votre profil" in body


def test_all_caps_title(fixture_site, capsys):
    front, body, _, path = imported(fixture_site, capsys, FIXTURES / "titre-en-capitales.txt")
    assert front["title"] == "Agent de médiathèque - section jeunesse (F/H)"
    text = path.read_text(encoding="utf-8")
    assert "# À vérifier : intitulé écrit en capitales dans l'annonce : vérifiez les " \
           "majuscules\ntitle:" in text
    assert front["categories"] == ["C"] and front["filiere"] == "culturelle"
    assert body.startswith("## Le poste\n\n")
    assert "## Missions\n\n- Accueillir, inscrire et conseiller les lecteurs ;" in body
    assert "## Profil" in body and "## Candidature" in body


def test_no_stated_categorie_is_deduced_from_the_cadre(fixture_site, capsys):
    front, body, _, path = imported(fixture_site, capsys, FIXTURES / "sans-categorie.txt")
    assert front["title"] == "Technicien bâtiment (F/H)"
    assert front["categories"] == ["B"] and front["filiere"] == "technique"
    text = path.read_text(encoding="utf-8")
    assert "# À vérifier : déduite du cadre d'emplois (Techniciens territoriaux → B)\n" \
           "categories: [B]" in text
    assert front["recruitment"]["routes"] == ["mutation", "detachement", "contractuel"]
    assert front["working_time"] == {"type": "full-time", "weekly_hours": 37.5}
    # The contact's address is the contact's; applications go to the DRH.
    assert front["contacts"][0]["email"] == "paul.lefebvre@aulnoy.example"
    assert front["apply"]["email"] == "drh@aulnoy.example"
    assert "## Missions\n\n1. Suivre les travaux" in body
    assert "## Profil\n\n- BTS ou DUT" in body


def test_web_page_without_its_navigation_footer_and_cookie_banner(fixture_site, capsys):
    front, body, _, _ = imported(fixture_site, capsys, FIXTURES / "page-web.html")
    assert front["title"] == "Éducateur des activités physiques et sportives (F/H)"
    assert front["employers"] == ["ville-b"]  # named in the page's <title> only
    assert front["categories"] == ["B"] and front["deadline"] == date(2026, 3, 12)
    assert front["filiere"] == "sportive"
    assert front["apply"]["email"] == "sports@bethune.example"
    assert "recruitment" not in front  # "Titulaire du BEESAN" is a diploma, not a route
    assert body.startswith("## Vos missions\n\n- Encadrer les séances de natation scolaire ;\n")
    assert "  - stages multisports ;\n  - tournois de quartier." in body  # nested list kept
    for noise in ("Culture", "Accueil >", "Partager", "cookies", "Mentions légales", "tracker"):
        assert noise not in body


def test_word_file(fixture_site, capsys, tmp_path):
    source = write_docx(tmp_path / "annonce.docx", [
        ("title", "Assistant de gestion financière (F/H)"),
        ("p", "Ville de Béthune – Catégorie B – Cadre d'emplois des rédacteurs territoriaux"),
        ("p", "Date limite de candidature : 10 mars 2026"),
        ("h2", "Missions"),
        ("bullet", "Préparer le budget primitif et les décisions modificatives ;"),
        ("bullet", "Suivre l'exécution des dépenses et des recettes."),
        ("h2", "Profil"),
        ("bullet", "Connaissance de la comptabilité publique (M57)."),
        ("p", "Candidatures (CV et lettre de motivation) à finances@bethune.example"),
    ])
    front, body, _, _ = imported(fixture_site, capsys, source)
    assert front["title"] == "Assistant de gestion financière (F/H)"
    assert front["employers"] == ["ville-b"] and front["categories"] == ["B"]
    assert front["deadline"] == date(2026, 3, 10) and front["filiere"] == "administrative"
    assert front["apply"]["email"] == "finances@bethune.example"
    assert "## Missions\n\n- Préparer le budget primitif et les décisions modificatives ;\n" \
           "- Suivre l'exécution des dépenses et des recettes.\n\n## Profil" in body


def test_pdf(fixture_site, capsys, tmp_path):
    source = write_pdf(tmp_path / "annonce.pdf", [
        "Chargé d'accueil et d'état civil (F/H)",
        "La Ville d'Aulnoy-lez-Valenciennes recrute un adjoint administratif",
        "Catégorie C",
        "Date limite de candidature : 1er avril 2026",
        "Missions :",
        "• Accueillir le public et orienter les usagers vers les",
        "services compétents ;",
        "• Établir les actes d'état civil.",
        "Candidatures à adresser à accueil@aulnoy.example",
    ])
    front, body, _, _ = imported(fixture_site, capsys, source)
    assert front["title"] == "Chargé d'accueil et d'état civil (F/H)"
    assert front["employers"] == ["ville-a"] and front["categories"] == ["C"]
    assert front["deadline"] == date(2026, 4, 1)
    assert front["apply"]["email"] == "accueil@aulnoy.example"
    assert "## Missions\n\n- Accueillir le public et orienter les usagers vers les services " \
           "compétents ;\n- Établir les actes d'état civil." in body


# --- Missing fields, no overwrite, bad input ---------------------------------------

def test_a_missing_required_field_is_commented_and_check_names_it(fixture_site, capsys,
                                                                 tmp_path):
    source = tmp_path / "sans-date.txt"
    source.write_text("Agent d'entretien (F/H)\nVille de Béthune\nCatégorie C - filière "
                      "technique\nCandidatures à rh@bethune.example\n", encoding="utf-8")
    front, _, out, path = imported(fixture_site, capsys, source)
    assert "deadline" not in front
    assert "    not found: deadline" in out
    text = path.read_text(encoding="utf-8")
    assert ("# Non trouvé dans l'annonce : la date limite de candidature ; écrivez-la au "
            "format AAAA-MM-JJ\n# deadline: 2026-02-28") in text
    assert "# published:" in text and "\npublished:" not in text  # no date from the clock
    code, out, _ = run(capsys, "check", "--today", "2026-01-10")
    assert code == 1
    assert f"{path.relative_to(fixture_site.root)}: deadline: missing required field" in out


def test_an_existing_offer_is_never_overwritten(fixture_site, capsys):
    source = FIXTURES / "sans-categorie.txt"
    existing = fixture_site.write("offers/technicien-batiment-aulnoy-lez-valenciennes.md",
                                  "mon offre\n")
    code, out, _ = run(capsys, "import", str(source))
    assert code == 0
    assert out.startswith("Wrote content/offers/technicien-batiment-aulnoy-lez-valenciennes-2.md")
    # The same posting again is a duplicate of the offer just written: reported, not written.
    code, out, _ = run(capsys, "import", str(source))
    assert code == 0 and out.startswith(
        f"Skipped {source}: already on the board as "
        "content/offers/technicien-batiment-aulnoy-lez-valenciennes-2.md (same title, "
        "employer and deadline (2026-03-20)); use --force to import it again")
    code, out, _ = run(capsys, "import", str(source), "--force")
    assert out.startswith("Wrote content/offers/technicien-batiment-aulnoy-lez-valenciennes-3.md")
    assert existing.read_text() == "mon offre\n"


def test_importing_twice_gives_the_same_file(fixture_site, capsys):
    _, _, _, first = imported(fixture_site, capsys, FIXTURES / "emploi-territorial.txt")
    _, _, _, second = imported(fixture_site, capsys, FIXTURES / "emploi-territorial.txt",
                               "--force")
    assert first.read_bytes() == second.read_bytes()


def test_empty_unreadable_and_unsupported_files(fixture_site, capsys, tmp_path):
    (tmp_path / "vide.txt").write_text("  \n\n", encoding="utf-8")
    (tmp_path / "casse.pdf").write_bytes(b"%PDF-1.4 ceci n'est pas un PDF")
    (tmp_path / "casse.docx").write_bytes(b"pas un fichier Word")
    (tmp_path / "notes.odt").write_bytes(b"x")
    for name, message in [
        ("vide.txt", "the file is empty"),
        ("casse.pdf", "cannot read this PDF"),
        ("casse.docx", "cannot read this Word file (BadZipFile); save it again as .docx, or "
                       "as .txt"),
        ("notes.odt", "unsupported file type '.odt', expected one of: .txt, .md, .docx, .pdf, "
                      ".html, .htm"),
    ]:
        code, out, err = run(capsys, "import", str(tmp_path / name))
        assert code == 1 and out == ""
        assert err.startswith(f"{tmp_path / name}: {message}")
        assert err.endswith("; nothing written\n1 file not imported.\n")
    code, _, err = run(capsys, "import", str(tmp_path / "absent.txt"))
    assert code == 1 and f"{tmp_path / 'absent.txt'}: no such file or folder" in err
    assert not (fixture_site.content / "offers").exists()


def test_a_folder_imports_every_posting_and_reports_every_problem(fixture_site, capsys,
                                                                  tmp_path):
    folder = tmp_path / "annonces"
    folder.mkdir()
    shutil.copy(FIXTURES / "sans-categorie.txt", folder / "b.txt")
    shutil.copy(FIXTURES / "titre-en-capitales.txt", folder / "a.txt")
    (folder / "c.txt").write_text("", encoding="utf-8")
    (folder / "README.odt").write_bytes(b"ignored: not a posting type")
    code, out, err = run(capsys, "import", str(folder))
    assert code == 1
    written = [line.split(" ")[1] for line in out.splitlines() if line.startswith("Wrote")]
    assert written == ["content/offers/agent-de-mediatheque-section-jeunesse-bethune.md",
                       "content/offers/technicien-batiment-aulnoy-lez-valenciennes.md"]
    assert err == f"{folder / 'c.txt'}: the file is empty; nothing written\n" \
                  "1 file not imported.\n"


def test_employer_option(fixture_site, capsys):
    front, _, _, _ = imported(fixture_site, capsys, FIXTURES / "titre-en-capitales.txt",
                              "--employer", "ville-a")
    assert front["employers"] == ["ville-a"]
    code, out, err = run(capsys, "import", str(FIXTURES / "titre-en-capitales.txt"),
                         "--employer", "vile-a")
    assert code == 2 and out == ""
    assert err == ("build.py import: unknown employer 'vile-a'; did you mean 'ville-a'? "
                   "known: ville-a, ville-b\n")


# --- The seeds ----------------------------------------------------------------------

def _accuracy():
    import importlib.util
    spec = importlib.util.spec_from_file_location("accuracy",
                                                  ROOT / "benchmarks" / "import_accuracy.py")
    accuracy = importlib.util.module_from_spec(spec)
    sys.modules["accuracy"] = accuracy  # its dataclasses look their module up
    spec.loader.exec_module(accuracy)
    return accuracy


@pytest.mark.skipif(not SEEDS.is_dir(), reason="../shared/seeds/ is absent")
def test_the_seeds_fields_match_the_sample_offers(tmp_path, monkeypatch, capsys):
    report = _accuracy().measure_seeds(SEEDS)
    assert report.files == 5
    for field in ("title", "employers", "categories", "deadline", "filiere", "grades"):
        count = report.counts[field]
        assert count.correct == count.stated, report.mismatches
    # Nothing wrong at all on the seeds; what is missing is left commented.
    assert sum(c.wrong for c in report.counts.values()) == 0, report.mismatches
    # Each draft is valid content as it is (checked on a day before the deadlines).
    shutil.copytree(ROOT / "content", tmp_path / "content",
                    ignore=shutil.ignore_patterns("offers"))
    monkeypatch.chdir(tmp_path)
    assert run(capsys, "import", str(SEEDS))[0] == 0
    assert len(list((tmp_path / "content" / "offers").glob("*.md"))) == 5
    code, out, _ = run(capsys, "check", "--today", "2021-01-04")
    assert code == 0, out
