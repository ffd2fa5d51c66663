"""site_builder.search and its JavaScript twin static/search.js.

The browser half is checked with node: the same tokens, the same shards and the same
ranking as the Python reference, on the same index files.
"""
from __future__ import annotations

import json
import random
from collections import Counter
import re
import shutil
import subprocess
from pathlib import Path

from site_builder.search import files as search_files, postings, reference, tokens
from site_builder.models import Article

SEARCH_JS = Path(__file__).resolve().parents[2] / "static" / "search.js"

# Loads static/search.js as a module, evaluates index files (they call siteSearchLoad),
# then answers the request read from stdin.
NODE_HARNESS = r"""
const fs = require("fs"), vm = require("vm"), path = require("path");
const api = require(process.argv[2]);
const request = JSON.parse(fs.readFileSync(0, "utf8"));
const store = new Map();
globalThis.siteSearchLoad = (kind, number, data) => store.set(kind + ":" + number, data);
for (const file of request.files || []) vm.runInThisContext(fs.readFileSync(file, "utf8"));
const out = {};
if (request.tokenise) out.tokenise = request.tokenise.map(api.tokenise);
if (request.parse) out.parse = request.parse.map(q => api.parseQuery(q).map(t => [t.key, t.grams]));
if (request.shards) out.shards = request.shards.map(([t, n]) => api.shardOf(t, n));
if (request.highlight) out.highlight = request.highlight.map(([text, q]) =>
  api.highlightRanges(text, api.parseQuery(q)));
if (request.snippet) out.snippet = request.snippet.map(([text, q, n]) =>
  api.snippet(text, api.parseQuery(q), n));
if (request.rank) {
  const meta = store.get("meta:0");
  const weigh = api.weigher(meta.weights, store.get("stats:0"));
  const shard = t => store.get("shard:" + api.shardOf(t, meta.shards));
  const get = t => {
    const flat = api.postingsOf(shard(t), t);
    return flat && weigh(t, flat, api.documentFrequency(shard(t), t));
  };
  out.rank = request.rank.map(([q, tag, year]) => {
    const found = api.rank(api.parseQuery(q), {tag, year}, get, t => api.isTruncated(shard(t), t));
    return [found.results.map(r => [r.doc, r.score]), found.exact];
  });
}
if (request.docs) out.docs = store.get("docs:0");
process.stdout.write(JSON.stringify(out));
"""


def run_js(tmp_path: Path, request: dict) -> dict:
    node = shutil.which("node")
    assert node, "node is required for the search tests (apt-get install nodejs)"
    harness = tmp_path / "harness.js"
    harness.write_text(NODE_HARNESS, encoding="utf-8")
    done = subprocess.run([node, str(harness), str(SEARCH_JS)], input=json.dumps(request),
                          capture_output=True, text=True, encoding="utf-8", check=False)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def art(id: str, title: str, body: str, **fields) -> Article:
    return Article(id=id, title=title, body=body, seed="s.txt", **fields)


def url(article: Article) -> str:
    return f"articles/{article.id}.html"


def write_files(folder: Path, files: dict[str, str]) -> list[str]:
    paths = []
    for name, text in sorted(files.items()):
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        paths.append(str(path))
    return paths


SAMPLES = [
    "满洲里口岸中欧班列",
    "中国（内蒙古）自由贸易试验区获批，4月9日对外发布",
    "ＡＢＣ　Def-ghi 2026年 G7 5G网络",
    "港",
    "一 二三",
    "𠀀𠀁汉字 mixed中文text",
    "\ufeff零宽\u2028分隔\u00a0空格",
    "",
    "<script>alert(1)</script>",
]


# ---------------------------------------------------------------- tokens

def test_tokenise_makes_cjk_bigrams_and_lowercase_words():
    assert tokens.tokenise("满洲里口岸") == ["满洲", "洲里", "里口", "口岸"]
    assert tokens.tokenise("ＡＢＣ Def 2026年") == ["abc", "def", "2026", "年"]
    assert tokens.tokenise("港") == ["港"]
    assert tokens.tokenise("中欧班列，中欧") == ["中欧", "欧班", "班列", "中欧"]
    assert tokens.tokenise("<b>x</b>") == ["b", "x", "b"]


