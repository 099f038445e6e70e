"""A budget for every import: time, memory and expanded size.

Postings come from outside (employers send Word and PDF files, or save web
pages), and a small file can expand enormously: a PDF Flate stream or a .docx
(a zip) a thousand times its size, 20,000 nested <div> that make the HTML
parser recurse for minutes. Each file is therefore read:
- after cheap checks that open nothing big: its size on disk, the expanded
  size of a .docx's zip members (from the zip directory, nothing inflated),
  the nesting depth of a web page (one linear pass of html.parser);
- in a child process with an address-space limit and a CPU-time limit, which
  the parent kills at a wall-clock deadline; it dies with the parent, too
  (see jobboard/workers.py);
- and whatever the extractors raise there (pypdf's LimitReachedError on a
  decompression bomb, RecursionError, MemoryError) comes back as one
  UnreadableFile naming the reason, for `import` to report with the file name.

Where processes cannot be forked (Windows), the file is read in-process with
only the cheap checks.
"""

from __future__ import annotations

import multiprocessing
import os
import resource
import zipfile
from html.parser import HTMLParser
from pathlib import Path

from jobboard.importer import extract
from jobboard.importer.extract import Line, UnreadableFile
from jobboard.workers import bind_to_parent

SECONDS = 20.0  # a real posting reads in well under a second
MEMORY = 1024**3  # bytes of address space the child may add to what it inherits
MAX_FILE_BYTES = 20_000_000  # a posting with a photo or two; more is not a posting
MAX_EXPANDED_BYTES = 30_000_000  # a .docx's members once inflated
MAX_TEXT_CHARS = 1_000_000  # the text extracted: real postings have ~10,000 characters
MAX_DEPTH = 256  # nesting of a web page's elements: real pages stay under 40


def read_lines(path: Path) -> list[Line]:
    """extract.read_lines within the budget; raises UnreadableFile."""
    _check_file(path)
    if "fork" not in multiprocessing.get_all_start_methods():
        return _checked(_read(path))
    context = multiprocessing.get_context("fork")
    receiver, sender = context.Pipe(duplex=False)
    child = context.Process(target=_child, args=(path, sender, os.getpid()), daemon=True)
    child.start()
    sender.close()
    try:
        if not receiver.poll(SECONDS):
            raise UnreadableFile(f"reading the file took more than {SECONDS:.0f} s (a file "
                                 "built to exhaust the importer, or a damaged one); save it "
                                 "again as .docx, .pdf or .txt")
        try:
            kind, value = receiver.recv()
        except EOFError:  # killed: the CPU-time limit, or the memory limit in C code
            raise UnreadableFile(_too_big_message()) from None
    finally:
        receiver.close()
        if child.is_alive():
            child.kill()
        child.join()
    if kind != "lines":
        raise UnreadableFile(value)
    return _checked(value)


def _child(path: Path, conn, parent: int) -> None:
    bind_to_parent(parent)
    _limit(resource.RLIMIT_CPU, int(SECONDS) + 1)
    _limit(resource.RLIMIT_AS, _address_space() + MEMORY)
    result: tuple[str, object]
    try:
        result = ("lines", _read(path))
    except UnreadableFile as e:
        result = ("error", str(e))
    except MemoryError:
        result = ("error", _too_big_message())
    except RecursionError:
        result = ("error", "the file's structure is nested too deeply to be read")
    except Exception as e:  # noqa: BLE001 - any crash of a parser is this file's fault
        if type(e).__module__.startswith("pypdf"):
            result = ("error", f"cannot read this PDF ({type(e).__name__}: {e})")
        else:
            result = ("error", f"cannot read this file ({type(e).__name__})")
    conn.send(result)
    conn.close()


def _read(path: Path) -> list[Line]:
    if path.suffix.lower() in (".html", ".htm"):
        _check_depth(path)
    _cap_pypdf()
    return extract.read_lines(path)


