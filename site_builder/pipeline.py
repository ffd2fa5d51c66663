"""The build, top to bottom: seeds -> content/ -> _site/. Shared by the command line
and `serve`; it says in which order the stages run and what of the last build each
may reuse, and holds no logic of its own beyond that.

  build()       the lock, the steps asked for (ingest, render), the executor of `jobs`
                processes and the collector's scope of one build
  run_ingest()  ingest.stage.extract (seeds -> articles), ingest.write.write_content
  run_render()  skipped when nothing it reads changed and the output is still the one
                it made; else the content files (those the ingest just wrote are not
                read back), the page cache and the corpus snapshot of the last render
                -> render.site.render_site

The state it keeps between builds (state.store slots): the content files parsed by a
render on its own (FILES), the last render's inputs (RENDERED), the page cache (PAGES)
and the search index's memo (SEARCH).
"""
from __future__ import annotations

import contextlib
import dataclasses
import os
import stat
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Callable, Iterator, Mapping

from . import content
from .config import SiteConfig
from .content import ContentFile
from .errors import ErrorLog, SiteError, check_folder
from .ingest.stage import extract
from .ingest.write import write_content
from .lock import build_lock
from .parallel import Executor, build_heap, collector_paused, executor_for, keep_for_build
from .progress import Progress, silent
from .state.fingerprints import ingest_context, render_inputs, render_salt, sha256
from .state.store import Slot, Store
from .taxonomy import load_taxonomy, tag_descriptions, tag_names

if TYPE_CHECKING:  # the render is imported when a render runs (not on a no-change build)
    from .render.plan import Snapshot
    from .render.writer import PageKey

STEPS = ("ingest", "render")
# The cache's folder of compiled templates (Jinja2's bytecode cache): compiling them
# took 0.1-0.3 s in every process that renders, every build.
COMPILED = "templates"
OutputMark = tuple  # (output folder, (size, mtime_ns) of its index.html)


# ---------------------------------------------------------------- the kept state

@dataclass(frozen=True)
class ContentMemo:
    folder: str
    files: dict[str, ContentFile]  # file name -> as parsed


@dataclass(frozen=True)
class RenderMemo:
    """A render that completed: what it read, the output it made, what it said."""

    inputs: str                      # fingerprints.render_inputs
    mark: OutputMark | None
    articles: int
    pages: int
    warnings: tuple[SiteError, ...]


@dataclass(frozen=True)
class PageCache:
    mark: OutputMark | None             # the output these keys are of
    keys: dict[str, PageKey]            # site path -> the key of what the page shows
    snapshot: Snapshot | None           # what the next render's plan compares with


@dataclass(frozen=True)
class IngestMemo:
    """An ingest that completed without errors: the seeds, content folder and context it
    left (ingest_inputs), its report and what it said. The next ingest that finds the
    same does nothing and says the same."""

    inputs: str
    report: IngestReport             # (its `files` left out)
    warnings: tuple[SiteError, ...]


@dataclass(frozen=True)
class PageDelta:
    """The page cache as a change to the one in PAGES, saved instead of all of it while
    the change is small (writing the whole cache, ~7 MB at 10,000 articles, took
    0.13-0.4 s at the end of every build): the entries of its three large dicts (page
    keys, the snapshot's facts and related lists) that differ from the base's, each
    dict's order, and the rest as it is. `base`: the stat of the PAGES file it
    changes (Store.stamp); it applies to that file only."""

    base: tuple
    mark: OutputMark | None
    keys: dict[str, PageKey]
    snapshot: Snapshot                  # with only the changed facts and related lists
    orders: tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]  # keys, facts, related


INGESTED = Slot("ingest", IngestMemo)
FILES = Slot("content-files", ContentMemo)
RENDERED = Slot("render", RenderMemo)
PAGES = Slot("pages", PageCache, version=5)  # 5: a snapshot with its make_id results
SEARCH = Slot("search", dict, mapped=True)  # its ~80 MB of arrays mapped, not read
PAGE_DELTA = Slot("pages-delta", PageDelta)
# A delta of more than this share of the cache's entries: the whole cache is saved.
DELTA_SHARE = 0.125
_GONE = object()


