#!/usr/bin/env python3
"""Score the corpus dev half laid out again in other shapes: a check that the page model
generalises beyond the layouts it was read on, without looking at the test half.

    python tools/relayout_eval.py [--corpus ../shared/corpus] [--verbose SHAPE]

Shapes: `wrapped` (every page hard-wrapped at 20 columns, Markdown marks and indents
dropped, no blank lines kept between paragraphs), `blank-wrapped` (hard-wrapped, blank
lines kept), `half-width` (full-width punctuation printed half-width, as some web copies
do), `raw-W-indent` / `raw-W-blank` (the pages of one paragraph a line laid out as raw
dumps: body wrapped at W columns, indented or apart by blank lines, display lines whole).
"""
from __future__ import annotations

import argparse
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tools"))
sys.path.insert(0, str(ROOT))
from corpus_eval import half_of, split_gold  # noqa: E402
from site_builder.ingest.read import read_page  # noqa: E402

HALF = str.maketrans({"，": ",", "：": ":", "；": ";", "（": "(", "）": ")", "！": "!", "？": "?"})


def wrap(text: str, width: int = 20, keep_blank: bool = False) -> str:
    out = []
    for line in text.split("\n"):
        line = re.sub(r"^#+\s*|\*\*", "", line.strip().lstrip("\u3000"))
        if not line:
            if keep_blank:
                out.append("")
            continue
        out.extend([line] if len(line) <= width + 3 else
                   [line[i:i + width] for i in range(0, len(line), width)])
    return "\n".join(out)


def raw(text: str, width: int, indent: bool, blank: bool) -> str:
    """A page of one paragraph per line laid out as a raw PDF dump is: body paragraphs
    wrapped at `width` (first line indented, or paragraphs apart by blank lines),
    display lines (short, unpunctuated at the end) kept whole, Markdown marks dropped."""
    out = []
    for line in text.split("\n"):
        line = re.sub(r"^(?:#+|>)\s*|\*\*", "", line.strip().lstrip("\u3000"))
        if not line:
            continue
        if re.fullmatch(r"!\[[^\]]*\]\([^)]*\)", line):
            continue  # a text dump of a printed page holds no Markdown image
        display = len(line) <= 60 and not re.search(r"[。！？…][”’）)]*$", line)
        if blank and out:
            out.append("")
        if display:
            out.append(line)
            continue
        # (an indent takes two cells of the first line, as typesetters set it)
        out.extend(_wrap_width(("\u3000\u3000" if indent else "") + line, width, width))
    return "\n".join(out)


def _wrap_width(text: str, first: int, width: int) -> list[str]:
    """Lines of `width` display cells (CJK 1, half-width 0.5); closing punctuation may
    overhang one cell, as typesetters allow."""
    lines, line, used, limit = [], "", 0.0, first
    for ch in text:
        cell = 1.0 if ord(ch) > 0x2000 else 0.5
        if used + cell > limit and line and ch not in "，。、；：！？”）》":
            lines.append(line)
            line, used, limit = "", 0.0, width
        line += ch
        used += cell
    if line:
        lines.append(line)
    return lines


def _norm(text: str) -> str:
    return re.sub(r"\s+|[*#>]", "", text or "")


def trailing(text: str, articles: list[dict]) -> str:
    """Each story's headline lines (kicker, headline, subtitle) moved from above its
    body to below it, as raw pages often print them."""
    lines = text.split("\n")
    for art in articles:
        heads = [h for h in (art.get("kicker"), art.get("title"), art.get("subtitle")) if h]
        at = [i for i, line in enumerate(lines) if _norm(line) and _norm(line) in {_norm(h) for h in heads}]
        end = next((i for i, line in enumerate(lines) if _norm(art["body_ends_with"])[-10:] in _norm(line)), None)
        if not at or end is None or max(at) > end:
            continue
        block = [lines[i] for i in at]
        for i in reversed(at):
            del lines[i]
        end -= len(at)
        lines[end + 1:end + 1] = [""] + block + [""]
    return "\n".join(lines)


SHAPES = {
    "wrapped": lambda t: wrap(t),
    "blank-wrapped": lambda t: wrap(t, keep_blank=True),
    "half-width": lambda t: t.translate(HALF),
    "raw-11-indent": lambda t: raw(t, 11, True, False),
    "raw-13-indent": lambda t: raw(t, 13, True, False),
    "raw-17-blank": lambda t: raw(t, 17, False, True),
    "raw-22-blank": lambda t: raw(t, 22, False, True),
    "trailing-18-blank": None,   # headlines after their bodies, then raw at 18 columns
}
# pages already printed raw are not laid out again in the raw shapes
RAW_PAGES = {"dc-009.txt", "dc-012.txt", "dc-014.txt", "dc-016.txt", "dc-017.txt", "dc-021.txt",
             "dc-022.txt", "dc-024.txt", "dc-026.txt", "dc-027.txt", "dc-039.txt", "dc-053.txt",
             "dc-056.txt", "dc-057.txt"}


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--corpus", type=Path, default=ROOT.parent / "shared" / "corpus")
    ap.add_argument("--verbose", metavar="SHAPE", help="list the wrong fields of one shape")
    ap.add_argument("--keep", type=Path, metavar="DIR",
                    help="also write the pages of the --verbose shape to DIR (to read them)")
    args = ap.parse_args(argv)
    gold = yaml.safe_load((args.corpus / "gold.yaml").read_text(encoding="utf-8"))
    pages = sorted(p for p in (args.corpus / "pages").iterdir() if half_of(p.name) == "dev")
    for shape, transform in SHAPES.items():
        with tempfile.TemporaryDirectory() as work:
            folder = Path(work)
            (folder / "seeds").mkdir()
            for page in pages:
                text = "\n".join(line.text for line in read_page(page).lines)
                if shape.startswith("trailing") and page.name not in RAW_PAGES:
                    mine = [a for a in gold["articles"] if a["seed"] == page.name]
                    text = raw(trailing(text, mine), 18, False, True)
                elif shape.startswith("raw") and page.name not in RAW_PAGES or not (
                        shape.startswith(("raw", "trailing"))):
                    text = transform(text)
                (folder / "seeds" / page.name).write_text(text, encoding="utf-8")
            (folder / "gold.yaml").write_text(yaml.safe_dump(
                split_gold(gold, {p.name for p in pages}), allow_unicode=True), encoding="utf-8")
            (folder / "site.yaml").write_text("newspaper: 人民日报\n", encoding="utf-8")
            subprocess.run([sys.executable, "-m", "site_builder", "ingest", "--quiet", "--no-cache"],
                           cwd=folder, check=False)
            cmd = [sys.executable, "-m", "site_builder", "eval", "gold.yaml"]
            if args.verbose == shape:
                cmd.append("--verbose")
            out = subprocess.run(cmd, cwd=folder, capture_output=True, text=True).stdout
            if args.verbose == shape:
                print(out)
                if args.keep:
                    shutil.copytree(folder / "seeds", args.keep, dirs_exist_ok=True)
            print(f"{shape}: {out.strip().splitlines()[-1] if out.strip() else '(no output)'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
