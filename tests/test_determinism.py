"""Determinism: the same content and day give a byte-identical site, whatever the machine.

Issue 7, point 5. The sample content is built by `build.py` in subprocesses, each with
its own cache folder, under different time zones, locales, hash seeds and file-system
orders (a `sitecustomize` shim reverses or shuffles what os.listdir and os.scandir
return, and the content is copied in another order). Every file is compared: pages,
feeds, sitemap, JSON-LD, CSV, iCalendar and the Pagefind index.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import textwrap
from datetime import datetime
from pathlib import Path

import pytest

from jobboard.dates import PARIS
from tests.conftest import ROOT

# Byte-identical sites include the search index: its builds run Pagefind.

TODAY = "2026-11-21"
# Noon in Paris on TODAY: already the next day in Kiritimati (UTC+14).
NOON_IN_PARIS = int(datetime(2026, 11, 21, 12, tzinfo=PARIS).timestamp())

SHIM = textwrap.dedent('''\
    """Directory listings in another order (reversed, or shuffled by a seed)."""
    import atexit, os, random

    _order = os.environ["LISTING_ORDER"]
    _rng = random.Random(_order)
    _seen = set()
    _listdir, _scandir = os.listdir, os.scandir


    def _reorder(path, entries):
        _seen.add(os.path.abspath(os.fsdecode(path if path is not None else ".")))
        if _order == "reversed":
            return sorted(entries, key=lambda e: getattr(e, "name", e), reverse=True)
        _rng.shuffle(entries)
        return entries


    class _Listing:
        """What os.scandir returns: an iterator that is also a context manager."""

        def __init__(self, entries):
            self._entries = iter(entries)

        def __iter__(self):
            return self

        def __next__(self):
            return next(self._entries)

        def __enter__(self):
            return self

        def __exit__(self, *exc):
            return False

        def close(self):
            pass


    def listdir(path="."):
        return _reorder(path, _listdir(path))


    def scandir(path="."):
        with _scandir(path) as it:
            return _Listing(_reorder(path, list(it)))


    os.listdir, os.scandir = listdir, scandir
    atexit.register(lambda: open(os.environ["LISTING_LOG"], "w").write("\\n".join(sorted(_seen))))
    ''')


def copy_tree(source: Path, target: Path, reverse: bool) -> None:
    """Copy `source`, creating files and folders in name order or in reverse."""
    for path in sorted(source.rglob("*"), key=lambda p: p.relative_to(source).parts,
                       reverse=reverse):
        dest = target / path.relative_to(source)
        dest.parent.mkdir(parents=True, exist_ok=True)
        if path.is_file():
            shutil.copyfile(path, dest)
        else:
            dest.mkdir(exist_ok=True)


def available_locales() -> set[str]:
    run = subprocess.run(["locale", "-a"], capture_output=True, text=True)
    return {name.lower().replace("utf8", "utf-8") for name in run.stdout.split()}


FRENCH = "fr_FR.UTF-8" if "fr_fr.utf-8" in available_locales() else None

# name: (content: "copy" / "reversed copy" / "git", environment, listing order)
VARIANTS = {
    "baseline": ("copy", {"TZ": "UTC", "LC_ALL": "C", "PYTHONHASHSEED": "0"}, None),
    "time zone Kiritimati": ("copy", {"TZ": "Pacific/Kiritimati", "LC_ALL": "C",
                                      "PYTHONHASHSEED": "0"}, None),
    "time zone Los Angeles": ("copy", {"TZ": "America/Los_Angeles", "LC_ALL": "C",
                                       "PYTHONHASHSEED": "0"}, None),
    "locale": ("copy", {"TZ": "UTC", "LC_ALL": FRENCH or "C.UTF-8", "LANG": FRENCH or "C.UTF-8",
                        "PYTHONHASHSEED": "0"}, None),
    "hash seed": ("copy", {"TZ": "UTC", "LC_ALL": "C", "PYTHONHASHSEED": "4242"}, None),
    "reversed listings": ("reversed copy", {"TZ": "UTC", "LC_ALL": "C", "PYTHONHASHSEED": "0"},
                          "reversed"),
    "shuffled listings": ("copy", {"TZ": "UTC", "LC_ALL": "C", "PYTHONHASHSEED": "0"},
                          "shuffle-7"),
    "SOURCE_DATE_EPOCH in Kiritimati": ("copy", {"TZ": "Pacific/Kiritimati", "LC_ALL": "C",
                                                 "PYTHONHASHSEED": "1",
                                                 "SOURCE_DATE_EPOCH": str(NOON_IN_PARIS)}, None),
    "git, Kiritimati": ("git", {"TZ": "Pacific/Kiritimati", "LC_ALL": "C.UTF-8",
                                "PYTHONHASHSEED": "1"}, None),
    "git, Los Angeles": ("git", {"TZ": "America/Los_Angeles", "LC_ALL": "C",
                                 "PYTHONHASHSEED": "2"}, "reversed"),
}


class Build:
    def __init__(self, name: str, root: Path):
        source, env, order = VARIANTS[name]
        self.name, self.out, self.log = name, root / "site", root / "listings.txt"
        if source == "git":
            content = ROOT / "content"  # dates from git apply
        else:
            content = root / "content"
            copy_tree(ROOT / "content", content, reverse=source == "reversed copy")
        environ = {k: v for k, v in os.environ.items()
                   if k not in ("SOURCE_DATE_EPOCH", "LANG", "LANGUAGE", "PYTHONPATH")
                   and not k.startswith("LC_")}
        environ |= env | {"JOBBOARD_CACHE": str(root / "cache")}
        if order:
            (root / "shim").mkdir()
            (root / "shim" / "sitecustomize.py").write_text(SHIM)
            environ |= {"PYTHONPATH": str(root / "shim"), "LISTING_ORDER": order,
                        "LISTING_LOG": str(self.log)}
        today = [] if "SOURCE_DATE_EPOCH" in env else ["--today", TODAY]
        self.content = content
        self.process = subprocess.Popen(
            [sys.executable, str(ROOT / "build.py"), "--content", str(content),
             "--out", str(self.out), *today],
            cwd=root, env=environ, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)

    def files(self) -> dict[str, bytes]:
        stdout, stderr = self.process.communicate(timeout=300)
        assert self.process.returncode == 0, f"{self.name}: {stderr}"
        return {p.relative_to(self.out).as_posix(): p.read_bytes()
                for p in sorted(self.out.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def builds(tmp_path_factory) -> dict[str, Build]:
    """Every variant, built at the same time (each build is its own process)."""
    root = tmp_path_factory.mktemp("determinism")
    started = {}
    for i, name in enumerate(VARIANTS):
        (root / str(i)).mkdir()
        started[name] = Build(name, root / str(i))
    return started


def differences(a: dict[str, bytes], b: dict[str, bytes]) -> list[str]:
    out = [f"only in the reference: {p}" for p in sorted(a.keys() - b.keys())]
    out += [f"only in this build: {p}" for p in sorted(b.keys() - a.keys())]
    out += [f"differs: {p}" for p in sorted(a.keys() & b.keys()) if a[p] != b[p]]
    return out


# Content from git has `updated` dates from its history: compared with another git build.
PAIRS = [("baseline", n) for n, v in VARIANTS.items() if v[0] != "git" and n != "baseline"] + \
    [("git, Kiritimati", "git, Los Angeles")]


@pytest.mark.parametrize("reference, name", PAIRS, ids=[n for _, n in PAIRS])
def test_the_site_is_byte_identical_whatever_the_machine(builds, reference, name):
    expected = builds[reference].files()
    assert any(p.startswith("recherche/index/") for p in expected)
    assert {"flux.xml", "flux.atom", "flux.json", "sitemap.xml", "offres.json", "offres.csv",
            "echeances.ics", "indeed.xml", "recherche/offres.json"} <= expected.keys()
    diff = differences(expected, builds[name].files())
    assert not diff, f"{name}: {len(diff)} files differ from {reference}\n" + "\n".join(diff[:40])


def test_a_build_writes_nothing_in_its_working_directory(builds):
    build = builds["baseline"]
    build.files()  # waits for the build
    root = build.out.parent
    assert sorted(p.name for p in root.iterdir()) == ["cache", "content", "site"]


@pytest.mark.parametrize("name", [n for n, v in VARIANTS.items() if v[2]])
def test_the_listing_shim_reordered_the_content_folders(builds, name):
    build = builds[name]
    build.files()  # waits for the build
    listed = set(build.log.read_text().splitlines())
    assert {str(build.content / "offers"), str(build.content / "employers")} <= listed


def test_the_listing_shim_changes_the_order_python_sees(tmp_path):
    for name in "bcad":
        (tmp_path / name).touch()
    (tmp_path / "shim").mkdir()
    (tmp_path / "shim" / "sitecustomize.py").write_text(SHIM)
    env = {**os.environ, "PYTHONPATH": str(tmp_path / "shim"), "LISTING_ORDER": "reversed",
           "LISTING_LOG": str(tmp_path / "log")}
    code = ("import os, pathlib; p = pathlib.Path(os.environ['DIR']);"
            "print([x.name for x in p.iterdir()], [e.name for e in os.scandir(p)],"
            " [f.name for f in p.glob('[a-d]')], next(os.walk(p))[2])")
    run = subprocess.run([sys.executable, "-c", code], env=env | {"DIR": str(tmp_path)},
                         capture_output=True, text=True, check=True)
    order = str(["shim", "d", "c", "b", "a"])
    files = str(["d", "c", "b", "a"])
    assert run.stdout.strip() == f"{order} {order} {files} {files}"

