"""Lines -> paragraphs: unwrap hard-wrapped lines, strip page furniture, collapse OCR spaces.

Pure functions of text. The rules describe newspaper layout in general: a
paragraph is a run of lines between blank lines (or indented starts); a line
cut by a column break reaches the page's line width; furniture (continuation
markers, footers, QR prompts, photo credits) has a recognisable shape.
"""
from __future__ import annotations

import re
import statistics
from dataclasses import dataclass

from ..models import Line, RawPage
from .meta import ROLE, is_byline, parse_dateline

CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_CJK_CHAR = re.compile(f"[{CJK}]")
# Full-width punctuation and CJK symbols: no space belongs next to them.
_WIDE = f"{CJK}\u3000-\u303f\uff00-\uffef\u2018-\u201f\u2026\u2014\u00b7《》"
_OCR_SPACE = re.compile(f"(?<=[{_WIDE}])[ \t\u00a0\u3000]+(?=[{_WIDE}])")
_SENTENCE_END = "。！？!?…；;"
_CLOSERS = "”’」』）)》"

_CONTINUATION = re.compile(r"^[■◆●▲]?\s*[（(]?\s*(?:上接|下转|接上|转下|紧接|转第|接第)\s*第?\s*\d+\s*版\s*[）)]?\s*")
_SEPARATOR = re.compile(r"^(?:-{3,}|_{3,}|\*(?:\s*\*){2,}|={3,})$")
_MD_HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*#*$")
_FURNITURE = [
    (re.compile(r"热线|本版编辑|责任编辑|本版责编|版式设计|美术编辑|责任校对|图片编辑|投稿邮箱"
                r"|^(?:校对|检校|责编|美编|版式|制图|排版)\s*[:：]"), "footer"),
    (re.compile(r"^【[^】]*】.{0,30}版|^第\s*\d+\s*版|^[-—]?\s*\d{1,3}\s*[-—]?$"
                r"|^\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日\s*(?:星期|周)[一二三四五六日天]"), "page header"),
    (re.compile(r"扫码|扫一扫|二维码|新媒体阅读|本页完"), "QR prompt"),
    (re.compile(r"^[（(]?\s*(?:本版)?图片.{0,40}摄\s*[）)]?$"
                r"|^[（(]?\s*(?:图片|资料图片|图)\s*(?:来源|由)?[:：]?.{0,30}(?:提供|供图|发)?\s*[）)]$"), "photo credit"),
    (re.compile(r"^[（(]?\s*(?:[\u4e00-\u9fff]{0,8}(?:记者|通讯员|摄影)\s*)?(?:[\u4e00-\u9fff·]{2,6}\s*){1,4}摄\s*[）)]?$"),
     "photo credit"),
    (re.compile(r"^\|.*\|$"), "poster table"),
]


# a poster slogan is words, not markup or code
_SLOGAN_CHARS = re.compile(f"[A-Za-z0-9\\s.,'!?&:;\\-{CJK}\uff01-\uff0c\u3001\u3002]+")


@dataclass(frozen=True)
class Para:
    """A paragraph of a page: cleaned text plus the layout facts the splitter needs."""

    text: str
    first: int
    last: int
    level: int = 0            # Markdown heading level, 0 when none
    gap: int = 0              # blank lines before it (an image leaves a hole)
    n_lines: int = 1          # source lines joined into it
    cut: bool = False         # its last line reaches the line width: a column break cut it
    quote: bool = False       # a Markdown blockquote line
    furniture: str | None = None  # why it belongs to no article
    separator: bool = False   # ---, * * *: a story boundary
    body_hint: bool = False   # certainly body text (began mid-run, or was rejoined)
    # Layout evidence only a PDF page gives (ingest/pdf.py); text dumps leave the defaults.
    size: float = 0.0         # type size in points (0: unknown)
    bold: bool = False        # set in a bold or heavy face
    column: int = -1          # index of the page column it starts in (-1: unknown)
    span: int = 1             # how many columns it spans (a headline over three columns: 3)
    box: tuple[int, float, float, float, float] | None = None  # (page, x0, y0, x1, y1) in pt
    band: str | None = None   # "header" / "footer": in the page's furniture bands
    near_image: bool = False  # printed next to an image box (a caption candidate)


def visual_width(text: str) -> float:
    """Width in CJK cells: wide characters count 1, ASCII 0.5."""
    return sum(1.0 if ord(ch) > 0x2000 else 0.5 for ch in text)


def join_lines(left: str, right: str) -> str:
    """Join a hard-wrapped line to the next: a space only between two Latin words."""
    if not left:
        return right
    if not right:
        return left
    if re.match(r"[A-Za-z]", left[-1]) and re.match(r"[A-Za-z]", right[0]):
        return f"{left} {right}"
    return left + right


