#!/usr/bin/env python3
"""Score the corpus's dev-half stories laid out on new pages by the corpus's own layout
engine: many more layouts than the dev half prints, none of the test half's stories.

    python tools/synth_eval.py [--corpus ../shared/corpus] [--pages 60] [--seed 1] [--verbose]
                               [--keep DIR]

The corpus builds its pages with make_pages.py (layout.py): the page kinds, header and
footer furniture, wrap widths, indents, blank lines, headlines after their bodies, glued,
boxed or trailing bylines, column labels set apart, captions (before, among or after the
paragraphs, split or combined), blank lines where a column breaks a paragraph, Markdown
marks and interleaved columns. This tool
imports those functions, takes only the stories printed on dev pages (tools/corpus_eval.py's
split), and draws `--pages` new pages of 2-5 of them with random options (fixed seed; a
raw page's stories share its indent and blank lines, as printed pages do),
writing pages and gold the way make_pages.py does; then builds them with `newspaper:
人民日报` and scores them with `site-builder eval`. A rule that lifts the dev half but not
these pages is fitted to the dev half's layouts.
"""
from __future__ import annotations

import argparse
import random
import subprocess
import sys
import tempfile
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tools"))
from corpus_eval import half_of, score  # noqa: E402

# What a story on a synthetic page may be given (make_pages.render's options).
RAW_WIDTHS = range(10, 25)
BYLINES = ("line", "line", "glued", "after", "box")
LABELS = (None, None, "paren", "pipe", "bare")
CAPTIONS = ("before", "after", "mid", "none")
# the page kinds drawn (`--styles`); `web` (a feed of web copies) and `epaper` (e-paper
# copies) as the corpus prints them are asked for by name
STYLES = ("raw", "raw", "plain", "md")


def dev_story_ids(corpus: Path) -> list[str]:
    """The ids of the articles printed in full on dev pages (no parts, no second copies)."""
    gold = yaml.safe_load((corpus / "gold.yaml").read_text(encoding="utf-8"))
    return sorted({a["id"] for a in gold["articles"]
                   if half_of(a["seed"]) == "dev" and not a.get("duplicate_of")
                   and not a.get("continued")})


def page_options(rng: random.Random) -> dict:
    """A raw page's body setting: its stories share the indent and blank lines (as the
    corpus's pages and printed pages do); column widths may differ between stories."""
    indent = rng.random() < 0.5
    return {"width": rng.choice(RAW_WIDTHS), "indent": indent,
            "blank": (not indent) or rng.random() < 0.2}


def story_options(rng: random.Random, style: str, page: dict) -> dict:
    o: dict = {"byline": rng.choice(BYLINES), "label_out": rng.choice(LABELS),
               "caps": rng.choice(CAPTIONS), "cap_form": rng.choice(("split", "combined")),
               "head_after": rng.random() < 0.25}
    if style == "raw":
        o.update(page)
        if rng.random() < 0.25:
            o["width"] = rng.choice(RAW_WIDTHS)
        if rng.random() < 0.15:
            o["head_form"] = "split"
        if rng.random() < 0.15:  # a blank line where a column breaks a paragraph
            o["colbreak"] = rng.randint(1, 6)
    if style == "md":
        o.update(tmark=rng.choice(("# ", "## ", "**")), hmark=rng.choice(("### ", "**")),
                 kmark=rng.choice(("### ", "> ")))
    return {k: v for k, v in o.items() if v is not None}


def web_page(mp, page, articles: dict, chosen: list[str], rng: random.Random) -> None:
    """A dump of web copies (make_pages.web_story: time stamp, source lines, bylines in
    the head), one after another as a feed prints them, or in a print view."""
    style = rng.choice(("plain", "plain", "raw"))
    # (a web copy has a headline: an untitled piece of a printed page is left out; and a
    # time stamp: a printed story's date gets a time of day)
    for k, aid in enumerate(a for a in chosen if articles[a].get("title")):
        story = articles[aid]
        if len(story["published"]) <= 10:
            articles = {**articles, aid: {**story, "published": story["published"] + " 08:00"}}
        if k:
            page.furn("------------------------------", "feed dump separator",
                      "------------------------------")
            page.blank()
        mp.web_story(page, articles, aid, style=style, width=rng.choice(RAW_WIDTHS),
                     blank=rng.random() < 0.5)


