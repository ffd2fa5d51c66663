"""search_files.build_search_files with a memo kept between builds gives exactly the files of
a build without it: after a change, an addition, a removal, a renamed tag and a
duplicate (test_search_incremental.py checks which files an update makes)."""
from __future__ import annotations

import pickle
from dataclasses import replace

from site_builder.search import files as search_files
from site_builder.models import Article


def art(id: str, title: str, body: str, **fields) -> Article:
    return Article(id=id, title=title, body=body, seed="s.txt", **fields)


def url(article: Article) -> str:
    return f"articles/{article.id}.html"


def articles() -> list[Article]:
    return [art(f"a{i}", f"口岸建设{i}", "满洲里" * (i % 3) + "二连浩特口岸。" * (i % 4) + f"中欧班列{i}。",
                date=f"202{i % 4}-01-0{1 + i % 9}", tags=("ports",) if i % 2 else (),
                places=("满洲里",) if i % 3 else ()) for i in range(40)]


def test_memo_gives_the_same_index():
    memo: dict = {}
    versions = [articles()]
    changed = list(versions[0])
    changed[5] = replace(changed[5], body=changed[5].body + "新增一句话。")
    versions.append(changed)
    versions.append(changed[:10] + changed[11:])                       # removed
    versions.append(versions[-1] + [art("new", "新的文章", "完全不同的词语。")])  # added
    versions.append(versions[-1] + [replace(versions[-1][3], id="dup", duplicate_of="a3")])
    names = [{"ports": "口岸"}] * 4 + [{"ports": "口岸建设"}]
    for version, tag_names in zip(versions, names):
        clean = search_files.build_search_files(version, url, tag_names)
        cached = search_files.build_search_files(version, url, tag_names, memo)
        assert cached == clean
        memo = pickle.loads(pickle.dumps(memo))  # as the cache keeps it
        assert memo["keys"] and "docs" not in memo  # (the docs files hold them)


def test_inserted_splices_as_np_insert_does():
    import numpy as np

    from site_builder.search.postings import SPLICE_LIMIT, inserted

    rng = np.random.default_rng(7)
    array = rng.integers(0, 1000, 5000).astype(np.int32)
    for count in (0, 1, 3, 400, SPLICE_LIMIT + 1):
        # ascending positions, with repeats and both ends
        at = np.sort(np.concatenate((rng.integers(0, len(array) + 1, count),
                                     [0, len(array)] if count > 1 else []))).astype(np.int64)
        values = rng.integers(0, 1000, len(at)).astype(np.int32)
        made = inserted(array, at, values)
        assert made.dtype == array.dtype and np.array_equal(made, np.insert(array, at, values))
    unsorted = np.array([9, 2, 5])  # (not ascending: np.insert's answer all the same)
    assert np.array_equal(inserted(array, unsorted, values[:3]),
                          np.insert(array, unsorted, values[:3]))


def test_spliced_drops_and_inserts_in_one_copy():
    import numpy as np

    from site_builder.search.postings import spliced

    rng = np.random.default_rng(11)
    array = rng.integers(0, 1000, 3000).astype(np.int32)
    for drops, count in ((0, 5), (7, 0), (40, 300), (1, 1)):
        dropped = np.sort(rng.choice(len(array), drops, replace=False)).astype(np.int64)
        # positions of `array` itself, with repeats, on dropped entries and at both ends
        at = np.sort(np.concatenate((rng.integers(0, len(array) + 1, count), dropped[:2],
                                     [0, len(array)] if count else []))).astype(np.int64)
        values = rng.integers(0, 1000, len(at)).astype(np.int32)
        expected, gone = [], set(dropped.tolist())
        for i in range(len(array) + 1):
            expected += [int(v) for v, a in zip(values, at) if a == i]
            if i < len(array) and i not in gone:
                expected.append(int(array[i]))
        made = spliced(array, dropped, at, values)
        assert made.dtype == array.dtype and made.tolist() == expected


def test_an_edit_is_merged_by_a_splice_and_gives_the_cold_index():
    from site_builder.search import postings

    memo: dict = {}
    search_files.build_search_files(articles(), url, {}, memo)
    old = postings.IndexState.from_memo(memo)
    edited = articles()
    edited[7] = replace(edited[7], body="全新的内容，口岸建设。" + edited[7].body[3:])
    canon = postings.numbered(edited)
    urls = [url(a) for a in canon]
    keys = postings.doc_keys(canon, urls, {}, {})
    new_of_old, _ = postings._renumbering(old.keys, keys)
    assert postings._kept(old.postings, new_of_old).dropped is not None  # (the splice's)
    update = postings.updated_state(old, canon, urls, keys, {})
    cold = postings.cold_state(canon, urls, keys, {}).postings
    for name in ("words", "codes", "hashes", "bounds", "doc", "f"):
        assert np_equal(getattr(update.state.postings, name), getattr(cold, name)), name


def np_equal(one, two) -> bool:
    import numpy as np

    return list(one) == list(two) if isinstance(one, list) else np.array_equal(one, two)


def test_numbered_is_the_reverse_of_doc_order():
    """numbered()'s two sorts of strings give the order of sorting by doc_order reversed,
    undated, duplicate ids and dates that are prefixes of others included."""
    import random

    from site_builder.models import Article
    from site_builder.search.postings import doc_order, numbered

    rng = random.Random(3)
    dates = [None, "", "2026", "2026-01", "2026-01-02", "2026-01-02x", "2025-12-31", "2026-1"]
    made = [Article(id=rng.choice("abcde") + str(rng.randrange(5)), title=str(n), body="x", seed="p.txt",
                    date=rng.choice(dates)) for n in range(300)]
    made.append(Article(id="z", title="z", body="x", seed="p.txt", date="2026\U0010ffff"))
    for articles in (made[:-1], made):
        assert [a.title for a in numbered(articles)] == \
            [a.title for a in sorted(articles, key=doc_order, reverse=True)]


def test_files_named_unchanged_by_the_memo_are_those_a_clean_build_makes():
    """What an update names reusable (text None: the caller's old file kept) is byte for
    byte the clean build's file: a docs chunk whose last document went (removed, or a
    printing of another story now) is made again, not carried over."""
    from site_builder.search.postings import numbered

    first = articles()
    newest = numbered(first)[-1]  # the last document, in the last docs chunk
    later = [replace(a, duplicate_of=first[0].id) if a is newest else a for a in first]
    for version in (later, [a for a in first if a is not newest],
                    first + [art("new", "新的文章", "完全不同的词语。")]):
        memo: dict = {}
        search_files.build_search_files(first, url, {}, memo)
        memo = pickle.loads(pickle.dumps(memo))
        old = dict(memo["digests"])
        clean = search_files.build_search_files(version, url, {})
        for made in search_files.iter_search_files(version, url, {}, memo,
                                                   reusable=lambda path, digest: True):
            if made.text is None:  # (kept: it must be the clean build's file)
                assert old[made.path] == search_files._digest(clean[made.path]), made.path
            else:
                assert made.text == clean[made.path], made.path
