"""The build: stage calls in order, with timings and progress. No logic of its own
beyond choosing which files to write (hand edits are kept)."""
from __future__ import annotations

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
from typing import Callable, Iterable, Union

import yaml

from . import content
from .cache import Cache, code_fingerprint, sha256, tree_fingerprint
from .config import SiteConfig
from .errors import ErrorLog, SiteError
from .ingest.dedupe import link_duplicates, shingles, signature
from .ingest.edition import years_from_neighbours
from .ingest.page import articles_from_page
from .ingest.read import read_page
from .models import Article, Discard, PageResult
from .progress import Progress as ProgressBar
from .workers import detach_worker

MANIFEST = "_manifest.json"
DISCARDS = "_discarded.yaml"

Progress = Union[Callable[[str], None], ProgressBar]
# Below this many pages to ingest, a worker pool costs more than it saves.
POOL_MIN_PAGES = 8


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


def seed_files(folder: Path) -> list[Path]:
    if not folder.is_dir():
        raise SiteError(str(folder), "seeds folder not found", hint="pass --seeds DIR")
    return sorted(p for p in folder.iterdir()
                  # every visible file is a page: one that is not text gets a clear error
                  if p.is_file() and not p.name.startswith("."))


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
            digest = hashlib.sha256(f"{article.seed}:{article.lines}".encode()).hexdigest()[:6]
            article_id = f"{base}-{digest}"
        taken.add(article_id)
        out.append(dataclasses.replace(article, id=article_id))
    return out


# ---------------------------------------------------------------------------- ingest

@dataclass(frozen=True)
class SeedResult:
    """What the corpus-wide steps need of one seed: cached under the seed's key."""

    result: PageResult | None                 # articles enriched by nlp; None on error
    error: tuple | None = None                # SiteError fields when the page failed
    bases: tuple[str, ...] = ()               # base_id() of each article
    signatures: tuple[tuple[int, ...], ...] = ()  # MinHash signature of each body


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
    """One page: split into articles, enriched, with the values dedupe and IDs need."""
    path, newspaper = task
    try:
        page = articles_from_page(read_page(Path(path)), newspaper)
    except SiteError as exc:
        return SeedResult(None, (exc.path, exc.message, exc.line, exc.hint))
    articles = tuple(_WORKER_NLP.enrich(a) for a in page.articles)  # type: ignore[union-attr]
    return SeedResult(dataclasses.replace(page, articles=articles), None,
                      tuple(base_id(a) for a in articles),
                      tuple(signature(shingles(a.body)) for a in articles))


