"""Turn parsed YAML into typed dataclasses, collecting every problem on the way.

This is the machinery behind "front matter as typed structs that validate
themselves": the dataclasses in `model.py` declare their fields with ordinary
type hints (str, int, float, bool, date, Literal[...], list[...], nested
dataclasses, `X | None`) plus metadata (`spec(...)`: `check`, `one_or_many`, `doc`, and
the French description every generated file takes).
`convert()` walks the data against those hints and never raises on bad input:
it returns None for what it could not build and appends a `FieldProblem`
naming the field path, what was found and what was expected.

A dataclass may define `validate(self)` yielding `(field, message, hint)` for
rules that involve several of its fields (a deadline before publication...).
"""

from __future__ import annotations

import dataclasses
import difflib
import functools
import math
import re
import types
import typing
from collections.abc import Callable
from dataclasses import MISSING, dataclass, field
from datetime import date
from typing import Any, Literal

FieldPath = tuple[str | int, ...]

# A check returns None when the value is fine, else (message, hint).
Check = Callable[[Any], "tuple[str, str | None] | None"]

# ASCII digits: date.fromisoformat would read full-width ones.
_ISO_DATE = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")
_FRENCH_DATE = re.compile(r"^([0-9]{1,2})[/.]([0-9]{1,2})[/.]([0-9]{4})$")


# Numbers beyond this are typos, and beyond ~1e308 they are no floats at all (a YAML
# integer has no limit: comparing it with a float, or formatting it, would fail).
MAX_NUMBER = 10**15

# Dates the outputs can write (the day after, UTC times): a year out of range is a typo.
FIRST_DAY, LAST_DAY = date(1900, 1, 1), date(2999, 12, 31)


@dataclass(frozen=True)
class FieldProblem:
    path: FieldPath
    message: str
    hint: str | None = None


@dataclass(frozen=True, eq=False)
class Format:
    """A text format, described once: the check the validator runs and what the generated
    JSON Schema (`schema`: its keywords) and web form (`form`: pattern and French message)
    say of it, so that editors' tools refuse what `check` refuses."""
    check: Check
    schema: dict[str, str]
    form: tuple[str, str] | None = None

    def __call__(self, value: Any):
        return self.check(value)


def spec(*, check: Check | None = None, one_or_many: bool = False, doc: str = "",
         title: str = "", help: str = "", comment: str = "", example: str = "",
         form: str | None = None, missing: str = "", multiline: bool = False,
         data: str = "", **kw) -> Any:
    """A dataclass field with its validation and its description, the one place a field
    of the content is described; the JSON Schema, the scaffold's front matter, the web
    editor's form, the importer's notes and the open-data schema are generated from it.

    check, one_or_many: validation (a `Format` also tells the generated files).
    doc: the hint of the validator's "missing required field" (English, like its messages).
    title, help: French title and description (JSON Schema, form label and help).
    comment, example: the scaffold's comment after the key, and the value shown commented
        out when the file has none (commented front matter of `new` and `import`).
    form: the form's help when `help`, written for YAML, would mislead there ("" for none).
    missing: what the importer tells the editor when a required field is not found.
    multiline: free text on several lines (a text area in the form).
    data: the open-data description when it is not `title`.
    """
    meta = {"check": check, "one_or_many": one_or_many, "doc": doc, "title": title,
            "help": help, "comment": comment, "example": example, "form": form,
            "missing": missing, "multiline": multiline, "data": data}
    return field(metadata=meta, **kw)


def format_path(path: FieldPath) -> str:
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else part)
    return out


def describe(value: Any) -> str:
    """How a found value is named in a message."""
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return f"the yes/no value {str(value).lower()}"
    if isinstance(value, (int, float)):
        digits = len(str(abs(int(value)))) if isinstance(value, int) else 0
        return f"a number of {digits} digits" if digits > 20 else f"the number {value}"
    if isinstance(value, str):
        shown = value if len(value) <= 60 else value[:57] + "..."
        return f"'{shown}'"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping of keys"
    return type(value).__name__


# Control characters (Word's line break U+000B, NUL...) and lone surrogates: invisible
# in an editor, invalid in XML feeds and unencodable in UTF-8.
INVISIBLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
INVISIBLE_HINT = "delete it: it often comes with text pasted from a word processor"


def invisible_message(char: str) -> str:
    return f"found an invisible control character (U+{ord(char):04X})"


def parse_iso_date(value: Any) -> tuple[date | None, tuple[str, str | None] | None]:
    """Parse a YYYY-MM-DD string (our YAML loader keeps dates as text)."""
    if isinstance(value, str) and _ISO_DATE.match(value.strip()):
        try:
            day = date.fromisoformat(value.strip())
        except ValueError:
            return None, (f"found {describe(value)}, which is not a real calendar date",
                          "check the day and the month")
        if not FIRST_DAY <= day <= LAST_DAY:
            return None, (f"found {describe(value)}, expected a year between {FIRST_DAY.year} "
                          f"and {LAST_DAY.year}", "check the year")
        return day, None
    hint = "write dates as YYYY-MM-DD, for example 2026-02-22"
    if isinstance(value, str) and (m := _FRENCH_DATE.match(value.strip())):
        d, mo, y = m.groups()
        try:
            date(int(y), int(mo), int(d))
            hint = f"write {y}-{int(mo):02d}-{int(d):02d} instead of {value.strip()}"
        except ValueError:  # 31/02: suggesting 2026-02-31 would be a second mistake
            return None, (f"found {describe(value)}, which is not a real calendar date",
                          "check the day and the month, then write the date as YYYY-MM-DD")
    return None, (f"found {describe(value)}, expected a date as YYYY-MM-DD", hint)


