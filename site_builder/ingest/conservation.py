"""Nothing lost: every text character of a page is in an article or in a discard.

Text characters are letters, digits and CJK ideographs after NFKC; punctuation,
spacing and Markdown markers may be normalised by cleaning and are not counted.
Derived values (summaries, gists, tags) are not counted either, so they cannot
hide a loss.
"""
from __future__ import annotations

import unicodedata
from collections import Counter
from typing import Iterable

from ..models import Article, Discard


def text_characters(text: str) -> Counter:
    text = unicodedata.normalize("NFKC", text)
    return Counter(ch for ch in text if unicodedata.category(ch)[0] in "LN")


def printed_text(article: Article) -> Iterable[str]:
    """The text of an article as printed (not the values derived from it)."""
    yield from (article.title or "", article.subtitle or "", article.kicker or "",
                article.dateline or "", article.body)
    yield from article.captions
    yield from article.credits
    for proposal in article.proposals:
        if proposal.statement is not None:  # a column item printed apart from any body
            yield from (proposal.person, proposal.role or "", proposal.affiliation or "",
                        proposal.statement, proposal.credit or "")


def missing_characters(page_text: str, articles: Iterable[Article],
                       discards: Iterable[Discard]) -> Counter:
    """Characters of the page found neither in its articles nor in its discards."""
    have = Counter()
    for article in articles:
        for text in printed_text(article):
            have += text_characters(text)
    for discard in discards:
        have += text_characters(discard.text)
    return text_characters(page_text) - have
