"""Newspaper PDF pages -> paragraphs in reading order, with their layout.

One PDF page is one newspaper page (a PDF of several pages gives several pages, see
`page_seed`). The page is read through pypdfium2 (PDFium): every character with its box,
type size and font (name and weight), the image boxes and the rules. From the geometry
alone, whatever order the PDF draws its text in:

- lines: characters on one baseline, cut where a gap is wider than a column gutter could
  be inside a line (letter-spaced display lines stay whole);
- blocks: lines of one type size and face stacked at one pitch in one column (left
  edges aligned, or centred on each other);
- bands: what lies above the header rule (or in the top strip of the page) and below the
  footer rule is page furniture;
- columns: the left edges of the body-type blocks give the page's column grid; each block
  gets the column it starts in and the number it spans (a headline over three columns);
- reading order: a recursive cut of the page at the whitespace that no block bridges,
  cutting between columns first and then between rows, so a story's headline spanning its
  columns keeps its columns under it, stories side by side stay apart, and within a
  column blocks go top to bottom;
- paragraphs: inside body blocks a new paragraph starts at an indented line or after a
  short one; a paragraph that runs on from one column into the next (the next body block
  of the same face whose first line is not indented) is joined, past any caption in
  between;
- captions: small type next to an image box, or ending in a photo credit.

The result is a list of `clean.Para` for the page model (`page.articles_from_paragraphs`), the same
model as for text dumps, with the layout fields filled in (size, bold, column, span, box,
band, near_image) and `first`/`last` the 1-based ordinals, in reading order, of the blocks
the paragraph was read from, so an article's blocks (`Article.boxes`) say where on the
page it was printed.

A page without a text layer (a scan), an encrypted or unreadable PDF: a SiteError naming
the file (and page) with a hint; the other pages still build.
"""
from __future__ import annotations

import dataclasses

import ctypes
import re
import statistics
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import SiteError
from ..models import Article, Discard, PageResult
from .clean import Para, collapse_spaced_heading, ends_sentence, furniture_reason, join_lines

MAX_PDF_BYTES = 200 * 1024 * 1024
MIN_TEXT_CHARS = 20          # fewer characters on a page than this: no text layer
SPACED_GAP = 1.6             # display lines: characters letter-spaced up to this many ems
LINE_GAP = 0.8               # body lines: a wider gap (in ems) is a gutter, not a space
DISPLAY = 1.15               # a type size this many times the body's is display type
HEADLINE = 1.5               # ... and this many times it, a headline

_LATIN = re.compile(r"[A-Za-z0-9]")
_CREDIT_END = re.compile(r"摄\s*[）)]?\s*$|供图\s*[）)]?\s*$|图片来源[:：]")
_BOLD_NAME = re.compile(r"bold|heavy|black|semibold|demi|w[6-9]\b|粗", re.I)


# ---------------------------------------------------------------------------- seeds

def page_seed(name: str, number: int, count: int) -> str:
    """The seed of page `number` (1-based) of a PDF of `count` pages: the file name for a
    one-page PDF, else `name~p2` (zero-padded to the page count's width: `~p02` of 12).
    `~` is unreserved in URLs, legal in file names on every system and no YAML
    indicator, so the seed is safe as a value, in a path and in a link."""
    if count <= 1:
        return name
    return f"{name}~p{number:0{len(str(count))}d}"


# ---------------------------------------------------------------------------- PDFium

def _pdfium():
    """pypdfium2's raw bindings, imported on first use."""
    import pypdfium2.raw as raw
    return raw


@dataclass(slots=True)
class Char:
    ch: str
    x0: float
    x1: float
    top: float
    base: float       # the bottom of its em box (baseline + descent), y down
    size: float
    font: str
    bold: bool
    space: bool = False   # a space follows it in the PDF


@dataclass
class RawPdfPage:
    number: int           # 1-based
    width: float
    height: float
    chars: list[Char]
    images: list[tuple[float, float, float, float]]   # x0, top, x1, bottom
    rules: list[tuple[float, float, float, float]]


