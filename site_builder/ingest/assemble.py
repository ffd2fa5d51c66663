"""A page's reading -> its articles: each story's lines put into the content contract.

`segment.best_reading` says which role each paragraph plays and where each story
starts; here each story becomes an Article (title, kicker, subtitle, authors, source,
dateline, date, body with `##` section heads, captions, credits), and everything that
belongs to no story becomes a Discard, so no character of the page is lost.
"""
from __future__ import annotations

import dataclasses
import math
import re
from collections import Counter
from dataclasses import dataclass, field

from ..models import Article, Discard, Edition, Proposal
from ..nlp import SURNAMES
from . import lexicon as lx
from . import meta
from .clean import Para, collapse_spaced_heading, visual_width
from .credits import Credit, byline, lead, names_in, reporter_outlet, trailer
from .segment import Reading


@dataclass
class Story:
    """One story's paragraphs sorted by role, as the reading gave them."""

    paras: list[tuple[Para, str]] = field(default_factory=list)
    continued: bool = False

    def of(self, *roles: str) -> list[Para]:
        return [p for p, r in self.paras if r in roles]


@dataclass(frozen=True)
class PageInfo:
    """What the page's furniture says about the page itself."""

    edition: Edition
    stamps: tuple[tuple[int, str], ...] = ()  # (paragraph index, ISO date) of web time stamps
    year: int | None = None  # the year the page's furniture names (with or without a date)


def stories_of(paras: list[Para], reading: Reading) -> tuple[list[tuple[Para, str]], list[Story]]:
    """The paragraphs before the first story, and the stories in page order. A story
    runs from its first paragraph to the next story's; captions and furniture printed
    between two stories go with the one they precede when the reading opened it there."""
    starts = list(reading.starts)
    before = [(p, r) for p, r in zip(paras[:starts[0] if starts else len(paras)], reading.roles)]
    stories = []
    for k, start in enumerate(starts):
        end = starts[k + 1] if k + 1 < len(starts) else len(paras)
        story = Story([(paras[i], reading.roles[i]) for i in range(start, end)])
        story.continued = any(r == "marker" and _direction(p.text) == "up"
                              for p, r in story.paras[:1])
        stories.append(story)
    return before, stories


def rejoin_fragments(stories: list[Story]) -> list[Story]:
    """Two stories' columns printed interleaved: story A's column stops mid-sentence,
    story B follows, then A's text goes on. The rest of B from a fragment paragraph
    (one that carries a cut sentence on; where no indent marks one, the paragraph from
    which B's text speaks A's vocabulary again) is A's, when A's last paragraph is cut."""
    for k, story in enumerate(stories):
        host = next((a for a in reversed(stories[:k]) if _ends_cut(a)), None)
        if host is None:
            continue
        j = next((j for j, (para, role) in enumerate(story.paras)
                  if role == "body" and para.fragment and j > 0), None)
        if j is None and host is stories[k - 1]:
            j = _vocabulary_returns(host, story)
        if j is not None:
            # (its first paragraph carries the host's cut sentence on)
            (para, role), rest = story.paras[j], story.paras[j + 1:]
            host.paras.extend([(dataclasses.replace(para, fragment=True), role), *rest])
            del story.paras[j:]
    return stories


# how much more the rest of a story must share the vocabulary of the story above than its
# own text's (cosines of character bigrams) to be the rest of that story's column
RETURN_MARGIN = 0.1


def _vocabulary_returns(host: Story, story: Story) -> int | None:
    """The index of the body paragraph of `story`, set after a blank line, from which its
    text shares clearly more vocabulary (character bigrams) with `host`'s body than with
    its own text above: where `host`'s column goes on. None when there is none."""
    host_vec = _bigrams([p.text for p, r in host.paras if r in ("body", "lead")])
    best, best_margin = None, RETURN_MARGIN
    for j, (para, role) in enumerate(story.paras):
        if role != "body" or not para.gap:
            continue
        above = [p.text for p, r in story.paras[:j] if r in ("body", "lead")]
        below = [p.text for p, r in story.paras[j:] if r == "body"]
        if sum(map(len, above)) < 80 or sum(map(len, below)) < 80:
            continue
        below_vec = _bigrams(below)
        margin = _cosine(below_vec, host_vec) - _cosine(below_vec, _bigrams(above))
        if margin > best_margin:
            best, best_margin = j, margin
    return best


