"""Stage 3: the posting's description → clean Markdown for the offer's body.

The usual sections ("Missions", "Profil", "Conditions", "Candidature"…)
become `##` headings, other short lines that introduce a block ("Animer les
collectifs :", "SAVOIR-FAIRE") become `###`; bullets of every kind (•, -, ➢,
✓, ›, "1)", "1-") become Markdown lists; lines hard-wrapped by a PDF or a
mail client are joined again. Lines that held only a fact now in the front
matter (the title, "Date limite de candidature : …") are left out, and so is
the noise of web pages and Word ("[bookmark: _GoBack]", cookie notices).
"""

from __future__ import annotations

import re

from jobboard.importer.posting import BULLET, Posting, capitalise, recase
from jobboard.text import fold

# Section names, folded, without "vos"/"votre"/"le"/"les" in front: heading level 2.
SECTIONS = {
    "missions", "missions principales", "missions et activites", "activites", "le poste",
    "poste", "description du poste", "descriptif de l'emploi", "descriptif du poste",
    "missions ou activites", "profil", "profil recherche", "profils recherches",
    "description du profil", "competences", "competences requises", "qualites requises",
    "atouts", "atouts pour reussir", "conditions", "conditions de travail",
    "conditions d'emploi", "conditions de recrutement", "avantages", "remuneration",
    "contact", "contacts", "candidature", "candidatures", "pour postuler",
    "modalites de candidature", "comment postuler", "contexte", "presentation",
    "la collectivite", "environnement du poste", "positionnement du poste",
    "informations complementaires", "commentaires", "synthese de l'offre",
    "details de l'offre", "missions et responsabilites principales", "points forts",
    "savoirs", "savoir-faire", "savoir-etre", "savoir faire", "savoir etre",
    "missions suivantes", "aurez en charge les missions suivantes",
    "missions / conditions d'exercice", "missions conditions d'exercice",
    "contact et informations complementaires", "descriptif de l'employeur",
    "profil recherche", "criteres candidat", "informations generales",
}
# Sections that sit under another (the parts of a profile): level 3 inside a section.
SUBSECTIONS = {"savoirs", "savoir-faire", "savoir-etre", "savoir faire", "savoir etre",
               "savoir", "competences techniques", "qualites personnelles"}
# A line ending with ":" that starts like a sentence leads into a list; it is not a title.
_LEAD_IN = re.compile(r"^(?:il|elle|ils|elles|vous|nous|on|ce|cette|ces|le|la|les|l'|votre|"
                      r"vos|notre|nos|afin|pour|dans|au|aux|en|si|pourquoi|qui)\b")
_LEADING = re.compile(r"^(?:[/\\=*#_~-]{2,}\s*|\d+\s*[-.)]\s+(?=[a-z]))")
_ARTICLES = re.compile(r"^(?:vos |votre |nos |notre |le |la |les |l')")
_NOISE = re.compile(r"cookies?\b.*(?:utilise|accept|navigation)|politique des cookies|"
                    r"^\[?bookmark|^partager (?:sur|cette)|^imprimer l'offre|^retour (?:a|aux)",
                    re.I)
_ORDERED = re.compile(r"^\s*(\d{1,2})\s*[.)-]\s+(?=\S)")


def to_markdown(p: Posting) -> str:
    """The body: every line of the posting not used up by the front matter."""
    blocks: list[str] = []  # Markdown blocks, joined by blank lines
    para: list[str] = []
    items: list[str] = []  # the current list, one Markdown line per item
    in_section = False

    def end_para():
        if para:
            blocks.append(" ".join(para))
            para.clear()

    def end_list():
        if items:
            blocks.append("\n".join(items))
            items.clear()

    for i, line in enumerate(p.lines):
        text = p.texts[i].strip()
        folded = fold(text)
        if i in p.used or line.kind == "meta" or _NOISE.search(folded):
            continue
        if not text:
            end_para()
            continue
        level = _heading_level(line, text, folded, in_section)
        if level:
            end_para()
            end_list()
            blocks.append("#" * level + " " + _heading_text(text, p.text))
            in_section = in_section or level == 2
            continue
        bullet = BULLET.match(text) if line.kind != "item" else None
        ordered = _ORDERED.match(text)
        if line.kind == "item" or bullet or ordered:
            end_para()
            depth = line.level if line.kind == "item" else (1 if _indented(p.lines[i].text) and
                                                              items else 0)
            if ordered and not bullet and line.kind != "item":
                body, mark = text[ordered.end():], f"{ordered[1]}."
            else:
                body, mark = text[bullet.end():] if bullet else text, "-"
            items.append("  " * depth + f"{mark} {_escape(body.strip())}")
            continue
        if items and _continues(items[-1], text):
            items[-1] += " " + _escape(text)
            continue
        end_list()
        if para and _continues(para[-1], text):
            para[-1] += " " + _escape(text)
        else:
            end_para()
            para.append(_escape(text))
    end_para()
    end_list()
    return "\n\n".join(b for b in blocks if b.strip()) + "\n"


def _heading_level(line, text: str, folded: str, in_section: bool) -> int:
    if line.kind == "heading":
        return min(3, max(2, line.level))
    if line.kind == "item":
        return 0
    if len(text) > 90 or BULLET.match(text) and not text.startswith("//"):
        return 0
    name = _LEADING.sub("", folded).strip(" :.!?").strip()
    name = _ARTICLES.sub("", name)
    if name in SUBSECTIONS:
        return 3 if in_section else 2
    if name in SECTIONS or re.sub(r"^(?:vous |nous )", "", name) in SECTIONS:
        return 2
    if re.match(r"^/{3,}", text):  # "//////// SOYEZ DOUAI !": a banner heading
        return 2
    letters = [c for c in text if c.isalpha()]
    all_caps = len(letters) >= 4 and all(c.isupper() for c in letters)
    if all_caps and len(text.split()) <= 10:
        return 3 if in_section else 2
    if text.endswith(":") and len(text.split()) <= 10 and not _ORDERED.match(text) \
            and not _LEAD_IN.match(folded):
        return 3 if in_section else 2
    return 0


def _heading_text(text: str, p_text: str) -> str:
    text = _LEADING.sub("", text.lstrip("#/ ")).strip(" :")
    letters = [c for c in text if c.isalpha()]
    if letters and all(c.isupper() for c in letters):
        text = recase(text, p_text)
    return _escape(capitalise(text))


def _indented(raw: str) -> bool:
    return raw[:1] in (" ", "\t") and raw.strip()[:1] in "-•·*➢✓›o"


_LINKS = {"le", "la", "les", "l'", "de", "du", "des", "d'", "à", "a", "au", "aux", "et", "ou",
          "en", "par", "pour", "sur", "avec", "un", "une"}


def _continues(previous: str, text: str) -> bool:
    """A hard-wrapped line: the previous one stops mid-sentence and this one goes on."""
    previous = previous.rstrip()
    if previous.endswith((".", ":", ";", "!", "?", "»")):
        return False
    last = previous.split()[-1].lower() if previous.split() else ""
    return text[:1].islower() or last in _LINKS


def _escape(text: str) -> str:
    """Text that Markdown would read as something else: a leading '#', '>' or '+'."""
    text = re.sub(r"\s+", " ", text)
    if text[:1] in "#>+=":
        text = "\\" + text
    return text
