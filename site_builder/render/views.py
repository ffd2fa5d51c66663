"""What each page shows, as data: the corpus and its routes -> page specs.

Pure: no files, no templates, no clock. A `PageSpec` is a page's path, its template
and the context the template gets (view objects with every href already made by
`routes.url()`); writer.py renders it. Templates get, besides a page's own context,
the `Chrome` of base.html (title, nav, breadcrumbs, stylesheet ...). A view object's
repr is its whole value: a page's key in the page cache is the hash of its spec.

`Listing`s are the paginated article lists (a tag's, a place's, a person's, a port's,
a month's, a printed page's); a section's function gives its index page and its
listings, whose pages are made one by one (listing_page) so that the renderer can
carry over those the plan leaves alone without working out their views.
"""
from __future__ import annotations

import functools
import math
from dataclasses import dataclass, field
from typing import Callable, Mapping, Sequence

from ..config import SiteConfig
from ..display import date_text, display_title, merge_editions, month_text, page_label
from ..models import Article
from . import routes
from .corpus import Corpus, Port, Related, people_of, port_stories
from .markup import Body
from .routes import Routes, url, url_from

TAG_CLOUD_STEPS = 5  # tag cloud font-size classes tag-1 .. tag-5
# At most this many links in each list of an article page (other printings, related
# stories, tags, places, people), so that no page grows with the archive; past it,
# one more link goes to the page that lists them all, or says how many are left.
MAX_LINKS = 12
PAGER_AROUND = 2  # pager links on either side of the current page
LINK_MEMO = 32768  # SiteView.made's most entries (ArticleItems and Links of articles)
Facet = tuple[str, str]  # a listing an article is in: ("tag", slug), ("month", "2026-04") ...
Crumbs = tuple[tuple[str, "str | None"], ...]


# ---------------------------------------------------------------- view objects

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
    """A listing page's pager: no count of pages, which would change every page's bytes
    when one is added (none when the front page is the only page: no links)."""

    page: int                   # routes.FRONT or the page's number
    prev: str | None            # the newer page
    next: str | None            # the older page
    links: tuple[Link, ...]


@dataclass(frozen=True)
class PageSpec:
    """One page: where it goes, its template, the title and place of base.html, and the
    template's own context. `canonical`: the path of the page a printing points its
    canonical link at (None: itself; "" the site's root); `feed`: the path of its Atom
    feed, linked only when there are feeds (a base URL is known)."""

    path: str
    template: str
    title: str
    section: str | None = None
    crumbs: Crumbs = ()
    canonical: str | None = None
    feed: str | None = None
    context: Mapping[str, object] = field(default_factory=dict)


@dataclass(frozen=True)
class Listing:
    """A paginated list of articles, newest first. Its front page (routes.FRONT) shows
    the newest `per_page`; when there are more, its numbered pages hold `per_page`
    each counted from the oldest (page 1 the oldest, the last one the newest few), as
    a blog's archive does: a story added at the newest end changes the front page,
    the last numbered page and the pagers of the last few, and moves no other page's
    articles."""

    facet: Facet | None      # what the plan knows it by (None: always looked at)
    path: Callable[[int], str]  # the path of page n
    title: str
    heading: str
    articles: Sequence[Article]
    section: str
    crumbs: Crumbs
    intro: str | None = None
    feed: str | None = None
    proposals: Callable[[str], list[ProposalRow]] | None = None  # rows on page 1, by its path

    def pages(self, per_page: int) -> int:
        """The number of numbered pages (0: the front page shows every article)."""
        return Listing.pages_of(len(self.articles), per_page)

    @staticmethod
    def pages_of(count: int, per_page: int) -> int:
        """The number of numbered pages of a listing of `count` articles."""
        return 0 if count <= per_page else math.ceil(count / per_page)

    def numbers(self, per_page: int) -> list[int]:
        """Every page's number: the front page, then the numbered ones."""
        return [routes.FRONT, *range(1, self.pages(per_page) + 1)]

    def chunk(self, number: int, per_page: int) -> Sequence[Article]:
        """The articles page `number` shows, newest first."""
        if number == routes.FRONT:
            return self.articles[:per_page]
        count = len(self.articles)
        return self.articles[max(0, count - number * per_page):count - (number - 1) * per_page]


