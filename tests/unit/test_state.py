"""The build's state (content-hash entries, typed and versioned slots), the
fingerprints and the progress display."""
from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path

import pytest

from site_builder.progress import Progress
from site_builder.state.fingerprints import code_fingerprint, sha256, tree_fingerprint
from site_builder.state.store import Entries, Slot, Store

ENTRIES = Entries("ingest", dict)


@dataclass(frozen=True)
class Memo:
    folder: str
    files: dict


def test_put_then_get_and_miss(tmp_path: Path):
    store = Store(tmp_path)
    assert store.get(ENTRIES, "k1") is None
    assert not store.has(ENTRIES, "k1")
    store.put(ENTRIES, "k1", {"a": (1, 2)})
    assert store.get(ENTRIES, "k1") == {"a": (1, 2)} and store.has(ENTRIES, "k1")
    assert store.get(Entries("ingest", list), "k1") is None  # another type: a miss


def test_disabled_store_neither_reads_nor_writes(tmp_path: Path):
    Store(tmp_path).put(ENTRIES, "k", {})
    off = Store(tmp_path, enabled=False)
    assert off.get(ENTRIES, "k") is None
    off.put(ENTRIES, "other", {})
    off.save(Slot("memo", Memo), Memo("x", {}))
    assert not (tmp_path / "ingest" / "other.pkl").exists()
    assert not (tmp_path / "state").exists()


def test_a_damaged_entry_is_a_miss(tmp_path: Path):
    store = Store(tmp_path)
    store.put(ENTRIES, "k", {1: 2})
    (tmp_path / "ingest" / "k.pkl").write_bytes(b"\x80\x05garbage")
    assert store.get(ENTRIES, "k") is None


def test_a_slot_loads_only_its_own_version_and_type(tmp_path: Path):
    store = Store(tmp_path)
    slot = Slot("memo", Memo)
    store.save(slot, Memo("content", {"a.md": 1}))
    assert store.load(slot) == Memo("content", {"a.md": 1})
    assert store.load(Slot("memo", Memo, version=2)) is None   # its layout changed
    assert store.load(Slot("memo", dict)) is None              # another type
    assert store.load(Slot("other", Memo)) is None
    with pytest.raises(TypeError):
        store.save(slot, ("content", {}))                      # no positional tuples
    store.forget(slot)
    assert store.load(slot) is None


def test_keys_separate_their_parts():
    assert sha256("ab", "c") != sha256("a", "bc")
    assert sha256(b"x") == sha256("x")


def test_tree_fingerprint_follows_file_bytes(tmp_path: Path):
    (tmp_path / "a.html").write_text("one", "utf-8")
    before = tree_fingerprint(tmp_path)
    assert tree_fingerprint(tmp_path) == before
    (tmp_path / "a.html").write_text("two", "utf-8")
    assert tree_fingerprint(tmp_path) != before
    assert tree_fingerprint(tmp_path / "missing") != before


def test_code_fingerprint_is_stable():
    assert code_fingerprint() == code_fingerprint()
    assert len(code_fingerprint()) == 16


def test_progress_plain_lines_when_not_a_terminal():
    out = io.StringIO()
    bar = Progress(stream=out, tty=False)
    bar.begin("ingest", 3)
    for _ in range(3):
        bar.advance()
    bar.end()
    text = out.getvalue()
    assert "ingest: 3/3" in text and "\r" not in text and "/s" in text


def test_progress_bar_on_a_terminal_shows_rate_and_time_left():
    out = io.StringIO()
    bar = Progress(stream=out, tty=True)
    bar.begin("render", 10)
    bar.last = -1e9  # force a redraw
    bar.advance(4)
    assert "\r" in out.getvalue() and "4/10" in out.getvalue() and "left" in out.getvalue()
    bar.end()
    assert out.getvalue().endswith("\n")


def test_quiet_progress_prints_nothing():
    out = io.StringIO()
    bar = Progress(enabled=False, stream=out, tty=True)
    bar.begin("ingest", 2)
    bar.advance(2)
    bar.note("hello")
    bar.end()
    assert out.getvalue() == ""


