"""French text made comparable: URL slugs ("Cité éducative" → cite-educative), a sort key,
and accent folding for matching."""

from __future__ import annotations

import hashlib
import re
import unicodedata
from functools import cache, lru_cache


@lru_cache(maxsize=8192)  # a plan slugs each offer's city and themes: a few hundred names
def slugify(text: str) -> str:
    """French text → ASCII slug. Letters and digits that do not fold to ASCII (another
    script: "Культура", "文化") would vanish, and distinct names would share one slug
    (they all became 'sans-nom'): the slug then ends with a short hash of the name."""
    text = text.replace("œ", "oe").replace("Œ", "Oe").replace("æ", "ae").replace("Æ", "Ae") \
        .replace("ß", "ss")
    decomposed = unicodedata.normalize("NFKD", text)
    ascii_text = decomposed.encode("ascii", "ignore").decode("ascii")
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    if any(c.isalnum() and not c.isascii() for c in decomposed):
        name = unicodedata.normalize("NFC", text).casefold().strip()
        tag = hashlib.blake2b(name.encode(), digest_size=4).hexdigest()
        return f"{slug}-{tag}" if slug else tag
    return slug or "sans-nom"


def collation_key(text: str) -> tuple[str, str]:
    """Sort French names as a reader expects: accents and case do not come first."""
    base = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return (base.casefold(), text)


def fold(text: str) -> str:
    """Lower case without accents, one character for one: positions in the folded text
    are positions in the original, so a match can be cut out of the original."""
    return "".join(_fold_char(c) for c in text)


@cache
def _fold_char(c: str) -> str:
    if c in "’‘`´":
        return "'"
    ascii_ = unicodedata.normalize("NFKD", c).encode("ascii", "ignore").decode("ascii")
    return (ascii_[:1] or c).lower()


def nearest(word: str, names, n: int = 5) -> list[str]:
    """The `n` names most like `word`, the closest first (ties in name order): a hint
    among hundreds of employers names a few, not all of them."""
    from difflib import SequenceMatcher

    def likeness(name: str) -> float:
        return SequenceMatcher(None, fold(word), fold(name)).ratio()
    return sorted(sorted(names), key=likeness, reverse=True)[:n]
