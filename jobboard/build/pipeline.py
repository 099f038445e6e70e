"""The build, stage by stage: read → plan → render → write.

Each stage is its own module; this one chains them and decides how much work
a build needs:
- a cold build (no cache, or another output folder) renders every output, on
  every core, into a temporary folder swapped in at the end;
- an incremental build renders only the outputs whose fingerprint changed
  (see fingerprint.py), writes only the files whose bytes changed, deletes the
  ones that are gone. The search index is planned outputs like any other
  (plan/search_terms.py): only its shards whose words changed are written.
  Everything is rendered before anything is written, so invalid
  content or a broken template still leaves the site untouched.
"""

from __future__ import annotations

import hashlib
import itertools
import os
import time
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path

from jobboard.build import resume
from jobboard.build.admin import VENDOR, admin_files
from jobboard.build.fingerprint import (
    Fingerprinter,
    changed_outputs,
    file_state,
    output_state,
    restat_outputs,
)
from jobboard.build.resources import builtin
from jobboard.build.writer import Spare, Written, check_output_dir, same_device, write_site
from jobboard.cache import Store, code_version, default_folder
from jobboard.content import gitdates
from jobboard.content.checks import shallow_history
from jobboard.content.site_content import Content
from jobboard.files import walk_names
from jobboard.plan.planner import Output, Plan, plan_site
from jobboard.problems import ContentError, Problem
from jobboard.render.links import Broken, LinkChecker, content_problems, output_problems
from jobboard.render.renderer import (
    DAY_FREE,
    Folders,
    Renderer,
    TemplateFailure,
    asset_files,
    render_into,
    search_path,
    theme_files,
)

TEMPLATES = builtin("_templates", "templates")
THEME = builtin("_theme", "theme")


@dataclass(frozen=True)
class BuildResult:
    warnings: list
    open_offers: int
    closed_offers: int
    drafts: int
    scheduled: int
    pages: int
    files: int
    rendered: int | None  # outputs an incremental build rendered (None: a cold build)
    seconds: float

    def summary(self, out: Path) -> str:
        extra = (f", {self.drafts} draft{'s' * (self.drafts > 1)}" if self.drafts else "") + \
            (f", {self.scheduled} scheduled" if self.scheduled else "")
        rendered = "" if self.rendered is None else f" ({self.rendered} rendered)"
        return (f"Built {out}: {self.open_offers} open offers, {self.closed_offers} closed"
                f"{extra}; {self.pages} pages, {self.files} files{rendered} in "
                f"{self.seconds:.2f} s")


def source_states(folders: list[Path]) -> dict[str, tuple | str]:
    """Every input file's path and state (see fingerprint.file_state: an edit is seen
    even with its modification time restored)."""
    now = time.time_ns()
    # files.walk_names: any depth; what editors' tools leave (a lock file that is a dangling
    # link, a backup) is not read by the build, so not part of it.
    return {path: file_state(entry, now, follow=True) if entry else "unlisted"
            for folder in folders for path, entry in walk_names(folder)}


def tree_signature(states: dict[str, tuple | str], today: date, out: Path,
                   content: Path) -> str:
    """The input files' states, the day, the code and the content's git HEAD (dates come
    from git): equal signatures, same site."""
    h = hashlib.blake2b(digest_size=16)
    h.update(f"{today} {code_version()} {out.resolve()} {gitdates.head(content)}".encode())
    for path, state in states.items():
        h.update(f"{path} {state}\n".encode())
    return h.hexdigest()


def broken_links(content: Content, today: date, theme: Folders = THEME) -> list[Problem]:
    """The links of offers and pages that lead nowhere (for `check`: nothing rendered)."""
    plan = plan_site(content, today)
    files = [o.path for o in plan.outputs] + list(plan.assets) + list(theme_files(theme))
    return content_problems(plan.written, LinkChecker(files, content.site.base_url))


def build_site(content: Path, out: Path, today: date, templates: Folders = TEMPLATES,
               theme: Folders = THEME, cache: Path | None = None) -> BuildResult:
    """Build the site; raises ContentError (nothing written) on invalid content or a
    template that cannot render. `templates` and `theme`: a folder, or folders searched
    in order."""
    try:
        return _build(content, out, today, templates, theme, cache)
    except TemplateFailure as e:
        raise ContentError([e.problem]) from None