def _objects(raw, page, depth: int = 0):
    """The page objects, the contents of form XObjects included."""
    count = raw.FPDFPage_CountObjects(page) if depth == 0 else raw.FPDFFormObj_CountObjects(page)
    for i in range(count):
        obj = raw.FPDFPage_GetObject(page, i) if depth == 0 else raw.FPDFFormObj_GetObject(page, i)
        kind = raw.FPDFPageObj_GetType(obj)
        if kind == raw.FPDF_PAGEOBJ_FORM and depth < 8:
            yield from _objects(raw, obj, depth + 1)
        else:
            yield kind, obj


def read_pages(data: bytes, name: str) -> tuple[list[RawPdfPage], list[SiteError], int]:
    """Every page of a PDF with its characters, image boxes and rules, the errors (naming
    the file and page) of the pages that could not be read, and the page count."""
    if len(data) > MAX_PDF_BYTES:
        raise SiteError(name, f"the file is {len(data) // (1024 * 1024)} MiB, larger than the "
                              f"{MAX_PDF_BYTES // (1024 * 1024)} MiB a PDF may be")
    if not data.lstrip()[:5].startswith(b"%PDF-"):
        raise SiteError(name, "not a PDF (no %PDF- header)",
                        hint="a .pdf seed must be a PDF file; page text goes in a .txt file")
    raw = _pdfium()
    import pypdfium2 as pdfium

    try:
        document = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        code = raw.FPDF_GetLastError()
        if code == raw.FPDF_ERR_PASSWORD:
            raise SiteError(name, "the PDF is encrypted with a password",
                            hint="decrypt it first (e.g. qpdf --decrypt) and put the "
                                 "decrypted file in the seeds folder") from None
        if code == raw.FPDF_ERR_SECURITY:
            raise SiteError(name, "the PDF uses an unsupported security handler",
                            hint="decrypt it first") from None
        raise SiteError(name, f"the PDF cannot be read ({exc})",
                        hint="the file is damaged or truncated: export or download it again") from None
    pages: list[RawPdfPage] = []
    errors: list[SiteError] = []
    try:
        count = len(document)
        if count == 0:
            raise SiteError(name, "the PDF has no pages")
        for index in range(count):
            where = f"{name} page {index + 1}" if count > 1 else name
            try:
                pages.append(_read_page(raw, document, index))
            except SiteError as exc:
                errors.append(SiteError(where, exc.message, hint=exc.hint))
            except pdfium.PdfiumError as exc:
                errors.append(SiteError(where, f"the page cannot be read ({exc})",
                                        hint="the file is damaged: export it again"))
            else:
                if sum(1 for ch in pages[-1].chars if not ch.ch.isspace()) < MIN_TEXT_CHARS:
                    pages.pop()
                    errors.append(SiteError(
                        where, "the page has no text layer (a scanned image?): skipped",
                        hint="OCR is out of scope: run the scan through an OCR tool that "
                             "writes a text layer (e.g. ocrmypdf), or give its text as a .txt page"))
    finally:
        document.close()
    return pages, errors, count


def _read_page(raw, document, index: int) -> RawPdfPage:
    page = document[index]
    try:
        left, bottom, right, top = page.get_cropbox()
        width, height = right - left, top - bottom
        text_page = page.get_textpage()
        try:
            chars = _chars(raw, text_page, left, top)
        finally:
            text_page.close()
        images, rules = [], []
        for kind, obj in _objects(raw, page.raw):
            if kind not in (raw.FPDF_PAGEOBJ_IMAGE, raw.FPDF_PAGEOBJ_PATH):
                continue
            l, b, r, t = (ctypes.c_float() for _ in range(4))
            if not raw.FPDFPageObj_GetBounds(obj, l, b, r, t):
                continue
            box = (l.value - left, top - t.value, r.value - left, top - b.value)
            if kind == raw.FPDF_PAGEOBJ_IMAGE:
                if box[2] - box[0] > 12 and box[3] - box[1] > 12:
                    images.append(box)
            elif box[3] - box[1] <= 3 or box[2] - box[0] <= 3:
                rules.append(box)
    finally:
        page.close()
    return RawPdfPage(index + 1, width, height, chars, images, rules)


