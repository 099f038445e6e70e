"""Invalid fixture sites: exact error messages, exit code 1, nothing written."""

from __future__ import annotations

import pytest

from tests.conftest import EMPLOYERS, offer_md


def errors(site, capsys, today="2026-02-01") -> str:
    code = site.build(today)
    out = capsys.readouterr()
    assert code == 1, out
    assert out.out == ""
    return out.err


def test_typo_in_a_key_is_reported_with_a_suggestion(fixture_site, capsys):
    text = offer_md().replace("deadline:", "dealine:")
    fixture_site.write("offers/agent.md", text)
    err = errors(fixture_site, capsys)
    assert "content/offers/agent.md:5: dealine: unknown key 'dealine'\n" \
           "    hint: did you mean 'deadline'?" in err
    assert "content/offers/agent.md: deadline: missing required field\n" \
           "    hint: the application deadline, such as 2026-02-22" in err


@pytest.mark.parametrize("value, message, hint", [
    ("2026-02-30", "found '2026-02-30', which is not a real calendar date",
     "check the day and the month"),
    ("22/02/2026", "found '22/02/2026', expected a date as YYYY-MM-DD",
     "write 2026-02-22 instead of 22/02/2026"),
    ("demain", "found 'demain', expected a date as YYYY-MM-DD",
     "write dates as YYYY-MM-DD, for example 2026-02-22"),
])
def test_wrong_dates(fixture_site, capsys, value, message, hint):
    fixture_site.offer("agent", deadline=value)
    err = errors(fixture_site, capsys)
    assert f"content/offers/agent.md:5: deadline: {message}\n    hint: {hint}" in err


def test_unknown_employer_names_the_known_ones(fixture_site, capsys):
    fixture_site.offer("agent", employers="[ville-a, ville-z]")
    err = errors(fixture_site, capsys)
    assert ("content/offers/agent.md:3: employers[1]: unknown employer 'ville-z'\n"
            "    hint: create content/employers/ville-z.yaml, or use one of the nearest: ville-a, "
            "ville-b"
            ) in err


def test_deadline_before_publication(fixture_site, capsys):
    fixture_site.offer("agent", published="2026-01-10", deadline="2026-01-09")
    err = errors(fixture_site, capsys)
    assert ("content/offers/agent.md:5: deadline: found 2026-01-09, which is before the "
            "publication date (2026-01-10)") in err


def test_category_outside_the_allowed_ones(fixture_site, capsys):
    fixture_site.offer("agent", categories="[B, D]")
    err = errors(fixture_site, capsys)
    assert "content/offers/agent.md:6: categories[1]: found 'D', expected one of: A+, A, B, C" \
        in err


def test_malformed_email_and_url(fixture_site, capsys):
    fixture_site.offer("agent", extra="contacts:\n  - name: Jeanne\n    email: jeanne.mairie.fr\n"
                                      "recruitment:\n  routes: [mutaton]\n")
    fixture_site.write("employers/ville-c.yaml", """\
name: Ville C
kind: commune
address: {postal_code: "80000", city: Amiens}
departement: "80"
website: www.amiens.example
""")
    err = errors(fixture_site, capsys)
    assert ("content/offers/agent.md:14: contacts[0].email: found 'jeanne.mairie.fr', expected an "
            "email address such as drh@ville-exemple.fr") in err
    assert ("content/offers/agent.md:16: recruitment.routes[0]: found 'mutaton', expected one of: "
            "mutation, detachement, liste-aptitude, integration-directe, contractuel\n"
            "    hint: did you mean 'mutation'? values are case-sensitive") in err
    assert ("content/employers/ville-c.yaml:5: website: found 'www.amiens.example', expected a web "
            "address starting with https://\n    hint: write https://www.amiens.example") in err


def test_duplicate_reference(fixture_site, capsys):
    fixture_site.offer("agent-1", extra="reference: RH-12\n")
    fixture_site.offer("agent-2", extra="reference: RH-12\n")
    err = errors(fixture_site, capsys)
    assert ("content/offers/agent-2.md:12: reference: the reference 'RH-12' is also used by "
            "content/offers/agent-1.md") in err


def test_duplicate_slug_in_subfolders(fixture_site, capsys):
    fixture_site.write("offers/2025/agent.md", offer_md())
    fixture_site.write("offers/2026/agent.md", offer_md())
    err = errors(fixture_site, capsys)
    assert ("content/offers/2026/agent.md: the slug 'agent' is also used by "
            "content/offers/2025/agent.md") in err


def test_yaml_syntax_error_names_the_line(fixture_site, capsys):
    text = offer_md(extra="service: Direction: éducation\n")
    fixture_site.write("offers/agent.md", text)
    err = errors(fixture_site, capsys)
    # The wording after "not allowed" differs between LibYAML and pure-Python PyYAML.
    assert "content/offers/agent.md:12: service: YAML syntax error: mapping values are not allowed" in err
    assert ("    hint: a value containing ': ' or starting with a special character must be in "
            "quotes") in err