def test_seed_digests_read_a_file_again_unless_it_is_old_and_unchanged(tmp_path, monkeypatch):
    import os
    import time
    from site_builder.ingest import stage
    store = Store(tmp_path / "cache")
    page = tmp_path / "p.txt"
    page.write_text("第一版", "utf-8")
    first = stage.seed_digests([page], store)[0]
    # edited within the same second, then its size and mtime put back: the memo was
    # taken too soon after the file changed to be trusted, so the file is read again
    stat = page.stat()
    page.write_text("第二版", "utf-8")
    os.utime(page, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    second = stage.seed_digests([page], store)[0]
    assert second != first and second == sha256("第二版".encode("utf-8"))
    # hashed (as the clock says) long after its last change: not read again
    later = time.time_ns() + 5 * 10**9
    monkeypatch.setattr(stage.time, "time_ns", lambda: later)
    stage.seed_digests([page], store)
    reads = []
    real_read = Path.read_bytes
    monkeypatch.setattr(Path, "read_bytes", lambda self: reads.append(self) or real_read(self))
    assert stage.seed_digests([page], store)[0] == second
    assert reads == []
    # replaced by a copy of the same size that keeps the old mtime: its ctime is new
    page.write_text("第三版", "utf-8")
    os.utime(page, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    assert stage.seed_digests([page], store)[0] == sha256("第三版".encode("utf-8"))
    assert reads == [page]


def test_provenance_tells_apart_what_the_corpus_wide_steps_changed():
    from dataclasses import replace
    from site_builder.ingest.stage import assign_ids, provenance
    from site_builder.models import Article
    made = Article(id="biao-ti", title="标题", body="正文", seed="p.txt", date="2026-01-02",
                   lines=(1, 3))
    final, = assign_ids([made])
    assert final is made  # its base ID is free: the very article, not a copy
    same, = assign_ids([made])
    assert provenance("k:0", made, final) == provenance("k:0", made, same)
    assert provenance("k:0", made, final) != provenance("k:1", made, final)
    assert provenance("k:0", made, made) == "k:0"  # untouched: its place, nothing hashed
    _, other = assign_ids([made, made])  # a later copy of a taken ID gets a suffix
    assert other.id.startswith("biao-ti-") and other.id != made.id
    assert provenance("k:0", made, final) != provenance("k:0", made, other)
    linked = replace(final, duplicate_of="yuan-wen")
    assert provenance("k:0", made, linked) != provenance("k:0", made, final)


def test_base_ids_reused_from_cached_results_are_those_made_afresh():
    """An edited page's articles take the base IDs of the cached results' articles of the
    same title and stand-in text (no pypinyin needed); a new title is made afresh, and
    either way the IDs are those a clean ingest gives."""
    from site_builder.ingest import stage
    from site_builder.models import Article, PageResult

    old = stage.with_base_ids(stage.SeedResult(PageResult("p1.txt", (
        Article("", "满洲里口岸中欧班列开行", "正文一。", "p1.txt"),
        Article("", None, "没有标题的正文，用开头代替。", "p1.txt", kicker="引题")))))
    edited = stage.SeedResult(PageResult("p1.txt", (
        Article("", "满洲里口岸中欧班列开行", "正文一，多了一句。", "p1.txt"),
        Article("", None, "没有标题的正文，用开头代替。", "p1.txt", kicker="引题"),
        Article("", "呼伦贝尔新巴尔虎右旗", "新的故事。", "p1.txt"))))
    known = stage.known_bases([old, None])
    assert len(known) == 2
    reused = stage.with_base_ids(edited, known)
    assert [a.id for a in reused.page.articles] == \
        [a.id for a in stage.with_base_ids(edited).page.articles]
    assert reused.page.articles[0].id == old.page.articles[0].id != ""


def test_manifest_text_is_json_dumps_with_its_indent():
    import json

    from site_builder.ingest.write import manifest_text

    for manifest in ({}, {"a.md": "x"}, {"中文\"\\\u2028.md": "ab", "z.md": "", "b\n": "é"},
                     {"n.md": 3}, {f"{i:04d}.md": f"{i:064x}" for i in range(500, 0, -1)}):
        assert manifest_text(manifest) == json.dumps(
            dict(sorted(manifest.items())), indent=1, ensure_ascii=False) + "\n"


def test_render_ahead_loads_the_page_cache_once_and_hands_it_over(tmp_path: Path):
    from site_builder.pipeline import PAGES, PageCache, RenderAhead, SearchMemo

    store = Store(tmp_path)
    first = PageCache(None, {"index.html": None}, None)
    store.save(PAGES, first)
    ahead = RenderAhead(store)
    ahead.load()
    store.save(PAGES, PageCache(("out", (1, 2)), {}, None))
    ahead.load()  # (once: what the build found first is what its render gets)
    pages, memo = ahead.take()
    assert pages == first and ahead.pages is None and isinstance(memo, SearchMemo)
    assert RenderAhead(store).take()[0].mark == ("out", (1, 2))  # not loaded ahead
    assert RenderAhead(Store(tmp_path, enabled=False)).take() == (None, None)


def _sample_site(tmp_path: Path, pages: int):
    """A site folder holding the first `pages` sample pages, its config and its cache."""
    import shutil

    from site_builder.config import SiteConfig

    seeds = tmp_path / "seeds"
    seeds.mkdir()
    for page in sorted((Path(__file__).resolve().parents[2] / "seeds").glob("*.txt"))[:pages]:
        shutil.copy(page, seeds / page.name)
    return SiteConfig(root=str(tmp_path)), Store(tmp_path / ".cache")


def test_extract_does_its_meanwhile_while_a_few_pages_are_ingested(tmp_path: Path):
    from site_builder.errors import ErrorLog
    from site_builder.ingest.stage import extract
    from site_builder.parallel import LocalExecutor
    from site_builder.progress import silent

    config, store = _sample_site(tmp_path, 2)
    calls: list[int] = []
    for _ in range(2):  # the second time every page's result is cached: nothing to wait for
        found = extract(config, ErrorLog(), silent(), LocalExecutor(2), store,
                        lambda: calls.append(1))
        assert found.articles
    assert calls == [1]


def test_the_page_cache_is_saved_as_a_delta_of_its_base_while_that_is_small(tmp_path: Path):
    from site_builder.pipeline import PAGE_DELTA, PAGES, KeptPages, PageCache
    from site_builder.render.plan import ArticleFacts, Snapshot
    from site_builder.render.writer import PageKey

    def cache(n: int, changed: int, mark: tuple) -> PageCache:
        keys = {f"articles/{i}.html": PageKey(f"k{i}{'x' if i < changed else ''}", i, i)
                for i in range(n)}
        facts = {str(i): ArticleFacts(f"d{i}{'x' if i < changed else ''}", frozenset(),
                                      frozenset()) for i in reversed(range(n))}
        related = {str(i): ((str((i + 1) % n), 1.0, (("tag", "t"),)),) for i in range(n)}
        return PageCache(mark, keys, Snapshot("s", facts, related, {}, {}, {}, n))

    store = Store(tmp_path)
    KeptPages().save(store, cache(100, 0, ("out", (1, 1))))
    assert store.holds(PAGES) and not store.holds(PAGE_DELTA)
    kept, loaded = KeptPages.load(store)
    assert loaded == cache(100, 0, ("out", (1, 1)))
    small = cache(100, 3, ("out", (2, 2)))
    kept.save(store, small)  # 9 entries of 300 changed: a delta, the base as it was
    assert store.holds(PAGE_DELTA) and store.load(PAGES) == kept.base
    again, loaded = KeptPages.load(store)
    assert loaded == small and list(loaded.keys) == list(small.keys)
    assert list(loaded.snapshot.facts) == list(small.snapshot.facts)
    large = cache(100, 50, ("out", (3, 3)))
    again.save(store, large)  # half of them: the whole cache, and no delta
    assert not store.holds(PAGE_DELTA) and KeptPages.load(store)[1] == large
    # a delta of another base (the cache was saved whole since) does not apply to it
    store.save(PAGE_DELTA, store.load(PAGE_DELTA) or _delta_of(kept, small))
    assert KeptPages.load(store)[1] == large


def _delta_of(kept, cache):
    from site_builder.pipeline import page_delta

    return page_delta(cache, kept.base, kept.stamp)


def test_a_pack_gives_back_its_entries_and_a_damaged_one_only_misses(tmp_path: Path):
    import pickle

    store = Store(tmp_path)
    assert store.unpack(ENTRIES).pickles == {}
    pickles = [(f"k{i}", pickle.dumps({"value": i})) for i in range(3)]
    store.repack(ENTRIES, pickles)
    packed = store.unpack(ENTRIES).pickles
    assert list(packed) == ["k0", "k1", "k2"]
    assert [store.loads(ENTRIES, packed[key]) for key in packed] == [{"value": i} for i in range(3)]
    assert store.loads(Entries("ingest", list), packed["k0"]) is None  # another type
    assert store.loads(ENTRIES, b"\x80\x05garbage") is None and store.loads(ENTRIES, None) is None
    pack = tmp_path / "state" / "ingest.pack"
    pack.write_bytes(pack.read_bytes()[:-3])  # a torn last entry: left out
    assert list(store.unpack(ENTRIES).pickles) == ["k0", "k1"]
    # added to: the torn entry cut off first
    assert store.add_to_pack(ENTRIES, store.unpack(ENTRIES), [("k3", pickle.dumps([3]))])
    packed = store.unpack(ENTRIES).pickles
    assert list(packed) == ["k0", "k1", "k3"] and store.loads(Entries("ingest", list),
                                                               packed["k3"]) == [3]
    stale = store.unpack(ENTRIES)
    store.repack(ENTRIES, pickles[:1])  # (another file since it was read: not added to)
    assert not store.add_to_pack(ENTRIES, stale, [("k4", pickle.dumps({}))])
    assert list(store.unpack(ENTRIES).pickles) == ["k0"]
    pack.write_bytes(b"not a pack")
    assert store.unpack(ENTRIES).pickles == {}
    assert Store(tmp_path, enabled=False).unpack(ENTRIES).pickles == {}


def test_a_mapped_slot_maps_its_arrays_and_a_damaged_file_only_misses(tmp_path: Path):
    import numpy as np

    store, slot = Store(tmp_path), Slot("search", dict, mapped=True)
    value = {"doc": np.arange(1000, dtype=np.int32), "bounds": np.arange(7, dtype=np.int64),
             "words": ["甲", "乙"], "shards": 4}
    store.save(slot, value)
    loaded = store.load(slot)
    assert loaded.keys() == value.keys() and loaded["words"] == ["甲", "乙"]
    assert all(np.array_equal(loaded[k], value[k]) and loaded[k].dtype == value[k].dtype
               for k in ("doc", "bounds"))
    assert not loaded["doc"].flags.writeable  # a view of the mapped file
    assert loaded["bounds"].ctypes.data % 64 == 0
    store.save(slot, {"doc": loaded["doc"][::2].copy()})  # saved over while mapped
    assert np.array_equal(loaded["doc"], value["doc"])
    assert np.array_equal(store.load(slot)["doc"], value["doc"][::2])
    path = tmp_path / "state" / "search.pkl"
    # loaded, its views gone: the next save writes over the file in place
    del loaded
    inode, reloaded = path.stat().st_ino, store.load(slot)
    assert np.array_equal(reloaded["doc"], value["doc"][::2])
    del reloaded
    store.save(slot, value)
    assert path.stat().st_ino == inode and np.array_equal(store.load(slot)["doc"], value["doc"])
    data = path.read_bytes()
    path.write_bytes(bytes(8) + data[8:])  # an overwrite cut short (its mark written last)
    assert store.load(slot) is None
    path.write_bytes(data[:-3])  # truncated: a miss
    assert store.load(slot) is None
    path.write_bytes(b"")
    assert store.load(slot) is None
    assert Store(tmp_path, enabled=False).load(slot) is None


@pytest.mark.parametrize("kept", [256, 2])
def test_extract_reads_the_cached_results_from_its_pack(tmp_path: Path, monkeypatch, kept: int):
    from site_builder.errors import ErrorLog
    from site_builder.ingest import stage
    from site_builder.ingest.stage import extract
    from site_builder.parallel import LocalExecutor
    from site_builder.progress import silent

    # (kept=2: a cold build of many pages keeps few pickles; the others are packed from
    # their files)
    monkeypatch.setattr(stage, "KEPT_PICKLES", kept)
    config, store = _sample_site(tmp_path, 5)
    first = extract(config, ErrorLog(), silent(), LocalExecutor(1), store)
    assert first.redone == 5 and (tmp_path / ".cache" / "state" / "ingest.pack").is_file()
    for entry in (tmp_path / ".cache" / "ingest").glob("*.pkl"):
        entry.unlink()  # (so only the pack can give them)
    again = extract(config, ErrorLog(), silent(), LocalExecutor(1), store)
    assert (again.reused, again.redone) == (5, 0)
    assert again.articles == first.articles
    # a page edited: its new result added at the pack's end, the others' left as they are
    pack = tmp_path / ".cache" / "state" / "ingest.pack"
    before = pack.read_bytes()
    page = sorted((tmp_path / "seeds").iterdir())[1]
    page.write_text(page.read_text("utf-8") + "\n\n据统计，项目已经开工。\n", "utf-8")
    edited = extract(config, ErrorLog(), silent(), LocalExecutor(1), store)
    assert edited.redone == 1 and pack.read_bytes().startswith(before)
    assert len(store.unpack(Entries("ingest", object)).pickles) == 6


def test_the_loaded_page_cache_is_kept_out_of_the_collectors_way(tmp_path: Path):
    import gc

    from site_builder.pipeline import PAGES, KeptPages, PageCache

    store = Store(tmp_path)
    store.save(PAGES, PageCache(None, {f"page-{i}.html": None for i in range(1000)}, None))
    gc.unfreeze()
    try:
        _, pages = KeptPages.load(store)
        # (frozen before the collector was back: its next collection would walk it all)
        assert pages is not None and gc.get_freeze_count() > 1000
    finally:
        gc.unfreeze()
