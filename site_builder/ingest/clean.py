"""Lines -> paragraphs: unwrap hard-wrapped lines, strip page furniture, collapse OCR spaces.

Pure functions of text. The rules describe newspaper layout in general: a
paragraph is a run of lines between blank lines (or indented starts); a line
cut by a column break reaches the page's line width; furniture (continuation
markers, footers, QR prompts, photo credits) has a recognisable shape.
"""
from __future__ import annotations

import dataclasses
import functools
import re
import statistics
from collections import Counter
from dataclasses import dataclass

from ..models import Line, RawPage
from ..nlp import SURNAMES
from . import lexicon
from .meta import ROLE, is_byline, parse_dateline

CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_CJK_CHAR = re.compile(f"[{CJK}]")
_LATIN_LETTER = re.compile("[A-Za-z]")  # (str.isascii() and str.isalpha())
# Full-width punctuation and CJK symbols: no space belongs next to them.
_WIDE = f"{CJK}\u3000-\u303f\uff00-\uffef\u2018-\u201f\u2026\u2014\u00b7《》"
_OCR_SPACE = re.compile(f"(?<=[{_WIDE}])[ \t\u00a0\u3000]+(?=[{_WIDE}])")
_SENTENCE_END = "。！？!?…；;"
_CLOSERS = "”’」』）)》"

_CONTINUATION = lexicon.CONTINUATION
_SEPARATOR = re.compile(r"^(?:-{3,}|_{3,}|\*(?:\s*\*){2,}|={3,})$")
_MD_HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*#*$")


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
    indent: bool = False      # its first line is indented (an ideographic or double space)
    emphasis: bool = False    # set in bold as a whole (`**…**`)
    display: bool = False     # a line of its own on a wrapped page: short of the column, or wider
    fragment: bool = False    # goes on with a paragraph cut by a column break elsewhere on the page
    tail: bool = False        # split off the end of the paragraph above it (a credit glued on)
    # Layout evidence only a PDF page gives (ingest/pdf.py); text dumps leave the defaults.
    size: float = 0.0         # type size in points (0: unknown)
    bold: bool = False        # set in a bold or heavy face
    column: int = -1          # index of the page column it starts in (-1: unknown)
    span: int = 1             # how many columns it spans (a headline over three columns: 3)
    box: tuple[int, float, float, float, float] | None = None  # (page, x0, y0, x1, y1) in pt
    band: str | None = None   # "header" / "footer": in the page's furniture bands
    near_image: bool = False  # printed next to an image box (a caption candidate)
    named_role: str | None = None  # the role a head line's printed label names (`引题：…`)


_NARROW = re.compile("[\x00-\u2000]+")