def _too_big_message() -> str:
    return (f"the file expands beyond what an import may use ({MEMORY // 1024**2} MB of "
            f"memory, {SECONDS:.0f} s): a compressed bomb or a damaged file")


def _checked(lines: list[Line]) -> list[Line]:
    if sum(len(line.text) for line in lines) > MAX_TEXT_CHARS:
        raise UnreadableFile(f"the file holds more than {MAX_TEXT_CHARS:,} characters of "
                             "text, far more than a posting")
    return lines


# --- Checks that open nothing big ------------------------------------------------------

def _check_file(path: Path) -> None:
    try:
        size = path.stat().st_size
    except OSError as e:
        raise UnreadableFile(f"cannot read the file ({e.strerror})") from None
    if size > MAX_FILE_BYTES:
        raise UnreadableFile(f"the file is {size / 1e6:.0f} MB, more than the "
                             f"{MAX_FILE_BYTES / 1e6:.0f} MB a posting may be")
    if path.suffix.lower() == ".docx":
        _check_docx(path)


def _check_docx(path: Path) -> None:
    """A .docx is a zip: add up its members' sizes before anything is inflated.
    (A member that holds more than it declares fails zipfile's own check.)"""
    try:
        with zipfile.ZipFile(path) as z:
            expanded = sum(info.file_size for info in z.infolist())
    except (zipfile.BadZipFile, OSError, ValueError):
        return  # not a zip: mammoth reports the file as unreadable
    if expanded > MAX_EXPANDED_BYTES:
        raise UnreadableFile(f"this Word file expands to {expanded / 1e6:.0f} MB, more than "
                             f"the {MAX_EXPANDED_BYTES / 1e6:.0f} MB an import may use (a zip "
                             "bomb, or very large images): save it as .pdf or .txt")


class _Depth(HTMLParser):
    VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta",
            "param", "source", "track", "wbr"}

    def __init__(self):
        super().__init__(convert_charrefs=False)
        self.depth = self.deepest = 0

    def handle_starttag(self, tag, attrs):
        if tag not in self.VOID:
            self.depth += 1
            self.deepest = max(self.deepest, self.depth)

    def handle_endtag(self, tag):
        self.depth = max(0, self.depth - 1)


def _check_depth(path: Path) -> None:
    """One linear pass: BeautifulSoup on 20,000 nested elements runs for minutes,
    then the walk over them recurses out of the stack."""
    parser = _Depth()
    parser.feed(path.read_bytes().decode("utf-8", errors="replace"))
    if parser.deepest > MAX_DEPTH:
        raise UnreadableFile(f"the page's elements are nested {parser.deepest} deep, more "
                             f"than the {MAX_DEPTH} an import reads: save the posting's text "
                             "as .txt")


# --- Limits --------------------------------------------------------------------------

def _limit(which: int, value: int) -> None:
    soft, hard = resource.getrlimit(which)
    if hard != resource.RLIM_INFINITY:
        value = min(value, hard)
    try:
        resource.setrlimit(which, (value, hard))
    except (ValueError, OSError):
        pass


def _address_space() -> int:
    """The bytes of address space this process uses (inherited from the parent)."""
    try:
        pages = int(Path("/proc/self/statm").read_text().split()[0])
        return pages * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError):
        return 4 * 1024**3


def _cap_pypdf() -> None:
    """pypdf stops inflating a stream at 75 MB; an import needs far less. (In the child
    only: the setting is process-wide. pypdf < 7 has no Configuration: its own limits
    and the memory limit then apply.)"""
    try:
        from pypdf import overwrite_configuration
    except ImportError:
        return
    overwrite_configuration(**{name: MAX_EXPANDED_BYTES for name in (  # type: ignore[arg-type]
        "zlib_maximum_output_length", "lzw_maximum_output_length",
        "run_length_maximum_output_length", "maximum_declared_stream_length",
        "array_based_stream_maximum_output_length")})
