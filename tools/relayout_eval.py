#!/usr/bin/env python3
"""Score the corpus dev half laid out again in other shapes: a check that the page model
generalises beyond the layouts it was read on, without looking at the test half.

    python tools/relayout_eval.py [--corpus ../shared/corpus] [--verbose SHAPE]

Shapes: `wrapped` (every page hard-wrapped at 20 columns, Markdown marks and indents
dropped, no blank lines kept between paragraphs), `blank-wrapped` (hard-wrapped, blank
lines kept), `half-width` (full-width punctuation printed half-width, as some web copies
do).
"""
from __future__ import annotations

import argparse
import re
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


SHAPES = {
    "wrapped": lambda t: wrap(t),
    "blank-wrapped": lambda t: wrap(t, keep_blank=True),
    "half-width": lambda t: t.translate(HALF),
}


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--corpus", type=Path, default=ROOT.parent / "shared" / "corpus")
    ap.add_argument("--verbose", metavar="SHAPE", help="list the wrong fields of one shape")
    args = ap.parse_args(argv)
    gold = yaml.safe_load((args.corpus / "gold.yaml").read_text(encoding="utf-8"))
    pages = sorted(p for p in (args.corpus / "pages").iterdir() if half_of(p.name) == "dev")
    for shape, transform in SHAPES.items():
        with tempfile.TemporaryDirectory() as work:
            folder = Path(work)
            (folder / "seeds").mkdir()
            for page in pages:
                text = "\n".join(line.text for line in read_page(page).lines)
                (folder / "seeds" / page.name).write_text(transform(text), encoding="utf-8")
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
            print(f"{shape}: {out.strip().splitlines()[-1] if out.strip() else '(no output)'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
