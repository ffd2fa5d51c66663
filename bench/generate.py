"""A deterministic archive of N raw newspaper articles for the benchmark.

Sentences of the sample pages (seeds/*.txt) are recombined into new paragraphs and
new stories; numbers are redrawn and titles are built from clause fragments plus a
serial, so every story has its own ID and text (the duplicate detector sees an
archive of different stories, as in a real paper, not thousands of reprints).
Pages look like the Markdown-ish dumps of the samples: a header line naming the paper,
the day and the page (`人民日报　2015年1月8日　第03版`), then several stories,
each with a `# headline`, sometimes a `## subtitle`, a byline, a dateline opening
the first paragraph, and body paragraphs. About 100 articles a day, as a daily.

    python bench/generate.py --articles 10000 --out /tmp/archive/seeds

With `--shared-paragraphs N`, every story is assembled from one to three paragraphs of
its own and one to four of a pool of N stock paragraphs shared by the whole archive
(boilerplate, stock descriptions of a place or a programme): stories that share
paragraphs are not the same story, and the duplicate detector must not say they are.
"""
from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import random
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PER_DAY = 100
SWAP = 0.5      # share of words replaced in each recombined sentence
REPRINT = 0.02  # share of stories that reprint an earlier story (the duplicate detector's work)
STORIES_PER_PAGE = (2, 6)
PLACES = ("呼和浩特", "包头", "满洲里", "二连浩特", "鄂尔多斯", "赤峰", "通辽", "乌兰察布",
          "巴彦淖尔", "乌海", "锡林浩特", "海拉尔", "阿尔山", "北京", "策克")
SURNAMES = "王李张刘陈杨赵黄周吴徐孙马胡朱郭何罗高林"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华建国志红"
_SENTENCE = re.compile(r"[^。！？]*[。！？]")
_CJK = re.compile(r"[\u4e00-\u9fff]")


def _paragraphs(text: str) -> list[str]:
    """Blank-line separated paragraphs with hard-wrapped lines joined."""
    out = []
    for block in re.split(r"\n\s*\n", text.replace("\r\n", "\n")):
        lines = [line.strip() for line in block.splitlines() if line.strip()]
        if not lines or lines[0].startswith("#"):
            continue
        out.append("".join(lines).replace("■", "").replace("□", ""))
    return out


def sentence_pool(seeds: Path) -> list[str]:
    sentences: list[str] = []
    for path in sorted(seeds.glob("*.txt")):
        for para in _paragraphs(path.read_text("utf-8", errors="replace")):
            for s in _SENTENCE.findall(para):
                s = s.strip()
                if 12 <= len(s) <= 160 and len(_CJK.findall(s)) > len(s) * 0.6 \
                        and not re.match(r"^(?:新华社|本报|记者|（)", s):
                    sentences.append(s)
    return sorted(set(sentences))


def vocabulary(pool: list[str]) -> tuple[list[list[str]], dict[int, list[str]]]:
    """Each sentence as jieba words, and the pool's CJK words by length."""
    import logging

    import jieba
    logging.getLogger("jieba").setLevel(logging.WARNING)
    words = [jieba.lcut(s) for s in pool]
    by_length: dict[int, set[str]] = {}
    for sentence in words:
        for word in sentence:
            if _CJK.fullmatch(word[0]) and all(_CJK.match(c) for c in word):
                by_length.setdefault(len(word), set()).add(word)
    return words, {n: sorted(ws) for n, ws in by_length.items()}


def _mutate(words: list[str], by_length: dict[int, list[str]], rng: random.Random) -> str:
    """A sentence with about half of its Chinese words swapped for others of the same length:
    it reads like the paper (same vocabulary, places, topic words) but is a new text."""
    out = []
    for word in words:
        choices = by_length.get(len(word)) if _CJK.match(word[0]) else None
        out.append(rng.choice(choices) if choices and rng.random() < SWAP else word)
    return "".join(out)


def _redraw_numbers(text: str, rng: random.Random) -> str:
    return re.sub(r"\d+", lambda m: str(rng.randint(1, 10 ** min(len(m.group()), 4) - 1)), text)


def _name(rng: random.Random) -> str:
    return rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.randint(1, 2)))


def _title(rng: random.Random, pool: list[str], serial: int) -> str:
    clauses = [c for c in re.split(r"[，。；：！？、“”]", rng.choice(pool)) if 4 <= len(c) <= 14]
    head = clauses[0] if clauses else rng.choice(PLACES) + "新观察"
    return f"{rng.choice(PLACES)}{head}（{serial}）"


def _paragraph(words, rng: random.Random) -> str:
    """A new paragraph of one to four recombined sentences of the samples."""
    sentences, by_length = words
    picked = rng.sample(sentences, rng.randint(1, 4))
    return _redraw_numbers("".join(_mutate(w, by_length, rng) for w in picked), rng)