def _bigrams(texts: list[str]) -> Counter:
    han = lx.NOT_HAN.sub("", "".join(texts))
    return Counter(a + b for a, b in zip(han, han[1:]))


def _cosine(a: Counter, b: Counter) -> float:
    dot = sum(a[k] * b[k] for k in a.keys() & b.keys())
    norm = math.sqrt(sum(v * v for v in a.values()) * sum(v * v for v in b.values()))
    return dot / norm if norm else 0.0


def _ends_cut(story: Story) -> bool:
    body = [p for p, r in story.paras if r in ("body", "lead")]
    return bool(body) and body[-1].cut and not any(r == "credit" for _, r in story.paras)


def _direction(text: str) -> str:
    m = lx.CONTINUATION.match(lx.fold(text))
    if not m:
        return ""
    return "up" if m["dir"] in ("上接", "接上", "紧接", "接第") else "down"


def word_across(upper: str, lower: str, text: str) -> bool:
    """Does a line stop inside a word the next line ends: are the two characters across
    the break (`某某药` / `材出山记`) a word that `text` (the page's own) uses twice?"""
    upper, lower = upper.rstrip(), lower.lstrip()
    return bool(upper and lower and lx.HAN_CHAR.match(upper[-1]) and lx.HAN_CHAR.match(lower[0])
                and text.count(upper[-1] + lower[0]) >= 2)


def join_headline(lines: list[str], text: str = "") -> str:
    """Headline lines as one: two phrases keep a space between them (`加快动能转换 聚力转型升级`);
    a headline wrapped mid-phrase, at a comma or inside a word of the page's `text`,
    joins without one."""
    out = ""
    for line in lines:
        line = collapse_spaced_heading(line)
        if not out:
            out = line
        elif out[-1] in "，、：；,:;“‘《（(" or line[0] in "，、：；,:;”’》）)" \
                or word_across(out, line, text):
            out += line
        else:
            out += " " + line
    return out


# a web copy's time stamp, at the start of its meta line or in its 发布时间 field
_WEB_STAMP = re.compile(rf"(?:^|(?<=\S\s)|(?:发布时间|发布日期|时间)\s*{lx.COLON}\s*)(?P<y>\d{{4}})\s*(?:年\s*(?P<m>\d{{1,2}})\s*月"
                        rf"\s*(?P<d>\d{{1,2}})\s*日|[-/](?P<m2>\d{{1,2}})[-/](?P<d2>\d{{1,2}}))\s*"
                        rf"(?P<h>\d{{1,2}}):(?P<mi>\d{{2}})")


