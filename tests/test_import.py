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
from tests.conftest import EMPLOYERS, ROOT
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
    path = fixture_site.root / next(line for line in out.splitlines()
                                    if line.endswith("(a draft: set draft: false to publish)")
                                    ).removeprefix("Wrote ").split(" (a draft")[0]
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
    assert front["job_family"] == "Affaires générales"  # "Famille de métier : …"
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


# --- Issue 14: every layout, statutes as data, never a wrong value ------------------

POSTINGS = ROOT / "tests" / "fixtures" / "postings"
POSTING_FILES = sorted(p for p in POSTINGS.glob("*/*") if p.suffix in (".txt", ".html", ".pdf"))


def facts(text: str, employers=()) -> dict:
    """The fields found in a posting written as plain lines (one-line layout cut)."""
    from jobboard.importer.fields import extract
    from jobboard.importer.posting import split_inline_labels
    p = Posting(split_inline_labels([Line(t) for t in text.split("\n")]))
    return extract(p, list(employers))


def test_every_layout_has_test_postings():
    layouts = {p.parent.name for p in POSTING_FILES}
    assert layouts == {"emploi-territorial", "etat-talentsoft", "ats", "employeur", "pdf"}
    assert all(p.with_suffix(".expected.yaml").is_file() for p in POSTING_FILES)


