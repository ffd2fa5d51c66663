"""Newspaper PDF pages made from the sample stories, with their gold annotation.

`tests/data/pdf_stories.yaml` holds the stories' text (as printed in seeds/ and annotated
in tests/data/gold_seeds.yaml); this module typesets them with reportlab into pages laid
out as a Chinese broadsheet is: a header band (paper, date, page number and name) over a
rule, 4-6 body columns, stories as rectangular modules in rows, each with its kicker,
headline (spanning the module's columns, or letter-spaced), subtitle and byline above
justified, indented body columns, section heads, photos with captions and credits, a
trailer or signature, continuation markers, and a footer band. The drawing order of the
text can be the reading order, body columns before their headlines, or two stories'
columns alternately: a reader of the PDF must find the reading order from the geometry.

`gold(layout, seed)` writes the annotation (the format of tests/data/gold_seeds.yaml) of
what `make_pdf(layout)` prints, from the same story data, so the two cannot disagree.

Fonts: reportlab's built-in CID font STSong-Light (Adobe-GB1, not embedded: every PDF
reader maps its codes to Unicode through the predefined CMap UniGB-UCS2-H, so the text is
extractable), registered under the names of the faces a paper uses for each role
(FZShuSong body, FZDaHei headlines, FZKai bylines ...) with their weights, so a reader
sees a font change where a real page has one. (Debian's Noto CJK fonts are OpenType/CFF,
which reportlab cannot embed.)

    python tests/pdfgen.py OUTDIR     # every layout: OUTDIR/<layout>.pdf and gold.yaml
"""
from __future__ import annotations

import copy
import io
import re
import sys
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import yaml

STORIES = Path(__file__).parent / "data" / "pdf_stories.yaml"

PAGE_W, PAGE_H = 1000.0, 1400.0
MARGIN = 40.0
GUTTER = 14.0
HEADER_BOTTOM = 96.0   # the header band's rule (from the top)
FOOTER_TOP = 1352.0    # the footer band's rule
BODY = 9.5
LEADING = 14.0
PAPER, ISSUE_DATE, PAGE_NO, PAGE_NAME = "内蒙古日报", "2026年4月10日 星期五", "第3版", "要闻"
ISSUE_ISO = "2026-04-10"  # a story with no dated dateline is dated by the page it is on
FOOTER = ("本版编辑：王磊 美编：刘佳 校对：张敏", "本报职业道德监督热线：0471-6635350或0471-6659749")

# role -> (font name, weight)
FACES = {
    "body": ("FZShuSong-Z01", 400),
    "head": ("FZDaHei-B02", 700),
    "kicker": ("FZHei-B01", 500),
    "subtitle": ("FZXiaoBiaoSong-B05", 400),
    "byline": ("FZKai-Z03", 400),
    "caption": ("FZKai-Z03", 400),
    "section": ("FZHei-B01", 500),
    "masthead": ("FZDaBiaoSong-B06", 700),
    "furniture": ("FZShuSong-Z01", 400),
}
_NO_LINE_START = set("，。、；：？！）》」』”’…—·,.;:?!)%")


@lru_cache(maxsize=None)
def _register_fonts() -> None:
    """STSong-Light under each face's name (a copy of its CID font description with
    that BaseFont and weight)."""
    from reportlab.pdfbase import cidfonts, pdfmetrics

    for name, weight in set(FACES.values()):
        info = copy.deepcopy(cidfonts.CIDFontInfo["STSong-Light"])
        info["name"] = name
        info["BaseFont"] = "/" + name
        descendant = info["DescendantFonts"][0]
        descendant["BaseFont"] = "/" + name
        descendant["FontDescriptor"]["FontName"] = "/" + name
        descendant["FontDescriptor"]["FontWeight"] = weight
        if weight >= 600:
            descendant["FontDescriptor"]["StemV"] = 140
        cidfonts.CIDFontInfo[name] = info
        font = cidfonts.UnicodeCIDFont("STSong-Light")
        font.name = font.fontName = name
        font.face = copy.copy(font.face)
        font.face.name = name
        pdfmetrics.registerFont(font)


