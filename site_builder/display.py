"""What readers see of the front matter: dates and months in Chinese, the label of
a printed page, and the headline of a story that has none.

Pure functions of the data (no I/O); the renderer and the search index use them, so
a story is named the same way on its page, in listings and in search results.
"""
from __future__ import annotations

import re

from .models import Article, Edition

_ISO_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})$")
_ISO_MONTH = re.compile(r"(\d{4})-(\d{2})$")
# A sentence ends at these; a clause at the others (a headline is cut at one of them).
_SENTENCE_END = re.compile(r"[。！？!?；;]")
_CLAUSE_MARKS = "，、：,:"
TITLE_MAX = 30          # characters of a headline made from the first sentence
TITLE_MIN_CLAUSE = 8    # a shorter first clause is too little to stand as a headline
NO_TITLE = "未命名报道"  # neither a body nor a kicker to make a headline from


def date_text(date: str | None) -> str | None:
    """'2026-04-09' -> '2026年4月9日'; anything else as it is (None stays None)."""
    if not date:
        return date
    match = _ISO_DATE.match(date)
    if not match:
        return date
    year, month, day = match.groups()
    return f"{year}年{int(month)}月{int(day)}日"


def month_text(month: str) -> str:
    """'2026-04' -> '2026年4月'; anything else (e.g. 未注明日期) as it is."""
    match = _ISO_MONTH.match(month)
    return f"{match.group(1)}年{int(match.group(2))}月" if match else month


def page_label(edition: Edition | None, newspaper: str | None, number: int) -> str:
    """A printed page as readers name it: `内蒙古日报 2026年4月9日 第3版 要闻`.

    The parts the page itself gives (`edition`), the paper from site.yaml when the
    page names none; when neither its number nor its name is known, `版面 N` by the
    page's order in the archive (`number`, from 1). Never the seed's file name.
    """
    edition = edition or Edition()
    parts = [edition.paper or newspaper or "", date_text(edition.date) or ""]
    if edition.page is not None:
        parts.append(f"第{edition.page}版")
    if edition.name:
        parts.append(edition.name)
    if edition.page is None and not edition.name:
        parts.append(f"版面 {number}")
    return " ".join(p for p in parts if p)


def merge_editions(editions) -> Edition | None:
    """One page's edition from those of its stories: each part the first one given."""
    paper = date = page = name = None
    for edition in editions:
        if edition is None:
            continue
        paper = paper or edition.paper
        date = date or edition.date
        page = page if page is not None else edition.page
        name = name or edition.name
    if paper is None and date is None and page is None and name is None:
        return None
    return Edition(paper, date, page, name)


def display_title(article: Article) -> tuple[str, bool]:
    """(the headline to show, whether it is editorial rather than printed).

    A printed title is shown as it is; a title ingest made (`title_source: derived`)
    is shown marked as editorial. A story with no title at all gets one here, from
    its first sentence (else its kicker), also marked.
    """
    if article.title:
        return article.title, article.title_source == "derived"
    sentence = first_sentence(article.body)
    if sentence:
        return headline_from(sentence), True
    if article.kicker:
        return article.kicker, True
    return NO_TITLE, True


def first_sentence(markdown: str) -> str:
    """The first sentence of the body's first paragraph that is not a heading."""
    for block in re.split(r"\n\s*\n", markdown or ""):
        block = block.strip()
        if not block or block.startswith("#"):
            continue
        text = re.sub(r"\s+", " ", block.replace("*", "")).strip()
        match = _SENTENCE_END.search(text)
        return (text[:match.start()] if match else text).strip()
    return ""


def headline_from(sentence: str) -> str:
    """A short headline from a sentence: all of it when short, else its clauses up to
    TITLE_MAX characters, else its first TITLE_MAX characters and '…'."""
    if len(sentence) > TITLE_MAX:
        cut = max(sentence.rfind(mark, 0, TITLE_MAX) for mark in _CLAUSE_MARKS)
        sentence = sentence[:cut] if cut >= TITLE_MIN_CLAUSE else sentence[:TITLE_MAX - 1] + "…"
    return _balanced(sentence)


_PAIRS = (("“", "”"), ("‘", "’"), ("《", "》"), ("（", "）"), ("(", ")"))


def _balanced(text: str) -> str:
    """Close the quotes and brackets a cut left open (and drop a stray closing one)."""
    for opening, closing in _PAIRS:
        depth = 0
        kept = []
        for char in text:
            if char == closing and depth == 0:
                continue
            depth += (char == opening) - (char == closing)
            kept.append(char)
        text = "".join(kept) + closing * depth
    return text
