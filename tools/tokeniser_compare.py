"""Does another segmentation engine give the project's jieba tokens, and how fast is it?

    python tools/tokeniser_compare.py [--engine rjieba|rjieba-plain] [--examples 8]
                                      [--raw] [--fuzz N]

Engines: `rjieba` is the project's engine (site_builder.nlp.make_cut: jieba-rs loaded
with jieba's own prefix dictionary, frequencies and total, its Latin/digit runs split
as jieba's HMM step splits them); `rjieba-plain` is rjieba as it comes (its embedded
dictionary plus the words nlp.py adds), to show what differs without those two fixes.

For each input set (the shipped samples in seeds/, ../shared/devset/pages and
../shared/corpus/pages, the latter two when ../shared is there) every page is read
and split into stories by the project's own ingest, and every text that nlp.py
segments while it enriches a story (the head line of title/subtitle/kicker, the body,
a deputy's affiliation, the few characters before an address) is recorded. Each text
is then cut by the project's jieba tokeniser (site_builder.nlp.Nlp: a private
jieba.Tokenizer with the domain dictionary, HMM on) and by the other engine loaded with
the very same words and frequencies, through the same filter (Markdown marks removed,
whitespace tokens dropped). With --raw, each page's whole text is cut as well (every
line of the dump, furniture included), as a harder test than the stories. With
--fuzz N, N random strings (dictionary words, CJK, Latin, digits, +#&._%-, full-width
forms, punctuation, whitespace) are cut too.

Printed per set: stories, stories with identical tokens, and the first differences,
each described by type; then the time per 2,800-character story and for the whole
set, for each engine, and each engine's startup (dictionary loading). Exits 1 when
any token list differs.
"""
from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SHARED = REPO.parent / "shared"
sys.path.insert(0, str(REPO))

from site_builder.config import SiteConfig  # noqa: E402
from site_builder.ingest.page import articles_from_page  # noqa: E402
from site_builder.ingest.read import read_page  # noqa: E402
from site_builder import nlp as nlp_module  # noqa: E402
from site_builder.nlp import Nlp  # noqa: E402

STORY_CHARS = 2800


def input_sets() -> list[tuple[str, Path, str]]:
    sets = [("samples", REPO / "seeds", "内蒙古日报")]
    if (SHARED / "devset" / "pages").is_dir():
        sets.append(("devset", SHARED / "devset" / "pages", "人民日报"))
    if (SHARED / "corpus" / "pages").is_dir():
        sets.append(("corpus", SHARED / "corpus" / "pages", "人民日报"))
    return sets


def story_texts(nlp: Nlp, folder: Path, newspaper: str, raw: bool = False
                ) -> tuple[list[list[str]], list[str]]:
    """Per story, the texts nlp.tokens() is given while the story is enriched; and
    (with raw) each page's whole text."""
    recorded: list[str] = []
    real = nlp.tokens

    def recording(text: str) -> list[str]:
        recorded.append(text)
        return real(text)

    nlp.tokens = recording  # type: ignore[method-assign]
    stories, pages = [], []
    try:
        for path in sorted(folder.iterdir()):
            if path.suffix.lower() not in (".txt", ".md"):
                continue
            page = read_page(path)
            if raw:
                pages.append("\n".join(line.text for line in page.lines))
            for article in articles_from_page(page, newspaper).articles:
                recorded.clear()
                nlp.enrich(article)
                stories.append(list(recorded))
    finally:
        del nlp.tokens
    return stories, pages


# ------------------------------------------------------------------ engines

class JiebaEngine:
    """The reference: the project's own tokeniser, exactly as nlp.py cuts."""

    name = "jieba"

    def __init__(self, nlp: Nlp) -> None:
        self.nlp = nlp

    def tokens(self, text: str) -> list[str]:
        text = nlp_module._MARKUP.sub("", text)
        return [t for t in self.nlp.tokenizer.lcut(text, HMM=True) if t.strip()]


class ProjectEngine:
    """The engine nlp.py uses (make_cut), timed from its start."""

    name = "rjieba"

    def __init__(self, nlp: Nlp) -> None:
        started = time.perf_counter()
        self.label, self.cut = nlp_module.make_cut(nlp.tokenizer, "rjieba")
        self.startup_seconds = time.perf_counter() - started
        self.note = (f"{self.label}: jieba's {len(nlp.tokenizer.FREQ):,} prefix-dictionary "
                     "entries copied in, on top of jieba's start, whose dictionary it needs")

    def tokens(self, text: str) -> list[str]:
        return self.cut(nlp_module._MARKUP.sub("", text))


