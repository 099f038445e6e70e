"""What a build keeps in its cache so that the next one starts where it stopped.

`build.py serve` keeps the content as read, the plan's per-offer work (PlanMemo) and
the compiled templates in memory, so a save costs about one offer's work. A build is a
new process each time (a CI run), so it keeps the same state in its cache
(`resume.pickle`) instead: the content as read (reader.Reading), the files' states it
was read from, the PlanMemo, and each output's fingerprint with the very output object
it was computed for. The next build
- re-reads only the content files whose state differs (reader.reread: another git
  HEAD or day re-reads only the offers whose dates change with them);
- plans again from the memo: unchanged offers keep their views, pages and shares of
  the lists, which are the same objects as before;
- fingerprints only the outputs that are not the very objects of the last plan (an
  output the memo reused is the same object, made from the same values: same key),
  with the templates unchanged.

Everything is pickled as one graph, so the identities the memo relies on survive (the
memo re-keys what it keeps by id, see PlanMemo.__setstate__). What is kept is only a
shortcut: a build without it (first build, another version of the code, another
content folder, a corrupt file) reads and plans everything, and makes the same site;
tests/test_incremental.py compares both after random sequences of changes.

Cost at 10,000 offers: about 0.65 s to load and 1 to 1.5 s to write. The writing is
done by a forked child while the build renders and writes the site (Linux; a cold build
starts it once its render workers are done), so a build waits for it only if it
finishes first; and a build whose state differs little from the one it started from
(`worth_saving`) does not write it at all.
"""

from __future__ import annotations

import gc
import hashlib
import os
import pickle
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from jobboard.cache import code_version
from jobboard.content.markup import PackedHtml
from jobboard.content.reader import Reading, read_live, reread
from jobboard.files import read_regular
from jobboard.plan.planner import Output, PlanMemo

FILE = "resume.pickle"
PARSED = "offers.pickle"  # the parse cache (cache.Store), for a tree read whole


@dataclass
class Resume:
    # Each content file -> (its state, its bytes' hash) as read; strings, not Path and
    # tuple objects, which cost ten times as much to load.
    sources: dict[str, tuple[str, str]]
    reading: Reading
    memo: PlanMemo
    keys: dict[str, tuple[Output, str]]  # output path -> (the output planned, its key)
    templates: dict[str, bytes]  # template name -> its key (Fingerprinter.template_key)
    cwd: str  # content paths and messages are relative to it
    written: dict[str, str | PackedHtml]  # the plan's Markdown as HTML, by page (Plan.written)
    files: frozenset[str]  # the site's files, which its links were checked against

    def changed(self, sources: dict[str, tuple[str, str]]) -> set[Path]:
        """The content files created, modified or deleted since this state was read
        (`sources`: from `sources`), by their bytes."""
        old = self.sources
        return {Path(p) for p in old.keys() | sources.keys()
                if p not in old or p not in sources or old[p][1] != sources[p][1]}

    def key(self, output: Output, templates: Callable[[str], bytes]) -> str | None:
        """The output's fingerprint if it is the very output this state holds, made
        with the same template files; None: fingerprint it again."""
        kept = self.keys.get(output.path)
        if kept is None or kept[0] is not output:
            return None
        template = self.templates.get(output.template)
        return kept[1] if template is not None and template == templates(output.template) \
            else None


def sources(states: dict[str, tuple | str],
            last: Resume | None) -> dict[str, tuple[str, str]]:
    """Each content file's state (pipeline.source_states) and its bytes' hash, read
    again only where the state differs from the last build's: a fresh checkout (a CI
    run) gives every file another state, not other bytes."""
    kept = last.sources if last is not None else {}
    found = {}
    for path, state in states.items():
        shown = repr(state)
        old = kept.get(path)
        found[path] = old if old is not None and old[0] == shown else (shown, _hash(path))
    return found


def _hash(path: str) -> str:
    # read_regular: a FIFO or a device in the content folder is never opened for reading
    # (it would block, or never end); the reader says what is wrong with it.
    try:
        return hashlib.blake2b(read_regular(path, HASHED_BYTES), digest_size=16).hexdigest()
    except OSError as e:
        return f"unreadable: {type(e).__name__} {e.errno}"


