"""Each field of an offer is described once (its spec() in model.py); the JSON Schema, the
scaffold's commented front matter, the web editor's form, the importer's notes and the
open-data schema and CSV are generated from that one description."""

from __future__ import annotations

import dataclasses
import re
import typing
from dataclasses import dataclass

from jobboard.content import cms, frontmatter, model, schema
from jobboard.content.typed import Format, spec
from jobboard.importer import write
from jobboard.render import opendata


def model_paths(cls: type, prefix: str = "") -> dict[str, dataclasses.Field]:
    """Dotted path → field, for every field an editor writes in `cls` and below."""
    out = {}
    hints = typing.get_type_hints(cls)
    for f in dataclasses.fields(cls):
        if f.name in model.INTERNAL:
            continue
        out[prefix + f.name] = f
        for inner in typing.get_args(hints[f.name]) or (hints[f.name],):
            inner = (typing.get_args(inner) or (inner,))[0]
            if dataclasses.is_dataclass(inner):
                out |= model_paths(inner, f"{prefix}{f.name}.")
    return out


def schema_paths(obj: dict, prefix: str = "") -> dict[str, dict]:
    out = {}
    for key, prop in obj["properties"].items():
        out[prefix + key] = prop
        for option in [prop, *prop.get("anyOf", [])]:
            inner = option.get("items", option)
            if "properties" in inner:
                out |= schema_paths(inner, f"{prefix}{key}.")
    return out


def slot_paths(slots, prefix: str = "") -> dict[str, frontmatter.Slot]:
    out = {}
    for slot in slots:
        out[prefix + slot.key] = slot
        out |= slot_paths(slot.children, f"{prefix}{slot.key}.")
    return out


def form_paths(fields: list[dict], prefix: str = "") -> dict[str, dict]:
    out = {}
    for f in fields:
        out[prefix + f["name"]] = f
        out |= form_paths(f.get("fields", []), f"{prefix}{f['name']}.")
    return out


def test_schema_scaffold_and_form_name_the_same_fields_with_the_one_description():
    fields = model_paths(model.Offer)
    json_schema = schema_paths(schema.object_schema(model.Offer))
    slots = slot_paths(frontmatter.OFFER_SLOTS)
    form = form_paths(cms.fields(model.Offer))
    assert set(fields) == set(json_schema) == set(slots) == set(form), \
        "an offer field is missing from a generated file"
    assert {"employment.type", "contacts.phone", "apply.address"} <= set(fields)  # nested too
    for path, f in fields.items():
        meta = f.metadata
        assert meta["title"], f"{path}: no French title in its spec()"
        assert json_schema[path]["title"] == form[path]["label"] == meta["title"], path
        assert json_schema[path].get("description", "") == meta["help"], path
        expected_hint = meta["help"] if meta["form"] is None else meta["form"]
        assert form[path].get("hint", "") == expected_hint, path
        assert (slots[path].comment, slots[path].example) == (meta["comment"],
                                                             meta["example"]), path
    # The scaffold's order is the model's.
    assert list(slots) == list(fields)


def test_formats_come_from_the_validators_regular_expressions():
    offer = schema_paths(schema.object_schema(model.Offer))
    employer = schema_paths(schema.object_schema(model.Employer))
    form = form_paths(cms.fields(model.Offer))
    assert offer["contacts.phone"]["pattern"] == model._PHONE.pattern
    assert offer["location.postal_code"]["pattern"] == model._POSTAL.pattern
    assert employer["address.postal_code"]["pattern"] == model._POSTAL.pattern
    assert form["contacts.phone"]["pattern"][0] == model._PHONE.pattern
    assert form["apply.email"]["pattern"][0] == model._EMAIL.pattern
    # Every checked field of an offer tells the generated files its format.
    for path, f in model_paths(model.Offer).items():
        if f.metadata["check"] is not None:
            assert isinstance(f.metadata["check"], Format), path


def test_the_importer_notes_every_required_field_the_schema_requires():
    required = schema.object_schema(model.Offer)["required"]
    assert list(write.REQUIRED) == required
    assert set(write.MISSING) == set(required)
    assert all(write.MISSING.values())
    assert write.MISSING["filiere"] == model.Offer.__dataclass_fields__["filiere"] \
        .metadata["missing"]


