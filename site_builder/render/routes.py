"""Every URL and file id of the site: where each page is, and the relative link to it
from any other page.

Paths are from the site root ('articles/x.html', 'index.html'); `url()` makes the link
as written in a page: always relative, always ending in a file name (plus any
'#fragment'), because a bare 'dir/' does not open index.html on file://, so the site
works from file://, from a GitHub Pages project subpath and from a user site alike
(SPEC §6). IDs are file-safe and unique: pinyin of the name, -2, -3 ... for names that
collide, in sorted order (unique_ids).
"""
from __future__ import annotations

import functools
import posixpath
import re
from dataclasses import dataclass, field
from typing import Callable, Iterable, Mapping, Sequence

from ..content import make_id
from ..models import Article
from .corpus import UNDATED, Corpus, Port

# The site's fixed pages.
INDEX = "index.html"
TAGS = "tags/index.html"
PLACES = "places/index.html"
PEOPLE = "people/index.html"
PORTS = "ports.html"
PROPOSALS = "proposals.html"
ARCHIVE = "archive.html"
SEARCH = "search.html"
NOT_FOUND = "404.html"
STYLESHEET = "static/style.css"
ATOM = "atom.xml"
SITEMAP = "sitemap.xml"
NO_JEKYLL = ".nojekyll"
SEARCH_FOLDER = "search/"  # the search index's files

_SAFE_SLUG = re.compile(r"[a-z0-9][a-z0-9-]*")
_SCHEME = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:")


# ---------------------------------------------------------------- links

def url(target: str, from_path: str) -> str:
    """The relative URL of site file `target` as written in page `from_path`.

    Both are paths from the site root ('articles/x.html', 'index.html'). The result
    never starts with '/' and always ends in a file name (plus any '#fragment'),
    because a bare 'dir/' does not open index.html on file://.
    """
    _check_path("from_path", from_path)
    return url_from(target, folder_of(from_path))


def folder_of(path: str) -> str:
    """'' for a page at the root, else its folder with a trailing '/'."""
    return path[:path.rfind("/") + 1]


def root_of(folder: str) -> str:
    """The relative prefix from a page in `folder` back to the site root ('' or '../')."""
    root = posixpath.relpath(".", folder or ".")
    return "" if root == "." else root + "/"


def _check_path(name: str, value: str) -> None:
    if not value or value[0] == "/" or value[-1] == "/" or (":" in value and _SCHEME.match(value)):
        raise ValueError(f"url(): {name} must be a file path from the site root, "
                         f"not {value!r}")


@functools.lru_cache(maxsize=65536)  # ~70 links a page, most to the same few files
def url_from(target: str, from_dir: str) -> str:
    """url() from any page in `from_dir` ('' or a path ending in '/')."""
    path, _, fragment = target.partition("#")
    _check_path("target", path)
    relative = _relpath(path, from_dir.rstrip("/"))
    return f"{relative}#{fragment}" if fragment else relative


def _relpath(path: str, from_dir: str) -> str:
    """posixpath.relpath(path, from_dir or '.') for clean site paths, without its two
    abspath() calls (url() runs ~70 times per page); anything unusual goes to relpath."""
    parts, base = path.split("/"), from_dir.split("/") if from_dir else []
    if any(p in ("", ".", "..") for p in parts + base):
        return posixpath.relpath(path, from_dir or ".")
    common = 0
    while common < min(len(parts), len(base)) and parts[common] == base[common]:
        common += 1
    return "/".join([".."] * (len(base) - common) + parts[common:]) or "."


# ---------------------------------------------------------------- ids

def unique_ids(names: Iterable[str], make: Callable[[str], str] | None = None) -> dict[str, str]:
    """A file-safe id for each name; names whose pinyin collides get -2, -3 ... in sorted order."""
    make = make or (lambda name: make_id(name, "item"))
    ids: dict[str, str] = {}
    taken: set[str] = set()
    for name in sorted(set(names)):
        base = make(name)
        candidate, n = base, 1
        while candidate in taken:
            n += 1
            candidate = f"{base}-{n}"
        taken.add(candidate)
        ids[name] = candidate
    return ids