def _width(text: str, role: str, size: float) -> float:
    from reportlab.pdfbase import pdfmetrics
    return pdfmetrics.stringWidth(text, FACES[role][0], size)


# ---------------------------------------------------------------------------- data

@dataclass(frozen=True)
class Image:
    col: int          # first column, relative to the module
    span: int
    height: float
    caption: int      # index into the story's captions


@dataclass(frozen=True)
class Module:
    story: str                  # key in pdf_stories.yaml
    col: int                    # first page column
    span: int                   # columns
    max_chars: int = 10**6      # body characters printed (whole paragraphs, at least one)
    head_size: float = 0.0      # 0: by span
    images: tuple[Image, ...] = ()
    jump: str | None = None     # a continuation marker printed after the body (下转)


@dataclass(frozen=True)
class Layout:
    name: str
    columns: int
    rows: tuple[tuple[Module, ...], ...]
    order: str = "natural"      # natural | body-first | interleaved
    note: str = ""


LAYOUTS = {
    layout.name: layout for layout in (
        Layout("cols4", 4, (
            (Module("ftz", 0, 4, max_chars=2300, images=(Image(2, 2, 150, 0),),
                    jump="（下转第2版）"),),
            (Module("satellite", 0, 2), Module("commentary", 2, 2)),
        ), note="4 columns: a lead story headline over all four, subtitle, byline, a photo "
                "over two columns with caption and credit, a jump marker; two stories below"),
        Layout("cols5", 5, (
            (Module("nmopen", 0, 3, max_chars=1900),
             Module("xingan", 3, 2, max_chars=1300,
                    images=(Image(0, 1, 95, 0), Image(1, 1, 95, 1)))),
            (Module("ports20", 0, 5, max_chars=900),),
        ), note="5 columns: kickers, a series banner with subtitle, two photos with captions "
                "and a page photo credit, a signature line, a story over all five columns"),
        Layout("cols6", 6, (
            (Module("engineers", 0, 4, max_chars=1700), Module("ports20", 4, 2, max_chars=900)),
            (Module("baotou", 0, 3, max_chars=800), Module("commentary", 3, 3)),
        ), note="6 columns: a letter-spaced headline over four columns, a wire story with a "
                "trailer, a continued story (上接) with its jump headline"),
        Layout("bodyfirst", 5, (
            (Module("nmopen", 0, 3, max_chars=1900),
             Module("xingan", 3, 2, max_chars=1300,
                    images=(Image(0, 1, 95, 0), Image(1, 1, 95, 1)))),
            (Module("ports20", 0, 5, max_chars=900),),
        ), order="body-first",
            note="the cols5 page drawn body columns first, bottom row first, headlines last"),
        Layout("interleaved", 6, (
            (Module("engineers", 0, 4, max_chars=1700), Module("ports20", 4, 2, max_chars=900)),
            (Module("baotou", 0, 3, max_chars=800), Module("commentary", 3, 3)),
        ), order="interleaved",
            note="the cols6 page with the lines of the two stories of each row drawn "
                 "alternately, the footer first and the header last"),
    )
}


@lru_cache(maxsize=None)
def stories() -> dict[str, dict]:
    data = yaml.safe_load(STORIES.read_text(encoding="utf-8"))
    return {s["key"]: s for s in data["stories"]}


def printed_paragraphs(story: dict, max_chars: int) -> list[str]:
    """The body paragraphs a module prints: whole paragraphs up to max_chars, never
    ending on a section head."""
    out, total = [], 0
    for para in story["paragraphs"]:
        if out and total + len(para) > max_chars:
            break
        out.append(para)
        total += len(para)
    while out and out[-1].startswith("## "):
        out.pop()
    return out


