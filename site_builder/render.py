"""content -> _site: every page of the website, written atomically.

One Jinja2 Environment (autoescape, StrictUndefined) and one Markdown instance
(raw HTML and links disabled, reset between articles) per render. Templates get
small view objects with every href already computed by `url()`, which is always
relative and always ends in a file name, so the site works from file://, from a
GitHub Pages project subpath and from a user site alike (SPEC §6).

The site is built in a temporary folder next to the output and swapped in only
when everything was written (SPEC §8); a failed build leaves the old site as it was.
"""
from __future__ import annotations

import dataclasses
import functools
import gc
import hashlib
import math
import os
import posixpath
import re
import shutil
import tempfile
from dataclasses import dataclass, field
from html.parser import HTMLParser
from importlib import resources
from pathlib import Path
from typing import Callable, Iterator, Mapping, Protocol, Sequence
from urllib.parse import unquote, urlsplit

import jinja2
import markdown
from markupsafe import Markup, escape

from .config import SiteConfig
from .content import make_id
from . import changes
from .changes import Facet, Plan, RelatedEntry, Snapshot, related_entries
from .corpus import (UNDATED, Corpus, Port, Related, build_corpus, load_ports, port_stories,
                     unique_ids)
from .display import date_text, display_title, merge_editions, month_text, page_label
from .errors import ErrorLog, SiteError
from .models import Article
from .search import iter_search_files
from .theme import default_theme_dir

ATOM_ENTRIES = 50
TAG_CLOUD_STEPS = 5  # tag cloud font-size classes tag-1 .. tag-5
# At most this many links in each list of an article page (other printings, related
# stories, tags, places, people), so that no page grows with the archive; past it,
# one more link goes to the page that lists them all, or says how many are left.
MAX_LINKS = 12

# The inline patterns that make links or images. Newspaper text has none, and a
# `[x](javascript:...)` in a page dump must come out as text, never as a link.
_LINK_PATTERNS = ("reference", "link", "image_link", "image_reference", "short_reference",
                  "short_image_ref", "autolink", "automail", "html")
_SAFE_SLUG = re.compile(r"[a-z0-9][a-z0-9-]*")
_SCHEME = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:")


# ---------------------------------------------------------------------------- URLs

def url(target: str, from_path: str) -> str:
    """The relative URL of site file `target` as written in page `from_path`.

    Both are paths from the site root ('articles/x.html', 'index.html'). The result
    never starts with '/' and always ends in a file name (plus any '#fragment'),
    because a bare 'dir/' does not open index.html on file://.
    """
    _check_path("from_path", from_path)
    return _url_from(target, from_path[:from_path.rfind("/") + 1])


def _check_path(name: str, value: str) -> None:
    if not value or value.startswith("/") or value.endswith("/") or _SCHEME.match(value):
        raise ValueError(f"url(): {name} must be a file path from the site root, "
                         f"not {value!r}")


@functools.lru_cache(maxsize=65536)  # ~70 links a page, most to the same few files
def _url_from(target: str, from_dir: str) -> str:
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


def article_path(article: Article) -> str:
    return f"articles/{article.id}.html"


def page_file(stem: str, page: int) -> str:
    """Page 1 is `stem.html`, then `stem-2.html`, `stem-3.html` ..."""
    return f"{stem}.html" if page == 1 else f"{stem}-{page}.html"


PAGER_AROUND = 2  # pager links on either side of the current page


def bounded(links: Sequence, rest: Callable[[int], object]) -> list:
    """The first MAX_LINKS of `links`, then rest(number left out) when any are."""
    if len(links) <= MAX_LINKS:
        return list(links)
    return list(links[:MAX_LINKS]) + [rest(len(links) - MAX_LINKS)]


def page_numbers(number: int, pages: int, around: int = PAGER_AROUND) -> list[int | None]:
    """The page numbers a pager links: the first, the last and `around` on either side
    of `number`; None where numbers are left out. A link to every page would make a
    tag of 100,000 articles print 25 million links over its 5,000 pages."""
    shown = sorted({1, pages, *range(max(1, number - around), min(pages, number + around) + 1)})
    numbers: list[int | None] = []
    last = 0
    for n in shown:
        if n > last + 1:
            numbers.append(None)
        numbers.append(n)
        last = n
    return numbers


def _tag_file_id(slug: str) -> str:
    # Taxonomy slugs are already file-safe; anything else gets the pinyin treatment.
    return slug if _SAFE_SLUG.fullmatch(slug) and slug != "index" else make_id(slug, "tag")


def page_labels(corpus: Corpus, newspaper: str | None) -> dict[str, str]:
    """Seed -> the label readers see for that printed page (display.page_label): from
    the edition its stories carry, numbered by the page's order in the archive. Two
    dumps of one page (a raw and a clean one) get the same edition: the later ones in
    the archive's order are told apart as `（2）`, `（3）` ..."""
    labels: dict[str, str] = {}
    seen: dict[str, int] = {}
    for number, (seed, articles) in enumerate(corpus.by_seed.items(), 1):
        label = page_label(merge_editions(a.edition for a in articles), newspaper, number)
        seen[label] = seen.get(label, 0) + 1
        labels[seed] = label if seen[label] == 1 else f"{label}（{seen[label]}）"
    return labels


class SearchMemo(Protocol):
    """Keeps search.iter_search_files's memo between renders (the build's cache)."""

    def load(self) -> dict: ...

    def save(self, memo: dict) -> None: ...


# ---------------------------------------------------------------------------- views

@dataclass(frozen=True)
class Link:
    text: str
    href: str | None = None  # None: shown as plain text (e.g. a tag only a printing has)
    count: int | None = None
    note: str | None = None
    current: bool = False
    weight: int = 0  # tag cloud size class
    derived: bool = False  # an article's headline made by the editor, not printed


@dataclass(frozen=True)
class ArticleItem:
    """An article in a listing."""

    title: str
    href: str
    date: str | None
    source: str | None
    kicker: str | None
    summary: str | None
    date_text: str | None = None  # the date as readers read it (2026年4月9日)
    derived: bool = False         # the headline is editorial (see display.display_title)


