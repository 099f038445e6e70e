"""Writing content files: an offer's front matter with every field in order, commented in
French (`render_front_matter`), the offer file-name rule (`offer_slug`), and a writer that
never overwrites (`write_new`). Used by `build.py new` and by the importer.
"""

from __future__ import annotations

import dataclasses
import typing
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import yaml

from jobboard.content import model
from jobboard.text import slugify

# --- The offer's front matter: every field, in order, with its French comment ---------
# (generated from the model: each field's comment and example are in its spec())

@dataclass(frozen=True)
class Slot:
    """One front-matter key: its comment for editors and the example shown, commented
    out, when the file has no value for it. `children` for a mapping (or, with
    `many`, a list of mappings)."""
    key: str
    comment: str = ""
    example: str = ""
    children: tuple[Slot, ...] = ()
    many: bool = False


def slots(cls: type) -> tuple[Slot, ...]:
    """The slots of a model dataclass, in field order, from each field's `spec(comment=...,
    example=...)`: a nested dataclass gives children, a list of them `many`."""
    hints = typing.get_type_hints(cls)
    out = []
    for f in dataclasses.fields(cls):
        if f.name in model.INTERNAL:
            continue
        tp = hints[f.name]
        many = typing.get_origin(tp) is list
        inner = [a for a in (typing.get_args(tp) or (tp,))
                 if isinstance(a, type) and dataclasses.is_dataclass(a)]
        out.append(Slot(f.name, f.metadata["comment"], f.metadata["example"],
                        slots(inner[0]) if inner else (), many and bool(inner)))
    return tuple(out)


OFFER_SLOTS: tuple[Slot, ...] = slots(model.Offer)

OFFER_HEADER = """\
# yaml-language-server: $schema=../../docs/schema/offre.json
# Offre d'emploi. Les lignes qui commencent par « # » sont des commentaires :
# retirez le « # » d'un champ facultatif pour l'utiliser. Guide : content/README.md
"""

# The scaffold's body: headings, and placeholder lines that an editor replaces. `check`
# refuses a published offer still holding one of them (see `placeholder_lines`).
PLACEHOLDERS = (
    "Présentez la collectivité et le service en quelques phrases.",
    "Première mission ;",
    "Deuxième mission.",
    "Formation ou expérience attendue ;",
    "Qualités recherchées.",
)

OFFER_BODY = """\
## Le contexte

{0}

## Vos missions

- {1}
- {2}

## Votre profil

- {3}
- {4}
""".format(*PLACEHOLDERS)


def placeholder_lines(body: str, first_line: int) -> list[tuple[int, str]]:
    """(file line, placeholder) for each line of `body` that still holds scaffold text."""
    found = []
    for i, line in enumerate(body.split("\n")):
        for text in PLACEHOLDERS:
            if text in line:
                found.append((first_line + i, text))
                break
    return found


def yaml_value(value) -> str:
    """One value as YAML on the key's line: dates bare, lists in flow style, text quoted
    only when YAML needs it."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, (int, float)):
        return str(value)
    if isinstance(value, list):
        return yaml.safe_dump(value, default_flow_style=True, allow_unicode=True,
                              width=10**9).strip()
    return yaml_scalar(str(value))


def render_front_matter(values: dict, notes: dict[str, str] | None = None,
                        header: str = OFFER_HEADER) -> str:
    """The offer's front matter, '---' to '---': a line for every field of OFFER_SLOTS,
    the given ones with their value, the others commented out with an example.

    `notes` maps a key path ("deadline", "working_time.type") to a French remark
    for the editor, written on the line above that field.
    """
    notes = notes or {}
    out = ["---", *header.rstrip("\n").split("\n")]
    for slot in OFFER_SLOTS:
        _render_slot(out, slot, values.get(slot.key), slot.key, notes, "", slot.key in values)
    out.append("---")
    return "\n".join(out) + "\n"


def _line(indent: str, key: str, value: str, comment: str, off: bool,
          parent_off: bool = False) -> str:
    """One `key: value  # comment` line; commented out so that removing "# " restores it
    (after the indentation when the parent mapping is in use, before it otherwise)."""
    text = f"{key}:" + (f" {value}" if value else "")
    if comment:
        text += f"  # {comment}"
    if not off:
        return indent + text
    return f"# {indent}{text}" if parent_off or not indent else f"{indent}# {text}"


def _render_slot(out: list[str], slot: Slot, value, path: str, notes: dict, indent: str,
                 present: bool, parent_off: bool = False) -> None:
    off = parent_off or not present or value is None
    for note in notes.get(path, "").split("\n") if notes.get(path) else ():
        out.append(f"{indent}# {note}")
    if not slot.children:
        if off:
            shown = slot.example.split("\n")
            out.append(_line(indent, slot.key, shown[0], slot.comment, True, parent_off))
            lead = f"# {indent}" if parent_off or not indent else f"{indent}# "
            out.extend(f"{lead}{extra}" for extra in shown[1:])
        elif isinstance(value, str) and "\n" in value:
            out.append(_line(indent, slot.key, "|", slot.comment, False))
            out.extend(f"{indent}  {part}" for part in value.rstrip("\n").split("\n"))
        else:
            out.append(_line(indent, slot.key, yaml_value(value), slot.comment, False))
        return
    out.append(_line(indent, slot.key, "", slot.comment, off, parent_off))
    if slot.many:
        items = value if not off else [{}]
        for item in items:
            first = True
            for child in slot.children:
                present_child = not off and child.key in item
                if not present_child and not off:
                    continue
                lead = "  - " if first else "    "
                first = False
                text = _line("", child.key, "" if not present_child else
                             yaml_value(item[child.key]), "", False)
                if not present_child:
                    text = f"{child.key}: {child.example}"
                out.append(("# " if off else "") + lead + text)
        return
    for child in slot.children:
        child_value = value.get(child.key) if isinstance(value, dict) else None
        _render_slot(out, child, child_value, f"{path}.{child.key}", notes, indent + "  ",
                     not off and isinstance(value, dict) and child.key in value, off)


def yaml_scalar(text: str) -> str:
    """A YAML scalar for a value typed by a person (quotes when needed)."""
    return yaml.safe_dump(text, allow_unicode=True, width=1000).removesuffix("\n...\n").strip()


def offer_slug(title: str | None, city: str) -> str:
    """An offer's file name: its title without (F/H), then the town."""
    words = (title or "offre").replace("(F/H)", "").replace("(H/F)", "")
    return slugify(f"{words} {city}")


def write_new(folder: Path, slug: str, suffix: str, text: str) -> Path:
    """Write content/x/<slug><suffix>, or <slug>-2, -3... if taken: never overwrite.

    The file is created exclusively ("x" mode), so a file appearing between the
    check and the write is not overwritten either.
    """
    folder.mkdir(parents=True, exist_ok=True)
    n = 1
    while True:
        path = folder / (f"{slug}{suffix}" if n == 1 else f"{slug}-{n}{suffix}")
        try:
            with path.open("x", encoding="utf-8") as f:
                f.write(text)
            return path
        except FileExistsError:
            n += 1


