"""Full-text search: an index of the open offers' words, planned like every other output.

Each open offer's title, key facts (employers, commune, catégories, cadres d'emplois,
grades, filière, job family, service, themes) and body text are cut into words, each
folded as the filters fold text (`text.fold`: lower case, no accents), with a weight:
a word of the title counts more than one of the facts, which counts more than one of the
body. The postings `word -> [[offer id, weight], ...]` are split into shards by the first
two letters of the word (`recherche/index/ag.json` holds "agent", "agents",
"agglomeration"...), so that a phone fetches only the shards its query words need.

An offer's id is its slug, the last segment of the `url` of its record in
/recherche/offres.json (plan/facets.py), where the search page finds the card to show.
A slug does not change when other offers open, close or move in the list, so a shard's
bytes change only when the words it holds do: an incremental build rewrites only the
shards of the words an edit added or removed, and a day that closes an offer rewrites
only the shards of that offer's words.

Only open offers are indexed: a closed offer is in no shard.

Pure functions, no I/O. An offer's weighted words are kept between plannings (a
long-running `serve` re-plans on every save) under what they are made of, so re-planning
costs a dictionary look-up for each unchanged offer.
"""

from __future__ import annotations

import html
import json
import re
import unicodedata
from functools import lru_cache

from jobboard.plan.views import OfferView
from jobboard.text import fold

INDEX_FOLDER = "recherche/index"

# Weights of a word by where it is; a word in several places adds them up.
TITLE, FACT, BODY = 10, 4, 1

# Words too short or too common to narrow a search: not indexed, and the search page's
# script drops them from a query (they come to it in the page: one list for both).
MIN_LENGTH = 2
STOP_WORDS = frozenset("""
    au aux avec ce ces cette dans de des du elle en et il ils la le les leur leurs lui ma
    mais me mes meme ne nos notre nous on ou par pas pour qu que qui sa se ses son sur ta
    te tes toi ton tu un une vos votre vous est sont etre avoir ete
""".split())

_WORD = re.compile(r"[^\W_]+")  # letters and digits: what the script's /[\p{L}\p{N}]+/u cuts
_TAG = re.compile(r"<[^>]*>")


@lru_cache(maxsize=200_000)
def fold_word(word: str) -> str:
    """A word as the index keys it: folded once per distinct word (folding every
    character of every offer costs twice as much; see benchmarks/README.md § 7)."""
    return fold(word)


def words(text: str) -> set[str]:
    """The distinct indexed words of a text, folded."""
    found = set(_WORD.findall(unicodedata.normalize("NFC", text)))
    return {w for w in map(fold_word, found) if len(w) >= MIN_LENGTH and w not in STOP_WORDS}


def plain_text(body_html: str) -> str:
    """The text of an offer's HTML body: tags out (each leaves a space, so that words of
    two cells or items do not run together), entities decoded."""
    return html.unescape(_TAG.sub(" ", body_html))


def facts(v: OfferView) -> tuple[str, ...]:
    """The key facts of an offer that a job seeker may type."""
    o = v.offer
    return (*(e.name for e in v.employers), v.place.city, *(c.label for c in v.categories),
            *o.cadres, *o.grades, v.filiere.label, o.job_family or "", o.service or "",
            *o.themes)


def weighted_words(title: str, fact_texts: tuple[str, ...], body_html: str) -> dict[str, int]:
    """Each indexed word of an offer and its weight."""
    weights: dict[str, int] = {}
    for text, weight in ((title, TITLE), (" ".join(fact_texts), FACT),
                         (plain_text(body_html), BODY)):
        for w in words(text):
            weights[w] = weights.get(w, 0) + weight
    return weights


# What the last planning made, for the next one (`serve` re-plans on every save): each
# offer's words by shard, under what they are made of; each shard's JSON, under the
# offers' words it was made from.
Words = dict[str, tuple[tuple[str, int], ...]]  # shard name -> ((word, weight), ...)
_MEMO: dict[tuple, Words] = {}
_SHARDS: dict[frozenset, tuple[str, list]] = {}


def offer_words(v: OfferView, used: dict[tuple, Words]) -> Words:
    """weighted_words of an offer by shard, memoised under the offer's digest (its file
    and git dates) and the facts that come from elsewhere (employer names); `used`
    collects what this planning used, the memo of the next one."""
    o = v.offer
    fact_texts = facts(v)
    key = (o.digest or o.body_html, o.title, fact_texts)
    found = _MEMO.get(key)
    if found is None:
        by_shard: dict[str, list[tuple[str, int]]] = {}
        for word, weight in sorted(weighted_words(o.title, fact_texts, o.body_html).items()):
            by_shard.setdefault(shard_name(word), []).append((word, weight))
        found = {name: tuple(pairs) for name, pairs in by_shard.items()}
    used[key] = found
    return found


def shard_name(word: str) -> str:
    """The shard of a word: its first two letters, in a file name (a letter outside ASCII
    as _ and its code point in hexadecimal: "œuvre" -> "_153u")."""
    return "".join(c if c.isascii() else f"_{ord(c):x}" for c in word[:2])


def shards(open_views: list[OfferView]) -> dict[str, str]:
    """Shard name -> its JSON text: {word: [[offer id, weight], ...]}, words sorted, each
    word's postings heaviest first, then by id; deterministic from the offers alone.
    A shard none of whose offers' words changed since the last planning is not made
    again."""
    global _MEMO, _SHARDS
    used: dict[tuple, Words] = {}
    parts: dict[str, list[tuple[str, tuple]]] = {}
    for v in open_views:
        assert v.is_open  # a closed offer must never reach the index
        for name, pairs in offer_words(v, used).items():
            parts.setdefault(name, []).append((v.offer.slug, pairs))
    made: dict[frozenset, tuple[str, list]] = {}
    out = {}
    for name in sorted(parts):
        # The memo's tuples are kept alive with the shard: their ids are not reused.
        key = frozenset((slug, id(pairs)) for slug, pairs in parts[name])
        text, _ = made[key] = _SHARDS.get(key) or (_shard_json(parts[name]), parts[name])
        out[name] = text
    _MEMO, _SHARDS = used, made  # this planning's offers only: the memo does not grow
    return out


def _shard_json(parts: list[tuple[str, tuple]]) -> str:
    """The JSON text of one shard (as json.dumps with sorted keys and no spaces would
    write it; words and slugs are escaped by json.dumps all the same)."""
    postings: dict[str, list[tuple[int, str]]] = {}
    for slug, pairs in parts:
        for word, weight in pairs:
            postings.setdefault(word, []).append((-weight, slug))
    quoted: dict[str, str] = {}
    items = []
    for word in sorted(postings):
        entries = ",".join(f"[{quoted.get(slug) or quoted.setdefault(slug, _dumps(slug))},{-w}]"
                           for w, slug in sorted(postings[word]))
        items.append(f"{_dumps(word)}:[{entries}]")
    return "{" + ",".join(items) + "}"


def _dumps(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)