def visual_width(text: str) -> float:
    """Width in CJK cells: wide characters (above U+2000) count 1, the others 0.5."""
    narrow = sum(map(len, _NARROW.findall(text)))
    return (len(text) - narrow) + 0.5 * narrow


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
    touched, and never a byline's, so the space between two names stays; spaces next to
    digits and Latin text are kept (`6000 万元` may keep its space)."""
    tokens = line.split()
    singles = sum(1 for t in tokens if len(t) == 1 and not t.isascii())
    if singles < 3 or _spaced_byline(line) or lexicon.AUTHOR_FIELD.match(lexicon.fold(line.strip())):
        return line  # (a byline's two-character names are set apart as `康  朴  周  军`)
    return _OCR_SPACE.sub("", line)


def collapse_spaced_heading(text: str) -> str:
    """`工 程 一 线 淬 初 心` -> `工程一线淬初心`; `扩大开放 彰显作为` is left alone."""
    tokens = text.split()
    singles = sum(1 for t in tokens if len(t) == 1)
    if len(tokens) >= 3 and singles >= 0.7 * len(tokens):
        return "".join(tokens)
    return re.sub(r"\s+", " ", text).strip()


@functools.lru_cache(maxsize=1 << 12)
def furniture_reason(text: str) -> str | None:
    """Why a whole line or paragraph is page furniture, or None. (Remembered: a page's
    paragraphing asks it of most lines again, as the line above the next one.)"""
    stripped = text.strip()
    if not stripped:
        return None
    folded = lexicon.fold(stripped)
    if _CONTINUATION.match(stripped) and not _CONTINUATION.sub("", stripped):
        return "continuation marker"
    if len(stripped) <= 80:
        for pattern, why in lexicon.FURNITURE:
            if pattern.search(folded):
                return why
    if len(stripped) <= 40 and lexicon.PHOTO_CREDIT.search(folded) \
            and not lexicon.CAPTION_MARK.match(folded):
        return "photo credit"
    latin = len(_LATIN_LETTER.findall(stripped))  # (a scan in C, not a loop over characters)
    if latin >= 4 and latin > 1.5 * len(_CJK_CHAR.findall(stripped)) \
            and _SLOGAN_CHARS.fullmatch(stripped):
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


def _runs(lines: tuple[Line, ...], indent: bool) -> list[list[int]]:
    """Indices of the lines of each run: lines between blank lines, and on a page whose
    paragraphs start indented, from one indented line to the next."""
    runs: list[list[int]] = []
    current: list[int] = []
    for i, line in enumerate(lines):
        if not line.text.strip():
            if current:
                runs.append(current)
            current = []
            continue
        if indent and line.text.startswith("\u3000") and current:
            runs.append(current)
            current = []
        current.append(i)
    if current:
        runs.append(current)
    return runs


def local_widths(lines: tuple[Line, ...], width: float, indent: bool) -> dict[int, tuple[float, float]]:
    """The column width each line was wrapped at (its run's usual width: stories on one
    page are set at different widths) and how ragged the page's wrapping is: how far a
    line inside a paragraph may stop short of that width (OCR and justified text vary)."""
    local: dict[int, tuple[float, float]] = {}
    shortfalls: list[float] = []
    runs = []
    for run in _runs(lines, indent):
        widths = [visual_width(lines[i].text.rstrip()) for i in run]
        # the run's paragraph ends at its first short line that ends a sentence: lines
        # after it (display lines set wider, a headline over columns) do not widen it
        end = next((k for k in range(1, len(run)) if widths[k] < max(widths[:k]) - 1.5
                    and ends_sentence(lines[run[k]].text)), len(run) - 1)
        widths_of_paragraph = widths[:end + 1]
        inner = sorted(widths_of_paragraph[:-1])
        run_ragged = 0.0
        # (on a page of indented paragraphs, two flush lines far apart in width are
        # display lines - a headline set over the columns under a kicker - not a
        # paragraph wrapped at a width of its own)
        display_pair = (indent and len(inner) == 2 and inner[-1] - inner[-2] > 3.0
                        and not lines[run[0]].text.startswith("\u3000"))
        # (a column much narrower than the page's usual one shows itself by lines all
        # of one width: a sidebar or a story set in a narrow column)
        narrow_column = len(inner) >= 3 and inner[-1] - inner[0] <= 1.0 and inner[0] >= 6
        if len(inner) >= 2 and (inner[-2] >= 0.5 * width or narrow_column) and not display_pair:
            run_width = inner[-2] if len(inner) >= 3 else inner[-1]
            usual, count = Counter(inner).most_common(1)[0]
            if count >= 0.5 * len(inner) and count >= 3:
                # (most lines of a wrapped paragraph fill the column: a head set wider
                # at the top of the run does not widen it)
                run_width = max(w for w in inner if w <= usual + 1.0)
            shortfalls += [run_width - w for w in widths[:-1] if w <= run_width]
            # (how much the run's body lines fall short; display lines inside it aside)
            middle = sorted(w for w in widths[1:-1] if 0.6 * run_width <= w <= run_width)
            if len(middle) >= 2:
                run_ragged = max(0.0, run_width - middle[len(middle) // 2]) + 1.0
        else:
            run_width = 0.0  # (not its own: see below)
        runs.append((run, run_width, run_ragged))
    shortfalls.sort()
    ragged = shortfalls[int(len(shortfalls) * 0.9)] if len(shortfalls) >= 10 else 0.0
    page_ragged = max(1.5, min(ragged + 1.5, 4.0))
    for k, (run, run_width, run_ragged) in enumerate(runs):
        # a run too short to show a width of its own (a story's header lines and its
        # first paragraph) above a story set clearly wider or narrower than the page's
        # usual column is at that story's width
        following = runs[k + 1][1] if k + 1 < len(runs) else 0.0
        its_story = following if following and abs(following - width) >= 3 else width
        for i in run:
            local[i] = (run_width or its_story, max(page_ragged, run_ragged))
    return local


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


def cuts_paragraphs(lines: tuple[Line, ...]) -> bool:
    """A dump of one paragraph a line that is seen to cut paragraphs at column breaks: a
    long line (longer than any headline) stops mid-sentence. (A photo caption ends in its
    credit, `……会议。　　本报记者 X摄`, and stops at no sentence end: no cut.)"""
    return any(len(t) >= 40 and not ends_sentence(t) and furniture_reason(t) is None
               and not lexicon.PHOTO_CREDIT.search(lexicon.fold(t[-30:]))
               for t in (ln.text.strip() for ln in lines))


def make_paragraphs(page: RawPage) -> list[Para]:
    """Group a page's lines into paragraphs, unwrapping hard-wrapped lines."""
    lines = page.lines
    wrapped = page_is_wrapped(lines)
    width = _line_width(lines) if wrapped else 0.0
    uses_indent = wrapped and sum(1 for ln in lines if ln.text.startswith("\u3000")) >= 3
    local = local_widths(lines, width, uses_indent) if wrapped else {}
    cut_prone = not wrapped and cuts_paragraphs(lines)
    paras: list[Para] = []
    current: list[tuple[int, str]] = []
    gap = 0
    pending_gap = 0
    mid_run = False  # the next paragraph starts inside a run of lines
    # In pages whose paragraphs start with an ideographic indent, unindented lines are
    # display lines (kicker, headline, byline), each its own unit unless wrapped.
    lines_indented = [False]
    first_indented = False
    pair_open = False  # the line read was the first of a display line broken in its quotes
    related_list = False  # the lines read since a `相关阅读` heading, with no blank line

    def flush(next_mid_run: bool = False) -> None:
        nonlocal current, gap, mid_run, first_indented
        if current:
            # (a paragraph is cut at the width of its own column)
            set_at = _set_width(width, local.get(current[-1][0] - 1, (width, 0.0))[0])
            paras.append(_make_para(current, gap, set_at, wrapped, mid_run, first_indented,
                                    cut_prone))
            gap = 0
        current = []
        mid_run = next_mid_run

    for line in _split_after_trailers(lines):
        raw = line.text.rstrip("\n")
        if _is_blank(raw):
            flush()
            mid_run = False
            pending_gap += 1
            related_list = False
            continue
        if pending_gap:
            gap, pending_gap = pending_gap, 0
        text = raw.strip().replace("\u3000", " ").strip()
        if related_list and len(text) <= 80:
            # the lines under a web page's `相关阅读` heading: other stories' headlines, ads
            flush()
            paras.append(Para(text=text, first=line.number, last=line.number, gap=gap,
                              furniture="related list"))
            gap = 0
            continue
        if wrapped:
            text = collapse_ocr_spaces(text)
        reason = furniture_reason(text)
        related_list = reason == "related list head"
        explicit_break = raw.endswith("  ") and not wrapped
        # On a wrapped page a line that stops short of the column width without ending a
        # sentence is a display line (kicker, headline, byline, section head): its own unit.
        # the width as printed, but with an OCR'd justified line's letter spacing removed
        line_width = visual_width(raw.rstrip()) - (visual_width(raw.strip().replace("\u3000", " "))
                                                   - visual_width(text) if wrapped else 0)
        column, ragged = local.get(line.number - 1, (width, 1.5))
        # (only where a unit may start: a run's first line, or after a unit ended; a
        # display line holds no full stop)
        short_open = (wrapped and width > 0 and not ends_sentence(text)
                      and line_width < column - ragged and _CONTINUATION.match(text) is None
                      and not _before_marker(lines, line.number)
                      and (not re.search("[。！？；，,]", text[:-1]) or _labelled_headline(text))
                      and (not text.endswith(("，", "、", ",")) or line_width < 0.5 * column)
                      and not (uses_indent and raw.startswith("\u3000"))
                      and (not current or ends_sentence(current[-1][1]) or _display_pattern(text)))
        # a run that opens with a headline ending in its column label (`…（两会快评）`), or
        # with a kicker line ending in a dash (`某某代表谈…——`), right under the page's
        # header too (furniture, which such a line ends; a short line under the header
        # may be more of it: its section, `两会特刊`)
        short_open = short_open or (wrapped and not _before_marker(lines, line.number)
                                    and (not current or furniture_reason(current[-1][1]) is not None)
                                    and (_labelled_headline(text) or _dash_kicker(text)))
        # a line wider than the column is a headline spanning columns
        over_wide = wrapped and width > 0 and len(text) <= 60 and (
            visual_width(text) > max(column, width) + 2.5
            or (not current and _wider_than_its_paragraph(lines, line.number, text, width)))
        # a byline (`本报记者  向子丰  杨  迅`) is its own unit even when it fills the column
        byline_line = wrapped and _spaced_byline(text) and not (current and ends_sentence(current[-1][1])) \
            and not (line_width >= column - ragged
                     and _glued_at_edge(text, _following_text(lines, line.number)))
        # a headline ending in its column label (`…导向（权威发布）`) under a short line with
        # no stop in it, set apart above: the head's lines (kicker, headline), not the first
        # lines of a paragraph (indented, or opening right where the last one ended)
        labelled_head = wrapped and bool(current) and not (first_indented or mid_run) \
            and _labelled_headline(text) and not re.search(r"[、，,：:][^（(]*[）)]$", text) \
            and _head_lines([*current, (line.number, text)], column)
        # two phrases set apart by a wide space (`加快动能转换  聚力转型升级`): a headline
        # printed whole on its line, never a wrapped line of a paragraph (nor a byline
        # or a photo credit, set so too)
        phrases = wrapped and _TWO_PHRASES.fullmatch(text) is not None \
            and not re.search(r"记者|摄$", text)
        # a Markdown image, or a head line that prints its part's name (`引题：…`): a line of
        # its own
        own_line = _MD_IMAGE.match(text) is not None or lexicon.head_field(lexicon.fold(text)) is not None
        display_line = (uses_indent and not raw.startswith("\u3000") and current
                        and not lines_indented[0]
                        and visual_width(current[-1][1]) < _set_width(width, column) - 1.5)
        starts_new = (
            (not wrapped and _one_line_unit(current, text))
            or ((short_open or over_wide or byline_line) and not _continues_name(current, text))
            or labelled_head or (phrases and bool(current))
            or display_line
            or _MD_HEADING.match(text) is not None or own_line
            or _SEPARATOR.match(text) is not None
            or (uses_indent and raw.startswith("\u3000"))
            or (current and (_ends_story(current[-1][1]) or furniture_reason(current[-1][1])))
            or (wrapped and current and _whole_trailer(current))
            or (reason is not None and not (wrapped and reason == "photo credit"
                                            and _ends_caption(current, text)))
            or (wrapped and current and _starts_story_part(text))
            # a standfirst box's mark (`■ 完成…`) opens a unit of its own
            or (wrapped and current and lexicon.STANDFIRST.match(text) is not None)
            or (current and _opens_credit(text) and ends_sentence(current[-1][1]))
            or (current and lexicon.EPAPER_META.search(lexicon.fold(current[-1][1])) is not None
                and len(current[-1][1]) <= 60)
            # a deputy's name line, then the line with their role: two units
            or (wrapped and len(current) == 1 and len(current[0][1]) <= 6
                and ROLE.match(text) is not None)
        )
        if pair_open:
            # the second line of a display line broken inside its quotation marks
            current.append((line.number, text))
            flush()
            paras[-1] = dataclasses.replace(paras[-1], display=True, cut=False)
            pair_open = False
            continue
        if wrapped and (not current or ends_sentence(current[-1][1])) and _display_pair(
                text, _following_text(lines, line.number).strip().replace("\u3000", " "),
                line_width, local.get(line.number, (width, 1.5)), column - ragged):
            flush()
            current.append((line.number, text))
            pair_open = True
            continue
        if starts_new and not (wrapped and current and _open_parenthesis(current[-1][1])):
            # a single full-width line right above a byline or dateline is a headline that
            # fills the column, not a paragraph cut by a column break
            above_story_part = (wrapped and len(current) == 1 and not ends_sentence(current[0][1])
                                and _starts_story_part(text))
            # two or three lines with no stop in them right above a byline or dateline:
            # the head's lines (kicker, headline), each its own unit, not one paragraph
            head_lines = labelled_head or (
                wrapped and _head_lines(current, column) and _starts_story_part(text))
            for row in ([[r] for r in current] if head_lines else [current]):
                current = row
                flush()
                if above_story_part or head_lines:
                    paras[-1] = dataclasses.replace(paras[-1], display=True, cut=False)
        if not current:
            lines_indented = [raw.startswith("\u3000")]
            first_indented = raw.startswith(("\u3000", "  ", "\t"))
        marker = _CONTINUATION.match(text)
        if marker and marker.end() < len(text):
            # a continuation marker printed at the start of the first body line
            paras.append(Para(text=marker.group(0).strip(), first=line.number, last=line.number,
                              gap=gap, furniture="continuation marker"))
            gap = 0
            text = text[marker.end():].strip()
        current.append((line.number, text))
        # (an indented byline filling the column opens its paragraph: the body runs on)
        ends_byline = byline_line and not (uses_indent and raw.startswith("\u3000"))
        under_kicker = wrapped and current == [(line.number, text)] and _under_dash_kicker(
            paras, lines, line.number, text)
        if (short_open or over_wide or ends_byline or under_kicker or labelled_head or phrases or own_line) \
                and not _byline_goes_on(text, _following_text(lines, line.number) if wrapped else ""):
            if len(paras) >= 1 and current == [(line.number, text)] and paras[-1].cut \
                    and paras[-1].n_lines == 1 and paras[-1].last == _previous_text_line(lines, line.number):
                # the full-width line before a display line was not cut by a column break:
                # it is a display line that fills the column (a kicker, a long headline)
                paras[-1] = dataclasses.replace(paras[-1], cut=False, display=True)
            flush()
            paras[-1] = dataclasses.replace(paras[-1], display=True, cut=False)
            continue
        if explicit_break or (
                ends_sentence(text) and visual_width(text) < _set_width(width, column) - 1.5):
            # a sentence end on a short line of a wrapped page ends the paragraph
            flush(next_mid_run=wrapped and not explicit_break)
        elif wrapped and _ends_in_photo_credit(
                text, join_lines("".join(t for _, t in current[-2:-1]), text)):
            flush()  # a caption ends with its photo credit (`……展情况。　　陈  飞摄`)
    flush()
    if uses_indent:
        paras = [_mark_fragment(p) for p in paras]
    return merge_column_breaks(paras, indented_page=uses_indent)


