"""The ingest's shortcuts give what the plain computations they replace give: on the
sample pages (real files) and with real jieba."""
from __future__ import annotations

import math
import re
import unicodedata
import zlib
from collections import Counter
from pathlib import Path

import pytest
from hypothesis import given, strategies as st

from site_builder.config import SiteConfig
from site_builder.ingest import dedupe, lexicon, page, segment
from site_builder.ingest.clean import make_paragraphs
from site_builder.ingest.page import articles_from_page
from site_builder.ingest.read import read_page
from site_builder.nlp import Nlp, _Memo

SEEDS = sorted((Path(__file__).resolve().parents[2] / "seeds").glob("*.txt"))
_FULL = {"(": "（", ")": "）", ",": "，", ":": "：", ";": "；", "!": "！", "?": "？"}
_HALF = re.compile(r"[();!?]|(?<!\d)[,:]|[,:](?!\d)")


@given(st.text(alphabet="(),:;!?19a中，： ", max_size=12))
def test_fold_is_the_substitution_of_every_half_width_mark(text):
    assert lexicon.fold(text) == _HALF.sub(lambda m: _FULL[m.group(0)], text)


def test_the_memoised_moves_are_step_s_for_every_state_a_page_reaches():
    roles = ("headline", "kicker", "subtitle", "byline", "lead", "body", "crosshead",
             "credit", "caption", "furniture", "marker")
    seen, todo = set(), [segment.State()]
    while todo:  # every state the grammar reaches from the top of a page
        state = todo.pop()
        if state in seen:
            continue
        seen.add(state)
        for role in roles:
            for direction in ("", "up", "down", "close", "complete", "names"):
                for layout in segment.LAYOUTS:
                    for shift in (False, True):
                        moves = segment._moves(state, role, direction, layout, shift)
                        assert moves == tuple(segment.step(state, role, direction, layout, shift))
                        todo.extend(new for new, _, _ in moves)
    assert len(seen) > 50


def _plain_cohesion(paras, i, window=8, from_here=False):
    """page.cohesion as first written: bigram pairs counted afresh for each question."""
    body = [j for j, p in enumerate(paras) if len(p.text) >= 40 and not p.level]

    def of(run):
        text = "".join(paras[j].text for j in run)
        han = re.sub(r"[^\u4e00-\u9fff]+", "", text)
        return len(text), Counter(zip(han, han[1:]))
    size_a, a = of([j for j in body if j < i][-window:])
    size_b, b = of([j for j in body if j >= i + (not from_here)][:window])
    if size_a < 80 or size_b < 80:
        return None
    dot = sum(v * b[k] for k, v in a.items() if k in b)
    norm = math.sqrt(sum(v * v for v in a.values()) * sum(v * v for v in b.values()))
    return dot / norm if norm else None


@pytest.mark.parametrize("path", SEEDS, ids=lambda p: p.name)
def test_cohesion_of_shared_bigram_counts_is_the_plain_cosine(path):
    paras = make_paragraphs(read_page(path))
    bigrams = page._Bigrams(paras)
    for i in range(len(paras)):
        for window, from_here in ((8, False), (3, True)):
            assert page.cohesion(paras, i, window, bigrams, from_here) \
                == _plain_cohesion(paras, i, window, from_here)


@pytest.mark.parametrize("path", SEEDS, ids=lambda p: p.name)
def test_shingles_are_the_crc_of_every_five_characters(path):
    for article in articles_from_page(read_page(path), "某某日报").articles:
        text = dedupe._NOT_TEXT.sub("", unicodedata.normalize("NFKC", article.body))
        assert dedupe.shingles(article.body) == {zlib.crc32(text[i:i + 5].encode())
                                                 for i in range(max(len(text) - 4, 0))}