# ---------------------------------------------------------------------------- typesetting

@dataclass
class Op:
    """One drawString: a line of text (or a rule / image when kind says so)."""

    kind: str                 # text | rule | image
    story: str | None         # the story it belongs to (None: page furniture)
    part: str                 # header | footer | kicker | title | subtitle | byline | body | caption
    x: float = 0.0
    y: float = 0.0            # baseline, from the top of the page
    text: str = ""
    role: str = "body"
    size: float = BODY
    char_space: float = 0.0
    w: float = 0.0            # rules and images
    h: float = 0.0
    column: int = 0           # body lines: page column (for interleaving)


def _tokens(text: str) -> list[str]:
    """Line-breaking units: a Latin word or number whole, else one character."""
    return re.findall(r"[A-Za-z0-9.%/+\-]+|.", text)


def wrap(text: str, role: str, size: float, width: float, indent: float = 0.0) -> list[str]:
    """Lines of at most `width` pt (the first `indent` pt narrower); punctuation that may
    not start a line hangs at the end of the one before."""
    lines: list[str] = []
    line, used, limit = "", 0.0, width - indent
    for token in _tokens(text):
        w = _width(token, role, size)
        if line and used + w > limit + 0.01 and token[0] not in _NO_LINE_START:
            lines.append(line)
            line, used, limit = "", 0.0, width
        if not line and token == " ":
            continue
        line += token
        used += w
    if line:
        lines.append(line)
    return lines


@dataclass
class BodyLine:
    text: str
    role: str
    size: float
    height: float
    indent: float = 0.0
    justify: bool = False
    align: str = "left"       # left | center | right
    part: str = "body"


def body_lines(story: dict, paras: list[str], width: float, lead: bool = True) -> list[BodyLine]:
    out: list[BodyLine] = []
    if story.get("continued"):
        out.append(BodyLine(story["continued"], "body", BODY, LEADING, part="marker"))
    for k, para in enumerate(paras):
        if para.startswith("## "):
            size = 11.0
            for text in wrap(para[3:], "section", size, width):
                out.append(BodyLine(text, "section", size, 20.0, align="center", part="section"))
            continue
        if k == 0 and lead and story.get("lead"):
            para = story["lead"] + para
        if k == len(paras) - 1 and story.get("trailer"):
            para += story["trailer"]
        lines = wrap(para, "body", BODY, width, indent=2 * BODY)
        for i, text in enumerate(lines):
            out.append(BodyLine(text, "body", BODY, LEADING, indent=2 * BODY if i == 0 else 0.0,
                                justify=i < len(lines) - 1))
    if story.get("signature"):
        for text in wrap(story["signature"], "body", BODY, width):
            out.append(BodyLine(text, "body", BODY, LEADING, align="right", part="signature"))
    return out


def _column_x(layout: Layout, col: int) -> float:
    width = (PAGE_W - 2 * MARGIN - GUTTER * (layout.columns - 1)) / layout.columns
    return MARGIN + col * (width + GUTTER)


def _column_width(layout: Layout) -> float:
    return (PAGE_W - 2 * MARGIN - GUTTER * (layout.columns - 1)) / layout.columns


def _flow(lines: list[BodyLine], tops: list[float], bottom: float) -> list[list[BodyLine]] | None:
    """Lines into columns with the given tops down to `bottom`; None if they do not fit."""
    cols: list[list[BodyLine]] = [[] for _ in tops]
    c, y = 0, tops[0]
    for line in lines:
        while c < len(tops) and y + line.height > bottom:
            c += 1
            y = tops[c] if c < len(tops) else 0
        if c == len(tops):
            return None
        cols[c].append(line)
        y += line.height
    return cols


