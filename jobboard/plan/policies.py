"""Content-Security-Policies: the public pages' (in each page's <meta>), the web editor's
at /admin/, and the `_headers` rules that put every file of the site under one of them
where the host sends headers (Netlify, Cloudflare Pages).
"""

from __future__ import annotations

from urllib.parse import urlsplit

from jobboard.content import model

# For hosts that read it (Netlify, Cloudflare Pages): the headers of every file.
HEADERS_FILE = "_headers"
ADMIN_FOLDER = "admin"


def content_security_policy() -> str:
    """Only the site's own files may load; no inline script or style can run, whatever
    an editor writes. The same on every public page, the search page included (its
    index is JSON read by our own script: no WebAssembly, no eval)."""
    return ("default-src 'none'; script-src 'self'; style-src 'self'; "
            "img-src 'self' data:; connect-src 'self'; form-action 'self'; base-uri 'none'")


def header_policy() -> str:
    """The policy every file is served under where the host sends headers: the pages'
    own, plus what only a header can say: no framing by other sites."""
    return content_security_policy() + "; frame-ancestors 'none'"


# The forges' APIs when they are not self-hosted (api_root), and where avatars come from.
API = {"github": "https://api.github.com", "gitlab": "https://gitlab.com", "gitea": ""}
AVATARS = {"github": "https://avatars.githubusercontent.com",
           "gitlab": "https://gitlab.com https://secure.gravatar.com", "gitea": ""}


def _origin(url: str | None) -> str:
    if not url:
        return ""
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


def admin_policy(admin: model.Admin) -> str:
    """The Content-Security-Policy of /admin/: what Decap needs, and the forge it uses."""
    # blob: the editor keeps unsaved uploads as blobs and fetches them back.
    connect = ["'self'", "blob:", API[admin.backend], _origin(admin.api_root),
               _origin(admin.base_url), _origin(admin.local_backend)]
    images = ["'self'", "data:", "blob:", AVATARS[admin.backend], _origin(admin.api_root)]
    return "; ".join([
        "default-src 'none'",
        "script-src 'self' 'unsafe-eval' 'wasm-unsafe-eval'",
        "style-src 'self' 'unsafe-inline'",
        "img-src " + " ".join(dict.fromkeys(x for x in images if x)),
        "connect-src " + " ".join(dict.fromkeys(x for x in connect if x)),
        "font-src 'self' data:",
        "form-action 'none'",
        "base-uri 'none'",
    ])


def top_level(paths) -> set[str]:
    """The top-level files and folders (with a trailing /) that `paths` lie in."""
    return {p.split("/", 1)[0] + "/" if "/" in p else p for p in paths}


def header_rules(top_level: set[str], admin: model.Admin | None) -> list[tuple[str, str]]:
    """(URL pattern, policy) for `_headers`: one rule for each top-level file and folder
    of the site, so that no two rules match one path. Netlify lets the later rule win,
    Cloudflare adds both up (and a browser enforces two policies): the editor at /admin/,
    which needs a wider policy, is only right where no other rule reaches it."""
    public = header_policy()
    rules = [("/", public)]
    for name in sorted(top_level):
        if name.rstrip("/") != ADMIN_FOLDER:
            rules.append((f"/{name}*" if name.endswith("/") else f"/{name}", public))
    if admin is not None:
        editor = admin_policy(admin) + "; frame-ancestors 'none'"
        rules += [(f"/{ADMIN_FOLDER}", editor), (f"/{ADMIN_FOLDER}/*", editor)]
    return rules