# ---------------------------------------------------------------- helpers

def bounded(links: Sequence, rest: Callable[[int], object]) -> list:
    """The first MAX_LINKS of `links`, then rest(number left out) when any are."""
    if len(links) <= MAX_LINKS:
        return list(links)
    return list(links[:MAX_LINKS]) + [rest(len(links) - MAX_LINKS)]


def page_numbers(number: int, pages: int, around: int = PAGER_AROUND) -> list[int | None]:
    """The pages a pager of a listing of `pages` numbered pages links, newest first: the
    front page (routes.FRONT), the numbered pages within `around` of `number` (the front
    page stands after the last), and page 1; None where pages are left out. A link to
    every page would make a tag of 100,000 articles print 25 million links over its
    5,000 pages, and a link to the last one would change every page's pager when a
    page is added: only the pagers of the last `around` + 1 pages do."""
    at = pages + 1 if number == routes.FRONT else number
    top, low = min(pages, at + around), max(1, at - around)
    shown: list[int | None] = [routes.FRONT] + ([None] if top < pages else [])
    shown += range(top, low - 1, -1)
    if low > 1:
        shown += ([None] if low > 2 else []) + [1]
    return shown


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


def shown_dateline(article: Article) -> str | None:
    """The dateline to print before the body; None when the body already opens with it
    (some dumps keep it at the head of the body: print it once)."""
    dateline = article.dateline
    return dateline if dateline and dateline not in article.body[:len(dateline) + 20] else None


@dataclass(frozen=True)
class SiteView:
    """What every view reads: the config, the corpus, its routes, the tags' names and
    descriptions, the printed pages' labels and the ports."""

    config: SiteConfig
    corpus: Corpus
    routes: Routes
    tag_names: Mapping[str, str]
    tag_descriptions: Mapping[str, str]
    labels: Mapping[str, str]          # seed -> printed page label (page_labels)
    ports: tuple[Port, ...]
    # (article id, folder of the page) -> its ArticleItem, and its Link without a note:
    # the same for every page of that folder, and an article is in a dozen listings
    # (its tags, places, people, month, printed page) and related lists; cleared when
    # it holds LINK_MEMO, so that it stays small however large the archive
    made: dict = field(default_factory=dict, repr=False, compare=False)

    @classmethod
    def of(cls, config: SiteConfig, corpus: Corpus, tag_names: Mapping[str, str],
           tag_descriptions: Mapping[str, str], ports: Sequence[Port],
           known_ids: Mapping[tuple[str, str], str] | None = None) -> "SiteView":
        """`known_ids`: make_id results of the last render (Routes.of)."""
        return cls(config, corpus, Routes.of(corpus, ports, known_ids), tag_names,
                   tag_descriptions, page_labels(corpus, config.newspaper), tuple(ports))

    def tag_name(self, slug: str) -> str:
        return self.tag_names.get(slug, slug)

    def item(self, article: Article, from_path: str) -> ArticleItem:
        key = (article.id, routes.folder_of(from_path), None)
        made = self.made.get(key)
        if made is None:
            title, derived = display_title(article)
            made = self._memo(key, ArticleItem(
                title, url(routes.article_path(article), from_path), article.date,
                article.source, article.kicker, article.summary, date_text(article.date),
                derived))
        return made

    def _memo(self, key: tuple, value):
        if len(self.made) >= LINK_MEMO:
            self.made.clear()
        self.made[key] = value
        return value

    # A link to a tag, place or person carries its number of articles only where the
    # page shows it (`counted`: the indexes): a page's key is the hash of its view, and
    # an article page that does not show the count must not change with it (a story
    # added under a common tag would otherwise re-key every page of that tag's stories).
    def tag_link(self, slug: str, from_path: str, counted: bool = False) -> Link:
        href = url(self.routes.tag(slug), from_path) if slug in self.routes.tag_ids else None
        return Link(self.tag_name(slug), href,
                    len(self.corpus.by_tag.get(slug, ())) if counted else None)

    def place_link(self, name: str, from_path: str, counted: bool = False) -> Link:
        known = name in self.routes.place_ids
        return Link(name, url(self.routes.place(name), from_path) if known else None,
                    len(self.corpus.by_place.get(name, ())) if counted else None)

    def person_link(self, name: str, from_path: str, counted: bool = False) -> Link:
        known = name in self.routes.person_ids
        return Link(name, url(self.routes.person(name), from_path) if known else None,
                    len(self.corpus.by_person.get(name, ())) if counted else None)

    def article_link(self, article: Article, from_path: str, note: str | None = None) -> Link:
        key = (article.id, routes.folder_of(from_path), "link")
        made = self.made.get(key) if note is None else None
        if made is None:
            title, derived = display_title(article)
            made = Link(title, url(routes.article_path(article), from_path), note=note,
                        derived=derived)
            if note is None:
                self._memo(key, made)
        return made

    def why(self, related: Related) -> tuple[str, ...]:
        """The shared terms as a reader says them: tags by their Chinese names."""
        words = (self.tag_name(word) if kind == "tag" else word for kind, word in related.terms)
        return tuple(dict.fromkeys(words))