def test_open_data_takes_the_model_values_and_the_csv_its_columns():
    props = opendata.SCHEMA["properties"]["offers"]["items"]["properties"]
    assert props["categories"]["items"]["enum"] == list(typing.get_args(model.Category))
    assert props["recruitment_routes"]["items"]["enum"] == list(model.ROUTES)
    assert props["employment_type"]["enum"] == list(model.EMPLOYMENT_TYPES)
    assert props["working_time"]["enum"] == [*model.WORKING_TIME_TYPES, None]
    assert props["pay_unit"]["enum"] == [*model.PAY_UNITS, None]
    assert props["contacts"]["items"]["properties"]["phone"]["description"] == "Téléphone"
    # Every CSV column is a key of the JSON record, or a key of one of its mappings.
    flat = set(props) | {f"{k}_{sub}" for k, p in props.items() if p.get("type") == "object"
                         for sub in p["properties"]}
    listed = {c for columns in opendata.CSV_LISTS.values() for c in columns}
    assert set(opendata.CSV_COLUMNS) <= flat | listed
    assert opendata.CSV_COLUMNS[:5] == ["id", "url", "title", "reference", "employers"]
    assert "closes_at" not in opendata.CSV_COLUMNS and "location_city" in opendata.CSV_COLUMNS


def test_a_field_described_once_reaches_every_generated_file():
    """A new field, written once: the schema, the scaffold and the form show it."""
    ZIP = Format(model.check_postal_code, {"pattern": "^[0-9]{5}$"}, ("^[0-9]{5}$", "5 ch."))

    @dataclass(frozen=True, kw_only=True)
    class Bureau:
        code: str = spec(check=ZIP, title="Code du bureau", help="Entre guillemets.",
                         form="Cinq chiffres.", comment="obligatoire : le code",
                         example='"59000"')
        note: str | None = spec(default=None, title="Note", multiline=True)

    prop = schema.object_schema(Bureau)
    assert prop["properties"]["code"] == {"title": "Code du bureau",
                                          "description": "Entre guillemets.",
                                          "type": "string", "minLength": 1,
                                          "pattern": "^[0-9]{5}$"}
    assert prop["required"] == ["code"]
    code, note = cms.fields(Bureau)
    assert (code["label"], code["hint"], code["pattern"]) == ("Code du bureau",
                                                             "Cinq chiffres.",
                                                             ["^[0-9]{5}$", "5 ch."])
    assert note["widget"] == "text" and note["required"] is False
    assert frontmatter.slots(Bureau)[0] == frontmatter.Slot("code", "obligatoire : le code",
                                                            '"59000"')


def test_no_generator_keeps_its_own_table_of_fields():
    """The tables that repeated the model (schema.CHECK_FORMATS, cms.FORM_HINTS…) are gone."""
    for module, names in ((schema, ("CHECK_FORMATS",)),
                          (cms, ("FORM_HINTS", "PATTERNS", "MULTILINE"))):
        for name in names:
            assert not hasattr(module, name), f"{module.__name__}.{name}"
    source = (frontmatter.__file__, write.__file__)
    for path in source:
        text = open(path, encoding="utf-8").read()
        assert not re.search(r'Slot\("title"|"title": "l\'intitulé', text), path


def test_the_employer_scaffold_comments_every_field_from_its_description():
    from jobboard.commands.new import employer_text
    text = employer_text(name="Ville d'Arras", kind="commune", postal_code="62000",
                         city="Arras", departement="62", website="https://arras.example",
                         slug="ville-d-arras")
    lines = text.splitlines()
    for path, f in model_paths(model.Employer).items():
        key = path.split(".")[-1]
        comment = f.metadata["comment"]
        assert comment, f"{path}: no scaffold comment in its spec()"
        assert any(line.lstrip("# ").startswith(f"{key}:") and line.endswith(f"  # {comment}")
                   for line in lines), path
    assert "# description: Une ou deux phrases de présentation.  # facultatif" in lines
