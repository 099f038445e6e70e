"""Read the content tree into the typed model, reporting every problem at once.

content/site.yaml, content/employers/*.yaml, content/offers/**/*.md (YAML
front matter + Markdown), content/pages/*.md. The result is a `Content`, or a
`ContentError` listing every problem of the whole tree with file and line.
"""

from __future__ import annotations

import functools
import os
import re
import sys
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from jobboard.cache import Store, digest
from jobboard.content import gitdates, model
from jobboard.content.frontmatter import placeholder_lines
from jobboard.content.logos import LOGO_HINT, logo_problem
from jobboard.content.markup import render_markdown
from jobboard.content.site_content import Content
from jobboard.content.typed import (
    INVISIBLE,
    INVISIBLE_HINT,
    FieldPath,
    FieldProblem,
    convert,
    format_path,
    invisible_message,
)
from jobboard.files import NotRegularFile, ignored, read_regular, shown, walk
from jobboard.problems import ContentError, Problem
from jobboard.text import nearest
from jobboard.workers import pool as worker_pool

# --- YAML with line numbers -----------------------------------------------------

_Base = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _Loader(_Base):  # type: ignore[misc, valid-type]
    """Safe YAML without implicit timestamps: dates stay text, so that a wrong
    date (2026-02-30) is our clear message rather than a crash in PyYAML."""


_Loader.yaml_implicit_resolvers = {
    ch: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for ch, resolvers in _Base.yaml_implicit_resolvers.items()
}


@dataclass
class _Doc:
    """A parsed YAML document and what is needed to point at its lines."""
    path: str
    data: Any
    node: Any
    first_line: int  # file line of the document's first line


def _parse_yaml(text: str, path: str, first_line: int, problems: list[Problem]) -> _Doc | None:
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        alias = _check_nodes(node, path, first_line, problems)
        if alias is not None:
            # Editors never need anchors; aliases of aliases also make a few
            # lines expand into billions of values (the "billion laughs").
            line = first_line + alias.start_mark.line
            problems.append(Problem(path, line, _key_on_line(text, alias.start_mark.line),
                                    "YAML anchors and aliases (& and *) are not allowed",
                                    "write each value in full"))
            return None
        data = loader.construct_document(node) if node is not None else None
    except (ValueError, OverflowError) as e:
        if "integer string conversion" in str(e):  # Python reads at most 4,300 digits
            problems.append(Problem(path, None, None, "found a number of thousands of digits",
                                    "check the value: at most 15 digits"))
            return None
        # An explicit tag on a value it cannot build: !!int abc, !!timestamp 2026-02-30...
        problems.append(Problem(path, None, None, f"YAML error: {e}",
                                "remove the '!!' tag and write the value plainly"))
        return None
    except RecursionError:
        problems.append(Problem(path, None, None, "YAML error: the values are nested too deeply",
                                None))
        return None
    except yaml.MarkedYAMLError as e:
        mark = e.problem_mark or e.context_mark
        line = first_line + mark.line if mark else None
        field = _key_on_line(text, mark.line) if mark else None
        message = f"YAML syntax error: {e.problem}"
        hint = "a value containing ': ' or starting with a special character must be in quotes"
        if isinstance(e, yaml.constructor.ConstructorError) and e.problem \
                and "constructor for the tag" in e.problem:
            # Safe loading already refuses them; say so plainly instead of PyYAML's words.
            tag = e.problem.rsplit("tag:yaml.org,2002:", 1)[-1].strip("'")
            message = f"YAML tags such as '!!{tag}' are not allowed"
            hint = "remove the tag (the word starting with '!'): values are plain text"
        elif "\t" in text:
            hint = "indent with spaces, never with tabs"
        problems.append(Problem(path, line, field, message, hint))
        return None
    except yaml.YAMLError as e:
        problems.append(Problem(path, None, None, f"YAML error: {e}", None))
        return None
    finally:
        loader.dispose()
    return _Doc(path, data, node, first_line)