# ---------------------------------------------------------------- base.html

class Chrome:
    """The context of base.html that every page shares (also documented for
    templates/search.html): site_title, site_description, lang, page_title,
    canonical_url (absolute or None), css_href, home_href, search_href (None without a
    search page), static_dir and root_dir (relative prefixes ending in '/', or '' at
    the root), nav, breadcrumbs, has_search, feed_href."""

    NAV = (("首页", routes.INDEX, "home"), ("话题", routes.TAGS, "tags"),
           ("地点", routes.PLACES, "places"), ("人物", routes.PEOPLE, "people"),
           ("口岸", routes.PORTS, "ports"), ("建言", routes.PROPOSALS, "proposals"),
           ("归档", routes.ARCHIVE, "archive"))

    def __init__(self, config: SiteConfig, has_search: bool) -> None:
        self.config, self.has_search = config, has_search
        # load_config adds the trailing slash; a SiteConfig made in code may lack it.
        self.base_url = config.base_url.rstrip("/") + "/" if config.base_url else None
        self.navs: dict[tuple[str, str | None], tuple[Link, ...]] = {}  # made once per folder
        self.shares: dict[tuple[str, str | None], dict] = {}  # shared(), made once per folder

    def nav(self, folder: str, section: str | None) -> tuple[Link, ...]:
        if (folder, section) not in self.navs:
            items = self.NAV + ((("搜索", routes.SEARCH, "search"),) if self.has_search else ())
            self.navs[folder, section] = tuple(
                Link(text, url_from(href, folder), current=(key == section))
                for text, href, key in items)
        return self.navs[folder, section]

    def shared(self, folder: str, section: str | None) -> dict:
        """The part of the context that is the same for every page of `folder` in
        `section`: all that templates/_header.html gets (made once for them)."""
        made = self.shares.get((folder, section))
        if made is not None:
            return made
        root_dir = routes.root_of(folder)
        made = self.shares[folder, section] = {
            "site_title": self.config.title, "site_description": self.config.description,
            "lang": self.config.language,
            "css_href": url_from(routes.STYLESHEET, folder),
            "home_href": url_from(routes.INDEX, folder),
            "search_href": url_from(routes.SEARCH, folder) if self.has_search else None,
            "has_search": self.has_search, "static_dir": root_dir + "static/",
            "root_dir": root_dir, "nav": self.nav(folder, section),
        }
        return made

    def context(self, spec: PageSpec) -> dict:
        path, base = spec.path, self.base_url
        crumbs = ([Link("首页", url(routes.INDEX, path))] +
                  [Link(text, url(href, path) if href else None) for text, href in spec.crumbs]
                  if spec.crumbs else [])
        return {
            **self.shared(routes.folder_of(path), spec.section), "page_title": spec.title,
            "css_href": url(routes.STYLESHEET, path),  # (url() checks the page's path)
            "canonical_url": (base + (spec.canonical if spec.canonical is not None else path))
            if base else None,
            "breadcrumbs": crumbs,
            "feed_href": url(spec.feed, path) if spec.feed and base else None,
        }