def _set_width(page_width: float, column: float) -> float:
    """The width a line's paragraph is set at: its run's own, where that is clearly
    narrower than the page's (stories of one page may be set at different widths), else
    the page's (a ragged run's lines fall short of it by a character or two)."""
    return column if column < page_width - 3 else page_width


def _mark_fragment(para: Para) -> Para:
    """On a page whose paragraphs start indented, a body paragraph that opens after a
    blank line without an indent carries on a paragraph a column break cut (two stories'
    columns interleaved: it belongs to the story whose last paragraph stops mid-sentence)."""
    if para.gap >= 1 and not para.indent and not para.display and not para.level \
            and not para.furniture and (para.n_lines >= 2 and len(para.text) >= 24):
        return dataclasses.replace(para, fragment=True)
    return para


_INLINE_CREDIT = re.compile(r"[（(][^（()）]{0,30}摄\s*[）)]\s*$"
                            r"|[。！]\s*(?:本报|新华社)?(?:记者|通讯员)\s*[\u4e00-\u9fff·\s]{2,20}摄$")


def merge_column_breaks(paras: list[Para], indented_page: bool = False) -> list[Para]:
    """Join a paragraph cut by a column break (it stops mid-sentence at the column's
    width) to the paragraph that continues it after the break. On a page whose
    paragraphs start indented, an indented one starts a paragraph: it continues none
    (the line before it that filled the column is a display line: a headline, a byline)."""
    out: list[Para] = []
    for i, para in enumerate(paras):
        prev = out[-1] if out else None
        folded = lexicon.fold(para.text)
        # a line with no stop in it right above a lead or byline is that story's headline,
        # wherever the story above broke off
        heads_story = para.display and not re.search("[。！？；]", para.text) \
            and i + 1 < len(paras) and _starts_story_part(paras[i + 1].text)
        # the line right under a deputy's or a delegation's kicker (`某某代表团——`) is the
        # headline it introduces, however it stops: no column break cut it
        under_kicker = prev is not None and len(out) >= 2 and prev.n_lines <= 2 \
            and _is_person_kicker(out[-2].text) and not re.search("[。！？；]", prev.text)
        if prev is not None and prev.cut and not prev.level and len(prev.text) <= 40 \
                and lexicon.SPEAKER_LINE.search(folded) and not re.search("[。！？；]", prev.text):
            # a full line right above a speaker line (`某某大学校长  王一`; a name set apart
            # by spaces, as no sentence sets one) is the headline of what the speaker says
            out[-1] = dataclasses.replace(prev, cut=False, display=True)
            out.append(para)
            continue
        if (prev is not None and prev.cut and not prev.furniture and not prev.level
                and not prev.display and not _INLINE_CREDIT.search(prev.text)
                # (a summary box's point ends where it ends, stop or none; a photo's caption
                # ending in its credit goes on from no paragraph)
                and not lexicon.STANDFIRST.match(prev.text) and not _INLINE_CREDIT.search(para.text)
                and not lexicon.GLUED_CREDIT.search(prev_folded := lexicon.fold(prev.text))
                and lexicon.TRAILER_NAMES.match(prev_folded) is None
                and not lexicon.LABEL.match(folded)
                and not lexicon.CLAUSE_FREE_DASH_END.match(folded)
                and not para.furniture and not para.level and not para.emphasis
                and para.quote == prev.quote  # (a Markdown quotation goes on in quotation)
                and not para.separator and para.gap <= 1 and not (indented_page and para.indent)
                # (a display line set right under a cut line starts another story's head)
                and not (para.display and para.gap == 0 and "。" not in para.text)
                and not heads_story and not under_kicker
                and ROLE.match(prev.text) is None and not para.text.startswith(("【", "!["))
                and not _starts_story_part(para.text)
                # (a column's label set apart in parentheses, `（某某）`, heads what follows)
                and not (_PARENTHESIZED.match(para.text) and len(para.text) <= 12)
                and not _credit_line(para.text) and not _labelled_headline(prev.text)
                and not lexicon.DATA_CREDIT.match(prev_folded)):
            out[-1] = dataclasses.replace(
                prev, text=prev.text + para.text, last=para.last, n_lines=prev.n_lines + para.n_lines,
                cut=para.cut, body_hint=True, display=False)
            continue
        out.append(para)
    return out


