"""Articles -> content/: one file per article, never overwriting (or bringing back) a
file a person edited or deleted, and the discarded text for an editor to review.

`_manifest.json` records the hash of every file the tool wrote: a file whose bytes
differ from its record was edited by hand and is kept; a recorded file that is gone
was deleted by hand and is not written again. The last run's memo (WRITTEN) lets an
article that did not change, whose file is still the one the tool wrote, be passed
over without serialising it or reading its file.
"""
from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Mapping, NamedTuple

import yaml

from .. import content
from ..content import ContentFile, FileStat
from ..errors import ErrorLog
from ..models import Article, Discard
from ..state.store import Slot, Store
from .stage import DISCARDS

MANIFEST = "_manifest.json"


class WrittenFile(NamedTuple):
    """A content file as the tool last wrote (or found) it."""

    digest: str              # content.digest() of its article
    file_hash: str           # SHA-256 of its text
    stat: FileStat
    origin: str | None       # its article's provenance (ingest.stage.provenance)


@dataclass(frozen=True)
class WrittenMemo:
    folder: str
    files: dict[str, WrittenFile]  # file name -> as written


@dataclass(frozen=True)
class DiscardsMemo:
    """The YAML of each page's discards as the last run wrote them into DISCARDS, by the
    page's discards themselves (sorted): a page that did not change has the same."""

    texts: dict[tuple[Discard, ...], str]
    dumper: str = ""  # the YAML library that made them (yaml.__version__)


WRITTEN = Slot("written", WrittenMemo)
DISCARDED = Slot("discarded", DiscardsMemo)


@dataclass
class Written:
    """What write_content did."""

    written: int = 0                       # files written
    kept: list[str] = field(default_factory=list)   # names of files kept as a person left them
    # the files that now hold exactly one of the articles (content.loads(content.dumps(a))
    # == a): render need not read them back
    files: dict[str, ContentFile] = field(default_factory=dict)