def _style(raw, obj, name_buf) -> tuple[str, bool]:
    """A text object's font name (its subset tag dropped) and whether it is bold."""
    font = raw.FPDFTextObj_GetFont(obj) if obj else None
    name, weight = "", 400
    if font:
        length = raw.FPDFFont_GetBaseFontName(font, name_buf, len(name_buf))
        name = name_buf.value.decode("latin-1") if length else ""
        weight = raw.FPDFFont_GetWeight(font)
    name = name.split("+", 1)[-1]  # a subset's tag (ABCDEF+FZShuSong) is no part of it
    return name, weight >= 600 or bool(_BOLD_NAME.search(name) and not re.search("light", name, re.I))


def _chars(raw, text_page, left: float, top: float) -> list[Char]:
    """Every character but white space (a space sets the flag of the one before)."""
    n = raw.FPDFText_CountChars(text_page)
    if n <= 0:
        return []
    units = (ctypes.c_ushort * (n + 1))()
    raw.FPDFText_GetText(text_page, 0, n, units)
    codes = list(units[:n])
    if any(0xD800 <= u <= 0xDFFF for u in codes):  # surrogate pairs: not one unit a char
        codes = [raw.FPDFText_GetUnicode(text_page, i) for i in range(n)]
    rect = raw.FS_RECTF()
    get_box, get_size = raw.FPDFText_GetLooseCharBox, raw.FPDFText_GetFontSize
    # the text object of each character as a plain address (pypdfium2's own binding
    # wraps it in a pointer object, whose conversion costs more than the call): a new
    # object is where the size and the font may change, so those are read only there
    object_of = ctypes.CFUNCTYPE(ctypes.c_void_p, ctypes.c_void_p, ctypes.c_int)(
        ctypes.cast(raw.FPDFText_GetTextObject, ctypes.c_void_p).value)
    handle = ctypes.cast(text_page.raw, ctypes.c_void_p)
    styles: dict[int, tuple[str, bool]] = {}
    name_buf = ctypes.create_string_buffer(256)
    out: list[Char] = []
    append = out.append
    last_key, size, style = -1, 0.0, ("", False)
    for i, code in enumerate(codes):
        if code in (32, 9, 10, 13, 0xA0, 0x3000, 0xFFFE, 0):
            if out and code in (32, 0xA0, 0x3000):
                out[-1].space = True
            continue
        get_box(text_page, i, rect)
        key = object_of(handle, i) or 0
        if key != last_key or not key:
            last_key, size = key, get_size(text_page, i)
            style = styles.get(key)
            if style is None:
                style = styles[key] = _style(raw, raw.FPDFText_GetTextObject(text_page, i) if key else None,
                                             name_buf)
        # the em box: the baseline from the loose box's bottom (the font's descent),
        # the top one em above it
        base = top - rect.bottom
        append(Char(chr(code), rect.left - left, rect.right - left, base - size, base,
                    size, style[0], style[1]))
    return out


# ---------------------------------------------------------------------------- layout

@dataclass
class Line:
    chars: list[Char]
    x0: float
    x1: float
    top: float
    base: float
    size: float
    font: str
    bold: bool
    text: str = ""


@dataclass
class Block:
    lines: list[Line]
    size: float
    font: str
    bold: bool
    x0: float = 0.0
    x1: float = 0.0
    top: float = 0.0
    bottom: float = 0.0
    band: str | None = None
    column: int = -1
    span: int = 1
    near_image: bool = False
    ordinal: int = 0
    kind: str = "text"          # body | display | caption | small | furniture

    def grow(self, line: Line) -> None:
        self.lines.append(line)
        self.x0, self.x1 = min(self.x0, line.x0), max(self.x1, line.x1)
        self.bottom = line.base

    @property
    def pitch(self) -> float:
        if len(self.lines) < 2:
            return 0.0
        return (self.lines[-1].base - self.lines[0].base) / (len(self.lines) - 1)

    def box(self, page: int) -> tuple[int, float, float, float, float]:
        return (page, round(self.x0, 1), round(self.top, 1), round(self.x1, 1),
                round(self.bottom, 1))


