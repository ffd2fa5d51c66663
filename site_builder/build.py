"""The build: stage calls in order, with timings and progress. No logic of its own
beyond choosing which files to write (hand edits are kept)."""
from __future__ import annotations

import contextlib
import copy
import dataclasses
import gc
import hashlib
import json
import multiprocessing
import os
import time
from importlib import metadata
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterator, Mapping, Union

import yaml

from . import content
from .cache import Cache, code_fingerprint, collector_paused, sha256, tree_fingerprint
from .config import SiteConfig
from .errors import ErrorLog, SiteError
from .ingest.dedupe import link_duplicates, shingles, signature
from .ingest.edition import sources_from_printings, years_from_neighbours
from .ingest.page import articles_from_page
from .ingest.read import PAGE_SUFFIXES, read_page, skip_hint
from .models import Article, Discard, PageResult
from .progress import Progress as ProgressBar
from .workers import detach_worker

MANIFEST = "_manifest.json"
DISCARDS = "_discarded.yaml"

Progress = Union[Callable[[str], None], ProgressBar]


def _silent(_: str) -> None:
    pass


def default_jobs() -> int:
    return os.cpu_count() or 1


def _bar(progress: Progress) -> ProgressBar:
    """A ProgressBar for stage counts; a plain callable only gets stage messages."""
    if isinstance(progress, ProgressBar):
        return progress
    bar = ProgressBar(enabled=False)
    bar.note = progress  # type: ignore[method-assign]
    return bar


@dataclass
class Report:
    articles: int = 0
    pages: int = 0
    seconds: float = 0.0
    written: int = 0
    kept: tuple[str, ...] = ()
    reused: int = 0      # seeds (ingest) or pages (render) served from the cache
    redone: int = 0      # seeds ingested or pages rendered afresh
    skipped: bool = False  # nothing this stage reads had changed: the stage did nothing
    # ingest: the content files that hold exactly an article it made, which render
    # need not read back (see load_content)
    files: "dict[str, ContentFile] | None" = None


@dataclass(frozen=True)
class ContentFile:
    """A content file as read (or written) and the article it holds."""

    stat: tuple[int, int]  # size, mtime_ns: unchanged means not edited since
    article: Article
    digest: str            # content.digest(article)


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


def check_folder(path: Path, what: str, option: str | None, hint: str) -> None:
    """A folder the build reads must exist and be a folder: else a SiteError that says
    which `what` (e.g. "seeds folder") it is, with `hint` when it is missing and how to
    give another (`option`, e.g. "--seeds") when it is a file."""
    if not path.exists():
        raise SiteError(str(path), f"{what} not found", hint=hint)
    if not path.is_dir():
        raise SiteError(str(path), f"{what} is a file, not a folder",
                        hint=f"pass {option} with a folder" if option
                        else "rename or remove the file")


def base_id(article: Article) -> str:
    fallback = article.kicker or (article.summary or article.body)[:16]
    return content.make_id(article.title, fallback)


def assign_ids(articles: list[Article], bases: list[str] | None = None) -> list[Article]:
    """Pinyin IDs from titles, unique within the build; a later copy of a taken ID gets
    a suffix from its seed and position, so the IDs of other articles never move.
    `bases` are the articles' base_id()s when already known (cached per seed)."""
    taken: set[str] = set()
    out = []
    for index, article in enumerate(articles):
        base = bases[index] if bases is not None else base_id(article)
        article_id = base
        if article_id in taken:
            digest = hashlib.sha256(f"{article.seed}:{article.lines or article.boxes}"
                                    .encode()).hexdigest()[:6]
            article_id = f"{base}-{digest}"
        taken.add(article_id)
        out.append(_with_id(article, article_id))
    return out


def _with_id(article: Article, article_id: str) -> Article:
    """dataclasses.replace(article, id=article_id), without running the whole
    constructor again for each of the archive's articles on every build (a third of
    the time of this step)."""
    if article.id == article_id:
        return article
    copied = copy.copy(article)
    object.__setattr__(copied, "id", article_id)  # a fresh copy: nobody else holds it
    return copied


# ---------------------------------------------------------------------------- ingest

