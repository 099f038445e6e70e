"""Write the site atomically: into a temporary folder, then swapped in.

A build that fails at any point leaves the previous output folder exactly as
it was; readers of the folder never see a half-written site.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from typing import Callable


class UnsafeOutput(Exception):
    pass


def check_output_dir(out: Path, protected: list[Path]) -> None:
    """Refuse an output folder whose replacement would delete sources."""
    target = out.resolve()
    for p in protected:
        p = p.resolve()
        if target == p or target in p.parents:
            raise UnsafeOutput(f"--out {out}: refusing to replace a folder that holds {p}")
    if (target / ".git").exists():
        raise UnsafeOutput(f"--out {out}: refusing to replace a git repository")


def update_site(out: Path, files: dict[str, bytes], gone: set[str]) -> None:
    """Incremental write: replace the files whose bytes changed, each atomically
    (temporary file + rename), and delete the outputs that no longer exist."""
    for rel, data in sorted(files.items()):
        path = out / rel
        if path.is_file() and path.stat().st_size == len(data) and path.read_bytes() == data:
            continue
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f".{path.name}.tmp-{os.getpid()}")
        tmp.write_bytes(data)
        os.replace(tmp, path)
    for rel in sorted(gone):
        path = out / rel
        path.unlink(missing_ok=True)
        for parent in path.parents:  # drop folders left empty
            if parent == out or any(parent.iterdir()):
                break
            parent.rmdir()


def write_site(files: dict[str, bytes], out: Path,
               finish: Callable[[Path], None] | None = None) -> None:
    """Write `files` under `out`; `finish(folder)` may add to the folder before the swap."""
    out = out.absolute()
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.parent / f".{out.name}.tmp-{os.getpid()}"
    old = out.parent / f".{out.name}.old-{os.getpid()}"
    shutil.rmtree(tmp, ignore_errors=True)
    try:
        for rel, data in sorted(files.items()):
            path = tmp / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)
        if finish:
            finish(tmp)
        if out.exists():
            os.replace(out, old)
        os.replace(tmp, out)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        if old.exists() and not out.exists():
            os.replace(old, out)
        raise
    shutil.rmtree(old, ignore_errors=True)