def _line_text(chars: list[Char]) -> str:
    out = []
    prev = None
    for ch in chars:
        if prev is not None and (prev.space or (
                _LATIN.match(prev.ch) and _LATIN.match(ch.ch) and ch.x0 - prev.x1 > 0.2 * ch.size)):
            out.append(" ")
        out.append(ch.ch)
        prev = ch
    return "".join(out)


def make_lines(chars: list[Char]) -> list[Line]:
    """Characters -> lines: one baseline, cut at gaps no line has inside it."""
    rows: list[list[Char]] = []
    for ch in sorted(chars, key=lambda c: (c.base, c.x0)):
        if rows and ch.base - rows[-1][0].base <= 0.3 * min(ch.size, rows[-1][0].size):
            rows[-1].append(ch)
        else:
            rows.append([ch])
    lines: list[Line] = []
    for row in rows:
        row.sort(key=lambda c: c.x0)
        runs: list[list[Char]] = [[row[0]]]
        for prev, ch in zip(row, row[1:]):
            size = max(prev.size, ch.size)
            gap = ch.x0 - prev.x1
            same = abs(prev.size - ch.size) < 0.15 * size
            if gap > LINE_GAP * size or (not same and gap > 0.2 * size) or ch.x0 < prev.x0:
                runs.append([ch])
            else:
                runs[-1].append(ch)
        # letter-spaced display type: runs of one size and face a spacing apart
        merged: list[list[Char]] = []
        for run in runs:
            if merged:
                last = merged[-1]
                a, b = last[-1], run[0]
                if (a.size == b.size and a.font == b.font and b.x0 - a.x1 <= SPACED_GAP * a.size
                        and _spaced(last, run)):
                    last.extend(run)
                    continue
            merged.append(run)
        for run in merged:
            size = statistics.median(c.size for c in run) if len(run) > 2 else max(c.size for c in run)
            fonts = [c.font for c in run]
            font = max(set(fonts), key=fonts.count)
            lines.append(Line(run, run[0].x0, run[-1].x1, min(c.top for c in run),
                              max(c.base for c in run), size, font,
                              sum(c.bold for c in run) * 2 > len(run), _line_text(run)))
    return lines


def _spaced(left: list[Char], right: list[Char]) -> bool:
    """Two runs of one line, of letter-spaced characters (each a character or two)."""
    def spaced(run: list[Char]) -> bool:
        if len(run) == 1:
            return True
        gaps = [b.x0 - a.x1 for a, b in zip(run, run[1:])]
        return min(gaps) > 0.25 * run[0].size
    return spaced(left) and spaced(right)


def make_blocks(lines: list[Line]) -> list[Block]:
    """Lines -> blocks: one size and face, one pitch, aligned in one column."""
    blocks: list[Block] = []
    open_blocks: list[Block] = []
    for line in sorted(lines, key=lambda ln: (ln.base, ln.x0)):
        home = None
        for block in reversed(open_blocks):
            last = block.lines[-1]
            step = line.base - last.base
            size = line.size
            if (abs(block.size - size) > 0.1 * size or block.font != line.font
                    or block.bold != line.bold or step <= 0.5 * size or step > 2.0 * size):
                continue
            if block.pitch and abs(step - block.pitch) > 0.25 * size:
                continue
            left = -0.6 * size <= line.x0 - block.x0 <= 3.2 * size or \
                -0.6 * size <= block.x0 - line.x0 <= 3.2 * size and line.x1 <= block.x1 + 0.6 * size
            centred = abs((line.x0 + line.x1) - (last.x0 + last.x1)) / 2 <= size
            if not (left or centred) or line.x0 > last.x1 or line.x1 < last.x0:
                continue
            home = block
            break
        if home is None:
            home = Block([line], line.size, line.font, line.bold, line.x0, line.x1, line.top,
                         line.base)
            blocks.append(home)
            open_blocks.append(home)
        else:
            home.grow(line)
        open_blocks = [b for b in open_blocks if line.base - b.lines[-1].base <= 2.0 * b.size]
    return blocks