def _changed(new: Mapping, old: Mapping) -> dict:
    """The entries of `new` that `old` has not, or not equal (the same object, mostly)."""
    return {k: v for k, v in new.items()
            if (was := old.get(k, _GONE)) is not v and was != v}


def _whole(order: tuple[str, ...], changed: Mapping, base: Mapping) -> dict:
    return {k: changed[k] if k in changed else base[k] for k in order}


def page_delta(cache: PageCache, base: PageCache, stamp: tuple) -> PageDelta | None:
    """`cache` as a change to `base` (the PAGES file of `stamp`); None when the change
    is not small, or either has no snapshot."""
    now, then = cache.snapshot, base.snapshot
    if now is None or then is None:
        return None
    keys, facts = _changed(cache.keys, base.keys), _changed(now.facts, then.facts)
    related = _changed(now.related, then.related)
    if len(keys) + len(facts) + len(related) > DELTA_SHARE * (
            len(cache.keys) + len(now.facts) + len(now.related)):
        return None
    return PageDelta(stamp, cache.mark, keys,
                     dataclasses.replace(now, facts=facts, related=related),
                     (tuple(cache.keys), tuple(now.facts), tuple(now.related)))


def with_delta(base: PageCache, delta: PageDelta) -> PageCache | None:
    """The page cache `delta` made of `base` (None: it does not fit that base)."""
    if base.snapshot is None:
        return None
    keys_order, facts_order, related_order = delta.orders
    try:
        return PageCache(delta.mark, _whole(keys_order, delta.keys, base.keys),
                         dataclasses.replace(delta.snapshot, facts=_whole(
                             facts_order, delta.snapshot.facts, base.snapshot.facts),
                             related=_whole(related_order, delta.snapshot.related,
                                            base.snapshot.related)))
    except KeyError:
        return None


@dataclass(frozen=True)
class KeptPages:
    """Where the page cache was loaded from: the base in PAGES and its file's stamp (the
    next cache is saved as a delta of it, while that is small)."""

    base: PageCache | None = None
    stamp: tuple | None = None

    @classmethod
    def load(cls, store: Store) -> tuple["KeptPages", PageCache | None]:
        """(where from, the page cache: the base with the delta beside it applied). It
        lives as long as the build: kept out of the collector's way before the collector
        is back (its next collection would walk the whole cache: ~0.08 s)."""
        with collector_paused():
            base = store.load(PAGES)
            stamp = store.stamp(PAGES) if base is not None else None
            delta = store.load(PAGE_DELTA) if base is not None else None
            pages = base if delta is None or delta.base != stamp else with_delta(base, delta)
            keep_for_build()
        return cls(base, stamp), pages

    def save(self, store: Store, cache: PageCache) -> None:
        """`cache` saved as a delta of the base when that is small (and the base's file
        is still the one loaded), else whole: then the delta is dropped (after: a
        delta never applies to another base than its own)."""
        delta = page_delta(cache, self.base, self.stamp) \
            if self.base is not None and self.stamp is not None else None
        if delta is not None and store.stamp(PAGES) == self.stamp:
            store.save(PAGE_DELTA, delta)
            return
        store.save(PAGES, cache)
        store.forget(PAGE_DELTA)


@dataclass(frozen=True)
class SearchMemo:
    """Where the search index keeps its memo between renders (render.site.SearchMemo)."""

    store: Store

    def load(self) -> dict:
        return self.store.load(SEARCH) or {}

    def save(self, memo: dict) -> None:
        self.store.save(SEARCH, memo)

    def kept(self) -> bool:
        return self.store.holds(SEARCH)


