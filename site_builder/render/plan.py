"""What changed since the last render, and so which pages need looking at again.

The page cache (render.writer.PageWriter.page) keys each page by the hash of everything it
shows; working out that view for all pages of a large archive costs seconds even when
one article changed. A `Snapshot` of the corpus is kept beside the page keys; the next
render compares it with the new corpus and makes a `Plan`: the articles and listings
that may show something different. The pages of everything else are carried over
with their old keys, unseen.

Articles may also have been added, as when a new day's page comes in: the others keep
their order, their canonical printing, their page labels and the ids of their tags,
places, people and pages. Then the new articles are changed ones that were not there
before. When anything else
besides the articles' own data changed (the render salt, tag names, an id, a label,
an article removed or sorted among the others), there is no plan and every page is
looked at.
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from typing import Iterable, Mapping

from .. import content
from ..models import Article
from .corpus import Corpus, Related, month_of, people_of
from .routes import Routes

# A facet is a listing an article appears in: ("tag", slug), ("place", name),
# ("person", name), ("month", "YYYY-MM"), ("seed", file name).
Facet = tuple[str, str]
Term = tuple[str, str]
# A related article as kept between renders: (id, score, shared terms)
RelatedEntry = tuple[str, float, tuple[Term, ...]]


@dataclass(frozen=True)
class ArticleFacts:
    """What of one article other pages show or are computed from."""

    digest: str                 # hash of the whole article (any change shows somewhere)
    terms: frozenset[Term]      # the terms related articles are found by (of a
                                # story's canonical article; none for its printings)
    facets: frozenset[Facet]    # the listings it appears in


@dataclass(frozen=True)
class Snapshot:
    stamp: str                               # everything the plan needs unchanged
    facts: dict[str, ArticleFacts]           # article id -> its facts, in list order
    related: dict[str, tuple[RelatedEntry, ...]]  # canonical id -> its related articles
    canonical_of: dict[str, str]             # what may not change for the articles
    labels: dict[str, str]                   #   there were: seed -> its page label,
    ids: dict[str, dict[str, str]]           #   facet kind -> name -> file id (tag, place,
                                             #   person, seed),
    share_limit: int                         # the most articles a related term had
    salt: str = ""                           # the render salt it was made under
    made_ids: dict[tuple[str, str], str] = field(default_factory=dict)  # routes.Routes.made


@dataclass(frozen=True)
class Plan:
    """Which pages of the last render may have changed.

    An article page must be looked at when its id is in `articles`, or when its
    story's related list (canonical id in `recheck`) differs from `related` (the last
    render's) or names a `changed` article. A listing must be looked at when its facet
    is in `facets`: the pages that show a `changed` article, or where an article
    that `joined` it (new, or newly in it) moved the others or the pager, or all of
    them (`whole`) when an article left it or moved among its others (a new date).
    See pages.PageRenderer.listing. The site-wide
    pages (home, indexes, ports, proposals, archive) are always looked at: there are
    few of them.
    """

    articles: frozenset[str]
    recheck: frozenset[str]
    facets: frozenset[Facet]
    changed: frozenset[str]
    related: Mapping[str, tuple[RelatedEntry, ...]]
    joined: Mapping[Facet, frozenset[str]] = field(default_factory=dict)
    whole: frozenset[Facet] = frozenset()

    def related_unchanged(self, canonical_id: str, entries: tuple[RelatedEntry, ...]) -> bool:
        return self.related.get(canonical_id) == entries and \
            not any(entry[0] in self.changed for entry in entries)


def related_entries(related: Iterable[Related]) -> tuple[RelatedEntry, ...]:
    return tuple((r.article.id, r.score, r.terms) for r in related)


def facets_of(article: Article) -> frozenset[Facet]:
    return frozenset([("tag", t) for t in article.tags] + [("place", p) for p in article.places]
                     + [("person", p) for p in people_of(article)]
                     + [("month", month_of(article)), ("seed", article.seed)])


def _ids(routes: Routes) -> dict[str, dict[str, str]]:
    """The file ids of the named pages, by the kind of facet they list."""
    return {"tag": routes.tag_ids, "place": routes.place_ids, "person": routes.person_ids,
            "seed": routes.seed_ids}


def snapshot(corpus: Corpus, routes: Routes, salt: str, extra: Iterable[object],
             labels: Mapping[str, str], digests: Mapping[str, str] | None = None,
             last: Snapshot | None = None) -> Snapshot:
    """The corpus as the next render's plan needs it, but for the related lists (the
    render fills them in as it works them out). `salt` and `extra` are what every page
    depends on besides the corpus (render salt, tag names ...); `labels` the page label
    of each seed; `digests` are content.digest()s already known (by id). `last`: the
    last render's snapshot, whose facts of the articles that did not change are
    taken as they are (made by the same code: the same salt)."""
    stamp = hashlib.sha256(repr((salt, tuple(extra))).encode("utf-8")).hexdigest()
    digests = digests or {}
    related_articles = corpus.related
    none: frozenset[Term] = frozenset()
    # one tuple per facet: a pickle of the snapshot holds each once
    shared: dict[Facet, Facet] = {}
    known = last.facts if last is not None and salt and last.salt == salt else {}
    facts = {a.id: _facts(a, digests.get(a.id) or content.digest(a),
                          related_articles.term_sets[related_articles.position[a.id]]
                          if a.id in related_articles.position else none,
                          known.get(a.id), shared)
             for a in corpus.articles}
    return Snapshot(stamp, facts, {}, dict(corpus.canonical_of), dict(labels), _ids(routes),
                    corpus.related.share_limit(), salt, dict(routes.made))


def known_ids(old: Snapshot | None, salt: str | None) -> dict[tuple[str, str], str] | None:
    """The make_id results of the render that made `old`, when made by the same code
    (the render `salt` covers it): the next Routes.of needs no pypinyin for them."""
    return old.made_ids if old is not None and salt and old.salt == salt else None


def _facts(article: Article, digest: str, terms: frozenset[Term], last: ArticleFacts | None,
           shared: dict[Facet, Facet]) -> ArticleFacts:
    """An article's facts; `last`: the last snapshot's, kept when the article is the
    same (equal digests, equal articles: its facets are its own)."""
    if last is not None and last.digest == digest:
        return last if last.terms == terms else ArticleFacts(digest, terms, last.facets)
    return ArticleFacts(digest, terms,
                        frozenset(shared.setdefault(f, f) for f in facets_of(article)))


def plan(old: Snapshot | None, new: Snapshot, corpus: Corpus) -> Plan | None:
    """The pages that may differ from the render that made `old`; None: all of them."""
    if old is None or not _comparable(old, new):
        return None
    changed = {i for i, facts in new.facts.items()
               if i not in old.facts or old.facts[i].digest != facts.digest}
    articles: set[str] = set()
    facets: set[Facet] = set()
    joined: dict[Facet, set[str]] = {}
    whole: set[Facet] = set()
    none: frozenset[Facet] = frozenset()
    for article_id in changed:
        canonical = corpus.canonical_of[article_id]
        articles.add(article_id)
        for neighbour in (corpus.prev.get(canonical), corpus.next.get(canonical)):
            if neighbour is not None:  # their older/newer links show its title
                articles.add(neighbour.id)
        before = old.facts[article_id].facets if article_id in old.facts else none
        now = new.facts[article_id].facets
        facets |= before | now
        whole |= before - now
        for facet in now - before:
            joined.setdefault(facet, set()).add(article_id)
    if [i for i in new.facts if i in old.facts] != list(old.facts):
        whole |= facets  # an edit moved an article among the others (its date)
    # a story's printings show what its canonical page shows, and each other's titles
    for story in {corpus.canonical_of[i] for i in articles}:
        articles.add(story)
        articles.update(a.id for a in corpus.duplicates.get(story, ()))
    canonical_changes = {i: (old.facts[i].terms if i in old.facts else frozenset(),
                             new.facts[i].terms)
                         for i in changed if corpus.canonical_of[i] == i}
    recheck = corpus.related.affected_by(canonical_changes, old.share_limit) \
        if canonical_changes else set()
    return Plan(frozenset(articles), frozenset(recheck), frozenset(facets),
                frozenset(changed), old.related,
                {facet: frozenset(ids) for facet, ids in joined.items()}, frozenset(whole))


def _comparable(old: Snapshot, new: Snapshot) -> bool:
    """Whether the pages of `old`'s articles can be told apart one by one: the same
    stamp, and its articles all still there, in the same order, with only new articles
    before, after or among them (a new day's page), each the same printing of its story, on a
    page of the same label, with the same ids of their tags, places, people and pages;
    a name that is new (a new tag's id) is none of theirs. Else every page is looked at."""
    if old.stamp != new.stamp:
        return False
    if old.facts.keys() != new.facts.keys():
        if not old.facts.keys() <= new.facts.keys() or \
                [i for i in new.facts if i in old.facts] != list(old.facts):
            return False
    if any(new.canonical_of.get(i) != canonical for i, canonical in old.canonical_of.items()):
        return False
    if any(new.labels.get(seed) != label for seed, label in old.labels.items()):
        return False
    if any(new.ids[kind].get(name) != file_id
           for kind, was in old.ids.items() for name, file_id in was.items()):
        return False
    named = {(kind, name) for kind, was in old.ids.items() for name in new.ids[kind].keys() - was.keys()}
    return not named or not any(named & facts.facets for facts in old.facts.values())
