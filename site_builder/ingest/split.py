"""Paragraphs -> articles: where one story ends, which headline is whose.

A page is read top to bottom. Headline-like lines wait in `pending` until the
layout shows whom they belong to:
- before a body, with nothing open: the new story's kicker/title/subtitle (leading);
- after a story that has no headline yet, when a boundary follows (a trailer
  `（新华社…电）`, a dateline, a byline, a continuation marker, the page end): that
  story's headline, printed after its body (trailing layout, common in raw PDF);
- one such line between two body paragraphs of an open story: a section head.
Once a page has shown the trailing layout, a line printed before a body is its
kicker, not its title. Column strips of deputies' statements (name, role line,
statement, credit) and photo captions become proposals of the page's lead story.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..models import Discard, Proposal
from . import meta
from .clean import Para, collapse_spaced_heading, ends_sentence, visual_width

_LABEL = re.compile(r"^[^\s|｜·・]{1,5}\s*[|｜·・]\s*[^\s|｜·・]{1,5}$")
_DASH_KICKER = re.compile(r"^[\u4e00-\u9fff]{2,12}——$")
_SUBTITLE = re.compile(r"^——")
_SERIES = re.compile(r"系列|之[一二三四五六七八九十百\d]+$")
_CAPTION_MARK = re.compile(r"^(?:[▲▼◀▶△▽]|图为|上图|下图|左图|右图)")
_INLINE_CREDIT = re.compile(r"[（(][^（()）]{0,30}摄\s*[）)]\s*$"
                            r"|[。！]\s*(?:本报|新华社)?(?:记者|通讯员)\s*[\u4e00-\u9fff·\s]{2,20}摄$")
_POSITION = re.compile(r"[（(][左右中][）)一二三]")
MAX_HEADING = 40


@dataclass
class Draft:
    """An article being assembled from paragraphs."""

    first: int
    last: int
    kicker: str | None = None
    title: str | None = None
    title_level: int = 0     # Markdown level of the headline, 0 when unmarked
    subtitle: str | None = None
    byline: str | None = None
    authors: tuple[str, ...] = ()
    dateline: str | None = None
    month_day: tuple[int, int] | None = None
    body: list[str] = field(default_factory=list)
    captions: list[str] = field(default_factory=list)
    credits: list[str] = field(default_factory=list)
    proposals: list[Proposal] = field(default_factory=list)
    ended: bool = False      # a trailer closed it: what follows is not its body
    continued: bool = False  # it continues a story from another page

    def end_with_trailer(self, printed: str, trailer: str) -> None:
        """`（新华社北京4月9日电）` closes the story and gives its dateline when it has none
        (else the trailer is kept as printed among its credits)."""
        if self.dateline:
            self.credits.append(printed)
        self.dateline = self.dateline or trailer
        dateline = meta.parse_dateline(trailer)
        if self.month_day is None and dateline and dateline.month:
            self.month_day = (dateline.month, dateline.day)
        self.ended = True

    def touch(self, para: Para) -> None:
        self.first = min(self.first, para.first)
        self.last = max(self.last, para.last)


@dataclass
class Page:
    drafts: list[Draft]
    discards: list[Discard]
    strip_proposals: list[Proposal]
    strip_captions: list[str]


def merge_column_breaks(paras: list[Para]) -> list[Para]:
    """Join a paragraph cut by a column break to the paragraph that continues it."""
    out: list[Para] = []
    for para in paras:
        prev = out[-1] if out else None
        if (prev is not None and prev.cut and not prev.furniture and not prev.level
                and not _INLINE_CREDIT.search(prev.text) and meta.parens_names(prev.text) is None
                and not _LABEL.match(para.text) and not _DASH_KICKER.match(para.text)
                and not para.furniture and not para.level and not para.separator
                and para.gap <= 1 and meta.role_line(prev.text) is None
                and meta.parse_dateline(para.text) is None and not meta.is_byline(para.text)):
            out[-1] = Para(text=prev.text + para.text, first=prev.first, last=para.last,
                           gap=prev.gap, n_lines=prev.n_lines + para.n_lines, cut=para.cut,
                           body_hint=True)
            continue
        out.append(para)
    return out


def is_heading(para: Para) -> bool:
    text = para.text
    if para.level:
        return True
    if para.body_hint or para.cut or len(text) > MAX_HEADING or not text:
        return False
    if ends_sentence(text) or text.endswith(("。", "：", ":")):
        return False
    return not re.search(r"[。；;]", text)


def is_caption(para: Para, nxt: Para | None) -> bool:
    text = para.text
    if meta.parens_names(text) is not None:
        return False
    if _CAPTION_MARK.match(text) or _INLINE_CREDIT.search(text):
        return True
    if nxt is not None and nxt.furniture == "photo credit" and len(text) <= 150:
        return True
    if para.gap >= 2 and len(text) <= 60 and text.endswith(("。", "。”")) and \
            (nxt is None or nxt.gap >= 2 or is_heading(nxt) or nxt.furniture):
        return True
    return False


def _is_name_line(para: Para) -> bool:
    return bool(re.fullmatch(r"[\u4e00-\u9fff·]{2,6}", para.text))


def _strip_follows(paras: list[Para], i: int) -> bool:
    """Does a column of statements (name line then role line) start at paras[i]?"""
    rest = [p for p in paras[i:i + 4] if not p.furniture]
    return len(rest) >= 2 and _is_name_line(rest[0]) and meta.role_line(rest[1].text) is not None


def split_page(paras: list[Para], seed: str) -> Page:
    paras = merge_column_breaks(paras)
    drafts: list[Draft] = []
    discards: list[Discard] = []
    pending: list[Para] = []
    kicker: Para | None = None
    current: Draft | None = None
    trailing_page = False
    continued = False
    strip_props: list[Proposal] = []
    strip_caps: list[str] = []
    i = 0

    def discard(para: Para, why: str) -> None:
        discards.append(Discard(seed, para.first, para.last, para.text, why))

    def close() -> None:
        """Close the open story; give it a headline printed after its body."""
        nonlocal current, trailing_page
        if current is None:
            return
        if current.title is None and pending and current.body and is_heading(pending[0]):
            head = pending.pop(0)
            current.title = collapse_spaced_heading(head.text)
            current.touch(head)
            trailing_page = True
        current = None

    def open_draft(para: Para) -> Draft:
        nonlocal current, pending, kicker, continued
        draft = Draft(first=para.first, last=para.last, continued=continued)
        heads, pending = pending, []
        if kicker is not None:
            draft.kicker = kicker.text
            draft.touch(kicker)
            kicker = None
        _assign_heads(draft, heads, trailing_page or continued, discard)
        continued = False
        drafts.append(draft)
        current = draft
        return draft

    while i < len(paras):
        para = paras[i]
        nxt = paras[i + 1] if i + 1 < len(paras) else None
        text = para.text
        i += 1
        if para.separator:
            close()
            discard(para, "separator")
            continue
        if para.furniture:
            if para.furniture == "continuation marker" and re.search(r"上接|接上|紧接", text):
                # the story goes on from another page: its headline is printed there
                close()
                for head in pending:
                    discard(head, "display text")
                pending = []
                continued = True
            discard(para, para.furniture)
            continue
        if para.quote and len(text) <= 60 and current is None:
            discard(para, "page banner")
            continue
        if is_caption(para, nxt):
            proposal = meta.caption_proposal(text)
            if proposal:
                strip_props.append(proposal)
                strip_caps.append(text)
            elif current is not None and not current.ended:
                current.captions.append(text)
                current.touch(para)
            else:
                strip_caps.append(text)
            continue
        if meta.CREDIT_ROLE.match(text):
            discard(para, "credits")
            continue
        if _LABEL.match(text) or (_DASH_KICKER.match(text) and not para.level):
            close()
            for head in pending:
                discard(head, "display text")
            pending = []
            if _strip_follows(paras, i):
                i = _read_strip(paras, i, seed, strip_props, discards)
                discard(para, "column label")
                continue
            if kicker is not None:
                discard(kicker, "column label")
            kicker = para
            continue
        if text.startswith("记者") and meta.is_byline(text) and current is not None:
            current.authors = meta.byline_names(text)
            current.byline = text
            current.credits.append(text)
            current.touch(para)
            continue
        if meta.is_byline(text):
            close()
            draft = open_draft(para)
            draft.byline = text
            draft.credits.append(text)
            draft.authors = meta.byline_names(text)
            continue
        names = meta.parens_names(text)
        if names is not None and current is not None:
            if not current.authors:
                current.authors = names
            current.credits.append(text)
            current.touch(para)
            continue
        dateline = meta.parse_dateline(text)
        if dateline is not None:
            if current is not None and (current.body or current.ended or current.dateline):
                close()
            draft = current if current is not None else open_draft(para)
            draft.dateline = dateline.dateline
            if dateline.month:
                draft.month_day = (dateline.month, dateline.day)
            draft.authors = draft.authors or dateline.authors
            if dateline.credit:
                draft.credits.append(dateline.credit)
            text = dateline.rest
        elif meta.TRAILER.fullmatch(text) and current is not None:
            _, trailer = meta.split_trailer(text)
            current.end_with_trailer(text, trailer)
            current.touch(para)
            continue
        elif is_heading(para) or (
                len(text) <= MAX_HEADING and nxt is not None and meta.is_byline(nxt.text)
                and (current is None or current.ended or kicker is not None)):
            # a short line right before a byline is a headline, whatever its punctuation
            pending.append(para)
            continue
        # a body paragraph
        if current is None or current.ended:
            close()
            open_draft(para)
        elif pending:
            head = pending[0]
            # a Markdown heading as prominent as the story's own headline starts a new story
            new_story = head.level and (head.level == 1 or head.level <= (current.title_level or 0))
            if len(pending) == 1 and not _SUBTITLE.match(head.text) and not new_story:
                current.body.append("## " + collapse_spaced_heading(pending.pop().text))
            else:
                close()
                open_draft(para)
        body, trailer = meta.split_trailer(text)
        if body:
            current.body.append(body)
        current.touch(para)
        if trailer:
            current.end_with_trailer(text[len(body):].strip(), trailer)
    close()
    for head in pending:
        discard(head, "display text")
    if kicker is not None:
        discard(kicker, "column label")
    return Page(drafts, discards, strip_props, strip_caps)


def _assign_heads(draft: Draft, heads: list[Para], trailing: bool, discard) -> None:
    """Kicker, title, subtitle (and a section head) from the headline lines before a body."""
    if not heads:
        return
    for head in heads:
        draft.touch(head)
    if trailing:
        # this page prints headlines after their bodies: a line before the body is a kicker
        # (or, for a story continued from another page, a section head)
        if draft.continued:
            draft.body.extend("## " + collapse_spaced_heading(h.text) for h in heads)
        else:
            draft.kicker = draft.kicker or heads[-1].text
            for head in heads[:-1]:
                discard(head, "display text")
        return
    texts = [collapse_spaced_heading(h.text) for h in heads]
    marked = [k for k, h in enumerate(heads) if h.level]
    subs = [k for k, t in enumerate(texts) if _SUBTITLE.match(t)]
    if marked:
        top = min(heads[k].level for k in marked)
        t = next(k for k in marked if heads[k].level == top)
    elif subs and _SERIES.search(texts[subs[0]]) and subs[0] > 0 and subs[0] + 1 < len(texts):
        # series banner, then `——…系列报道之五`, then the installment's own headline
        draft.kicker = draft.kicker or texts[subs[0] - 1]
        t = subs[0] + 1
    else:
        t = next((k for k, tx in enumerate(texts) if not _SUBTITLE.match(tx)), 0)
    draft.title = texts[t]
    draft.title_level = heads[t].level
    used = {t}
    if t + 1 < len(texts) and _SUBTITLE.match(texts[t + 1]):
        draft.subtitle = texts[t + 1]
        used.add(t + 1)
    elif subs and subs[0] not in used and _SERIES.search(texts[subs[0]]):
        draft.subtitle = texts[subs[0]]
        used.add(subs[0])
        if subs[0] > 0:
            used.add(subs[0] - 1)
    if t > 0 and draft.kicker is None and not heads[t - 1].level:
        draft.kicker = texts[t - 1]
        used.add(t - 1)
    elif t > 0 and draft.kicker is None and heads[t - 1].level > heads[t].level:
        draft.kicker = texts[t - 1]
        used.add(t - 1)
    rest = [k for k in range(len(texts)) if k not in used]
    if rest and rest[-1] > t:
        draft.body.append("## " + texts[rest[-1]])
        rest = rest[:-1]
    for k in rest:
        discard(heads[k], "display text")


def _read_strip(paras: list[Para], i: int, seed: str, props: list[Proposal],
                discards: list[Discard]) -> int:
    """Read a column of statements: name line, role line(s), statement, credit. Returns
    the index after the strip."""
    while i < len(paras):
        while i < len(paras) and paras[i].furniture:
            discards.append(Discard(seed, paras[i].first, paras[i].last, paras[i].text,
                                    paras[i].furniture))
            i += 1
        if not _strip_follows(paras, i):
            return i
        name = paras[i].text
        role, affiliation = meta.role_line(paras[i + 1].text)
        i += 2
        # the role line may go on over short lines (explicit line breaks) up to the photo
        while i < len(paras) and paras[i].gap == 0 and not paras[i].furniture \
                and visual_width(paras[i].text) < 40 and not ends_sentence(paras[i].text) \
                and not _strip_follows(paras, i):
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
            if _LABEL.match(para.text) or para.level or _strip_follows(paras, i):
                break
            statement.append(para.text)
            i += 1
        text = "\n\n".join(statement)
        props.append(Proposal(person=name, role=role, affiliation=affiliation or None,
                              summary=meta.gist(text), kind="jianyan", statement=text,
                              credit=credit))
    return i