@dataclass(frozen=True)
class ProposalRow:
    person: Link
    role: str | None
    affiliation: str | None
    gist: str | None
    article: Link | None
    statement: str | None = None  # shown on the person's page, where there is room


@dataclass(frozen=True)
class RelatedItem:
    link: Link
    why: tuple[str, ...]


@dataclass(frozen=True)
class Pager:
    page: int
    pages: int
    prev: str | None
    next: str | None
    links: tuple[Link, ...]


@dataclass(frozen=True)
class RenderResult:
    pages: int                 # HTML pages written
    files: int                 # every file written, static and search index included
    output: Path
    problems: tuple[str, ...] = field(default_factory=tuple)
    # site path -> (key of what the page shows, size, mtime_ns): the page cache of the
    # next render (see _Renderer.page); `reused` pages were carried over from the old site
    keys: dict = field(default_factory=dict)
    reused: int = 0
    snapshot: "Snapshot | None" = None  # what the next render's plan compares with


# ---------------------------------------------------------------------------- environment

def _package_dir(name: str) -> Path:
    """The default theme folder shipped in the package (site_builder.templates/static);
    see theme.default_theme_dir."""
    return default_theme_dir(name)


def make_environment(config: SiteConfig) -> jinja2.Environment:
    loaders = [jinja2.FileSystemLoader(str(config.path("templates"))),
               jinja2.FileSystemLoader(str(_package_dir("templates")))]
    return jinja2.Environment(loader=jinja2.ChoiceLoader(loaders), autoescape=True,
                              undefined=jinja2.StrictUndefined, trim_blocks=True,
                              lstrip_blocks=True, keep_trailing_newline=True)


def has_template(env: jinja2.Environment, name: str) -> bool:
    try:
        env.get_template(name)
    except jinja2.TemplateNotFound:
        return False
    return True


def make_markdown() -> markdown.Markdown:
    """Markdown with raw HTML and links switched off: input text can never become markup.

    Python-Markdown has no safe mode any more; without the html_block preprocessor and
    the html inline pattern, `<script>` is an ordinary text run and gets escaped.
    """
    md = markdown.Markdown(output_format="html")
    md.preprocessors.deregister("html_block")
    for name in _LINK_PATTERNS:
        if name in md.inlinePatterns:
            md.inlinePatterns.deregister(name)
    return md


# ---------------------------------------------------------------------------- the renderer

class _SiteFiles:
    """The new site being written into `out` (a fresh folder), and the site it replaces
    (`old_site`), from which unchanged files are carried over. `previous` maps each file
    of the old site to (key, size, mtime_ns) as recorded when it was written."""

    def __init__(self, out: Path, old_site: Path | None,
                 previous: Mapping[str, tuple]) -> None:
        self.out, self.old_site, self.previous = out, old_site, previous
        # the same folders as strings, for the per-page file operations
        self.out_dir, self.old_dir = str(out), str(old_site or "")
        self.folders: set[str] = set()  # folders of the new site made so far
        self.files = 0  # files written or carried over
        # files of the old site already linked into the new one (see link_unchanged)
        self.linked: frozenset[str] = frozenset()

    def _target(self, path: str) -> str:
        """The new site's file `path` (a plain string: this runs for every page), its
        folder made."""
        folder = path[:path.rfind("/") + 1]
        if folder not in self.folders:
            os.makedirs(os.path.join(self.out_dir, folder), exist_ok=True)
            self.folders.add(folder)
        return os.path.join(self.out_dir, path)

    def write(self, path: str, text: str) -> None:
        if path in self.linked:  # never write into the old site's file: replace the link
            os.unlink(os.path.join(self.out_dir, path))
        with open(self._target(path), "wb") as handle:
            handle.write(text.encode("utf-8"))
        self.files += 1

    def carry_over(self, path: str) -> bool:
        """Hard-link (else copy) `path` from the site being replaced into the new one,
        when it is there. False when it cannot."""
        if self.old_site is None:
            return False
        if path in self.linked:
            self.files += 1
            return True
        source, target = os.path.join(self.old_dir, path), self._target(path)
        try:
            try:
                os.link(source, target)
            except OSError:
                shutil.copyfile(source, target)
        except OSError:
            return False
        self.files += 1
        return True

    def _unchanged(self, path: str, old: tuple) -> bool:
        """The old site's file is still the one that was written (not edited since)."""
        if path in self.linked:  # checked when it was linked
            return True
        try:
            stat = os.stat(os.path.join(self.old_dir, path))
        except OSError:
            return False
        return (stat.st_size, stat.st_mtime_ns) == tuple(old[1:])


def write_search_index(site: _SiteFiles, articles: Sequence[Article],
                       tag_names: Mapping[str, str], memo: "SearchMemo | None",
                       record_keys: bool, digests: Mapping[str, str] | None = None
                       ) -> tuple[int, dict[str, tuple]]:
    """The search index files (see search.py) into `site`: how many were written, and
    their keys (the digest of the file's bytes, like a page's) when `record_keys`.
    Needs only the articles, not the corpus: it can start before the corpus is made."""
    files = site.files
    keys: dict[str, tuple] = {}

    def reusable(path: str, digest: str) -> bool:
        old = site.previous.get(path)
        return old is not None and old[0] == digest and site._unchanged(path, old)

    # loaded here, in the process that makes the index: the page workers never hold it
    state = memo.load() if memo else None
    for path, digest, text in iter_search_files(
            list(articles), article_path, dict(tag_names), state,
            memo.save if memo else None, reusable if site.old_site else None, digests):
        # written as made; a file whose bytes did not change is carried over
        if text is not None and not (site.old_site and reusable(path, digest)
                                     and site.carry_over(path)):
            site.write(path, text)
        elif text is None and not site.carry_over(path):
            raise SiteError(os.path.join(site.old_dir, path),
                            "search index file vanished during the build")
        if record_keys:
            stat = os.stat(os.path.join(site.out_dir, path))
            keys[path] = (digest, stat.st_size, stat.st_mtime_ns)
    return site.files - files, keys


def link_unchanged(site: _SiteFiles) -> frozenset[str]:
    """Hard-link into the new site every page of the old one that is still the file
    the last render wrote (in a process of its own, while the corpus is made): the
    render then replaces only the pages it writes again, and removes those it no longer
    makes. The search index carries its own files over."""
    return frozenset(path for path, old in site.previous.items()
                     if not path.startswith("search/") and site._unchanged(path, old)
                     and site.carry_over(path))


