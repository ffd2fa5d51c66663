"""The files for machines, made when a base URL is known: atom.xml (the latest dated
stories), one feed per tag (tags/<id>.xml) and sitemap.xml (every page but 404.html and
the printings whose canonical link points at another page). Absolute URLs from the
base URL; deterministic (a site with nothing dated says 1970-01-01).
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterable, Iterator, Sequence

from ..display import display_title
from ..models import Article
from . import routes
from .views import SiteView

ATOM_ENTRIES = 50


@dataclass(frozen=True)
class FeedFile:
    """A file made from a template with its context (not keyed: few and cheap)."""

    path: str
    template: str
    context: dict


def atom_time(date: str | None) -> str:
    """RFC 3339 at midnight UTC; the epoch when nothing is dated (deterministic, no clock)."""
    if date and re.fullmatch(r"\d{4}-\d{2}-\d{2}", date):
        return f"{date}T00:00:00Z"
    return "1970-01-01T00:00:00Z"


def feed(base: str, path: str, title: str, description: str, page: str,
         articles: Sequence[Article]) -> FeedFile:
    """An Atom feed of the latest dated `articles` at `path`; `page` is its HTML page."""
    dated = [a for a in articles if a.date]  # listings are newest first already
    entries = [{"title": display_title(a)[0], "url": base + routes.article_path(a),
                "updated": atom_time(a.date), "summary": a.summary,
                "authors": list(a.authors)} for a in dated[:ATOM_ENTRIES]]
    return FeedFile(path, "atom.xml", {
        "site_title": title, "site_description": description,
        "base_url": base + ("" if page == routes.INDEX else page), "feed_url": base + path,
        "updated": atom_time(max((a.date for a in dated), default=None)), "entries": entries})


def feed_files(site: SiteView, base: str, pages: Iterable[str]) -> Iterator[FeedFile]:
    """The site's feeds and its sitemap of `pages` (every HTML page written)."""
    config, corpus = site.config, site.corpus
    yield feed(base, routes.ATOM, config.title, config.description, routes.INDEX,
               corpus.canonical)
    for slug, articles in corpus.by_tag.items():
        yield feed(base, site.routes.tag_feed(slug), f"{config.title} · 话题：{site.tag_name(slug)}",
                   site.tag_descriptions.get(slug) or config.description, site.routes.tag(slug),
                   articles)
    # Printings of a story point their canonical link at the story: not listed.
    printings = {routes.article_path(a) for a in corpus.articles
                 if corpus.canonical_of[a.id] != a.id}
    listed = sorted(p for p in pages if p != routes.NOT_FOUND and p not in printings)
    yield FeedFile(routes.SITEMAP, "sitemap.xml", {
        "urls": [base + ("" if p == routes.INDEX else p) for p in listed]})
