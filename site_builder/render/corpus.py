"""The whole site's data in memory: articles grouped, cross-referenced and related.

`build_corpus` is pure and deterministic: every mapping is built from sorted
input and every tuple is sorted, so two runs on the same articles give the same
Corpus, whatever order the content files were read in. Related articles are the
one part computed on demand (RelatedArticles): each render worker works out those of
the articles whose pages it renders.
"""
from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from dataclasses import dataclass
from importlib import resources
from typing import Iterable, Iterator, Mapping, Sequence

import numpy as np
import yaml

from ..config import YAML_LOADER, SiteConfig
from ..models import Article, Proposal

# Weights of a shared term in the related-articles score. A shared tag says most
# about two stories being on the same subject, a shared place less, a keyword least.
KEYWORD_WEIGHT = 1.0
PLACE_WEIGHT = 2.0
TAG_WEIGHT = 3.0
_WEIGHTS = {"keyword": KEYWORD_WEIGHT, "place": PLACE_WEIGHT, "tag": TAG_WEIGHT}

# Below this many articles "in more than half of the articles" is noise, not commonness.
MIN_ARTICLES_FOR_SHARE = 10
# Walking the whole posting list of a broad term (a tag on 30,000 articles) once per
# article would make the build quadratic: of a term with more postings than this, only
# the articles nearest in date are candidates (an article is still scored on every
# term it shares, so a far-off story found through a rare term keeps its full score).
RELATED_WINDOW = 24
# related lists kept once worked out (a story's printings ask for its list again, most
# of them soon after): a worker kept every list it made, a kilobyte or more a story
RELATED_MEMO = 4096

UNDATED = "未注明日期"
_MONTH = re.compile(r"(\d{4})-(\d{2})")


@dataclass(frozen=True)
class Related:
    """A related article and the shared terms that earned its score.

    `terms` are (kind, word) pairs, kind being keyword | place | tag (a tag's word is
    its slug), heaviest kind first; `why` is just the words.
    """

    article: Article
    score: float
    terms: tuple[tuple[str, str], ...]

    @property
    def why(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(word for _, word in self.terms))


@dataclass(frozen=True)
class Port:
    """One of Inner Mongolia's open ports (site_builder/data/ports.yaml)."""

    name: str
    kind: str  # 铁路 | 公路 | 航空
    city: str
    place: str
    neighbour: str | None = None
    aliases: tuple[str, ...] = ()  # other printed names of the port (满洲里口岸)

    @property
    def label(self) -> str:
        """The name as newspapers print it: 策克口岸, 满洲里铁路口岸, 包头航空口岸."""
        return f"{self.name}{'航空口岸' if self.kind == '航空' else '口岸'}"

    @property
    def base(self) -> str:
        """The place part of the name: 满洲里 of 满洲里铁路, 策克 of 策克."""
        return self.name[:-len(self.kind)] if self.name.endswith(self.kind) else self.name

    @property
    def names(self) -> tuple[str, ...]:
        return (self.label, *self.aliases)


@dataclass(frozen=True)
class ProposalEntry:
    """A proposal with the (canonical) article it was printed in."""

    proposal: Proposal
    article: Article


@dataclass(frozen=True)
class Corpus:
    """Everything the renderer needs, computed once.

    Listings (`by_*` except `by_seed`) hold canonical articles only: a story printed
    twice is listed once and its page links the other printings (`duplicates`).
    `by_seed` lists every printed article, since it describes what each page held.
    """

    articles: tuple[Article, ...]              # every article, date desc (undated last), then id
    canonical: tuple[Article, ...]             # the same order, printings of a story left out
    by_id: dict[str, Article]
    canonical_of: dict[str, str]               # article id -> id of its story's canonical article
    duplicates: dict[str, tuple[Article, ...]]  # canonical id -> its other printings
    by_tag: dict[str, tuple[Article, ...]]
    by_place: dict[str, tuple[Article, ...]]
    by_person: dict[str, tuple[Article, ...]]
    proposals_by_person: dict[str, tuple[ProposalEntry, ...]]
    proposals: tuple[ProposalEntry, ...]
    by_date: dict[str, tuple[Article, ...]]    # "YYYY-MM" (newest first), then UNDATED
    by_seed: dict[str, tuple[Article, ...]]
    related: "RelatedArticles"                  # canonical id -> related canonical articles
    prev: dict[str, Article]                   # canonical id -> the next older article
    next: dict[str, Article]                   # canonical id -> the next newer article
    problems: tuple[str, ...] = ()             # e.g. duplicate_of naming no article

    def canonical_article(self, article: Article) -> Article:
        return self.by_id[self.canonical_of[article.id]]


