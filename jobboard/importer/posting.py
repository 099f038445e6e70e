"""The posting as the field extractors see it, and what an extractor returns.

`Posting` holds the lines with helpers to find labelled facts in the three ways
postings lay them out: "Catégorie : A" or "Fin de candidature 28/09/2025" on one
line; a label alone on its line with its value on the next line(s), as
emploi-territorial.fr, Talentsoft and most boards print them ("Grade(s)
recherché(s)" then one grade a line); and the State's one-line format, where a
whole header is one long line ("Référence : … Versant : … Catégorie : …"),
which `split_inline_labels` cuts at each known label. It remembers which lines
held nothing but a fact that went to the front matter, so that the Markdown body
can leave them out.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from jobboard.importer.extract import Line
from jobboard.text import fold

# Bullet marks postings use, from Word, PDFs and web pages.
BULLET = re.compile(r"^\s*(?:[-•·*➢✓✔›»▪◦‣⁃–—→►■□●○\uf0b7\uf0a7\uf0d8\uf076]|o(?=\s))\s*"
                    r"(?:[›»•]\s*)?")


@dataclass
class Found:
    """One extracted value; `sure` False and `note` (French, for the editor) when unsure."""
    value: Any
    sure: bool = True
    note: str = ""


# The labels of header facts on the boards and ATS pages of the fonction publique
# (folded: lower case, no accents). A line that is one of them, alone, announces its
# value on the next line(s); a block of value lines ends at the next such label.
FACT_LABELS = (
    r"intitule (?:du poste|de l'offre|de l'emploi)", r"offre n°", r"n° (?:de l')?offre",
    r"numero (?:de l')?offre", r"references?(?: de l'offre| du poste| de l'annonce)?",
    r"publiee le", r"date de (?:premiere )?publication(?: de l'offre)?",
    r"date de debut de publication", r"mise en ligne le", r"synthese de l'offre",
    r"details de l'offre", r"employeurs?", r"etablissement", r"collectivite",
    r"organisme(?: de rattachement)?", r"site web de l'employeur", r"lieux? de travail",
    r"localisation(?: du lieu de travail| du poste)?", r"lieu d'affectation",
    r"adresse du (?:poste|lieu de travail)", r"poste a pourvoir(?: le| a compter du)?",
    r"date (?:de )?(?:debut|prise de poste|prise de fonctions?)", r"a compter du",
    r"date prevue du recrutement", r"prise de poste", r"date limite de candidatures?",
    r"date limite de depot des candidatures", r"fin de candidatures?",
    r"date de fin de (?:publication|candidature)", r"date butoir", r"type d'emploi",
    r"type de contrat", r"nature de l'emploi", r"nature du contrat", r"statut(?: du poste)?",
    r"motif de vacance(?: du poste)?", r"motif du recrutement", r"nombre de postes",
    r"famille de metiers?", r"metiers?", r"domaine(?: fonctionnel| d'activite)?",
    r"sous-domaine", r"grades?(?: recherches?| ouverts?)?",
    r"cadres? d'emplois?", r"cadre d'emplois? / grades?",
    r"ouvert aux contractuels", r"temps de travail", r"duree(?: hebdomadaire)?(?: du temps de travail)?",
    r"quotite(?: de travail)?", r"teletravail", r"versant", r"categories?",
    r"filieres?", r"descriptif de l'emploi", r"missions ou activites", r"profils? recherches?",
    r"contact et informations complementaires", r"telephone(?: collectivite)?",
    r"adresse e-mail", r"lien de candidature", r"salaire indicatif", r"remuneration",
    r"niveau d'etudes?(?: requis)?", r"experience(?: souhaitee| requise)?", r"specialites?",
    r"travailleurs handicapes", r"service d'affectation", r"affectation(?: du poste)?",
    r"direction", r"poste",
    r"date de fin de contrat", r"duree (?:du contrat|de la mission|de l'engagement)",
)
_LABEL_ALONE = re.compile(r"^(?:" + "|".join(FACT_LABELS) + r")\s*:?$")
# Of those, the ones that head a part of the description: kept in the body.
_SECTION_LABELS = re.compile(r"^(?:descriptif de l'emploi|missions ou activites|profils? recherches?|"
                             r"contact et informations complementaires|remuneration|poste|"
                             r"direction|experience.*|niveau d'etudes.*|specialites?|"
                             r"travailleurs handicapes)\s*:?$")
# "Label : value" lines whose fact goes to the front matter.
_HEADER_FACT = re.compile(
    r"^(?:employeurs?|etablissement|collectivite|organisme(?: de rattachement)?|versant|"
    r"nature de l'emploi|nature du contrat|type d'emploi|type de contrat|categories?|"
    r"filieres?|grades?|references?(?: de l'offre)?|offre n°|localisation|lieux? de travail|"
    r"date limite de candidatures?|date de publication|date de prise de poste|"
    r"poste a pourvoir(?: le)?|a compter du|fin de candidatures?|famille de metiers?|"
    r"duree du contrat|cadres? d'emplois?)\s*:\s*\S")
# In a long line, a known label followed by " : " starts a new fact.
_INLINE = re.compile(r"(?<=\S)\s+(?=(?:" + "|".join(FACT_LABELS) + r")(?:\s*\((?:e|s|es)\))*\s*:\s*\S)")
LONG_LINE = 200


def split_inline_labels(lines: list[Line]) -> list[Line]:
    """Long lines holding several "Label : value" facts, cut at each label (the State's
    board and some ATS pages print a whole header as one line)."""
    out: list[Line] = []
    for line in lines:
        text = line.text
        if len(text) <= LONG_LINE or line.kind == "meta":
            out.append(line)
            continue
        folded = fold(_clean(text))
        clean = _clean(text)
        # A label starts with a capital in the source ("Versant :"), not a word of a sentence.
        cuts = [m.end() for m in _INLINE.finditer(folded) if clean[m.end()].isupper()]
        if len(cuts) < 2:
            out.append(line)
            continue
        bounds = [0] + cuts + [len(clean)]
        for a, b in zip(bounds, bounds[1:]):
            part = clean[a:b].strip()
            if part:
                out.append(Line(part, line.kind if a == 0 else "text", line.level))
    return out


@dataclass
class Posting:
    lines: list[Line]
    used: set[int] = field(default_factory=set)  # lines now in the front matter only

    def __post_init__(self):
        self.texts = [_clean(line.text) for line in self.lines]
        self.folded = [fold(t) for t in self.texts]
        self.text = "\n".join(self.texts)

    def nonempty(self, limit: int | None = None) -> list[int]:
        idx = [i for i, t in enumerate(self.texts) if t.strip()]
        return idx[:limit] if limit else idx

    def label(self, *labels: str, consume: bool = True) -> tuple[str, int] | None:
        """The value after the first line starting with one of `labels` (folded, regex).

        The label may be followed by ":", a tab, or a space; "Grade(s) recherché(s)" and
        "Grade" both match the label "grades?( recherches?)?".
        """
        for label in labels:  # in order of preference
            hit = self._label(label, consume)
            if hit:
                return hit
        return None

    def is_label_line(self, i: int) -> bool:
        """Line i is a known fact label alone ("Grade(s) recherché(s)", "Employeur :")."""
        return bool(_LABEL_ALONE.match(bare(self.folded[i])))

    def block(self, *labels: str, consume: bool = True, limit: int = 40
              ) -> tuple[list[str], int] | None:
        """The value lines under the first line that is one of `labels` alone (the
        emploi-territorial.fr layout), up to the next known label or blank line; or
        the value after "Label :" on one line. None when no such label is there."""
        for label in labels:
            rx = re.compile(r"^(?:" + label + r")\s*:?$")
            for i, folded in enumerate(self.folded):
                if self.lines[i].kind == "meta" or not rx.match(bare(folded)):
                    continue
                values: list[str] = []
                j = i + 1
                while j < len(self.texts) and (not self.texts[j].strip() or rx.match(
                        bare(self.folded[j]))) and j - i <= 3:
                    j += 1  # a blank line (web pages) or the label again ("Lieu de travail :")
                while j < len(self.texts) and len(values) < limit and (
                        self.texts[j].strip() or self._address_goes_on(j)) \
                        and not self.is_label_line(j):
                    if not self.texts[j].strip():
                        j += 1
                        continue
                    value = self.texts[j].strip()
                    # "Lieu de travail" then "Lieu de travail : …": the label once.
                    same = re.match(r"^(?:" + label + r")(?:\s*\((?:e|s|es)\))*\s*:\s*",
                                    fold(value))
                    values.append(value[same.end():] if same else value)
                    j += 1
                if consume:
                    self.used.update(range(i, j))
                return values, i
            hit = self._label(label, consume)
            if hit:
                values, j = [hit[0]], hit[1] + 1
                # A value hard-wrapped by a PDF or a mail goes on below ("… principal de" /
                # "2ème classe", "59230 Saint-Amand-les-" / "Eaux", "1er avril" / "2026").
                while j < len(self.texts) and self.texts[j].strip() and len(values) < 4 \
                        and not self.is_label_line(j) and _continues(values[-1], self.texts[j]):
                    values[-1] = _join(values[-1], self.texts[j].strip())
                    if consume:
                        self.used.add(j)
                    j += 1
                return values, hit[1]
        return None

    def _address_goes_on(self, j: int) -> bool:
        """Line j is blank and the next one goes on with an address ("21 rue X",
        "62300 Lens"): web pages put each line of a block in its own paragraph."""
        nxt = self.texts[j + 1].strip() if j + 1 < len(self.texts) else ""
        return not self.texts[j].strip() and bool(nxt) and len(nxt) <= 80 \
            and bool(re.match(r"^\d|.*\b\d{5}\b", nxt))

    def consume_fact_blocks(self) -> None:
        """Every header fact laid out as a label alone and its value lines (emploi-
        territorial.fr, Talentsoft), or as a short "Label : value" line of the facts the
        front matter holds ("Employeur : …", "Versant : …"): not the body."""
        for i in range(len(self.texts)):
            if len(self.texts[i]) <= 100 and _HEADER_FACT.match(bare(self.folded[i])):
                self.used.add(i)
            if self.is_label_line(i) and not _SECTION_LABELS.match(bare(self.folded[i])):
                self.used.add(i)
                j = i + 1
                while j < len(self.texts) and not self.texts[j].strip() and j - i <= 2:
                    j += 1
                while j < len(self.texts) and (self.texts[j].strip() or self._address_goes_on(j)) \
                        and j - i <= 41 and not self.is_label_line(j):
                    self.used.add(j)
                    j += 1

    def _label(self, label: str, consume: bool) -> tuple[str, int] | None:
        rx = re.compile(r"^\s*(?:" + label + r")(?:\s*\(s\))?(?:\s+\w+\(s\))?"
                        r"(?P<sep>\s*:|\s*\t|\s(?=\S))\s*(?P<value>.*)$")
        for i, folded in enumerate(self.folded):
            if self.lines[i].kind == "meta":
                continue
            if self.is_label_line(i):
                if re.match(r"^(?:" + label + r")\s*:?$", bare(folded)):
                    found = self.block(label, consume=consume)
                    if found and found[0]:
                        return found[0][0], found[1]
                continue  # another label alone ("Contact et informations complémentaires")
            m = rx.match(BULLET.sub("", folded, count=1))
            # "Filière Administrative" (no colon) only on a short line, not in a sentence.
            if m and m['value'].strip() and (m['sep'].strip(" ") or len(folded) <= 100):
                original = BULLET.sub("", self.texts[i], count=1)
                value = original[len(original) - len(m['value']):].strip()
                if consume:
                    self.used.add(i)
                return value, i
        return None

    def lines_matching(self, pattern: str) -> list[int]:
        rx = re.compile(pattern)
        return [i for i, f in enumerate(self.folded) if rx.search(f)]


_LINK_END = re.compile(r"(?:\b(?:de|du|des|d'|la|le|les|l'|et|ou|a|au|aux|en|sur|par|pour|"
                       r"principal|principale|janvier|fevrier|mars|avril|mai|juin|juillet|aout|"
                       r"septembre|octobre|novembre|decembre)|[,\-–]|\b\d{5})\s*$")


def _continues(value: str, following: str) -> bool:
    """`following` is the rest of a value cut at the end of `value`'s line."""
    nxt = following.strip()
    if re.match(r"^[A-ZÉÈÀ][\w'’ -]{0,40}\s:", nxt):  # "Catégorie : B": a new fact
        return False
    return bool(_LINK_END.search(fold(value))) or (
        len(nxt) <= 40 and bool(re.match(r"^(?:[a-zéèàâêîôûç]|\d)", nxt)))