HASHED_BYTES = 64 << 20  # far above what the reader accepts of any file (offers, logos)


# The state is written again only when this build's differs enough from the one it
# started from: otherwise the next build starts from the same one, and re-reads the files
# changed since and fingerprints their outputs again, which costs less than writing the
# state (1.4 s at 10,000 offers) as long as they are few. A new day changes every view.
MAX_CHANGED_FILES = 32
MAX_FINGERPRINTED = 2_000


def worth_saving(last: Resume | None, changed: int, today, fingerprinted: int) -> bool:
    """Whether a build that started from `last` (None: from nothing), with `changed`
    content files differing from it and `fingerprinted` outputs that are not its own,
    should write its state for the next build."""
    return last is None or last.reading.today != today or changed > MAX_CHANGED_FILES \
        or fingerprinted > MAX_FINGERPRINTED


@dataclass
class Start:
    """Where a build (or `serve`) starts: the state it starts from (None: nothing kept),
    the content files' states and hashes now, those changed since, the content read,
    and the planner's memo to plan with."""
    last: Resume | None
    sources: dict[str, tuple[str, str]]
    changed: set[Path]
    reading: Reading
    memo: PlanMemo


def start(cache: Path, content: Path, states: dict[str, tuple | str], today) -> Start:
    """Read `content` from the state the last build left in `cache`, re-reading the files
    changed since (`states`: pipeline.source_states, taken before reading); without one,
    read it whole. Raises ContentError as a full read would."""
    last = load(cache, content)
    found = sources(states, last)
    if last is None:
        return Start(None, found, set(), read_live(content, today, cache / PARSED),
                     PlanMemo())
    changed = last.changed(found)
    reading, memo = reread(last.reading, changed, today, cache / PARSED), last.memo
    if last.reading.today != today:
        # Every view is made again: what was planned from the old ones (and their
        # outputs' keys) goes now, not once the new ones are made (memory). `last`
        # lives as long as the build: it keeps the new memo, not the old one.
        memo = last.memo = memo.another_day()
        last.keys.clear()
    return Start(last, found, changed, reading, memo)


def load(cache: Path, content: Path) -> Resume | None:
    """The state the last build left for a build of `content` (None: none usable)."""
    path = cache / FILE
    try:
        with open(path, "rb") as f:
            # Hundreds of thousands of objects that live until the build ends: the
            # cyclic collector would walk them again and again while they are loaded
            # (and afterwards): it is kept off meanwhile, then they are left out of it.
            enabled = gc.isenabled()
            gc.disable()
            try:
                version, resume = pickle.load(f)
            finally:
                if enabled:
                    gc.enable()
            gc.freeze()
    except FileNotFoundError:
        return None
    except Exception:  # a corrupt or old file is only a slower build
        return None
    if version != code_version() or not isinstance(resume, Resume) \
            or resume.reading.content.root != content or resume.cwd != os.getcwd():
        return None
    return resume


def save(cache: Path, resume: Resume) -> Callable[[], None]:
    """Write the state for the next build; returns the function that waits until it is
    written. On Linux a forked child writes it (the parent goes on rendering and
    writing the site); elsewhere it is written now. A state that cannot be written only
    makes the next build slower."""
    path = cache / FILE  # replaced in one step; if it cannot be, the old one is right too
    if sys.platform != "linux":
        _write(path, resume)
        return lambda: None
    pid = os.fork()
    if pid == 0:  # the child: write, and leave without running the parent's cleanup
        code = 1
        try:
            _write(path, resume)
            code = 0
        finally:
            os._exit(code)

    def wait() -> None:
        os.waitpid(pid, 0)
    return wait


def _write(path: Path, resume: Resume) -> None:
    tmp = path.with_name(f".{path.name}.tmp-{os.getpid()}")
    enabled = gc.isenabled()
    gc.disable()  # nothing to collect while pickling; the collector would walk it all
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with open(tmp, "wb") as f:
            pickle.dump((code_version(), resume), f, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, path)
    except (OSError, pickle.PicklingError, RecursionError):
        tmp.unlink(missing_ok=True)
    finally:
        if enabled:
            gc.enable()