def convert(tp: Any, value: Any, path: FieldPath, problems: list[FieldProblem],
            extra: dict[str, Any] | None = None, one_or_many: bool = False) -> Any:
    """Convert `value` to type `tp`; on failure append problems and return None."""
    origin = typing.get_origin(tp)

    if origin in (typing.Union, types.UnionType):
        options = [a for a in typing.get_args(tp) if a is not type(None)]
        if value is None:
            return None
        if date in options and str in options:  # "a date, or text such as 'dès que possible'"
            if isinstance(value, str) and _ISO_DATE.match(value.strip()):
                return convert(date, value, path, problems)
            return convert(str, value, path, problems)
        return convert(options[0], value, path, problems, extra, one_or_many)

    if origin is Literal:
        allowed = typing.get_args(tp)
        if value in allowed:
            return value
        close = difflib.get_close_matches(str(value), [str(a) for a in allowed], n=1)
        hint = f"did you mean '{close[0]}'? " if close else ""
        expected = ", ".join(str(a) for a in allowed)
        problems.append(FieldProblem(path, f"found {describe(value)}, expected one of: {expected}",
                                     (hint + "values are case-sensitive") if close else None))
        return None

    if origin is list:
        (item_tp,) = typing.get_args(tp)
        if one_or_many and not isinstance(value, list):
            value = [value]
        if not isinstance(value, list):
            problems.append(FieldProblem(path, f"found {describe(value)}, expected a list",
                                         "write the items as [item1, item2] "
                                         "or one '- item' per line"))
            return None
        items = [convert(item_tp, v, path + (i,), problems) for i, v in enumerate(value)]
        return None if any(i is None for i in items) else items

    if isinstance(tp, type) and dataclasses.is_dataclass(tp):
        return _convert_dataclass(tp, value, path, problems, extra or {})

    if tp is str:
        if isinstance(value, str) and (bad := INVISIBLE.search(value)):
            problems.append(FieldProblem(path, invisible_message(bad.group()),
                                         INVISIBLE_HINT))
            return None
        if isinstance(value, str) and value.strip():
            return value.strip()
        if isinstance(value, str):
            problems.append(FieldProblem(path, "found empty text, expected some text"))
        else:
            problems.append(FieldProblem(path, f"found {describe(value)}, expected text",
                                         "put the value in quotes"))
        return None

    if tp is bool:
        if isinstance(value, bool):
            return value
        problems.append(FieldProblem(path, f"found {describe(value)}, expected true or false"))
        return None

    if tp in (int, float):
        if isinstance(value, (int, float)) and not isinstance(value, bool) \
                and (tp is float or isinstance(value, int)):
            if math.isfinite(value) if isinstance(value, float) else True:
                if abs(value) <= MAX_NUMBER:
                    return value
                problems.append(FieldProblem(path, f"found {describe(value)}, which is too "
                                             "large", "check the value: at most 15 digits"))
                return None
        kind = "a whole number" if tp is int else "a number"
        problems.append(FieldProblem(path, f"found {describe(value)}, expected {kind}",
                                     "write digits only, with a dot for decimals (17.5)"))
        return None

    if tp is date:
        parsed, problem = parse_iso_date(value)
        if problem:
            problems.append(FieldProblem(path, *problem))
        return parsed

    raise TypeError(f"typed.convert: unsupported type {tp!r}")  # a bug in model.py


@functools.cache
def _type_hints(cls: type) -> dict[str, Any]:
    return typing.get_type_hints(cls)  # slow: evaluates the annotations every call


def _convert_dataclass(cls: type, value: Any, path: FieldPath, problems: list[FieldProblem],
                       extra: dict[str, Any]) -> Any:
    if not isinstance(value, dict):
        problems.append(FieldProblem(path, f"found {describe(value)}, expected a mapping of keys",
                                     "write one 'key: value' per line, indented under this key"))
        return None
    hints = _type_hints(cls)
    fields = [f for f in dataclasses.fields(cls) if f.init and f.name not in extra]
    names = [f.name for f in fields]
    ok = True
    for key in value:
        if key not in names:
            ok = False
            close = difflib.get_close_matches(str(key), names, n=1, cutoff=0.6)
            hint = f"did you mean '{close[0]}'?" if close else "allowed keys: " + ", ".join(names)
            problems.append(FieldProblem(path + (str(key),), f"unknown key '{key}'", hint))
    kwargs: dict[str, Any] = dict(extra)
    for f in fields:
        fpath = path + (f.name,)
        required = f.default is MISSING and f.default_factory is MISSING
        raw = value.get(f.name)
        if raw is None:
            if required:
                ok = False
                problems.append(FieldProblem(fpath, "missing required field",
                                             f.metadata.get("doc") or None))
            continue
        before = len(problems)
        converted = convert(hints[f.name], raw, fpath, problems,
                            one_or_many=f.metadata.get("one_or_many", False))
        if len(problems) > before:
            ok = False
            continue
        check = f.metadata.get("check")
        if check:
            for i, item in enumerate(converted if isinstance(converted, list) else [converted]):
                if item is not None and (bad := check(item)):
                    ok = False
                    where = fpath + (i,) if isinstance(converted, list) else fpath
                    problems.append(FieldProblem(where, *bad))
        kwargs[f.name] = converted
    if not ok:
        return None
    obj = cls(**kwargs)
    for fname, message, hint in getattr(obj, "validate", lambda: ())():
        ok = False
        problems.append(FieldProblem(path + tuple(fname.split(".")) if fname else path,
                                     message, hint))
    return obj if ok else None