def _body_style(blocks: list[Block]) -> tuple[float, str]:
    """The page's body type: the size and face most characters are set in."""
    weight: dict[tuple[float, str], int] = {}
    for block in blocks:
        key = (round(block.size, 1), block.font)
        weight[key] = weight.get(key, 0) + sum(len(ln.chars) for ln in block.lines)
    return max(weight, key=weight.get) if weight else (10.0, "")


def _bands(page: RawPdfPage, blocks: list[Block]) -> None:
    """Blocks above the header rule / below the footer rule (a rule across most of the
    page near its top or bottom), or, with no such rule, in the page's top or bottom
    strip, are furniture."""
    wide = [r for r in page.rules if r[2] - r[0] >= 0.6 * page.width]
    head = [r[3] for r in wide if r[3] <= 0.2 * page.height]
    foot = [r[1] for r in wide if r[1] >= 0.85 * page.height]
    head_y = max(head) if head else 0.06 * page.height
    foot_y = min(foot) if foot else 0.96 * page.height
    for block in blocks:
        if block.bottom <= head_y + 1:
            block.band = "header"
        elif block.top >= foot_y - 1:
            block.band = "footer"


def _columns(blocks: list[Block], body: tuple[float, str]) -> list[tuple[float, float]]:
    """The column grid: the left and right edges of the body-type blocks, clustered."""
    size = body[0]
    edges = sorted((b.x0, b.x1) for b in blocks
                   if b.band is None and round(b.size, 1) == body[0] and b.font == body[1])
    columns: list[list[float]] = []
    for x0, x1 in edges:
        if columns and x0 - columns[-1][0] <= 1.0 * size:
            columns[-1][1] = max(columns[-1][1], x1)
        else:
            columns.append([x0, x1])
    grid = [(a, b) for a, b in columns]
    # a narrow cluster inside a column (an indented short block) is no column of its own
    out: list[tuple[float, float]] = []
    for x0, x1 in grid:
        if out and x0 < out[-1][1] - size:
            out[-1] = (out[-1][0], max(out[-1][1], x1))
        else:
            out.append((x0, x1))
    return out


def _place(block: Block, grid: list[tuple[float, float]]) -> None:
    if not grid:
        return
    overlaps = [k for k, (x0, x1) in enumerate(grid)
                if min(block.x1, x1) - max(block.x0, x0) > 0.3 * min(x1 - x0, block.x1 - block.x0)]
    if overlaps:
        block.column, block.span = overlaps[0], len(overlaps)
    else:
        block.column = min(range(len(grid)), key=lambda k: abs(grid[k][0] - block.x0))


# reading order -------------------------------------------------------------------

Box = tuple[float, float, float, float, object]  # x0, top, x1, bottom, payload


def _widest_gap(items: list[Box], axis: int) -> tuple[float, float]:
    """The widest gap along an axis (0: x, 1: y) that no item bridges, and where it
    starts: (width, position); (-1, 0) when there is none."""
    lo, hi = axis, axis + 2
    ordered = sorted(items, key=lambda b: b[lo])
    reach = ordered[0][hi]
    best = (-1.0, 0.0)
    for item in ordered[1:]:
        if item[lo] - reach > best[0] and item[lo] > reach:
            best = (item[lo] - reach, reach)
        reach = max(reach, item[hi])
    return best


