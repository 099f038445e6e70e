"""An editor's first hour (issue 17): `new` at a terminal and with flags, scaffold text,
a colleague's broken draft, the employer hint, and the commands the guides give."""

from __future__ import annotations

import re
import shutil

import pytest

from jobboard.cli import main, parse
from jobboard.commands import new as scaffold
from jobboard.content.frontmatter import PLACEHOLDERS
from tests.conftest import EMPLOYERS, ROOT, titles

OFFER = ["new", "offer", "--today", "2026-02-01", "--title", "Agent d'accueil (F/H)",
         "--employer", "ville-b", "--deadline", "2026-03-01", "--category", "C",
         "--filiere", "administrative", "--email", "drh@bethune.example"]
EMPLOYER = ["new", "employer", "--name", "CCAS de Lens", "--postal-code", "62300",
            "--city", "Lens", "--website", "https://www.ccas-lens.example"]


def run(capsys, *argv) -> tuple[int, str, str]:
    code = main(list(argv))
    out = capsys.readouterr()
    return code, out.out, out.err


def with_flag(argv: list[str], flag: str, value: str) -> list[str]:
    argv = list(argv)
    argv[argv.index(flag) + 1] = value
    return argv


def written(site) -> list[str]:
    return sorted(p.name for p in (site.content / "offers").glob("*.md")) \
        if (site.content / "offers").is_dir() else []


# --- 1. new employer: the kind ----------------------------------------------------

def test_new_employer_without_kind_names_the_missing_flag(fixture_site, capsys):
    code, _, err = run(capsys, *EMPLOYER)
    assert (code, err) == (2, "build.py new employer: missing --kind\n")
    assert not (fixture_site.content / "employers" / "ccas-de-lens.yaml").exists()


def test_new_employer_at_a_terminal_asks_the_kind_and_writes_a_valid_file(fixture_site, capsys):
    args = parse(["new", "employer"])
    answers = iter(["CCAS de Lens", "mairie", "CCAS", "75001", "62300", "Lens",
                    "https://www.ccas-lens.example"])
    assert scaffold.run(args, ask=lambda question: next(answers)) == 0
    err = capsys.readouterr().err
    assert "  attendu : commune, intercommunalite, departement" in err
    assert "  attendu : un code postal des Hauts-de-France (département 02, 59, 60, 62, 80)" \
        in err
    text = (fixture_site.content / "employers" / "ccas-de-lens.yaml").read_text()
    assert "\nkind: ccas  #" in text
    assert run(capsys, "check", "--today", "2026-02-01")[0] == 0


# --- 2. flags are checked as answers are -------------------------------------------

@pytest.mark.parametrize("flag, value, message", [
    ("--email", "rh@lievin", "attendu : une adresse comme drh@ville-exemple.fr"),
    ("--deadline", "2026-01-15", "la date limite 2026-01-15 est passée (aujourd'hui : "
                                 "2026-02-01)"),
    ("--deadline", "31/02/2026", "le 31/02/2026 n'existe pas : vérifiez le jour et le mois"),
    ("--deadline", "fin mars", "attendu : une date AAAA-MM-JJ ou JJ/MM/AAAA, par exemple "
                               "2026-12-31"),
    ("--category", "D", "attendu : A+, A, B, C"),
    ("--filiere", "sport", "attendu : administrative, technique, culturelle, sportive, "
                           "sociale, medico-sociale, medico-technique, animation, "
                           "police-municipale, incendie-secours"),
    ("--employer", "ville-c", "employeur inconnu ; les plus proches : ville-a, ville-b (ou "
                              "créez-le : build.py new employer)"),
])
def test_a_refused_flag_is_a_usage_error_with_the_answers_message(fixture_site, capsys, flag,
                                                                  value, message):
    code, out, err = run(capsys, *with_flag(OFFER, flag, value))
    assert (code, out) == (2, "")
    assert err == f"build.py new offer: {flag} '{value}': {message}\n"
    assert "isoformat" not in err
    assert written(fixture_site) == []


def test_every_refused_flag_is_named_at_once(fixture_site, capsys):
    argv = with_flag(with_flag(OFFER, "--email", "rh@lievin"), "--category", "Z")
    code, _, err = run(capsys, *argv)
    assert code == 2
    assert err.count("build.py new offer: --") == 2


def test_flags_take_french_dates_and_values_in_any_case_or_accent(fixture_site, capsys):
    argv = with_flag(with_flag(with_flag(OFFER, "--deadline", "22/02/2026"),
                               "--category", "b"), "--filiere", "Médico sociale")
    assert run(capsys, *argv)[0] == 0
    text = (fixture_site.content / "offers" / "agent-d-accueil-bethune.md").read_text()
    assert "\ndeadline: 2026-02-22  #" in text
    assert "\ncategories: [B]  #" in text
    assert "\nfiliere: medico-sociale  #" in text
    assert run(capsys, *with_flag(OFFER, "--filiere", "Sociale"))[0] == 0
    assert run(capsys, "check", "--today", "2026-02-01")[0] == 0


def test_employer_kind_flag_matches_without_case_or_accents(fixture_site, capsys):
    assert run(capsys, *EMPLOYER, "--kind", "Intercommunalité")[0] == 0
    text = (fixture_site.content / "employers" / "ccas-de-lens.yaml").read_text()
    assert "\nkind: intercommunalite  #" in text


# --- 3. scaffold text never goes live ------------------------------------------------