def page_info(paras: list[Para], roles: tuple[str, ...], newspaper: str | None) -> PageInfo:
    """The paper, issue date, page number and page name the page's furniture prints."""
    paper = date = name = None
    number = year = None
    stamps = []
    for i, (para, role) in enumerate(zip(paras, roles)):
        text = lx.fold(para.text.strip().lstrip("> ").strip())
        if role not in ("furniture", "byline", "marker"):
            continue
        web = _WEB_STAMP.search(text)
        if web:
            month, day = web["m"] or web["m2"], web["d"] or web["d2"]
            stamps.append((i, f"{int(web['y']):04d}-{int(month):02d}-{int(day):02d}"))
            continue
        if role == "marker":
            continue
        named = re.search(r"(20\d\d|19\d\d)\s*年", text)
        if named and year is None and role == "furniture":
            year = int(named.group(1))
        issue = lx.ISSUE_DATE.search(text)
        page_no = lx.PAGE_NO.search(text)
        header = bool(page_no or lx.WEEKDAY.search(text) or re.search(r"日期\s*：", text)
                      or text.startswith("《"))
        if issue and date is None and (header or len(text) <= 24):
            date = f"{int(issue['y']):04d}-{int(issue['m']):02d}-{int(issue['d']):02d}"
        if page_no and number is None:
            number = meta.chinese_number(page_no["n"])
            label = re.sub(r"\s+", " ", text[page_no.end():]).strip(" ·　）)")
            label = re.sub(lx.ISSUE_DATE.pattern + "|" + lx.WEEKDAY.pattern, "", label).strip(" ·　")
            before = text[:page_no.start()].strip(" ·　（(")
            before = re.sub(lx.ISSUE_DATE.pattern + "|" + lx.WEEKDAY.pattern, "", before).strip(" ·　")
            for candidate in (label, before):
                if candidate and re.fullmatch(rf"[{lx.CJK}]{{2,8}}", candidate) \
                        and candidate not in (newspaper or "") and not _is_paper(candidate):
                    name = name or candidate
                elif candidate and _is_paper(candidate.split()[0]):
                    paper = paper or candidate.split()[0]
        masthead = re.match(rf"^《?(?P<p>[{lx.CJK}]{{2,8}}(?:日报|晚报|晨报|时报|报))》?", text)
        if masthead and paper is None and (header or len(text) <= 10):
            paper = masthead["p"]
        if role == "furniture" and name is None and i < 6 and re.fullmatch(rf"[{lx.CJK}]{{2,6}}", text) \
                and not _is_paper(text) and (date or number):
            name = text
    return PageInfo(Edition(paper, date, number, name), tuple(stamps), year)


def _is_paper(text: str) -> bool:
    return bool(re.fullmatch(rf"[{lx.CJK}]{{2,8}}(?:日报|晚报|晨报|时报|报)", text))


@dataclass
class _Parts:
    kicker: list[str] = field(default_factory=list)
    heads: list[str] = field(default_factory=list)
    subtitle: str | None = None
    body: list[str] = field(default_factory=list)
    captions: list[str] = field(default_factory=list)
    credits: list[str] = field(default_factory=list)
    discards: list[tuple[Para, str]] = field(default_factory=list)
    names: list[str] = field(default_factory=list)
    outlets: list[tuple[int, str]] = field(default_factory=list)   # (priority, outlet)
    dateline: str | None = None
    month_day: tuple[int, int] | None = None
    proposals: list[Proposal] = field(default_factory=list)
    speakers: list[Proposal] = field(default_factory=list)
    body_cut: bool = False   # the last body paragraph read so far stops mid-sentence
    speaker_names: list[str] = field(default_factory=list)  # of a speaker line (`某某院长  王一`)
    told_to: bool = False    # a trailer names the reporters who wrote it down (`（记者X采访整理）`)

    def authors(self) -> tuple[str, ...]:
        """The story's writers: a speaker's words that reporters wrote down (`采访整理`)
        are the reporters' story, not the speaker's."""
        if self.told_to:
            return tuple(n for n in self.names if n not in self.speaker_names)
        return tuple(self.names)


def _take_credit(parts: _Parts, credit: Credit, priority: int) -> None:
    parts.names.extend(n for n in credit.names if n not in parts.names)
    if credit.outlet:
        parts.outlets.append((priority, credit.outlet))
    if credit.dateline and parts.dateline is None:
        parts.dateline = credit.dateline
    if credit.month and parts.month_day is None:
        parts.month_day = (credit.month, credit.day)