def _display_pattern(text: str) -> bool:
    """A line that is display text whatever precedes it: a kicker ending in a dash, a
    byline, a column label."""
    folded = lexicon.fold(text)
    return bool(lexicon.PERSON_KICKER.match(folded) or lexicon.GROUP_KICKER.match(folded)
                or lexicon.BYLINE.match(folded) or lexicon.LABEL.match(folded)
                or _boxed_names(folded))


_QUOTE_PAIRS = ("“”", "《》", "‘’")  # (a parenthesis broken at the column edge: _open_parenthesis)


def _unclosed(text: str) -> bool:
    return any(text.count(a) > text.count(b) for a, b in _QUOTE_PAIRS)


def _display_pair(text: str, following: str, text_width: float,
                  next_column: tuple[float, float], short_of: float) -> bool:
    """A short line (narrower than `short_of`) that stops inside its quotation marks and
    the short line that closes them make one display line (`持续叫响“这么近，` /
    `那么美，周末到河北”`): a headline broken over two lines. A body paragraph's first
    line fills its column."""
    if not following or text_width >= short_of or len(text) > 24 or not _unclosed(text):
        return False
    joined = text + following
    column, ragged = next_column
    return (visual_width(following) < column - ragged and len(joined) <= 40
            and not _unclosed(joined) and not re.search("[。；;]", joined)
            and not re.search("[！？!?]", joined[:-2]))