def _sha(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _stat(path: Path | str) -> FileStat | None:
    try:
        st = os.stat(path)
    except OSError:
        return None
    return st.st_size, st.st_mtime_ns


def manifest_text(manifest: dict[str, str]) -> str:
    """json.dumps(the manifest, its names sorted, indent=1, ensure_ascii=False) + a newline,
    composed line by line with json's own string encoder: with an indent, json.dumps
    takes its pure-Python encoder (a tenth of a second for 10,000 files, every ingest)."""
    if not manifest or not all(isinstance(v, str) for v in manifest.values()):
        return json.dumps(dict(sorted(manifest.items())), indent=1, ensure_ascii=False) + "\n"
    quote = json.encoder.encode_basestring  # (as json.dumps quotes with ensure_ascii=False)
    return "{\n" + ",\n".join(f" {quote(name)}: {quote(digest)}"
                               for name, digest in sorted(manifest.items())) + "\n}\n"


def write_if_changed(path: Path, text: str) -> bool:
    data = text.encode("utf-8")
    try:
        if path.read_bytes() == data:
            return False
    except OSError:
        pass
    path.write_bytes(data)
    return True


class _ContentWriter:
    """One run of write_content: the manifest and memo before, and those made now."""

    def __init__(self, folder: Path, log: ErrorLog, memo: dict[str, WrittenFile],
                 found: Mapping[str, FileStat] | None = None) -> None:
        self.folder, self.root, self.log, self.memo = folder, str(folder), log, memo
        self.found = found  # the folder's files as listed before this run, if they were
        self.manifest = self._read_manifest()
        self.new_manifest: dict[str, str] = {}
        self.new_memo: dict[str, WrittenFile] = {}
        self.done = Written()

    def _read_manifest(self) -> dict[str, str]:
        path = self.folder / MANIFEST
        try:
            return json.loads(path.read_text("utf-8")) if path.exists() else {}
        except (ValueError, UnicodeDecodeError):
            self.log.warn(path, "unreadable manifest: every existing file is treated as edited")
            return {}

    def stat_of(self, name: str) -> FileStat | None:
        """The file's (size, mtime): as listed before this run (nothing of it has written
        the folder since: 10,000 stats a build fewer), else from the file."""
        if self.found is not None:
            return self.found.get(name)
        return _stat(f"{self.root}{os.sep}{name}")  # (not os.path.join)

    def holds(self, name: str, article: Article, file: WrittenFile) -> None:
        """The file `name` holds exactly `article`: remembered for the next run and
        handed to the render."""
        self.new_manifest[name] = file.file_hash
        self.new_memo[name] = file
        self.done.files[name] = ContentFile(file.stat, article, file.digest)

    def article(self, article: Article, origin: str | None) -> None:
        name = f"{article.id}.md"
        known = self.memo.get(name)
        digest = known.digest if known and origin is not None and known.origin == origin \
            else content.digest(article)
        if known and known.digest == digest and self.manifest.get(name) == known.file_hash \
                and self.stat_of(name) == known.stat:
            # an untouched file
            self.holds(name, article, known if known.origin == origin
                       else known._replace(origin=origin))
            return
        path = self.folder / name
        text = content.dumps(article)
        text_hash = _sha(text)
        if path.exists():
            current = _sha(path.read_text("utf-8", errors="replace"))
            if current != self.manifest.get(name) and current != text_hash:
                self.done.kept.append(name)
                self.log.warn(path, "edited by hand: kept as it is",
                              hint="delete the file to have it written again")
                self.new_manifest[name] = self.manifest.get(name, "")
                return
            if current == text_hash:
                self.holds(name, article,
                           WrittenFile(digest, current, _stat(path) or (0, 0), origin))
                return
        elif name in self.manifest:
            self.log.warn(path, "deleted by hand: not written again",
                          hint=f"remove its entry from {MANIFEST} to have it back")
            self.new_manifest[name] = self.manifest[name]
            return
        path.write_text(text, encoding="utf-8")
        self.holds(name, article, WrittenFile(digest, text_hash, _stat(path) or (0, 0), origin))
        self.done.written += 1

    def leftovers(self) -> None:
        """The files of articles that no longer exist: removed when the tool's own."""
        for name, digest in self.manifest.items():
            if name in self.new_manifest:
                continue
            path = self.folder / name
            if path.exists() and _sha(path.read_text("utf-8", errors="replace")) == digest:
                path.unlink()
            elif path.exists():
                self.done.kept.append(name)
                self.log.warn(path, "no longer produced by ingest but edited by hand: kept")
                self.new_manifest[name] = digest

    def finish(self, discards: list[Discard], memo: DiscardsMemo | None) -> DiscardsMemo:
        """The manifest and DISCARDS written (each only if its text changed); the
        discards' YAML by page, for the next run (`memo`: the last run's)."""
        write_if_changed(self.folder / MANIFEST, manifest_text(self.new_manifest))
        texts = discards_texts(discards, memo.texts if memo and memo.dumper == yaml.__version__
                               else {})
        write_if_changed(self.folder / DISCARDS,
                         "# Text of the pages that went into no article, for an editor to "
                         "review.\n" + ("".join(texts.values()) if texts else _yaml([])))
        return DiscardsMemo(texts, yaml.__version__)


def _yaml(report: list[dict]) -> str:
    return yaml.dump(report, Dumper=content.YAML_DUMPER, allow_unicode=True, sort_keys=False,
                     width=1000)


def discards_texts(discards: list[Discard], known: dict[tuple[Discard, ...], str]
                   ) -> dict[tuple[Discard, ...], str]:
    """Each page's discards (sorted by their lines), pages in name order -> their YAML as
    a part of DISCARDS' list: the list sorted by (seed, first line, last line) is the
    pages' parts end to end, and a block sequence's dump is its items' dumps end to end.
    A page's part is taken from `known` when its discards are the same (YAML's dump of
    ~2,500 pages' discards took 0.1-0.25 s every build)."""
    pages: dict[str, list[Discard]] = {}
    for discard in discards:
        pages.setdefault(discard.seed, []).append(discard)
    texts: dict[tuple[Discard, ...], str] = {}
    for seed in sorted(pages):
        mine = tuple(sorted(pages[seed], key=lambda d: (d.first_line, d.last_line)))
        text = known.get(mine)
        texts[mine] = text if text is not None else _yaml(
            [{"seed": d.seed, "lines": [d.first_line, d.last_line], "why": d.why,
              "text": d.text} for d in mine])
    return texts


def write_content(folder: Path, articles: list[Article], discards: list[Discard],
                  log: ErrorLog, store: Store | None = None,
                  origins: list[str] | None = None,
                  found: Mapping[str, FileStat] | None = None) -> Written:
    """Write one file per article (see the module's doc); `origins` (the articles'
    provenance()) spare hashing those whose provenance is unchanged; `found`: the
    (size, mtime) of the folder's files by name, as listed since it last changed."""
    folder.mkdir(parents=True, exist_ok=True)
    state = store.load(WRITTEN) if store else None
    writer = _ContentWriter(folder, log, state.files if state and state.folder == str(folder)
                            else {}, found)
    for index, article in enumerate(articles):
        writer.article(article, origins[index] if origins is not None else None)
    writer.leftovers()
    kept = store.load(DISCARDED) if store else None
    made = writer.finish(discards, kept)
    if store:
        store.save(WRITTEN, WrittenMemo(str(folder), writer.new_memo))
        if kept is None or kept.dumper != made.dumper or made.texts.keys() != kept.texts.keys():
            store.save(DISCARDED, made)
    return writer.done
