"""Metadata out of article text: bylines, datelines, dates, proposals, summaries.

Pure functions of strings, each describing a general convention of Chinese
newspapers (□本报记者 X, 新华社X月X日电, （新华社…电） trailers, 全国人大代表 …).
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from ..models import Proposal
from . import lexicon

NAME = r"[\u4e00-\u9fff·]{2,6}"
_WIRE = r"新华社|中新社|本报|人民日报|经济日报|光明日报"
# `本报讯 （记者 王小明）…`: a dateline that names no place or date
NEWS_FLASH = re.compile(r"^(?P<src>本报|新华社|人民日报|中新社)讯\s*(?:[（(](?P<who>[^（()）]{1,80})[）)])?\s*")
DATELINE = re.compile(
    rf"^(?P<src>{_WIRE})\s*(?P<place>[\u4e00-\u9fff]{{1,10}}?)\s*(?P<m>\d{{1,2}})\s*月\s*"
    rf"(?P<d>\d{{1,2}})\s*日\s*电(?!\s*[）)])\s*(?:[（(](?P<who>[^（()）]{{1,120}})[）)])?\s*")
CREDIT_ROLE = re.compile(r"^(?:文案|剪辑|编辑|监制|鸣谢|摄像|制作|统筹|策划|设计|视频|海报|校对|出品)\s*[：:]")
AUTHOR_PARENS = re.compile(
    r"^[（(]\s*(?:文/图|文|图)?\s*(?:本报记者|记者|本报通讯员)?\s*"
    r"(?P<names>[\u4e00-\u9fff·]{2,6}(?:[\s、，,]+[\u4e00-\u9fff·]{2,6}){0,20})\s*(?:整理|报道)?\s*[）)]$")
ROLE = re.compile(r"^(全国人大代表|全国政协委员|全国政协常委|省人大代表|省政协委员|人大代表|政协委员)")
_NAME_STOP = set("的表说在看认建指介称是等也还就和与到对将了")
_TITLE_WORDS = ("董事长", "总经理", "研究员", "工程师", "驾驶员", "主席", "书记", "主任", "院长", "队长",
                "经理", "馆长", "校长", "教授", "局长", "厅长", "市长", "县长", "旗长", "盟长", "会长",
                "社长", "所长", "部长", "处长", "科长", "站长", "医师", "村医", "农民", "牧民", "教师",
                "合伙人", "负责人", "创始人", "理事长", "秘书长", "总裁", "总监", "主委", "律师",
                "医生", "厂长", "镇长", "乡长", "区长", "州长", "省长", "专家", "首席科学家")
_IN_BODY = re.compile(
    r"(?P<role>全国人大代表|全国政协委员)[，,、]?(?P<aff>[^。；;“”！？]{2,60}?(?:"
    + "|".join(_TITLE_WORDS) + r"))(?P<name>[\u4e00-\u9fff]{2,3})(?=看来|表示|说|认为|建议|指出|介绍|坦言|的)")
_CAPTION = re.compile(
    r"(?P<role>全国人大代表|全国政协委员)(?P<name>[\u4e00-\u9fff·]{2,6}?)(?:[（(][左右中][）)])?"
    r"(?:在[^，,。]{1,40}?时)?建议[，,]?(?P<gist>[^。]+)")


_NOT_NAMES = {"报道", "摄影", "摄", "文", "图", "文图", "编辑", "整理", "综合", "实习生", "通讯员"}




def names_in(text: str) -> tuple[str, ...]:
    """Person names separated by spaces, 、 or commas; anything else ends the list."""
    names = []
    for token in re.split(r"[\s、，,]+", text.strip()):
        token = token.strip("（）()")
        token = re.sub(r"^(?:本报|新华社)?(?:特约)?(?:记者|通讯员|实习生|摄影|见习记者)", "", token)
        if token in _NOT_NAMES:
            continue
        if re.fullmatch(NAME, token):
            names.append(token)
    return tuple(dict.fromkeys(names))


def reporter_names(who: str) -> tuple[str, ...]:
    """The names in a dateline's reporter parenthesis: `记者 王一 实习生 李二` -> (王一, 李二)."""
    return names_in(re.sub(r"(?:新华社|本报)?(?:记者|通讯员|实习生)", " ", who))


