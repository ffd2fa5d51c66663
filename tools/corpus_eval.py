#!/usr/bin/env python3
"""Split the development corpus into its dev and test halves, build each, score each.

    python tools/corpus_eval.py [--corpus ../shared/corpus] [--verbose] [--out DIR]

The split is fixed once and for all: a page belongs to `dev` when the CRC-32 of its
file name is even, otherwise to `test` (31 pages / 92 printed copies against 29 / 90).
Each half is built on its own (seeds of that half only, `newspaper: 人民日报`, as the
corpus README asks) and scored with `site-builder eval` against the gold entries of its
own pages. `--verbose` lists the wrong fields of the dev half only: the test half is
scored, never read.
"""
from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
import zlib
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
HALVES = ("dev", "test")


def half_of(page_name: str) -> str:
    return "dev" if zlib.crc32(page_name.encode("utf-8")) % 2 == 0 else "test"


def split_gold(gold: dict, pages: set[str]) -> dict:
    """The gold entries of the given pages; a duplicate whose canonical copy is on a page
    of the other half is scored as an article with no link (its half cannot see it)."""
    articles = [dict(a) for a in gold.get("articles") or [] if a.get("seed") in pages]
    ids = {a["id"] for a in articles}
    for a in articles:
        if a.get("duplicate_of") and a["duplicate_of"] not in ids:
            a["duplicate_of"] = None
    return {
        "articles": articles,
        "proposals": [p for p in gold.get("proposals") or [] if p.get("article") in ids],
        "non_article_text": [b for b in gold.get("non_article_text") or []
                             if b.get("seed") in pages],
    }


def build_half(corpus: Path, half: str, work: Path) -> tuple[Path, Path]:
    """Copy the half's pages into work/half/seeds, write its gold, build it."""
    folder = work / half
    seeds = folder / "seeds"
    seeds.mkdir(parents=True)
    names = {p.name for p in (corpus / "pages").iterdir() if half_of(p.name) == half}
    for name in sorted(names):
        shutil.copyfile(corpus / "pages" / name, seeds / name)
    gold = yaml.safe_load((corpus / "gold.yaml").read_text(encoding="utf-8"))
    gold_path = folder / "gold.yaml"
    gold_path.write_text(yaml.safe_dump(split_gold(gold, names), allow_unicode=True),
                         encoding="utf-8")
    (folder / "site.yaml").write_text("newspaper: 人民日报\n", encoding="utf-8")
    subprocess.run([sys.executable, "-m", "site_builder", "build", "--quiet", "--no-cache",
                    "--jobs", "2"], cwd=folder, check=False)
    return folder / "content", gold_path


def score(folder: Path, gold_path: Path, verbose: bool) -> str:
    cmd = [sys.executable, "-m", "site_builder", "eval", str(gold_path)]
    if verbose:
        cmd.append("--verbose")
    out = subprocess.run(cmd, cwd=folder, capture_output=True, text=True, check=False)
    return (out.stdout + out.stderr).strip()


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--corpus", type=Path, default=ROOT.parent / "shared" / "corpus")
    ap.add_argument("--verbose", action="store_true", help="list the dev half's wrong fields")
    ap.add_argument("--out", type=Path, help="keep the built halves here (default: a temp dir)")
    ap.add_argument("--json", action="store_true", help="print the summaries as JSON")
    args = ap.parse_args(argv)
    if not (args.corpus / "gold.yaml").is_file():
        print(f"{args.corpus}: no corpus here (gold.yaml not found)", file=sys.stderr)
        return 2
    work = args.out or Path(tempfile.mkdtemp(prefix="corpus-eval-"))
    if args.out and args.out.exists():
        shutil.rmtree(args.out)
    results = {}
    for half in HALVES:
        content, gold_path = build_half(args.corpus, half, work)
        text = score(content.parent, gold_path, args.verbose and half == "dev")
        lines = text.splitlines()
        if half == "dev" and args.verbose:
            print("\n".join(lines[:-1]))
        results[half] = lines[-1] if lines else "(no output)"
    if not args.out:
        shutil.rmtree(work)
    if args.json:
        print(json.dumps(results, ensure_ascii=False))
    else:
        for half in HALVES:
            print(f"{half}: {results[half]}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
