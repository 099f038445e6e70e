"""The pipeline is the layout: content → plan → render → build. A stage imports only
from the stages before it (and the shared modules), so that the planner stays a pure
function of the model and the model can be read without the rest."""

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "jobboard"
LATER = ["jobboard.plan", "jobboard.render", "jobboard.build", "jobboard.commands",
         "jobboard.cli", "jobboard.importer"]
# What each stage must never import (the module itself or anything under it).
FORBIDDEN = {
    "content": LATER,
    "plan": ["jobboard.content.reader"] + LATER[1:],
    "render": ["jobboard.content.reader"] + LATER[2:],
}


def imported(path: Path) -> set[str]:
    """Every module a file imports, at the top or inside a function."""
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.Import):
            names |= {a.name for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            # `from jobboard.content import reader` imports jobboard.content.reader.
            names |= {node.module} | {f"{node.module}.{a.name}" for a in node.names}
    return names


def violations(stage: str) -> list[str]:
    found = []
    for path in sorted((PACKAGE / stage).rglob("*.py")):
        for name in sorted(imported(path)):
            for banned in FORBIDDEN[stage]:
                if name == banned or name.startswith(banned + "."):
                    found.append(f"{path.relative_to(PACKAGE.parent)} imports {name}")
    return found


@pytest.mark.parametrize("stage", sorted(FORBIDDEN))
def test_a_stage_imports_no_later_stage(stage):
    assert violations(stage) == []


def test_the_scan_sees_imports_of_every_form(tmp_path):
    """The check itself: each way of writing an import is caught."""
    sample = tmp_path / "m.py"
    sample.write_text("import jobboard.build.pipeline\n"
                      "from jobboard.content import reader\n"
                      "def f():\n    from jobboard.build import writer\n", encoding="utf-8")
    names = imported(sample)
    assert {"jobboard.build.pipeline", "jobboard.content.reader",
            "jobboard.build.writer"} <= names


def test_planning_does_not_load_the_reader():
    """Importing the planner (a fresh interpreter) loads neither the reader nor the build."""
    import subprocess
    import sys
    code = ("import sys, jobboard.plan.planner, jobboard.plan.views, jobboard.plan.facets\n"
            "print(sorted(m for m in sys.modules if m == 'jobboard.content.reader'"
            " or m.startswith(('jobboard.build', 'jobboard.render'))))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True, cwd=PACKAGE.parent).stdout.strip()
    assert out == "[]"