def collapse_ocr_spaces(line: str) -> str:
    """Remove the spaces OCR puts between the characters of a justified line
    (`亲 历 者 ，我 们`). Only lines with runs of spaced single characters are
    touched, so the space between two names of a byline stays; spaces next to
    digits and Latin text are kept (`6000 万元` may keep its space)."""
    tokens = line.split()
    singles = sum(1 for t in tokens if len(t) == 1 and not t.isascii())
    if singles < 3:
        return line
    return _OCR_SPACE.sub("", line)


def collapse_spaced_heading(text: str) -> str:
    """`工 程 一 线 淬 初 心` -> `工程一线淬初心`; `扩大开放 彰显作为` is left alone."""
    tokens = text.split()
    singles = sum(1 for t in tokens if len(t) == 1)
    if len(tokens) >= 3 and singles >= 0.7 * len(tokens):
        return "".join(tokens)
    return re.sub(r"\s+", " ", text).strip()


def furniture_reason(text: str) -> str | None:
    """Why a whole line or paragraph is page furniture, or None."""
    stripped = text.strip()
    if not stripped:
        return None
    if len(stripped) <= 60:
        for pattern, why in _FURNITURE:
            if pattern.search(stripped):
                return why
    if _CONTINUATION.match(stripped) and not _CONTINUATION.sub("", stripped):
        return "continuation marker"
    latin = sum(1 for ch in stripped if ch.isascii() and ch.isalpha())
    cjk = len(_CJK_CHAR.findall(stripped))
    if latin >= 4 and latin > 1.5 * cjk and _SLOGAN_CHARS.fullmatch(stripped):
        return "Latin slogan"
    return None


def ends_sentence(text: str) -> bool:
    if TRAILER.search(text):
        return True
    text = text.rstrip().rstrip(_CLOSERS)
    return bool(text) and text[-1] in _SENTENCE_END


def _is_blank(line: str) -> bool:
    return not line.strip()


def _indented(line: str) -> bool:
    return line.startswith(("\u3000", "  ", "\t"))


def _line_width(lines: tuple[Line, ...]) -> float:
    """The page's column width: the usual width of lines inside multi-line paragraphs."""
    widths = []
    for i, line in enumerate(lines):
        text = line.text.strip()
        if not text:
            continue
        nxt = lines[i + 1].text if i + 1 < len(lines) else ""
        if not _is_blank(nxt) and not line.text.endswith("  "):
            widths.append(visual_width(text))
    if len(widths) < 5:
        return 0.0
    widths.sort()
    return widths[int(len(widths) * 0.75)]


def page_is_wrapped(lines: tuple[Line, ...]) -> bool:
    """Raw PDF/OCR pages have most text lines inside multi-line runs, hard-wrapped at a
    column width; Markdown-ish and plain dumps hold one paragraph per line."""
    texts = [ln.text for ln in lines]
    content = [i for i, t in enumerate(texts) if t.strip()]
    if not content:
        return False
    in_runs = sum(1 for i in content
                  if (i + 1 < len(texts) and texts[i + 1].strip() and not texts[i].endswith("  "))
                  or (i > 0 and texts[i - 1].strip() and not texts[i - 1].endswith("  ")))
    widths = [visual_width(texts[i].strip()) for i in content]
    return in_runs > 0.6 * len(content) and statistics.median(widths) < 40


def make_paragraphs(page: RawPage) -> list[Para]:
    """Group a page's lines into paragraphs, unwrapping hard-wrapped lines."""
    lines = page.lines
    wrapped = page_is_wrapped(lines)
    width = _line_width(lines) if wrapped else 0.0
    uses_indent = wrapped and sum(1 for ln in lines if ln.text.startswith("\u3000")) >= 3
    paras: list[Para] = []
    current: list[tuple[int, str]] = []
    gap = 0
    pending_gap = 0
    mid_run = False  # the next paragraph starts inside a run of lines
    # In pages whose paragraphs start with an ideographic indent, unindented lines are
    # display lines (kicker, headline, byline), each its own unit unless wrapped.
    lines_indented = [False]

    def flush(next_mid_run: bool = False) -> None:
        nonlocal current, gap, mid_run
        if current:
            paras.append(_make_para(current, gap, width, wrapped, mid_run))
            gap = 0
        current = []
        mid_run = next_mid_run

    for line in _split_after_trailers(lines):
        raw = line.text.rstrip("\n")
        if _is_blank(raw):
            flush()
            mid_run = False
            pending_gap += 1
            continue
        if pending_gap:
            gap, pending_gap = pending_gap, 0
        text = raw.strip().replace("\u3000", " ").strip()
        if wrapped:
            text = collapse_ocr_spaces(text)
        explicit_break = raw.endswith("  ") and not wrapped
        display_line = (uses_indent and not raw.startswith("\u3000") and current
                        and not lines_indented[0] and visual_width(current[-1][1]) < width - 1.5)
        starts_new = (
            (not wrapped and _one_line_unit(current, text))
            or display_line
            or _MD_HEADING.match(text) is not None
            or _SEPARATOR.match(text) is not None
            or (uses_indent and raw.startswith("\u3000"))
            or (current and (_ends_story(current[-1][1]) or furniture_reason(current[-1][1])))
            or furniture_reason(text) is not None
            or (wrapped and current and _starts_story_part(text))
            # a deputy's name line, then the line with their role: two units
            or (wrapped and len(current) == 1 and len(current[0][1]) <= 6
                and ROLE.match(text) is not None)
        )
        if starts_new:
            flush()
        if not current:
            lines_indented = [raw.startswith("\u3000")]
        marker = _CONTINUATION.match(text)
        if marker and marker.end() < len(text):
            # a continuation marker printed at the start of the first body line
            paras.append(Para(text=marker.group(0).strip(), first=line.number, last=line.number,
                              gap=gap, furniture="continuation marker"))
            gap = 0
            text = text[marker.end():].strip()
        current.append((line.number, text))
        if explicit_break or (
                ends_sentence(text) and visual_width(text) < width - 1.5):
            # a sentence end on a short line of a wrapped page ends the paragraph
            flush(next_mid_run=wrapped and not explicit_break)
    flush()
    return paras


