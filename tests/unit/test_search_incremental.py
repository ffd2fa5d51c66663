"""iter_search_files with a memo kept between builds: the files are byte for byte those
of a build without one, whatever changed, and after an edit that keeps the number of
documents only the files whose bytes changed are made (the others are offered to
`reusable`)."""
from __future__ import annotations

import hashlib
import pickle
from dataclasses import replace

import numpy as np
import pytest

from site_builder.search import files as search_files, postings, tokens
from site_builder.models import Article


def art(id: str, title: str, body: str, **fields) -> Article:
    return Article(id=id, title=title, body=body, seed="s.txt", **fields)


def url(article: Article) -> str:
    return f"articles/{article.id}.html"


NAMES = {"ports": "口岸"}


def archive(count: int = 120) -> list[Article]:
    grams = "满洲里二连浩特口岸中欧班列自贸试验区呼和浩特包头鄂尔多斯稀土新材料"
    return [art(f"a{i:03d}", f"口岸建设{i}", "".join(grams[(i * 7 + j * 3) % len(grams)]
                                                  for j in range(40 + i % 50)) + f"第{i}号。",
                date=f"202{i % 5}-0{1 + i % 9}-1{i % 10}", tags=("ports",) if i % 2 else (),
                places=("满洲里",) if i % 3 else (), keywords=("中欧班列",) if i % 4 == 0 else ())
            for i in range(count)]


class Site:
    """The caller's side: the last build's files, their digests, and the memo."""

    def __init__(self) -> None:
        self.files: dict[str, str] = {}
        self.memo: dict = {}

    def build(self, articles: list[Article], names=NAMES) -> dict[str, str | None]:
        """Builds over the old files; returns {path: text or None (reused)}."""
        asked: list[str] = []

        def reusable(path: str, digest: str) -> bool:
            asked.append(path)
            return path in self.files and _digest(self.files[path]) == digest

        made: dict[str, str | None] = {}
        memo = pickle.loads(pickle.dumps(self.memo))  # as the cache keeps it
        saved: list[dict] = []
        for file in search_files.iter_search_files(articles, url, names, memo, saved.append,
                                                   reusable):
            path, digest, text = file.path, file.digest, file.text
            if text is None:
                assert path in asked
                text_now = self.files[path]
            else:
                text_now = text
            assert _digest(text_now) == digest, path
            made[path] = text
        assert saved == [memo]
        self.files = {path: text if text is not None else self.files[path]
                      for path, text in made.items()}
        self.memo = memo
        return made


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


@pytest.fixture(autouse=True)
def small_shards(monkeypatch):
    # a small archive with many shards and cut lists, as a big one has
    monkeypatch.setattr(search_files, "POSTINGS_PER_SHARD", 100)
    monkeypatch.setattr(search_files, "MAX_POSTINGS", 30)
    monkeypatch.setattr(search_files, "DOC_CHUNK", 16)


def steps() -> list[tuple[str, list[Article]]]:
    first = archive()
    edited = list(first)
    edited[40] = replace(edited[40], body=edited[40].body + "新增一句：额济纳旗策克口岸。")
    retitled = list(edited)
    retitled[7] = replace(retitled[7], title="满洲里口岸通关提速")
    moved = list(retitled)
    moved[3] = replace(moved[3], date="2019-12-31")                    # renumbers
    added = moved + [art("new", "新的文章", "完全不同的词语。", date="2030-01-01")]
    removed = added[:10] + added[11:]
    copies = removed + [replace(removed[5], id="dup", duplicate_of=removed[5].id),
                        replace(removed[6])]                            # an identical twin
    many = [replace(a, body=a.body + "大改。") if i % 2 else a for i, a in enumerate(copies)]
    return [("first", first), ("edited", edited), ("retitled", retitled), ("moved", moved),
            ("added", added), ("removed", removed), ("copies", copies), ("many", many)]


def test_a_memo_gives_the_files_of_a_cold_build():
    site = Site()
    for name, articles in steps():
        site.build(articles)
        assert site.files == search_files.build_search_files(articles, url, NAMES), name
    # and the memo holds what a cold build's memo holds
    cold: dict = {}
    search_files.build_search_files(steps()[-1][1], url, NAMES, cold)
    for key, value in cold.items():
        if isinstance(value, np.ndarray):
            assert np.array_equal(site.memo[key], value), key
        elif key != "digests":
            assert site.memo[key] == value, key