def _map(function, tasks: list, jobs: int, config: SiteConfig) -> Iterable:
    """`function` over `tasks` in order: in this process, or in a pool of `jobs` workers."""
    if jobs <= 1 or len(tasks) < POOL_MIN_PAGES:
        global _WORKER_NLP
        _init_worker(config)
        yield from map(function, tasks)
        # jieba's dictionaries are not needed by the rest of the build (nor copied into
        # the render workers it forks)
        _WORKER_NLP = None
        gc.collect()
        return
    methods = multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("fork" if "fork" in methods else None)
    with context.Pool(min(jobs, len(tasks)), initializer=_init_worker,
                      initargs=(config,)) as pool:
        yield from pool.imap(function, tasks, chunksize=max(1, min(16, len(tasks) // (jobs * 8))))


def extract(config: SiteConfig, log: ErrorLog, progress: Progress = _silent, jobs: int = 1,
            cache: Cache | None = None, report: "Report | None" = None
            ) -> tuple[list[Article], list[Discard]]:
    """Seeds -> articles with IDs, duplicates linked and nlp fields filled in.

    Each seed's result is cached under the hash of its name and bytes and of everything
    else it depends on; the corpus-wide steps (IDs, duplicates) run on every build.
    """
    cache = cache or Cache(config.path("cache"), enabled=False)
    bar = _bar(progress)
    files = seed_files(config.path("seeds"))
    context = ingest_context(config)
    keys = [sha256(context, path.name, path.read_bytes()) for path in files]
    results: list[SeedResult | None] = [cache.get("ingest", key) for key in keys]
    missing = [i for i, r in enumerate(results) if r is None]
    if missing:
        bar.begin("ingest", len(missing))
        tasks = [(str(files[i]), config.newspaper) for i in missing]
        for index, result in zip(missing, _map(_ingest_seed, tasks, jobs, config)):
            results[index] = result
            if result.error is None:
                cache.put("ingest", keys[index], result)
            bar.advance()
        bar.end()
    if report is not None:
        report.reused, report.redone = len(files) - len(missing), len(missing)
    articles: list[Article] = []
    discards: list[Discard] = []
    bases: list[str] = []
    signatures: list[tuple[int, ...]] = []
    for path, seed in zip(files, results):
        assert seed is not None
        if seed.error is not None:
            log.errors.append(SiteError(*seed.error))
            continue
        assert seed.result is not None
        if not seed.result.articles:
            log.warn(path, "no article found on this page",
                     hint=f"its text is listed in {DISCARDS}")
        articles.extend(seed.result.articles)
        discards.extend(seed.result.discards)
        bases.extend(seed.bases)
        signatures.extend(seed.signatures)
    bar.note("linking duplicates")
    # the verdicts on the pairs of the last run: only a changed page's pairs are checked
    memo = cache.get("state", "dedupe")
    verdicts = memo[1] if memo and memo[0] == context else {}
    articles = years_from_neighbours(articles)
    linked = link_duplicates(assign_ids(articles, bases), signatures, verdicts)
    if memo != (context, verdicts):
        cache.put("state", "dedupe", (context, verdicts))
    return linked, discards


try:  # the C emitter is several times faster (the discards report is large)
    from yaml import CSafeDumper as _YamlDumper
except ImportError:  # pragma: no cover
    from yaml import SafeDumper as _YamlDumper


def _sha(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _stat(path: Path) -> tuple[int, int] | None:
    try:
        st = path.stat()
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
                  log: ErrorLog, cache: Cache | None = None) -> tuple[int, list[str]]:
    """Write one file per article; never overwrite or resurrect a file a person changed.

    `_manifest.json` records the hash of every file the tool wrote: a file whose bytes
    differ from its record was edited by hand and is kept; a recorded file that is gone
    was deleted by hand and is not written again.

    With a cache, the last run's memo (article digest, file hash, size, mtime) lets an
    article that did not change, whose file is still the one the tool wrote, be passed
    over without serialising it or reading its file.
    """
    folder.mkdir(parents=True, exist_ok=True)
    manifest_path = folder / MANIFEST
    try:
        manifest: dict[str, str] = json.loads(manifest_path.read_text("utf-8")) \
            if manifest_path.exists() else {}
    except (ValueError, UnicodeDecodeError):
        log.warn(manifest_path, "unreadable manifest: every existing file is treated as edited")
        manifest = {}
    state = cache.get("state", "content") if cache else None
    memo: dict[str, tuple[str, str, tuple[int, int]]] = \
        state[1] if state and state[0] == str(folder) else {}
    new_memo: dict[str, tuple[str, str, tuple[int, int]]] = {}
    new_manifest: dict[str, str] = {}
    written, kept = 0, []
    for article in articles:
        name = f"{article.id}.md"
        path = folder / name
        digest = sha256(repr(article))
        known = memo.get(name)
        if known and known[0] == digest and manifest.get(name) == known[1] \
                and _stat(path) == known[2]:
            new_manifest[name] = known[1]  # unchanged article, untouched file
            new_memo[name] = known
            continue
        text = content.dumps(article)
        if path.exists():
            current = _sha(path.read_text("utf-8", errors="replace"))
            if current != manifest.get(name) and current != _sha(text):
                kept.append(name)
                log.warn(path, "edited by hand: kept as it is",
                         hint="delete the file to have it written again")
                new_manifest[name] = manifest.get(name, "")
                continue
            if current == _sha(text):
                new_manifest[name] = current
                new_memo[name] = (digest, current, _stat(path) or (0, 0))
                continue
        elif name in manifest:
            log.warn(path, "deleted by hand: not written again",
                     hint=f"remove its entry from {MANIFEST} to have it back")
            new_manifest[name] = manifest[name]
            continue
        path.write_text(text, encoding="utf-8")
        new_manifest[name] = _sha(text)
        new_memo[name] = (digest, new_manifest[name], _stat(path) or (0, 0))
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
                      + yaml.dump(report, Dumper=_YamlDumper, allow_unicode=True,
                                  sort_keys=False, width=1000))
    if cache:
        cache.put("state", "content", (str(folder), new_memo))
    return written, kept


def run_ingest(config: SiteConfig, log: ErrorLog, progress: Progress = _silent,
               jobs: int = 1, cache: Cache | None = None) -> Report:
    """Seeds -> content/. `jobs` worker processes; `cache` (default: the site's cache
    folder) reuses the results of unchanged seeds."""
    start = time.perf_counter()
    cache = cache if cache is not None else Cache(config.path("cache"))
    report = Report()
    articles, discards = extract(config, log, progress, jobs=jobs, cache=cache, report=report)
    written, kept = write_content(config.path("content"), articles, discards, log, cache)
    report.articles, report.written, report.kept = len(articles), written, tuple(kept)
    report.seconds = time.perf_counter() - start
    return report


def load_content(folder: Path, cache: Cache | None = None
                 ) -> tuple[list[Article], list[SiteError]]:
    """content.load_dir(), reusing the articles parsed by the last run for files whose
    size and mtime are unchanged."""
    state = cache.get("state", "loaded") if cache else None
    memo: dict[str, tuple[tuple[int, int], Article]] = \
        state[1] if state and state[0] == str(folder) else {}
    new_memo: dict[str, tuple[tuple[int, int], Article]] = {}
    articles, errors = [], []
    for path in sorted(folder.rglob("*.md")):
        if path.name.startswith("_"):
            continue
        name = path.relative_to(folder).as_posix()
        stat = _stat(path)
        known = memo.get(name)
        if known and stat and known[0] == stat:
            articles.append(known[1])
            new_memo[name] = known
            continue
        try:
            article = content.load(path)
        except SiteError as exc:
            errors.append(exc)
            continue
        articles.append(article)
        if stat:
            new_memo[name] = (stat, article)
    if cache and new_memo != memo:
        cache.put("state", "loaded", (str(folder), new_memo))
    return articles, errors


def render_inputs(config: SiteConfig, folder: Path) -> str:
    """Hash of everything the render reads: content files (names, sizes, mtimes), the
    config, templates and static folders (bytes) and the code."""
    from .render import _package_dir

    parts: list[str] = [str(folder), config.fingerprint(), code_fingerprint(),
                        tree_fingerprint(config.path("templates"), _package_dir("templates"),
                                         config.path("static"), _package_dir("static"))]
    for path in sorted(folder.rglob("*.md")):
        parts.append(f"{path.relative_to(folder).as_posix()}:{_stat(path)}")
    return sha256(*parts)


def _output_mark(output: Path) -> tuple | None:
    """What tells that the output is still the one the last render swapped in."""
    stat = _stat(output / "index.html")
    return (str(output), stat) if stat else None


@dataclass
class _SearchMemo:
    """The search index's per-document memo in the cache (see search.build_index)."""

    cache: Cache

    def load(self) -> dict:
        return self.cache.get("state", "search") or {}

    def save(self, memo: dict) -> None:
        self.cache.put("state", "search", memo)


def run_render(config: SiteConfig, log: ErrorLog, progress: Progress = _silent,
               jobs: int = 1, cache: Cache | None = None) -> Report:
    """content/ -> the site. Skipped when nothing it reads changed since the last render
    and the output is still there; else rendered by `jobs` processes."""
    from .render import render_site
    from .taxonomy import load_taxonomy, tag_descriptions, tag_names

    start = time.perf_counter()
    cache = cache if cache is not None else Cache(config.path("cache"))
    folder = config.path("content")
    if not folder.is_dir():
        raise SiteError(str(folder), "content folder not found",
                        hint="run `site-builder ingest` first, or pass --content DIR")
    inputs = render_inputs(config, folder)
    state = cache.get("state", "render")
    output = config.path("output")
    if state and state["inputs"] == inputs and state["mark"] == _output_mark(output):
        for warning in state["warnings"]:
            log.warnings.append(SiteError(*warning))
        return Report(articles=state["articles"], pages=state["pages"], skipped=True,
                      reused=state["pages"], seconds=time.perf_counter() - start)
    articles, errors = load_content(folder, cache)
    log.errors.extend(errors)
    taxonomy = load_taxonomy(config)
    before = len(log.warnings)
    # The page cache: the key of every page of the current output (valid only while
    # the output is still the one that render swapped in).
    pages = cache.get("state", "pages") if cache.enabled else None
    previous = pages["keys"] if pages and pages["mark"] == _output_mark(output) else {}
    del pages
    result = render_site(config, articles, log, tag_names=tag_names(taxonomy),
                         tag_descriptions=tag_descriptions(taxonomy), jobs=jobs,
                         progress=_bar(progress),
                         previous=previous if cache.enabled else None,
                         search_memo=_SearchMemo(cache) if cache.enabled else None)
    del previous
    if cache.enabled:
        cache.put("state", "pages", {"mark": _output_mark(output), "keys": result.keys})
    if not errors:
        cache.put("state", "render", {
            "inputs": inputs, "mark": _output_mark(output), "articles": len(articles),
            "pages": result.pages,
            "warnings": [(w.path, w.message, w.line, w.hint) for w in log.warnings[before:]]})
    else:
        cache.forget("state", "render")
    return Report(articles=len(articles), pages=result.pages, reused=result.reused,
                  redone=result.pages - result.reused, seconds=time.perf_counter() - start)