def set_module(layout: Layout, module: Module, top: float) -> tuple[list[Op], float]:
    """A module's ops from `top` down; returns them and the module's bottom."""
    story = stories()[module.story]
    cw = _column_width(layout)
    x0 = _column_x(layout, module.col)
    x1 = _column_x(layout, module.col + module.span - 1) + cw
    width = x1 - x0
    ops: list[Op] = []
    key = module.story
    y = top
    if story.get("kicker"):
        size = 14.0
        y += size
        ops.append(Op("text", key, "kicker", x0, y, story["kicker"], "kicker", size))
        y += 10
    head = module.head_size or {1: 18.0, 2: 22.0, 3: 26.0}.get(module.span, 30.0)
    spacing = head * 0.9 if story.get("spaced_title") else 0.0
    for text in wrap(story["title"], "head", head, width - 20):
        natural = _width(text, "head", head) + spacing * (len(text) - 1)
        y += head
        ops.append(Op("text", key, "title", x0 + (width - natural) / 2, y, text, "head", head,
                      char_space=spacing))
        y += head * 0.35
    if story.get("subtitle"):
        size = 15.0
        for text in wrap(story["subtitle"], "subtitle", size, width - 40):
            y += size + 3
            ops.append(Op("text", key, "subtitle", x1 - _width(text, "subtitle", size) - 20, y,
                          text, "subtitle", size))
    y += 8
    if story.get("byline"):
        size = 10.5
        y += size + 4
        ops.append(Op("text", key, "byline", x0, y, story["byline"], "byline", size))
        y += 6
    y += 6
    # photos at the top of their columns, captions under them
    tops = [y] * module.span
    for image in module.images:
        ix = _column_x(layout, module.col + image.col)
        iw = _column_x(layout, module.col + image.col + image.span - 1) + cw - ix
        ops.append(Op("image", key, "image", ix, y, w=iw, h=image.height))
        cy = y + image.height + 4
        text, credit = story["captions"][image.caption]
        size = 8.5
        caption = text + (credit or "")
        for line in wrap(caption, "caption", size, iw):
            cy += size + 2.5
            ops.append(Op("text", key, "caption", ix, cy, line, "caption", size))
        if image is module.images[-1] and story.get("photo_credit"):
            cy += size + 2.5
            credit_text = story["photo_credit"]
            ops.append(Op("text", key, "caption", ix + iw - _width(credit_text, "caption", size),
                          cy, credit_text, "caption", size))
        for c in range(image.col, image.col + image.span):
            tops[c] = cy + 10
    paras = printed_paragraphs(story, module.max_chars)
    lines = body_lines(story, paras, cw)
    if module.jump:
        lines.append(BodyLine(module.jump, "body", BODY, LEADING, align="right", part="marker"))
    low, high = max(tops), max(tops) + sum(ln.height for ln in lines) + LEADING
    while high - low > 1:   # the shortest columns that hold the story (balanced)
        mid = (low + high) / 2
        if _flow(lines, tops, mid) is None:
            low = mid
        else:
            high = mid
    cols = _flow(lines, tops, high)
    assert cols is not None
    bottom = max(tops)
    for c, col_lines in enumerate(cols):
        cx = _column_x(layout, module.col + c)
        cy = tops[c]
        for line in col_lines:
            cy += line.height
            natural = _width(line.text, line.role, line.size)
            lx = cx + line.indent
            space = 0.0
            if line.align == "center":
                lx = cx + (cw - natural) / 2
            elif line.align == "right":
                lx = cx + cw - natural
            elif line.justify and len(line.text) > 1:
                space = (cw - line.indent - natural) / (len(line.text) - 1)
            # the baseline sits 0.25 of the line height above its bottom
            ops.append(Op("text", key, line.part, lx, cy - line.height * 0.25, line.text,
                          line.role, line.size, char_space=space, column=module.col + c))
        bottom = max(bottom, cy)
    return ops, bottom


