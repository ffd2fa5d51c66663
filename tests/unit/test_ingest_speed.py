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