def test_an_edit_that_keeps_the_count_makes_only_the_changed_files():
    site = Site()
    articles = archive()
    site.build(articles)
    before = dict(site.files)
    edited = list(articles)
    edited[40] = replace(edited[40], body=edited[40].body + "额济纳旗策克口岸。")
    made = site.build(edited)
    changed = {path for path, text in site.files.items() if before.get(path) != text}
    written = {path for path, text in made.items() if text is not None}
    assert written == changed
    shards = [path for path in site.files if path.startswith("search/shard-")]
    assert 0 < len(written & set(shards)) < len(shards) / 4
    assert "search/stats.js" in written and "search/meta.js" not in written
    assert len([path for path in written if path.startswith("search/docs-")]) == 1
    assert all(text is None for text in site.build(edited).values())  # nothing changed


def test_a_newer_story_added_keeps_the_other_numbers_and_files():
    # numbers count from the oldest: the new day's story takes the next number, so only
    # the shards of its tokens, the last docs chunk, stats.js and meta.js are made again
    site = Site()
    articles = archive()
    site.build(articles)
    before = dict(site.files)
    added = articles + [art("new", "新的文章", "额济纳旗策克口岸。", date="2030-01-01",
                            tags=("ports",))]
    made = site.build(added)
    assert site.files == search_files.build_search_files(added, url, NAMES)
    changed = {path for path, text in site.files.items() if before.get(path) != text}
    written = {path for path, text in made.items() if text is not None}
    assert written == changed
    shards = [path for path in site.files if path.startswith("search/shard-")]
    assert len(shards) == len([p for p in before if p.startswith("search/shard-")])
    assert 0 < len(written & set(shards)) < len(shards) / 2
    chunks = sorted(path for path in site.files if path.startswith("search/docs-"))
    assert [path for path in chunks if path in written] == [chunks[-1]]
    assert {"search/stats.js", "search/meta.js"} <= written


def test_without_the_old_files_every_file_is_made():
    site = Site()
    site.build(archive())
    site.files = {}
    made = site.build(archive())
    assert all(text is not None for text in made.values())
    assert site.files == search_files.build_search_files(archive(), url, NAMES)


def test_a_memo_of_other_code_or_settings_is_not_used(monkeypatch):
    site = Site()
    site.build(archive())
    site.memo["format"] = ("other",)
    site.memo["bounds"] = site.memo["bounds"][:1]  # would break an update that used it
    site.build(archive())
    assert site.files == search_files.build_search_files(archive(), url, NAMES)
    monkeypatch.setattr(search_files, "MAX_POSTINGS", 10)
    site.build(archive())
    assert site.files == search_files.build_search_files(archive(), url, NAMES)


def test_vectorised_hashes_are_shard_of():
    words = ["满洲", "港", "𠀀𠀁", "abc", "=自贸试验区", "tag:ports", "year:2026", "=é ß",
             "=" + "长" * 70, "\U0002A6D6", "a", "=x\u00e9\u0800\U00010000"]
    hashes = postings.word_hashes(words)
    for token, value in zip(words, hashes.tolist()):
        assert value % 4096 == postings.shard_of(token, 4096), token
        assert value % 7 == postings.shard_of(token, 7), token
    codes = np.array([tokens.gram_code(t) for t in words[:3] + words[9:10]], dtype=np.int64)
    assert postings.gram_hashes(codes).tolist() == hashes[[0, 1, 2, 9]].tolist()


def test_a_shard_is_the_same_file_with_its_token_list_given():
    # a shard's text is composed key by key, and with the last build's JSON of its token
    # list when its tokens stayed (an addition): both are the compact, key-sorted JSON
    # of the whole call that the browser decodes
    memo: dict = {}
    search_files.build_search_files(archive(), url, NAMES, memo)
    p = postings.IndexState.from_memo(memo).postings
    shards = memo["shards"]
    of_shard = p.hashes % shards
    cut = 0
    for number in range(shards):
        ids = np.flatnonzero(of_shard == number)
        made, listed = search_files._shard_bytes(p, number, ids)
        text = made.decode("utf-8")
        kind, at, data = search_files.decode(text)
        assert (kind, at) == ("shard", number)
        assert text == search_files._call("shard", number, tokens.json_text(data))
        assert listed == tokens.json_text(data["tokens"]) == memo["shard_tokens"][number]
        assert search_files._shard_bytes(p, number, ids, listed) == (made, listed)
        cut += len(data["truncated"])
    assert cut  # (cut lists are named by their token, looked up one by one)