def _check_nodes(root: Any, path: str, first_line: int, problems: list[Problem]) -> Any:
    """One walk over the YAML nodes, before anything is built from them: report the
    keys written twice (PyYAML keeps the last one silently; an editor who wrote the
    deadline twice must hear about it), and return a node reached twice (an alias of
    an anchor), else None. A loop, not recursion: nesting has no limit."""
    seen: set[int] = set()
    stack = [root] if root is not None else []
    while stack:
        node = stack.pop()
        if id(node) in seen:
            return node
        seen.add(id(node))
        if isinstance(node, yaml.MappingNode):
            keys = set()
            for key, _ in node.value:
                if isinstance(key, yaml.ScalarNode) and key.value in keys:
                    problems.append(Problem(path, first_line + key.start_mark.line, None,
                                            f"key '{key.value}' is written twice",
                                            "keep only one of them"))
                keys.add(key.value if isinstance(key, yaml.ScalarNode) else id(key))
            stack.extend(n for pair in reversed(node.value) for n in reversed(pair))
        elif isinstance(node, yaml.SequenceNode):
            stack.extend(reversed(node.value))
    return None


def _key_on_line(text: str, index: int) -> str | None:
    """The YAML key written on line `index` (0-based) of `text`, if any."""
    lines = text.splitlines()
    m = re.match(r"\s*(?:-\s+)?([A-Za-z_][\w-]*)\s*:", lines[index]) \
        if 0 <= index < len(lines) else None
    return m.group(1) if m else None


def _line_of(doc: _Doc, path: FieldPath) -> int | None:
    """The file line of the deepest node along `path` (None if none matched)."""
    node, line = doc.node, None
    for part in path:
        if isinstance(node, yaml.MappingNode) and isinstance(part, str):
            match = next(((k, v) for k, v in node.value if k.value == part), None)
            if match is None:
                break
            line, node = match[0].start_mark.line, match[1]
        elif isinstance(node, yaml.SequenceNode) and isinstance(part, int) \
                and part < len(node.value):
            node = node.value[part]
            line = node.start_mark.line
        else:
            break
    return None if line is None else doc.first_line + line


def _to_problems(doc: _Doc, field_problems: list[FieldProblem]) -> list[Problem]:
    return [Problem(doc.path, _line_of(doc, fp.path), format_path(fp.path) or None,
                    fp.message, fp.hint) for fp in field_problems]


# --- Files ------------------------------------------------------------------------

_display = shown  # messages name files relative to the working directory


# An offer is a few pages of text (the longest real posting is about 8 KB); a
# file far larger is a mistake (a pasted PDF, a log) that would also make the
# page too heavy for a phone.
MAX_FILE_BYTES = 200_000


def _read_text(path: Path, problems: list[Problem]) -> str | None:
    shown = _display(path)
    try:
        data = read_regular(path, MAX_FILE_BYTES)
    except NotRegularFile as e:
        problems.append(Problem(shown, None, None, f"this is {e.kind}, not a text file",
                                "remove it from the content folder"))
        return None
    except OSError as e:
        problems.append(Problem(shown, None, None,
                                f"cannot read the file: {e.strerror or e}",
                                "a symbolic link that leads nowhere? remove it"
                                if isinstance(e, FileNotFoundError) else None))
        return None
    if len(data) > MAX_FILE_BYTES:
        size = _file_size(path) or len(data)
        problems.append(Problem(shown, None, None,
                                f"the file is {_size(size)}, more than the "
                                f"{_size(MAX_FILE_BYTES)} a content file may hold",
                                "keep the essentials; link to a longer document on the "
                                "employer's site"))
        return None
    if not data.strip():
        problems.append(Problem(shown, None, None, "the file is empty",
                                "write its fields, or start from 'python build.py new offer'"))
        return None
    try:
        # utf-8-sig: a byte order mark (Windows Notepad writes one) is not an error.
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        line = data.count(b"\n", 0, e.start) + 1
        guess = data[e.start:e.start + 1].decode("cp1252", errors="replace")
        problems.append(Problem(shown, line, None,
                                f"the file is not UTF-8 text: byte 0x{data[e.start]:02X} "
                                f"('{guess}' in Windows-1252/Latin-1) is not valid UTF-8",
                                "save the file with the UTF-8 encoding (in the editor: "
                                "Save with Encoding, UTF-8)"))
        return None