def _before_marker(lines: tuple[Line, ...], number: int) -> bool:
    """Is the next non-blank line after line `number` a continuation marker (下转第N版)?
    The last line of a story's part on this page stops wherever the text stops."""
    for line in lines[number:number + 3]:
        if line.text.strip():
            return _CONTINUATION.match(line.text.strip()) is not None
    return False


def _wider_than_its_paragraph(lines: tuple[Line, ...], number: int, text: str,
                              width: float) -> bool:
    """A run's first line set wider than the page's column, above a paragraph wrapped
    within it (its next line, not its last, as wide as the column): a headline over
    the story's columns, not the paragraph's first line. (A caption set wider than the
    column goes on at its own width, or stops short on its second line.)"""
    # (a headline may ask or exclaim; it does not stop on a full stop or a comma)
    if number < 2 or lines[number - 2].text.strip() or text.endswith(
            ("，", "、", ",", "：", ":", "；")) or (
            ends_sentence(text) and not text.endswith(("？", "！", "?", "!"))):
        return False
    rest = lines[number:number + 2]
    if len(rest) < 2 or not all(ln.text.strip() for ln in rest):
        return False
    below, next_below = (visual_width(ln.text.strip()) for ln in rest)
    # (the paragraph below set at the page's column, or at a narrower one of its own:
    # its first two lines as wide as each other, the line above far wider)
    return ((visual_width(text) >= width + 1.5 and width - 2 <= below <= width + 0.5)
            or (below >= 8 and abs(below - next_below) <= 1.5
                and visual_width(text) >= max(below, next_below) + 6
                # (a caption set wide opens as a sentence does: `3月9日，` `近日，`)
                and not _DATED_OPENING.match(text)
                and not lexicon.SENTENCE_OPENING.match(lexicon.fold(text))))