class RenderAhead:
    """What a render loads before its work, loaded early: while the ingest's worker
    starts (jieba's dictionaries) for the one or two pages of a daily build, this
    process would otherwise wait for it. The render's modules and the page cache. (Not
    the search index's memo: the search job loads it in its own process, alongside the
    corpus; here, with the seeds' cached results and pinyin to load, it made this
    process the one waited for.) Loaded at most once; a render that does not run drops
    it unused."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self.done = False
        self.pages: PageCache | None = None
        self.kept: KeptPages | None = None  # what it was loaded from (to save the next)

    def load(self) -> None:
        if self.done or not self.store.enabled:
            return
        self.done = True
        from .render import site  # noqa: F401  (imported now rather than on the path)

        self.kept, self.pages = KeptPages.load(self.store)

    def take(self) -> tuple[PageCache | None, SearchMemo | None]:
        """The page cache (loaded ahead if it was, then forgotten here) and the search
        memo's keeper."""
        if not self.store.enabled:
            return None, None
        if not self.done:
            self.kept, self.pages = KeptPages.load(self.store)
        pages, self.pages = self.pages, None
        return pages, SearchMemo(self.store)


# ---------------------------------------------------------------- reports

@dataclass(frozen=True)
class IngestReport:
    articles: int
    written: int                     # content files written
    kept: tuple[str, ...]            # hand-edited content files kept as they are
    reused: int                      # seeds whose cached result was used
    redone: int                      # seeds ingested
    files: dict[str, ContentFile] = field(repr=False, default_factory=dict)  # see Written
    seconds: float = 0.0
    # the content folder's files as the ingest left them (_scan): the render's stats
    scan: dict[str, os.stat_result] = field(repr=False, default_factory=dict)


@dataclass(frozen=True)
class RenderReport:
    articles: int
    pages: int
    reused: int                      # pages carried over from the last site
    redone: int                      # pages rendered afresh
    skipped: bool = False            # nothing it reads had changed: nothing was done
    seconds: float = 0.0


@dataclass(frozen=True)
class BuildReport:
    ingest: IngestReport | None
    render: RenderReport | None
    seconds: float

    @property
    def articles(self) -> int:
        return self.ingest.articles if self.ingest else self.render.articles if self.render else 0

    @property
    def pages(self) -> int:
        return self.render.pages if self.render else 0


# ---------------------------------------------------------------- the build

def build(config: SiteConfig, log: ErrorLog, steps: tuple[str, ...] = STEPS, jobs: int = 1,
          cache: bool = True, progress: Progress | None = None,
          long_lived: bool = False, executor: str = "local",
          scheduler: str | None = None) -> BuildReport:
    """The `steps` ("ingest", "render") of one build with `jobs` processes, one build at a
    time (a lock next to the cache). `cache` False: neither read nor write the cache
    folder. `long_lived`: the calling process goes on (serve): what the build left
    is collected at its end. `executor` "dask": the per-page ingest and the pages'
    rendering on the Dask cluster at `scheduler` (else a local one of `jobs` workers)."""
    start = time.perf_counter()
    store = Store(config.path("cache"), enabled=cache)
    bar = progress or silent()
    with build_lock(config.path("cache") / "build.lock"), build_heap(long_lived), \
            executor_of(executor, jobs, scheduler) as workers:
        ahead = RenderAhead(store) if "render" in steps else None
        ingested = run_ingest(config, log, bar, workers, store,
                              ahead.load if ahead else None) if "ingest" in steps else None
        rendered = run_render(config, log, bar, workers, store,
                              ingested.files if ingested else None, ahead,
                              ingested.scan if ingested else None) \
            if "render" in steps else None
    return BuildReport(ingested, rendered, time.perf_counter() - start)


@contextlib.contextmanager
def executor_of(kind: str, jobs: int, scheduler: str | None = None) -> Iterator[Executor]:
    """The executor of one build: this machine's `jobs` processes, or ("dask") a Dask
    cluster, imported only then (an optional dependency)."""
    if kind != "dask":
        yield executor_for(jobs)
        return
    from .dask_executor import dask_executor

    with dask_executor(jobs, scheduler) as cluster:
        yield cluster


