"""What the build's outputs depend on, as hashes: a changed input gives another hash.

  sha256(*parts)           the parts with their lengths (no two part lists collide)
  code_fingerprint()       the package's version, Python sources and data files
  tree_fingerprint(...)    the names and bytes of every file under some folders
  theme_fingerprint(cfg)   the site's templates and static folders and the default theme's
  ingest_context(cfg)      everything but a seed's own bytes that its ingest depends on
  render_salt(cfg)         everything but a page's own view data that it depends on
  render_inputs(...)       everything a render reads (its salt and the content files)
"""
from __future__ import annotations

import hashlib
from functools import lru_cache
from importlib import metadata
from pathlib import Path
from typing import Iterable

from ..config import SiteConfig
from ..theme import default_theme_dir

# Bump when the layout or meaning of a cache entry changes.
FORMAT = "2"
# The libraries whose versions a page's bytes depend on.
RENDER_LIBRARIES = ("jinja2", "markdown", "markupsafe")


def sha256(*parts: bytes | str) -> str:
    digest = hashlib.sha256()
    for part in parts:
        data = part.encode("utf-8") if isinstance(part, str) else part
        digest.update(len(data).to_bytes(8, "little"))
        digest.update(data)
    return digest.hexdigest()


def _version(name: str) -> str:
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:  # pragma: no cover
        return "?"


@lru_cache(maxsize=1)
def code_fingerprint() -> str:
    """The package version and the bytes of its Python sources and data files.

    A source checkout that is edited between builds (no version bump) still
    invalidates every entry: the cache cannot serve output of older code. (Computed
    once per process: the code does not change under a running build.)
    """
    version = _version("site-builder")
    version = "source" if version == "?" else version
    package = Path(__file__).resolve().parent.parent
    parts: list[bytes | str] = [FORMAT, version]
    for path in sorted(package.rglob("*")):
        if path.suffix in {".py", ".yaml", ".txt"} and "__pycache__" not in path.parts:
            parts += [path.relative_to(package).as_posix(), path.read_bytes()]
    return sha256(*parts)[:16]


def tree_fingerprint(*folders: Path) -> str:
    """Hash of the names and bytes of every file under `folders` (templates, static)."""
    parts: list[bytes | str] = []
    for folder in folders:
        parts.append(str(folder))
        if folder.is_dir():
            for path in sorted(folder.rglob("*")):
                if path.is_file() and "__pycache__" not in path.parts:
                    parts += [path.relative_to(folder).as_posix(), path.read_bytes()]
    return sha256(*parts)[:16]


def theme_fingerprint(config: SiteConfig) -> str:
    """The site's own templates and static files and the default theme's."""
    return tree_fingerprint(config.path("templates"), default_theme_dir("templates"),
                            config.path("static"), default_theme_dir("static"))


def ingest_context(config: SiteConfig) -> str:
    """Everything besides a seed's name and bytes that its ingest result depends on.

    What Nlp.fingerprint() covers (the user dictionary, gazetteer, taxonomy, jieba's
    and the cutting engine's versions, the analysis version in nlp.py), without
    importing jieba: its import alone
    loads an IDF table (~0.5 s), which a no-change build must not pay. The package's
    sources and data files are in code_fingerprint().
    """
    from ..taxonomy import load_taxonomy

    return sha256(config.fingerprint(), load_taxonomy(config).fingerprint(), _version("jieba"),
                  _version("rjieba"), code_fingerprint())


def render_salt(config: SiteConfig) -> str:
    """What every page depends on besides its own view data: the config, templates,
    static files, this package's code and the versions of Jinja2 and Markdown."""
    return sha256(config.fingerprint(), code_fingerprint(),
                  *(f"{name}={_version(name)}" for name in RENDER_LIBRARIES),
                  theme_fingerprint(config))


def render_inputs(salt: str, folder: Path, stats: Iterable[tuple[str, object]]) -> str:
    """Hash of everything a render reads: its `salt` (render_salt) and the content
    files of `folder` (names, sizes, mtimes: see content.file_stats)."""
    return sha256(salt, str(folder), *(f"{name}:{stat}" for name, stat in stats))
