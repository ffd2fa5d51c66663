"""Seeds -> articles: every page ingested (or its cached result loaded), then the
corpus-wide steps over the whole archive.

Per seed, in worker processes (ingest_seed): the page split into articles
(`articles_from_page(read_page(path), newspaper)`, or `pdf.articles_from_pdf` for a
PDF), each enriched by nlp (tags, places, people, keywords: one jieba segmentation)
and given its MinHash signature. The result is cached under the hash of the seed's
name and bytes and of everything else it depends on (fingerprints.ingest_context), so
a changed input can only miss; the results a build used are also packed into one
file (Store.repack), which the next build reads in one go. Then, on every build, over
all articles in seed order:
the year of undated datelines from neighbouring pages (`years_from_neighbours`), IDs
unique within the archive (assign_ids), duplicates (`link_duplicates`, its verdicts on
pairs kept between builds) and reprints' sources (`sources_from_printings`).
"""
from __future__ import annotations

import contextlib
import dataclasses
import hashlib
import pickle
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, ContextManager, Iterable, Iterator, Mapping, NamedTuple

from .. import content
from ..config import SiteConfig
from ..errors import ErrorLog, SiteError, check_folder
from ..models import Article, Discard, PageResult
from ..parallel import Executor, collect, collector_paused, keep_for_build
from ..progress import Progress
from ..state.fingerprints import ingest_context, sha256
from ..state.store import Entries, Packed, Slot, Store
from .edition import sources_from_printings, years_from_neighbours
from .read import MAX_PAGE_BYTES, PAGE_SUFFIXES, read_page, skip_hint

DISCARDS = "_discarded.yaml"
# A pack that holds more results than this share of those used is made anew.
PACK_STALE = 0.25
# the pickles of new results an extract keeps for its pack; a cold build's others are
# read back from their files (at 100,000 articles they are ~300 MB)
KEPT_PICKLES = 256
# At most this many seeds to ingest (the daily case) and extract's `meanwhile` runs
# while their workers start: with more, the workers' results come at once.
MEANWHILE_SEEDS = 16
# The page model's patterns as compiled (ingest.compiled) in the first import of its
# module "page" or "pdf", in the cache folder.
COMPILED_PATTERNS = "patterns-{}.marshal"


# ---------------------------------------------------------------- what is kept

@dataclass(frozen=True)
class SeedResult:
    """One seed's ingest, as cached: what the corpus-wide steps need of it."""

    page: PageResult | None                 # articles (enriched, IDs their base_id), discards
    error: SiteError | None = None          # why the page could not be read (page is None)
    signatures: tuple[tuple[int, ...], ...] = ()  # MinHash signature of each body
    skipped: tuple[SiteError, ...] = ()     # pages of a PDF seed skipped while its others were read


class SeedMark(NamedTuple):
    """A seed file as last hashed: (size, inode, mtime_ns, ctime_ns), its SHA-256 and when."""

    stat: tuple[int, int, int, int]
    digest: str
    hashed_at: int  # time.time_ns()


@dataclass(frozen=True)
class SeedMarks:
    marks: dict[str, SeedMark]  # file name -> its mark


@dataclass(frozen=True)
class DedupeMemo:
    context: str                              # ingest_context() it was made under
    verdicts: dict[tuple[bytes, bytes], bool]  # link_duplicates' verdicts on pairs


INGESTED = Entries("ingest", SeedResult)
SEED_MARKS = Slot("seeds", SeedMarks)
DEDUPE = Slot("dedupe", DedupeMemo)


@dataclass(frozen=True)
class Extracted:
    """The articles of the archive with IDs, duplicates linked and nlp fields filled in,
    the text that went into none, and what the cache saved."""

    articles: list[Article]
    discards: list[Discard]
    origins: list[str]      # each article's provenance()
    reused: int = 0         # seeds whose cached result was used
    redone: int = 0         # seeds ingested


# ---------------------------------------------------------------- the seeds