def reading_order(items: list[Box], gutter: float) -> list[Box]:
    """Recursive cut of the page at the widest stretch of white that nothing bridges:
    between columns (at least a gutter wide: stories side by side, the columns of a
    story) or between rows (a headline over its columns, stories one above the other,
    a row of stories under the next), so that a cut through a row never splits the
    stories printed side by side in it; what cannot be cut is read top to bottom."""
    if len(items) <= 1:
        return list(items)
    x_gap, x_at = _widest_gap(items, 0)
    y_gap, y_at = _widest_gap(items, 1)
    if x_gap < gutter and y_gap <= 0:
        return sorted(items, key=lambda b: (b[1], b[0]))
    axis, at = (0, x_at) if x_gap >= gutter and x_gap >= y_gap else (1, y_at)
    before = [b for b in items if b[axis + 2] <= at + 0.001]
    after = [b for b in items if b[axis + 2] > at + 0.001]
    return reading_order(before, gutter) + reading_order(after, gutter)


# ---------------------------------------------------------------------------- paragraphs

@dataclass
class PdfPage:
    """One page read: its blocks in reading order and the paragraphs made of them."""

    number: int
    width: float
    height: float
    blocks: list[Block]
    images: list[tuple[float, float, float, float]]
    body_size: float
    paras: list[Para] = field(default_factory=list)

    @property
    def text(self) -> str:
        """The text of the page's stories (the furniture bands left out: the issue date
        in the header is no event the stories tell of, for meta.infer_year)."""
        return "\n".join(ln.text for b in self.blocks if not b.band for ln in b.lines)


def layout_page(page: RawPdfPage) -> PdfPage:
    lines = make_lines(page.chars)
    blocks = make_blocks(lines)
    _bands(page, blocks)
    body = _body_style(blocks)
    body_size = body[0]
    grid = _columns(blocks, body)
    for block in blocks:
        _place(block, grid)
        if block.band:
            block.kind = "furniture"
        elif round(block.size, 1) == body_size and block.font == body[1]:
            block.kind = "body"
        elif block.size >= DISPLAY * body_size:
            block.kind = "display"
        elif block.size < 0.97 * body_size:
            block.kind = "small"
        else:
            block.kind = "text"
    for block in blocks:
        block.near_image = block.kind != "display" and any(
            _next_to(block, image, body_size) for image in page.images)
        if block.kind in ("small", "text") and (block.near_image or _CREDIT_END.search(
                block.lines[-1].text)):
            block.kind = "caption"
    gutters = [b[0] - a[1] for a, b in zip(grid, grid[1:]) if b[0] > a[1]]
    gutter = max(1.0, min(gutters) * 0.5) if gutters else 0.5 * body_size
    main = [b for b in blocks if not b.band]
    reach = {id(b): _snap(b, grid, main) if b.kind == "display" and
             b.size >= HEADLINE * body_size else (b.x0, b.x1) for b in main}
    items: list[Box] = [(reach[id(b)][0], b.top, reach[id(b)][1], b.bottom, b) for b in main]
    items += [(x0, top, x1, bottom, None) for x0, top, x1, bottom in page.images]
    ordered = [b[4] for b in reading_order(items, gutter) if b[4] is not None]
    header = sorted((b for b in blocks if b.band == "header"), key=lambda b: (b.top, b.x0))
    footer = sorted((b for b in blocks if b.band == "footer"), key=lambda b: (b.top, b.x0))
    in_order = header + ordered + footer
    for k, block in enumerate(in_order, 1):
        block.ordinal = k
    result = PdfPage(page.number, page.width, page.height, in_order, page.images, body_size)
    result.paras = make_paras(result)
    return result