def load_ports() -> tuple[Port, ...]:
    """The ports directory shipped with the package, in the file's order."""
    text = resources.files("site_builder.data").joinpath("ports.yaml").read_text("utf-8")
    return tuple(Port(**{**entry, "aliases": tuple(entry.get("aliases") or ())})
                 for entry in yaml.load(text, Loader=YAML_LOADER))


def port_stories(articles: Iterable[Article], ports: Sequence[Port]
                 ) -> dict[str, tuple[Article, ...]]:
    """Port label -> the `articles` (in their order) that name that port, not merely
    its city: by its printed name or an alias (策克口岸, 满洲里铁路口岸, 满洲里口岸),
    also inside a list that shares one 口岸 (`满洲里、珠恩嘎达布其等口岸`,
    `二连浩特、满洲里铁路口岸`). Pass the canonical articles."""
    mentions = _PortMentions(sorted({p.base for p in ports}))
    # names the mentions cannot spell (an alias not of the form place + kind + 口岸)
    odd = {name for p in ports for name in p.names if name not in mentions.of(name)}
    found: dict[str, list[Article]] = {p.label: [] for p in ports}
    for article in articles:
        text = _port_text(article)
        named = {name for name in odd if name in text}
        if "口岸" in text:
            named.update(mentions.of(text))
        if not named:
            continue
        for port in ports:
            if not named.isdisjoint(port.names):
                found[port.label].append(article)
    return {label: tuple(items) for label, items in found.items()}


class _PortMentions:
    """`place[kind]口岸` for each port place named before a 口岸: `满洲里、珠恩嘎达布其等
    口岸` gives 满洲里口岸 and 珠恩嘎达布其口岸, `二连浩特国际航空口岸` 二连浩特航空口岸.
    The pattern runs over the reversed text, so that it starts with the literal 口岸
    (reversed), which the regular expression engine finds fast."""

    def __init__(self, bases: Sequence[str]) -> None:
        reverse = "|".join(re.escape(b[::-1]) for b in sorted(bases, key=len, reverse=True))
        self.pattern = re.compile(f"岸口(?:际国|慧智|路陆)?(路铁|路公|空航)?(?:际国)?等?"
                                  f"((?:{reverse})(?:[、和与及](?:{reverse}))*)")
        self.base = re.compile(reverse)

    def of(self, text: str) -> set[str]:
        found = set()
        for match in self.pattern.finditer(text[::-1]):
            kind = (match.group(1) or "")[::-1]
            found.update(f"{base[::-1]}{kind}口岸" for base in self.base.findall(match.group(2)))
        return found


def _port_text(article: Article) -> str:
    """Everything printed of a story: its headlines, body, captions and proposals."""
    parts = [article.title or "", article.subtitle or "", article.body, *article.captions]
    for proposal in article.proposals:
        parts += [proposal.statement or "", proposal.summary or ""]
    return "\n".join(parts)


def people_of(article: Article) -> tuple[str, ...]:
    """Who a story names: its people, then the persons of its proposals, each once."""
    return tuple(dict.fromkeys((*article.people, *(p.person for p in article.proposals))))


def sort_articles(articles: Iterable[Article]) -> list[Article]:
    """Newest first, undated last, ties by id (a stable sort on id, then on date reversed)."""
    by_id = sorted(articles, key=lambda a: a.id)
    return sorted(by_id, key=date_key, reverse=True)


def date_key(article: Article) -> str:
    """The date for sorting; a date that is not ISO-like sorts as undated."""
    return article.date if article.date and _MONTH.match(article.date) else ""


def month_of(article: Article) -> str:
    match = _MONTH.match(article.date or "")
    return f"{match.group(1)}-{match.group(2)}" if match else UNDATED


def _resolve_canonical(by_id: dict[str, Article]) -> tuple[dict[str, str], list[str]]:
    """Map every id to its story's canonical id, following chains; report broken links."""
    canonical: dict[str, str] = {}
    problems: set[str] = set()
    for article_id in sorted(by_id):
        chain = [article_id]
        while True:
            current = chain[-1]
            target = by_id[current].duplicate_of
            if not target or target == current:
                break
            if target not in by_id:
                problems.add(f"{current}: duplicate_of '{target}' names no article; "
                             f"it is shown as the canonical printing")
                break
            if target in chain:
                cycle = chain[chain.index(target):]
                problems.add(f"duplicate_of forms a cycle: {' -> '.join(sorted(cycle))}")
                # Every member of a cycle resolves to its smallest id: still one story.
                chain.append(min(cycle))
                break
            chain.append(target)
        canonical[article_id] = chain[-1]
    return canonical, sorted(problems)


