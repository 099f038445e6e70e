"""Stage 4: the extracted fields → the draft offer file, through the scaffold's writer.

The front matter is `scaffold.render_front_matter`, so an imported draft has
every field and comment a `new offer` file has. Each field the importer is
unsure of gets a line "# À vérifier : …" above it; each required field it could
not find, "# Non trouvé dans l'annonce : …" above the commented-out example,
so that `check` names it and the editor knows why. No date comes from the
clock: without a stated publication date, `published` is left to git.
"""

from __future__ import annotations

import dataclasses

from jobboard.content import model
from jobboard.content.frontmatter import render_front_matter
from jobboard.importer.posting import Found

# The fields an editor must write (the model's required ones; `published` is left to
# git), and what to tell the editor when the posting does not give one: the `missing` of
# each field's spec() in model.py, which optional fields worth a look have too.
REQUIRED = tuple(f.name for f in dataclasses.fields(model.Offer)
                 if f.name not in model.INTERNAL | {"published"}
                 and f.default is dataclasses.MISSING
                 and f.default_factory is dataclasses.MISSING)
MISSING = {f.name: f.metadata["missing"] for f in dataclasses.fields(model.Offer)
           if f.name in REQUIRED}
WORTH_NOTING = {f.name: f.metadata["missing"] for f in dataclasses.fields(model.Offer)
                if f.name not in REQUIRED and f.metadata.get("missing")}


def render(found: dict[str, Found], body: str, source_name: str) -> tuple[str, list[str],
                                                                         list[str]]:
    """The file's text, the fields to check and the required fields not found."""
    values: dict = {}
    notes: dict[str, str] = {}
    unsure, missing = [], []
    for key, f in found.items():
        if f.value in (None, [], {}):
            if f.note and key not in REQUIRED:  # "grade non reconnu : « Recherché »"
                notes[key] = "Non trouvé dans l'annonce : " + f.note
            continue
        values[key] = f.value
        if not f.sure:
            unsure.append(key)
            notes[key] = "À vérifier : " + (f.note or "valeur reprise de l'annonce")
    for key in REQUIRED:
        if key not in values:
            missing.append(key)
            why = found[key].note + " ; " if key in found and found[key].note else ""
            notes[key] = "Non trouvé dans l'annonce : " + why + MISSING[key]
    for key, what in WORTH_NOTING.items():
        if key not in values:
            notes[key] = f"Non trouvé dans l'annonce : {what}"
    values["draft"] = True
    header = (f"# Brouillon importé de « {source_name} » par build.py import : relisez chaque\n"
              "# champ, surtout ceux marqués « À vérifier » ou « Non trouvé ».\n"
              "# yaml-language-server: $schema=../../docs/schema/offre.json\n"
              "# Les lignes qui commencent par « # » sont des commentaires : retirez le « # »\n"
              "# d'un champ facultatif pour l'utiliser. Guide : content/README.md\n")
    return render_front_matter(values, notes, header) + body, unsure, missing