@dataclass(frozen=True)
class Manifest:
    """What a build leaves for the next one: the site in place and how it was made.

    Kept in the cache (`manifest.pickle`); it describes the site in place, so it is
    removed while a build swaps a new site in, and a build killed in between is
    followed by a cold one, never by an incremental build trusting fingerprints of
    another site.
    """
    out: str  # the output folder it describes (resolved)
    signature: str  # tree_signature of the sources, day and code
    keys: dict[str, str]  # every file of the site -> its fingerprint
    output: dict  # every file of the site as the build left it (fingerprint.output_state)
    result: BuildResult
    # The paths where the spare generation (writer.Spare) differs from the site; None:
    # no spare kept.
    spare: frozenset[str] | None = None

    @staticmethod
    def load(store: Store, out: Path) -> Manifest | None:
        """The manifest of the site in `out`, if the last build there left one."""
        manifest = store.data.get("manifest")
        if isinstance(manifest, Manifest) and manifest.out == str(out.resolve()) \
                and out.is_dir():
            return manifest
        return None

    def save(self, store: Store) -> None:
        store.data, store.dirty = {"manifest": self}, True
        store.save()


@dataclass(frozen=True)
class _Work:
    """What a build renders and writes, read and planned before anything is written."""
    content: Content
    plan: Plan
    renderer: Renderer
    keys: dict[str, str]  # output path -> fingerprint (the plan's outputs and static files)
    static: dict[str, bytes]  # files copied as they are: logos, theme, web editor
    checker: LinkChecker
    # What to keep for the next build (resume.py; None: keep the state this one started
    # from), written by `save_state` while the site is written.
    state: resume.Resume | None
    cache: Path
    _saving: list[Callable[[], None]] = field(default_factory=list)

    def save_state(self) -> None:
        """Start writing the state kept for the next build (a forked child writes it)."""
        if self.state is not None and not self._saving:
            self._saving.append(resume.save(self.cache, self.state))

    def saved(self) -> None:
        """Wait until the state kept for the next build is written."""
        for wait in self._saving:
            wait()


def _prepare(content: Path, today: date, templates: list[Path], theme: list[Path],
             cache: Path, sources: dict[str, tuple | str]) -> _Work:
    """Read, plan and fingerprint, from where the last build stopped if it left its state
    (resume.py); the links written in Markdown are checked here, before anything is
    rendered. `sources`: the content files' states, taken before reading."""
    begun = resume.start(cache, content, sources, today)
    previous, reading, memo = begun.last, begun.reading, begun.memo
    site_content = reading.content
    plan = plan_site(site_content, today, memo)
    fingerprints = Fingerprinter(templates, lambda view, compute: memo.of(view, "hash", compute))
    keys, fingerprinted = {}, 0
    for o in plan.outputs:
        key = previous and previous.key(o, fingerprints.template_key)
        if not key:
            key, fingerprinted = fingerprints.key(o.template, o.context), fingerprinted + 1
        keys[o.path] = key
    static = asset_files(plan) | theme_files(theme) | admin_files(site_content.site)
    keys |= {path: hashlib.blake2b(data, digest_size=16).hexdigest()
             for path, data in static.items()}
    checker = LinkChecker(keys, site_content.site.base_url)
    # Links written in Markdown: those that changed, or all of them when a file of the
    # site is gone (a link elsewhere may lead to it now).
    written = plan.written
    if previous is not None and checker.files >= previous.files:
        written = {p: w for p, w in written.items() if previous.written.get(p) != w[1]}
    if problems := content_problems(written, checker):
        raise ContentError(problems)
    state = resume.Resume(
        begun.sources, reading, memo, {o.path: (o, keys[o.path]) for o in plan.outputs},
        {t: fingerprints.template_key(t) for t in {o.template for o in plan.outputs}},
        os.getcwd(), {p: html for p, (_, html) in plan.written.items()}, checker.files) \
        if resume.worth_saving(previous, len(begun.changed), today, fingerprinted) else None
    renderer = Renderer(templates, cache / "pieces.pickle", item_key=lambda kind, view:
                        fingerprints.piece_key(kind, view, site_content.site,
                                               day=kind not in DAY_FREE),
                        compiled=cache / "templates")
    return _Work(site_content, plan, renderer, keys, static, checker, state, cache)


def _build(content: Path, out: Path, today: date, templates: Folders, theme: Folders,
           cache: Path | None) -> BuildResult:
    started = time.perf_counter()
    templates, theme = search_path(templates), search_path(theme)
    check_output_dir(out, [content, *templates, *theme])
    cache = cache or default_folder(out)
    store = Store(cache / "manifest.pickle")
    sources = source_states([content])
    signature = tree_signature(sources | source_states([*templates, *theme, VENDOR]), today,
                               out, content)
    previous = Manifest.load(store, out)
    # Files of the site deleted, added or overwritten since the last build: repaired.
    touched, on_disk = changed_outputs(out, previous.output) if previous else (set(), {})
    if previous and previous.signature == signature and not touched:
        # Nothing changed since the last build, in the sources or in the site itself.
        if on_disk != previous.output:  # recent files now old enough: stat them next time
            replace(previous, output=on_disk).save(store)
        return replace(previous.result, rendered=0, seconds=time.perf_counter() - started)
    work = _prepare(content, today, templates, theme, cache, sources)
    try:
        return _write(out, work, previous, touched, on_disk, signature, store, cache, started)
    finally:
        work.saved()