def test_check_refuses_a_published_offer_that_keeps_the_scaffold_text(fixture_site, capsys):
    assert run(capsys, *OFFER)[0] == 0
    path = fixture_site.content / "offers" / "agent-d-accueil-bethune.md"
    text = path.read_text(encoding="utf-8")
    lines = text.split("\n")
    assert run(capsys, "check", "--today", "2026-02-01")[0] == 0  # a draft may keep it
    path.write_text(text.replace("draft: true", "draft: false"), encoding="utf-8")
    code, out, _ = run(capsys, "check", "--today", "2026-02-01")
    assert code == 1
    for placeholder in PLACEHOLDERS:
        line = next(i + 1 for i, t in enumerate(lines) if placeholder in t)
        assert (f"content/offers/agent-d-accueil-bethune.md:{line}: found the scaffold's "
                f"placeholder text '{placeholder}'\n    hint: replace it with the offer's own "
                "text, or keep 'draft: true' until it is written") in out
    # One line left over from the scaffold is enough to refuse it.
    fixture_site.offer("agent", body="## Missions\n\n- Accueillir le public ;\n"
                                     "- Deuxième mission.\n")
    code, out, _ = run(capsys, "check", "--today", "2026-02-01")
    assert "content/offers/agent.md:16: found the scaffold's placeholder text " \
           "'Deuxième mission.'" in out


# --- 4. a broken draft does not stop the build -----------------------------------------

def test_build_skips_an_invalid_draft_with_a_warning_and_check_still_refuses_it(
        fixture_site, capsys):
    fixture_site.offer("ouverte", deadline="2026-03-01")
    fixture_site.offer("brouillon", title="Brouillon (F/H)", deadline="31/01/2027",
                       extra="draft: true\n")
    fixture_site.offer("brouillon-employeur", employers="[ville-inconnue]",
                       extra="draft: true\n")
    code, out, err = run(capsys, "--today", "2026-02-01")
    assert code == 0, err
    assert ("content/offers/brouillon.md: warning: this draft has 1 error and is left out of "
            "the site\n    hint: 'python build.py check' lists them; fix them before setting "
            "draft: false") in err
    assert "content/offers/brouillon-employeur.md: warning: this draft has 1 error" in err
    assert out.startswith("Built site: 1 open offers, 0 closed")
    assert titles(fixture_site.html("index.html")) == ["Agent d'accueil (F/H)"]
    code, out, _ = run(capsys, "check", "--today", "2026-02-01")
    assert code == 1
    assert "content/offers/brouillon.md:5: deadline: found '31/01/2027', expected a date as " \
           "YYYY-MM-DD" in out
    assert "content/offers/brouillon-employeur.md:3: employers: unknown employer" in out


def test_the_preview_names_an_invalid_draft_it_leaves_out(fixture_site, capsys):
    from jobboard.commands.serve import Preview
    fixture_site.offer("brouillon", deadline="31/01/2027", extra="draft: true\n")
    Preview(fixture_site.content, fixture_site.out).rebuild()
    assert "content/offers/brouillon.md: warning: this draft has 1 error and is left out" \
        in capsys.readouterr().err


def test_an_invalid_offer_that_is_not_a_draft_still_stops_the_build(fixture_site, capsys):
    fixture_site.offer("cassee", deadline="31/01/2027")
    code, _, err = run(capsys, "--today", "2026-02-01")
    assert code == 1
    assert "content/offers/cassee.md:5: deadline: found '31/01/2027'" in err


# --- 6. the employer hint: nearest first ------------------------------------------------

def test_unknown_employer_hint_lists_the_nearest_names_first(fixture_site, capsys):
    towns = ["arras", "bethune", "calais", "douai", "dunkerque", "lens", "lille", "roubaix",
             "tourcoing", "valenciennes", "douchy-les-mines"]
    for town in towns:
        fixture_site.write(f"employers/ville-de-{town}.yaml",
                           EMPLOYERS["ville-b"].replace("Béthune", town.title()))
    fixture_site.offer("agent", employers="[ville-de-doaui]")
    code, out, _ = run(capsys, "check", "--today", "2026-02-01")
    assert code == 1
    hint = re.search(r"or use one of the nearest: (.*)", out).group(1).split(", ")
    assert hint[0] == "ville-de-douai" and len(hint) == 5
    code, _, err = run(capsys, *with_flag(OFFER, "--employer", "ville-de-doaui"))
    assert code == 2 and "les plus proches : ville-de-douai, " in err


def test_new_offer_without_any_employer_says_to_create_one(fixture_site, capsys):
    for path in (fixture_site.content / "employers").glob("*.yaml"):
        path.unlink()
    code, _, err = run(capsys, *OFFER)
    assert code == 2
    assert err == ("build.py new offer: --employer 'ville-b': aucun employeur dans "
                   "content/employers/ : créez-le d'abord avec build.py new employer\n")


# --- 7. the guides' commands --------------------------------------------------------------

def test_readme_summary_line_is_what_the_sample_build_prints(tmp_path, monkeypatch, capsys):
    shutil.copytree(ROOT / "content", tmp_path / "content")
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    assert main(["--today", "2026-11-21"]) == 0
    printed = capsys.readouterr().out.strip()
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    shown = re.search(r"`(Built site: [^`]*)`", readme).group(1)
    time = re.compile(r"in \d+\.\d\d s$")
    assert time.sub("", shown) == time.sub("", printed)


def test_the_editors_guide_gives_one_install_line_and_serve_to_preview():
    guide = (ROOT / "content" / "README.md").read_text(encoding="utf-8")
    installs = re.findall(r"^.*pip install.*$", guide, re.M)
    assert installs == ["python3 -m venv .venv && .venv/bin/pip install -e ."]
    assert "http.server" not in guide
    assert ".venv/bin/python build.py serve" in guide
    assert "source .venv/bin/activate" in guide  # for `python build.py` as the README writes it
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "source .venv/bin/activate" in readme
