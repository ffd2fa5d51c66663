"""`site-builder init [DIR]`: a new site folder anyone can start from.

It holds a commented site.yaml (the site's title and the paper's name filled in), an
empty seeds/ for the page text files, a short README and a .gitignore; with
`theme=True`, a copy of the default theme (templates/, static/) to edit, whose files
then override the shipped ones file by file. An existing site.yaml is never
overwritten, nor is any other file already there.
"""
from __future__ import annotations

import json
import shutil
from dataclasses import dataclass, field
from pathlib import Path

from .errors import SiteError
from .theme import THEME_FOLDERS, default_theme_dir, theme_files

CONFIG = "site.yaml"


def _quoted(text: str) -> str:
    """A YAML double-quoted scalar (JSON's string syntax is YAML's)."""
    return json.dumps(text, ensure_ascii=False)


def site_yaml(title: str, newspaper: str) -> str:
    """The commented site.yaml of a new site (config.py reads every key here)."""
    return f"""\
# The settings of this site. site-builder reads ./site.yaml from the folder it runs
# in (or the file given with --config FILE). Paths are relative to this file's
# folder. Every key may be left out: it then has the default shown in its comment.

# The site's name, on every page and in the feeds.
title: {_quoted(title)}
# One line about the archive, on the home page and in the feeds.
description: {_quoted(f"{title}的报道档案")}
# The newspaper these pages come from: the source of every story whose lead,
# dateline or credit names no other outlet (新华社, 中新社, 人民日报 ...).
newspaper: {_quoted(newspaper)}

# The address the site will be served at, used only where an absolute URL is needed
# (sitemap.xml, atom.xml, canonical links), e.g. https://user.github.io/repo/.
# Leave it out for a site that is opened from disk. (--base-url URL sets it too.)
# base_url: https://example.org/archive/

# language: zh-CN
# Articles on each page of a listing (a tag, a place, a person, a month).
# per_page: 20

# The folders, relative to this file: page text in, one Markdown file per article
# out (yours to edit: an edited file is never overwritten), the website out.
paths:
  seeds: seeds
  content: content
  output: _site
  # cache: .cache
  # Your own theme files: a file here replaces the default theme's file of the
  # same name (`site-builder init --theme` copies the default theme in to edit).
  # templates: templates
  # static: static

# Related articles on each article page.
# related:
#   count: 5           # at most this many
#   threshold: 2.0     # the least score (a shared tag counts 3, a place 2, a keyword 1)

# Tags of your own, besides the shipped taxonomy: each with the terms that
# trigger it and their weights.
# taxonomy:
#   tags:
#     - slug: grassland
#       name: 草原
#       description: 草原生态与牧区
#       terms: {{草原: 2, 牧区: 1}}
"""


def readme(title: str, theme: bool) -> str:
    text = f"""\
# {title}

A newspaper archive built with site-builder.

- `seeds/`: the page text files, one per printed page (`.txt` or `.md`: raw PDF/OCR
  extractions, Markdown-ish or plain dumps; UTF-8 or GB18030).
- `site.yaml`: the site's settings (title, the paper's name, folders), commented.

In this folder:

    site-builder build     # seeds/ -> content/ (one Markdown file per article) -> _site/
    site-builder serve     # the same, on http://127.0.0.1:8000/, rebuilt on every change
    site-builder render    # content/ -> _site/ only, after you edited files in content/
    site-builder check     # content/'s front matter and the site's links

Open `_site/index.html` in a browser, or publish `_site/` (e.g. on GitHub Pages; give
`base_url` in site.yaml or `--base-url URL` for its feeds and sitemap).
"""
    if theme:
        text += """
`templates/` and `static/` are a copy of the default theme: edit them freely. A file
you delete falls back to the default theme's file of the same name.
"""
    return text


@dataclass
class InitReport:
    folder: Path
    made: list[str] = field(default_factory=list)   # paths made, relative to the folder
    kept: list[str] = field(default_factory=list)   # files already there, left as they were


def init_site(folder: Path, title: str | None = None, newspaper: str | None = None,
              theme: bool = False) -> InitReport:
    """Make a site folder at `folder` (made when missing). `title` and `newspaper`
    default to the folder's name. Raises SiteError when `folder` is a file, holds a
    site.yaml already, or cannot be written."""
    try:
        folder = folder.resolve()
        _check_new_site(folder)
    except OSError as exc:  # e.g. a folder that cannot be looked into
        raise SiteError(exc.filename or str(folder), f"cannot write: {exc.strerror or exc}",
                        hint="choose a folder you may write in") from None
    config, seeds = folder / CONFIG, folder / "seeds"
    name = folder.name or "site"
    title = title or name
    newspaper = newspaper or name
    report = InitReport(folder)
    try:
        folder.mkdir(parents=True, exist_ok=True)
        with open(config, "x", encoding="utf-8") as out:
            out.write(site_yaml(title, newspaper))
        report.made.append(CONFIG)
        if not seeds.exists():
            seeds.mkdir()
            report.made.append("seeds/")
        _write_new(folder, "README.md", readme(title, theme), report)
        _write_new(folder, ".gitignore", "# made by site-builder: the site, the site the last "
                                         "build replaced (deleted by the next) and the build "
                                         "cache\n_site/\n._site.old-*/\n.cache/\n", report)
        if theme:
            for kind in THEME_FOLDERS:
                source = default_theme_dir(kind)
                for relative in theme_files(kind):
                    target = folder / kind / relative
                    shown = f"{kind}/{relative.as_posix()}"
                    if target.exists():
                        report.kept.append(shown)
                        continue
                    target.parent.mkdir(parents=True, exist_ok=True)
                    shutil.copyfile(source / relative, target)
                    report.made.append(shown)
    except OSError as exc:
        raise SiteError(exc.filename or str(folder), f"cannot write: {exc.strerror or exc}",
                        hint="choose a folder you may write in") from None
    return report


def _check_new_site(folder: Path) -> None:
    if folder.exists() and not folder.is_dir():
        raise SiteError(str(folder), "is a file, not a folder",
                        hint="name a new or existing folder for the site")
    config = folder / CONFIG
    if config.exists() or config.is_symlink():
        raise SiteError(str(config), "a site.yaml is already here: not overwritten",
                        hint="edit it, or remove it to start anew")
    seeds = folder / "seeds"
    if seeds.exists() and not seeds.is_dir():
        raise SiteError(str(seeds), "is a file, not a folder",
                        hint="remove it: the pages go into a folder named seeds")


def _write_new(folder: Path, name: str, text: str, report: InitReport) -> None:
    path = folder / name
    if path.exists():
        report.kept.append(name)
        return
    path.write_text(text, encoding="utf-8")
    report.made.append(name)
