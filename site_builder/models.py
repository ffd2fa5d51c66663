"""Pure data passed between the stages. No I/O here."""
from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Line:
    """One line of an input page with its 1-based line number in the file."""

    number: int
    text: str


@dataclass(frozen=True)
class RawPage:
    """A page dump decoded to text; `name` is the file name used as `seed`."""

    name: str
    lines: tuple[Line, ...]
    encoding: str = "utf-8"


@dataclass(frozen=True)
class Proposal:
    """A deputy's or member's statement on a 两会 page."""

    person: str
    role: str | None = None
    affiliation: str | None = None
    summary: str | None = None
    kind: str | None = None  # jianyan | caption | in-body
    statement: str | None = None  # the full statement, when printed apart from any body
    credit: str | None = None     # its reporter or photo credit, as printed

    def as_dict(self) -> dict:
        return {"person": self.person, "role": self.role, "affiliation": self.affiliation,
                "summary": self.summary, "kind": self.kind, "statement": self.statement,
                "credit": self.credit}


@dataclass(frozen=True)
class Edition:
    """The printed page a story comes from, as the page itself (or site.yaml) names it:
    the paper, the issue date, the page number and the page's name (`要闻`). Readers see
    this, never the seed's file name."""

    paper: str | None = None
    date: str | None = None     # ISO date of the issue
    page: int | None = None     # 第N版
    name: str | None = None     # 版名

    def as_dict(self) -> dict:
        return {"paper": self.paper, "date": self.date, "page": self.page, "name": self.name}


@dataclass(frozen=True)
class Article:
    """One printed article: the unit of content/ (SPEC §4).

    `body` is Markdown (paragraphs separated by blank lines, section heads as `##`).
    Fields after `proposals` are additions to the contract that tools may ignore.
    """

    id: str
    title: str | None
    body: str
    seed: str
    subtitle: str | None = None
    kicker: str | None = None
    authors: tuple[str, ...] = ()
    source: str | None = None
    dateline: str | None = None
    date: str | None = None
    date_source: str | None = None
    tags: tuple[str, ...] = ()
    places: tuple[str, ...] = ()
    people: tuple[str, ...] = ()
    keywords: tuple[str, ...] = ()
    summary: str | None = None
    duplicate_of: str | None = None
    proposals: tuple[Proposal, ...] = ()
    captions: tuple[str, ...] = ()
    credits: tuple[str, ...] = ()  # byline and credit lines as printed (authors come from them)
    lines: tuple[int, int] | None = None  # first and last line of the seed it came from
    title_source: str | None = None  # None: printed; "derived": made from kicker or first sentence
    edition: Edition | None = None   # the printed page it comes from
    # PDF seeds: where it was printed, one (page, x0, top, x1, bottom) in pt from the page's
    # top-left corner for each block it was read from, in reading order (`lines` is None)
    boxes: tuple[tuple[int, float, float, float, float], ...] = ()


@dataclass(frozen=True)
class Discard:
    """Text of a page that belongs to no article, kept for the editor's review."""

    seed: str
    first_line: int
    last_line: int
    text: str
    why: str


@dataclass(frozen=True)
class PageResult:
    """What ingest made of one page."""

    seed: str
    articles: tuple[Article, ...] = ()
    discards: tuple[Discard, ...] = field(default_factory=tuple)