def is_byline(text: str) -> bool:
    """A reporter formula and the names after it (`□本报记者 王小明`, `【X报记者 Y】`)."""
    folded = lexicon.fold(text.strip())
    return len(text) <= 60 and bool(lexicon.BYLINE.match(folded) or lexicon.BRACKET_BYLINE.match(folded))


def parens_names(text: str) -> tuple[str, ...] | None:
    """`（胡日查 韩学文）`, `（本报记者王伟健整理）` -> names; None when it is not such a line."""
    m = AUTHOR_PARENS.match(text.strip())
    if not m:
        return None
    inner = re.sub(r"^[（(]|[）)]$", "", text.strip())
    inner = re.sub(r"文/图|本报记者|记者|本报通讯员|整理|报道", " ", inner)
    return names_in(inner)


@dataclass(frozen=True)
class Dateline:
    dateline: str
    month: int
    day: int
    source: str
    authors: tuple[str, ...]
    rest: str
    credit: str | None = None  # the reporter parenthesis as printed


def parse_dateline(text: str) -> Dateline | None:
    """`新华社太原 4 月 9 日电 （黄一宸 李宸）4月9日…` -> dateline, authors and the body text.
    `本报讯（记者 王一）…` has a dateline with no date (month and day 0)."""
    flash = NEWS_FLASH.match(text)
    if flash and flash.end() < len(text):
        who = flash["who"] or ""
        authors = reporter_names(who) if who else ()
        return Dateline(f"{flash['src']}讯", 0, 0, flash["src"], authors, text[flash.end():].strip(),
                        f"（{who}）" if who else None)
    m = DATELINE.match(text)
    if not m:
        return None
    dateline = f"{m['src']}{m['place']}{int(m['m'])}月{int(m['d'])}日电"
    who = m["who"] or ""
    authors: tuple[str, ...] = ()
    if who and ("记者" in who or re.fullmatch(r"[\u4e00-\u9fff·\s、，,]+", who)):
        authors = reporter_names(who)
    elif who:
        # a parenthesis that is not a reporter list stays in the body
        return Dateline(dateline, int(m["m"]), int(m["d"]), m["src"], (),
                        text[m.start("who") - 1:].strip())
    return Dateline(dateline, int(m["m"]), int(m["d"]), m["src"], authors, text[m.end():].strip(),
                    f"（{who}）" if who else None)






_FULL_DATE = re.compile(r"(20\d\d|19\d\d)\s*年\s*(\d{1,2})\s*月(?:\s*(\d{1,2})\s*日)?")
_YEAR_START = re.compile(r"(20\d\d|19\d\d)\s*年\s*(?:年初|初|一季度|春)")
# `2025年，辽宁外贸…` / `2025年底` report on a year that is over
_YEAR_DONE = re.compile(r"(?<![到至预计])(20\d\d|19\d\d)\s*年\s*(?:[，,]|年?底|年?末|全年)")
_ANY_YEAR = re.compile(r"(20\d\d|19\d\d)\s*年")


def infer_year(month: int, day: int, page_text: str) -> int | None:
    """The year of a dateline that prints only month and day.

    A report is dated after the events it tells of, so the year is the first one
    in which (month, day) falls on or after the latest dated event on the page;
    with no dated event, the latest year the page names.
    """
    events = [(int(y), int(m), int(d or 1)) for y, m, d in _FULL_DATE.findall(page_text)
              if 1 <= int(m) <= 12]
    events += [(int(y), 1, 1) for y in _YEAR_START.findall(page_text)]
    events += [(int(y), 12, 31) for y in _YEAR_DONE.findall(page_text)]
    if events:
        latest = max(events)
        year = latest[0]
        return year if (month, day) >= latest[1:] else year + 1
    years = [int(y) for y in _ANY_YEAR.findall(page_text)]
    return max(years) if years else None


def year_for(month: int, day: int, page_date: str) -> int | None:
    """The year of a month/day dateline on a page dated `page_date`: a story is dated on
    or before its issue, so the nearest such day (a December dateline in a January issue
    is last year's); a day no year has (2月30日) gives None."""
    import datetime

    try:
        issue = datetime.date.fromisoformat(page_date)
    except ValueError:
        return None
    candidates = []
    for year in (issue.year - 1, issue.year, issue.year + 1):
        try:
            candidates.append(datetime.date(year, month, day))
        except ValueError:
            continue
    before = [d for d in candidates if d <= issue + datetime.timedelta(days=2)]
    pool = before or candidates
    if not pool:
        return None
    return min(pool, key=lambda d: abs((d - issue).days)).year