@dataclass(frozen=True)
class SeedResult:
    """What the corpus-wide steps need of one seed: cached under the seed's key."""

    result: PageResult | None                 # articles enriched by nlp; None on error
    error: tuple | None = None                # SiteError fields when the page failed
    bases: tuple[str, ...] = ()               # base_id() of each article (made by extract)
    signatures: tuple[tuple[int, ...], ...] = ()  # MinHash signature of each body
    # pages of a PDF seed that were skipped while its other pages were read (warnings)
    skipped: tuple[tuple, ...] = ()


_WORKER_NLP = None
_MAIN_PID = os.getpid()


def ingest_context(config: SiteConfig) -> str:
    """Everything besides a seed's name and bytes that its ingest result depends on.

    What Nlp.fingerprint() covers (the user dictionary, gazetteer, taxonomy, jieba's
    version, the analysis version in nlp.py), without importing jieba: its import alone
    loads an IDF table (~0.5 s), which a no-change build must not pay. The package's
    sources and data files are in code_fingerprint().
    """
    from .taxonomy import load_taxonomy

    try:
        jieba_version = metadata.version("jieba")
    except metadata.PackageNotFoundError:  # pragma: no cover
        jieba_version = "?"
    return sha256(config.fingerprint(), load_taxonomy(config).fingerprint(), jieba_version,
                  code_fingerprint())


def _init_worker(config: SiteConfig) -> None:
    """Pool initializer: one Nlp (jieba dictionary from the cache folder) per worker."""
    global _WORKER_NLP
    if os.getpid() != _MAIN_PID:
        detach_worker()
    if _WORKER_NLP is None:
        from .nlp import Nlp
        _WORKER_NLP = Nlp(config)


def _ingest_seed(task: tuple[str, str]) -> SeedResult:
    """One page: split into articles, enriched, with the values dedupe needs (the
    IDs' bases are made by the caller, which loads pinyin meanwhile)."""
    path, newspaper = task
    skipped: tuple[tuple, ...] = ()
    try:
        if path.lower().endswith(".pdf"):  # a newspaper PDF: its pages through ingest/pdf.py
            from .ingest.pdf import articles_from_pdf
            page, errors = articles_from_pdf(Path(path), newspaper)
            skipped = tuple((e.path, e.message, e.line, e.hint) for e in errors)
        else:
            page = articles_from_page(read_page(Path(path)), newspaper)
    except SiteError as exc:
        return SeedResult(None, (exc.path, exc.message, exc.line, exc.hint))
    articles = tuple(_WORKER_NLP.enrich(a) for a in page.articles)  # type: ignore[union-attr]
    return SeedResult(dataclasses.replace(page, articles=articles), None, (),
                      signatures=tuple(signature(shingles(a.body)) for a in articles),
                      skipped=skipped)


def _here(function, tasks: list, config: SiteConfig) -> Iterator:
    global _WORKER_NLP
    _init_worker(config)
    yield from map(function, tasks)
    # jieba's dictionaries are not needed by the rest of the build (nor copied into
    # the render workers it forks)
    _WORKER_NLP = None
    gc.collect()


