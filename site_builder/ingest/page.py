"""One page -> its articles and discards: clean, split, extract metadata."""
from __future__ import annotations

import re

from ..models import Article, Discard, PageResult, Proposal, RawPage
from . import meta
from .clean import make_paragraphs
from .split import Draft, split_page

MIN_BODY_CHARS = 20


def _is_article(draft: Draft) -> bool:
    """A story has a body of its own: two paragraphs, or one with a dateline or byline."""
    paras = [p for p in draft.body if not p.startswith("## ")]
    chars = sum(len(p) for p in paras)
    if chars < MIN_BODY_CHARS:
        return False
    return len(paras) >= 2 or draft.dateline is not None or draft.byline is not None


def _merge_proposals(*groups: list[Proposal] | tuple[Proposal, ...]) -> tuple[Proposal, ...]:
    """One proposal per person, the first found (a column item before an in-body quote)."""
    seen: dict[str, Proposal] = {}
    for group in groups:
        for proposal in group:
            seen.setdefault(proposal.person, proposal)
    return tuple(seen.values())


def articles_from_page(page: RawPage, newspaper: str) -> PageResult:
    """Split a decoded page into articles (ids left empty: the build assigns them)."""
    paras = make_paragraphs(page)
    split = split_page(paras, page.name)
    page_text = "\n".join(line.text for line in page.lines)
    kept = [d for d in split.drafts if _is_article(d)]
    discards = list(split.discards)
    for draft in split.drafts:
        if draft not in kept:
            text = "\n".join(filter(None, [draft.kicker, draft.title, draft.subtitle, draft.dateline]
                                     + draft.credits + draft.body + draft.captions))
            discards.append(Discard(page.name, draft.first, draft.last, text,
                                    "too short to be a story"))
    lead = max(kept, key=lambda d: sum(len(p) for p in d.body), default=None)
    articles = []
    for draft in kept:
        body = "\n\n".join(draft.body)
        date = date_source = None
        if draft.month_day:
            year = meta.infer_year(*draft.month_day, page_text)
            if year:
                date, date_source = f"{year:04d}-{draft.month_day[0]:02d}-{draft.month_day[1]:02d}", "dateline"
        proposals = meta.in_body_proposals(body)
        column_item = meta.kicker_proposal(draft.kicker, body)
        if column_item:
            proposals.insert(0, column_item)
        captions = list(draft.captions)
        if draft is lead:
            proposals = list(split.strip_proposals) + proposals
            captions += split.strip_captions
        articles.append(Article(
            id="", title=draft.title, body=body, seed=page.name, subtitle=draft.subtitle,
            kicker=draft.kicker, authors=draft.authors,
            source=meta.source_of(draft.dateline, draft.byline, newspaper),
            dateline=re.sub(r"\s+", "", draft.dateline) if draft.dateline else None,
            date=date, date_source=date_source, summary=meta.summary_of(body),
            proposals=_merge_proposals(draft.proposals, proposals), captions=tuple(captions),
            credits=tuple(draft.credits),
            lines=(draft.first, draft.last)))
    if lead is None and (split.strip_proposals or split.strip_captions):
        for text in split.strip_captions:
            discards.append(Discard(page.name, 0, 0, text, "caption with no story on the page"))
    return PageResult(seed=page.name, articles=tuple(articles), discards=tuple(discards))