# The jobs forked processes run, by name (set only while their pools are open).
_JOBS: "dict[str, Callable[[], object]]" = {}


def _run_job(name: str) -> object:
    return _JOBS[name]()


class _in_background:
    """Context manager: `job()` run by one forked process, started on entering (while
    the caller goes on), or, with `fork` False, here when result() is first asked for."""

    def __init__(self, name: str, job: Callable[[], object], fork: bool) -> None:
        self.name, self.job, self.fork = name, job, fork
        self.pool = self.pending = None

    def __enter__(self) -> "_in_background":
        import multiprocessing
        if self.fork and "fork" in multiprocessing.get_all_start_methods():
            from .workers import detach_worker
            _JOBS[self.name] = self.job
            self.pool = multiprocessing.get_context("fork").Pool(1, initializer=detach_worker)
            self.pending = self.pool.apply_async(_run_job, (self.name,))
        return self

    def result(self):
        """The job's result: waits for the forked process (its error, raised)."""
        return self.pending.get() if self.pending is not None else self.job()

    def __exit__(self, *exc) -> bool:
        if self.pool is not None:
            self.pool.terminate() if exc[0] else self.pool.close()
            self.pool.join()
        _JOBS.pop(self.name, None)
        return False


class _Renderer(_SiteFiles):
    """Renders one site into `out` (a fresh folder). State lives here, not in globals."""

    def __init__(self, config: SiteConfig, corpus: Corpus, tag_names: Mapping[str, str],
                 tag_descriptions: Mapping[str, str], out: Path, log: ErrorLog,
                 previous: Mapping[str, tuple] | None = None,
                 old_site: Path | None = None, plan: Plan | None = None,
                 linked: frozenset[str] = frozenset()) -> None:
        super().__init__(out, old_site if previous else None, previous or {})
        self.linked = linked
        self.config = config
        self.corpus = corpus
        self.log = log
        self.env = make_environment(config)
        self.md = make_markdown()
        self.tag_names = tag_names
        self.tag_descriptions = tag_descriptions
        self.tag_ids = unique_ids(corpus.by_tag, _tag_file_id)
        self.ports = load_ports()
        self.port_ids = unique_ids((p.label for p in self.ports),
                                   lambda label: make_id(label, "port"))
        self.page_labels = page_labels(corpus, config.newspaper)
        self.has_search = has_template(self.env, "search.html")
        # load_config adds the trailing slash; a SiteConfig made in code may lack it.
        self.base_url = config.base_url.rstrip("/") + "/" if config.base_url else None
        self.html_pages: list[str] = []
        self.navs: dict[tuple[str, str | None], tuple[str, tuple[Link, ...]]] = {}
        # The page cache: `previous` maps each page of `old_site` (the site being
        # replaced) to the key of what it shows; a page whose key is unchanged is
        # carried over (hard link) instead of rendered. `keys` are this render's.
        self.keys: dict[str, tuple] = {}
        self.reused = 0
        self.salt = _render_salt(config) if previous is not None else ""
        # The pages the plan says may have changed are looked at; the others carried
        # over unseen (see changes.py). Without a plan every page is looked at.
        self.plan = plan if self.old_site is not None else None
        # canonical id -> related entries worked out by this process (for the snapshot)
        self.related_made: dict[str, tuple[RelatedEntry, ...]] = {}

    # -- paths of the site's pages (from the site root)
    def tag_path(self, slug: str, page: int = 1) -> str:
        return page_file(f"tags/{self.tag_ids[slug]}", page)

    def place_path(self, name: str, page: int = 1) -> str:
        return page_file(f"places/{self.corpus.place_ids[name]}", page)

    def person_path(self, name: str, page: int = 1) -> str:
        return page_file(f"people/{self.corpus.person_ids[name]}", page)

    def month_path(self, month: str, page: int = 1) -> str:
        return page_file(f"archive/{'undated' if month == UNDATED else month}", page)

    def seed_path(self, seed: str, page: int = 1) -> str:
        return page_file(f"archive/page-{self.corpus.seed_ids[seed]}", page)

    def port_path(self, port: Port, page: int = 1) -> str:
        return page_file(f"ports/{self.port_ids[port.label]}", page)

    def tag_name(self, slug: str) -> str:
        return self.tag_names.get(slug, slug)

    # -- output
    def page(self, path: str, template: str, page_title: str, section: str | None = None,
             crumbs: Sequence[tuple[str, str | None]] = (), canonical: str | None = None,
             feed: str | None = None, lazy: Mapping[str, Callable[[], object]] | None = None,
             **context) -> None:
        """Render `template` into `path` with the context every page shares.

        `feed`: the site path of this page's Atom feed, linked only when there are feeds
        (a base URL is known). `lazy`: context values computed only when the page is
        rendered, which must be functions of the rest of the context (e.g. an article's
        body HTML of `article`).

        With a page cache, the page's key is the hash of everything it shows: its
        arguments and context (view objects whose repr is their whole value) and the
        render salt (config, templates, static, code). An unchanged key carries the old
        file over; the output is the same bytes either way.
        """
        key = None
        if self.salt:
            key = hashlib.sha256(repr((self.salt, path, template, page_title, section,
                                       tuple(crumbs), canonical, feed, sorted(lazy or ()),
                                       context)).encode("utf-8")).hexdigest()
            old = self.previous.get(path)
            if old is not None and old[0] == key and self._unchanged(path, old) \
                    and self.carry_over(path):
                self.keys[path] = old
                self.html_pages.append(path)
                self.reused += 1
                return
        common = self.common(path, page_title, section, crumbs, canonical)
        common["feed_href"] = url(feed, path) if feed and self.base_url else None
        for name, make in (lazy or {}).items():
            context[name] = make()
        text = self.env.get_template(template).render(**common, **context)
        self.write(path, text)
        self.html_pages.append(path)
        if key is not None:
            stat = os.stat(os.path.join(self.out_dir, path))
            self.keys[path] = (key, stat.st_size, stat.st_mtime_ns)

    def keep(self, path: str) -> bool:
        """Carry the old site's page over with its old key, unseen (the plan says it
        shows nothing new); False when there is no such page or it was edited."""
        old = self.previous.get(path)
        if old is None or not self._unchanged(path, old) or not self.carry_over(path):
            return False
        self.keys[path] = old
        self.html_pages.append(path)
        self.reused += 1
        return True

    def related(self, canonical: Article) -> tuple[Related, ...]:
        found = self.corpus.related.get(canonical.id, ())
        self.related_made[canonical.id] = related_entries(found)
        return found

    def related_unchanged(self, canonical: Article) -> bool:
        """The story's related list is the last render's (see changes.Plan)."""
        assert self.plan is not None
        self.related(canonical)
        return self.plan.related_unchanged(canonical.id, self.related_made[canonical.id])

    def common(self, path: str, title: str, section: str | None,
               crumbs: Sequence[tuple[str, str | None]], canonical: str | None) -> dict:
        """Context of base.html; also documented for templates/search.html.

        site_title, site_description, lang, page_title, canonical_url (absolute or None),
        css_href, home_href, search_href (None without a search page), static_dir and
        root_dir (relative prefixes ending in '/', or '' at the root), nav, breadcrumbs,
        has_search.
        """
        base = self.base_url
        root_dir, nav = self._nav(path[:path.rfind("/") + 1], section)
        crumb_links = ([Link("首页", url("index.html", path))] +
                       [Link(text, url(href, path) if href else None) for text, href in crumbs]
                       if crumbs else [])
        return {
            "site_title": self.config.title, "site_description": self.config.description,
            "lang": self.config.language, "page_title": title,
            "canonical_url": (base + (canonical if canonical is not None else path))
            if base else None,
            "css_href": url("static/style.css", path), "home_href": url("index.html", path),
            "search_href": url("search.html", path) if self.has_search else None,
            "has_search": self.has_search, "static_dir": root_dir + "static/",
            "root_dir": root_dir, "breadcrumbs": crumb_links, "nav": nav,
        }

    def _nav(self, folder: str, section: str | None) -> tuple[str, tuple[Link, ...]]:
        """(root_dir, nav links) of the pages in `folder` ('' or 'dir/'), made once."""
        if (folder, section) in self.navs:
            return self.navs[folder, section]
        items = [("首页", "index.html", "home"), ("话题", "tags/index.html", "tags"),
                 ("地点", "places/index.html", "places"),
                 ("人物", "people/index.html", "people"), ("口岸", "ports.html", "ports"),
                 ("建言", "proposals.html", "proposals"), ("归档", "archive.html", "archive")]
        if self.has_search:
            items.append(("搜索", "search.html", "search"))
        root = posixpath.relpath(".", folder or ".")
        made = ("" if root == "." else root + "/",
                tuple(Link(text, _url_from(href, folder), current=(key == section))
                      for text, href, key in items))
        self.navs[folder, section] = made
        return made

    # -- view helpers
    def item(self, article: Article, from_path: str) -> ArticleItem:
        title, derived = display_title(article)
        return ArticleItem(title, url(article_path(article), from_path), article.date,
                           article.source, article.kicker, article.summary,
                           date_text(article.date), derived)

    def tag_link(self, slug: str, from_path: str) -> Link:
        href = url(self.tag_path(slug), from_path) if slug in self.tag_ids else None
        return Link(self.tag_name(slug), href, len(self.corpus.by_tag.get(slug, ())))

    def place_link(self, name: str, from_path: str) -> Link:
        known = name in self.corpus.place_ids
        return Link(name, url(self.place_path(name), from_path) if known else None,
                    len(self.corpus.by_place.get(name, ())))

    def person_link(self, name: str, from_path: str) -> Link:
        known = name in self.corpus.person_ids
        return Link(name, url(self.person_path(name), from_path) if known else None,
                    len(self.corpus.by_person.get(name, ())))

    def article_link(self, article: Article, from_path: str, note: str | None = None) -> Link:
        title, derived = display_title(article)
        return Link(title, url(article_path(article), from_path), note=note, derived=derived)

    def why(self, related: Related) -> tuple[str, ...]:
        """The shared terms as a reader says them: tags by their Chinese names."""
        words = (self.tag_name(word) if kind == "tag" else word for kind, word in related.terms)
        return tuple(dict.fromkeys(words))

    def body_html(self, article: Article, dateline: str | None = None) -> Markup:
        """The body as HTML; a `dateline` (新华社北京4月9日电, 本报讯) opens its first
        paragraph, as printed, rather than standing as a paragraph of its own."""
        self.md.reset()
        # Markdown has escaped every character of the input text: this is safe markup.
        html = self.md.convert(article.body)
        if dateline:
            lead = f'<span class="dateline">{escape(dateline)}</span>'
            html = (f"<p>{lead} {html[3:]}" if html.startswith("<p>")
                    else f'<p class="dateline">{escape(dateline)}</p>\n{html}')
        return Markup(html)

    # -- pages
    def render_all(self, jobs: int = 1, progress=None,
                   search: "_in_background | None" = None) -> None:
        """Every page: the independent tasks (in `jobs` processes), the search index
        (`search`, made meanwhile), then 404 and feeds. The output does not depend on
        `jobs`."""
        tasks = self.tasks()
        runner = _task_runner(self, tasks, jobs)
        warned: list[SiteError] = []
        with runner as results:
            forked = runner.jobs > 1
            if progress is not None:
                progress.begin("render", len(self.corpus.articles) +
                               sum(1 for task in tasks if task[0] != "articles"))
            pages: list[str] = []
            keys: dict[str, tuple] = {}
            related: dict[str, tuple[RelatedEntry, ...]] = {}
            files_done = reused_done = 0
            for task, result in zip(tasks, results):
                html_pages, files, warnings, task_keys, reused, task_related = result
                keys.update(task_keys)
                related.update(task_related)
                if forked:  # a worker's pages and warnings; run here they are counted
                    pages += html_pages
                    files_done += files
                    reused_done += reused
                    warned.extend(SiteError(*w) for w in warnings)
                if progress is not None:
                    progress.advance(task[2] - task[1] if task[0] == "articles" else 1)
            if progress is not None:
                progress.end()
        if search is not None:
            if progress is not None:
                progress.note("search index")
            search_files, search_keys = search.result()
            files_done += search_files
            keys.update(search_keys)
        self.files += files_done
        self.reused += reused_done
        self.log.warnings.extend(warned)
        if forked:
            self.html_pages = pages + self.html_pages
        else:
            self.keys = {}
        self.render_search_page()
        keys.update(self.keys)
        self.keys, self.related_made = keys, related
        for path in self.linked - keys.keys():  # linked, but a page this render no longer has
            os.unlink(os.path.join(self.out_dir, path))
        self.render_404()
        self.write(".nojekyll", "")
        if self.config.base_url:
            self.render_feeds()

    # Articles per task: enough to amortise a task's overhead, small enough to balance.
    ARTICLE_CHUNK = 200

    def tasks(self) -> list[tuple]:
        """The pages as independent tasks, in the order a single process renders them."""
        n = len(self.corpus.articles)
        return ([("index", 0, 0)] +
                [("articles", i, min(i + self.ARTICLE_CHUNK, n))
                 for i in range(0, n, self.ARTICLE_CHUNK)] +
                [(name, 0, 0) for name in ("tags", "places", "people", "ports", "proposals",
                                           "archive")])

    def run_task(self, task: tuple) -> tuple[list[str], int, list, dict, int, dict]:
        """Render one task; returns (HTML pages written, files written, warnings,
        page keys, pages carried over, related entries worked out)."""
        pages, files, warnings = len(self.html_pages), self.files, len(self.log.warnings)
        reused = self.reused
        self.keys, self.related_made = {}, {}
        kind, start, stop = task
        if kind == "articles":
            for article in self.corpus.articles[start:stop]:
                self.render_article(article)
        else:
            getattr(self, f"render_{kind}")()
        # warnings as plain tuples: they cross a process boundary (SiteError is frozen)
        return (self.html_pages[pages:], self.files - files,
                [(w.path, w.message, w.line, w.hint) for w in self.log.warnings[warnings:]],
                self.keys, self.reused - reused, self.related_made)

    def render_search_page(self) -> None:
        if self.has_search:
            self.page("search.html", "search.html", "搜索", "search", [("搜索", None)])

    def render_index(self) -> None:
        path = "index.html"
        counts = {slug: len(items) for slug, items in self.corpus.by_tag.items()}
        top = max(counts.values(), default=1)
        cloud = [Link(self.tag_name(slug), url(self.tag_path(slug), path), count,
                      weight=1 + round((TAG_CLOUD_STEPS - 1) * math.log(count) / math.log(top))
                      if top > 1 else 1)
                 for slug, count in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))]
        sections = [Link(text, url(href, path), count) for text, href, count in (
            ("话题", "tags/index.html", len(self.corpus.by_tag)),
            ("地点", "places/index.html", len(self.corpus.by_place)),
            ("人物", "people/index.html", len(self.corpus.by_person)),
            ("口岸", "ports.html", len(self.ports)),
            ("建言", "proposals.html", len(self.corpus.proposals)),
            ("归档", "archive.html", len(self.corpus.by_date)))]
        latest = [self.item(a, path) for a in self.corpus.canonical[:self.config.per_page]]
        self.page(path, "index.html", self.config.title, "home", canonical="", feed="atom.xml",
                  latest=latest, cloud=cloud, sections=sections,
                  total=len(self.corpus.canonical))

    def render_article(self, article: Article) -> None:
        path = article_path(article)
        corpus = self.corpus
        canonical = corpus.canonical_article(article)
        plan = self.plan
        if plan is not None and article.id not in plan.articles and (
                canonical.id not in plan.recheck or self.related_unchanged(canonical)) \
                and self.keep(path):
            return
        group = (canonical,) + corpus.duplicates.get(canonical.id, ())
        # A printing's page names the canonical in its notice, so list only the others.
        printings = [self.article_link(a, path, note=self.page_labels[a.seed]) for a in group
                     if a.id not in (article.id, canonical.id)]
        related = [RelatedItem(self.article_link(r.article, path), self.why(r))
                   for r in self.related(canonical)[:MAX_LINKS]]
        people = list(dict.fromkeys(list(article.people) + [p.person for p in article.proposals]))
        # each statement in full (the gist where none was printed apart)
        proposals = [ProposalRow(self.person_link(p.person, path), p.role, p.affiliation,
                                 p.summary, None, p.statement or p.summary)
                     for p in article.proposals]
        older, newer = corpus.prev.get(article.id), corpus.next.get(article.id)
        title, derived = display_title(article)
        if not article.title:
            # Content files are named by id; the renderer does not know their folder.
            self.log.warn(f"{self.config.paths.content}/{article.id}.md",
                          f"article has no title; shown as '{title}' (editorial)")
        # Some dumps keep the dateline at the head of the body: print it once.
        dateline = (article.dateline if article.dateline and
                    article.dateline not in article.body[:len(article.dateline) + 20]
                    else None)
        self.page(
            path, "article.html", title, None,
            [(self.tag_name(article.tags[0]), self.tag_path(article.tags[0]))
             if article.tags and article.tags[0] in self.tag_ids else ("文章", None),
             (title, None)],
            canonical=article_path(canonical),
            article=article, title=title, title_derived=derived,
            date_text=date_text(article.date),
            lazy={"body": lambda: self.body_html(article, dateline)}, dateline=dateline,
            authors=list(article.authors), captions=list(article.captions),
            proposals=proposals,
            tags=bounded([self.tag_link(t, path) for t in article.tags],
                         lambda n: Link(f"全部话题（另有{n}个）", url("tags/index.html", path))),
            places=bounded([self.place_link(p, path) for p in article.places],
                           lambda n: Link(f"全部地点（另有{n}个）", url("places/index.html", path))),
            people=bounded([self.person_link(p, path) for p in people],
                           lambda n: Link(f"全部人物（另有{n}位）", url("people/index.html", path))),
            related=related,
            printings=bounded(printings, lambda n: Link("……", note=f"另有{n}次刊载，未列出")),
            canonical_link=(self.article_link(canonical, path,
                                              note=self.page_labels[canonical.seed])
                            if canonical.id != article.id else None),
            source_page=Link(self.page_labels[article.seed],
                             url(self.seed_path(article.seed), path)),
            older=self.article_link(older, path) if older else None,
            newer=self.article_link(newer, path) if newer else None,
        )

    def listing(self, facet: Facet | None, stem_path: Callable[[int], str], template_title: str,
                heading: str, articles: Sequence[Article], section: str,
                crumbs: Sequence[tuple[str, str | None]], **extra) -> None:
        """A paginated article list (tags, places, people, months, source pages)."""
        per_page = max(1, self.config.per_page)
        pages = max(1, math.ceil(len(articles) / per_page))
        # (a listing with no facet, such as a port's, is always looked at)
        unchanged = self.plan is not None and facet is not None and facet not in self.plan.facets
        for number in range(1, pages + 1):
            path = stem_path(number)
            if unchanged and self.keep(path):
                continue
            chunk = articles[(number - 1) * per_page:number * per_page]
            pager = Pager(number, pages,
                          url(stem_path(number - 1), path) if number > 1 else None,
                          url(stem_path(number + 1), path) if number < pages else None,
                          tuple(Link(str(n), url(stem_path(n), path), current=(n == number))
                                if n else Link("…") for n in page_numbers(number, pages)))
            title = template_title if number == 1 else f"{template_title}（第{number}页）"
            page_extra = {k: (v(path) if callable(v) else v) for k, v in extra.items()}
            page_extra.setdefault("intro", None)
            page_extra.setdefault("proposals", [])
            if number > 1:
                page_extra["proposals"] = []
            self.page(path, "list.html", title, section, list(crumbs) + [(heading, None)],
                      heading=heading, items=[self.item(a, path) for a in chunk],
                      total=len(articles), pager=pager, **page_extra)

    def render_tags(self) -> None:
        path = "tags/index.html"
        links = [self.tag_link(slug, path) for slug in
                 sorted(self.corpus.by_tag, key=lambda s: (-len(self.corpus.by_tag[s]), s))]
        self.page(path, "tags.html", "话题", "tags", [("话题", None)],
                  heading="话题", intro="按话题浏览全部报道。", links=links)
        for slug, articles in self.corpus.by_tag.items():
            name = self.tag_name(slug)
            self.listing(("tag", slug), lambda n, s=slug: self.tag_path(s, n), f"话题：{name}",
                         name,
                         articles, "tags", [("话题", "tags/index.html")],
                         intro=self.tag_descriptions.get(slug) or None,
                         feed=self.tag_feed_path(slug))

    def render_places(self) -> None:
        path = "places/index.html"
        names = sorted(self.corpus.by_place, key=lambda n: self.corpus.place_ids[n])
        ports_by_place: dict[str, list[Port]] = {}
        for port in self.ports:
            ports_by_place.setdefault(port.place, []).append(port)
        self.page(path, "tags.html", "地点", "places", [("地点", None)], heading="地点",
                  intro="报道中出现的地点与口岸，按拼音排序。",
                  links=[self.place_link(n, path) for n in names])
        for name in names:
            ports = ports_by_place.get(name, [])
            intro = ("口岸：" + "、".join(f"{p.label}（{p.kind}，{p.city}）" for p in ports)
                     if ports else None)
            self.listing(("place", name), lambda n, s=name: self.place_path(s, n),
                         f"地点：{name}", name,
                         self.corpus.by_place[name], "places", [("地点", "places/index.html")],
                         intro=intro)

    def render_people(self) -> None:
        path = "people/index.html"
        names = sorted(self.corpus.by_person, key=lambda n: self.corpus.person_ids[n])
        self.page(path, "tags.html", "人物", "people", [("人物", None)], heading="人物",
                  intro="报道中的人物与代表委员，按拼音排序。",
                  links=[self.person_link(n, path) for n in names])
        for name in names:
            entries = self.corpus.proposals_by_person.get(name, ())

            def rows(from_path: str, entries=entries) -> list[ProposalRow]:
                return [ProposalRow(Link(e.proposal.person), e.proposal.role,
                                    e.proposal.affiliation, e.proposal.summary,
                                    self.article_link(e.article, from_path),
                                    e.proposal.statement) for e in entries]
            self.listing(("person", name), lambda n, s=name: self.person_path(s, n),
                         f"人物：{name}", name,
                         self.corpus.by_person[name], "people", [("人物", "people/index.html")],
                         proposals=rows)

    def render_ports(self) -> None:
        """The ports directory, and a page per port listing the stories that name the
        port itself (corpus.port_stories), not merely its city."""
        path = "ports.html"
        stories = port_stories(self.corpus.canonical, self.ports)
        rows = []
        for port in self.ports:
            found = stories.get(port.label, ())
            place = (url(self.place_path(port.place), path)
                     if port.place in self.corpus.place_ids else None)
            rows.append((port, Link(f"{len(found)} 篇",
                                    url(self.port_path(port), path) if found else None,
                                    len(found)),
                         Link(port.city, place)))
        self.page(path, "ports.html", "口岸", "ports", [("口岸", None)], rows=rows,
                  kinds={kind: sum(1 for p in self.ports if p.kind == kind)
                         for kind in ("铁路", "公路", "航空")})
        for port in self.ports:
            found = stories.get(port.label, ())
            if not found:
                continue
            where = f"{port.kind}口岸，位于{port.city}" + (
                f"，对应{port.neighbour}" if port.neighbour else "")
            self.listing(None, lambda n, p=port: self.port_path(p, n), f"口岸：{port.label}",
                         port.label, found, "ports", [("口岸", "ports.html")],
                         intro=f"{where}。这里列出写到本口岸（{'、'.join(port.names)}）的报道。")

    def render_proposals(self) -> None:
        path = "proposals.html"
        rows = [ProposalRow(self.person_link(e.proposal.person, path), e.proposal.role,
                            e.proposal.affiliation, e.proposal.summary,
                            self.article_link(e.article, path))
                for e in self.corpus.proposals]
        self.page(path, "proposals.html", "建言", "proposals", [("建言", None)], rows=rows)

    def render_archive(self) -> None:
        path = "archive.html"
        months = [Link(month_text(month), url(self.month_path(month), path), len(items))
                  for month, items in self.corpus.by_date.items()]
        seeds = [Link(self.page_labels[seed], url(self.seed_path(seed), path), len(items))
                 for seed, items in self.corpus.by_seed.items()]
        self.page(path, "archive.html", "归档", "archive", [("归档", None)],
                  months=months, seeds=seeds)
        for month, articles in self.corpus.by_date.items():
            self.listing(("month", month), lambda n, m=month: self.month_path(m, n),
                         f"归档：{month_text(month)}", month_text(month),
                         articles, "archive", [("归档", "archive.html")])
        for seed, articles in self.corpus.by_seed.items():
            label = self.page_labels[seed]
            self.listing(("seed", seed), lambda n, s=seed: self.seed_path(s, n),
                         f"归档：{label}", label,
                         articles, "archive", [("归档", "archive.html")],
                         intro="这一版面原文中的全部文章（含重复刊载）。")

    def render_404(self) -> None:
        # GitHub Pages serves 404.html at whatever depth the missing URL had, so relative
        # links would point nowhere: the template inlines its CSS and links home by the
        # absolute base URL when one is known; otherwise from the site root, and a small
        # inline script finds the root over HTTP by probing for the stylesheet.
        base = self.base_url or ""
        text = self.env.get_template("404.html").render(
            lang=self.config.language, site_title=self.config.title,
            home_href=base + "index.html",
            search_href=base + "search.html" if self.has_search else None,
            find_root=not base, marker="static/style.css")
        self.write("404.html", text)
        self.html_pages.append("404.html")

    def tag_feed_path(self, slug: str) -> str:
        return f"tags/{self.tag_ids[slug]}.xml"

    def feed(self, path: str, title: str, description: str, page: str,
             articles: Sequence[Article]) -> None:
        """An Atom feed of the latest dated `articles` at `path`; `page` is its HTML page."""
        base = self.base_url or ""
        dated = [a for a in articles if a.date]  # listings are newest first already
        entries = [{"title": display_title(a)[0], "url": base + article_path(a),
                    "updated": _atom_time(a.date), "summary": a.summary,
                    "authors": list(a.authors)} for a in dated[:ATOM_ENTRIES]]
        updated = _atom_time(max((a.date for a in dated), default=None))
        self.write(path, self.env.get_template("atom.xml").render(
            site_title=title, site_description=description,
            base_url=base + ("" if page == "index.html" else page), feed_url=base + path,
            updated=updated, entries=entries))

    def render_feeds(self) -> None:
        base = self.base_url or ""
        self.feed("atom.xml", self.config.title, self.config.description, "index.html",
                  self.corpus.canonical)
        for slug, articles in self.corpus.by_tag.items():
            name = self.tag_name(slug)
            self.feed(self.tag_feed_path(slug), f"{self.config.title} · 话题：{name}",
                      self.tag_descriptions.get(slug) or self.config.description,
                      self.tag_path(slug), articles)
        # Printings of a story point their canonical link at the story: not listed.
        printings = {article_path(a) for a in self.corpus.articles
                     if self.corpus.canonical_of[a.id] != a.id}
        pages = sorted(p for p in self.html_pages if p != "404.html" and p not in printings)
        self.write("sitemap.xml", self.env.get_template("sitemap.xml").render(
            urls=[base + ("" if p == "index.html" else p) for p in pages]))

    def copy_static(self) -> None:
        """The package's default assets, then the site's own static/ over them."""
        target = self.out / "static"
        sources = [_package_dir("static"), self.config.path("static")]
        seen: set[Path] = set()
        for source in sources:
            if not source.is_dir() or source.resolve() in seen:
                continue
            seen.add(source.resolve())
            for file in sorted(source.rglob("*")):
                relative = file.relative_to(source)
                if not file.is_file() or _skip_static(relative):
                    continue
                (target / relative).parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(file, target / relative)
                self.files += 1