# ---------------------------------------------------------------- pages

def index_page(site: SiteView) -> PageSpec:
    path, corpus = routes.INDEX, site.corpus
    counts = {slug: len(items) for slug, items in corpus.by_tag.items()}
    top = max(counts.values(), default=1)
    cloud = [Link(site.tag_name(slug), url(site.routes.tag(slug), path), count,
                  weight=1 + round((TAG_CLOUD_STEPS - 1) * math.log(count) / math.log(top))
                  if top > 1 else 1)
             for slug, count in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))]
    sections = [Link(text, url(href, path), count) for text, href, count in (
        ("话题", routes.TAGS, len(corpus.by_tag)), ("地点", routes.PLACES, len(corpus.by_place)),
        ("人物", routes.PEOPLE, len(corpus.by_person)), ("口岸", routes.PORTS, len(site.ports)),
        ("建言", routes.PROPOSALS, len(corpus.proposals)),
        ("归档", routes.ARCHIVE, len(corpus.by_date)))]
    latest = [site.item(a, path) for a in corpus.canonical[:site.config.per_page]]
    return PageSpec(path, "index.html", site.config.title, "home", canonical="",
                    feed=routes.ATOM, context={"latest": latest, "cloud": cloud,
                                               "sections": sections,
                                               "total": len(corpus.canonical)})


def article_page(site: SiteView, article: Article, related: Sequence[Related]) -> PageSpec:
    """An article's page; `related`: its story's related articles (corpus.related)."""
    path, corpus = routes.article_path(article), site.corpus
    canonical = corpus.canonical_article(article)
    group = (canonical,) + corpus.duplicates.get(canonical.id, ())
    # A printing's page names the canonical in its notice, so list only the others.
    printings = [site.article_link(a, path, note=site.labels[a.seed]) for a in group
                 if a.id not in (article.id, canonical.id)]
    older, newer = corpus.prev.get(article.id), corpus.next.get(article.id)
    title, derived = display_title(article)
    first_tag = article.tags[0] if article.tags else None
    dateline = shown_dateline(article)
    return PageSpec(
        path, "article.html", title, None,
        ((site.tag_name(first_tag), site.routes.tag(first_tag))
         if first_tag in site.routes.tag_ids else ("文章", None), (title, None)),
        canonical=routes.article_path(canonical),
        context={
            "article": article, "title": title, "title_derived": derived,
            "date_text": date_text(article.date), "body": Body(article.body, dateline),
            "dateline": dateline, "authors": list(article.authors),
            "captions": list(article.captions), "proposals": _quoted(site, article, path),
            **_article_terms(site, article, path),
            "related": [RelatedItem(site.article_link(r.article, path), site.why(r))
                        for r in related[:MAX_LINKS]],
            "printings": bounded(printings, lambda n: Link("……", note=f"另有{n}次刊载，未列出")),
            "canonical_link": (site.article_link(canonical, path, note=site.labels[canonical.seed])
                               if canonical.id != article.id else None),
            "source_page": Link(site.labels[article.seed],
                                url(site.routes.seed(article.seed), path)),
            "older": site.article_link(older, path) if older else None,
            "newer": site.article_link(newer, path) if newer else None,
        })


def _quoted(site: SiteView, article: Article, path: str) -> list[ProposalRow]:
    """Each statement of an article's proposals in full (the gist where none was
    printed apart)."""
    return [ProposalRow(site.person_link(p.person, path), p.role, p.affiliation, p.summary,
                        None, p.statement or p.summary) for p in article.proposals]


def _article_terms(site: SiteView, article: Article, path: str) -> dict[str, list[Link]]:
    """An article's tags, places and people, each list bounded."""
    return {
        "tags": bounded([site.tag_link(t, path) for t in article.tags],
                        lambda n: Link(f"全部话题（另有{n}个）", url(routes.TAGS, path))),
        "places": bounded([site.place_link(p, path) for p in article.places],
                          lambda n: Link(f"全部地点（另有{n}个）", url(routes.PLACES, path))),
        "people": bounded([site.person_link(p, path) for p in people_of(article)],
                          lambda n: Link(f"全部人物（另有{n}位）", url(routes.PEOPLE, path))),
    }