def run_ingest(config: SiteConfig, log: ErrorLog, bar: Progress, executor: Executor,
               store: Store, meanwhile: Callable[[], None] | None = None) -> IngestReport:
    """Seeds -> content/; the cached results of unchanged seeds are reused, and nothing
    is done when neither the seeds, the content folder nor the context changed since the
    last ingest (its report is `files`-less: the render reads the content folder).
    `meanwhile`: work to do while the workers of a few pages start (extract's)."""
    start = time.perf_counter()
    context = ingest_context(config) if store.enabled else ""
    # (the seeds as found: an ingest never writes there, so its end does not list them
    # again; the content files as found: write_content's stats of the untouched ones)
    seeds = _listing(_scan(config.path("seeds"))) if store.enabled else None
    before = _scan(config.path("content")) if store.enabled else ""
    inputs = ingest_inputs(config, context, seeds, before) if store.enabled else None
    last = store.load(INGESTED) if inputs else None
    if last is not None and last.inputs == inputs:
        log.warnings.extend(last.warnings)
        report = last.report
        return dataclasses.replace(report, written=0, reused=report.reused + report.redone,
                                   redone=0, seconds=time.perf_counter() - start,
                                   scan=_stats(before))
    warned, failed = len(log.warnings), len(log.errors)
    found = extract(config, log, bar, executor, store, meanwhile)
    done = write_content(config.path("content"), found.articles, found.discards, log, store,
                         found.origins, {name: (st.st_size, st.st_mtime_ns) for name, st
                                         in before.items()} if isinstance(before, dict) else None)
    after = _scan(config.path("content")) if store.enabled else ""
    report = IngestReport(len(found.articles), done.written, tuple(done.kept), found.reused,
                          found.redone, done.files, time.perf_counter() - start, _stats(after))
    if store.enabled and len(log.errors) == failed:
        store.save(INGESTED, IngestMemo(ingest_inputs(config, context, seeds, after),
                                        dataclasses.replace(report, files={}, scan={}),
                                        tuple(log.warnings[warned:])))
    return report


def ingest_inputs(config: SiteConfig, context: str, seeds: str | None = None,
                  found: "dict | str | None" = None) -> str:
    """What an ingest reads and leaves: its `context` (fingerprints.ingest_context), and
    the name, size, inode and times of every file of the seeds and content folders (an
    edit, a new page, a file removed or touched all change it). `seeds`: the seeds
    folder's _listing(), `found`: the content folder's _scan(), when made already."""
    return sha256(context, seeds if seeds is not None else _listing(_scan(config.path("seeds"))),
                  _listing(found if found is not None else _scan(config.path("content"))))


def _scan(folder: Path) -> "dict[str, os.stat_result] | str":
    """Every file of `folder` (name relative to it -> its stat, links not followed), or
    why it cannot be read."""
    try:
        return {name: entry.stat(follow_symlinks=False) for name, entry in content.walk(folder)}
    except OSError as exc:
        return f"unreadable: {exc}"  # (then the ingest itself says what is wrong)


def _stats(found: "dict[str, os.stat_result] | str") -> dict[str, os.stat_result]:
    """A _scan()'s stats, none when the folder could not be read (or was not scanned)."""
    return found if isinstance(found, dict) else {}


def _listing(found: "dict[str, os.stat_result] | str") -> str:
    if isinstance(found, str):
        return found
    return "\n".join(sorted(
        f"{name}\0{st.st_size}\0{st.st_ino}\0{st.st_mtime_ns}\0{st.st_ctime_ns}\0{st.st_mode}"
        for name, st in found.items()))


def _file_stats(folder: Path, scan: Mapping[str, os.stat_result] | None) -> list:
    """content.file_stats(folder), from `scan` (the ingest's _scan of it) when it holds
    the folder's files, none a link (its stats do not follow links): the content folder
    listed once less."""
    usable = scan and not any(stat.S_ISLNK(st.st_mode) for st in scan.values())
    return content.file_stats(folder, scan if usable else None)


def output_mark(output: Path) -> OutputMark | None:
    """What tells that the output is still the one the last render swapped in."""
    try:
        stat = (output / "index.html").stat()
    except OSError:
        return None
    return str(output), (stat.st_size, stat.st_mtime_ns)


PARSE_CHUNK = 250  # content files a worker parses at a time (fewer: all parsed here)


