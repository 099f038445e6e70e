"""The posting as the field extractors see it, and what an extractor returns.

`Posting` holds the lines with helpers to find labelled facts ("Catégorie : A",
"Fin de candidature 28/09/2025", "Grade<TAB>Attaché"); it remembers which
lines held nothing but a fact that went to the front matter, so that the
Markdown body can leave them out.
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

    def _label(self, label: str, consume: bool) -> tuple[str, int] | None:
        rx = re.compile(r"^\s*(?:" + label + r")(?:\s*\(s\))?(?:\s+\w+\(s\))?"
                        r"(?P<sep>\s*:|\s*\t|\s(?=\S))\s*(?P<value>.*)$")
        for i, folded in enumerate(self.folded):
            if self.lines[i].kind == "meta":
                continue
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


def _clean(text: str) -> str:
    """Markdown emphasis and autolink brackets out; tabs and odd spaces as spaces."""
    text = text.replace("**", "").replace("__", "").replace("\u00a0", " ").replace("’", "'")
    text = re.sub(r"<(https?://[^>\s]+)>", r"\1", text)
    text = re.sub(r"\[bookmark: [^\]]*\]", "", text)
    return text


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