def _file_size(path: Path) -> int | None:
    try:
        return path.stat().st_size
    except OSError:
        return None


def _size(n: int) -> str:
    return f"{n / 1_000_000:.1f} MB" if n >= 1_000_000 else f"{n // 1000} KB"


def _split_front_matter(text: str, path: str, problems: list[Problem]):
    """Return (yaml_text, body, body_first_line) or None."""
    # Lines end at "\n" only: str.splitlines() would also cut at U+2028, U+0085...
    lines = text.split("\n")
    lines = [line + "\n" for line in lines[:-1]] + ([lines[-1]] if lines[-1] else [])
    if not lines or lines[0].strip() != "---":
        problems.append(Problem(path, 1, None, "found no front matter",
                                "start the file with a line '---', the YAML fields, "
                                "then another line '---' before the text"))
        return None
    for i in range(1, len(lines)):
        # At the start of its line: an indented '---' belongs to a multi-line value.
        if lines[i].rstrip() == "---":
            return "".join(lines[1:i]), "".join(lines[i + 1:]), i + 2
    problems.append(Problem(path, 1, None, "the front matter is not closed",
                            "add a line '---' after the last YAML field"))
    return None


def _slug_of(path: Path, problems: list[Problem]) -> str | None:
    slug = path.stem
    if not model.SLUG.fullmatch(slug):
        problems.append(Problem(_display(path), None, None,
                                f"file name '{path.name}' is not a valid slug",
                                "use lowercase letters without accents, digits and dashes, "
                                "such as agent-accueil-douai" + path.suffix))
        return None
    return slug


def _listed(directory: Path, suffix: str, problems: list[Problem], recursive=False) -> list[Path]:
    """The files of `directory` (and its subfolders if `recursive`), sorted; files that
    editors' tools leave (see files.ignored) are left out, anything else is checked."""
    if not directory.is_dir():
        if directory.exists() or directory.is_symlink():  # a file where a folder belongs
            problems.append(Problem(_display(directory), None, None,
                                    f"expected a folder of {suffix} files, found a file",
                                    f"make {directory.name}/ a folder and put the files in it"))
        return []
    found = []
    if recursive:
        entries = []
        for p, entry in walk(directory):
            if entry is None:
                problems.append(Problem(_display(p), None, None, "cannot read the folder"))
            else:
                entries.append(p)
    else:
        entries = [p for p in directory.iterdir() if not ignored(p.name) and not p.is_dir()]
    for p in sorted(entries):
        if p.name == "README.md":
            continue
        if p.suffix != suffix:
            problems.append(Problem(_display(p), None, None,
                                    f"unexpected file in {directory.name}/",
                                    f"files here must end with {suffix}"))
            continue
        found.append(p)
    return found


def _read_markdown(path: Path, source: str, cls: type, problems: list[Problem], slug: str,
                   defaults: dict | None = None, extra: dict | None = None):
    """Read a front-matter + Markdown file into `cls`; `defaults` fill absent keys.
    `source`: the file's path relative to the content folder, kept in the model."""
    shown = _display(path)
    text = _read_text(path, problems)
    if text is None:
        return None
    parts = _split_front_matter(text, shown, problems)
    if parts is None:
        return None
    fm_text, body, body_line = parts
    if bad := INVISIBLE.search(body):
        problems.append(Problem(shown, body_line + body.count("\n", 0, bad.start()), None,
                                invisible_message(bad.group()), INVISIBLE_HINT))
        body = INVISIBLE.sub("\ufffd", body)
    doc = _parse_yaml(fm_text, shown, 2, problems)
    html, body_problems = render_markdown(body, body_line)
    problems.extend(Problem(shown, line, None, msg, hint) for line, msg, hint in body_problems)
    if doc is None:
        return None
    field_problems: list[FieldProblem] = []
    data = doc.data
    if defaults and isinstance(data, dict):
        data = {**{k: v for k, v in defaults.items() if v is not None}, **data}
    extra = dict(extra or {})
    if isinstance(extra.get("digest"), DigestOf):
        extra["digest"] = extra["digest"].of(defaults or {}, written(defaults, doc.data))
    obj = convert(cls, data, (), field_problems,
                  extra={"slug": slug, "source": source, "body_html": html, **extra})
    problems.extend(_to_problems(doc, field_problems))
    if cls is model.Offer and not _is_draft(doc.data):
        problems.extend(Problem(shown, line, None, f"found the scaffold's placeholder text "
                                f"'{text}'", "replace it with the offer's own text, or keep "
                                "'draft: true' until it is written")
                        for line, text in placeholder_lines(body, body_line))
    return obj, doc


