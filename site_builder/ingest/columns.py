"""Text dumps that print a page's columns side by side (`pdftotext -layout`, some OCR):
read the page's blocks in the order an editor reads the printed page.

In such a dump a line holds a slice of every column, apart by runs of spaces, and a
headline over a story's columns sits across them. The page is cut recursively (the
"XY cut" of document layout analysis): at blank rows across the block (read top to
bottom: bands, stories), else at the widest gutter between columns (read left to
right); when a headline spans the columns below it, the rows above the point where a
gutter opens are cut off first. What cannot be cut is a block of text, one column
wide, read line by line.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from ..models import Line

_GAP = re.compile(r"\S[ \t]{3,}\S")
_RIGHT_COLUMN = re.compile(r" {16,}\S")
MIN_GUTTER = 3       # characters of white between two columns
MAX_DEPTH = 40
ROW_WEIGHT = 3       # a blank row counts as this many characters of white
OFFSET_ROWS = 0.25   # the share of single white rows that marks a column's lines set between another's


def side_by_side(lines: tuple[Line, ...]) -> bool:
    """Many text lines hold runs of text apart by wide gaps, or start far to the right (a
    right column's line on a row of its own): columns laid out in rows."""
    texts = [ln.text.rstrip().replace("\t", "    ") for ln in lines if ln.text.strip()]
    if len(texts) < 6:
        return False
    gapped = sum(1 for t in texts if _GAP.search(t.strip()) or _RIGHT_COLUMN.match(t))
    return gapped >= 0.3 * len(texts)


@dataclass(frozen=True)
class _Block:
    top: int
    bottom: int   # exclusive
    left: int
    right: int    # exclusive


class _Grid:
    def __init__(self, lines: tuple[Line, ...]) -> None:
        self.lines = lines
        self.rows = [ln.text.rstrip().replace("\t", "    ") for ln in lines]
        self.width = max((len(r) for r in self.rows), default=0)

    def blank_at(self, row: int, left: int, right: int) -> bool:
        return not self.rows[row][left:right].strip()

    def gutters(self, block: _Block) -> list[tuple[int, int]]:
        """Runs of columns (start, end) that are white on every row of the block."""
        inked = [False] * (block.right - block.left)
        for row in range(block.top, block.bottom):
            text = self.rows[row]
            for k in range(block.left, min(block.right, len(text))):
                if not text[k].isspace():
                    inked[k - block.left] = True
        return [(block.left + a, block.left + b) for a, b in _blank_runs(inked)
                if b - a >= MIN_GUTTER]

    def blank_rows(self, block: _Block) -> list[tuple[int, int]]:
        """Runs of rows white across the block. Where neighbouring columns' lines sit
        between each other's (their baselines are offset, so the dump gives each its own
        row), every other row of a column is white: such single rows part nothing, and
        only taller runs cut."""
        inked = [not self.blank_at(r, block.left, block.right) for r in range(block.top, block.bottom)]
        runs = [(block.top + a, block.top + b) for a, b in _blank_runs(inked)]
        single = sum(1 for a, b in runs if b - a == 1)
        if single >= OFFSET_ROWS * (block.bottom - block.top):
            runs = [(a, b) for a, b in runs if b - a > 1]
        return runs


def _blank_runs(inked: list[bool]) -> list[tuple[int, int]]:
    """The runs (start, end) of False between two True values (margins are not runs)."""
    runs, start, seen_ink = [], None, False
    for k, ink in enumerate(inked):
        if ink:
            if start is not None and seen_ink:
                runs.append((start, k))
            start, seen_ink = None, True
        elif start is None:
            start = k
    return runs


def _trim(grid: _Grid, block: _Block) -> _Block | None:
    rows = [r for r in range(block.top, block.bottom) if not grid.blank_at(r, block.left, block.right)]
    if not rows:
        return None
    return _Block(rows[0], rows[-1] + 1, block.left, block.right)


def _cut(grid: _Grid, block: _Block, depth: int = 0) -> list[_Block]:
    """The block's leaves in reading order."""
    trimmed = _trim(grid, block)
    if trimmed is None:
        return []
    block = trimmed
    if depth > MAX_DEPTH or block.bottom - block.top <= 1:
        return [block]
    gutters = grid.gutters(block)
    gaps = grid.blank_rows(block)
    wide_gutter = max(gutters, key=lambda g: g[1] - g[0], default=None)
    tall_gap = max(gaps, key=lambda g: g[1] - g[0], default=None)
    # blank rows across the whole block part bands (the header, one story from the next:
    # inside a story the columns' rows never all end together), so they are cut first;
    # then the widest gutter between columns
    if wide_gutter and (not tall_gap or
                        (wide_gutter[1] - wide_gutter[0]) >= ROW_WEIGHT * (tall_gap[1] - tall_gap[0])):
        a, b = wide_gutter
        return (_cut(grid, _Block(block.top, block.bottom, block.left, a), depth + 1)
                + _cut(grid, _Block(block.top, block.bottom, b, block.right), depth + 1))
    if tall_gap:
        a, b = tall_gap
        return (_cut(grid, _Block(block.top, a, block.left, block.right), depth + 1)
                + _cut(grid, _Block(b, block.bottom, block.left, block.right), depth + 1))
    # no white runs through: a headline (or a band) across columns that open below it
    for k in range(block.top + 1, block.bottom):
        if grid.gutters(_Block(k, block.bottom, block.left, block.right)):
            return (_cut(grid, _Block(block.top, k, block.left, block.right), depth + 1)
                    + _cut(grid, _Block(k, block.bottom, block.left, block.right), depth + 1))
    for k in range(block.bottom - 1, block.top, -1):
        if grid.gutters(_Block(block.top, k, block.left, block.right)):
            return (_cut(grid, _Block(block.top, k, block.left, block.right), depth + 1)
                    + _cut(grid, _Block(k, block.bottom, block.left, block.right), depth + 1))
    return [block]


def reorder(lines: tuple[Line, ...]) -> tuple[Line, ...]:
    """The lines of a side-by-side dump, block after block in reading order; each piece
    keeps the number of the line it was printed on, blocks apart by a blank line."""
    grid = _Grid(lines)
    out: list[Line] = []
    for block in _cut(grid, _Block(0, len(lines), 0, grid.width)):
        pieces = [(row, grid.rows[row][block.left:block.right].rstrip())
                  for row in range(block.top, block.bottom)]
        pieces = [(row, piece) for row, piece in pieces if piece]
        # (a paragraph's first line keeps its indent within its column)
        margin = min(len(piece) - len(piece.lstrip()) for _, piece in pieces)
        for row, piece in pieces:
            out.append(Line(lines[row].number, piece[margin:]))
        out.append(Line(lines[block.bottom - 1].number, ""))
    return tuple(out)
