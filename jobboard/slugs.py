"""URL slugs for taxonomy terms written in French ("Cité éducative" → cite-educative)."""

from __future__ import annotations

import re
import unicodedata


def slugify(text: str) -> str:
    text = text.replace("œ", "oe").replace("Œ", "Oe").replace("æ", "ae").replace("Æ", "Ae")
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-") or "sans-nom"


def collation_key(text: str) -> tuple[str, str]:
    """Sort French names as a reader expects: accents and case do not come first."""
    base = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return (base.casefold(), text)