def test_tokenise_counts_code_points_not_utf16_units():
    assert tokens.tokenise("𠀀𠀁汉") == ["𠀀𠀁", "𠀁汉"]


def test_parse_query_keeps_whole_word_and_unique_grams():
    terms = tokens.parse_query("满洲里　中欧班列 满洲里")
    assert [(t.key, t.grams) for t in terms] == [
        ("=满洲里", ("满洲", "洲里")), ("=中欧班列", ("中欧", "欧班", "班列"))]
    assert tokens.parse_query(" ，。 ") == []


def test_python_and_javascript_tokenise_alike(tmp_path):
    queries = SAMPLES + ["满洲里 中欧班列", "ＡＢＣ　def"]
    out = run_js(tmp_path, {"tokenise": SAMPLES, "parse": queries})
    assert out["tokenise"] == [tokens.tokenise(s) for s in SAMPLES]
    assert out["parse"] == [[[t.key, list(t.grams)] for t in tokens.parse_query(q)]
                            for q in queries]


def random_texts(count: int) -> list[str]:
    """Mixed strings from a fixed seed: CJK (BMP and astral), full-width, Latin, spaces."""
    alphabet = (list("满洲里中欧班列自贸试验区口岸港") + ["\U00020000", "\U0002A6D6", "\uF900"] +
                list("ＡＺａｚ０９　！～") + list("AZaz09 -_.,;:!?'\"<>/") +
                ["\u00a0", "\u2028", "\ufeff", "\t", "\n", "é", "ß", "İ", "\u3400", "\u4dbf"])
    rng = random.Random(20260409)
    return ["".join(rng.choice(alphabet) for _ in range(rng.randint(0, 30)))
            for _ in range(count)]


def test_python_and_javascript_agree_on_random_text(tmp_path):
    texts = random_texts(400)
    out = run_js(tmp_path, {"tokenise": texts, "parse": texts})
    assert out["tokenise"] == [tokens.tokenise(t) for t in texts]
    assert out["parse"] == [[[t.key, list(t.grams)] for t in tokens.parse_query(q)]
                            for q in texts]


def test_counting_in_arrays_gives_tokenise_counts():
    texts = random_texts(400) + SAMPLES
    counted = tokens.count_tokens(texts)
    found: list[Counter] = [Counter(words) for words in counted.words]
    for key, count in zip(counted.keys.tolist(), counted.counts.tolist()):
        text, code = key >> 42, key & ((1 << 42) - 1)
        found[text][tokens.gram_token(code)] += count
    assert found == [Counter(tokens.tokenise(text)) for text in texts]
    assert counted.lengths.tolist() == [len(tokens.tokenise(text)) for text in texts]


def test_python_and_javascript_shard_alike(tmp_path):
    cases = [[token, n] for token in ["满洲", "abc", "=自贸试验区", "tag:ports", "𠀀𠀁", "year:2026"]
             for n in (2, 7, 64, 4096)]
    out = run_js(tmp_path, {"shards": cases})
    assert out["shards"] == [postings.shard_of(t, n) for t, n in cases]
    assert len(set(out["shards"])) > 2


# ---------------------------------------------------------------- text

def test_plain_text_strips_markdown():
    md = ("## 小标题\n\n**加粗**与*强调*，[链接](http://x.y/)和![图](a.png)。\n\n"
          "> 引用\n\n- 列表一\n1. 列表二\n\n`code`\n\n---\n")
    assert tokens.plain_text(md) == "小标题 加粗与强调，链接和图。 引用 列表一 列表二 code"