def _snap(block: Block, grid: list[tuple[float, float]], blocks: list[Block]) -> tuple[float, float]:
    """A headline centred over its story's columns spans them all, though its ink may
    cover only the middle ones: the widest run of columns it is centred on with nothing
    else beside it (its column and span are set to that run)."""
    centre = (block.x0 + block.x1) / 2
    cols = [k for k, (a, b) in enumerate(grid) if min(block.x1, b) - max(block.x0, a) > 0]
    if not cols:
        return block.x0, block.x1
    best = None
    for i in range(cols[0] + 1):
        for j in range(cols[-1], len(grid)):
            a, b = grid[i][0], grid[j][1]
            if abs((a + b) / 2 - centre) > 1.5 * block.size:
                continue
            if any(o is not block and o.top < block.bottom and o.bottom > block.top
                   and o.x1 > a and o.x0 < b for o in blocks):
                continue
            if best is None or j - i > best[1] - best[0]:
                best = (i, j)
    if best is None:
        return block.x0, block.x1
    block.column, block.span = best[0], best[1] - best[0] + 1
    return min(block.x0, grid[best[0]][0]), max(block.x1, grid[best[1]][1])


def _next_to(block: Block, image: tuple[float, float, float, float], size: float) -> bool:
    """Printed right under, over or beside an image box."""
    x0, top, x1, bottom = image
    overlap_x = min(block.x1, x1) - max(block.x0, x0) > 0.5 * min(block.x1 - block.x0, x1 - x0)
    overlap_y = min(block.bottom, bottom) - max(block.top, top) > 0
    below = 0 <= block.top - bottom <= 2.5 * size
    above = 0 <= top - block.bottom <= 1.5 * size
    beside = overlap_y and (0 <= block.x0 - x1 <= 2 * size or 0 <= x0 - block.x1 <= 2 * size)
    return (overlap_x and (below or above)) or (beside and block.size < 0.97 * size)


@dataclass
class _Piece:
    """A paragraph being read, possibly over several blocks."""

    lines: list[str]
    block: Block
    first: int
    last: int
    indented: bool
    open: bool = False       # its last line fills the column: it may go on


def _block_paras(block: Block) -> list[_Piece]:
    """A body block's paragraphs: a new one at an indented line or after a short one."""
    size = block.size
    pieces: list[_Piece] = []
    left, right = block.x0, block.x1
    prev: Line | None = None
    for line in block.lines:
        indented = line.x0 - left >= 1.0 * size
        starts = prev is None or indented or prev.x1 < right - 1.0 * size
        if starts:
            pieces.append(_Piece([line.text], block, block.ordinal, block.ordinal, indented))
        else:
            pieces[-1].lines.append(line.text)
        prev = line
    if pieces and prev is not None:
        pieces[-1].open = prev.x1 >= right - 1.0 * size
    return pieces


def _join(texts: list[str]) -> str:
    text = texts[0]
    for nxt in texts[1:]:
        text = join_lines(text, nxt)
    return text


def make_paras(page: PdfPage) -> list[Para]:
    """The page's paragraphs in reading order, with their layout."""
    paras: list[Para] = []
    carry: _Piece | None = None      # a paragraph cut at the foot of a column
    carry_at = -1                    # where it goes in `paras`
    prev_block: Block | None = None
    for block in page.blocks:
        size = round(block.size, 1)
        gap = 2 if block.near_image or (prev_block is not None and prev_block.near_image
                                        and prev_block.kind == "caption") else 0
        if block.kind != "body":
            text = _join([ln.text for ln in block.lines])
            paras.append(_para(text, block, block.ordinal, block.ordinal, len(block.lines), page,
                               gap=gap))
            prev_block = block
            continue
        pieces = _block_paras(block)
        if carry is not None and pieces and not pieces[0].indented \
                and carry.block.font == block.font and round(carry.block.size, 1) == size:
            head = pieces.pop(0)
            carry.lines.extend(head.lines)
            carry.last = block.ordinal
            carry.open = head.open
            joined = _para(_join(carry.lines), carry.block, carry.first, carry.last,
                           len(carry.lines), page, gap=paras[carry_at].gap, hint=True)
            paras[carry_at] = joined
            if not pieces:
                prev_block = block
                continue
        carry = None
        for k, piece in enumerate(pieces):
            paras.append(_para(_join(piece.lines), block, piece.first, piece.last,
                               len(piece.lines), page, gap=gap if k == 0 else 0,
                               hint=piece.indented or len(piece.lines) > 1))
        last = pieces[-1] if pieces else None
        if last is not None and last.open:
            carry, carry_at = last, len(paras) - 1
        prev_block = block
    return paras