@pytest.mark.parametrize("source", POSTING_FILES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_each_layout_reads_what_the_posting_states(source, tmp_path):
    """Every fact of issue 14 the posting states is read right, and none it does not state
    is invented, but for the gaps its expected file names (each flagged or left empty)."""
    accuracy = _accuracy()
    expected = yaml.safe_load(source.with_suffix(".expected.yaml").read_text(encoding="utf-8"))
    gaps = expected.pop("_known_gaps", {})
    shutil.copytree(ROOT / "content" / "employers", tmp_path / "content" / "employers")
    from jobboard.importer import import_file
    result = import_file(source, tmp_path / "content",
                         load_employers(tmp_path / "content"))
    report = accuracy.Report()
    report.add(source.name, expected, accuracy.front_matter(result.text), result.unsure)
    wrong = [m for m in report.mismatches if m.split(": ")[1] not in gaps]
    assert wrong == []
    assert all(c.unflagged == 0 for c in report.counts.values()), report.mismatches


def test_no_wrong_value_is_ever_written_without_a_flag():
    """On the seeds and on every test posting: a value that differs from the posting
    always carries « À vérifier » (the accuracy script's 'wrong unflagged' is 0)."""
    accuracy = _accuracy()
    reports = [accuracy.measure_postings(folder) for folder in sorted(POSTINGS.iterdir())
               if folder.is_dir()]
    if SEEDS.is_dir():
        reports.append(accuracy.measure_seeds(SEEDS))
    for report in reports:
        assert sum(c.unflagged for c in report.counts.values()) == 0, report.mismatches


def test_the_accuracy_script_counts_missing_and_wrong_apart():
    accuracy = _accuracy()
    report = accuracy.Report()
    report.add("x", {"title": "A (F/H)", "deadline": date(2026, 3, 1), "grades": None,
                     "start": "Dès que possible"},
               {"title": "B (F/H)", "grades": ["Attaché"], "start": "Dès que possible"},
               unsure=["grades"])
    c = report.counts
    assert (c["title"].wrong, c["title"].unflagged) == (1, 1)
    assert (c["deadline"].missing, c["deadline"].wrong) == (1, 0)
    assert (c["grades"].stated, c["grades"].wrong, c["grades"].unflagged) == (0, 1, 0)
    assert (c["start"].correct, c["start"].stated) == (1, 1)


# Each bug the issue names, on the emploi-territorial.fr layout (label alone, value below).
ET_HEADER = """Agent des espaces verts H/F
Offre n° O062260100123456
Publiée le 12/01/2026
Synthèse de l'offre
Employeur
MAIRIE D'ARRAS
Lieu de travail
Centre technique municipal, 62000 Arras
Poste à pourvoir le
02/03/2026
Date limite de candidature
13/02/2026
Type d'emploi
Emploi permanent - vacance d'emploi
Localisation du lieu de travail
Détails de l'offre
Grade(s) recherché(s)
Adjoint technique
Adjoint technique principal de 1ère classe
Métier(s)
Jardinier ou jardinière
Ouvert aux contractuels
Oui (Art. L332-14 du code général de la fonction publique)
Le contrat est conclu pour une durée d'un an et peut être prolongé dans la limite de 2 ans.
Temps de travail
Temps complet
Descriptif de l'emploi
Entretien des parcs. Annualisation : 1607 heures annuelles."""


def test_emploi_territorial_labels_alone_give_their_values_not_their_words():
    found = facts(ET_HEADER)
    assert found["title"].value == "Agent des espaces verts (F/H)"
    assert "job_family" not in found  # no "Famille de métiers" block here
    assert found["reference"].value == "O062260100123456"
    assert found["grades"].value == ["Adjoint technique", "Adjoint technique principal de 1re "
                                     "classe"]  # never [Recherché]
    assert found["start"].value == date(2026, 3, 2)  # never "Le"
    assert found["deadline"].value == date(2026, 2, 13)
    assert found["location"].value == {"name": "Centre technique municipal",
                                       "postal_code": "62000", "city": "Arras"}
    assert (found["categories"].value, found["filiere"].value) == (["C"], "technique")
    # Article L332-14's "dans la limite de 2 ans" is the law's, not this permanent post's.
    assert found["employment"].value == {"type": "permanent"} and found["employment"].sure
    assert found["recruitment"].value == {"routes": ["contractuel"],
                                          "contract_basis": "L332-14"}
    # "1607 heures annuelles" gives no weekly hours.
    assert found["working_time"].value == {"type": "full-time"}


def test_a_phrase_is_never_a_workplace():
    found = facts(ET_HEADER.replace("Lieu de travail\nCentre technique municipal, 62000 Arras\n",
                                    ""))
    assert "location" not in found  # "Localisation du lieu de travail" is a label
    found = facts("Lieu de travail : à définir selon les besoins du service")
    assert found["location"].value is None and found["location"].note.startswith(
        "lieu de travail non reconnu")


@pytest.mark.parametrize("duree, hours, kind", [
    ("17h30", 17.5, "part-time"), ("28/35e", 28, "part-time"), ("28/35ème", 28, "part-time"),
    ("24h00", 24, "part-time"), ("17,5 heures", 17.5, "part-time"),
])
def test_emploi_territorial_duree(duree, hours, kind):
    found = facts(f"Temps de travail\nTemps non complet\nDurée\n{duree}\nDescriptif de l'emploi")
    assert found["working_time"].value == {"type": kind, "weekly_hours": hours}
    assert found["working_time"].sure


@pytest.mark.parametrize("text", [
    "Temps de travail : annualisé sur la base de 1607 heures annuelles",
    "Durée de travail : 7h par jour du lundi au vendredi",
    "Temps de travail : 80 h hebdomadaires",
])
def test_hours_that_are_not_weekly_or_not_sane_are_not_written(text):
    found = facts(text)
    assert "weekly_hours" not in (found.get("working_time") and found["working_time"].value
                                  or {})


@pytest.mark.parametrize("text", [
    "Le contrat proposé ne peut excéder trois ans, renouvelable dans la limite de six ans.",
    "Ouvert aux contractuels\nOui (Art. L332-8 du CGFP)\nContrat d'une durée maximale de 3 ans.",
    "En application de l'article L332-14, recrutement pour une durée d'un an.",
])
def test_legal_maximum_durations_are_not_the_posts(text):
    found = facts("Type d'emploi\nEmploi permanent - vacance d'emploi\n" + text)
    assert found["employment"].value == {"type": "permanent"}
    assert found["employment"].sure  # no contradiction seen: the law's limits are no facts


@pytest.mark.parametrize("text, duration", [
    ("Contrat de 20 mois, 35 heures hebdomadaires.", "20 mois"),
    ("CDD de 6 mois renouvelable.", "6 mois"),
    ("Type de contrat : CDD\nDurée du contrat : 1 an", "1 an"),
    ("Nature du contrat : CDD de 3 ans", "3 ans"),
])
def test_a_duration_stated_for_the_post_is_read(text, duration):
    assert facts(text)["employment"].value == {"type": "temporary", "duration": duration}


@pytest.mark.parametrize("line, cats", [
    ("Catégorie : Catégorie A+ (Encadrement supérieur)", ["A+"]),
    ("Catégorie A+", ["A+"]),
    ("Catégorie : Catégorie A (Cadre)", ["A"]),
    ("Cat. B/C", ["B", "C"]),
    ("CDD de 12 mois - catégorie B", ["B"]),
])
def test_stated_categories_including_a_plus(line, cats):
    assert facts(line)["categories"].value == cats


def test_the_team_the_post_leads_is_not_its_categorie():
    found = facts("Chef d'équipe voirie (F/H)\nVous encadrez une équipe de 6 agents de "
                  "catégorie C.")
    assert "categories" not in found


def test_the_states_one_line_format_is_cut_at_its_labels():
    line = ("Responsable des marchés (F/H) Référence : 2026-555 Employeur : Ville de Douai "
            "Localisation : Place d'Armes, 59500 Douai Versant : Fonction publique Territoriale "
            "Catégorie : Catégorie B (Technicien) Nature de l'emploi : Emploi ouvert aux "
            "titulaires et aux contractuels Date limite de candidature : 03/04/2026")
    assert len(line) > 200
    found = facts(line + "\n\nMissions : suivre les marchés.")
    assert found["reference"].value == "2026-555"
    assert found["categories"].value == ["B"]
    assert found["deadline"].value == date(2026, 4, 3)
    assert found["location"].value["city"] == "Douai"
    assert "contractuel" in found["recruitment"].value["routes"]


def test_an_unknown_grade_is_not_written_but_named():
    found = facts("Grade(s) recherché(s)\nRecherché\nMétier(s)\nJardinier")
    assert found["grades"].value is None
    assert "« Recherché »" in found["grades"].note
    found = facts("Grade : Attaché, chef de bureau")
    assert found["grades"].value == ["Attaché"] and not found["grades"].sure


def test_an_unknown_grade_is_named_in_the_draft(fixture_site, capsys, tmp_path):
    source = tmp_path / "a.txt"
    source.write_text("Jardinier (F/H)\nVille de Béthune\nGrade(s) recherché(s)\nRecherché\n"
                      "Métier(s)\nJardinier\nDate limite de candidature : 01/03/2026\n"
                      "Catégorie C, filière technique\nCandidatures : rh@bethune.example\n",
                      encoding="utf-8")
    front, _, _, path = imported(fixture_site, capsys, source)
    assert "grades" not in front
    assert ("# Non trouvé dans l'annonce : grade(s) non reconnu(s) dans la liste des grades "
            "territoriaux : « Recherché »\n# grades:") in path.read_text(encoding="utf-8")


# --- Knowledge as data: the statutes' grades, the region's communes ------------------

def test_the_cadres_table_covers_every_filiere_with_valid_values():
    from jobboard.content import model
    from jobboard.importer import statutes
    table = statutes.cadres()
    assert {c.filiere for c in table} == set(model.FILIERES)
    assert {c.category for c in table} == set(model.CATEGORIES)
    keys = [statutes.grade_key(g) for c in table for g in c.grades]
    assert len(keys) == len(set(keys)), "two grades of the table read the same"
    for cadre in table:  # every grade of the table is recognised as itself
        for grade in cadre.grades:
            assert statutes.find_grade(grade).cadre == cadre


@pytest.mark.parametrize("text, grade, cadre, category, filiere", [
    ("Attaché principal", "Attaché principal", "Attachés territoriaux", "A", "administrative"),
    ("attachée ppale", "Attaché principal", "Attachés territoriaux", "A", "administrative"),
    ("Rédacteur territorial", "Rédacteur", "Rédacteurs territoriaux", "B", "administrative"),
    ("Adjoint technique principal de 2ème classe", "Adjoint technique principal de 2e classe",
     "Adjoints techniques territoriaux", "C", "technique"),
    ("Adjointe administrative principale de 1ère classe",
     "Adjoint administratif principal de 1re classe", "Adjoints administratifs territoriaux",
     "C", "administrative"),
    ("Educateur des APS principal de 1ère classe",
     "Éducateur des activités physiques et sportives principal de 1re classe",
     "Éducateurs territoriaux des activités physiques et sportives", "B", "sportive"),
    ("Ingénieur en chef hors classe", "Ingénieur en chef hors classe",
     "Ingénieurs en chef territoriaux", "A+", "technique"),
    ("Auxiliaire de puériculture de classe supérieure",
     "Auxiliaire de puériculture de classe supérieure", "Auxiliaires de puériculture "
     "territoriaux", "B", "medico-sociale"),
    ("Gardien-brigadier", "Gardien-brigadier", "Agents de police municipale", "C",
     "police-municipale"),
    ("Conservateur en chef du patrimoine", "Conservateur en chef du patrimoine",
     "Conservateurs territoriaux du patrimoine", "A+", "culturelle"),
])
def test_a_grade_gives_its_cadre_categorie_and_filiere(text, grade, cadre, category, filiere):
    from jobboard.importer import statutes
    found = statutes.find_grade(text)
    assert (found.name, found.cadre.name, found.cadre.category, found.cadre.filiere) == (
        grade, cadre, category, filiere)


@pytest.mark.parametrize("text", ["Recherché", "Techniciens territoriaux", "Chef de service",
                                  "Directeur", ""])
def test_what_is_not_a_grade(text):
    from jobboard.importer import statutes
    assert statutes.find_grade(text) is None


def test_the_communes_of_the_region():
    import tomllib

    from jobboard.importer import statutes
    communes = statutes.communes()
    assert {c.departement for c in communes} == {"02", "59", "60", "62", "80"}
    assert len([c for c in communes if not c.kind]) > 3700
    assert statutes.find_commune("BETHUNE").postal_codes == ("62400",)
    assert statutes.find_commune("St-Omer").name == "Saint-Omer"
    assert statutes.find_commune("Lille", "59160").name == "Lille"
    assert statutes.find_commune("du lieu de travail") is None
    assert statutes.find_commune("Strasbourg") is None  # not in the region
    assert statutes.find_commune("Dury") is None  # three communes: the département decides
    assert statutes.find_commune("Dury", departement="80").insee == "80261"
    # Shipped with the package, read without npm.
    data = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    assert set(data["tool"]["setuptools"]["package-data"]["jobboard.importer"]) >= {
        "cadres.yaml", "communes.tsv"}


# --- Employers: by name, address, web domain, presentation; a draft when unknown -----

@pytest.mark.parametrize("text, why", [
    ("Recrutement à l'hôtel de ville, 1 place de la Mairie, 59300 Aulnoy-lez-Valenciennes.",
     "reconnu à son adresse"),
    ("Candidatures à rh@aulnoy.example", "reconnu au domaine aulnoy.example"),
    ("Commune de 7 000 habitants aux portes de Valenciennes, riche de ses étangs et de son "
     "parc du château, nous recrutons.", "reconnu à sa présentation"),
])
def test_employers_are_recognised_by_address_domain_and_presentation(fixture_site, text, why):
    fixture_site.write("employers/ville-a.yaml", EMPLOYER_A_WITH_BLURB)
    found = facts("Agent d'accueil (F/H)\n" + text, load_employers(fixture_site.content))
    assert found["employers"].value == ["ville-a"]
    assert not found["employers"].sure and found["employers"].note.startswith(why)


EMPLOYER_A_WITH_BLURB = EMPLOYERS["ville-a"] + (
    "description: Commune de 7 000 habitants aux portes de Valenciennes, riche de ses "
    "étangs et de son parc du château.\n")


def test_an_unknown_employer_gets_a_draft_file(fixture_site, capsys):
    source = POSTINGS / "emploi-territorial" / "agent-entretien-temps-non-complet.txt"
    code, out, _ = run(capsys, "import", str(source))
    assert code == 0
    assert out.startswith("Wrote content/employers/ville-de-bailleul.yaml (a new employer, "
                          "from the posting: check it)\n")
    text = (fixture_site.content / "employers" / "ville-de-bailleul.yaml").read_text()
    data = yaml.safe_load(text)
    assert data == {"name": "Ville de Bailleul", "kind": "commune",
                    "address": {"street": "Place Charles de Gaulle", "postal_code": "59270",
                                "city": "Bailleul"}, "departement": "59"}
    assert "# À vérifier : nom officiel" in text
    assert "# Non trouvé dans l'annonce : le site internet de l'employeur" in text
    offer = next((fixture_site.content / "offers").glob("*.md")).read_text()
    assert ("# À vérifier : employeur absent du site : brouillon "
            "content/employers/ville-de-bailleul.yaml créé, à vérifier\n"
            "employers: [ville-de-bailleul]") in offer
    # check names what the editor must add
    code, out, _ = run(capsys, "check", "--today", "2026-02-03")
    assert code == 1 and "ville-de-bailleul.yaml: website: missing required field" in out
    # A second posting of the same employer finds the draft: no second file.
    other = fixture_site.root / "autre.txt"
    other.write_text("Jardinier (F/H)\nLa Ville de Bailleul recrute un jardinier.\n"
                     "Date limite de candidature : 01/03/2026\n", encoding="utf-8")
    code, out, _ = run(capsys, "import", str(other))
    assert "employers/" not in out
    assert sorted(p.name for p in (fixture_site.content / "employers").glob("*.yaml")) == [
        "ville-a.yaml", "ville-b.yaml", "ville-de-bailleul.yaml"]


# --- Duplicates --------------------------------------------------------------------

def test_a_posting_with_the_reference_of_an_offer_is_not_written_again(fixture_site, capsys):
    fixture_site.offer("deja-la", title="Autre intitulé (F/H)",
                       extra='reference: "O062260100987654"\n')
    source = FIXTURES / "emploi-territorial.txt"
    code, out, err = run(capsys, "import", str(source))
    assert code == 0 and err == ""
    assert out == (f"Skipped {source}: already on the board as content/offers/deja-la.md "
                   "(same reference O062260100987654); use --force to import it again\n")
    assert sorted(p.name for p in (fixture_site.content / "offers").iterdir()) == ["deja-la.md"]
    code, out, _ = run(capsys, "import", str(source), "--force")
    assert out.splitlines()[1] == ("    imported again (--force): content/offers/deja-la.md "
                                   "has the same reference O062260100987654")
    assert len(list((fixture_site.content / "offers").iterdir())) == 2


def test_same_title_employer_and_deadline_is_a_duplicate(fixture_site, capsys):
    fixture_site.offer("technicien", title="Technicien bâtiment (F/H)", employers="[ville-a]",
                       deadline="2026-03-20")
    code, out, _ = run(capsys, "import", str(FIXTURES / "sans-categorie.txt"))
    assert out.startswith("Skipped") and "same title, employer and deadline (2026-03-20)" in out
    fixture_site.offer("technicien", title="Technicien bâtiment (F/H)", employers="[ville-b]",
                       deadline="2026-03-20")  # another employer: not a duplicate
    code, out, _ = run(capsys, "import", str(FIXTURES / "sans-categorie.txt"))
    assert out.startswith("Wrote")


# --- From a link -------------------------------------------------------------------

@pytest.fixture
def web(tmp_path):
    """A local web server on 127.0.0.1 serving saved posting pages (no network)."""
    import http.server
    import threading
    from functools import partial
    root = tmp_path / "www"
    root.mkdir()
    shutil.copy(POSTINGS / "ats" / "gestmax-cdd-accueil.html", root / "offre.html")
    shutil.copy(POSTINGS / "pdf" / "fiche-de-poste-redacteur.pdf", root / "fiche.pdf")
    (root / "gros.html").write_bytes(b"<p>" + b"x" * 300_000 + b"</p>")
    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args):
            pass

        def do_GET(self):
            if self.path == "/vers-ftp":  # a redirect out of the web
                self.send_response(302)
                self.send_header("Location", "ftp://127.0.0.1/offre.html")
                self.end_headers()
                return
            super().do_GET()

    class Server(http.server.ThreadingHTTPServer):
        def handle_error(self, request, client_address):
            # The importer hangs up on a page over its size limit: the server's thread
            # would print the broken pipe into stderr, in the middle of a later command's.
            if not isinstance(sys.exc_info()[1], ConnectionError):
                super().handle_error(request, client_address)

    handler = partial(Quiet, directory=str(root))
    server = Server(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def test_import_from_a_link(fixture_site, capsys, web):
    fixture_site.write("employers/ville-de-douai.yaml", (ROOT / "content" / "employers" /
                                                          "ville-de-douai.yaml").read_text())
    front, body, out, path = imported(fixture_site, capsys, web + "/offre.html")
    assert front["title"] == "Agent d'accueil et d'état civil (F/H)"
    assert front["employment"] == {"type": "temporary", "duration": "6 mois"}
    assert front["deadline"] == date(2026, 2, 27) and front["employers"] == ["ville-de-douai"]
    assert f"Brouillon importé de « {web}/offre.html »" in path.read_text(encoding="utf-8")
    front, _, _, _ = imported(fixture_site, capsys, web + "/fiche.pdf")
    assert front["grades"] == ["Rédacteur", "Rédacteur principal de 2e classe"]


def test_a_link_that_cannot_be_fetched_is_a_clear_error(fixture_site, capsys, web,
                                                         monkeypatch):
    import socket
    import urllib.request

    from jobboard.importer import fetch
    code, out, err = run(capsys, "import", web + "/absent.html")
    assert code == 1 and out == ""
    assert err.startswith(f"{web}/absent.html: the server answered 404 (File not found): "
                          "check the address; nothing written")
    monkeypatch.setattr(fetch, "MAX_BYTES", 100_000)
    code, _, err = run(capsys, "import", web + "/gros.html")
    assert code == 1 and "the page is too large (292 KB; limit 97 KB)" in err
    code, _, err = run(capsys, "import", web + "/vers-ftp")
    assert code == 1 and "the page redirects to 'ftp://127.0.0.1/offre.html', not a web " \
        "address" in err
    with socket.socket() as s:  # a port nobody listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    code, _, err = run(capsys, "import", f"http://127.0.0.1:{port}/offre.html")
    assert code == 1 and "cannot reach 127.0.0.1" in err and "no network connection?" in err

    def offline(*args, **kwargs):
        raise urllib.error.URLError(socket.gaierror(-3, "Temporary failure in name resolution"))
    monkeypatch.setattr(fetch._OPENER, "open", offline)
    code, _, err = run(capsys, "import", "https://emplois.exemple.fr/offre/12")
    assert code == 1 and err.startswith(
        "https://emplois.exemple.fr/offre/12: cannot find the server emplois.exemple.fr: no "
        "network connection, or a mistyped address; nothing written")
    assert "Traceback" not in err
    assert not (fixture_site.content / "offers").exists()


def test_control_characters_of_a_pdf_never_reach_the_front_matter(fixture_site, capsys,
                                                                  tmp_path):
    source = tmp_path / "a.txt"
    source.write_text("Agent d'accueil\x02 (F/H)\nVille de Béthune\nGrade : Adjoint\x0b "
                      "administratif\nService : accueil\x0cpopulation\n"
                      "Date limite de candidature : 01/03/2026\n"
                      "Candidatures : rh@bethune.example\n", encoding="utf-8")
    front, _, _, _ = imported(fixture_site, capsys, source)  # parses as YAML
    assert front["title"] == "Agent d'accueil (F/H)"
    assert front["grades"] == ["Adjoint administratif"]
    assert front["service"] == "accueil population"


@pytest.mark.parametrize("text, start", [
    ("Poste à pourvoir le\n01/09/2026", date(2026, 9, 1)),
    ("Poste à pourvoir le 1er septembre 2026", date(2026, 9, 1)),
    ("A compter du : 15/04/2026", date(2026, 4, 15)),
    ("Poste à pourvoir le\nDès que possible", "Dès que possible"),
    ("Poste à pourvoir le plus rapidement possible.", "Le plus rapidement possible"),
    ("Date début\tSelon disponibilité du candidat", "Selon disponibilité du candidat"),
    ("Poste à pourvoir le\nà définir avec le service", None),
    ("Poste à pourvoir le\nLe", None),
])
def test_start_is_a_date_or_an_as_soon_as_possible(text, start):
    found = facts(text).get("start")
    assert (found.value if found else None) == start
    if start is None and found:
        assert "non reconnue" in found.note


def test_facts_read_inside_long_sentences_are_flagged():
    found = facts("Chef de service (F/H)\nAu sein d'une direction de 40 personnes, vous "
                  "managerez une équipe composée de cadres de catégorie A et de techniciens.")
    assert "categories" not in found  # the team's catégorie, not the post's
    sentence = ("Ce poste relève de la catégorie B de la fonction publique territoriale et "
                "s'adresse aux titulaires comme aux contractuels motivés par le service public.")
    found = facts("Chargé d'accueil (F/H)\n" + sentence)
    assert found["categories"].value == ["B"] and not found["categories"].sure
    found = facts("Agent d'entretien (F/H)\nLe temps de travail est annualisé sur la base de "
                  "1607 heures par an, soit l'équivalent d'un temps complet, selon le "
                  "règlement intérieur de la collectivité adopté en 2023.")
    assert found["working_time"].value == {"type": "full-time"}
    assert not found["working_time"].sure


def test_a_web_pages_employer_block_leaves_the_body(fixture_site, capsys):
    source = POSTINGS / "emploi-territorial" / "ingenieur-deux-sites.html"
    front, body, out, path = imported(fixture_site, capsys, source)
    assert "62300 Lens" not in body and "21 rue Marcel Sembat" not in body
    assert "service" not in front  # "Pôle nord, rue de la Gare" is a workplace, no service
    employer = yaml.safe_load((fixture_site.content / "employers" /
                               "communaute-d-agglomeration-de-lens-lievin.yaml").read_text())
    assert employer["address"] == {"street": "21 rue Marcel Sembat", "postal_code": "62300",
                                   "city": "Lens"}
    assert front["location"]["city"] == "Lens"
    assert "# À vérifier : l'annonce donne 2 lieux de travail : Centre technique " \
           "communautaire (Lens), Pôle nord (Liévin)" in path.read_text()


def test_a_post_of_another_versant_is_flagged():
    found = facts("Gestionnaire RH (F/H)\nVersant : Fonction publique de l'État\n"
                  "Catégorie : Catégorie B (Technicien)\nGrade : Rédacteur")
    assert not found["title"].sure and "Fonction publique de l'État" in found["title"].note
    assert found["categories"].value == ["B"] and not found["categories"].sure
    assert facts("Gestionnaire RH (F/H)\nVersant : Fonction publique Territoriale\n"
                 "Catégorie : Catégorie B")["title"].sure


def test_the_same_posting_twice_in_one_folder_is_imported_once(fixture_site, capsys,
                                                               tmp_path):
    folder = tmp_path / "annonces"
    folder.mkdir()
    shutil.copy(FIXTURES / "emploi-territorial.txt", folder / "a.txt")
    shutil.copy(FIXTURES / "emploi-territorial.txt", folder / "b.txt")
    code, out, _ = run(capsys, "import", str(folder))
    assert code == 0
    assert out.splitlines()[-1] == (
        f"Skipped {folder / 'b.txt'}: already on the board as content/offers/gestionnaire-des-"
        "assemblees-et-du-courrier-bethune.md (same reference O062260100987654); use --force "
        "to import it again")


def test_job_family_and_header_lines_of_the_one_line_format(fixture_site, capsys):
    source = POSTINGS / "etat-talentsoft" / "une-ligne-cdd.txt"
    front, body, _, _ = imported(fixture_site, capsys, source)
    assert "Employeur :" not in body and "Nature de l'emploi :" not in body
    assert body.startswith("## Vos missions")
    found = facts("Famille de métiers\nFinances > Gestion budgétaire et financière\nMétier(s)")
    assert found["job_family"].value == "Finances"


# --- Any mix of labels and values: no traceback, and only valid values -----------------

_LABELS = ["Grade(s) recherché(s)", "Poste à pourvoir le", "Lieu de travail", "Employeur",
           "Durée", "Temps de travail", "Catégorie", "Filière", "Ouvert aux contractuels",
           "Offre n° O059260100000001", "Référence :", "Date limite de candidature",
           "Type d'emploi", "Nature du contrat :", "Versant :", "A compter du",
           "Fin de candidature", "Lieux de travail", "Métier(s)", "Localisation du lieu de travail"]
_VALUES = ["", "Adjoint technique", "17h30", "28/35e", "1607 heures annuelles", "Le",
           "Temps non complet", "Catégorie A+ (Encadrement supérieur)", "Oui (Art. L332-14)",
           "dans la limite de 2 ans", "CDD de 3 ans", "01/02/2026", "31/02/2026", "Lille",
           "59000 Lille", "du lieu de travail", "MAIRIE DE LENS", "- 12 rue X, 62300 Lens",
           "Recherché", "99h", "0h", "(F/H)", "Ville de Douai", "\t", "•", ":"]


def test_any_mix_of_labels_and_values_gives_only_valid_values():
    from hypothesis import given, settings
    from hypothesis import strategies as st

    from jobboard.importer import statutes
    from jobboard.importer.fields import extract
    from jobboard.importer.markdown_body import to_markdown
    from jobboard.importer.posting import split_inline_labels
    from jobboard.importer.write import render

    line = st.one_of(st.sampled_from(_LABELS), st.sampled_from(_VALUES), st.text(max_size=60),
                     st.lists(st.tuples(st.sampled_from(_LABELS), st.sampled_from(_VALUES)),
                              min_size=1, max_size=10).map(
                         lambda pairs: " ".join(f"{a} : {b}" for a, b in pairs)))

    @settings(max_examples=150, deadline=None, derandomize=True, database=None)
    @given(st.lists(line, max_size=25))
    def check(lines):
        p = Posting(split_inline_labels([Line(t) for t in lines]))
        found = extract(p, [])
        text, _, _ = render(found, to_markdown(p), "x.txt")
        yaml.safe_load(text.split("\n---\n", 1)[0].removeprefix("---\n"))
        grades = found.get("grades")
        if grades and grades.value:
            assert all(statutes.find_grade(g) for g in grades.value)
        wt = found.get("working_time")
        if wt and wt.value and "weekly_hours" in wt.value:
            assert 1 <= wt.value["weekly_hours"] <= 48
        start = found.get("start")
        if start and isinstance(start.value, str):
            assert start.value.lower() not in ("le", "la", "")
        loc = found.get("location")
        if loc and loc.value and "city" in loc.value:
            assert statutes.find_commune(loc.value["city"], loc.value["postal_code"])

    check()