def page_ops(layout: Layout) -> list[Op]:
    ops: list[Op] = [
        Op("text", None, "header", MARGIN, 62, PAPER, "masthead", 26),
        Op("text", None, "header", PAGE_W / 2 - _width(ISSUE_DATE, "furniture", 10) / 2, 82,
           ISSUE_DATE, "furniture", 10),
        Op("text", None, "header", PAGE_W - MARGIN - _width(f"{PAGE_NO} {PAGE_NAME}", "kicker", 13),
           82, f"{PAGE_NO} {PAGE_NAME}", "kicker", 13),
        Op("rule", None, "header", MARGIN, HEADER_BOTTOM, w=PAGE_W - 2 * MARGIN, h=1.2),
        Op("rule", None, "footer", MARGIN, FOOTER_TOP, w=PAGE_W - 2 * MARGIN, h=0.6),
        Op("text", None, "footer", MARGIN, FOOTER_TOP + 16, FOOTER[0], "furniture", 8),
        Op("text", None, "footer", PAGE_W - MARGIN - _width(FOOTER[1], "furniture", 8),
           FOOTER_TOP + 16, FOOTER[1], "furniture", 8),
    ]
    top = HEADER_BOTTOM + 12
    for r, row in enumerate(layout.rows):
        bottom = top
        for module in row:
            module_ops, module_bottom = set_module(layout, module, top)
            ops.extend(module_ops)
            bottom = max(bottom, module_bottom)
        if r + 1 < len(layout.rows):
            ops.append(Op("rule", None, "rule", MARGIN, bottom + 8, w=PAGE_W - 2 * MARGIN, h=0.5))
        top = bottom + 20
    if top > FOOTER_TOP:
        raise ValueError(f"layout {layout.name} does not fit the page ({top:.0f} pt)")
    return _ordered(layout, ops)


def _ordered(layout: Layout, ops: list[Op]) -> list[Op]:
    """The drawing order of the layout."""
    if layout.order == "body-first":
        rows = list(reversed(layout.rows))
        row_of = {m.story: k for k, row in enumerate(rows) for m in row}
        body = [op for op in ops if op.part in ("body", "section", "marker", "signature")]
        rest = [op for op in ops if op not in body]
        return sorted(body, key=lambda op: row_of.get(op.story, 0)) + rest[::-1]
    if layout.order == "interleaved":
        out = [op for op in ops if op.part == "footer"]
        for row in layout.rows:
            keys = [m.story for m in row]
            lines = [[op for op in ops if op.story == k and op.part in ("body", "section",
                                                                         "marker", "signature")]
                     for k in keys]
            others = [op for op in ops if op.story in keys and all(op not in ls for ls in lines)]
            for k in range(max(len(ls) for ls in lines)):
                for ls in lines:
                    if k < len(ls):
                        out.append(ls[k])
            out.extend(others[::-1])
        out.extend(op for op in ops if op.story is None and op.part not in ("footer",))
        return out
    return ops


def _image_reader():
    from reportlab.lib.utils import ImageReader
    from PIL import Image as PILImage

    picture = PILImage.new("L", (64, 40))
    picture.putdata([(x * 3 + y * 2) % 256 for y in range(40) for x in range(64)])
    buf = io.BytesIO()
    picture.save(buf, format="PNG")
    buf.seek(0)
    return ImageReader(buf)


def draw_page(canvas, ops: list[Op]) -> None:
    image = None
    for op in ops:
        y = PAGE_H - op.y
        if op.kind == "rule":
            canvas.setLineWidth(op.h)
            canvas.line(op.x, y, op.x + op.w, y)
        elif op.kind == "image":
            image = image or _image_reader()
            canvas.drawImage(image, op.x, y - op.h, op.w, op.h)
        else:
            canvas.setFont(FACES[op.role][0], op.size)
            canvas.drawString(op.x, y, op.text, charSpace=op.char_space)
    canvas.showPage()