def _parser(executor: Executor, folder: Path) -> content.Parse:
    """content.parse_files over the executor's workers, PARSE_CHUNK files a task: YAML
    front matter is the larger part of a render's own work before the pages."""
    def parse(files: list) -> list:
        if executor.jobs < 2 or len(files) < 2 * PARSE_CHUNK:
            return content.parse_files(str(folder), files)
        chunks = [files[i:i + PARSE_CHUNK] for i in range(0, len(files), PARSE_CHUNK)]
        made: list = []
        with executor.map(content.parse_files, str(folder), chunks) as results, \
                collector_paused():
            for part in results:
                made.extend(part)
        return made
    return parse


def _content_files(folder: Path, store: Store, known: Mapping[str, ContentFile] | None,
                   stats: list, executor: Executor) -> tuple[list[ContentFile], list[SiteError]]:
    """The content files, reusing the articles of files whose size and mtime are
    unchanged: those `known` (the files the ingest just wrote or checked), else those
    parsed by the last render on its own. Only a render on its own keeps what it
    parsed: after an ingest, most files are known, and a stale memo costs a re-read of
    the files changed since, nothing more."""
    state = store.load(FILES) if known is None else None
    memo: Mapping[str, ContentFile] = known if known is not None else \
        state.files if state and state.folder == str(folder) else {}
    loaded, errors = content.read_folder(folder, memo, stats, _parser(executor, folder))
    if known is None and (loaded.keys() != memo.keys() or any(
            memo[name] is not entry for name, entry in loaded.items() if name in memo)):
        store.save(FILES, ContentMemo(str(folder), loaded))
    return list(loaded.values()), errors


def run_render(config: SiteConfig, log: ErrorLog, bar: Progress, executor: Executor,
               store: Store, known: Mapping[str, ContentFile] | None = None,
               ahead: RenderAhead | None = None,
               scan: Mapping[str, os.stat_result] | None = None) -> RenderReport:
    """content/ -> the site (see the module's doc). `known`: the ingest's files;
    `ahead`: the page cache, when the ingest loaded it already; `scan`: the content
    folder's files as the ingest left them."""
    start = time.perf_counter()
    folder = config.path("content")
    check_folder(folder, "content folder", "--content",
                 "run `site-builder ingest` or `build` first, or pass --content DIR")
    try:
        stats = _file_stats(folder, scan)
    except OSError as exc:
        raise SiteError(exc.filename or str(folder),
                        f"cannot read the content folder: {exc.strerror}",
                        hint="check the folder's permissions") from None
    salt = render_salt(config)
    inputs = render_inputs(salt, folder, stats)
    output = config.path("output")
    last = store.load(RENDERED)
    if last and last.inputs == inputs and last.mark == output_mark(output):
        log.warnings.extend(last.warnings)
        return RenderReport(last.articles, last.pages, last.pages, 0, True,
                            time.perf_counter() - start)
    from .render.site import render_site  # (Jinja2, Markdown and the views: only now)

    files, errors = _content_files(folder, store, known, stats, executor)
    log.errors.extend(errors)
    before = len(log.warnings)
    ahead = ahead or RenderAhead(store)
    pages, search_memo = ahead.take()
    current = pages is not None and pages.mark == output_mark(output)
    taxonomy = load_taxonomy(config)
    # (the search index's job saves its memo after its files, while this process
    # saves the page cache: waited for at the end)
    with contextlib.ExitStack() as lasting:
        result = render_site(config, [f.article for f in files], log,
                             tag_names=tag_names(taxonomy),
                             tag_descriptions=tag_descriptions(taxonomy), executor=executor,
                             progress=bar, previous=(pages.keys if current else {})
                             if store.enabled else None,
                             search_memo=search_memo,
                             since=pages.snapshot if current else None,
                             digests={f.article.id: f.digest for f in files}, salt=salt,
                             compiled=config.path("cache") / COMPILED if store.enabled
                             else None, lasting=lasting)
        del pages, search_memo
        (ahead.kept or KeptPages()).save(
            store, PageCache(output_mark(output), result.keys, result.snapshot))
        if not errors:
            store.save(RENDERED, RenderMemo(inputs, output_mark(output), len(files),
                                            result.pages, tuple(log.warnings[before:])))
        else:
            store.forget(RENDERED)
    return RenderReport(len(files), result.pages, result.reused, result.pages - result.reused,
                        seconds=time.perf_counter() - start)