def _read_story(story: Story) -> _Parts:
    parts = _Parts()
    last_body_cut = False
    for para, role in story.paras:
        text = para.text.strip()
        parts.body_cut = bool(parts.body) and last_body_cut
        last_body_cut = para.cut if role in ("body", "lead") else last_body_cut
        if role == "kicker":
            parts.kicker.append(text)
        elif role == "headline":
            parts.heads.append(text)
        elif role == "subtitle":
            if parts.subtitle is None:
                parts.subtitle = collapse_spaced_heading(text)
            else:
                parts.discards.append((para, "display text"))
        elif role == "byline":
            # (a lead formula alone on its line, `中新网某地7月27日电（记者 X）`, names the
            # outlet and the dateline too)
            alone = lead(text)
            credit = alone if alone is not None and not alone.rest else byline(text)
            parts.credits.append(text)
            meta_line = bool(lx.EPAPER_META.search(lx.fold(text)))
            _take_credit(parts, credit, 4 if meta_line else 1)
            if lx.SPEAKER_LINE.search(text) and not lx.BYLINE.match(lx.fold(text)):
                parts.speaker_names.extend(credit.names)
            speaker = lx.SPEAKER.match(lx.fold(text))
            if speaker and speaker["role"]:
                parts.speakers.append(Proposal(
                    person=speaker["name"], role=meta.ROLE_OF[speaker["role"]],
                    affiliation=speaker["aff"].strip(" ，,、") or None, kind="jianyan"))
        elif role == "lead":
            credit = lead(text)
            if credit is None:
                parts.body.append(text)
                continue
            if credit.printed:
                parts.credits.append(credit.printed)
            _take_credit(parts, credit, 0)
            if credit.rest:
                _body(parts, credit.rest)
        elif role == "body" and para.fragment and parts.body and parts.body_cut:
            parts.body[-1] += text  # the sentence a column break cut goes on
        elif role == "body" and not parts.body and not parts.names and (
                bare := glued_name(text)):
            name, rest = bare
            parts.credits.append(name)
            _take_credit(parts, Credit((re.sub(r"\s+", "", name),)), 1)
            _body(parts, rest)
        elif role == "body":
            _body(parts, text)
        elif role == "crosshead":
            parts.body.append("## " + collapse_spaced_heading(text))
        elif role == "caption":
            parts.captions.append(text)
        elif role == "credit" and lx.PHOTO_CREDIT.search(lx.fold(text)) \
                and not lx.TRAILER_NAMES.match(lx.fold(text)):
            parts.captions.append(text)  # a photo credit: with the captions, not the authors
        elif role == "credit":
            parts.credits.append(text)
            credit = trailer(text)
            _take_credit(parts, credit, 2)
            parts.told_to = parts.told_to or bool(credit.names and re.search("整理", text))
            outlet = reporter_outlet(text)
            if outlet:
                parts.outlets.append((2, outlet))
        elif role == "furniture":
            source = re.match(rf"^(?:本文)?来源\s*{lx.COLON}\s*(?P<src>[^\s|｜]{{2,20}})(?:\s*[|｜]?\s*\d{{4}}[-/年].*)?$",
                              lx.fold(text))
            if source:
                parts.outlets.append((5, source["src"]))
            parts.discards.append((para, para.furniture or "display text"))
        else:  # marker
            parts.discards.append((para, "continuation marker"))
    return parts


_BARE_NAME = re.compile(rf"^(?P<who>[{lx.CJK}]{{2,3}}|[{lx.CJK}]\s{{1,3}}[{lx.CJK}])\s+"
                        rf"(?!代表|委员|说|表示|介绍|认为|指出|强调)(?P<rest>[“「{lx.CJK}\d].{{19,}})$")


def glued_name(text: str) -> tuple[str, str] | None:
    """A writer's name glued to the top of a story's first paragraph (`某某 近期，…`):
    body text sets no space after its first two or three characters."""
    m = _BARE_NAME.match(text)
    if m and m["who"][0] in SURNAMES:
        return m["who"], m["rest"]
    return None


def _body(parts: _Parts, text: str) -> None:
    """A body paragraph; a wire trailer at its end (`…。（新华社北京4月9日电）`) is a credit."""
    m = lx.TRAILER_END.search(lx.fold(text))
    if m and m.start() > 0:
        parts.body.append(text[:m.start()].rstrip())
        printed = text[m.start():].strip()
        parts.credits.append(printed)
        _take_credit(parts, trailer(printed), 2)
        return
    parts.body.append(text)