def listing_page(site: SiteView, listing: Listing, number: int) -> PageSpec:
    """Page `number` of a listing: its front page (routes.FRONT) or a numbered one (see
    Listing). Only the front page shows the number of articles: a numbered page shows
    nothing that changes when articles are added after its own."""
    per_page = max(1, site.config.per_page)
    pages = listing.pages(per_page)
    path, stem = listing.path(number), listing.path
    front = number == routes.FRONT
    if front:
        newer, older = None, (pages - 1 if pages > 1 else None)
    else:
        newer, older = number + 1 if number < pages else routes.FRONT, number - 1 or None
    pager = Pager(number, url(stem(newer), path) if newer is not None else None,
                  url(stem(older), path) if older is not None else None,
                  tuple(Link("最新" if n == routes.FRONT else str(n), url(stem(n), path),
                             current=(n == number)) if n is not None else Link("…")
                        for n in page_numbers(number, pages)) if pages else ())
    title = listing.title if front else f"{listing.title}（第{number}页）"
    rows = listing.proposals(path) if listing.proposals is not None and front else []
    return PageSpec(path, "list.html", title, listing.section,
                    listing.crumbs + ((listing.heading, None),), feed=listing.feed,
                    context={"heading": listing.heading,
                             "items": [site.item(a, path) for a in
                                       listing.chunk(number, per_page)],
                             "total": len(listing.articles) if front else None,
                             "pager": pager, "intro": listing.intro, "proposals": rows})


def _names_page(path: str, title: str, section: str, intro: str, links: list[Link]) -> PageSpec:
    return PageSpec(path, "tags.html", title, section, ((title, None),),
                    context={"heading": title, "intro": intro, "links": links})


Section = tuple[PageSpec, list[Listing]]


def tags_section(site: SiteView) -> Section:
    by_tag = site.corpus.by_tag
    index = _names_page(routes.TAGS, "话题", "tags", "按话题浏览全部报道。",
                        [site.tag_link(slug, routes.TAGS, counted=True)
                         for slug in sorted(by_tag, key=lambda s: (-len(by_tag[s]), s))])
    return index, [Listing(("tag", slug), functools.partial(site.routes.tag, slug),
                           f"话题：{site.tag_name(slug)}", site.tag_name(slug), articles,
                           "tags", (("话题", routes.TAGS),),
                           intro=site.tag_descriptions.get(slug) or None,
                           feed=site.routes.tag_feed(slug))
                   for slug, articles in by_tag.items()]


def places_section(site: SiteView) -> Section:
    names = sorted(site.corpus.by_place, key=lambda n: site.routes.place_ids[n])
    ports_by_place: dict[str, list[Port]] = {}
    for port in site.ports:
        ports_by_place.setdefault(port.place, []).append(port)
    index = _names_page(routes.PLACES, "地点", "places", "报道中出现的地点与口岸，按拼音排序。",
                        [site.place_link(n, routes.PLACES, counted=True) for n in names])
    listings = []
    for name in names:
        ports = ports_by_place.get(name, [])
        intro = ("口岸：" + "、".join(f"{p.label}（{p.kind}，{p.city}）" for p in ports)
                 if ports else None)
        listings.append(Listing(("place", name), functools.partial(site.routes.place, name),
                                f"地点：{name}", name, site.corpus.by_place[name], "places",
                                (("地点", routes.PLACES),), intro=intro))
    return index, listings


def people_section(site: SiteView) -> Section:
    corpus = site.corpus
    names = sorted(corpus.by_person, key=lambda n: site.routes.person_ids[n])
    index = _names_page(routes.PEOPLE, "人物", "people", "报道中的人物与代表委员，按拼音排序。",
                        [site.person_link(n, routes.PEOPLE, counted=True) for n in names])

    def rows(name: str, from_path: str) -> list[ProposalRow]:
        return [ProposalRow(Link(e.proposal.person), e.proposal.role, e.proposal.affiliation,
                            e.proposal.summary, site.article_link(e.article, from_path),
                            e.proposal.statement)
                for e in corpus.proposals_by_person.get(name, ())]
    return index, [Listing(("person", name), functools.partial(site.routes.person, name),
                           f"人物：{name}", name, corpus.by_person[name], "people",
                           (("人物", routes.PEOPLE),), proposals=functools.partial(rows, name))
                   for name in names]


