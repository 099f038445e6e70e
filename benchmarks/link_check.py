"""CPU time of the link check over a built site, without the profiler.

    .venv/bin/python benchmarks/link_check.py SITE BASE_URL

Reads every file of SITE (a site built by build.py) and checks its links as a
build does (`LinkChecker.broken` on every output, in one process); prints the
files, megabytes, broken links found and CPU seconds. Run it from another
checkout (PYTHONPATH) to compare versions of the checker on the same files.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

from jobboard.render.links import LinkChecker


def main(site: Path, base_url: str) -> None:
    files = {p.relative_to(site).as_posix(): p.read_bytes()
             for p in sorted(site.rglob("*")) if p.is_file()}
    checker = LinkChecker(files, base_url)
    started = time.process_time()
    broken = sum(len(checker.broken(page, data)) for page, data in files.items())
    cpu = time.process_time() - started
    print(f"{len(files)} files, {sum(map(len, files.values())) / 1e6:.0f} MB, "
          f"{broken} broken links, link check {cpu:.2f} CPU-s")


if __name__ == "__main__":
    main(Path(sys.argv[1]), sys.argv[2])