def epaper_page(mp, page, articles: dict, chosen: list[str], date: str, number: int) -> None:
    """E-paper copies: headline, the meta line (作者/来源/日期) and the issue reference."""
    for aid in chosen:
        mp.put(page, articles, aid, "epaper", byline="meta", epaper_date=date[:10],
               page_label=f"第{number:02d}版", blank=False)
        page.blank()


def make_pages(mp, articles: dict, ids: list[str], count: int, seed: int,
               styles: tuple[str, ...] = STYLES):
    """`count` pages of dev stories in random layouts, built with make_pages' own functions."""
    rng = random.Random(seed)
    mp.RNG.seed(seed)  # the engine's own jitter and invented editor names
    # each story is printed once (a second printing would be a duplicate the gold does not
    # list), so the set holds as many pages as the dev stories fill
    pool = list(ids)
    rng.shuffle(pool)
    pages = []
    for n in range(1, count + 1):
        if len(pool) < 2:
            break
        style = rng.choice(styles)
        chosen = pool[:rng.randint(2, 5)]
        pool = pool[len(chosen):]
        date = mp.pd_date(articles, chosen[0])
        page = mp.Page(f"sy-{n:03d}.txt", kind=style, date=date,
                       enc=rng.choice(("utf-8", "utf-8", "gb18030")),
                       nl=rng.choice(("\n", "\n", "\r\n")))
        if style in ("web", "epaper"):
            if style == "web":
                web_page(mp, page, articles, chosen, rng)
            else:
                epaper_page(mp, page, articles, chosen, date, rng.randint(1, 16))
            pages.append(page)
            continue
        mp.header_pd(page, date, rng.randint(1, 16), rng.choice(("要闻", "两会特刊", "经济")),
                     "md" if style == "md" else rng.choice(("masthead", "short", "line")))
        setting = page_options(rng)
        stories = [mp.story(page, articles, aid, style, **story_options(rng, style, setting))
                   for aid in chosen]
        if style == "raw" and len(stories) >= 3 and rng.random() < 0.2:
            mp.place(page, stories[0], interleave_with=stories[1], at=0.5)
            stories = stories[2:]
        for st in stories:
            mp.place(page, st)
        mp.footer_pd(page, rng.choice(("editors", "hotline", "mail")))
        pages.append(page)
    return pages


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--corpus", type=Path, default=ROOT.parent / "shared" / "corpus")
    ap.add_argument("--pages", type=int, default=40, help="at most this many pages")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--verbose", action="store_true", help="list the wrong fields")
    ap.add_argument("--keep", type=Path, help="build in this folder (to read the pages)")
    ap.add_argument("--styles", default=",".join(STYLES),
                    help="page kinds to draw from, repeated to weigh them (raw, plain, md, web, "
                         "epaper; default %(default)s)")
    args = ap.parse_args(argv)
    sys.path.insert(0, str(args.corpus))
    import make_pages as mp  # the corpus's layout engine

    articles = mp.load_articles()
    ids = [i for i in dev_story_ids(args.corpus) if i in articles]
    with tempfile.TemporaryDirectory() as tmp:
        folder = args.keep or Path(tmp)
        seeds = folder / "seeds"
        seeds.mkdir(parents=True, exist_ok=True)
        pages = make_pages(mp, articles, ids, args.pages, args.seed, tuple(args.styles.split(",")))
        gold = {"articles": [], "proposals": [], "non_article_text": []}
        for page in pages:
            page.write(seeds)
            gold["articles"] += page.entries
            gold["proposals"] += page.props
            gold["non_article_text"] += page.furniture
        (folder / "gold.yaml").write_text(yaml.safe_dump(gold, allow_unicode=True), encoding="utf-8")
        (folder / "site.yaml").write_text("newspaper: 人民日报\n", encoding="utf-8")
        subprocess.run([sys.executable, "-m", "site_builder", "ingest", "--quiet", "--no-cache",
                        "--jobs", "2"], cwd=folder, check=False)
        print(score(folder, folder / "gold.yaml", args.verbose))
    return 0


if __name__ == "__main__":
    sys.exit(main())
