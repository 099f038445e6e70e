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

No I/O. What one planning made is kept for the next (a long-running `serve` re-plans on
every save): each offer's words under what they are made of, and the postings, patched
with the offers that changed, came or went; so re-planning costs a dictionary look-up for
each unchanged offer and the shards of the changed ones' words. The result never depends
on what was kept (a test compares it with a fresh index).
"""

from __future__ import annotations

import html
import json
import re
import unicodedata
from bisect import bisect_left, insort
from dataclasses import dataclass
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


@dataclass(frozen=True, eq=False)
class OfferWords:
    """An offer's indexed words, sorted, and their weights: compact, as thousands are
    kept between plannings. Compared by identity: the memo gives an unchanged offer the
    very same object."""
    words: tuple[str, ...]
    weights: bytes  # a weight is at most TITLE + FACT + BODY

    @classmethod
    def of(cls, weights: dict[str, int]) -> OfferWords:
        words = tuple(sorted(weights))
        return cls(words, bytes(weights[w] for w in words))


def offer_words(v: OfferView, memo: dict[tuple, OfferWords],
                used: dict[tuple, OfferWords]) -> OfferWords:
    """An offer's weighted words, memoised (`memo`: the last planning's) under the offer's
    digest (its file and git dates) and the facts that come from elsewhere (employer
    names); `used` collects what this planning used, the memo of the next one."""
    o = v.offer
    fact_texts = facts(v)
    key = (o.digest or o.body_html, o.title, fact_texts)
    found = memo.get(key)
    if found is None:
        found = OfferWords.of(weighted_words(o.title, fact_texts, str(o.body_html)))
    used[key] = found
    return found


def shard_name(prefix: str) -> str:
    """The shard of a word: its first two letters, in a file name (a letter outside ASCII
    as _, its code point in hexadecimal and _: "œuvre" -> "_153_u")."""
    return "".join(c if c.isascii() else f"_{ord(c):x}_" for c in prefix[:2])


class _Postings:
    """The index as the last planning left it, patched by the next one with the offers
    that changed, came or went: a re-plan (`serve`, on every save) costs the words of
    those offers and the shards they are in, not the whole index. Postings are kept as
    sorted lists of JSON-quoted ids by word and weight (the id strings are shared), and
    each shard's JSON text is kept until one of its postings changes."""

    def __init__(self) -> None:
        self.offers: dict[str, OfferWords] = {}  # id -> words, of the last planning
        self.postings: dict[str, dict[int, list[str]]] = {}  # word -> weight -> ids
        self.words: dict[str, set[str]] = {}  # prefix -> its words
        self.shards: dict[str, str] = {}  # prefix -> the shard's JSON text
        self.quoted: dict[str, str] = {}  # id -> its JSON string

    def update(self, offers: dict[str, OfferWords]) -> None:
        touched: set[str] = set()
        for slug, old in self.offers.items():
            if offers.get(slug) is not old:
                self._remove(self.quoted[slug], old, touched)
        cold = not self.offers
        for slug in offers:
            if slug not in self.quoted:
                self.quoted[slug] = _dumps(slug)
        for slug in sorted(offers, key=self.quoted.__getitem__):  # ids are kept in this order
            words = offers[slug]
            if self.offers.get(slug) is not words:
                self._add(self.quoted[slug], words, touched, append=cold)
        self.offers = offers
        self.quoted = {slug: self.quoted[slug] for slug in offers}
        for prefix in {word[:2] for word in touched}:
            if self.words.get(prefix):
                self.shards[prefix] = "{" + ",".join(
                    self._text(w) for w in sorted(self.words[prefix])) + "}"
            else:
                self.words.pop(prefix, None)
                self.shards.pop(prefix, None)

    def _text(self, word: str) -> str:
        """'"word":[[id,weight],...]': heaviest first, then by id; each weight's ids
        joined at once (a join is all it costs: ~30 ms for the 1.5 M postings at 10k)."""
        by_weight = self.postings[word]
        return f"{_dumps(word)}:[" + ",".join(
            f"[{f',{w}],['.join(by_weight[w])},{w}]" for w in sorted(by_weight, reverse=True)
        ) + "]"

    def _remove(self, quoted: str, old: OfferWords, touched: set[str]) -> None:
        for word, weight in zip(old.words, old.weights):
            ids = self.postings[word][weight]
            del ids[bisect_left(ids, quoted)]
            if not ids:
                del self.postings[word][weight]
                if not self.postings[word]:
                    del self.postings[word]
                    self.words[word[:2]].discard(word)
            touched.add(word)

    def _add(self, quoted: str, new: OfferWords, touched: set[str], append: bool) -> None:
        for word, weight in zip(new.words, new.weights):
            by_weight = self.postings.get(word)
            if by_weight is None:
                by_weight = self.postings[word] = {}
                self.words.setdefault(word[:2], set()).add(word)
            ids = by_weight.setdefault(weight, [])
            if append:  # a first planning adds the offers in id order
                ids.append(quoted)
            else:
                insort(ids, quoted)
            touched.add(word)


class SearchIndex:
    """The index as the last planning left it, with its offers' words: kept by whoever
    plans again (planner.PlanMemo: `serve` in memory, a build in its cache), so that the
    next planning patches it with the offers that changed instead of indexing every open
    offer again (2.2 s at 10k; loading it from the cache 0.3 s). Pickled together, the
    memo's words stay the very objects the postings hold."""

    def __init__(self) -> None:
        self.memo: dict[tuple, OfferWords] = {}  # an offer's words, by what they are made of
        self.postings = _Postings()

    def shards(self, open_views: list[OfferView]) -> dict[str, str]:
        """Shard name -> its JSON text: {word: [[offer id, weight], ...]}, words sorted,
        each word's postings heaviest first, then by id; deterministic from the offers
        alone (whatever the previous planning was: it only saves work)."""
        used: dict[tuple, OfferWords] = {}
        offers = {}
        for v in open_views:
            assert v.is_open  # a closed offer must never reach the index
            offers[v.offer.slug] = offer_words(v, self.memo, used)
        try:
            self.postings.update(offers)
        except BaseException:  # half patched: the next planning starts afresh
            self.postings = _Postings()
            raise
        self.memo = used  # this planning's offers only: the memo does not grow
        return {shard_name(p): self.postings.shards[p] for p in sorted(self.postings.shards)}


def _dumps(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)