class RjiebaEngine:
    """rjieba (jieba-rs) as it comes: its embedded jieba dictionary plus the words
    nlp.py adds, with the frequencies nlp.py gives them (decided against jieba's FREQ,
    as nlp.py does); its own cutting of Latin/digit runs."""

    name = "rjieba-plain"

    def __init__(self, nlp: Nlp) -> None:
        import rjieba
        self.module = rjieba
        started = time.perf_counter()
        self.jieba = rjieba.Jieba()
        self.load_seconds = time.perf_counter() - started
        words = added_words(nlp)
        started = time.perf_counter()
        for word, freq, tag in words:
            self.jieba.add_word(word, freq, tag)
        self.startup_seconds = self.load_seconds + time.perf_counter() - started
        self.note = (f"embedded dictionary {self.load_seconds * 1000:.0f} ms "
                     f"+ {len(words)} added words")

    def tokens(self, text: str) -> list[str]:
        text = nlp_module._MARKUP.sub("", text)
        return [t for t in self.jieba.cut(text, True) if t.strip()]


def added_words(nlp: Nlp) -> list[tuple[str, int, str | None]]:
    """The words nlp.py adds to jieba's dictionary, in its order, with its frequencies:
    replayed on a fresh jieba tokeniser so that the 'not in the dictionary yet' checks
    see what nlp.py's saw."""
    import jieba
    probe = jieba.Tokenizer()
    probe.FREQ, probe.total = dict(_stock_freq(nlp)), 0
    words: list[tuple[str, int, str | None]] = []

    def add(word: str, freq: int, tag: str | None) -> None:
        probe.add_word(word, freq, tag)
        words.append((word, freq, tag))

    for word, freq, tag in nlp_module._read_userdict():
        add(word, freq or nlp_module.DOMAIN_FREQ, tag)
    for form in sorted(nlp.gazetteer.forms):
        if not probe.FREQ.get(form):
            add(form, nlp_module.PLACE_FREQ, "ns")
    for term in sorted(nlp.taxonomy.terms()):
        if not probe.FREQ.get(term):
            add(term, nlp_module.DOMAIN_FREQ, None)
    assert probe.FREQ == nlp.tokenizer.FREQ, "replay differs from nlp.py's dictionary"
    return words


def _stock_freq(nlp: Nlp) -> dict[str, int]:
    import marshal
    cache = Path(nlp.config.path("cache")) / "jieba.cache"
    freq, _total = marshal.loads(cache.read_bytes())
    return freq


ENGINES = {"rjieba": ProjectEngine, "rjieba-plain": RjiebaEngine}


# ------------------------------------------------------------------ differences

def describe(ref: list[str], other: list[str], nlp: Nlp, added: set[str]) -> str:
    """The first place two token lists part, and what kind of difference it is."""
    i = 0
    while i < min(len(ref), len(other)) and ref[i] == other[i]:
        i += 1
    # widen to the shortest stretch after which both lists are aligned again
    a, b = i, i
    pa, pb = len("".join(ref[:a])), len("".join(other[:b]))
    pa += len(ref[a]) if a < len(ref) else 0
    pb += len(other[b]) if b < len(other) else 0
    a, b = a + 1, b + 1
    while pa != pb and a <= len(ref) and b <= len(other):
        if pa < pb:
            pa += len(ref[a]) if a < len(ref) else 0
            a += 1
        else:
            pb += len(other[b]) if b < len(other) else 0
            b += 1
    mine, theirs = ref[i:a], other[i:b]
    freq = nlp.tokenizer.FREQ
    if not any(map(_cjk, mine + theirs)):
        kind = "Latin/digit run jieba's HMM step splits (on - . _)"
    elif any(t in added for t in mine) or any(t in added for t in theirs):
        kind = "user-dictionary word split" if any(t in added for t in mine) \
            else "user-dictionary word made"
    elif any(len(t) > 1 and not freq.get(t) for t in mine + theirs):
        kind = "HMM new-word"
    else:
        kind = "dictionary path (DAG/frequency)"
    context = "".join(ref[max(0, i - 3):i])
    return f"{kind}: …{context}| jieba {' / '.join(mine)}  vs  {' / '.join(theirs)}"


