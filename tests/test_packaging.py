"""An installed package builds a site (issue 12, point 2): the wheel carries the templates
and the theme, read with importlib.resources, and a board's own repository overrides one
template or the CSS with --templates and --theme, searched before the built-in ones."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import sysconfig
import venv
import zipfile
from pathlib import Path

import pytest

from tests.conftest import ROOT

SOURCES = ["pyproject.toml", "README.md", "jobboard", "templates", "theme", "admin"]


def files_under(folder: Path) -> list[str]:
    return sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*")
                  if p.is_file() and "__pycache__" not in p.parts)


def tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*"))
            if p.is_file()}


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    """A wheel built from a copy of the sources (the build writes build/ and
    *.egg-info/ where it runs), with the setuptools of this environment: no network."""
    tmp = tmp_path_factory.mktemp("wheel")
    src = tmp / "src"
    src.mkdir()
    for name in SOURCES:
        if (ROOT / name).is_dir():
            shutil.copytree(ROOT / name, src / name,
                            ignore=shutil.ignore_patterns("__pycache__", "*.egg-info"))
        else:
            shutil.copy(ROOT / name, src / name)
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps",
                    "--no-build-isolation", "--no-index", "-w", str(tmp / "dist"), str(src)],
                   check=True, capture_output=True)
    (found,) = (tmp / "dist").glob("jobboard-*.whl")
    return found


@pytest.mark.slow
def test_the_wheel_holds_every_module_template_and_theme_file(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    for folder, packaged in (("templates", "jobboard/_templates"), ("theme", "jobboard/_theme"),
                             ("admin/vendor", "jobboard/_admin")):
        expected = {f"{packaged}/{f}" for f in files_under(ROOT / folder)}
        assert expected and expected <= names, sorted(expected - names)
    modules = {f"jobboard/{f}" for f in files_under(ROOT / "jobboard")
               if f.endswith((".py", ".yaml"))}
    assert modules <= names, sorted(modules - names)  # a package missing from pyproject


@pytest.mark.slow
def test_an_installed_wheel_builds_the_site_from_another_folder(wheel, tmp_path):
    env = tmp_path / "venv"
    venv.create(env, with_pip=False)
    python = env / "bin" / "python"
    subprocess.run([sys.executable, "-m", "pip", "--python", str(python), "install",
                    "--quiet", "--no-deps", "--no-index", str(wheel)],
                   check=True, capture_output=True)
    # The dependencies come from this environment, after the new one's own packages
    # (a .pth line adds a folder without running the editable install's hooks in it).
    site_packages = Path(subprocess.run(
        [python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        check=True, capture_output=True, text=True).stdout.strip())
    (site_packages / "dependencies.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")

    board = tmp_path / "board"
    shutil.copytree(ROOT / "content", board / "content")
    clean = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "JOBBOARD_CACHE")}
    run = subprocess.run([env / "bin" / "jobboard", "--today", "2026-02-01"], cwd=board,
                         env=clean, capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    assert run.stdout.startswith("Built site: ")
    where = subprocess.run([python, "-c", "import jobboard; print(jobboard.__file__)"],
                           cwd=board, env=clean, capture_output=True, text=True).stdout
    assert where.startswith(str(site_packages))  # the wheel's code, not this checkout's

    # The same site as this checkout builds.
    from jobboard.cli import main
    reference = tmp_path / "reference"
    assert main(["--content", str(board / "content"), "--out", str(reference),
                 "--today", "2026-02-01"]) == 0
    assert tree(board / "site") == tree(reference)
    assert (board / "site" / "theme" / "style.css").read_bytes() == \
        (ROOT / "theme" / "style.css").read_bytes()


def test_a_board_overrides_one_template_and_the_css(fixture_site, capsys):
    fixture_site.offer("agent")
    own_templates = fixture_site.root / "own" / "templates"
    (own_templates / "partials").mkdir(parents=True)
    (own_templates / "404.html").write_text(
        '{% extends "base.html" %}{% block content %}<h1>Perdu !</h1>{% endblock %}')
    own_theme = fixture_site.root / "own" / "theme"
    own_theme.mkdir()
    (own_theme / "style.css").write_text("body { color: #123456 }\n")
    assert fixture_site.build("2026-02-01", "--templates", str(own_templates),
                              "--theme", str(own_theme)) == 0
    assert "<h1>Perdu !</h1>" in fixture_site.read("404.html")
    assert fixture_site.read("theme/style.css") == "body { color: #123456 }\n"
    # Everything else is built in.
    assert fixture_site.read("theme/offre.js") == (ROOT / "theme/offre.js").read_text()
    assert "Agent d&#39;accueil" in fixture_site.read("index.html")

    # Editing the override rebuilds what uses it, and only that.
    (own_templates / "404.html").write_text(
        '{% extends "base.html" %}{% block content %}<h1>Introuvable</h1>{% endblock %}')
    assert fixture_site.build("2026-02-01", "--templates", str(own_templates),
                              "--theme", str(own_theme)) == 0
    assert "<h1>Introuvable</h1>" in fixture_site.read("404.html")
    assert "(1 rendered)" in capsys.readouterr().out


def test_an_override_folder_that_does_not_exist_is_a_usage_error(fixture_site, capsys):
    fixture_site.offer("agent")
    assert fixture_site.build("2026-02-01", "--theme", "nulle-part") == 2
    assert "build.py: error: --theme nulle-part: folder not found" in capsys.readouterr().err


def test_the_output_cannot_go_inside_an_override_folder(fixture_site, capsys):
    fixture_site.offer("agent")
    own = fixture_site.root / "own-theme"
    own.mkdir()
    (own / "style.css").write_text("body {}\n")
    assert fixture_site.build("2026-02-01", "--theme", str(own), "--out",
                              str(own / "site")) == 2
    assert "refusing to write the site inside" in capsys.readouterr().err
    assert [p.name for p in own.iterdir()] == ["style.css"]


@pytest.mark.parametrize("text,line,message", [
    ("{% for %}\n", 1, "Expected an expression, got 'end of statement block'"),
    ('{% extends "base.html" %}{% block content %}\n\n{{ page.nope.x }}{% endblock %}\n', 3,
     "'dict object' has no attribute 'nope'"),
])
def test_a_broken_override_is_reported_with_its_file_and_line(fixture_site, capsys, text,
                                                               line, message):
    fixture_site.offer("agent")
    assert fixture_site.build() == 0
    before = fixture_site.files()
    own = fixture_site.root / "own"
    own.mkdir()
    (own / "404.html").write_text(text)
    assert fixture_site.build("2026-02-01", "--templates", str(own)) == 1
    err = capsys.readouterr().err
    assert f"own/404.html:{line}: template error: {message}\n" in err, err
    assert "Traceback" not in err
    assert fixture_site.files() == before
