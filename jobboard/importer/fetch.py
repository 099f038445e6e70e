"""`build.py import URL`: the posting at a web address, fetched into a temporary file
that the importer reads like a saved one.

Plain urllib (no new dependency): a timeout, a size limit, only http(s), and errors
said in words an editor understands ("no network connection?", "the server answered
404"), never a traceback. The file type comes from the Content-Type, else from the
address: a web page, a PDF or a Word file.
"""

from __future__ import annotations

import socket
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import urlsplit

from jobboard.importer.extract import UnreadableFile

TIMEOUT = 20  # seconds, for the connection and each read
MAX_BYTES = 10 * 1024 * 1024  # a posting page or PDF is far smaller
_TYPES = {"text/html": ".html", "application/xhtml+xml": ".html", "application/pdf": ".pdf",
          "text/plain": ".txt", "text/markdown": ".md",
          "application/vnd.openxmlformats-officedocument.wordprocessingml.document": ".docx"}
USER_AGENT = "jobboard-import/1 (+https://github.com/; a job board importing one posting)"


class _HttpOnlyRedirects(urllib.request.HTTPRedirectHandler):
    """Follow redirects to http(s) addresses only (urllib would follow ftp:// too)."""

    def redirect_request(self, req, fp, code, msg, headers, newurl):
        if urlsplit(newurl).scheme not in ("http", "https"):
            raise UnreadableFile(f"the page redirects to '{newurl}', not a web address")
        return super().redirect_request(req, fp, code, msg, headers, newurl)


_OPENER = urllib.request.build_opener(_HttpOnlyRedirects)


def is_url(text: str) -> bool:
    return text.lower().startswith(("http://", "https://"))


def fetch(url: str, folder: Path, timeout: float | None = None,
          max_bytes: int | None = None) -> Path:
    """Download `url` into `folder`; the file's path. Raises UnreadableFile."""
    timeout = timeout or TIMEOUT
    max_bytes = max_bytes or MAX_BYTES
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise UnreadableFile("expected a web address starting with http:// or https://")
    request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT,
                                                   "Accept": "text/html,application/pdf,*/*"})
    try:
        with _OPENER.open(request, timeout=timeout) as response:
            length = response.headers.get("Content-Length")
            if length and length.isdigit() and int(length) > max_bytes:
                raise UnreadableFile(f"the page is too large ({int(length) // 1024} KB; "
                                     f"limit {max_bytes // 1024} KB)")
            data = response.read(max_bytes + 1)
            kind = (response.headers.get_content_type() or "").lower()
    except UnreadableFile:
        raise
    except urllib.error.HTTPError as e:
        raise UnreadableFile(f"the server answered {e.code} ({e.reason}): check the address")
    except urllib.error.URLError as e:
        reason = e.reason
        if isinstance(reason, socket.gaierror):
            raise UnreadableFile(f"cannot find the server {parts.hostname}: no network "
                                 "connection, or a mistyped address") from None
        if isinstance(reason, (TimeoutError, socket.timeout)):
            raise UnreadableFile(f"no answer from {parts.hostname} within {timeout:g} s") \
                from None
        raise UnreadableFile(f"cannot reach {parts.hostname} ({reason}): no network "
                             "connection?") from None
    except (TimeoutError, socket.timeout):
        raise UnreadableFile(f"no answer from {parts.hostname} within {timeout:g} s") from None
    except OSError as e:
        raise UnreadableFile(f"cannot fetch the page ({e.strerror or e})") from None
    if len(data) > max_bytes:
        raise UnreadableFile(f"the page is too large (over {max_bytes // 1024} KB)")
    suffix = _TYPES.get(kind) or Path(parts.path).suffix.lower()
    if suffix not in _TYPES.values():
        suffix = ".html" if not kind or kind.startswith("text/") else ""
    if not suffix:
        raise UnreadableFile(f"the address gives a file of type '{kind}', not a web page, "
                             "PDF or Word file")
    path = folder / ("posting" + suffix)
    path.write_bytes(data)
    return path
