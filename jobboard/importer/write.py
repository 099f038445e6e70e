"""Stage 4: the extracted fields → the draft offer file, through the scaffold's writer.

The front matter is `scaffold.render_front_matter`, so an imported draft has
every field and comment a `new offer` file has. Each field the importer is
unsure of gets a line "# À vérifier : …" above it; each required field it could
not find, "# Non trouvé dans l'annonce : …" above the commented-out example,
so that `check` names it and the editor knows why. No date comes from the
clock: without a stated publication date, `published` is left to git.
"""

from __future__ import annotations

from jobboard.content.frontmatter import render_front_matter
from jobboard.importer.posting import Found

REQUIRED = ("title", "employers", "deadline", "categories", "filiere", "employment", "apply")

# What to tell the editor about a required field the posting does not give.
MISSING = {
    "title": "l'intitulé du poste ; écrivez-le avec (F/H)",
    "employers": "l'employeur ; écrivez le nom de son fichier dans content/employers/ "
                 "(créez-le avec build.py new employer s'il n'existe pas)",
    "deadline": "la date limite de candidature ; écrivez-la au format AAAA-MM-JJ",
    "categories": "la catégorie, ni écrite ni déductible d'un cadre d'emplois",
    "filiere": "la filière",
    "employment": "le type d'emploi",
    "apply": "un courriel, un lien ou une adresse postale de candidature",
}
# Optional fields worth a look when absent, and what they are.
WORTH_NOTING = {"contacts": "une personne à contacter", "pay": "la rémunération",
                "working_time": "le temps de travail"}


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
