"""The default theme and a site's own: where templates and static files come from.

The default theme is the repository's top-level `templates/` and `static/`, shipped
in the wheel as the packages `site_builder.templates` and `site_builder.static`
(pyproject.toml). A site folder's own `templates/` and `static/` (paths.templates /
paths.static of site.yaml, relative to its folder) override it file by file: Jinja2
looks in the site's folder first (a ChoiceLoader), and the site's static files are
copied over the default ones. Either folder may be missing: the default theme is used.
"""
from __future__ import annotations

import importlib.util
from pathlib import Path

THEME_FOLDERS = ("templates", "static")


def default_theme_dir(name: str) -> Path:
    """The default theme's `name` folder ("templates" or "static") as a real folder.

    Installed, it is a namespace package inside site_builder (no __init__.py):
    importlib.resources.files() gives a MultiplexedPath for it, whose str() is no
    path, so its module search path is used. In a source checkout that is not
    installed (or when the checkout's site_builder shadows an editable install), the
    package has no such module and the folders are the repository's own.
    """
    if name not in THEME_FOLDERS:
        raise ValueError(f"not a theme folder: {name!r}")
    try:
        spec = importlib.util.find_spec(f"site_builder.{name}")
    except (ImportError, ValueError):
        spec = None
    for location in (spec.submodule_search_locations or []) if spec else []:
        if Path(location).is_dir():
            return Path(location)
    return Path(__file__).resolve().parent.parent / name


def theme_files(name: str) -> list[Path]:
    """The files of the default theme's `name` folder, relative to it, sorted; Python
    package files and caches are not theme files."""
    root = default_theme_dir(name)
    return sorted(p.relative_to(root) for p in root.rglob("*")
                  if p.is_file() and not is_package_file(p.relative_to(root)))


def is_package_file(relative: Path) -> bool:
    """Python package files, caches and hidden files are not site assets."""
    return (relative.name == "__init__.py" or "__pycache__" in relative.parts
            or any(part.startswith(".") for part in relative.parts))