def seed_id(seed: str, make: Callable[[str, str], str] = make_id) -> str:
    """'000_797c3c25eef53a42.txt' -> '000-797c3c25eef53a42'; non-ASCII names via pinyin
    (`make`: content.make_id, or a memo of it)."""
    stem = re.sub(r"\.[A-Za-z0-9]{1,5}$", "", seed)
    ascii_id = re.sub(r"[^a-z0-9]+", "-", stem.lower()).strip("-")
    if ascii_id and stem.isascii():
        return ascii_id[:80]
    return make(stem, "page")


def tag_id(slug: str, make: Callable[[str, str], str] = make_id) -> str:
    """Taxonomy slugs are already file-safe; anything else gets the pinyin treatment."""
    return slug if _SAFE_SLUG.fullmatch(slug) and slug != "index" else make(slug, "tag")


# make_id's result by its arguments (title, fallback): a pure function's memo
IdMemo = dict[tuple[str, str], str]


class _Ids:
    """make_id, answered from `known` (the last render's) where it can: a name it has
    not seen needs pypinyin, whose tables take 0.3-0.9 s to load."""

    def __init__(self, known: Mapping[tuple[str, str], str] | None) -> None:
        self.known = known or {}
        self.made: IdMemo = {}

    def __call__(self, title: str, fallback: str) -> str:
        key = (title, fallback)
        found = self.made.get(key)
        if found is None:
            found = self.made[key] = self.known.get(key) or make_id(title, fallback)
        return found


FRONT = 0  # a listing's front page (its newest articles), before its numbered pages


def page_file(stem: str, page: int) -> str:
    """A listing's front page (FRONT) is `stem.html`; its numbered pages, counted from
    its oldest articles (see views.Listing), `stem-1.html`, `stem-2.html` ..."""
    return f"{stem}.html" if page == FRONT else f"{stem}-{page}.html"


def article_path(article: Article) -> str:
    return f"articles/{article.id}.html"


# ---------------------------------------------------------------- the site's pages

@dataclass(frozen=True)
class Routes:
    """The path of every page of one site (made from its corpus and ports)."""

    tag_ids: dict[str, str]     # slug -> file id
    place_ids: dict[str, str]   # place name -> file id
    person_ids: dict[str, str]
    seed_ids: dict[str, str]    # seed file name -> file id
    port_ids: dict[str, str]    # port label -> file id
    # the make_id results these ids were made of: the next render's `known`
    made: IdMemo = field(default_factory=dict, repr=False, compare=False)

    @classmethod
    def of(cls, corpus: Corpus, ports: Sequence[Port],
           known: Mapping[tuple[str, str], str] | None = None) -> "Routes":
        """The routes of `corpus`; `known`: make_id results already made (a `made`)."""
        make = _Ids(known)
        return cls(tag_ids=unique_ids(corpus.by_tag, lambda slug: tag_id(slug, make)),
                   place_ids=unique_ids(corpus.by_place, lambda name: make(name, "item")),
                   person_ids=unique_ids(corpus.by_person, lambda name: make(name, "item")),
                   seed_ids=unique_ids(corpus.by_seed, lambda seed: seed_id(seed, make)),
                   port_ids=unique_ids((p.label for p in ports),
                                       lambda label: make(label, "port")), made=make.made)

    article = staticmethod(article_path)

    def tag(self, slug: str, page: int = FRONT) -> str:
        return page_file(f"tags/{self.tag_ids[slug]}", page)

    def tag_feed(self, slug: str) -> str:
        return f"tags/{self.tag_ids[slug]}.xml"

    def place(self, name: str, page: int = FRONT) -> str:
        return page_file(f"places/{self.place_ids[name]}", page)

    def person(self, name: str, page: int = FRONT) -> str:
        return page_file(f"people/{self.person_ids[name]}", page)

    def month(self, month: str, page: int = FRONT) -> str:
        return page_file(f"archive/{'undated' if month == UNDATED else month}", page)

    def seed(self, seed: str, page: int = FRONT) -> str:
        return page_file(f"archive/page-{self.seed_ids[seed]}", page)

    def port(self, port: Port, page: int = FRONT) -> str:
        return page_file(f"ports/{self.port_ids[port.label]}", page)