def test_missing_front_matter_and_bad_file_name(fixture_site, capsys):
    fixture_site.write("offers/agent.md", "Un texte sans en-tête.\n")
    fixture_site.write("offers/Agent Accueil.md", offer_md())
    err = errors(fixture_site, capsys)
    assert "content/offers/agent.md:1: found no front matter" in err
    assert "content/offers/Agent Accueil.md: file name 'Agent Accueil.md' is not a valid slug" \
        in err


def test_unquoted_postal_code_and_wrong_departement(fixture_site, capsys):
    fixture_site.write("employers/ville-c.yaml", """\
name: Ville C
kind: mairie
address:
  postal_code: 80000
  city: Amiens
departement: "59"
website: https://amiens.example
""")
    err = errors(fixture_site, capsys)
    assert ("content/employers/ville-c.yaml:4: address.postal_code: found the number 80000, "
            "expected text\n    hint: put the value in quotes") in err
    assert ("content/employers/ville-c.yaml:2: kind: found 'mairie', expected one of: commune, "
            "intercommunalite, departement, region, ccas, centre-de-gestion, syndicat, autre") in err


def test_level_one_heading_and_duplicate_key(fixture_site, capsys):
    text = offer_md(extra="title: Encore\n", body="Intro.\n\n# Missions\n")
    fixture_site.write("offers/agent.md", text)
    err = errors(fixture_site, capsys)
    assert "content/offers/agent.md:12: key 'title' is written twice" in err
    assert "content/offers/agent.md:16: found a level-1 heading ('# ...') in the body" in err


def test_every_problem_of_the_tree_in_one_run(fixture_site, capsys):
    fixture_site.offer("one", deadline="2026-13-01")
    fixture_site.offer("two", categories="[Z]")
    fixture_site.offer("three", employers="[nobody]")
    fixture_site.write("site.yaml", "title: Sans le reste\n")
    err = errors(fixture_site, capsys)
    assert err.count("content/offers/") == 3
    assert "content/site.yaml: base_url: missing required field" in err
    assert err.rstrip().endswith("9 errors in 4 files; nothing was written.")


def test_failed_build_leaves_the_previous_site_untouched(fixture_site, capsys):
    fixture_site.offer("agent")
    assert fixture_site.build() == 0
    before = fixture_site.files()
    fixture_site.offer("broken", deadline="bientôt")
    assert fixture_site.build() == 1
    assert fixture_site.files() == before
    leftovers = [p.name for p in fixture_site.root.iterdir() if p.name.startswith(".site")]
    assert leftovers == []


def test_first_failed_build_writes_nothing(fixture_site, capsys):
    fixture_site.offer("broken", filiere="informatique")
    assert fixture_site.build() == 1
    assert not fixture_site.out.exists()


def test_drafts_are_validated_too(fixture_site, capsys):
    # By `check` (the build leaves an invalid draft out: see test_editor_traps.py).
    from jobboard.cli import main
    fixture_site.offer("draft", extra="draft: yes\nsalaire: 2000\n")
    assert main(["check", "--today", "2026-02-01"]) == 1
    assert "content/offers/draft.md:13: salaire: unknown key 'salaire'" in capsys.readouterr().out


def test_logo_must_be_a_local_file(fixture_site, capsys):
    path = fixture_site.content / "employers" / "ville-a.yaml"
    path.write_text(path.read_text() + "logo: https://cdn.example/logo.png\n")
    path = fixture_site.content / "employers" / "ville-b.yaml"
    path.write_text(path.read_text() + "logo: logos/absent.png\n")
    err = errors(fixture_site, capsys)
    assert ("content/employers/ville-a.yaml:9: logo: found 'https://cdn.example/logo.png', "
            "expected the name of an image file next to the employer file, such as "
            "logos/ville-de-douai.svg\n    hint: download the logo into content/employers/logos/: "
            "the site makes no request to other sites") in err
    assert "content/employers/ville-b.yaml: logo: file not found: " \
           "content/employers/logos/absent.png" in err


@pytest.mark.parametrize("doc, slug", [("README.md", "agent"),
                                       ("content/README.md", "agent-accueil-douai")])
def test_the_error_example_in_the_docs_is_what_the_validator_prints(fixture_site, capsys,
                                                                     doc, slug):
    from tests.conftest import ROOT
    text = (ROOT / doc).read_text(encoding="utf-8")
    start = text.index(f"```\ncontent/offers/{slug}.md:5: dealine") + 4
    example = text[start:text.index("```", start)]
    fixture_site.write(f"offers/{slug}.md", offer_md().replace("deadline:", "dealine:"))
    assert errors(fixture_site, capsys) == example