def _group(pairs: Iterable[tuple[str, Article]]) -> dict[str, tuple[Article, ...]]:
    """Key -> its articles, keys sorted, each article once. `pairs` come in list order
    (an article's pairs together): each group's articles are then in list order as
    they come, with no sort (and an article given a key twice comes twice in a row)."""
    groups: dict[str, list[Article]] = {}
    for key, article in pairs:
        members = groups.get(key)
        if members is None:
            groups[key] = [article]
        elif members[-1] is not article:
            members.append(article)
    return {key: tuple(groups[key]) for key in sorted(groups)}


def related_words(article: Article) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """The words an article is related to others by, by kind (kinds in sorted order)."""
    return (("keyword", article.keywords), ("place", article.places), ("tag", article.tags))


class RelatedArticles(Mapping[str, tuple[Related, ...]]):
    """Canonical id -> up to `count` related articles, by weighted shared terms; each
    article's list is computed when it is first asked for (by the render worker that
    renders its page), from an inverted index built here.

    Candidates come from the inverted index (term -> articles in list order): every
    article sharing a term with at most RELATED_WINDOW postings, and for broader terms
    the RELATED_WINDOW articles nearest in date. Each candidate's score is exact (the
    weights of all shared usable terms); ties go to the article nearest in date, then
    to list order. Terms in more than `max_document_share` of the articles are ignored
    once there are MIN_ARTICLES_FOR_SHARE articles. Cost: O(terms) to build, then
    O(terms x window) per article. `articles` must be one printing per story and
    sorted (see sort_articles).

    The index is made of NumPy arrays, not Python lists and sets: the render workers
    are forked and read it for every page, and reading a Python object writes its
    reference count, which gave each worker its own copy of every page of the index's
    objects (and of what lay beside them) - about half of a worker's memory.
    """

    def __init__(self, articles: Sequence[Article], count: int, threshold: float,
                 max_document_share: float) -> None:
        self.articles, self.count, self.threshold = articles, count, threshold
        self.share = max_document_share
        self.position = {a.id: i for i, a in enumerate(articles)}
        self.vocabulary: list[tuple[str, str]] = []
        self.term_sets: list[frozenset[tuple[str, str]]] = []  # each article's terms
        rows, lengths = self._term_rows(articles)
        self.term_ids = {term: i for i, term in enumerate(self.vocabulary)}
        # every article's term ids (CSR rows), to score candidates in bulk
        self._starts = np.concatenate(([0], np.cumsum(lengths, dtype=np.int64)))
        self._term_of = np.array(rows, dtype=np.int64)
        # the postings (CSR): each term's articles, ascending (a stable sort of the rows)
        owner = np.repeat(np.arange(len(articles), dtype=np.int64),
                          np.asarray(lengths, dtype=np.int64))
        self._posting = owner[np.argsort(self._term_of, kind="stable")]
        counts = np.bincount(self._term_of, minlength=len(self.vocabulary))
        self._bounds = np.concatenate(([0], np.cumsum(counts))).astype(np.int64)
        self._counts = counts.astype(np.int64)
        limit = self.share_limit()
        self._usable = (self._counts > 1) & (self._counts <= limit)
        self._weights = np.array([_WEIGHTS[kind] for kind, _ in self.vocabulary],
                                 dtype=np.float64)
        self._mine_weight = np.zeros(len(self.vocabulary), dtype=np.float64)  # see _related
        days = {date: _day_number(date) for date in {a.date for a in articles}}  # (~100 a day)
        self._days = np.array([days[a.date] for a in articles], dtype=np.int64)
        self.made: dict[int, tuple[Related, ...]] = {}

    def _term_rows(self, articles: Sequence[Article]) -> tuple[list[int], list[int]]:
        """Every article's term ids, ascending, end to end, and how many each has; the
        vocabulary and term sets filled in. Ids are given in order of first sight, an
        article's (kind, word) terms in sorted order: related_words lists the kinds in
        order, so each kind's words are looked up on their own, by word (a dict per
        kind: no pair made for a term already known)."""
        vocabulary, term_sets = self.vocabulary, self.term_sets
        known: dict[str, dict[str, int]] = {kind: {} for kind in _WEIGHTS}
        rows: list[int] = []
        lengths: list[int] = []
        for article in articles:
            mine = []
            for kind, words in related_words(article):
                ids = known[kind]
                for word in sorted(set(words)):
                    found = ids.get(word)
                    if found is None:
                        found = ids[word] = len(vocabulary)
                        vocabulary.append((kind, word))
                    mine.append(found)
            mine.sort()
            rows += mine
            lengths.append(len(mine))
            # the vocabulary's own tuples: a pickle of all the sets holds each term once
            term_sets.append(frozenset(map(vocabulary.__getitem__, mine)))
        return rows, lengths

    def share_limit(self) -> int:
        """The most articles a usable term may have."""
        n = len(self.articles)
        return int(self.share * n) if n >= MIN_ARTICLES_FOR_SHARE else n

    def postings(self, term_id: int) -> np.ndarray:
        """The positions of the articles that have the term, ascending."""
        return self._posting[self._bounds[term_id]:self._bounds[term_id + 1]]

    def _row(self, index: int) -> np.ndarray:
        return self._term_of[self._starts[index]:self._starts[index + 1]]

    def __getitem__(self, article_id: str) -> tuple[Related, ...]:
        index = self.position[article_id]
        found = self.made.get(index)
        if found is None:
            found = self._related(index)
            if len(self.made) >= RELATED_MEMO:  # the oldest goes: pages ask in list order
                del self.made[next(iter(self.made))]
            self.made[index] = found
        return found

    def __iter__(self) -> Iterator[str]:
        return iter(self.position)

    def __len__(self) -> int:
        return len(self.position)

    def affected_by(self, changes: Mapping[str, tuple[frozenset, frozenset]],
                    limit_before: int | None = None) -> set[str]:
        """The ids whose related list may differ from the last build's, when only the
        articles in `changes` (id -> (terms before, terms now); an added article had
        none before) changed, the others keeping their order (`limit_before`: the
        share limit then, when articles were added; default: today's).

        An article B can list or score a changed article A only through a term t they
        share where A is within RELATED_WINDOW places of B in t's posting list (before
        or now: A's own entry moves the others by at most one place). A term that
        became usable or unusable changes the scores of all its articles: one that an
        article gained or lost, or, when the share limit moved, one whose count lies
        between the two limits.
        """
        gained: dict[tuple[str, str], int] = {}
        for before, now in changes.values():
            for term in now - before:
                gained[term] = gained.get(term, 0) + 1
            for term in before - now:
                gained[term] = gained.get(term, 0) - 1
        limit = self.share_limit()
        was_limit = limit if limit_before is None else limit_before
        affected: set[int] = set()

        def flipped(term_id: int, term: tuple[str, str]) -> bool:
            length = int(self._counts[term_id])
            length_before = length - gained.get(term, 0)
            return (1 < length <= limit) != (1 < length_before <= was_limit)

        if was_limit != limit:
            for term_id, term in enumerate(self.vocabulary):
                if flipped(term_id, term):
                    affected.update(self.postings(term_id).tolist())
        for article_id, (before, now) in changes.items():
            index = self.position[article_id]
            affected.add(index)
            for term in before | now:
                if term not in self.term_ids:
                    continue  # no article has it now: those that had it all changed
                found = self.postings(self.term_ids[term])
                if flipped(self.term_ids[term], term):
                    affected.update(found.tolist())
                    continue
                at = int(np.searchsorted(found, index))  # (bisect_left)
                reach = RELATED_WINDOW + 1
                affected.update(found[max(0, at - reach):at + reach + 1].tolist())
        return {self.articles[i].id for i in affected}

    def _candidates(self, mine: np.ndarray, index: int) -> np.ndarray:
        """The articles (positions) found through the usable terms `mine`."""
        posting = self._posting
        found: set[int] = set()
        for start, stop in zip(self._bounds[mine].tolist(), self._bounds[mine + 1].tolist()):
            if stop - start > RELATED_WINDOW:  # its RELATED_WINDOW entries nearest `index`
                position = start + int(np.searchsorted(posting[start:stop], index))
                start = max(start, min(position - RELATED_WINDOW // 2, stop - RELATED_WINDOW))
                stop = start + RELATED_WINDOW
            found.update(posting[start:stop].tolist())
        found.discard(index)
        return np.fromiter(found, dtype=np.int64, count=len(found))

    def _related(self, index: int) -> tuple[Related, ...]:
        row = self._row(index)
        mine = row[self._usable[row]]
        found = self._candidates(mine, index)
        if not len(found):
            return ()
        # each candidate's score, the weights of all the usable terms it shares with
        # this article: its row of term ids, each looked up among this article's terms
        # (weight 0 when it is not one), summed row by row. The weights are whole
        # numbers, so the float sums are exact whatever their order.
        starts = self._starts[found]
        lengths = self._starts[found + 1] - starts
        offsets = np.cumsum(lengths) - lengths
        cells = np.arange(int(lengths.sum()), dtype=np.int64) - np.repeat(offsets - starts, lengths)
        # this article's terms weigh their weight, every other term 0 (a scratch row of
        # the whole vocabulary, cleared again: one lookup a cell, no search)
        mine_weight = self._mine_weight
        mine_weight[mine] = self._weights[mine]
        scores = np.add.reduceat(mine_weight[self._term_of[cells]], offsets)
        mine_weight[mine] = 0.0
        keep = scores >= self.threshold
        found, scores = found[keep], scores[keep]
        # best score first, then the nearest in date, then the earlier in the list (not
        # the nearest in the list: a story added among the others would change that
        # for every pair of stories on either side of it)
        apart = np.abs(self._days[found] - self._days[index])
        best = np.lexsort((found, apart, -scores))[:self.count]
        ours = set(mine.tolist())
        return tuple(
            Related(self.articles[other], score,
                    _why([self.vocabulary[t] for t in self._row(other).tolist() if t in ours]))
            for other, score in zip(found[best].tolist(), scores[best].tolist()))


UNDATED_DAY = 10 ** 7  # far from every date: an undated story is nearest the undated


def _day_number(date: str | None) -> int:
    """The day of an ISO date (a year and month: its first day) as a number."""
    match = re.match(r"(\d{4})-(\d{2})(?:-(\d{2}))?", date or "")
    if not match:
        return UNDATED_DAY
    try:
        return dt.date(int(match[1]), int(match[2]), int(match[3] or 1)).toordinal()
    except ValueError:
        return UNDATED_DAY


def _why(terms: list[tuple[str, str]]) -> tuple[tuple[str, str], ...]:
    """Shared terms for display, heaviest kind first."""
    return tuple(sorted(terms, key=lambda t: (-_WEIGHTS[t[0]], t[1])))


def build_corpus(articles: list[Article], config: SiteConfig) -> Corpus:
    """Group, cross-reference and relate `articles` (see Corpus)."""
    ordered = sort_articles(articles)
    by_id = {a.id: a for a in ordered}
    canonical_of, problems = _resolve_canonical(by_id)
    canonical = [a for a in ordered if canonical_of[a.id] == a.id]
    duplicates = _group((canonical_of[a.id], a) for a in ordered if canonical_of[a.id] != a.id)

    proposal_entries = [ProposalEntry(p, a) for a in canonical for p in a.proposals]
    people_pairs = [(name, a) for a in canonical for name in people_of(a)]
    proposals_by_person: dict[str, list[ProposalEntry]] = defaultdict(list)
    for entry in proposal_entries:
        proposals_by_person[entry.proposal.person].append(entry)

    # prev/next walk the dated canonical articles by date: an undated story has no
    # neighbour in time, and is no dated story's neighbour either.
    dated = [a for a in canonical if date_key(a)]
    prev = {a.id: b for a, b in zip(dated, dated[1:])}
    nxt = {b.id: a for a, b in zip(dated, dated[1:])}

    by_date = _group((month_of(a), a) for a in canonical)
    months = sorted((m for m in by_date if m != UNDATED), reverse=True)
    by_date = {m: by_date[m] for m in months + ([UNDATED] if UNDATED in by_date else [])}

    by_place = _group((p, a) for a in canonical for p in a.places)
    by_person = _group(people_pairs)
    by_seed = _group((a.seed, a) for a in ordered)
    return Corpus(
        articles=tuple(ordered), canonical=tuple(canonical), by_id=by_id,
        canonical_of=canonical_of, duplicates=duplicates,
        by_tag=_group((t, a) for a in canonical for t in a.tags),
        by_place=by_place, by_person=by_person,
        proposals_by_person={name: tuple(proposals_by_person[name])
                             for name in sorted(proposals_by_person)},
        proposals=tuple(proposal_entries), by_date=by_date, by_seed=by_seed,
        related=RelatedArticles(canonical, config.related.count, config.related.threshold,
                                config.related.max_document_share),
        prev=prev, next=nxt, problems=tuple(problems),
    )