def ports_section(site: SiteView) -> Section:
    """The ports directory, and a listing per port of the stories that name the port
    itself (corpus.port_stories), not merely its city."""
    path = routes.PORTS
    stories = port_stories(site.corpus.canonical, site.ports)
    rows = []
    for port in site.ports:
        found = stories.get(port.label, ())
        place = (url(site.routes.place(port.place), path)
                 if port.place in site.routes.place_ids else None)
        rows.append((port, Link(f"{len(found)} 篇",
                                url(site.routes.port(port), path) if found else None,
                                len(found)), Link(port.city, place)))
    index = PageSpec(path, "ports.html", "口岸", "ports", (("口岸", None),), context={
        "rows": rows, "kinds": {kind: sum(1 for p in site.ports if p.kind == kind)
                                for kind in ("铁路", "公路", "航空")}})
    listings = []
    for port in site.ports:
        found = stories.get(port.label, ())
        if not found:
            continue
        where = f"{port.kind}口岸，位于{port.city}" + (
            f"，对应{port.neighbour}" if port.neighbour else "")
        listings.append(Listing(None, functools.partial(site.routes.port, port),
                                f"口岸：{port.label}", port.label, found, "ports",
                                (("口岸", routes.PORTS),),
                                intro=f"{where}。这里列出写到本口岸（{'、'.join(port.names)}）的报道。"))
    return index, listings


def proposals_section(site: SiteView) -> Section:
    path = routes.PROPOSALS
    rows = [ProposalRow(site.person_link(e.proposal.person, path), e.proposal.role,
                        e.proposal.affiliation, e.proposal.summary,
                        site.article_link(e.article, path))
            for e in site.corpus.proposals]
    return PageSpec(path, "proposals.html", "建言", "proposals", (("建言", None),),
                    context={"rows": rows}), []


def archive_section(site: SiteView) -> Section:
    path, corpus = routes.ARCHIVE, site.corpus
    months = [Link(month_text(month), url(site.routes.month(month), path), len(items))
              for month, items in corpus.by_date.items()]
    seeds = [Link(site.labels[seed], url(site.routes.seed(seed), path), len(items))
             for seed, items in corpus.by_seed.items()]
    index = PageSpec(path, "archive.html", "归档", "archive", (("归档", None),),
                     context={"months": months, "seeds": seeds})
    crumbs = (("归档", routes.ARCHIVE),)
    listings = [Listing(("month", month), functools.partial(site.routes.month, month),
                        f"归档：{month_text(month)}", month_text(month), articles, "archive",
                        crumbs) for month, articles in corpus.by_date.items()]
    listings += [Listing(("seed", seed), functools.partial(site.routes.seed, seed),
                         f"归档：{site.labels[seed]}", site.labels[seed], articles, "archive",
                         crumbs, intro="这一版面原文中的全部文章（含重复刊载）。")
                 for seed, articles in corpus.by_seed.items()]
    return index, listings


def index_section(site: SiteView) -> Section:
    return index_page(site), []


SECTIONS: dict[str, Callable[[SiteView], Section]] = {
    "index": index_section, "tags": tags_section, "places": places_section,
    "people": people_section, "ports": ports_section, "proposals": proposals_section,
    "archive": archive_section,
}


def search_page() -> PageSpec:
    return PageSpec(routes.SEARCH, "search.html", "搜索", "search", (("搜索", None),))


def not_found_context(config: SiteConfig, base_url: str | None, has_search: bool) -> dict:
    """404.html's context. GitHub Pages serves it at whatever depth the missing URL had,
    so relative links would point nowhere: the template inlines its CSS and links home
    by the absolute base URL when one is known; otherwise from the site root, and a
    small inline script finds the root over HTTP by probing for the stylesheet."""
    base = base_url or ""
    return {"lang": config.language, "site_title": config.title,
            "home_href": base + routes.INDEX,
            "search_href": base + routes.SEARCH if has_search else None,
            "find_root": not base, "marker": routes.STYLESHEET}