def _skip_static(relative: Path) -> bool:
    """Python package files and caches are not site assets."""
    return (relative.name == "__init__.py" or "__pycache__" in relative.parts
            or relative.name.startswith("."))


def _atom_time(date: str | None) -> str:
    """RFC 3339 at midnight UTC; the epoch when nothing is dated (deterministic, no clock)."""
    if date and re.fullmatch(r"\d{4}-\d{2}-\d{2}", date):
        return f"{date}T00:00:00Z"
    return "1970-01-01T00:00:00Z"


# ---------------------------------------------------------------------------- entry points

def default_tag_names(config: SiteConfig) -> dict[str, str]:
    """Chinese tag names from site.yaml's taxonomy additions (the renderer's fallback)."""
    return {t.slug: t.name for t in config.taxonomy.tags}


def render_site(config: SiteConfig, articles: list[Article], log: ErrorLog,
                tag_names: Mapping[str, str] | None = None,
                tag_descriptions: Mapping[str, str] | None = None,
                corpus: Corpus | None = None, jobs: int = 1,
                progress=None, previous: Mapping[str, tuple] | None = None,
                search_memo: "SearchMemo | None" = None,
                since: Snapshot | None = None,
                digests: Mapping[str, str] | None = None) -> RenderResult:
    """Render the whole site into config.path("output"), replacing it only on success.

    `previous`: the `keys` of the RenderResult that made the current output (the page
    cache); its pages whose key is unchanged are carried over, not rendered. None: no
    page cache (nothing is keyed); {}: render everything and return the keys.
    `search_memo`: where the search index's memo (search.iter_search_files) is
    loaded from and saved to. `since`: the `snapshot` of that RenderResult: with it,
    only the pages of what changed since are looked at (changes.plan). `digests`:
    content.digest() of the articles by id, where already known.

    `tag_names` / `tag_descriptions` map taxonomy slugs to Chinese names and one-line
    descriptions (e.g. taxonomy.tag_names(load_taxonomy(config))); without them,
    site.yaml's taxonomy tags, else the slug. Pass `corpus` when already built.
    """
    names = {**default_tag_names(config), **(tag_names or {})}
    descriptions = {**{t.slug: t.description for t in config.taxonomy.tags if t.description},
                    **(tag_descriptions or {})}
    output = config.path("output")
    old_site = output if output.is_dir() and previous else None
    # (a theme without a search page gets no index)
    with_search = has_template(make_environment(config), "search.html")
    with atomic_output(output) as folder:
        # the search index needs only the articles, the old pages only the old site:
        # both are made while the corpus is
        files = _SiteFiles(folder, old_site, previous or {})
        search = _in_background("search", functools.partial(
            write_search_index, files, articles, names, search_memo, previous is not None,
            digests), fork=jobs > 1 and with_search)
        linker = _in_background("link", functools.partial(link_unchanged, files), fork=jobs > 1)
        with search, linker:
            corpus = corpus or build_corpus(articles, config)
            for problem in corpus.problems:
                log.warn("content", problem)
            # every article page shows its printed page's label, made from the
            # editions of all the stories on that page: a changed label renders all
            now = None if previous is None else changes.snapshot(
                corpus, _render_salt(config),
                (sorted(names.items()), sorted(descriptions.items()),
                 sorted(page_labels(corpus, config.newspaper).items())), digests)
            renderer = _Renderer(config, corpus, names, descriptions, folder, log,
                                 previous, old_site,
                                 changes.plan(since, now, corpus) if now else None,
                                 linker.result() if old_site else frozenset())
            renderer.render_all(jobs, progress, search if with_search else None)
        renderer.copy_static()
    if now is not None:  # the related lists not worked out this time are the last ones
        made = dict(since.related) if since is not None and renderer.plan is not None else {}
        made.update(renderer.related_made)
        now = dataclasses.replace(now, related={
            a.id: made[a.id] if a.id in made else related_entries(corpus.related[a.id])
            for a in corpus.canonical})
    return RenderResult(len(renderer.html_pages), renderer.files, output, corpus.problems,
                        renderer.keys, renderer.reused, now)