def _previous_text_line(lines: tuple[Line, ...], number: int) -> int:
    for line in reversed(lines[:number - 1]):
        if line.text.strip():
            return line.number
    return 0


def _opens_credit(text: str) -> bool:
    """A credit printed after the body, from the start of its line: `（本报记者X、Y…`,
    `作者：X`, `文/X`."""
    folded = lexicon.fold(text)
    return bool(re.match(rf"^（\s*(?:{lexicon.OUTLET})?\s*{lexicon.REPORTER}", folded)
                or re.match(r"^(?:作者|文|撰文)\s*[/：]", folded)
                or lexicon.TRAILER_OPEN.match(folded))


def _whole_trailer(rows: list[tuple[int, str]]) -> bool:
    """The lines so far make one complete trailer (`（摘编自《X》…）`, `（本报记者X整理）`):
    what follows is not part of it, however short its last line."""
    if not rows[0][1].startswith(("（", "(")):  # (both open with one: no join on every line)
        return False
    text = lexicon.fold("".join(t for _, t in rows))
    return bool(lexicon.TRAILER_MISC.match(text) or lexicon.TRAILER_NAMES.match(text))


_NAME_TAIL = re.compile(r"^[\u4e00-\u9fff·]{1,4}(?:\s+[\u4e00-\u9fff·]{1,4}){0,5}$")


def _open_parenthesis(text: str) -> bool:
    """The line stops inside a parenthesis (`…入境。（新华` / `社记者 X 摄）`): it goes on."""
    return bool(re.search(r"[（(][^）)]*$", text))


def _byline_goes_on(text: str, following: str = "") -> bool:
    """A byline or reporter parenthesis broken at the column edge goes on on the next line
    (`本报记者 刘成友 郝迎` / `灿 胡婧怡`, `新华社拉萨5月2日电 （记者王` / `一 李二）…`)."""
    if _open_parenthesis(text):
        return True
    folded = lexicon.fold(text)
    return bool(lexicon.BYLINE.match(folded) and not lexicon.COMMENTATOR.match(folded)
                and _NAME_TAIL.match(following.strip().replace("\u3000", " ")))


def _spaced_byline(text: str) -> bool:
    """A reporter formula and names set apart by spaces, and nothing else on the line:
    only a byline is printed so (a sentence of the body names a reporter without gaps)."""
    folded = lexicon.fold(text.strip())
    m = lexicon.BYLINE.match(folded)
    return bool(m and m["who"] and re.search(r"\s", folded[m.start("who") - 1:])
                and _names_as_spaced(re.split(r"[\s、，,]+", m["who"].strip()))
                and not lexicon.PHOTO_CREDIT.search(folded))


