"""Search index: a Pagefind full-text index of the open offers.

Pagefind (PyPI `pagefind[bin]`, its binary shipped in the wheel) writes a
chunked index under /pagefind/ that the browser fetches piece by piece, so a
phone downloads only what a query needs. The filters are ours (plan/facets.py).

The index is built in the temporary output folder, before the swap, so a
failure leaves the previous site in place.
"""

from __future__ import annotations

import asyncio
import os
import shutil
import tempfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from jobboard.plan.planner import SEARCH_INDEX_FOLDER, offer_page


class SearchIndexError(Exception):
    pass


def index_site(site_dir: Path, open_slugs: list[str], output: Path | None = None) -> None:
    """Index the open offer pages of the site written in `site_dir`.

    Pagefind indexes a staging folder holding only the open offers' pages (hard
    links): adding pages one by one through its Python API costs about 0.1 s a
    page, a folder is indexed by its binary on every core. The output was
    checked byte-identical from run to run (see tests).
    """
    # The process id in the name lets a later build remove it if this one is killed.
    stage = Path(tempfile.mkdtemp(prefix=f".pagefind-{os.getpid()}-", dir=site_dir.parent))
    try:
        for slug in open_slugs:
            page = offer_page(slug)
            (stage / page).parent.mkdir(parents=True)
            os.link(site_dir / page, stage / page)
        # In its own thread: `serve` builds from inside a running event loop
        # (tornado's), where asyncio.run() is not allowed.
        with ThreadPoolExecutor(max_workers=1) as pool:
            target = output or site_dir / SEARCH_INDEX_FOLDER
            pool.submit(asyncio.run, _index(stage, target)).result()
    except Exception as e:  # the index is part of the site: no index, no new site
        raise SearchIndexError(f"search index: {e}") from e
    finally:
        shutil.rmtree(stage, ignore_errors=True)


async def _index(stage: Path, output: Path) -> None:
    from pagefind.index import IndexConfig, PagefindIndex

    # Leaving the `async with` block writes the index again, to the configured
    # output_path (by default ./pagefind, in the working directory): the staging
    # folder, deleted afterwards. That second write is also what lets the first
    # one finish: Pagefind's service acknowledges a write before its files are
    # complete, and is killed right after the last one (an index written once,
    # at the exit, comes out truncated; the determinism tests would see it).
    config = IndexConfig(force_language="fr", output_path=str(stage / ".discarded"))
    async with PagefindIndex(config=config) as index:
        await index.add_directory(str(stage))
        await index.write_files(output_path=str(output))