def seed_files(folder: Path, log: ErrorLog | None = None) -> list[Path]:
    """The pages of the seeds folder (ingest.read.PAGE_SUFFIXES), sorted by name.

    Hidden files are passed over; any other file, and any subfolder, is named in a
    warning with a hint and skipped, and so is a folder that holds no page. A missing,
    unreadable or wrong-kind folder is an error."""
    check_folder(folder, "seeds folder", "--seeds",
                 "put the page text files into a folder named seeds here, or pass --seeds DIR")
    log = log if log is not None else ErrorLog()
    pages = []
    try:
        entries = sorted(folder.iterdir())
    except OSError as exc:
        raise SiteError(str(folder), f"cannot read the seeds folder: {exc.strerror}",
                        hint="check the folder's permissions") from None
    for path in entries:
        if path.name.startswith("."):
            continue
        if path.is_dir():
            log.warn(path, "a folder inside the seeds folder: not read",
                     hint="pages are read from the seeds folder itself; move them up into it")
        elif not path.is_file():
            log.warn(path, "not a regular file (a broken link?): skipped")
        elif path.suffix.lower() not in PAGE_SUFFIXES:
            log.warn(path, "not a page: skipped", hint=skip_hint(path))
        else:
            pages.append(path)
    if not pages:
        log.warn(folder, f"no pages in the seeds folder ({', '.join(sorted(PAGE_SUFFIXES))} "
                         f"files): the site has no articles",
                 hint="copy the page text files into it")
    return pages


def seed_digests(files: list[Path], store: Store,
                 loaded: SeedMarks | None = None) -> list[str]:
    """The SHA-256 of each seed's bytes. A file is not read again when its size, inode,
    mtime and ctime are those the last run saw and it had then been left alone for over
    a second: an edit since would have changed its ctime, which nobody can set back (a
    copy that keeps an old mtime still gets a new ctime); as git does, a file changed
    just before it was hashed is hashed again. `loaded`: the marks, already loaded."""
    loaded = loaded if loaded is not None else store.load(SEED_MARKS)
    memo = loaded.marks if loaded else {}
    seen: dict[str, SeedMark] = {}
    digests = []
    for path in files:
        try:
            stat = path.stat()
            mark = (stat.st_size, stat.st_ino, stat.st_mtime_ns, stat.st_ctime_ns)
            known = memo.get(path.name)
            if not (known and known.stat == mark
                    and max(mark[2:]) < known.hashed_at - 10**9):
                known = SeedMark(mark, sha256(path.read_bytes()), time.time_ns())
        except OSError as exc:  # unreadable: its ingest says so (and is not cached)
            digests.append(f"unreadable:{exc.errno}:{time.time_ns()}")
            continue
        seen[path.name] = known
        digests.append(known.digest)
    if seen != memo:
        store.save(SEED_MARKS, SeedMarks(seen))
    return digests


# ---------------------------------------------------------------- one seed

class PageIngester:
    """What a worker needs to ingest a page: the config, and the Nlp (jieba with the
    domain dictionary) it loads on first use, once per process. Pickled (for a remote
    worker), it leaves its Nlp behind."""

    def __init__(self, config: SiteConfig) -> None:
        self.config = config
        self._nlp = None

    @property
    def nlp(self):
        if self._nlp is None:
            from ..nlp import Nlp
            self._nlp = Nlp(self.config)
        return self._nlp

    def release(self) -> bool:
        """Drop the Nlp; True when this process had loaded one."""
        loaded, self._nlp = self._nlp is not None, None
        return loaded

    def __getstate__(self) -> dict:
        return {"config": self.config, "_nlp": None}


@dataclass(frozen=True)
class SeedFile:
    """A seed to ingest: its path, read where it is ingested (a forked worker inherits
    it, never pickled). Pickled, for a worker on another machine (dask_executor), it
    takes the file's bytes along (`data`); a file this process cannot read, or a text
    page over the size limit, goes without them, and the worker's own attempt to read
    it names the problem."""

    path: str
    data: bytes | None = None

    def __reduce__(self):
        data = self.data if self.data is not None else _bytes_of(self.path)
        return (SeedFile, (self.path, data))


def _bytes_of(path: str) -> bytes | None:
    try:
        file = Path(path)
        if not path.lower().endswith(".pdf") and file.stat().st_size > MAX_PAGE_BYTES:
            return None
        return file.read_bytes()
    except OSError:
        return None