def _is_draft(data: Any) -> bool:
    return isinstance(data, dict) and data.get("draft") is True


def _read_yaml_file(path: Path, cls: type, problems: list[Problem], extra: dict):
    shown = _display(path)
    text = _read_text(path, problems)
    if text is None:
        return None
    doc = _parse_yaml(text, shown, 1, problems)
    if doc is None:
        return None
    field_problems: list[FieldProblem] = []
    obj = convert(cls, doc.data, (), field_problems, extra=extra)
    problems.extend(_to_problems(doc, field_problems))
    return obj


# --- The whole tree -----------------------------------------------------------------

def _date_defaults(path: Path, history: dict, today) -> dict:
    """published/updated for an offer that leaves them out (see gitdates.py)."""
    dates = history.get(path)
    if dates is None:
        return {"published": today.isoformat() if today else None}
    return {"published": dates.first.isoformat(),
            "updated": dates.last.isoformat() if dates.last > dates.first else None}


@dataclass(frozen=True)
class DigestOf:
    """An offer's digest (its key in the parse cache, and what fingerprints know of it),
    made once its front matter is read: the file's place and bytes, and only the date
    defaults it leaves out (an offer that writes `published` has the same digest
    whatever day supplies the default: outside git that is the build day, and every
    offer was parsed again, and every output shown again, on the next day)."""
    base: str  # repr((source, digest of the bytes))

    def of(self, defaults: dict, writes: tuple[str, ...]) -> str:
        used = sorted((k, v) for k, v in defaults.items() if k not in writes)
        return digest(repr((self.base, used)).encode())


def written(defaults: dict | None, data: Any) -> tuple[str, ...]:
    """The defaults' names the front matter writes itself (so those defaults are unused)."""
    return tuple(sorted(k for k in defaults or {} if isinstance(data, dict) and k in data))


def _parse_offer(job: tuple[Path, str, str, dict, DigestOf]) -> tuple[Any, list[Problem], bool,
                                                                      bool, tuple[str, ...]]:
    """Parse one offer file: (offer or None, its problems, whether it writes `published`,
    whether it says `draft: true`, the defaults' names it writes).

    A plain function of its arguments, so that worker processes can run it.
    """
    path, source, slug, defaults, key = job
    problems: list[Problem] = []
    read = _read_markdown(path, source, model.Offer, problems, slug, defaults, {"digest": key})
    offer = read[0] if read else None
    has_published = bool(read and isinstance(read[1].data, dict) and "published" in read[1].data)
    return (offer, problems, has_published, bool(read and _is_draft(read[1].data)),
            written(defaults, read[1].data) if read else ())


PARALLEL_FROM = 200  # below this, starting worker processes costs more than it saves


def _take_parsed(read, problems: list[Problem], parsed, skip_invalid_drafts: bool) -> None:
    """Parsed offers (from _parse_offers) into `read`, their problems into `problems`;
    an invalid draft is left out with a warning when `skip_invalid_drafts`."""
    for offer, offer_problems, has_published, draft in parsed:
        if offer_problems and draft and skip_invalid_drafts:
            read.skipped.append(_skipped_draft(offer_problems))
            continue
        problems.extend(offer_problems)
        if offer is not None:
            read.offers.append(offer)
            if not has_published:
                read.undated.append(offer.source)


