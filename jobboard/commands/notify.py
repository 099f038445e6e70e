"""`build.py notify`: tell search engines which offer URLs changed, with IndexNow.

    python build.py notify --previous FILE_OR_DIR [--out site] [--dry-run]
                           [--endpoint URL] [--timeout SECONDS]

Compares the state file of the site just built (`<out>/offres-etat.json`) with the
one of the last deployed build: `--previous` is that file (fetched from the deployed
site before deploying, e.g. `curl -fsS https://…/offres-etat.json -o previous.json`)
or the previous site folder. An empty previous state (`{}`) makes every open offer
new. The offers added, changed or closed (or deleted) since then are sent in one
IndexNow request (https://www.indexnow.org/documentation; shared by Bing, Yandex,
Seznam, Naver...), at most 10,000 URLs a request. The key is the site's
`indexnow_key`, which the build publishes as /<key>.txt.

Exit codes: 0 sent (or nothing to send, or --dry-run), 1 the endpoint refused or
could not be reached (nothing is retried: the next deployment sends its own list,
and the state of this one, so a failure loses these URLs only), 2 usage error.
"""

from __future__ import annotations

import argparse
import json
import sys
import urllib.error
import urllib.request
from pathlib import Path

from jobboard.commands.options import NotifyOptions
from jobboard.plan.changes import STATE_FILE, Changes, changes

ENDPOINT = "https://api.indexnow.org/indexnow"
BATCH = 10_000  # IndexNow's limit of URLs a request
TIMEOUT = 10.0  # seconds, for each request

# What IndexNow's answers mean (https://www.indexnow.org/documentation#response).
REFUSALS = {
    400: "bad request: the request is not valid IndexNow",
    403: "forbidden: the key is not valid (is /<key>.txt deployed with this key?)",
    422: "unprocessable: some URLs are not on the site's host, or the key does not match",
    429: "too many requests: the endpoint sees this as spam; try again later",
}


class NotifyError(Exception):
    """A failure to report: (message, exit code)."""


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--out", type=Path, default=Path("site"), metavar="DIR",
                        help="the site just built (default: site)")
    parser.add_argument("--previous", type=Path, required=True, metavar="FILE_OR_DIR",
                        help=f"the deployed build's {STATE_FILE}, or its site folder")
    parser.add_argument("--dry-run", action="store_true",
                        help="print the URLs that would be sent, send nothing")
    parser.add_argument("--endpoint", default=ENDPOINT, metavar="URL",
                        help=f"the IndexNow endpoint (default: {ENDPOINT})")
    parser.add_argument("--timeout", type=float, default=TIMEOUT, metavar="SECONDS",
                        help=f"give up a request after this long (default: {TIMEOUT:g})")


def read_state(path: Path, what: str) -> dict:
    if path.is_dir():
        path = path / STATE_FILE
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        hint = "build the site first" if what == "site" else \
            "fetch it from the deployed site before deploying, or pass '{}' in a file " \
            "for a first deployment"
        raise NotifyError(f"{path}: not found ({hint})", 2) from None
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as e:
        raise NotifyError(f"{path}: cannot read this state file ({e})", 2) from None
    if not isinstance(data, dict) or not isinstance(data.get("offers", {}), dict):
        raise NotifyError(f"{path}: not a state file of this site generator", 2)
    return data


def report(found: Changes) -> str:
    lines = [f"{kind} {url}" for kind, urls in (("added", found.added),
                                               ("changed", found.changed),
                                               ("closed", found.closed)) for url in urls]
    return "\n".join(lines)


def send(endpoint: str, payload: dict, timeout: float) -> int:
    """POST one IndexNow request; the HTTP status on success, else NotifyError."""
    request = urllib.request.Request(
        endpoint, data=json.dumps(payload).encode("utf-8"), method="POST",
        headers={"Content-Type": "application/json; charset=utf-8",
                 "User-Agent": "jobboard-notify (IndexNow)"})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return response.status
    except urllib.error.HTTPError as e:
        meaning = REFUSALS.get(e.code, e.reason)
        raise NotifyError(f"{endpoint}: refused with HTTP {e.code}, {meaning}; "
                          "these URLs were not taken", 1) from None
    except (urllib.error.URLError, TimeoutError, OSError) as e:
        reason = getattr(e, "reason", e)
        raise NotifyError(f"{endpoint}: cannot reach the endpoint ({reason}); these URLs "
                          "were not sent (offline? --dry-run prints the list)", 1) from None


def run(args: NotifyOptions) -> int:
    try:
        return _run(args)
    except NotifyError as e:
        message, code = e.args
        print(f"build.py notify: error: {message}", file=sys.stderr)
        return code


def _run(args: NotifyOptions) -> int:
    current = read_state(args.out, "site")
    previous = read_state(args.previous, "previous")
    if previous.get("host", current.get("host")) != current.get("host"):
        raise NotifyError(f"{args.previous}: the state of another site "
                          f"({previous.get('host')}, not {current.get('host')})", 2)
    found = changes(previous, current)
    urls = found.urls
    if not urls:
        print("Nothing to notify: no offer was added, changed or closed.")
        return 0
    indexnow = current.get("indexnow")
    if not indexnow and not args.dry_run:
        raise NotifyError("no IndexNow key: add indexnow_key to content/site.yaml and "
                          "deploy the site with its key file first", 2)
    print(report(found))
    summary = (f"{len(found.added)} added, {len(found.changed)} changed, "
               f"{len(found.closed)} closed")
    if args.dry_run:
        print(f"Dry run: {len(urls)} URLs ({summary}) not sent.")
        return 0
    assert indexnow is not None  # refused above, unless a dry run
    for start in range(0, len(urls), BATCH):
        send(args.endpoint, {"host": current["host"], "key": indexnow["key"],
                             "keyLocation": indexnow["keyLocation"],
                             "urlList": urls[start:start + BATCH]}, args.timeout)
    print(f"Sent {len(urls)} URLs ({summary}) to {args.endpoint}.")
    return 0