def _render_salt(config: SiteConfig) -> str:
    """What every page depends on besides its own view data: the config, templates,
    static files, this package's code and the versions of Jinja2 and Markdown."""
    from importlib import metadata
    from .cache import code_fingerprint, sha256, tree_fingerprint

    versions = []
    for name in ("jinja2", "markdown", "markupsafe"):
        try:
            versions.append(f"{name}={metadata.version(name)}")
        except metadata.PackageNotFoundError:  # pragma: no cover
            versions.append(f"{name}=?")
    return sha256(config.fingerprint(), code_fingerprint(), *versions,
                  tree_fingerprint(config.path("templates"), _package_dir("templates"),
                                   config.path("static"), _package_dir("static")))


# The renderer a forked worker inherits (set only while a pool is open).
_FORKED: "_Renderer | None" = None
_FORKED_TASKS: list[tuple] = []


def _forked_task(index: int) -> tuple:
    assert _FORKED is not None
    return _FORKED.run_task(_FORKED_TASKS[index])


class _task_runner:
    """Context manager giving the results of `renderer.run_task` for each task, in order:
    run here one by one, or by a pool of `jobs` forked workers that inherit the
    renderer (its corpus is never pickled) and each use their own Jinja environment
    and Markdown instance (copies made by fork)."""

    def __init__(self, renderer: "_Renderer", tasks: list[tuple], jobs: int) -> None:
        self.renderer, self.tasks, self.jobs = renderer, tasks, jobs
        self.pool = None

    def __enter__(self):
        global _FORKED, _FORKED_TASKS
        import multiprocessing
        if self.jobs <= 1 or "fork" not in multiprocessing.get_all_start_methods():
            self.jobs = 1
            return map(self.renderer.run_task, self.tasks)
        _FORKED, _FORKED_TASKS = self.renderer, self.tasks
        # what exists now is shared with the workers: the collector must not write to
        # it (copy-on-write would give each worker its own copy of the corpus). Not
        # collected first: a full collection walks millions of objects (0.2 s) to free
        # little, and freezing moves them out of every later collection's way.
        gc.freeze()
        from .workers import detach_worker
        context = multiprocessing.get_context("fork")
        self.pool = context.Pool(self.jobs, initializer=detach_worker)
        return self.pool.imap(_forked_task, range(len(self.tasks)))

    def __exit__(self, *exc) -> bool:
        global _FORKED, _FORKED_TASKS
        if self.pool is not None:
            self.pool.terminate() if exc[0] else self.pool.close()
            self.pool.join()
        _FORKED, _FORKED_TASKS = None, []
        gc.unfreeze()
        return False


