"""Who wrote a story and for which outlet: bylines, leads and trailers read into names,
an outlet and a dateline. Pure functions of one line of text, in either punctuation width.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from . import lexicon as lx
from .evidence import lead_of

_JOB_WORDS = re.compile(
    rf"(?:{lx.OUTLET})?\s*(?:{lx.REPORTER}|实习生|摄影|编辑|采访整理|整理|采访|参与采写|采写|综合报道|报道|撰文|文/图|文图)")
_NOT_NAMES = {"报道", "摄影", "摄", "文", "图", "文图", "编辑", "整理", "综合", "实习生", "通讯员", "记者",
              "本报", "本网", "评论员", "特约", "首席", "来源", "日期", "作者", "北京", "电"}


@dataclass(frozen=True)
class Credit:
    """What a byline, lead or trailer says: names, the outlet, a dateline with its date."""

    names: tuple[str, ...] = ()
    outlet: str | None = None       # as printed (canonical_outlet() makes the name canonical)
    dateline: str | None = None     # without spaces or brackets
    month: int = 0
    day: int = 0
    rest: str = ""                  # the text after a lead formula (the body's start)
    printed: str | None = None      # the formula as printed


_ROLES = ("代表", "委员", "常委")
# the fields of a meta line (an e-paper's, a web page's): `作者：X　来源：Y　发布时间：…`
_META_FIELDS = "作者|来源|日期|发布时间|发布日期"
_SAYS_AT_END = re.compile(rf"{lx.REPORTER_SAYS.pattern}$")
_FLASH_TAIL = re.compile(rf"^(?:{lx.LP}[^（()）]{{1,12}}{lx.RP})?\s*[，,：:]\s*")
_EDITORS = re.compile(rf"(?:{lx.OUTLET})?(?:责任编辑|责编|美编|校对|编辑)\s*{lx.COLON}?\s*"
                      rf"[{lx.CJK}]{{2,4}}(?:、[{lx.CJK}]{{2,4}})*")
_IN_PARENS = re.compile(rf"^{lx.LP}(.*){lx.RP}$")
_POST_AFTER_NAME = re.compile(rf"(?<=[{lx.CJK}])[（(][^（()）]{{2,30}}[）)]")
_REPORTED_FROM = re.compile(rf"(?<=[{lx.CJK}])\s+[{lx.CJK}]{{2,6}}报道\s*$")
# (a place of work named in a credit, `作者单位：某某大学`, is nobody's name)
_INSTITUTION = re.compile(r"(?:大学|学院|学校|公司|中心|研究院|研究所|单位|在线|集团)$")


def names_in(text: str) -> tuple[str, ...]:
    """Person names separated by spaces, 、 or commas. Letter-spaced names (`陈  震  靳  博`:
    single characters two by two) are joined; job words (记者, 整理 …) are dropped."""
    text = lx.fold(text)
    # (an editor named beside the reporters, `每经编辑 X`, `责任编辑：Y`, is not an author)
    text = _EDITORS.sub(" ", text)
    # (`记者 王一 长沙报道`: where the names reported from; `记者王一报道`: the name itself)
    text = _REPORTED_FROM.sub(" ", text)
    # (`王一（某某大学教授）`: a writer's post in parentheses after the name)
    text = _POST_AFTER_NAME.sub(" ", text)
    text = _JOB_WORDS.sub(" ", text)
    tokens = [t.strip("（）()【】[]“”\"'") for t in re.split(r"[\s、，；：]+", text)]
    tokens = [t for t in tokens if t]
    names: list[str] = []
    i = 0
    while i < len(tokens):
        token = tokens[i]
        if len(token) == 1 and re.fullmatch(rf"[{lx.CJK}]", token):
            group = token
            while len(group) < 2 and i + 1 < len(tokens) and len(tokens[i + 1]) == 1:
                i += 1
                group += tokens[i]
            token = group
        i += 1
        if token in _NOT_NAMES or token.endswith("摄"):
            continue  # a photographer's credit names no author
        # (a deputy's or a member's name with the role after it: `王一代表`, `李二委员`)
        role = re.fullmatch(rf"([{lx.CJK}]{{2,3}})(?:代表|委员|常委)", token)
        if role and role[1] not in _ROLES:
            token = role[1]
        if re.fullmatch(rf"[{lx.CJK}]{{2,4}}|[{lx.CJK}]{{1,6}}·[{lx.CJK}]{{1,8}}", token) \
                and not _INSTITUTION.search(token):
            names.append(token)
    return tuple(dict.fromkeys(names))


def _outlet(match: re.Match | None) -> str | None:
    if match is None:
        return None
    src = match.groupdict().get("src")
    return src.strip() if src else None


def byline(text: str) -> Credit:
    """`□本报记者 阿妮尔 高慧`, `人民网记者  高  华`, `文/图 本报记者 X`, `作者：X　来源：…`,
    a bare name line, or a speaker line `职务  姓名代表`."""
    folded = lx.fold(text.strip())
    compact = re.sub(r"\s+", "", folded)
    if lx.COMMENTATOR.match(compact):
        return Credit(outlet=_outlet(re.match(lx.OUTLET, compact)))
    fields = dict(re.findall(rf"({_META_FIELDS})\s*{lx.COLON}\s*(.*?)\s*(?=(?:{_META_FIELDS})\s*{lx.COLON}|$)",
                             folded))
    if fields:  # `作者：X　来源：人民日报　日期：…` (an e-paper's meta line), `作者：X`, or
        # the meta line of a piece with no author (`来源：…　日期：…`: an outlet, no name)
        return Credit(names_in(fields.get("作者", "")), fields.get("来源") or None)
    m = lx.BYLINE.match(folded) or lx.BOXED_NAMES.match(folded) or lx.BOXED_SPEAKER.match(folded)
    if m:
        return Credit(names_in(m["who"]), _outlet(m))
    # (`文/X`, or in parentheses after the body: `（文/X）`)
    m = lx.WRITER.match(folded) or lx.WRITER.match(_IN_PARENS.sub(r"\1", folded))
    if m:
        rest = m["rest"]
        outlet = re.match(rf"(?P<src>{lx.OUTLET})\s*{lx.REPORTER}", rest)
        return Credit(names_in(rest), _outlet(outlet))
    m = lx.SPEAKER.match(folded)
    if m and re.search(r"\s{2,}|　", folded) and (m["role"] or lx.JOB_TITLE.search(m["aff"])):
        return Credit((m["name"],))
    if lx.NAMES_ONLY.match(folded):
        return Credit(names_in(folded))
    return Credit(names_in(folded))


def lead(text: str) -> Credit | None:
    """The lead formula opening a paragraph: `新华社北京4月9日电（记者 X）…`, `本报讯（记者 X）…`,
    `中新网9月2日电 …`, `【深圳商报讯】（首席记者 X）…`, `21世纪经济报道记者X 北京报道 …`."""
    folded = lx.fold(text)
    end = lead_of(folded)
    if end is None:
        return None
    head = folded[:end]
    rest = text[end:].strip()
    names: tuple[str, ...] = ()
    parens = re.search(rf"{lx.LP}(?P<who>[^（()）]+){lx.RP}\s*$", head) or _SAYS_AT_END.search(head)
    wire = lx.WIRE_LEAD.match(head)
    flash = lx.FLASH_LEAD.match(head) if wire is None else None
    formula = head[:parens.start()] if parens else head
    if parens:
        names = names_in(parens["who"])
    if wire:
        dateline = re.sub(r"[\s【】\[\]]", "", formula)
        return Credit(names, _outlet(wire), dateline, int(wire["m"] or 0), int(wire["d"] or 0),
                      rest, head.strip())
    if flash:
        # (`央视网消息（新闻联播）：…`, `某某网讯，…`: the programme and the stop after the
        # formula are not the body's)
        rest = _FLASH_TAIL.sub("", rest) if not parens else rest
        return Credit(names, _outlet(flash), re.sub(r"[\s【】\[\]]", "", formula),
                      int(flash["m"] or 0), int(flash["d"] or 0), rest, head.strip())
    m = lx.BRACKET_BYLINE.match(head) or lx.REPORTS_FROM.match(head) or lx.GLUED_BYLINE.match(folded) \
        or lx.PAREN_LEAD.match(folded)
    if m:
        return Credit(names_in(m["who"]), _outlet(m), None, 0, 0, rest, head.strip())
    return None


def trailer(text: str) -> Credit:
    """What a trailer after the body says: `（本报记者A、B整理）`, `（新华社北京1月2日电 记者X）`,
    `（摘编自《天津日报》）`, `（作者：南方财经全媒体记者 X 编辑：Y）`, `红星新闻记者 X Y`,
    `（总台记者 X）`, a lone `（X）`."""
    folded = lx.fold(text.strip())
    if lx.CREDIT_ROLE.match(folded) and not folded.startswith("记者"):
        return Credit()  # 文案：X, 剪辑：Y - the makers of a video, not the story's authors
    reprint = lx.REPRINT.search(folded)
    if reprint:
        return Credit(outlet=reprint["src"])
    m = lx.TRAILER_WIRE.match(folded) or lx.TRAILER_END.search(folded)
    if m:
        dl = re.sub(r"\s+", "", m["dl"])
        md = re.search(r"(\d{1,2})月(\d{1,2})日", dl)
        src = re.match(lx.OUTLET, dl)
        return Credit(names_in(m["who"] or ""), src.group(0) if src else None, dl,
                      int(md[1]) if md else 0, int(md[2]) if md else 0)
    if re.match(rf"^{lx.LP}\s*作者", folded):
        inner = re.sub(rf"^{lx.LP}\s*作者\s*{lx.COLON}?|{lx.RP}$", "", folded)
        inner = re.split(rf"(?:编辑|责编|校对)\s*{lx.COLON}", inner)[0]
        if re.match(r"^为", inner):  # （作者为…教授，本报记者X整理）: the writer's post
            inner = inner.split("，")[-1] if "，" in inner else ""
        outlet = re.match(rf"\s*(?P<src>{lx.OUTLET})\s*{lx.REPORTER}", inner)
        return Credit(names_in(inner), _outlet(outlet))
    if re.match(rf"^{lx.LP}\s*总台", folded):
        return Credit(names_in(folded), "中央广播电视总台")
    m = lx.TRAILER_NAMES.match(folded)
    if m:
        return Credit(names_in(m["who"] or m["who2"] or ""), _outlet(m))
    if lx.PAREN_NAMES.match(folded):
        return Credit(names_in(folded))
    m = lx.TRAILER_MISC.match(folded)
    if m:
        inner = folded.strip("（）")
        if re.search(r"整理|参与采写|采写", inner):
            outlet = re.match(rf"\s*(?P<src>{lx.OUTLET})\s*{lx.REPORTER}", inner)
            return Credit(names_in(inner.split("，")[-1]), _outlet(outlet))
        # (`（据新华社）`, `（综合新华社、人民网）`: the outlet the story is from)
        return Credit(outlet=_outlet(re.match(rf"\s*(?:据|综合)\s*(?P<src>{lx.OUTLET})", inner)))
    if lx.SIGN_OFF.match(folded):
        return Credit()
    return byline(text)


def reporter_outlet(text: str) -> str | None:
    """The outlet named before 记者 in a credit (`红星新闻记者 叶燕` -> 红星新闻)."""
    m = re.match(rf"^\s*(?:文/|作者\s*{lx.COLON})?\s*(?P<src>{lx.OUTLET})\s*{lx.REPORTER}", lx.fold(text))
    return _outlet(m)