def test_an_nlp_that_has_read_other_stories_tags_a_story_as_a_fresh_one(tmp_path):
    """The per-word verdicts kept between articles change no article's analysis."""
    articles = [a for path in SEEDS for a in articles_from_page(read_page(path), "某某日报").articles]
    warm = Nlp(SiteConfig(root=str(tmp_path)))
    read = [warm.analyse(a) for a in articles]  # each after all the ones before it
    fresh = Nlp(SiteConfig(root=str(tmp_path)))
    # the last stories (read by `warm` after all the others) first, by `fresh`
    assert [fresh.analyse(a) for a in articles[::-1]] == read[::-1]


def test_a_memo_judges_each_word_once_and_forgets_all_when_full():
    judged = []
    memo = _Memo(lambda word: judged.append(word) or len(word), limit=2)
    assert [memo[w] for w in ["口岸", "班列", "口岸", "中欧班列"]] == [2, 2, 2, 4]
    assert judged == ["口岸", "班列", "中欧班列"] and list(memo) == ["中欧班列"]


def test_patterns_made_from_kept_code_are_those_re_compiles(tmp_path, monkeypatch):
    """ingest.compiled: a pattern compiled in kept_compiled's scope equals re.compile's
    (pattern, flags and code), made from the file's code once kept, and a broken file
    is only not used."""
    import subprocess
    import sys

    from site_builder.ingest import compiled

    kept = tmp_path / "patterns.marshal"
    # (new pattern strings: re's own cache would answer for the ones compiled before)
    tag = tmp_path.name
    sources = [(f"(?P<src>人民日报|新华社)[（(]{tag}\\s*(?:记者|通讯员)[\\u4e00-\\u9fff·]{{2,6}}", 0),
               (f"^[□■◇◆○●]\\s*(?P<who>[㐀-䶿一-鿿豈-\\ufaff]{{2,3}}){tag}$", re.MULTILINE),
               (f"{tag}(?<=[。！？])\\s+", re.IGNORECASE)]
    with compiled.kept_compiled(kept):
        first = [re.compile(p, f) for p, f in sources]
    assert kept.exists()
    made = compiled._made
    monkeypatch.setattr(compiled, "_made", lambda *_: pytest.fail("not from the kept code"))
    re.purge()
    with compiled.kept_compiled(kept):
        again = [re.compile(p, f) for p, f in sources]
    monkeypatch.setattr(compiled, "_made", made)
    re.purge()
    plain = [re.compile(p, f) for p, f in sources]
    assert again == first == plain and [p.groupindex for p in again] == \
        [p.groupindex for p in plain]
    assert again[0].match(f"新华社（{tag} 记者王一").group("src") == "新华社"
    kept.write_bytes(b"broken")
    re.purge()
    with compiled.kept_compiled(kept):
        assert re.compile(*sources[1]) == plain[1]
    # re's private compiler failing (another CPython's): re's own compile, nothing kept
    def broken(*_):
        raise AttributeError("no such internal")
    monkeypatch.setattr(compiled, "_made", broken)
    kept.unlink()
    re.purge()
    with compiled.kept_compiled(kept):
        assert re.compile(*sources[2]) == plain[2]
    assert not kept.exists()
    monkeypatch.setattr(compiled, "_made", made)
    # the page model imported in a scope of its own (as a worker does) reads pages alike
    script = ("import sys; from pathlib import Path; from site_builder.ingest.compiled import "
              "kept_compiled\nwith kept_compiled(Path(sys.argv[1])):\n"
              "    from site_builder.ingest.page import articles_from_page\n"
              "from site_builder.ingest.read import read_page\n"
              "print(repr(articles_from_page(read_page(Path(sys.argv[2])), 'x')))")
    page_file = sorted((Path(__file__).resolve().parents[2] / "seeds").glob("*.txt"))[0]
    runs = [subprocess.run([sys.executable, "-c", script, str(tmp_path / "model.marshal"),
                            str(page_file)], capture_output=True, text=True, check=True).stdout
            for _ in range(2)]
    assert runs[0] == runs[1] == repr(articles_from_page(read_page(page_file), "x")) + "\n"