def _glued_at_edge(text: str, following: str) -> bool:
    """A byline glued to the body and wrapped at the column's edge (`本报记者 某 某 冬天` /
    `的…`): the names end inside the line and the body runs on to the next, unindented."""
    if not following or following.startswith(("\u3000", " ", "\t")):
        return False
    folded = lexicon.fold(text.strip())
    m = lexicon.GLUED_BYLINE.match(folded + lexicon.fold(following.strip()))
    if not m or m.end("who") >= len(folded.rstrip()):
        return False
    # (what follows the names on the line is a word, not one more surnamed name that a
    # narrow column's next line happens to start right after)
    rest = folded[m.end("who"):].strip()
    return not (re.fullmatch(rf"[{lexicon.CJK}]{{2,3}}", rest) and rest[0] in SURNAMES)


def _names_as_spaced(parts: list[str]) -> bool:
    """Do these space-separated parts read as names? Each at most four characters, and
    single characters only as letter-spaced names (`杨  迅`), never one alone: a longer part
    or a lone character is the body's first words run on after the names."""
    singles = 0
    for part in parts + [""]:
        if len(part) == 1:
            singles += 1
            continue
        if singles == 1 or (len(part) > 4 and "·" not in part):
            return False
        singles = 0
    return True


def _continues_name(current: list[tuple[int, str]], text: str) -> bool:
    return bool(current) and _byline_goes_on(current[-1][1], text)


def _following_text(lines: tuple[Line, ...], number: int) -> str:
    """The next line after line `number`, if it follows without a blank line."""
    if number < len(lines) and lines[number].text.strip():
        return lines[number].text
    return ""


_PARENTHESIZED = re.compile(r"^[（(].*[）)]$")
_DATED_OPENING = re.compile(r"^\d{1,2}月\d{1,2}日")
_DISPLAY_START = re.compile(r"^(?:□|■|——|[（(]|▲|▼)|^(?:本报|新华社)?记者")


def _starts_story_part(line: str) -> bool:
    """A byline or a dateline begins its own paragraph even inside a run of lines."""
    folded = lexicon.fold(line.strip())
    return (is_byline(line) or parse_dateline(line) is not None or _boxed_names(folded)
            # a lead formula in either width (`【某某报讯】`, `中新网某地8月26日电(记者`)
            # or a byline glued to the body
            or any(p.match(folded) is not None for p in (
                lexicon.WIRE_LEAD, lexicon.FLASH_LEAD, lexicon.BRACKET_BYLINE,
                lexicon.GLUED_BYLINE)))


def _boxed_names(folded: str) -> bool:
    """`□某 某`: a boxed writer's name alone on its line."""
    return lexicon.BOXED_NAMES.match(collapse_ocr_spaces(folded)) is not None


def _head_lines(rows: list[tuple[int, str]], column: float) -> bool:
    """Short lines with no stop in them, each but the last stopping short of the column:
    lines of their own (a paragraph wraps at the column's width), not one paragraph."""
    return 2 <= len(rows) <= 3 and all(len(t) <= 30 and not re.search("[。！？；]", t)
                                       for _, t in rows) \
        and all(visual_width(t) <= column - 1.5 for _, t in rows[:-1])


def _one_line_unit(current: list[tuple[int, str]], text: str) -> bool:
    """In a page of one paragraph per line, does this line start a new paragraph? Yes,
    unless the previous line stops mid-sentence and this one carries the sentence on."""
    if not current:
        return True
    prev = current[-1][1]
    folded = lexicon.fold(text)
    return (ends_sentence(prev) or _MD_HEADING.match(prev) is not None
            or _MD_HEADING.match(text) is not None or _DISPLAY_START.match(text) is not None
            or len(prev) < 8 or not re.search(r"[，,、：:；;]", prev)
            # a headline with a comma in it, then its byline or meta line, or the writer's
            # name alone (a sentence carried over ends with its stop, not with a name)
            or _credit_line(text) or _labelled_headline(prev) or _labelled_headline(text)
            or (len(text) <= 6 and lexicon.NAMES_ONLY.match(folded) is not None)
            # a speaker's post and name set apart by spaces (`某某大学校长  王一委员`): the
            # line under a headline, never the rest of a sentence
            or (len(text) <= 50 and lexicon.SPEAKER_LINE.search(folded) is not None)
            or _dash_kicker(prev) or lexicon.DATA_CREDIT.match(lexicon.fold(prev)) is not None
            # a line set in bold from end to end is a display line (a headline, a section head)
            or _WHOLE_BOLD.match(prev) is not None)


_WHOLE_BOLD = re.compile(r"^\*\*[^*]+\*\*$")
_MD_IMAGE = re.compile(r"^!\[[^\]]*\]\([^()\s]*\)$")
_TWO_PHRASES = re.compile(rf"[{CJK}“”‘’]{{2,12}} {{2,}}[{CJK}“”‘’]{{2,14}}")


