"""Every output path is unique: an editor's file never silently replaces a page of
the site, nor another editor's page (issue 12, point 6)."""

from __future__ import annotations

import pytest

PAGE = "---\ntitle: {title}\n---\nTexte de la page.\n"


def test_a_page_named_like_the_search_page_is_refused_naming_the_file(fixture_site, capsys):
    fixture_site.offer("agent")
    fixture_site.write("pages/recherche.md", PAGE.format(title="Ma recherche"))
    assert fixture_site.build() == 1
    err = capsys.readouterr().err
    assert ("content/pages/recherche.md: the page name 'recherche' is used by the site "
            "itself (/recherche/)") in err
    assert "nothing was written" in err
    assert not fixture_site.out.exists()


def test_check_reports_the_same_collision(fixture_site, capsys):
    from jobboard.cli import main
    fixture_site.offer("agent")
    fixture_site.write("pages/recherche.md", PAGE.format(title="Ma recherche"))
    assert main(["check", "--content", str(fixture_site.content), "--today", "2026-02-01"]) == 1
    assert "content/pages/recherche.md: the page name 'recherche'" in capsys.readouterr().out


@pytest.mark.parametrize("name", ["archives", "employeurs", "categories", "themes", "schema",
                                  "offres", "page", "theme"])
def test_every_folder_of_the_site_is_reserved(fixture_site, capsys, name):
    fixture_site.offer("agent", extra="themes: [Jeunesse]\n")
    fixture_site.write(f"pages/{name}.md", PAGE.format(title="Une page"))
    assert fixture_site.build() == 1
    assert f"content/pages/{name}.md: the page name '{name}' is used by the site itself" \
        in capsys.readouterr().err


def test_a_page_with_a_free_name_is_built(fixture_site):
    fixture_site.offer("agent")
    fixture_site.write("pages/plan-du-site.md", PAGE.format(title="Plan du site"))
    assert fixture_site.build() == 0
    assert "Texte de la page." in fixture_site.read("plan-du-site/index.html")


def test_the_planner_refuses_any_duplicate_output_path():
    from pathlib import Path

    from jobboard.plan.planner import Output, collisions

    class Page:
        def __init__(self, source):
            self.source = source

    outputs = [Output("a-propos/index.html", "page.html", {"static_page": Page("p/a.md")}),
               Output("a-propos/index.html", "page.html", {"static_page": Page("p/b.md")}),
               Output("flux.xml", "rss.xml", {})]
    problems = collisions(outputs, {"flux.xml": Path("x.svg")})
    messages = sorted((p.path, p.message) for p in problems)
    assert messages == [("p/a.md", "makes the page /a-propos/, as p/b.md does"),
                        ("p/b.md", "makes the page /a-propos/, as p/a.md does")]
