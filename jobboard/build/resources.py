"""Files the generator ships besides its code: the built-in templates, theme and the web
editor's bundle. They stay at the top of the repository (templates/, theme/,
admin/vendor/), where a board's editors find them; the wheel carries them inside the
package (jobboard/_templates, _theme, _admin: see pyproject.toml).
"""

from __future__ import annotations

import importlib.resources
from pathlib import Path


def builtin(packaged: str, source: str) -> Path:
    """The folder as installed (`jobboard/<packaged>` in a wheel), or as in a source
    checkout (`<source>` at the top of the repository: an editable install, the tests)."""
    package = importlib.resources.files("jobboard")
    installed = package / packaged
    if installed.is_dir():
        return Path(str(installed))
    return Path(str(package)).parent / source