def _join(value: str, following: str) -> str:
    return value + following if value.endswith("-") and not value.endswith(" -") \
        else value + " " + following


def bare(folded: str) -> str:
    """A folded line as a label: no bullet, no "(s)"/"(e)" plural marks, no end spaces."""
    return re.sub(r"\s*\((?:e|s|es|x)\)", "", BULLET.sub("", folded, count=1)).strip()


def _clean(text: str) -> str:
    """Markdown emphasis and autolink brackets out; tabs and odd spaces as spaces."""
    text = text.replace("**", "").replace("__", "").replace("\u00a0", " ").replace("’", "'")
    text = re.sub(r"<(https?://[^>\s]+)>", r"\1", text)
    text = re.sub(r"\[bookmark: [^\]]*\]", "", text)
    # Control characters (a PDF's form feed, Word's vertical tab) are no text; YAML and
    # the build refuse them.
    return re.sub(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029]", " ", text)


def clause(text: str, start: int, end: int) -> str:
    """The part of `text` around [start, end) between separators (, ; . ( ) and line ends)."""
    left = max(text.rfind(sep, 0, start) for sep in (",", ";", ". ", "\n", "(", "›", "•"))
    right_candidates = [p for p in (text.find(sep, end) for sep in (",", ";", ". ", "\n", ")"))
                        if p != -1]
    right = min(right_candidates) if right_candidates else len(text)
    return text[left + 1:right].strip(" .:-–")


def capitalise(text: str) -> str:
    return text[:1].upper() + text[1:] if text else text


def sentence_case(text: str) -> str:
    """'CHARGÉE DE MISSION' → 'Chargée de mission' (for all-caps text)."""
    low = text.lower()
    return capitalise(low)


def recase(text: str, context: str) -> str:
    """An all-caps line in sentence case, keeping the capital of the words the posting
    never writes in lower case elsewhere ("SOYEZ DOUAI !" → "Soyez Douai !")."""
    words = []
    for word in sentence_case(text).split(" "):
        core = word.strip(".,;:!?()«»\"'")
        if core and core.isalpha() and len(core) > 1 and word == word.lower() \
                and re.search(rf"\b{re.escape(core.capitalize())}\b", context) \
                and not re.search(rf"\b{re.escape(core)}\b", context):
            word = word.replace(core, core.capitalize(), 1)
        words.append(word)
    return capitalise(" ".join(words))
