"""How problems are printed: for people, for GitHub Actions, or as JSON."""

from __future__ import annotations

import json
from itertools import groupby

from jobboard.problems import Problem, printable


def human(problems: list[Problem]) -> str:
    """`file:line: message` lines, grouped by file, then a count."""
    blocks = []
    for _, group in groupby(sorted(problems, key=_order), key=lambda p: p.path):
        blocks.append("\n".join(p.format() for p in group))
    errors = sum(p.severity == "error" for p in problems)
    warnings = len(problems) - errors
    files = len({p.path for p in problems if p.severity == "error"})
    summary = []
    if errors:
        summary.append(f"{errors} error{'s' * (errors > 1)} in {files} file{'s' * (files > 1)}")
    if warnings:
        summary.append(f"{warnings} warning{'s' * (warnings > 1)}")
    return "\n\n".join(blocks + [""]).rstrip("\n") + ("\n" if blocks else "") + \
        ("; ".join(summary) if summary else "no problem found")


def _escape_data(text: str) -> str:
    # GitHub's workflow-command syntax: '%', CR and LF are escaped in the message (a
    # line break would end the command and let the rest forge another); control
    # characters are written as escapes for the log, as for people.
    return printable(text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A"))


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def github(problems: list[Problem]) -> str:
    """GitHub Actions workflow commands: annotations on the files of a pull request."""
    lines = []
    for p in sorted(problems, key=_order):
        props = f"file={_escape_property(p.path)}"
        if p.line:
            props += f",line={p.line}"
        if p.field:
            props += f",title={_escape_property(p.field)}"
        message = p.message + (f" ({p.hint})" if p.hint else "")
        lines.append(f"::{p.severity} {props}::{_escape_data(message)}")
    return "\n".join(lines)


def as_json(problems: list[Problem]) -> str:
    items = [{"file": p.path, "line": p.line, "field": p.field, "severity": p.severity,
              "message": p.message, "hint": p.hint} for p in sorted(problems, key=_order)]
    valid = not any(p.severity == "error" for p in problems)
    # ASCII with \u escapes: any terminal, pipe or log carries it, whatever its encoding.
    return json.dumps({"valid": valid, "problems": items}, ensure_ascii=True, indent=2)


def _order(p: Problem):
    # Lines in order; problems without a line (a missing field) after them.
    return (p.path, p.line if p.line is not None else 10**9, p.severity, p.field or "", p.message)