def ingest_seed(ingester: PageIngester, seed: SeedFile) -> SeedResult:
    """One page: split into articles, enriched, with the values dedupe needs (their IDs'
    bases are made by the caller, which loads pinyin meanwhile)."""
    newspaper = ingester.config.newspaper
    skipped: tuple[SiteError, ...] = ()
    path = seed.path
    try:
        # the page model (its patterns compiled on import: ~0.2 s, ~0.05 s from the
        # cache's compiled code) only where a page is read: a build whose pages are all
        # cached never loads it
        is_pdf = path.lower().endswith(".pdf")  # a newspaper PDF: through ingest/pdf.py
        with _page_model(ingester.config, "pdf" if is_pdf else "page"):
            if is_pdf:
                from .pdf import articles_from_pdf
            else:
                from .page import articles_from_page
        if is_pdf:
            page, errors = articles_from_pdf(Path(path), newspaper, seed.data)
            skipped = tuple(errors)
        else:
            page = articles_from_page(read_page(Path(path), seed.data), newspaper)
    except SiteError as exc:
        return SeedResult(None, exc)
    from .dedupe import shingles, signature  # (numpy: not for a build with nothing to do)

    articles = tuple(ingester.nlp.enrich(a) for a in page.articles)
    return SeedResult(dataclasses.replace(page, articles=articles),
                      signatures=tuple(signature(shingles(a.body)) for a in articles),
                      skipped=skipped)


def _page_model(config: SiteConfig, module: str) -> ContextManager[None]:
    """The scope of the first import in this process of the page model's `module`
    ("page" or "pdf"): its patterns made from the code compiled for them before, kept
    in the cache folder (see ingest.compiled); nothing once it is imported."""
    if f"{__package__}.{module}" in sys.modules:
        return contextlib.nullcontext()
    from .compiled import kept_compiled

    return kept_compiled(config.path("cache") / COMPILED_PATTERNS.format(module))


def with_base_ids(result: SeedResult, known: Mapping[tuple, str] | None = None
                  ) -> SeedResult:
    """The result with each article's ID set to its base_id(); `known`: base IDs already
    made, by id_source() (make_id is a function of those two strings alone)."""
    assert result.page is not None
    known = known or {}
    articles = tuple(dataclasses.replace(a, id=known.get(id_source(a)) or base_id(a))
                     for a in result.page.articles)
    return dataclasses.replace(result, page=dataclasses.replace(result.page, articles=articles))


# ---------------------------------------------------------------- IDs

def id_source(article: Article) -> tuple[str | None, str]:
    """What an article's base ID is made of: its title, and the text that stands in for
    a missing one."""
    return article.title, article.kicker or (article.summary or article.body)[:16]


def base_id(article: Article) -> str:
    return content.make_id(*id_source(article))


def known_bases(results: Iterable[SeedResult | None]) -> dict[tuple, str]:
    """The base IDs of the articles of cached results (their IDs are their base_id()s),
    by id_source(): an edited page's stories mostly keep their titles, and so need no
    pypinyin (0.3-0.8 s to load) for their IDs."""
    return {id_source(a): a.id for result in results
            if result is not None and result.page is not None for a in result.page.articles}


def assign_ids(articles: list[Article], bases: list[str] | None = None) -> list[Article]:
    """Pinyin IDs from titles, unique within the build; a later copy of a taken ID gets
    a suffix from its seed and position, so the IDs of other articles never move.
    `bases` are the articles' base_id()s, by default their IDs as they are (ingest
    gives each its base_id)."""
    taken: set[str] = set()
    out = []
    for index, article in enumerate(articles):
        base = bases[index] if bases is not None else article.id or base_id(article)
        article_id = base
        if article_id in taken:
            digest = hashlib.sha256(f"{article.seed}:{article.lines or article.boxes}"
                                    .encode()).hexdigest()[:6]
            article_id = f"{base}-{digest}"
        taken.add(article_id)
        # (most keep the ID ingest gave them: no copy of those)
        out.append(article if article.id == article_id
                   else dataclasses.replace(article, id=article_id))
    return out


_FIELDS = tuple(field.name for field in dataclasses.fields(Article))


def provenance(origin: str, made: Article, final: Article) -> str:
    """A key that determines `final` exactly, cheaper than hashing it: where it was made
    (a seed result's content-hash key and its place there: the same key, the same
    article) and the fields the corpus-wide steps gave it. They replace fields, so every
    field still the very object it was made with is unchanged. Most articles are
    `made` itself (those steps gave them nothing): their place is the key."""
    if final is made:
        return origin
    changed = [(name, getattr(final, name)) for name in _FIELDS
               if getattr(final, name) is not getattr(made, name)]
    return sha256(origin, repr(changed))


# ---------------------------------------------------------------- the stage