def story(rng: random.Random, pool: list[str], words, serial: int, day: dt.date,
          printed: list[list[str]], stock: list[str] | None = None) -> str:
    lines = [f"# {_title(rng, pool, serial)}", ""]
    if rng.random() < 0.3:
        lines += [f"## ——{rng.choice(PLACES)}{rng.choice(['一线见闻', '调查', '观察', '纪实'])}", ""]
    lines += [f"本报记者 {_name(rng)} {_name(rng)}", ""]
    if printed and rng.random() < REPRINT:
        paragraphs = list(rng.choice(printed[-500:]))
    elif stock:
        paragraphs = [_paragraph(words, rng) for _ in range(rng.randint(1, 3))]
        paragraphs += rng.sample(stock, min(len(stock), rng.randint(1, 4)))
        rng.shuffle(paragraphs)
        printed.append(paragraphs)
    else:
        paragraphs = [_paragraph(words, rng) for _ in range(rng.randint(4, 12))]
        printed.append(paragraphs)
    dateline = f"新华社{rng.choice(PLACES)}{day.month}月{day.day}日电 {day.year}年以来，"
    paragraphs = [dateline + paragraphs[0]] + paragraphs[1:]
    for para in paragraphs:
        lines += [para, ""]
    return "\n".join(lines)


def generate(articles: int, out: Path, seeds: Path = ROOT / "seeds", seed: int = 7,
             shared_paragraphs: int = 0) -> int:
    """Write pages holding `articles` stories into `out`; returns the number of pages.
    `shared_paragraphs`: the size of a pool of stock paragraphs every story draws from
    (0: none, each story is made of its own paragraphs)."""
    pool = sentence_pool(seeds)
    if not pool:
        raise SystemExit(f"no sentences found in {seeds}")
    words = vocabulary(pool)
    printed: list[list[str]] = []
    out.mkdir(parents=True, exist_ok=True)
    rng = random.Random(seed)
    stock = [_paragraph(words, rng) for _ in range(shared_paragraphs)]
    serial = pages = 0
    page_of_day, day = 0, None
    while serial < articles:
        count = min(rng.randint(*STORIES_PER_PAGE), articles - serial)
        page_of_day = page_of_day + 1 if _day(serial) == day else 1
        day = _day(serial)
        _write_page(out, pages, _header(day, page_of_day) + "\n".join(
            story(rng, pool, words, serial + k + 1, day, printed, stock)
            for k in range(count)))
        serial += count
        pages += 1
    return pages


def _header(day: dt.date, page: int) -> str:
    """The page's header line, as printed pages and their dumps carry one: without it a
    story's year would be guessed from the redrawn numbers of its text."""
    return f"人民日报　{day.year}年{day.month}月{day.day}日　第{page:02d}版\n\n"


def add_page(out: Path, after: int, stories: int = 4, seeds: Path = ROOT / "seeds",
             seed: int = 7) -> Path:
    """A new page of `stories` new stories, as the next day's paper after an archive of
    `after` articles (the daily case: one page added to an archive)."""
    pool = sentence_pool(seeds)
    words = vocabulary(pool)
    rng = random.Random(seed * 1_000_003 + after)
    day = _day(after + PER_DAY)
    text = _header(day, 1) + "\n".join(story(rng, pool, words, after + k + 1, day, [])
                                        for k in range(stories))
    return _write_page(out, 900_000 + after, text)


def edit_one_page(seeds: Path, run: int) -> None:
    """Add a sentence to the middle page's first wire story (the benchmark's edit; `run`
    numbers the sentence, so each run makes a new edit)."""
    pages = sorted(seeds.glob("*.txt"))
    page = pages[len(pages) // 2]
    paragraphs = page.read_text("utf-8").split("\n\n")
    for i, para in enumerate(paragraphs):
        if para.startswith("新华社"):
            paragraphs[i] = para + f"据统计，第{run + 1}批项目已经开工。"
            break
    page.write_text("\n\n".join(paragraphs), encoding="utf-8")


def _day(serial: int) -> dt.date:
    return dt.date(2015, 1, 1) + dt.timedelta(days=serial // PER_DAY)


def _write_page(out: Path, number: int, text: str) -> Path:
    path = out / f"{number:06d}_{hashlib.sha256(text.encode()).hexdigest()[:12]}.txt"
    path.write_text(text, encoding="utf-8")
    return path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--shared-paragraphs", type=int, default=0, metavar="N",
                        help="assemble stories partly from a pool of N shared paragraphs")
    args = parser.parse_args()
    pages = generate(args.articles, args.out, seed=args.seed,
                     shared_paragraphs=args.shared_paragraphs)
    print(f"{args.articles} articles on {pages} pages in {args.out}")


if __name__ == "__main__":
    main()