def make_pdf(layouts: list[str] | str, path: Path | None = None, **options) -> bytes:
    """One PDF page for each layout named; its bytes (also written to `path`)."""
    from reportlab.pdfgen import canvas as pdfcanvas

    _register_fonts()
    names = [layouts] if isinstance(layouts, str) else list(layouts)
    buf = io.BytesIO()
    canvas = pdfcanvas.Canvas(buf, pagesize=(PAGE_W, PAGE_H), invariant=1, **options)
    for name in names:
        draw_page(canvas, page_ops(LAYOUTS[name]))
    canvas.save()
    data = buf.getvalue()
    if path is not None:
        Path(path).write_bytes(data)
    return data


def page_chars(layout: str) -> int:
    return sum(len(op.text) for op in page_ops(LAYOUTS[layout]) if op.kind == "text")


# ---------------------------------------------------------------------------- gold

def _probe(text: str, n: int, end: bool = False) -> str:
    return text[-n:] if end else text[:n]


def gold_articles(layout_name: str, seed: str) -> tuple[list[dict], list[dict]]:
    """The gold articles and non-article text of one page."""
    layout = LAYOUTS[layout_name]
    articles, other = [], []
    for row in layout.rows:
        for module in row:
            story = stories()[module.story]
            paras = [p for p in printed_paragraphs(story, module.max_chars)
                     if not p.startswith("## ")]
            articles.append({
                "id": f"{layout_name}-{module.story}", "seed": seed,
                "title": story["title"], "subtitle": story.get("subtitle"),
                "kicker": story.get("kicker"), "authors": story["authors"],
                "source": story["source"], "dateline": story["dateline"], "date": story["date"] or ISSUE_ISO,
                "body_starts_with": _probe(paras[0], 24),
                "body_ends_with": _probe(paras[-1], 24, end=True),
                "approx_chars": sum(len(p) for p in paras),
                "tags": story["tags"], "tags_optional": story["tags_optional"],
                "places": story["places"], "places_optional": story["places_optional"],
                "duplicate_of": None,
            })
            for text, credit in story.get("captions") or []:
                other.append({"seed": seed, "starts_with": text, "what": "photo caption"})
                if credit:
                    other.append({"seed": seed, "starts_with": credit, "what": "photo credit"})
            for key, what in (("photo_credit", "photo credit"), ("continued", "continuation marker")):
                if story.get(key):
                    other.append({"seed": seed, "starts_with": story[key], "what": what})
            if module.jump:
                other.append({"seed": seed, "starts_with": module.jump, "what": "continuation marker"})
    for text, what in ((ISSUE_DATE, "page header"), (f"{PAGE_NO} {PAGE_NAME}", "page header"),
                       (FOOTER[0], "footer"), (FOOTER[1], "footer")):
        other.append({"seed": seed, "starts_with": text, "what": what})
    return articles, other


def gold(pages: list[tuple[str, str]]) -> dict:
    """The annotation of pages given as (layout, seed) pairs."""
    articles, other = [], []
    for layout, seed in pages:
        a, o = gold_articles(layout, seed)
        articles.extend(a)
        other.extend(o)
    return {"articles": articles, "proposals": [], "non_article_text": other}


def write_gold(path: Path, pages: list[tuple[str, str]]) -> None:
    text = ("# Gold for PDF pages made by tests/pdfgen.py from tests/data/pdf_stories.yaml "
            "(format of tests/data/gold_seeds.yaml)\n")
    text += yaml.safe_dump(gold(pages), allow_unicode=True, sort_keys=False, width=1000)
    Path(path).write_text(text, encoding="utf-8")


def main(argv: list[str]) -> int:
    out = Path(argv[0] if argv else "pdf-pages")
    out.mkdir(parents=True, exist_ok=True)
    pages = []
    for name in LAYOUTS:
        make_pdf(name, out / f"{name}.pdf")
        pages.append((name, f"{name}.pdf"))
        print(f"{out / name}.pdf: {page_chars(name)} characters")
    write_gold(out / "gold.yaml", pages)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