def test_an_offer_names_at_most_20_employers(fixture_site, capsys):
    """Each employer's page and feeds carry the offer with every employer's name: the
    cap keeps what one offer makes the site write linear, not N feeds × N names."""
    for i in range(21):
        fixture_site.write(f"employers/commune-{i:02d}.yaml",
                           EMPLOYERS["ville-a"].replace("Ville d'Aulnoy", f"Commune {i}"))
    slugs = [f"commune-{i:02d}" for i in range(21)]
    fixture_site.offer("mutualise", employers="[" + ", ".join(slugs) + "]")
    assert fixture_site.build() == 1
    err = capsys.readouterr().err
    assert "content/offers/mutualise.md:3: employers: found 21 employers, expected at most " \
           "20\n    hint: for a post shared by many employers (a centre de gestion's pool, a " \
           "syndicate), list the body that recruits and name the others in the text" in err
    assert not fixture_site.out.exists()
    fixture_site.offer("mutualise", employers="[" + ", ".join(slugs[:20]) + "]")
    assert fixture_site.build() == 0
    assert "Commune 19" in fixture_site.read("employeurs/commune-00/flux.xml")


# --- Small holes (issue 12, point 13) ----------------------------------------------

def test_a_file_name_ending_with_a_line_break_is_one_file_name_error(fixture_site, capsys):
    fixture_site.write("offers/agent2\n.md", offer_md())
    err = errors(fixture_site, capsys)
    assert err == "content/offers/agent2\\n.md: file name 'agent2\\n.md' is not a valid slug\n" \
                  "    hint: use lowercase letters without accents, digits and dashes, such " \
                  "as agent-accueil-douai.md\n1 error in 1 file; nothing was written.\n"


def test_hours_are_rounded_to_the_minute_before_they_are_split(fixture_site):
    fixture_site.offer("agent", extra="working_time:\n  type: full-time\n"
                                      "  weekly_hours: 35.9999\n")
    assert fixture_site.build() == 0
    page = fixture_site.read("offres/agent/index.html")
    assert "Temps complet, 36 h par semaine" in page and "35 h 60" not in page


def test_negative_pay_and_full_width_postal_digits_are_refused(fixture_site, capsys):
    fixture_site.offer("agent", extra="pay:\n  min: -1800\n  max: 0\n  unit: month\n")
    fixture_site.write("employers/ville-c.yaml",
                       EMPLOYERS["ville-a"].replace('"59300"', '"５９３００"'))
    err = errors(fixture_site, capsys)
    assert "content/offers/agent.md:13: pay.min: found -1800, expected a positive amount in " \
           "euros" in err
    assert "content/offers/agent.md:14: pay.max: found 0, expected a positive amount in " \
           "euros" in err
    assert "content/employers/ville-c.yaml:5: address.postal_code: found '５９３００', " \
           "expected a 5-digit postal code such as \"59300\"" in err


def test_references_equal_to_a_reader_are_duplicates(fixture_site, capsys):
    fixture_site.offer("agent-1", extra="reference: Réf-12\n")  # NFC é
    fixture_site.offer("agent-2", extra='reference: "Re\\u0301f-12"\n')  # e + combining accent
    fixture_site.offer("agent-3", extra='reference: "RÉF\\u200b-12"\n')  # case, zero-width space
    err = errors(fixture_site, capsys)
    assert "content/offers/agent-2.md:12: reference: the reference 'Re\u0301f-12' is also " \
           "used by content/offers/agent-1.md as 'Réf-12', which reads the same" in err
    assert "content/offers/agent-3.md:12: reference: the reference 'RÉF\u200b-12' is also " \
           "used by content/offers/agent-1.md as 'Réf-12', which reads the same" in err
    assert err.rstrip().endswith("2 errors in 2 files; nothing was written.")


def test_themes_in_other_scripts_keep_their_own_pages(fixture_site):
    fixture_site.offer("agent-1", deadline="2026-03-01", extra="themes: [Культура]\n")
    fixture_site.offer("agent-2", deadline="2026-03-01", extra="themes: [文化]\n")
    assert fixture_site.build() == 0
    pages = sorted(p.parent.name for p in (fixture_site.out / "themes").glob("*/index.html"))
    assert len(pages) == 2 and "sans-nom" not in pages
    titles = {fixture_site.html(f"themes/{slug}/index.html").h1.get_text(strip=True)
              for slug in pages}
    assert any("Культура" in t for t in titles) and any("文化" in t for t in titles)


def test_offers_that_is_a_file_is_an_error_not_an_empty_site(fixture_site, capsys):
    fixture_site.write("offers", "not a folder")
    err = errors(fixture_site, capsys)
    assert "content/offers: expected a folder of .md files, found a file\n    hint: make " \
           "offers/ a folder and put the files in it" in err