def build_articles(paras: list[Para], reading: Reading, seed: str, newspaper: str,
                   page_text: str, raw: bool = False) -> tuple[list[Article], list[Discard], PageInfo]:
    """The articles of a page and the discards, from its paragraphs and their reading.
    On a raw dump (`raw`) the OCR's spaces inside Chinese text are collapsed."""
    info = page_info(paras, reading.roles, newspaper)
    before, stories = stories_of(paras, reading)
    stories = rejoin_fragments(stories)
    discards = [Discard(seed, p.first, p.last, p.text, p.furniture or "display text")
                for p, r in before if r != "caption"]
    page_captions = [p.text for p, r in before if r == "caption"]
    index_of = {id(p): i for i, p in enumerate(paras)}
    articles = []
    for story in stories:
        parts = _read_story(story)
        discards += [Discard(seed, p.first, p.last, p.text, why) for p, why in parts.discards]
        if raw:
            parts.body = [collapse_gaps(b) for b in parts.body]
            parts.heads = [collapse_gaps(h) for h in parts.heads]
        body_text = "\n\n".join(b for b in parts.body if b.strip())
        if not is_story(parts):
            # a story with no body of its own: keep every line among the discards
            for p, _ in story.paras:
                discards.append(Discard(seed, p.first, p.last, p.text, "too short to be a story"))
            continue
        first, last = story.paras[0][0], story.paras[-1][0]
        title = join_headline(parts.heads, page_text) if parts.heads else None
        title_source = None
        if title is None:  # no printed headline: an editorial one from the first sentence
            title, title_source = derived_title(body_text), "derived"
        kicker = parts.kicker[-1] if parts.kicker else None
        for extra in parts.kicker[:-1]:
            discards.append(Discard(seed, first.first, first.last, extra, "display text"))
        stamp = _stamp_for(index_of[id(first)], info.stamps)
        date, date_source = _date(parts, stamp or info.edition.date, page_text, info.year)
        captions = page_captions + parts.captions if not articles else parts.captions
        proposals = _proposals(parts, kicker, body_text)
        articles.append(Article(
            id="", title=title, title_source=title_source, body=body_text, seed=seed,
            subtitle=parts.subtitle,
            kicker=kicker, authors=parts.authors(), source=_source(parts, newspaper),
            dateline=parts.dateline, date=date, date_source=date_source,
            summary=meta.summary_of(body_text), proposals=proposals,
            captions=tuple(captions), credits=tuple(parts.credits),
            lines=(min(p.first for p, _ in story.paras), max(p.last for p, _ in story.paras)),
            edition=info.edition if any(v for v in info.edition.as_dict().values()) else None))
        del first, last
    if not articles and page_captions:
        discards += [Discard(seed, 0, 0, text, "caption with no story on the page")
                     for text in page_captions]
    return articles, discards, info


MIN_BODY_CHARS = 20


def is_story(parts: _Parts) -> bool:
    """A story has a body of its own: two paragraphs, or one with a byline, a lead or a
    credit (a lone paragraph under a display line is a blurb, a poster's text)."""
    paras = [p for p in parts.body if p.strip() and not p.startswith("## ")]
    if sum(len(p) for p in paras) < MIN_BODY_CHARS:
        return False
    return len(paras) >= 2 or bool(parts.names or parts.dateline or parts.credits)


def _stamp_for(index: int, stamps: tuple[tuple[int, str], ...]) -> str | None:
    """A web copy prints a time stamp under each story's headline: the last stamp at or
    after the story's first paragraph and before its body."""
    near = [d for i, d in stamps if index <= i <= index + 3]
    return near[0] if near else None