def _write(out: Path, work: _Work, previous: Manifest | None, touched: set[str],
           on_disk: dict[str, tuple], signature: str, store: Store, cache: Path,
           started: float) -> BuildResult:
    """Render and write what `work` planned, and leave the manifest for the next build."""
    store.clear()  # the manifest describes the site in place: gone while it is swapped
    spare = _spare(cache, out, previous)
    if previous is None:
        written, rendered = _write_cold(out, work, spare), None
    else:
        written, rendered = _write_incremental(out, work, previous, touched, on_disk, spare)
    work.renderer.memo.save(complete=rendered is None)
    plan = work.plan
    result = BuildResult(
        warnings=list(work.content.skipped) + shallow_history(work.content),
        open_offers=len(plan.open_offers),
        closed_offers=len(plan.closed_offers),
        drafts=plan.skipped_drafts, scheduled=plan.scheduled,
        pages=sum(1 for p in work.keys if p.endswith(".html")), files=len(work.keys),
        rendered=rendered, seconds=time.perf_counter() - started)
    # The state of the files this build wrote or linked is taken again; the others'
    # (stat'ed by changed_outputs above) stays.
    output = output_state(out) if written.restat is None else \
        restat_outputs(out, on_disk, written.restat | (written.changed or set()))
    Manifest(out=str(out.resolve()), signature=signature, keys=work.keys,
             output=output, result=result,
             spare=written.changed if spare else None).save(store)
    return result


def _spare(cache: Path, out: Path, previous: Manifest | None) -> Spare | None:
    """Where the replaced site is kept for the next build: in the cache, if that is on
    the output's file system (hard links, folder exchange)."""
    parent = out.absolute().parent
    for folder in (cache, parent):
        folder.mkdir(parents=True, exist_ok=True)
    if not same_device(cache, parent):
        return None
    return Spare(cache / "previous-site", previous.spare if previous else None)


def _write_cold(out: Path, work: _Work, spare: Spare | None) -> Written:
    """Render every output (on every core) into a new folder, then swap it in."""
    def finish(folder: Path) -> None:
        broken = render_into(folder, work.plan.outputs, work.renderer, work.checker)
        broken += [b for p, d in work.static.items() for b in work.checker.broken(p, d)]
        if broken:  # before the swap: the previous site stays
            raise ContentError(output_problems(broken, out, work.plan.written))
        # Not before: the render workers use every core.
        work.save_state()
    return write_site(out, work.static, finish=finish, spare=spare)


def _write_incremental(out: Path, work: _Work, previous: Manifest, touched: set[str],
                       on_disk: dict[str, tuple], spare: Spare | None) -> tuple[Written, int]:
    """Render the outputs whose fingerprint changed (or whose file was damaged), write
    them; returns what was written and how many outputs were rendered."""
    work.save_state()  # written by a forked child while this one renders and writes
    old, keys = previous.keys, work.keys
    stale = [o for o in work.plan.outputs if old.get(o.path) != keys[o.path]
             or o.path in touched or o.path not in on_disk]
    files = _Rendered(stale, {p: d for p, d in work.static.items()
                              if old.get(p) != keys[p] or p in touched}, work)

    def check() -> None:
        """Before the swap: the links of what was written, and, when a file is gone, of
        the unchanged files (read again one at a time: at 100,000 offers the site is
        gigabytes, never all in memory at once)."""
        broken = files.broken
        if set(old) - set(keys):
            broken += [b for p in keys if p not in files
                       for b in work.checker.broken(p, (out / p).read_bytes())]
        if broken:
            raise ContentError(output_problems(broken, out, work.plan.written))
    written = write_site(out, files, keep=lambda rel: rel in keys, damaged=touched,
                         current=on_disk.keys(), spare=spare, check=check)
    return written, len(stale)


class _Rendered(Mapping[str, bytes]):
    """The files an incremental build writes: the outputs to render again, rendered when
    the writer asks for each (a day that closes offers renders every offer page again:
    never all in memory at once), and the static files that changed; the links of each
    are checked as it is made (`broken`)."""

    def __init__(self, outputs: list[Output], static: dict[str, bytes], work: _Work):
        self._outputs = {o.path: o for o in outputs}
        self._static = static
        self._work = work
        self.broken: list[Broken] = []

    def __getitem__(self, rel: str) -> bytes:  # once per file (writer.write_site)
        data = self._static[rel] if rel in self._static else \
            self._work.renderer.render(self._outputs[rel])
        self.broken += self._work.checker.broken(rel, data)
        return data

    def __contains__(self, rel: object) -> bool:
        return rel in self._outputs or rel in self._static

    def __iter__(self) -> Iterator[str]:
        return itertools.chain(self._outputs, (p for p in self._static
                                               if p not in self._outputs))

    def __len__(self) -> int:
        return len(self._outputs.keys() | self._static.keys())