_PARENTHESIZED = re.compile(r"^[（(].*[）)]$")
_DISPLAY_START = re.compile(r"^(?:□|■|——|[（(]|▲|▼)|^(?:本报|新华社)?记者")


def _starts_story_part(line: str) -> bool:
    """A byline or a dateline begins its own paragraph even inside a run of lines."""
    return is_byline(line) or parse_dateline(line) is not None


def _one_line_unit(current: list[tuple[int, str]], text: str) -> bool:
    """In a page of one paragraph per line, does this line start a new paragraph? Yes,
    unless the previous line stops mid-sentence and this one carries the sentence on."""
    if not current:
        return True
    prev = current[-1][1]
    return (ends_sentence(prev) or _MD_HEADING.match(prev) is not None
            or _MD_HEADING.match(text) is not None or _DISPLAY_START.match(text) is not None
            or len(prev) < 8 or not re.search(r"[，,、：:；;]", prev))


_TRAILER_INSIDE = re.compile(r"(?<=[（(])\s*(?:新华社|本报|中新社)[^（()）]{0,20}?电\s*[）)]")


def _split_after_trailers(lines: tuple[Line, ...]) -> list[Line]:
    """A wire trailer ends its story: text after it on the same line is a new paragraph."""
    out: list[Line] = []
    for line in lines:
        text = line.text
        m = _TRAILER_INSIDE.search(text)
        while m and text[m.end():].strip():
            out.append(Line(line.number, text[:m.end()]))
            text = text[m.end():]
            m = _TRAILER_INSIDE.search(text)
        out.append(Line(line.number, text))
    return out


def _ends_story(text: str) -> bool:
    """A line ending with a wire trailer such as （新华社北京4月9日电） closes its story."""
    return bool(TRAILER.search(text))


TRAILER = re.compile(r"[（(]\s*(?:新华社|本报|中新社)[^（()）]{0,20}?电\s*[）)]\s*$")


def _make_para(rows: list[tuple[int, str]], gap: int, width: float, wrapped: bool,
               mid_run: bool = False) -> Para:
    first, last = rows[0][0], rows[-1][0]
    text = rows[0][1]
    for _, nxt in rows[1:]:
        text = join_lines(text, nxt)
    level, quote = 0, False
    heading = _MD_HEADING.match(text)
    if heading:
        level, text = len(heading.group(1)), heading.group(2)
    elif text.startswith(">"):
        quote, text = True, text.lstrip(">").strip()
    text = text.replace("**", "").strip()
    last_width = visual_width(rows[-1][1])
    inner_punct = bool(re.search(r"[，,、：:；;。]", text))
    cut = bool(width) and not ends_sentence(text) and (
        (len(rows) > 1 and last_width >= width - 1.5)
        or (inner_punct and last_width >= 0.8 * width))
    if not wrapped and not ends_sentence(text) and (
            len(text) >= 40 or (len(text) >= 12 and re.search(r"[，,、；;]", text)
                                and not text.startswith("——"))):
        cut = True  # a one-line paragraph that stops mid-sentence: a column break
    if mid_run and not ends_sentence(text) and not _PARENTHESIZED.match(text):
        cut = True  # began right after a sentence inside a run of lines: body, not a headline
    return Para(text=text, first=first, last=last, level=level, gap=gap, n_lines=len(rows),
                cut=cut, quote=quote, body_hint=mid_run,
                furniture=furniture_reason(text) if not level else None,
                separator=bool(_SEPARATOR.match(text)))
