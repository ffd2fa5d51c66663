"""The build: stage calls in order, with timings and progress. No logic of its own
beyond choosing which files to write (hand edits are kept)."""
from __future__ import annotations

import dataclasses
import hashlib
import json
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

import yaml

from . import content
from .config import SiteConfig
from .errors import ErrorLog, SiteError
from .ingest.dedupe import link_duplicates
from .ingest.page import articles_from_page
from .ingest.read import read_page
from .models import Article, Discard

MANIFEST = "_manifest.json"
DISCARDS = "_discarded.yaml"

Progress = Callable[[str], None]


def _silent(_: str) -> None:
    pass


@dataclass
class Report:
    articles: int = 0
    pages: int = 0
    seconds: float = 0.0
    written: int = 0
    kept: tuple[str, ...] = ()


def seed_files(folder: Path) -> list[Path]:
    if not folder.is_dir():
        raise SiteError(str(folder), "seeds folder not found", hint="pass --seeds DIR")
    return sorted(p for p in folder.iterdir()
                  # every visible file is a page: one that is not text gets a clear error
                  if p.is_file() and not p.name.startswith("."))


def assign_ids(articles: list[Article]) -> list[Article]:
    """Pinyin IDs from titles, unique within the build; a later copy of a taken ID gets
    a suffix from its seed and position, so the IDs of other articles never move."""
    taken: set[str] = set()
    out = []
    for article in articles:
        fallback = article.kicker or (article.summary or article.body)[:16]
        base = content.make_id(article.title, fallback)
        article_id = base
        if article_id in taken:
            digest = hashlib.sha256(f"{article.seed}:{article.lines}".encode()).hexdigest()[:6]
            article_id = f"{base}-{digest}"
        taken.add(article_id)
        out.append(dataclasses.replace(article, id=article_id))
    return out


def extract(config: SiteConfig, log: ErrorLog, progress: Progress = _silent
            ) -> tuple[list[Article], list[Discard]]:
    """Seeds -> articles with IDs and duplicates linked (no tags yet)."""
    articles: list[Article] = []
    discards: list[Discard] = []
    files = seed_files(config.path("seeds"))
    for number, path in enumerate(files, 1):
        try:
            result = articles_from_page(read_page(path), config.newspaper)
        except SiteError as exc:
            log.errors.append(exc)
            continue
        if not result.articles:
            log.warn(path, "no article found on this page",
                     hint=f"its text is listed in {DISCARDS}")
        articles.extend(result.articles)
        discards.extend(result.discards)
        progress(f"read {number}/{len(files)} pages")
    return link_duplicates(assign_ids(articles)), discards


def _sha(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def write_content(folder: Path, articles: list[Article], discards: list[Discard],
                  log: ErrorLog) -> tuple[int, list[str]]:
    """Write one file per article; never overwrite or resurrect a file a person changed.

    `_manifest.json` records the hash of every file the tool wrote: a file whose bytes
    differ from its record was edited by hand and is kept; a recorded file that is gone
    was deleted by hand and is not written again.
    """
    folder.mkdir(parents=True, exist_ok=True)
    manifest_path = folder / MANIFEST
    try:
        manifest: dict[str, str] = json.loads(manifest_path.read_text("utf-8")) \
            if manifest_path.exists() else {}
    except (ValueError, UnicodeDecodeError):
        log.warn(manifest_path, "unreadable manifest: every existing file is treated as edited")
        manifest = {}
    new_manifest: dict[str, str] = {}
    written, kept = 0, []
    for article in articles:
        name = f"{article.id}.md"
        path = folder / name
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
                continue
        elif name in manifest:
            log.warn(path, "deleted by hand: not written again",
                     hint=f"remove its entry from {MANIFEST} to have it back")
            new_manifest[name] = manifest[name]
            continue
        path.write_text(text, encoding="utf-8")
        new_manifest[name] = _sha(text)
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
    manifest_path.write_text(json.dumps(dict(sorted(new_manifest.items())), indent=1,
                                        ensure_ascii=False) + "\n", encoding="utf-8")
    report = [{"seed": d.seed, "lines": [d.first_line, d.last_line], "why": d.why, "text": d.text}
              for d in sorted(discards, key=lambda d: (d.seed, d.first_line, d.last_line))]
    (folder / DISCARDS).write_text(
        "# Text of the pages that went into no article, for an editor to review.\n"
        + yaml.safe_dump(report, allow_unicode=True, sort_keys=False, width=1000),
        encoding="utf-8")
    return written, kept


def run_ingest(config: SiteConfig, log: ErrorLog, progress: Progress = _silent) -> Report:
    from .nlp import Nlp  # jieba loads only when ingest runs

    start = time.perf_counter()
    articles, discards = extract(config, log, progress)
    progress("tagging")
    nlp = Nlp(config)
    articles = [nlp.enrich(a) for a in articles]
    written, kept = write_content(config.path("content"), articles, discards, log)
    return Report(articles=len(articles), seconds=time.perf_counter() - start,
                  written=written, kept=tuple(kept))


def run_render(config: SiteConfig, log: ErrorLog, progress: Progress = _silent) -> Report:
    from .render import render_site
    from .taxonomy import load_taxonomy, tag_descriptions, tag_names

    start = time.perf_counter()
    folder = config.path("content")
    if not folder.is_dir():
        raise SiteError(str(folder), "content folder not found",
                        hint="run `site-builder ingest` first, or pass --content DIR")
    articles, errors = content.load_dir(folder)
    log.errors.extend(errors)
    progress(f"rendering {len(articles)} articles")
    taxonomy = load_taxonomy(config)
    result = render_site(config, articles, log, tag_names=tag_names(taxonomy),
                         tag_descriptions=tag_descriptions(taxonomy))
    return Report(articles=len(articles), pages=result.pages,
                  seconds=time.perf_counter() - start)


def stderr_progress(message: str) -> None:
    print(f"  {message}", file=sys.stderr, flush=True)