_CN_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7,
              "八": 8, "九": 9}


def chinese_number(text: str) -> int | None:
    """`07` -> 7, `十三` -> 13, `二十一` -> 21."""
    if text.isdigit():
        return int(text) or None
    if "十" in text:
        tens, _, units = text.partition("十")
        value = (_CN_DIGITS.get(tens, 0) if tens else 1) * 10 + (_CN_DIGITS.get(units, 0) if units else 0)
        return value or None
    digits = [_CN_DIGITS.get(ch) for ch in text]
    if not digits or None in digits:
        return None
    value = 0
    for d in digits:
        value = value * 10 + d  # type: ignore[operator]
    return value or None


# `——王芳委员（某某省妇联主席）`: a statement's signature line in a 议事厅 / “她”说 column
_SIGNATURE = re.compile(
    r"^[—–-]{1,2}\s*(?P<name>[\u4e00-\u9fff·]{2,6}?)(?P<role>代表|委员|常委)\s*[（(](?P<aff>[^（()）]{2,60})[）)]$")


def signed_statements(body: str) -> list[Proposal]:
    """Each statement signed by a deputy or member (`——X委员（…）` after it) is theirs."""
    found = []
    paras = body.split("\n\n")
    for i, para in enumerate(paras):
        m = _SIGNATURE.match(para.strip())
        if not m or i == 0:
            continue
        statement = paras[i - 1].strip()
        found.append(Proposal(person=m["name"], role=ROLE_OF[m["role"]],
                              affiliation=m["aff"].strip(), summary=gist(statement),
                              kind="jianyan"))
    return found


def role_line(text: str) -> tuple[str, str] | None:
    """`全国人大代表，中国铁路…董事长` -> (role, affiliation)."""
    m = ROLE.match(text.strip())
    if not m:
        return None
    return m.group(1), text.strip()[m.end():].strip(" ，,、")


_SENTENCE = re.compile(r".+?(?:[。！？!?；;][”’」』）)]*|$)", re.S)
_PROPOSES = re.compile(r"建议|呼吁|应当|应该|希望|提出|要")
# a clause that only frames the speech (`…表示，` `在他看来，`): the gist starts after it
_FRAME = re.compile(r"^[^，,。“”]{0,24}?(?:表示|认为|看来|指出|介绍|坦言|说|谈到|提到|强调)[，,：:]\s*")


def gist(statement: str, limit: int = 80) -> str:
    """A one-line gist of a deputy's statement: their own proposal sentence (the first
    that proposes: 建议, 呼吁, 应当, 要 …, not a quotation of the leadership nor the
    story's opening), its speech frame dropped, cut at a clause when too long, its quotes
    and brackets balanced."""
    sentences = [m.group(0).strip() for m in _SENTENCE.finditer(statement.replace("\n", ""))
                 if m.group(0).strip()]
    if not sentences:
        return balanced(statement[:limit])
    own = [s for s in sentences if not re.search(r"习近平|总书记", s)] or sentences
    chosen = next((s for s in own if _PROPOSES.search(s)), own[0])
    chosen = _FRAME.sub("", chosen, count=1).lstrip("，,：: ")
    if len(chosen) > limit:
        cut = max(chosen.rfind(mark, 0, limit) for mark in "，；、,;")
        chosen = (chosen[:cut] if cut >= 12 else chosen[:limit - 1]) + "……"
    return balanced(chosen)


_PAIRS = (("“", "”"), ("‘", "’"), ("《", "》"), ("（", "）"), ("(", ")"), ("「", "」"))


def balanced(text: str) -> str:
    """Close the quotes and brackets a cut left open (innermost first); drop a closing
    one that opens nothing."""
    closes, opens = dict(_PAIRS), {c: o for o, c in _PAIRS}
    stack: list[str] = []
    kept = []
    for char in text:
        if char in closes:
            stack.append(char)
        elif char in opens:
            if opens[char] not in stack:
                continue
            del stack[len(stack) - 1 - stack[::-1].index(opens[char])]
        kept.append(char)
    return "".join(kept) + "".join(closes[o] for o in reversed(stack))