def _ends_caption(current: list[tuple[int, str]], text: str) -> bool:
    """A photo credit line that ends the caption above it, wrapped with it: the caption's
    last words, then the credit (`展情况。　　王  一摄`), or the credit whose name began at
    the end of the line above (`…实践。　　万` / `一鸣摄`)."""
    if not current or ends_sentence(current[-1][1]):
        return False
    folded = lexicon.fold(text.strip())
    credit = lexicon.PHOTO_CREDIT.search(folded)
    # (the credit's match may open with the stop before it)
    before = folded[:credit.start() + (credit.group(0)[:1] in "。）)")].strip() if credit else ""
    return (ends_sentence(before) if before
            else re.search(r"[。！？][”’]?\s+\S{1,2}$", current[-1][1]) is not None)


def _credit_line(text: str) -> bool:
    """A byline, an e-paper meta line or a bracketed byline: a unit of its own."""
    folded = lexicon.fold(text)
    return bool(lexicon.BYLINE.match(folded) or lexicon.AUTHOR_FIELD.match(folded)
                or lexicon.EPAPER_META.match(folded) or lexicon.BRACKET_BYLINE.match(folded))


_CREDIT_END = re.compile(r"(?:摄|供图|制图)\s*[）)]?$|[（(][^（()）]{2,8}[）)]$")


def _ends_in_photo_credit(line: str, text: str) -> bool:
    """`line` ends as a credit does and `text`, the text it ends, in a photo credit."""
    return _CREDIT_END.search(line) is not None \
        and lexicon.PHOTO_CREDIT.search(lexicon.fold(text)) is not None


def _dash_kicker(text: str) -> bool:
    return len(text) <= 30 and text.endswith("——") and not re.search("[。！？；]", text)


def _is_person_kicker(text: str) -> bool:
    folded = lexicon.fold(text)
    return bool(lexicon.PERSON_KICKER.match(folded) or lexicon.GROUP_KICKER.match(folded))


def _under_dash_kicker(paras: list[Para], lines: tuple[Line, ...], number: int,
                       text: str) -> bool:
    """The line right under a deputy's or a delegation's kicker (`某某代表——`,
    `某某代表团——`) is the headline it introduces, a line of its own even when it fills
    the column. (Another line ending in a dash may be a section head leading into a list.)"""
    if not paras or not paras[-1].display or ends_sentence(text) \
            or text.endswith(("，", ",", "、")):
        return False
    return _is_person_kicker(paras[-1].text) and paras[-1].last == _previous_text_line(lines, number)


def _labelled_headline(text: str) -> bool:
    """`她们的样子，最美的样子（人民论坛）`: a headline ending in its column label is complete."""
    return len(text) <= 40 and lexicon.HEAD_LABEL.search(lexicon.fold(text)) is not None


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
               mid_run: bool = False, indent: bool = False, cut_prone: bool = False) -> Para:
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
    emphasis = _WHOLE_BOLD.match(text.strip()) is not None
    text = text.replace("**", "").strip()
    last_width = visual_width(rows[-1][1])
    inner_punct = bool(re.search(r"[，,、：:；;。]", text))
    # (a caption ending in its photo credit ends there, whatever its last line's width)
    cut = bool(width) and not ends_sentence(text) and not _PARENTHESIZED.match(text) \
        and not _ends_in_photo_credit(text, text[-30:]) \
        and ((len(rows) > 1 and last_width >= width - 1.5)
                              or (inner_punct and last_width >= 0.8 * width))
    if not wrapped and not ends_sentence(text) and not lexicon.SPEAKER_LINE.search(text) \
            and not text.startswith("![") and not quote and (
            len(text) >= 40 or ((cut_prone or lexicon.SENTENCE_OPENING.match(text))
                                and len(text) >= 12 and re.search(r"[，,、；;]", text)
                                and not text.startswith("——") and not _dash_kicker(text))):
        # a one-line paragraph that stops mid-sentence: a column break. A short one with a
        # comma is a headline (`一体发展，努力…`) unless the dump is seen to cut paragraphs
        # or it opens as a sentence does (`目前，…`), which no headline does
        cut = True
    if mid_run and not ends_sentence(text) and not _PARENTHESIZED.match(text):
        cut = True  # began right after a sentence inside a run of lines: body, not a headline
    # (a point of a summary box, `■ …`, or a marked section head ends where it ends)
    cut = cut and lexicon.STANDFIRST.match(text) is None
    return Para(text=text, first=first, last=last, level=level, gap=gap, n_lines=len(rows),
                cut=cut, quote=quote, body_hint=mid_run, indent=indent, emphasis=emphasis,
                furniture=furniture_reason(text) if not level else None,
                separator=bool(_SEPARATOR.match(text)))