class _Seeds:
    """The seeds of one extract and their results, cached or made."""

    def __init__(self, config: SiteConfig, log: ErrorLog, store: Store) -> None:
        self.config, self.store = config, store
        self.files = seed_files(config.path("seeds"), log)
        self.context = ingest_context(config)
        marks = store.load(SEED_MARKS)
        # the pages not seen by the last run: new pages, whose stories have new titles
        self.new = {i for i, path in enumerate(self.files)
                    if marks is None or path.name not in marks.marks}
        self.keys = [sha256(self.context, path.name, digest) for path, digest
                     in zip(self.files, seed_digests(self.files, store, marks))]
        # the cache keys of the seeds' last versions (an edited page's stories mostly
        # keep their titles: their last results give their base IDs, see known_bases)
        self.last = {i: sha256(self.context, path.name, marks.marks[path.name].digest)
                     for i, path in enumerate(self.files)
                     if marks is not None and path.name in marks.marks}
        self.results: list[SeedResult | None] = [None] * len(self.files)
        # the results the last extract used, in one file (Store.unpack), and the pickle
        # of each result this one uses, by key (the next pack's)
        self.packed = store.unpack(INGESTED)
        self.pickles: dict[str, bytes | memoryview] = {}
        # the results made by this extract whose pickles were not kept (many pages: their
        # files are read back one by one when the pack is made, not all held till then)
        self.unkept: set[str] = set()

    def has(self, key: str) -> bool:
        """A cached result of `key` is there (it may still fail to load: load() says)."""
        return key in self.packed.pickles or self.store.has(INGESTED, key)

    def load(self, key: str) -> SeedResult | None:
        """The cached result of `key`: from the pack, else from its own file."""
        data = self.packed.pickles.get(key)
        if data is None:
            data = self.store.pickled(INGESTED, key)
        result = self.store.loads(INGESTED, data)
        if result is not None and data is not None:
            self.pickles[key] = data
        return result

    def repack(self) -> None:
        """The results this extract used that the pack has not added to it (a daily
        build's page or two: rewriting ~40 MB took ~0.1 s), or, when the pack holds too
        many others (PACK_STALE), the pack made anew of them; the pack's bytes let go."""
        used = [key for key in dict.fromkeys(self.keys) if key in self.pickles or key in self.unkept]
        packed = self.packed.pickles
        new = [key for key in used if key not in packed]
        stale = len(packed) - (len(used) - len(new))
        if stale > PACK_STALE * len(used) or (
                new and not self.store.add_to_pack(INGESTED, self.packed, self._pickles_of(new))):
            self.store.repack(INGESTED, self._pickles_of(used))
        self.packed, self.pickles, self.unkept = Packed({}), {}, set()

    def _pickles_of(self, keys: list[str]) -> Iterator[tuple[str, bytes | memoryview]]:
        for key in keys:
            data = self.pickles.get(key)
            if data is None:
                data = self.store.pickled(INGESTED, key)
            if data is not None:
                yield key, data

    def ingest(self, indices: list[int], skip: set[int], executor: Executor,
               bar: Progress, meanwhile: Callable[[], None] | None = None) -> None:
        """Ingest the seeds at `indices` (by `executor`'s workers), meanwhile loading the
        cached results of the others not in `skip`, then doing `meanwhile()` when they
        are few (a worker's start, jieba's dictionaries, takes longer than that)."""
        ingester = PageIngester(self.config)
        tasks = [SeedFile(str(self.files[i])) for i in indices]
        chunk = max(1, min(16, len(tasks) // (executor.jobs * 8)))
        if tasks:
            # (numpy, which each worker's ingest_seed imports and this process's
            # corpus-wide steps next: imported once, here, before the workers fork, not
            # in each worker, on the way to its first result)
            from . import dedupe  # noqa: F401
        with executor.map(ingest_seed, ingester, tasks, chunk) as made:
            with collector_paused():
                for i, key in enumerate(self.keys):
                    if i not in skip and self.results[i] is None:
                        self.results[i] = self.load(key)
                # the archive's articles live as long as the build (kept before the
                # collector is back: its next collection would walk them all, ~0.07 s)
                keep_for_build()
            if self.new.intersection(indices):
                content.load_pinyin()  # for the new articles' IDs, while the workers ingest
            known = known_bases(self.results + self.last_results(indices)) if indices else {}
            if meanwhile is not None and 0 < len(indices) <= MEANWHILE_SEEDS:
                meanwhile()
            bar.begin("ingest", len(indices))
            for index, result in zip(indices, made):
                if result.error is None:
                    result = self.cached(index, with_base_ids(result, known))
                self.results[index] = result
                bar.advance()
            bar.end()
        if ingester.release():  # ingested here: jieba is not needed by the rest of the build
            collect()

    def cached(self, index: int, result: SeedResult) -> SeedResult:
        """`result` put in the cache, and in its place the copy read back from its
        pickle: pickling keeps a UTF-8 copy of every non-ASCII string in the string
        (CPython's), ~3 KiB an article of bodies and titles for the rest of the build."""
        if not self.store.enabled:
            return result
        with collector_paused():
            data = pickle.dumps(result, protocol=pickle.HIGHEST_PROTOCOL)
            self.store.put_pickled(INGESTED, self.keys[index], data)
            if len(self.pickles) < KEPT_PICKLES:
                self.pickles[self.keys[index]] = data
            else:
                self.unkept.add(self.keys[index])
            return pickle.loads(data)

    def last_results(self, indices: list[int]) -> list[SeedResult | None]:
        """The cached results of the last versions of the seeds at `indices` (edited
        pages), where there are a few and they are still in the cache."""
        if len(indices) > 16:
            return []
        return [self.load(self.last[i]) for i in indices
                if i in self.last and self.last[i] != self.keys[i] and self.has(self.last[i])]

    def articles(self, log: ErrorLog) -> Iterator[tuple[str, SeedResult]]:
        """(cache key, result) of each seed that was read; the others' errors logged."""
        for key, path, seed in zip(self.keys, self.files, self.results):
            assert seed is not None
            if seed.error is not None:
                log.errors.append(seed.error)
                continue
            assert seed.page is not None
            log.warnings.extend(seed.skipped)
            if not seed.page.articles:
                log.warn(path, "no article found on this page",
                         hint=f"its text is listed in {DISCARDS}")
            yield key, seed


def extract(config: SiteConfig, log: ErrorLog, bar: Progress, executor: Executor,
            store: Store, meanwhile: Callable[[], None] | None = None) -> Extracted:
    """Seeds -> the archive's articles (see Extracted). `meanwhile`: what the caller
    would do next that does not need them, done while the workers of a few seeds
    start (see _Seeds.ingest)."""
    seeds = _Seeds(config, log, store)
    todo = {i for i, key in enumerate(seeds.keys) if not seeds.has(key)}
    seeds.ingest(sorted(todo), todo, executor, bar, meanwhile)
    unreadable = [i for i, result in enumerate(seeds.results) if result is None]
    todo.update(unreadable)
    if unreadable:  # cache files that could not be loaded
        seeds.ingest(unreadable, todo, executor, bar)
    seeds.repack()
    articles: list[Article] = []
    discards: list[Discard] = []
    signatures: list[tuple[int, ...]] = []
    origins: list[str] = []  # each article's seed result (its cache key) and place in it
    for key, seed in seeds.articles(log):
        assert seed.page is not None
        articles.extend(seed.page.articles)
        origins.extend(f"{key}:{i}" for i in range(len(seed.page.articles)))
        discards.extend(seed.page.discards)
        signatures.extend(seed.signatures)
    bar.note("linking duplicates")
    linked = _corpus_wide(articles, signatures, config, seeds.context, store)
    return Extracted(linked, discards, [provenance(origin, before, after) for origin, before, after
                                        in zip(origins, articles, linked)],
                     reused=len(seeds.files) - len(todo), redone=len(todo))


def _corpus_wide(articles: list[Article], signatures: list[tuple[int, ...]],
                 config: SiteConfig, context: str, store: Store) -> list[Article]:
    """Years, IDs, duplicates and sources over the whole archive; the verdicts on the
    pairs of the last run are reused (only a changed page's pairs are checked)."""
    from .dedupe import link_duplicates  # (numpy: not for a build with nothing to do)

    memo = store.load(DEDUPE)
    verdicts = memo.verdicts if memo and memo.context == context else {}
    before = dict(verdicts)
    linked = sources_from_printings(
        link_duplicates(assign_ids(years_from_neighbours(articles)), signatures, verdicts),
        config.newspaper)
    if memo is None or memo.context != context or verdicts != before:
        store.save(DEDUPE, DedupeMemo(context, verdicts))
    return linked