def _parse_offers(jobs: list[tuple[Path, str, str, dict]], store: Store | None):
    """Parse offers, from the cache where the file and its dates did not change."""
    results: list[Any] = [None] * len(jobs)
    todo, tasks = [], []
    for i, (path, source, slug, defaults) in enumerate(jobs):
        try:
            data = read_regular(path, MAX_FILE_BYTES)
        except OSError:  # unreadable, a FIFO, a device: _parse_offer reports it
            data = None
        # The parsed offer depends on the file's bytes, its place in the content folder
        # and the dates it leaves out: not on the working directory or where the folder
        # is. Which dates it writes is kept from the last parse of the same bytes.
        key = DigestOf(repr((source, data and digest(data))))
        tasks.append((path, source, slug, defaults, key))
        writes = store.data.get(("writes", key.base)) if store else None
        hit = store.data.get(key.of(defaults, writes)) \
            if store is not None and writes is not None else None
        if hit is not None:
            results[i] = (hit[0], [], hit[1], hit[0].draft, writes)
        else:
            todo.append(i)
    if len(todo) >= PARALLEL_FROM and sys.platform == "linux" and (os.cpu_count() or 1) > 1:
        workers = os.cpu_count() or 2
        with worker_pool(workers) as pool:
            parsed = pool.map(_parse_offer, [tasks[i] for i in todo],
                              chunksize=max(1, len(todo) // (workers * 8)))
            for i, result in zip(todo, parsed, strict=True):
                results[i] = result
    else:
        for i in todo:
            results[i] = _parse_offer(tasks[i])
    if store is not None and todo:  # anything parsed this time: keep it for next time
        store.data = {}
        for task, (offer, problems, has_published, _, writes) in zip(tasks, results,
                                                                    strict=True):
            if offer is not None and not problems:
                store.data[offer.digest] = (offer, has_published)
                store.data[("writes", task[4].base)] = writes
        store.dirty = True
    return [result[:4] for result in results]


def read_content(root: Path, today=None, cache_file: Path | None = None,
                 skip_invalid_drafts: bool = False) -> Content:
    """Read and validate the content tree; raise ContentError listing every problem.

    `today` is the publication date of offers with neither a `published`
    field nor a commit yet. `cache_file` keeps parsed offers between builds.
    `skip_invalid_drafts` (the build): an offer marked `draft: true` that has errors
    is left out with a warning (`Content.skipped`) instead of failing the whole
    tree, so that a colleague's unfinished draft does not stop the daily build.
    `check` keeps them errors.
    """
    problems: list[Problem] = []
    if not root.is_dir():
        raise ContentError([Problem(_display(root), None, None, "content folder not found",
                                    "pass the folder with --content")])
    site = _read_site(root, problems)
    employers = _read_employers(root, problems)
    store = Store(cache_file) if cache_file else None
    offers = _read_offers(root, today, store, problems, skip_invalid_drafts)
    pages = _read_pages(root, problems)
    _check_across(root, offers, employers, problems, skip_invalid_drafts)
    if problems:
        raise ContentError(problems)
    assert site is not None
    if store is not None:
        store.save()
    return Content(site=site, employers=dict(sorted(employers.items())),
                   offers=sorted(offers.offers, key=lambda o: o.slug),
                   pages=sorted(pages, key=lambda p: (p.order, p.slug)), root=root,
                   undated=tuple(sorted(offers.undated)),
                   skipped=tuple(sorted(offers.skipped)))


def _read_site(root: Path, problems: list[Problem]) -> model.Site | None:
    """content/site.yaml."""
    site_path = root / "site.yaml"
    if site_path.is_file():
        return _read_yaml_file(site_path, model.Site, problems, {})
    problems.append(Problem(_display(site_path), None, None, "missing site settings file",
                            "create content/site.yaml (title, base_url, ...)"))
    return None


def _read_employers(root: Path, problems: list[Problem]) -> dict[str, model.Employer]:
    """content/employers/*.yaml, with their logos checked; by slug."""
    employers: dict[str, model.Employer] = {}
    for path in _listed(root / "employers", ".yaml", problems):
        slug = _slug_of(path, problems)
        if slug:
            emp = _read_yaml_file(path, model.Employer, problems, {"slug": slug})
            logo = (path.parent / emp.logo) if emp and emp.logo else None
            if logo and not logo.is_file():
                problems.append(Problem(_display(path), None, "logo",
                                        f"file not found: {_display(logo)}",
                                        "check the file name, or remove the logo line"))
            elif logo and not logo.resolve().is_relative_to(root.resolve()):
                # A symbolic link out of the content folder would publish any file
                # of the machine that builds the site.
                problems.append(Problem(_display(path), None, "logo",
                                        f"{_display(logo)} leads out of the content folder",
                                        "copy the image into content/employers/logos/"))
            elif logo and (why := logo_problem(logo)):
                problems.append(Problem(_display(logo), None, None,
                                        f"{why}; logo of {_display(path)} refused",
                                        LOGO_HINT))
            elif emp:
                employers[slug] = emp
    return employers


@dataclass
class _Offers:
    """The offers read, and what the build is told about them."""
    offers: list[model.Offer] = field(default_factory=list)
    undated: list[str] = field(default_factory=list)  # dates from git (or the build day)
    skipped: list[Problem] = field(default_factory=list)  # invalid drafts left out


def _read_offers(root: Path, today, store: Store | None, problems: list[Problem],
                 skip_invalid_drafts: bool) -> _Offers:
    """content/offers/**/*.md, at any depth, with their dates from git where they
    leave them out; one slug, one file."""
    read = _Offers()
    offer_paths: dict[str, list[Path]] = {}
    offer_files = _listed(root / "offers", ".md", problems, recursive=True)
    history = gitdates.file_dates(root / "offers") if offer_files else {}
    if history:  # keyed by resolved paths: resolve the folder once, not every file
        resolved, plain = (root / "offers").resolve(), root / "offers"
        history = {plain / p.relative_to(resolved): d for p, d in history.items()
                   if p.is_relative_to(resolved)}
    jobs = []
    for path in offer_files:
        slug = _slug_of(path, problems)
        if slug:
            offer_paths.setdefault(slug, []).append(path)
            jobs.append((path, path.relative_to(root).as_posix(), slug,
                         _date_defaults(path, history, today)))
    _take_parsed(read, problems, _parse_offers(jobs, store), skip_invalid_drafts)
    for slug, paths in offer_paths.items():
        for p in paths[1:]:
            problems.append(Problem(_display(p), None, None,
                                    f"the slug '{slug}' is also used by {_display(paths[0])}",
                                    "two offers cannot share a file name: rename one"))
    return read


def _read_pages(root: Path, problems: list[Problem]) -> list[model.Page]:
    """content/pages/*.md: the editors' own pages."""
    pages = []
    for path in _listed(root / "pages", ".md", problems):
        slug = _slug_of(path, problems)
        if slug:  # names the site uses itself are the planner's to refuse
            read = _read_markdown(path, path.relative_to(root).as_posix(), model.Page,
                                  problems, slug)
            if read and read[0]:
                pages.append(read[0])
    return pages


def _check_across(root: Path, offers: _Offers, employers: dict[str, model.Employer],
                  problems: list[Problem], skip_invalid_drafts: bool) -> None:
    """The checks between files (employers named, references unique); a draft that
    fails them is left out when the build skips invalid drafts."""
    cross = _cross_checks(root, offers.offers, employers)
    if skip_invalid_drafts:
        drafts = {_display(root / o.source): o.source for o in offers.offers if o.draft}
        bad_shown = {p.path for p in cross if p.path in drafts}
        offers.skipped += [_skipped_draft([p for p in cross if p.path == path])
                           for path in sorted(bad_shown)]
        cross = [p for p in cross if p.path not in bad_shown]
        bad = {drafts[path] for path in bad_shown}
        offers.offers = [o for o in offers.offers if o.source not in bad]
        offers.undated = [u for u in offers.undated if u not in bad]
    problems.extend(cross)


def _skipped_draft(problems: list[Problem]) -> Problem:
    """The build's warning for a draft left out because of its errors."""
    n = len(problems)
    return Problem(problems[0].path, None, None,
                   f"this draft has {n} error{'s' * (n > 1)} and is left out of the site",
                   "'python build.py check' lists them; fix them before setting draft: false",
                   severity="warning")


def _line_in(path: Path, field_path: FieldPath) -> int | None:
    """The line of a field in a valid offer file (read again: only errors need lines)."""
    text = path.read_text(encoding="utf-8-sig")
    parts = _split_front_matter(text, str(path), [])
    doc = _parse_yaml(parts[0], str(path), 2, []) if parts else None
    return _line_of(doc, field_path) if doc else None


def _cross_checks(root: Path, offers: list[model.Offer],
                  employers: dict[str, model.Employer]) -> list[Problem]:
    problems = []
    for offer in offers:
        for i, slug in enumerate(offer.employers):
            if slug not in employers:
                path = root / offer.source  # only then: 10,000 paths cost 0.1 s
                known = ", ".join(nearest(slug, employers)) or "none yet"
                problems.append(Problem(_display(path), _line_in(path, ("employers", i)),
                                        f"employers[{i}]" if len(offer.employers) > 1 else
                                        "employers",
                                        f"unknown employer '{slug}'",
                                        f"create content/employers/{slug}.yaml, or use one of "
                                        f"the nearest: {known}"))
    first: dict[str, model.Offer] = {}
    for offer in offers:
        if not offer.reference:
            continue
        key = _reference_key(offer.reference)
        if key not in first:
            first[key] = offer
            continue
        other = first[key]
        written = "" if other.reference == offer.reference else \
            f" as '{other.reference}', which reads the same"
        path = root / offer.source
        problems.append(Problem(_display(path), _line_in(path, ("reference",)),
                                "reference",
                                f"the reference '{offer.reference}' is also used by "
                                f"{_display(root / other.source)}{written}",
                                "each offer needs its own reference"))
    return problems


@functools.lru_cache(maxsize=100_000)  # serve checks every offer's again on each save
def _reference_key(reference: str) -> str:
    """References equal to a reader: same Unicode normal form, case ignored, invisible
    format characters (zero-width space, joiners, bidi marks) dropped, spaces collapsed."""
    text = unicodedata.normalize("NFKC", reference)
    text = "".join(c for c in text if unicodedata.category(c) != "Cf")
    return " ".join(text.casefold().split())


# --- Re-reading a few files (serve) -------------------------------------------------

@dataclass(frozen=True)
class Reading:
    """A content tree read once and kept in memory by `build.py serve`, so that a save
    re-reads that file only: the `Content`, and the offers' git dates and HEAD it was
    read with (dates come from history: another HEAD, another reading)."""
    content: Content
    today: Any
    history: dict[Path, Any]
    head: str


def read_live(root: Path, today, cache_file: Path | None = None) -> Reading:
    """`read_content` as the build does it (invalid drafts left out), kept for `reread`."""
    head = gitdates.head(root)
    content = read_content(root, today, cache_file, skip_invalid_drafts=True)
    return Reading(content, today, _offer_history(root), head)


def _offer_history(root: Path) -> dict[Path, Any]:
    """The offers' git dates by path under `root / "offers"`, as _read_offers keys them."""
    history = gitdates.file_dates(root / "offers") if (root / "offers").is_dir() else {}
    resolved, plain = (root / "offers").resolve(), root / "offers"
    return {plain / p.relative_to(resolved): d for p, d in history.items()
            if p.is_relative_to(resolved)}


def reread(previous: Reading, changed: set[Path], today=None,
           cache_file: Path | None = None) -> Reading:
    """The tree after the files in `changed` (created, modified or deleted) changed since
    `previous` was read: only those files are read and validated again, the other
    offers are reused as parsed; the checks across files (employers named, references
    and slugs unique) run on the whole tree. Raises ContentError with the problems a
    full read would report.

    Another git HEAD or another day also re-reads only the offers whose dates change
    with them (those taking their dates from git, or the build day's as publication
    date). Anything else (a folder added or removed, a file that is not an offer in
    offers/) reads the whole tree again: rare, and the full read says what is wrong."""
    root = previous.content.root
    assert root is not None
    today = previous.today if today is None else today
    content_dir = Path(os.path.abspath(root))
    kinds = {_kind_of(Path(os.path.abspath(p)), content_dir) for p in changed}
    head = gitdates.head(root)
    if kinds <= {"ignored"} and today == previous.today and head == previous.head:
        return previous  # nothing a build reads
    if "other" in kinds:
        return read_live(root, today, cache_file)
    history, changed = previous.history, set(changed)
    if head != previous.head:  # dates from git: those of the offers whose history differs
        history = _offer_history(root)
        changed |= {p for p in history.keys() | previous.history.keys()
                    if history.get(p) != previous.history.get(p)}
    if today != previous.today:  # offers without a commit are published on the build day
        changed |= {root / source for source in previous.content.undated
                    if root / source not in history}
    before = previous.content
    problems: list[Problem] = []
    site = _read_site(root, problems) if "site" in kinds else before.site
    employers = _read_employers(root, problems) if "employers" in kinds \
        else before.employers
    pages = _read_pages(root, problems) if "pages" in kinds else before.pages
    # Offers: the changed files, and the drafts left out (an employer added may make
    # them valid); every other offer as parsed before.
    by_source = {o.source: o for o in before.offers}
    todo = {Path(os.path.abspath(p)) for p in changed
            if _kind_of(Path(os.path.abspath(p)), content_dir) == "offer"}
    todo |= {Path(os.path.abspath(p.path)) for p in before.skipped}
    read = _Offers(undated=[u for u in before.undated])
    jobs = []
    for path in sorted(todo):
        source = path.relative_to(content_dir).as_posix()
        by_source.pop(source, None)
        if source in read.undated:
            read.undated.remove(source)
        if os.path.lexists(path):  # deleted: gone from the tree
            slug = _slug_of(root / source, problems)
            if slug:
                jobs.append((root / source, source, slug,
                             _date_defaults(root / source, history, today)))
    read.offers = list(by_source.values())
    _take_parsed(read, problems, _parse_offers(jobs, None), skip_invalid_drafts=True)
    # One slug, one file, as _read_offers says it (the first in path order keeps it):
    # the files kept had one each, so only the slugs of the files read can be shared.
    read_slugs = {job[2] for job in jobs}
    offer_paths: dict[str, list[Path]] = {}
    for path in sorted([root / o.source for o in by_source.values() if o.slug in read_slugs]
                       + [job[0] for job in jobs]):
        offer_paths.setdefault(path.stem, []).append(path)
    for slug, paths in offer_paths.items():
        for p in paths[1:]:
            problems.append(Problem(_display(p), None, None,
                                    f"the slug '{slug}' is also used by {_display(paths[0])}",
                                    "two offers cannot share a file name: rename one"))
    # In the order of a full read (files by path: Path orders by parts), so that of two
    # offers sharing a reference, the same one is reported.
    read.offers.sort(key=lambda o: o.source.split("/"))
    _check_across(root, read, employers, problems, True)
    if problems:
        raise ContentError(problems)
    assert site is not None
    content = Content(site=site, employers=dict(sorted(employers.items())),
                      offers=sorted(read.offers, key=lambda o: o.slug),
                      pages=sorted(pages, key=lambda p: (p.order, p.slug)), root=root,
                      undated=tuple(sorted(read.undated)), skipped=tuple(sorted(read.skipped)))
    return Reading(content, today, history, head)


def _kind_of(path: Path, content_dir: Path) -> str:
    """What a changed path is to the reader: site, employers (their files and logos),
    pages, offer, ignored (a file no build reads), or other (read everything again)."""
    try:
        parts = path.relative_to(content_dir).parts
    except ValueError:
        return "other"
    if not parts:
        return "other"
    if any(ignored(p) for p in parts):
        return "ignored"
    if len(parts) == 1:  # the content folder's own files: site.yaml, a README...
        return "site" if parts[0] == "site.yaml" else \
            "other" if parts[0] in ("employers", "offers", "pages") else "ignored"
    if parts[0] in ("employers", "pages"):
        return parts[0]
    if parts[0] == "offers" and path.suffix == ".md" and not path.is_dir():
        return "ignored" if path.name == "README.md" else "offer"
    # Another file in offers/ is an error a full read reports; one already gone (Vim's
    # write test file "4913", an editor's temporary file) is nothing to read.
    return "other" if parts[0] == "offers" and os.path.lexists(path) else "ignored"
