"""The link checker (`site-builder check`, the tests): every internal link of every page
of a built site must be relative, end in a file name and resolve to a file inside it.
"""
from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path
from typing import Iterator
from urllib.parse import unquote, urlsplit


class _LinkParser(HTMLParser):
    ATTRIBUTES = {"href", "src", "action", "poster"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.links: list[tuple[int, str, str]] = []  # line, tag, value

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if name in self.ATTRIBUTES and value is not None:
                self.links.append((self.getpos()[0], tag, value))
            elif name == "srcset" and value:
                for part in value.split(","):
                    if part.strip():
                        self.links.append((self.getpos()[0], tag, part.split()[0]))


def check_links(site_dir: Path) -> list[str]:
    """Problems with internal links in every .html file under `site_dir`, as 'file:line: ...'.

    Internal links must be relative, end in a file name and resolve to an existing file
    inside the site; `javascript:` URLs are always reported. External (http:, https:,
    mailto:, data:) links are not followed. 404.html is checked like any page: with a
    base URL its links are absolute, and without one they are relative to the root.
    """
    site_dir = site_dir.resolve()
    problems: list[str] = []
    for page in sorted(site_dir.rglob("*.html")):
        relative_page = page.relative_to(site_dir).as_posix()
        parser = _LinkParser()
        parser.feed(page.read_text(encoding="utf-8"))
        parser.close()
        for line, tag, value in parser.links:
            problem = _link_problem(site_dir, page, value.strip())
            if problem:
                problems.append(f"{relative_page}:{line}: <{tag}> {value!r}: {problem}")
    return problems


def _link_problem(site_dir: Path, page: Path, value: str) -> str | None:
    parts = urlsplit(value)
    scheme = parts.scheme.lower()
    if scheme == "javascript":
        return "javascript: URL"
    if scheme or parts.netloc:
        return None if scheme in {"http", "https", "mailto", "data", "tel"} else \
            f"unexpected scheme '{scheme}'"
    if not parts.path:
        return None  # '#fragment' or '?query' on the same page
    if parts.path.startswith("/"):
        return "absolute path (breaks on file:// and under a project subpath)"
    if parts.path.endswith("/") or parts.path in {".", ".."}:
        return "bare folder (does not open on file://; link to a file)"
    target = (page.parent / unquote(parts.path)).resolve()
    if not target.is_relative_to(site_dir):
        return "points outside the site"
    if not target.is_file():
        return "no such file"
    return None


def iter_pages(site_dir: Path) -> Iterator[Path]:
    """Every HTML page of a built site, sorted (for checks and tests)."""
    return iter(sorted(site_dir.rglob("*.html")))