@contextlib.contextmanager
def _mapped(function, tasks: list, jobs: int, config: SiteConfig) -> Iterator[Iterator]:
    """The results of `function` over `tasks`, in order: made in this process as they
    are read, or by a pool of `jobs` workers started at once, so that the caller can
    do other work meanwhile (load the cached pages while jieba loads in a worker)."""
    if jobs <= 1 or not tasks:
        yield _here(function, tasks, config)
        return
    methods = multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("fork" if "fork" in methods else None)
    with context.Pool(min(jobs, len(tasks)), initializer=_init_worker,
                      initargs=(config,)) as pool:
        yield pool.imap(function, tasks, chunksize=max(1, min(16, len(tasks) // (jobs * 8))))


def seed_digests(files: list[Path], cache: Cache) -> list[str]:
    """The SHA-256 of each seed's bytes. A file is not read again when its size, inode,
    mtime and ctime are those the last run saw and it had then been left alone for over
    a second: an edit since would have changed its ctime, which nobody can set back (a
    copy that keeps an old mtime still gets a new ctime); as git does, a file changed
    just before it was hashed is hashed again."""
    memo = cache.get("state", "seeds") or {}
    seen: dict[str, tuple] = {}
    digests = []
    for path in files:
        try:
            stat = path.stat()
            mark = (stat.st_size, stat.st_ino, stat.st_mtime_ns, stat.st_ctime_ns)
            known = memo.get(path.name)
            if not (known and known[0] == mark and max(mark[2:]) < known[2] - 10**9):
                known = (mark, sha256(path.read_bytes()), time.time_ns())
        except OSError as exc:  # unreadable: its ingest says so (and is not cached)
            digests.append(f"unreadable:{exc.errno}:{time.time_ns()}")
            continue
        seen[path.name] = known
        digests.append(known[1])
    if seen != memo:
        cache.put("state", "seeds", seen)
    return digests


def extract(config: SiteConfig, log: ErrorLog, progress: Progress = _silent, jobs: int = 1,
            cache: Cache | None = None, report: "Report | None" = None
            ) -> tuple[list[Article], list[Discard], list[str]]:
    """Seeds -> articles with IDs, duplicates linked and nlp fields filled in, the
    discarded text, and each article's provenance().

    Each seed's result is cached under the hash of its name and bytes and of everything
    else it depends on; the corpus-wide steps (IDs, duplicates) run on every build.
    """
    cache = cache or Cache(config.path("cache"), enabled=False)
    bar = _bar(progress)
    files = seed_files(config.path("seeds"), log)
    context = ingest_context(config)
    keys = [sha256(context, path.name, digest)
            for path, digest in zip(files, seed_digests(files, cache))]
    results: list[SeedResult | None] = [None] * len(files)

    def ingest(indices: list[int], jobs: int, skip: set[int]) -> None:
        """Ingest the seeds at `indices`, meanwhile loading the cached results of the
        others not in `skip`."""
        tasks = [(str(files[i]), config.newspaper) for i in indices]
        with _mapped(_ingest_seed, tasks, jobs, config) as made:
            with collector_paused():
                for i, key in enumerate(keys):
                    if i not in skip and results[i] is None:
                        results[i] = cache.get("ingest", key)
            # they live as long as the build: out of the collector's way (a full
            # collection would walk every article of the archive, again and again)
            gc.freeze()
            if indices:
                content.load_pinyin()  # for the new articles' IDs, while the workers ingest
            bar.begin("ingest", len(indices))
            for index, result in zip(indices, made):
                if result.error is None:
                    assert result.result is not None
                    result = dataclasses.replace(result, bases=tuple(
                        base_id(a) for a in result.result.articles))
                    cache.put("ingest", keys[index], result)
                results[index] = result
                bar.advance()
            bar.end()

    todo = {i for i, key in enumerate(keys) if not cache.has("ingest", key)}
    ingest(sorted(todo), jobs, todo)
    unreadable = [i for i, result in enumerate(results) if result is None]
    todo.update(unreadable)
    if unreadable:  # cache files that could not be loaded
        ingest(unreadable, jobs, todo)
    if report is not None:
        report.reused, report.redone = len(files) - len(todo), len(todo)
    articles: list[Article] = []
    discards: list[Discard] = []
    bases: list[str] = []
    signatures: list[tuple[int, ...]] = []
    origins: list[str] = []  # each article's seed result (its cache key) and place in it
    for key, path, seed in zip(keys, files, results):
        assert seed is not None
        if seed.error is not None:
            log.errors.append(SiteError(*seed.error))
            continue
        assert seed.result is not None
        log.warnings.extend(SiteError(*skipped) for skipped in seed.skipped)
        if not seed.result.articles:
            log.warn(path, "no article found on this page",
                     hint=f"its text is listed in {DISCARDS}")
        articles.extend(seed.result.articles)
        origins.extend(f"{key}:{i}" for i in range(len(seed.result.articles)))
        discards.extend(seed.result.discards)
        bases.extend(seed.bases)
        signatures.extend(seed.signatures)
    bar.note("linking duplicates")
    # the verdicts on the pairs of the last run: only a changed page's pairs are checked
    memo = cache.get("state", "dedupe")
    verdicts = memo[1] if memo and memo[0] == context else {}
    made = articles
    articles = years_from_neighbours(articles)
    linked = sources_from_printings(
        link_duplicates(assign_ids(articles, bases), signatures, verdicts), config.newspaper)
    if memo != (context, verdicts):
        cache.put("state", "dedupe", (context, verdicts))
    return linked, discards, [provenance(origin, before, after)
                              for origin, before, after in zip(origins, made, linked)]


_FIELDS = tuple(field.name for field in dataclasses.fields(Article))


def provenance(origin: str, made: Article, final: Article) -> str:
    """A key that determines `final` exactly, cheaper than hashing it: where it was made
    (a seed result's content-hash key and its place there: the same key, the same
    article) and the fields the corpus-wide steps gave it. They replace fields, so every
    field still the very object it was made with is unchanged."""
    changed = [(name, getattr(final, name)) for name in _FIELDS
               if getattr(final, name) is not getattr(made, name)]
    return sha256(origin, repr(changed))




def _sha(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _stat(path: Path | str) -> tuple[int, int] | None:
    try:
        st = os.stat(path)
    except OSError:
        return None
    return st.st_size, st.st_mtime_ns


def _write_if_changed(path: Path, text: str) -> bool:
    data = text.encode("utf-8")
    try:
        if path.read_bytes() == data:
            return False
    except OSError:
        pass
    path.write_bytes(data)
    return True


def write_content(folder: Path, articles: list[Article], discards: list[Discard],
                  log: ErrorLog, cache: Cache | None = None,
                  origins: list[str] | None = None
                  ) -> tuple[int, list[str], dict[str, ContentFile]]:
    """Write one file per article; never overwrite or resurrect a file a person changed.

    `_manifest.json` records the hash of every file the tool wrote: a file whose bytes
    differ from its record was edited by hand and is kept; a recorded file that is gone
    was deleted by hand and is not written again.

    With a cache, the last run's memo (article digest, file hash, size, mtime,
    provenance) lets an article that did not change, whose file is still the one the
    tool wrote, be passed over without serialising it or reading its file; `origins`
    (the articles' provenance()) spare hashing those whose provenance is unchanged.

    Returns the number of files written, the names of those kept, and the files that
    now hold exactly one of `articles` (content.loads(content.dumps(a)) == a).
    """
    folder.mkdir(parents=True, exist_ok=True)
    manifest_path = folder / MANIFEST
    try:
        manifest: dict[str, str] = json.loads(manifest_path.read_text("utf-8")) \
            if manifest_path.exists() else {}
    except (ValueError, UnicodeDecodeError):
        log.warn(manifest_path, "unreadable manifest: every existing file is treated as edited")
        manifest = {}
    state = cache.get("state", "written") if cache else None
    # file name -> (article digest, file hash, (size, mtime), article provenance)
    memo: dict[str, tuple[str, str, tuple[int, int], str | None]] = \
        state[1] if state and state[0] == str(folder) else {}
    new_memo: dict[str, tuple[str, str, tuple[int, int], str | None]] = {}
    new_manifest: dict[str, str] = {}
    written, kept = 0, []
    files: dict[str, ContentFile] = {}
    root = str(folder)

    def holds(name: str, article: Article, digest: str, file_hash: str, stat: tuple,
              origin: str | None) -> None:
        """The file `name` holds exactly `article`: remembered for the next run and
        handed to the render."""
        new_manifest[name] = file_hash
        new_memo[name] = (digest, file_hash, stat, origin)
        files[name] = ContentFile(stat, article, digest)

    for index, article in enumerate(articles):
        name = f"{article.id}.md"
        origin = origins[index] if origins is not None else None
        known = memo.get(name)
        digest = known[0] if known and origin is not None and known[3] == origin \
            else content.digest(article)
        if known and known[0] == digest and manifest.get(name) == known[1] \
                and _stat(os.path.join(root, name)) == known[2]:
            holds(name, article, digest, known[1], known[2], origin)  # untouched file
            continue
        path = folder / name
        text = content.dumps(article)
        text_hash = _sha(text)
        if path.exists():
            current = _sha(path.read_text("utf-8", errors="replace"))
            if current != manifest.get(name) and current != text_hash:
                kept.append(name)
                log.warn(path, "edited by hand: kept as it is",
                         hint="delete the file to have it written again")
                new_manifest[name] = manifest.get(name, "")
                continue
            if current == text_hash:
                holds(name, article, digest, current, _stat(path) or (0, 0), origin)
                continue
        elif name in manifest:
            log.warn(path, "deleted by hand: not written again",
                     hint=f"remove its entry from {MANIFEST} to have it back")
            new_manifest[name] = manifest[name]
            continue
        path.write_text(text, encoding="utf-8")
        holds(name, article, digest, text_hash, _stat(path) or (0, 0), origin)
        written += 1
    for name, digest in manifest.items():
        if name in new_manifest:
            continue
        path = folder / name
        if path.exists() and _sha(path.read_text("utf-8", errors="replace")) == digest:
            path.unlink()  # the tool's own file for an article that no longer exists
        elif path.exists():
            kept.append(name)
            log.warn(path, "no longer produced by ingest but edited by hand: kept")
            new_manifest[name] = digest
    _write_if_changed(manifest_path, json.dumps(dict(sorted(new_manifest.items())), indent=1,
                                                ensure_ascii=False) + "\n")
    report = [{"seed": d.seed, "lines": [d.first_line, d.last_line], "why": d.why, "text": d.text}
              for d in sorted(discards, key=lambda d: (d.seed, d.first_line, d.last_line))]
    _write_if_changed(folder / DISCARDS,
                      "# Text of the pages that went into no article, for an editor to review.\n"
                      + yaml.dump(report, Dumper=content.YAML_DUMPER, allow_unicode=True,
                                  sort_keys=False, width=1000))
    if cache:
        cache.put("state", "written", (str(folder), new_memo))
    return written, kept, files


def run_ingest(config: SiteConfig, log: ErrorLog, progress: Progress = _silent,
               jobs: int = 1, cache: Cache | None = None) -> Report:
    """Seeds -> content/. `jobs` worker processes; `cache` (default: the site's cache
    folder) reuses the results of unchanged seeds."""
    start = time.perf_counter()
    cache = cache if cache is not None else Cache(config.path("cache"))
    report = Report()
    articles, discards, origins = extract(config, log, progress, jobs=jobs, cache=cache,
                                          report=report)
    written, kept, files = write_content(config.path("content"), articles, discards, log, cache,
                                         origins)
    report.articles, report.written, report.kept = len(articles), written, tuple(kept)
    report.files = files
    report.seconds = time.perf_counter() - start
    return report


def content_stats(folder: Path) -> list[tuple[str, tuple[int, int] | None]]:
    """(name, (size, mtime_ns)) of every article file of `folder` and its subfolders
    (names relative to it, sorted by path components): os.scandir, which runs for
    every build, is several times faster than pathlib over 10,000 files."""
    found: list[tuple[str, tuple[int, int] | None]] = []

    def scan(directory: str, prefix: str) -> None:
        with os.scandir(directory) as entries:
            for entry in entries:
                if entry.is_dir():
                    scan(entry.path, f"{prefix}{entry.name}/")
                elif entry.name.endswith(".md") and not entry.name.startswith("_"):
                    try:
                        stat = entry.stat()
                        found.append((prefix + entry.name, (stat.st_size, stat.st_mtime_ns)))
                    except OSError:
                        found.append((prefix + entry.name, None))

    scan(str(folder), "")
    return sorted(found, key=lambda item: item[0].split("/"))


def load_content(folder: Path, cache: Cache | None = None,
                 known: Mapping[str, ContentFile] | None = None,
                 stats: list[tuple[str, tuple[int, int] | None]] | None = None
                 ) -> tuple[list[ContentFile], list[SiteError]]:
    """content.load_dir(), reusing the articles of files whose size and mtime are
    unchanged: those `known` (the files the ingest just wrote or checked), else those
    parsed by the last run (kept in the cache). `stats`: content_stats(folder)."""
    state = cache.get("state", "content-files") if cache and known is None else None
    memo: Mapping[str, ContentFile] = known if known is not None else \
        state[1] if state and state[0] == str(folder) else {}
    loaded: dict[str, ContentFile] = {}
    errors = []
    for name, stat in stats if stats is not None else content_stats(folder):
        entry = memo.get(name)
        if entry is None or stat is None or entry.stat != stat:
            try:
                article = content.load(folder / name)
            except SiteError as exc:
                errors.append(exc)
                continue
            entry = ContentFile(stat or (0, 0), article, content.digest(article))
        loaded[name] = entry
    # Only a render on its own keeps what it parsed: after an ingest, most files are
    # known, and a stale memo costs a re-read of the files changed since, nothing more.
    if cache and known is None and (loaded.keys() != memo.keys() or any(
            memo[name] is not entry for name, entry in loaded.items() if name in memo)):
        cache.put("state", "content-files", (str(folder), loaded))
    return list(loaded.values()), errors


def render_inputs(config: SiteConfig, folder: Path,
                  stats: list[tuple[str, tuple[int, int] | None]]) -> str:
    """Hash of everything the render reads: content files (names, sizes, mtimes: see
    content_stats), the config, templates and static folders (bytes) and the code."""
    from .render import _package_dir

    return sha256(str(folder), config.fingerprint(), code_fingerprint(),
                  tree_fingerprint(config.path("templates"), _package_dir("templates"),
                                   config.path("static"), _package_dir("static")),
                  *(f"{name}:{stat}" for name, stat in stats))


def _output_mark(output: Path) -> tuple | None:
    """What tells that the output is still the one the last render swapped in."""
    stat = _stat(output / "index.html")
    return (str(output), stat) if stat else None


@dataclass
class _SearchMemo:
    """The search index's memo in the cache (see search.iter_search_files)."""

    cache: Cache

    def load(self) -> dict:
        return self.cache.get("state", "search") or {}

    def save(self, memo: dict) -> None:
        self.cache.put("state", "search", memo)


def run_render(config: SiteConfig, log: ErrorLog, progress: Progress = _silent,
               jobs: int = 1, cache: Cache | None = None,
               known: Mapping[str, ContentFile] | None = None) -> Report:
    """content/ -> the site. Skipped when nothing it reads changed since the last render
    and the output is still there; else rendered by `jobs` processes. `known`: the
    ingest's Report.files (when it just ran), which need not be read back."""
    from .render import render_site
    from .taxonomy import load_taxonomy, tag_descriptions, tag_names

    start = time.perf_counter()
    cache = cache if cache is not None else Cache(config.path("cache"))
    folder = config.path("content")
    check_folder(folder, "content folder", "--content",
                 "run `site-builder ingest` or `build` first, or pass --content DIR")
    try:
        stats = content_stats(folder)
    except OSError as exc:
        raise SiteError(exc.filename or str(folder),
                        f"cannot read the content folder: {exc.strerror}",
                        hint="check the folder's permissions") from None
    inputs = render_inputs(config, folder, stats)
    state = cache.get("state", "render")
    output = config.path("output")
    if state and state["inputs"] == inputs and state["mark"] == _output_mark(output):
        for warning in state["warnings"]:
            log.warnings.append(SiteError(*warning))
        return Report(articles=state["articles"], pages=state["pages"], skipped=True,
                      reused=state["pages"], seconds=time.perf_counter() - start)
    files, errors = load_content(folder, cache, known, stats)
    articles = [f.article for f in files]
    log.errors.extend(errors)
    taxonomy = load_taxonomy(config)
    before = len(log.warnings)
    # The page cache: the key of every page of the current output (valid only while
    # the output is still the one that render swapped in).
    # The snapshot of the corpus it was rendered from tells which pages may have changed.
    pages = cache.get("state", "pages") if cache.enabled else None
    current = pages is not None and pages["mark"] == _output_mark(output)
    previous = pages["keys"] if current else {}
    since = pages.get("snapshot") if current else None
    del pages
    result = render_site(config, articles, log, tag_names=tag_names(taxonomy),
                         tag_descriptions=tag_descriptions(taxonomy), jobs=jobs,
                         progress=_bar(progress),
                         previous=previous if cache.enabled else None,
                         search_memo=_SearchMemo(cache) if cache.enabled else None,
                         since=since, digests={f.article.id: f.digest for f in files})
    del previous, since
    if cache.enabled:
        cache.put("state", "pages", {"mark": _output_mark(output), "keys": result.keys,
                                     "snapshot": result.snapshot})
    if not errors:
        cache.put("state", "render", {
            "inputs": inputs, "mark": _output_mark(output), "articles": len(articles),
            "pages": result.pages,
            "warnings": [(w.path, w.message, w.line, w.hint) for w in log.warnings[before:]]})
    else:
        cache.forget("state", "render")
    return Report(articles=len(articles), pages=result.pages, reused=result.reused,
                  redone=result.pages - result.reused, seconds=time.perf_counter() - start)