def _para(text: str, block: Block, first: int, last: int, n_lines: int, page: PdfPage,
          gap: int = 0, hint: bool = False) -> Para:
    if block.kind == "display" or (block.kind == "furniture" and block.size >= DISPLAY * page.body_size):
        text = collapse_spaced_heading(text)
    level = 0
    if block.kind == "display":
        level = 1 if block.size >= HEADLINE * page.body_size else 2
    furniture = None
    if block.band:
        furniture = "page header" if block.band == "header" else "footer"
    elif block.kind != "display":
        furniture = furniture_reason(text)
    cut = block.kind == "body" and not ends_sentence(text) and not furniture and bool(
        block.lines) and block.lines[-1].x1 >= block.x1 - block.size and last == block.ordinal \
        and n_lines > 1
    return Para(text=text, first=first, last=last, level=level, gap=gap, n_lines=n_lines,
                cut=cut, furniture=furniture, body_hint=hint and block.kind == "body",
                size=round(block.size, 1), bold=block.bold, column=block.column,
                span=block.span, box=block.box(page.number), band=block.band,
                near_image=block.near_image)


# ---------------------------------------------------------------------------- ingest seam

def read_pdf(path: Path, data: bytes | None = None
             ) -> tuple[list[tuple[str, PdfPage]], list[SiteError]]:
    """A PDF file (its bytes `data` when already read) -> (seed, page) for each page
    read, and the errors of the others."""
    try:
        data = path.read_bytes() if data is None else data
    except OSError as exc:
        raise SiteError(str(path), f"cannot read the file ({exc.strerror})") from None
    raw_pages, errors, count = read_pages(data, str(path))
    out = []
    for raw_page in raw_pages:
        out.append((page_seed(path.name, raw_page.number, count), layout_page(raw_page)))
    return out, errors


def articles_from_pdf(path: Path, newspaper: str, data: bytes | None = None
                      ) -> tuple[PageResult, list[SiteError]]:
    """A PDF seed -> its articles (every page's, each with the page's seed and its
    boxes) and the errors of the pages that were skipped.

    The seam with the page model: each page's paragraphs go through `page.articles_from_paragraphs
    (paras, seed)`, exactly as a text page's paragraphs from `clean.make_paragraphs`;
    what page.py's `articles_from_page` does with the drafts after that (keep stories,
    dates, proposals, captions) is mirrored in `_page_articles` until page.py offers it
    as a function of the paragraphs."""
    pages, errors = read_pdf(path, data)
    articles: list[Article] = []
    discards: list[Discard] = []
    for seed, page in pages:
        result = _page_articles(page, seed, newspaper)
        articles.extend(result.articles)
        discards.extend(result.discards)
    if not pages and errors:
        raise errors[0] if len(errors) == 1 else SiteError(
            str(path), f"no page could be read ({errors[0].message})", hint=errors[0].hint)
    return PageResult(seed=path.name, articles=tuple(articles), discards=tuple(discards)), errors


def _page_articles(page: PdfPage, seed: str, newspaper: str) -> PageResult:
    """The page's articles from the same page model as text dumps; provenance is the
    boxes of the blocks each story was read from (`lines` is for text dumps)."""
    from .page import articles_from_paragraphs

    result = articles_from_paragraphs(page.paras, seed, newspaper, page.text)
    boxes = {b.ordinal: b.box(page.number) for b in page.blocks}
    articles = []
    for article in result.articles:
        first, last = article.lines or (0, -1)
        articles.append(dataclasses.replace(
            article, lines=None,
            boxes=tuple(boxes[k] for k in range(first, last + 1) if k in boxes)))
    return dataclasses.replace(result, articles=tuple(articles))