def test_snippet_text_is_the_whole_story_when_it_fits():
    from site_builder.models import Proposal

    body = "甲" * 200 + "。满洲里口岸很忙。其他句子。"
    article = art("a", "t", body, places=("满洲里",), captions=("图为口岸。", "其他句子。"),
                  proposals=(Proposal("王召明", "全国人大代表", statement="持续推动中欧班列提质增效。"),
                             Proposal("李四", summary="其他句子。")))
    # what is printed apart from the body follows it, each once (李四's gist and the
    # second caption are in the body already)
    assert tokens.snippet_text(article, body) == (
        body + " … 王召明（全国人大代表）：持续推动中欧班列提质增效。 … 图为口岸。")


def test_snippet_text_of_a_long_story_keeps_its_lead_and_the_sentences_naming_its_terms():
    lead = "开头一句。" * 20
    body = lead + "甲" * 3000 + "。满洲里口岸很忙。" + "乙" * 20 + "。满洲里又一句。中欧班列开行。尾句。"
    text = tokens.snippet_text(art("a", "t", body, places=("满洲里",), keywords=("中欧班列",)),
                               body)
    assert len(text) <= tokens.SNIPPET_MAX
    passages = text.split(tokens.GAP)
    assert passages[0] == lead[:tokens.SNIPPET_LEAD // 5 * 5]
    # one sentence per term, whole sentences, in the body's order, joined when adjacent
    assert passages[1:] == ["满洲里口岸很忙。", "中欧班列开行。"]


# ---------------------------------------------------------------- files

def corpus() -> list[Article]:
    return [
        art("title-hit", "满洲里口岸货运量创新高", "今年口岸运行平稳。", date="2026-04-09",
            tags=("ports",), places=("满洲里",)),
        art("body-hit", "向北开放新格局", "在满洲里铁路口岸，中欧班列鸣笛启程。" + "其他内容。" * 20,
            date="2025-03-01", tags=("opening-up", "china-europe-railway"),
            keywords=("中欧班列",)),
        art("ftz", "自贸试验区获批", "中国(内蒙古)自由贸易试验区总体方案发布。", date="2026-04-09",
            tags=("free-trade-zone",), keywords=("自贸试验区",)),
        art("ftz-copy", "自贸试验区获批", "中国(内蒙古)自由贸易试验区总体方案发布。",
            date="2026-04-09", duplicate_of="ftz"),
        art("no-date", "稀土产业", "稀土新材料。满洲", tags=("rare-earth",)),
    ]


def test_files_are_deterministic_and_skip_duplicates():
    files = search_files.build_search_files(corpus(), url, {"ports": "口岸"})
    again = search_files.build_search_files(list(reversed(corpus())), url, {"ports": "口岸"})
    assert files == again
    assert "ftz-copy" not in "".join(files.values())
    assert set(files) >= {"search/meta.js", "search/shard-00.js", "search/shard-01.js",
                          "search/docs-00.js", "search/stats.js"}
    for name, text in files.items():
        assert re.fullmatch(r"siteSearchLoad\(\"(meta|shard|docs|stats)\",\d+,.*\);\n", text,
                            re.S), name


def test_every_token_sits_in_its_shard():
    files = search_files.build_search_files(corpus(), url)
    kind, number, meta = search_files.decode(files["search/meta.js"])
    assert (kind, number) == ("meta", 0)
    assert meta["count"] == 4 and meta["shards"] >= search_files.MIN_SHARDS
    assert meta["shards"] & (meta["shards"] - 1) == 0
    seen = 0
    for number in range(meta["shards"]):
        kind, read, data = search_files.decode(files[f"search/shard-{number:02d}.js"])
        assert (kind, read) == ("shard", number)
        assert data["tokens"] == sorted(data["tokens"])
        assert len(data["ends"]) == len(data["tokens"])
        for token in data["tokens"]:
            assert postings.shard_of(token, meta["shards"]) == number
            seen += 1
    assert seen == len(reference.build_index(corpus(), url).postings)


def test_the_reference_ranks_what_the_files_hold(monkeypatch):
    """The files decoded (what the browser reads) give the index build_index makes, so
    rank() over either gives the same results and scores; with cut lists too."""
    monkeypatch.setattr(search_files, "MAX_POSTINGS", 2)
    names = {"ports": "口岸"}
    decoded = reference.load_index(search_files.build_search_files(corpus(), url, names))
    made = reference.build_index(corpus(), url, names)
    assert (decoded.docs, decoded.lengths, decoded.idf, decoded.tags, decoded.years,
            decoded.shards) == (made.docs, made.lengths, made.idf, made.tags, made.years,
                                made.shards)
    assert dict(decoded.truncated) == dict(made.truncated) and made.truncated
    assert {t: made.postings[t] for t in made.postings} == dict(decoded.postings)
    for query in ("口岸", "满洲里 中欧班列", "自贸试验区", "稀土", "tag:ports"):
        assert reference.rank(decoded, query) == reference.rank(made, query), query
    assert reference.rank(decoded, "", tag="ports") == reference.rank(made, "", tag="ports")


def test_shard_count_grows_with_the_corpus():
    small = reference.build_index(corpus(), url)
    many = [art(f"a{i}", f"标题{i}", "".join(chr(0x4E00 + (i * 7 + j) % 2000) for j in range(300)))
            for i in range(200)]
    assert small.shards == search_files.MIN_SHARDS
    assert reference.build_index(many, url).shards > search_files.MIN_SHARDS


def test_docs_carry_url_date_tags_and_snippet_text(tmp_path):
    files = search_files.build_search_files(corpus(), url)
    docs = run_js(tmp_path, {"files": write_files(tmp_path, files), "docs": True})["docs"]
    # numbered from the oldest (undated first): a new story takes the next number
    assert [d[0] for d in docs] == ["no-date", "body-hit", "title-hit", "ftz"]
    assert docs[2][:6] == ["title-hit", "满洲里口岸货运量创新高", "articles/title-hit.html",
                           "2026-04-09", ["ports"], ["满洲里"]]


def test_hostile_text_stays_data(tmp_path):
    title = "</script><script>alert(1)</script>\u2028换行\u2029段 \"引号\\"
    files = search_files.build_search_files([art("evil", title, "正文")], url)
    docs = run_js(tmp_path, {"files": write_files(tmp_path, files), "docs": True})["docs"]
    assert docs[0][1] == title
    assert "\u2028" not in files["search/docs-00.js"]


# ---------------------------------------------------------------- ranking

def ids(index: reference.SearchIndex, query: str, **filters) -> list[str]:
    results, _ = reference.rank(index, query, **filters)
    return [index.docs[r.doc].id for r in results]


def test_title_and_place_matches_rank_above_body_mentions():
    index = reference.build_index(corpus(), url)
    assert ids(index, "满洲里") == ["title-hit", "body-hit"]


def test_keyword_match_ranks_first_and_every_word_is_required():
    index = reference.build_index(corpus(), url)
    assert ids(index, "中欧班列") == ["body-hit"]
    assert ids(index, "满洲里 中欧班列") == ["body-hit"]
    assert ids(index, "自贸试验区") == ["ftz"]


def test_partial_matches_are_flagged_when_nothing_matches_every_word():
    index = reference.build_index(corpus(), url)
    results, exact = reference.rank(index, "满洲里 稀土")
    assert not exact
    assert {index.docs[r.doc].id for r in results} == {"title-hit", "body-hit", "no-date"}
    assert reference.rank(index, "满洲里")[1]


def test_filters_by_tag_and_year():
    index = reference.build_index(corpus(), url)
    assert ids(index, "满洲里", tag="ports") == ["title-hit"]
    assert ids(index, "满洲里", year="2025") == ["body-hit"]
    assert ids(index, "", year="2026") == ["ftz", "title-hit"]
    assert ids(index, "") == []


def test_tag_names_are_searchable():
    index = reference.build_index(corpus(), url, {"rare-earth": "稀土"})
    assert ids(index, "稀土") == ["no-date"]
    assert index.postings["=稀土"] and index.tags[-1] == ("rare-earth", "稀土", 1)


def test_truncated_postings_do_not_block_a_match(monkeypatch):
    monkeypatch.setattr(search_files, "MAX_POSTINGS", 2)
    docs = [art("d0", "报道", "中欧班列")] + [art(f"d{i}", "报道", "中欧" * i) for i in range(1, 4)]
    index = reference.build_index(docs, url)
    assert "中欧" in index.truncated and len(index.postings["中欧"]) == 2
    kept = {index.docs[d].id for d, _ in index.postings["中欧"]}
    assert "d0" not in kept  # d0's weak entry was dropped
    assert ids(index, "中欧班列") == ["d0"]


def python_ranking(index, queries: list[list[str]]) -> list:
    """rank()'s results for [query, tag, year] triples, in the form the JS test prints."""
    expected = []
    for q, tag, year in queries:
        results, exact = reference.rank(index, q, tag=tag or None, year=year or None)
        expected.append([[[r.doc, r.score] for r in results], exact])
    return expected


def test_javascript_ranks_like_python(tmp_path):
    articles = corpus() + [
        art(f"extra{i}", f"口岸建设{i}", "满洲里" * (i % 3) + "二连浩特口岸。" * (i % 4) + "中欧班列。",
            date=f"202{i % 4}-01-0{1 + i % 9}", tags=("ports",) if i % 2 else ())
        for i in range(30)]
    files = search_files.build_search_files(articles, url)
    index = reference.build_index(articles, url)
    queries = [["满洲里", "", ""], ["中欧班列", "", ""], ["满洲里 中欧班列", "", ""],
               ["口岸", "ports", ""], ["", "", "2022"], ["满洲里 稀土", "", ""], ["港", "", ""],
               ["ＡＢＣ", "", ""], ["自贸试验区", "free-trade-zone", "2026"]]
    out = run_js(tmp_path, {"files": write_files(tmp_path, files), "rank": queries})
    expected = python_ranking(index, queries)
    assert out["rank"] == expected
    assert any(len(r[0]) > 5 for r in expected)


def test_javascript_weighs_like_python_on_cut_lists_and_varied_lengths(tmp_path, monkeypatch):
    """Scores are sums of weights the browser computes from f, df, lengths and the idf
    table: the same integers as rank(), also for cut lists and long and short documents."""
    monkeypatch.setattr(search_files, "MAX_POSTINGS", 12)
    rng = random.Random(7)
    words = ["满洲里", "口岸", "中欧班列", "自贸试验区", "二连浩特", "稀土", "港", "abc", "5G"]
    articles = [art(f"r{i}", "".join(rng.sample(words, 2)),
                    "，".join(rng.choice(words) for _ in range(rng.randint(1, 80))) + "。",
                    date=f"202{i % 6}-0{1 + i % 9}-0{1 + i % 7}",
                    tags=("ports",) if i % 3 else ("rare-earth",),
                    places=tuple(rng.sample(["满洲里", "二连浩特", "包头"], i % 3)),
                    keywords=("中欧班列",) if i % 5 == 0 else ())
                for i in range(60)]
    files = search_files.build_search_files(articles, url, {"ports": "口岸"})
    index = reference.build_index(articles, url, {"ports": "口岸"})
    assert index.truncated
    queries = [[w, "", ""] for w in words] + [["满洲里 口岸", "", ""], ["口岸", "ports", "2023"],
                                             ["稀土 港", "", ""], ["中欧 班列", "", ""]]
    out = run_js(tmp_path, {"files": write_files(tmp_path, files), "rank": queries})
    expected = python_ranking(index, queries)
    assert out["rank"] == expected
    assert len({score for found, _ in expected for _, score in found}) > 50


# ---------------------------------------------------------------- highlighting (JS)

def test_highlight_ranges_mark_whole_words_or_their_grams(tmp_path):
    out = run_js(tmp_path, {"highlight": [["在满洲里口岸，满洲里", "满洲里"],
                                          ["中欧班列与中欧", "中欧班列"],
                                          ["班列到满洲", "满洲里 中欧班列"],
                                          ["ABC abc", "ａｂｃ"]]})
    assert out["highlight"] == [[[1, 4], [7, 10]], [[0, 4]], [[0, 2], [3, 5]], [[0, 3], [4, 7]]]


def snippets(tmp_path, cases):
    return run_js(tmp_path, {"snippet": cases})["snippet"]


def marked(cut) -> list[str]:
    return [cut["text"][a:b] for a, b in cut["ranges"]]


def test_snippet_windows_on_the_first_match(tmp_path):
    text = "前" * 100 + "满洲里" + "后" * 100
    long, short = snippets(tmp_path, [[text, "满洲里", 40], ["短文满洲里", "满洲里", 40]])
    # no sentence or clause starts near the hit: the passage starts at the hit itself
    assert long["before"] and long["after"] and len(long["text"]) == 40
    assert long["text"].startswith("满洲里") and marked(long) == ["满洲里"]
    assert short == {"text": "短文满洲里", "ranges": [[2, 5]], "before": False, "after": False}


def test_snippet_starts_at_the_sentence_or_clause_of_the_hit(tmp_path):
    sentence = "数据显示，2025年满洲里海关监管经满洲里口岸进出境的中欧班列达4867列。"
    text = "甲" * 300 + "。" + sentence + "乙" * 300 + "。"
    clause = "甲" * 300 + "，在满洲里铁路口岸，龙门吊起落" + "乙" * 300
    word = "甲" * 300 + " abc" + "x" * 40 + "满洲里" + "乙" * 300
    whole, part, latin = snippets(tmp_path, [[text, "中欧班列", 80], [clause, "满洲里", 60],
                                             [word, "满洲里", 60]])
    assert whole["text"] == sentence and whole["before"] and whole["after"]
    assert marked(whole) == ["中欧班列"]
    assert part["text"].startswith("在满洲里铁路口岸") and marked(part) == ["满洲里"]
    # never from inside a Latin word
    assert latin["text"].startswith("满洲里") or latin["text"].startswith("abc")


def test_snippet_shows_one_passage_per_word_and_none_twice(tmp_path):
    first = "在满洲里铁路口岸，中欧班列鸣笛启程。"
    second = "二连浩特口岸很忙。"
    text = "开头。" + "甲" * 200 + "。" + first + "乙" * 200 + "。" + second + "丙" * 200
    both, again, none = snippets(tmp_path, [[text, "满洲里 二连浩特", 120],
                                            [text, "满洲里 中欧班列", 120],
                                            [text, "稀土", 60]])
    assert both["text"] == first + " … " + second
    assert marked(both) == ["满洲里", "二连浩特"]
    # both words in one passage: it is shown once
    assert again["text"] == first and marked(again) == ["满洲里", "中欧班列"]
    # no hit in the text (a tag matched): the story's start
    assert none["text"].startswith("开头。") and not none["before"] and none["after"]


def test_a_word_only_in_a_proposal_statement_is_found(tmp_path):
    from site_builder.models import Proposal

    article = art("np", "让世界看见内蒙古", "正文没有这个词。", proposals=(
        Proposal("张河", "全国人大代表", statement="我们将持续推动中欧班列提质增效。"),))
    index = reference.build_index([article, art("other", "别的", "别的正文。")], url)
    assert ids(index, "中欧班列") == ["np"]
    assert "持续推动中欧班列提质增效" in next(d for d in index.docs if d.id == "np").text


def test_a_cold_state_keeps_its_documents_json_on_disk_in_order():
    docs = postings.SpilledDocs()
    docs.extend(['{"id":"a","t":"中文"}', "[]"])
    docs.extend(['"\u2028"'])
    assert len(docs) == 3 and list(docs) == [0, 1, 2]
    assert docs[0] == '{"id":"a","t":"中文"}' and docs[1] == "[]" and docs[2] == '"\u2028"'
    assert 2 in docs and 3 not in docs and -1 not in docs
    assert docs.get(3) is None
