"""Columns of deputies' statements printed as strips: a column label (`两会 | 建言`), then
for each deputy a name line, a role line (`全国人大代表，某某公司董事长`), the statement and
its credit. They are not stories of their own but proposals printed beside the page's
lead story, so they are read before the page is segmented.
"""
from __future__ import annotations

import re

from ..models import Discard, Proposal
from . import lexicon as lx
from . import meta
from .clean import Para, ends_sentence, visual_width


def _is_name_line(para: Para) -> bool:
    return bool(re.fullmatch(r"[\u4e00-\u9fff·]{2,6}", para.text))


def strip_follows(paras: list[Para], i: int) -> bool:
    """Does a column of statements (name line then role line) start at paras[i]?"""
    rest = [p for p in paras[i:i + 4] if not p.furniture]
    return len(rest) >= 2 and _is_name_line(rest[0]) and meta.role_line(rest[1].text) is not None


def _is_label(para: Para) -> bool:
    text = lx.fold(para.text)
    return bool(lx.LABEL.match(text) or (lx.DASH_END.match(text) and not para.level))


def read_strips(paras: list[Para], seed: str) -> tuple[list[Para], list[Proposal], list[Discard]]:
    """The paragraphs that are not in a strip, the strips' proposals, and the strips'
    labels and furniture as discards."""
    kept: list[Para] = []
    proposals: list[Proposal] = []
    discards: list[Discard] = []
    i = 0
    while i < len(paras):
        para = paras[i]
        if _is_label(para) and strip_follows(paras, i + 1):
            discards.append(Discard(seed, para.first, para.last, para.text, "column label"))
            i = _read_strip(paras, i + 1, seed, proposals, discards)
            continue
        kept.append(para)
        i += 1
    return kept, proposals, discards


def _read_strip(paras: list[Para], i: int, seed: str, props: list[Proposal],
                discards: list[Discard]) -> int:
    """Read name line, role line(s), statement, credit, as long as strips follow; the
    index after the last."""
    while i < len(paras):
        while i < len(paras) and paras[i].furniture:
            discards.append(Discard(seed, paras[i].first, paras[i].last, paras[i].text,
                                    paras[i].furniture))
            i += 1
        if not strip_follows(paras, i):
            return i
        name = paras[i].text
        role, affiliation = meta.role_line(paras[i + 1].text)
        i += 2
        # the role line may go on over short lines (explicit line breaks) up to the photo
        while i < len(paras) and paras[i].gap == 0 and not paras[i].furniture \
                and visual_width(paras[i].text) < 40 and not ends_sentence(paras[i].text) \
                and not strip_follows(paras, i):
            affiliation = (affiliation + paras[i].text).strip(" ，,、")
            i += 1
        statement: list[str] = []
        credit = None
        while i < len(paras):
            para = paras[i]
            if para.furniture or meta.parens_names(para.text) is not None:
                if meta.parens_names(para.text) is not None:
                    credit = para.text
                    i += 1
                break
            if _is_label(para) or para.level or strip_follows(paras, i):
                break
            statement.append(para.text)
            i += 1
        text = "\n\n".join(statement)
        props.append(Proposal(person=name, role=role, affiliation=affiliation or None,
                              summary=meta.gist(text), kind="jianyan", statement=text,
                              credit=credit))
    return i