_TITLE_ALT = "|".join(_TITLE_WORDS)
# `…研发中心主任施文美代表` (name before the role, as 人民日报 prints it)
_NAME_ROLE = re.compile(rf"(?:{_TITLE_ALT})(?P<name>[\u4e00-\u9fff]{{2,3}}?)(?P<role>代表|委员)(?!会|团|们|大会)")
ROLE_OF = {"代表": "全国人大代表", "委员": "全国政协委员", "常委": "全国政协委员"}
_ROLE_OF = ROLE_OF
# `温枢刚委员——`, or with the deputy's post before the name: `某某中学教师王五代表——`
KICKER_PERSON = re.compile(rf"^(?:(?P<aff>.{{2,30}}?(?:{_TITLE_ALT})))?"
                           r"(?P<name>[\u4e00-\u9fff·]{2,5}?)(?P<role>代表|委员|常委)——$")


def _clause_before(text: str, end: int) -> str:
    """The clause that ends at `end`: back to the previous sentence or quote boundary."""
    start = max(text.rfind(ch, 0, end) for ch in "。！？”“；\n") + 1
    return text[start:end].strip(" ，,、")


def _proposal_text(text: str, name: str, reach: int = 150) -> str | None:
    """What `name` proposes: the words after a 建议 that follows a mention of `name` in
    the same paragraph (`X委员建议，…`, `X说，“…建议…`), or None when nothing is proposed."""
    for mention in re.finditer(re.escape(name), text):
        window = text[mention.end():mention.end() + reach].split("\n")[0]
        at = window.find("建议")
        if at >= 0:
            return window[at + 2:].lstrip("，,：:") + text[mention.end() + reach:].split("\n")[0]
    return None


def kicker_proposal(kicker: str | None, body: str) -> Proposal | None:
    """A 两会 column item whose kicker names its deputy: `温枢刚委员——` + statement."""
    m = KICKER_PERSON.match(kicker or "")
    if not m:
        return None
    name = m["name"]
    at = body.find(name)
    affiliation = m["aff"] or (_clause_before(body, at) if at > 0 else None)
    said = _proposal_text(body, name) or body
    return Proposal(person=name, role=_ROLE_OF[m["role"]], affiliation=affiliation or None,
                    summary=gist(said), kind="jianyan")


def in_body_proposals(text: str) -> list[Proposal]:
    """Statements of deputies and members quoted in an article body."""
    found = []
    for m in _NAME_ROLE.finditer(text):
        said = _proposal_text(text, m["name"])
        if said is None:
            continue  # quoted, but proposes nothing
        affiliation = _clause_before(text, m.start("name"))
        found.append(Proposal(person=m["name"], role=_ROLE_OF[m["role"]],
                              affiliation=affiliation or None, summary=gist(said),
                              kind="in-body", statement=_paragraph_at(text, m.start("name"))))
    for m in _IN_BODY.finditer(text):
        name = m["name"]
        if len(name) == 3 and name[2] in _NAME_STOP:
            name = name[:2]
        after = text[m.end():]
        found.append(Proposal(person=name, role=m["role"], affiliation=m["aff"].strip(" ，,、"),
                              summary=gist(after.split("\n")[0]), kind="in-body",
                              statement=_paragraph_at(text, m.start("name"))))
    return found


def _paragraph_at(text: str, at: int) -> str:
    """The paragraph of the body that holds position `at`: the deputy's statement as printed."""
    start = text.rfind("\n", 0, at) + 1
    end = text.find("\n", at)
    return text[start:end if end >= 0 else len(text)].strip()


def caption_proposal(text: str) -> Proposal | None:
    """`3月9日，全国人大代表X（左）建议，…` -> Proposal(X, 全国人大代表, gist)."""
    m = _CAPTION.search(text)
    if not m:
        return None
    return Proposal(person=m["name"], role=m["role"], affiliation=None,
                    summary=m["gist"].strip() + "。", kind="caption")


def summary_of(body: str, limit: int = 120) -> str | None:
    """The opening sentences of the body, ending on a sentence end."""
    for para in body.split("\n\n"):
        para = para.strip()
        if not para or para.startswith("#"):
            continue
        sentences = re.split(r"(?<=[。！？!?])", para)
        out = ""
        for sentence in sentences:
            if out and len(out) + len(sentence) > limit:
                break
            out += sentence
        out = out.strip()
        if len(out) > limit:
            cut = max(out.rfind(p, 0, limit) for p in "，；、,;")
            out = (out[:cut] if cut > 0 else out[:limit]) + "……"
        return out or None
    return None