def _cjk(token: str) -> bool:
    return bool(nlp_module._CJK.search(token))


def fuzz_texts(nlp: Nlp, count: int, seed: int = 17) -> list[list[str]]:
    """`count` random strings, each one 'story' of one text."""
    import random

    rng = random.Random(seed)
    words = [w for w, f in list(nlp.tokenizer.FREQ.items())[::50] if f]
    alphabet = list("abcXYZ0123456789+#&._%-—–/:@,， 。、（）()《》·\t\n　１２ＡＢ－．％") \
        + list("的一是了在人中国年月日港口岸满洲里")
    texts = []
    for _ in range(count):
        parts = [rng.choice(words) if rng.random() < 0.4 else
                 "".join(rng.choice(alphabet) for _ in range(rng.randint(1, 6)))
                 for _ in range(rng.randint(1, 12))]
        texts.append(["".join(parts)])
    return texts


# ------------------------------------------------------------------ timing

def per_story_ms(engine, texts: list[str], repeat: int = 3) -> float:
    """Median ms to cut one story, scaled to STORY_CHARS characters."""
    chars = sum(map(len, texts)) or 1
    runs = []
    for _ in range(repeat):
        started = time.perf_counter()
        for text in texts:
            engine.tokens(text)
        runs.append(time.perf_counter() - started)
    return statistics.median(runs) * 1000 * STORY_CHARS / chars


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--engine", default="rjieba", choices=sorted(ENGINES))
    parser.add_argument("--examples", type=int, default=8)
    parser.add_argument("--raw", action="store_true",
                        help="also cut each page's whole text, line by line")
    parser.add_argument("--fuzz", type=int, default=0, metavar="N",
                        help="also cut N random strings")
    args = parser.parse_args(argv)

    with tempfile.TemporaryDirectory() as site:
        config = SiteConfig(root=site)
        started = time.perf_counter()
        nlp = Nlp(config, engine="jieba")  # builds jieba's prefix dictionary, writes its cache
        jieba_cold = time.perf_counter() - started
        started = time.perf_counter()
        nlp._make_tokenizer()  # as every later start: from the cache file
        jieba_warm = time.perf_counter() - started
        reference = JiebaEngine(nlp)
        other = ENGINES[args.engine](nlp)
        added = {w for w, _, _ in added_words(nlp)}
        print(f"startup: jieba tokeniser with the domain words {jieba_warm * 1000:.0f} ms "
              f"(its prefix-dictionary cache there; first start, whole Nlp: "
              f"{jieba_cold * 1000:.0f} ms); {other.name} {other.startup_seconds * 1000:.0f} ms "
              f"({other.note})")

        all_same = True
        groups = []
        for name, folder, newspaper in input_sets():
            stories, pages = story_texts(nlp, folder, newspaper, args.raw)
            groups.append((f"{name} stories", stories))
            if args.raw:
                groups.append((f"{name} raw pages", [page.split("\n") for page in pages]))
        if args.fuzz:
            groups.append(("fuzz strings", fuzz_texts(nlp, args.fuzz)))
        for label, items in groups:
            same, examples = 0, []
            for texts in items:
                pairs = [(reference.tokens(t), other.tokens(t)) for t in texts]
                if all(r == o for r, o in pairs):
                    same += 1
                    continue
                for r, o in pairs:
                    if r != o and len(examples) < args.examples:
                        examples.append(describe(r, o, nlp, added))
            all_same &= same == len(items)
            flat = [t for texts in items for t in texts]
            chars = sum(map(len, flat))
            times = {e.name: per_story_ms(e, flat) for e in (reference, other)}
            whole = {e.name: ms * chars / STORY_CHARS for e, ms in
                     ((e, times[e.name]) for e in (reference, other))}
            print(f"\n{label}: {len(items)}, identical tokens {same}/{len(items)}; "
                  f"{chars:,} characters")
            print("  ms per 2,800-character story: " + ", ".join(
                f"{k} {v:.2f}" for k, v in times.items())
                + "; whole set ms: " + ", ".join(f"{k} {v:.0f}" for k, v in whole.items()))
            for example in examples:
                print("  - " + example)
        return 0 if all_same else 1


if __name__ == "__main__":
    raise SystemExit(main())