def _date(parts: _Parts, page_date: str | None, page_text: str,
          page_year: int | None) -> tuple[str | None, str | None]:
    """The dateline's day (its year from the page's date or text); else the date the page
    (or a web copy's time stamp) prints; else a month and day opening the first sentence
    (`4月12日，…`) on a page whose header names the year."""
    if parts.month_day:
        month, day = parts.month_day
        year = meta.year_for(month, day, page_date) if page_date else meta.infer_year(
            month, day, page_text)
        if year:
            return f"{year:04d}-{month:02d}-{day:02d}", "dateline"
    if page_date:
        return page_date, "text"
    first = next((b for b in parts.body if b.strip() and not b.startswith("## ")), "")
    opening = re.match(r"^(?P<m>\d{1,2})\s*月\s*(?P<d>\d{1,2})\s*日[，,、]", first)
    if opening and page_year and 1 <= int(opening["m"]) <= 12:
        month, day = int(opening["m"]), int(opening["d"])
        if meta.year_for(month, day, f"{page_year:04d}-12-31") == page_year:
            return f"{page_year:04d}-{month:02d}-{day:02d}", "body"
    return None, None


_GAP = re.compile(rf"(?<=[{lx.CJK}\d%％])[ \t\u3000]+(?=[{lx.CJK}])|(?<=[{lx.CJK}])[ \t\u3000]+(?=\d)")


def collapse_gaps(text: str) -> str:
    """The spaces an OCR leaves inside Chinese text (`4月 9日 3时`, `低轨 21组卫星`,
    `1145 列`): gone between a Chinese character and a Chinese character or a digit;
    the space between Latin words and numbers stays (`iPhone 15`, `5G 网络`)."""
    return _GAP.sub("", text)


def derived_title(body: str, limit: int = 24) -> str | None:
    """A readable headline for a story printed without one: its first sentence, cut at
    a clause when long, quotes balanced (marked `title_source: derived`)."""
    first = next((b for b in body.split("\n\n") if b.strip() and not b.startswith("#")), "")
    sentence = re.split(r"(?<=[。！？!?])", first.strip(), maxsplit=1)[0].rstrip("。")
    if not sentence:
        return None
    if len(sentence) > limit:
        cut = max(sentence.rfind(mark, 0, limit) for mark in "，；、：,;:")
        sentence = sentence[:cut] if cut >= 8 else sentence[:limit - 1] + "…"
    return meta.balanced(sentence)


_BODY_REPORTER = re.compile(rf"(?P<src>{lx.OUTLET})(?:{lx.REPORTER})")


def _body_outlets(parts: _Parts) -> None:
    """A web copy often credits its outlet only in the text (`…对第一财经记者表示`,
    `券商中国记者梳理了解到`): the outlet whose reporters the opening paragraphs name."""
    counts: dict[str, int] = {}
    for para in [b for b in parts.body if not b.startswith("## ")][:5]:
        for m in _BODY_REPORTER.finditer(lx.fold(para)):
            src = m["src"]
            if src not in lx.HOME_OUTLETS and (src in lx.KNOWN_OUTLETS or len(src) >= 3):
                counts[src] = counts.get(src, 0) + 1
    if counts:
        parts.outlets.append((3, max(counts, key=lambda k: (counts[k], -len(k)))))


def _source(parts: _Parts, newspaper: str) -> str:
    _body_outlets(parts)
    for _, outlet in sorted(parts.outlets, key=lambda o: o[0]):
        name = lx.canonical_outlet(outlet, newspaper)
        if name:
            return name
    return newspaper


def _proposals(parts: _Parts, kicker: str | None, body: str) -> tuple[Proposal, ...]:
    found: list[Proposal] = []
    column = meta.kicker_proposal(kicker, body)
    if column:
        found.append(column)
    for speaker in parts.speakers:
        found.append(Proposal(person=speaker.person, role=speaker.role,
                              affiliation=speaker.affiliation, summary=meta.gist(body),
                              kind="jianyan"))
    found += meta.signed_statements(body)
    found += meta.in_body_proposals(body)
    seen: dict[str, Proposal] = {}
    for proposal in found:
        seen.setdefault(proposal.person, proposal)
    return tuple(seen.values())


def width(text: str) -> float:
    return visual_width(text)


__all__ = ["build_articles", "stories_of", "join_headline", "page_info", "names_in"]
