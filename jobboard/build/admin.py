"""The web editor at /admin/: Decap CMS, served by the site itself.

Published only when content/site.yaml has an `admin` section (the repository the editor
commits to). The page loads the Decap CMS bundle vendored in admin/vendor/ (no CDN, no
npm at build time) and the configuration generated from the model (content/cms.py).
It has its own Content-Security-Policy, wider than the public pages' and on /admin/
only: Decap compiles its configuration schema with `new Function` ('unsafe-eval': without
it the editor does not start), injects its styles (style-src 'unsafe-inline': without
it, violations and an unstyled page), reads uploads back from blob: URLs, encodes
images with WebAssembly, and talks to the forge's API (connect-src). It is `noindex`,
and outside the plan, so no sitemap, feed or search index lists it.
"""

from __future__ import annotations

import html
from pathlib import Path

from jobboard.build.resources import builtin
from jobboard.content import cms, model
from jobboard.plan.policies import admin_policy

VENDOR = builtin("_admin", "admin/vendor")

PAGE = """\
<!DOCTYPE html>
<html lang="fr">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex, nofollow">
<meta http-equiv="Content-Security-Policy" content="{csp}">
<title>Rédaction — {title}</title>
<script src="decap-cms.js" defer></script>
</head>
<body>
<noscript><p>L'outil de rédaction a besoin de JavaScript.</p></noscript>
</body>
</html>
"""


def admin_files(site: model.Site, vendor: Path = VENDOR) -> dict[str, bytes]:
    """The files of /admin/, by output path; none without an `admin` section."""
    if site.admin is None:
        return {}
    page = PAGE.format(csp=html.escape(admin_policy(site.admin)), title=html.escape(site.title))
    files = {"admin/index.html": page.encode("utf-8"), "admin/config.yml": cms.render(site)}
    for path in sorted(vendor.iterdir()):
        if path.is_file() and not path.name.startswith("."):
            files[f"admin/{path.name}"] = path.read_bytes()
    return files
