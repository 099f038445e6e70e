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
from array import array
from dataclasses import dataclass
from functools import lru_cache
from operator import itemgetter

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


@dataclass(frozen=True)
class OfferWords:
    """An offer's indexed words, sorted, and their weights; compact, as thousands are
    kept between plannings: `words[bounds[j]:bounds[j + 1]]` start with `prefixes[j]`."""
    words: tuple[str, ...]
    weights: bytes  # a weight is at most TITLE + FACT + BODY
    prefixes: tuple[str, ...]  # the distinct first two letters, in order
    bounds: array  # len(prefixes) + 1 offsets into words

    @classmethod
    def of(cls, weights: dict[str, int]) -> OfferWords:
        words = tuple(sorted(weights))
        prefixes, bounds = [], array("I")
        for i, word in enumerate(words):
            if not prefixes or word[:2] != prefixes[-1]:
                prefixes.append(word[:2])
                bounds.append(i)
        bounds.append(len(words))
        return cls(words, bytes(weights[w] for w in words), tuple(prefixes), bounds)


# What the last planning made, for the next one (`serve` re-plans on every save): each
# offer's words, under what they are made of; each shard's JSON, under the offers it
# holds (their ids and the identity of their OfferWords).
_MEMO: dict[tuple, OfferWords] = {}
_SHARDS: dict[tuple, tuple[str, list[OfferWords]]] = {}


def offer_words(v: OfferView, used: dict[tuple, OfferWords]) -> OfferWords:
    """An offer's weighted words, memoised under the offer's digest (its file and git
    dates) and the facts that come from elsewhere (employer names); `used` collects what
    this planning used, the memo of the next one."""
    o = v.offer
    fact_texts = facts(v)
    key = (o.digest or o.body_html, o.title, fact_texts)
    found = _MEMO.get(key)
    if found is None:
        found = OfferWords.of(weighted_words(o.title, fact_texts, o.body_html))
    used[key] = found
    return found


def shard_name(word: str) -> str:
    """The shard of a word: its first two letters, in a file name (a letter outside ASCII
    as _, its code point in hexadecimal and _: "œuvre" -> "_153_u")."""
    return "".join(c if c.isascii() else f"_{ord(c):x}_" for c in word[:2])


def shards(open_views: list[OfferView]) -> dict[str, str]:
    """Shard name -> its JSON text: {word: [[offer id, weight], ...]}, words sorted, each
    word's postings heaviest first, then by id; deterministic from the offers alone.

    One shard at a time (the postings of all of them at once would take hundreds of MB
    at 10,000 offers); a shard whose offers' words did not change since the last
    planning is not made again."""
    global _MEMO, _SHARDS
    used: dict[tuple, OfferWords] = {}
    offers = sorted((v.offer.slug, offer_words(v, used)) for v in open_views
                    if _is_open(v))
    prefixes = sorted({p for _, words in offers for p in words.prefixes})
    cursors = [0] * len(offers)  # each offer's next prefix: all are visited in order
    made: dict[tuple, tuple[str, list[OfferWords]]] = {}
    out = {}
    for prefix in prefixes:
        members = []
        for i, (_, words) in enumerate(offers):
            j = cursors[i]
            if j < len(words.prefixes) and words.prefixes[j] == prefix:
                members.append((i, j))
                cursors[i] = j + 1
        key = (prefix, tuple(offers[i][0] for i, _ in members),
               tuple(id(offers[i][1]) for i, _ in members))
        # The OfferWords are kept with the shard, so that their ids are not reused.
        made[key] = _SHARDS.get(key) or (_shard_json(prefix, offers, members),
                                         [offers[i][1] for i, _ in members])
        out[shard_name(prefix)] = made[key][0]
    _MEMO, _SHARDS = used, made  # this planning's offers only: the memo does not grow
    return dict(sorted(out.items()))


def _is_open(v: OfferView) -> bool:
    assert v.is_open  # a closed offer must never reach the index
    return True


def _shard_json(prefix: str, offers: list[tuple[str, OfferWords]],
                members: list[tuple[int, int]]) -> str:
    """The JSON text of one shard, as json.dumps with sorted keys and no spaces writes
    it (words and ids are escaped by json.dumps all the same). `members` (offer, prefix
    index) are in id order, which the stable sort by weight keeps among equal weights."""
    postings: dict[str, list[tuple[int, str]]] = {}
    for i, j in members:
        slug, words = offers[i]
        quoted = _dumps(slug)
        for k in range(words.bounds[j], words.bounds[j + 1]):
            postings.setdefault(words.words[k], []).append((words.weights[k], quoted))
    items = []
    for word in sorted(postings):
        entries = postings[word]
        entries.sort(key=itemgetter(0), reverse=True)
        items.append(f"{_dumps(word)}:[" + ",".join(f"[{q},{w}]" for w, q in entries) + "]")
    return "{" + ",".join(items) + "}"


def _dumps(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)