class atomic_output:
    """Context manager: a fresh folder next to `output`, swapped into place on success.

    The old site is renamed away, the new one renamed in, then the old deleted; if
    anything raises before the swap, the new folder is deleted and `output` untouched.
    Both folders are on the same filesystem (siblings), so the renames are atomic.
    """

    def __init__(self, output: Path) -> None:
        self.output = output
        self.folder: Path | None = None

    def __enter__(self) -> Path:
        if self.output.exists() and not self.output.is_dir():
            raise SiteError(str(self.output), "output exists and is not a folder")
        self.output.parent.mkdir(parents=True, exist_ok=True)
        # folders left by a build that was killed (builds hold a lock, so none is running)
        for stale in self.output.parent.glob(f".{self.output.name}.[no][el][wd]-*"):
            shutil.rmtree(stale, ignore_errors=True)
        self.folder = Path(tempfile.mkdtemp(prefix=f".{self.output.name}.new-",
                                            dir=self.output.parent))
        # mkdtemp makes the folder private (0700); a website folder is world-readable.
        self.folder.chmod(0o755)
        return self.folder

    def __exit__(self, kind, value, traceback) -> bool:
        assert self.folder is not None
        if kind is not None:
            shutil.rmtree(self.folder, ignore_errors=True)
            return False
        old = None
        if self.output.exists():
            old = Path(tempfile.mkdtemp(prefix=f".{self.output.name}.old-",
                                        dir=self.output.parent))
            os.replace(self.output, old)  # onto the empty placeholder folder
        try:
            os.replace(self.folder, self.output)
        except OSError:
            if old is not None:
                os.replace(old, self.output)
            shutil.rmtree(self.folder, ignore_errors=True)
            raise
        if old is not None:
            shutil.rmtree(old, ignore_errors=True)
        return False


# ---------------------------------------------------------------------------- link checker

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


__all__ = ["url", "render_site", "check_links", "RenderResult", "make_markdown",
           "make_environment", "atomic_output", "article_path", "page_file", "iter_pages"]
