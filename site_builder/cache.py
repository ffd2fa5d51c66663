"""The build's content-hash cache in `.cache/` (config.path("cache")).

Entries are pickles named by the SHA-256 of everything that went into them, so a
changed input can only ever miss, never hit a stale entry:

  ingest/<key>.pkl   one seed's articles (enriched by nlp) and discards, plus the
                     values the corpus-wide steps need (base IDs, MinHash signatures);
                     key = seed name + SHA-256 of its bytes + config + Nlp
                     dictionary/taxonomy fingerprint + the code's fingerprint
  state/<name>.pkl   the last build's memo of a stage (see build.py): what it read and
                     wrote, to skip the stage when nothing it reads has changed;
                     state/pages.pkl is the page cache (each page of _site -> the hash
                     of what it shows, see render._Renderer.page, and the snapshot of
                     the corpus it was made from, see changes.py), state/search.pkl
                     the search index's memo (search.iter_search_files), state/seeds.pkl
                     the seeds' digests by size, inode, mtime and ctime
                     (build.seed_digests)

`Cache(enabled=False)` (`--no-cache`) neither reads nor writes.
"""
from __future__ import annotations

import contextlib
import gc
import hashlib
import os
import pickle
import tempfile
from functools import lru_cache
from importlib import metadata
from pathlib import Path
from typing import Any

# Bump when the layout or meaning of an entry changes.
FORMAT = "1"


def sha256(*parts: bytes | str) -> str:
    digest = hashlib.sha256()
    for part in parts:
        data = part.encode("utf-8") if isinstance(part, str) else part
        digest.update(len(data).to_bytes(8, "little"))
        digest.update(data)
    return digest.hexdigest()


@lru_cache(maxsize=1)
def code_fingerprint() -> str:
    """The package version and the bytes of its Python sources and data files.

    A source checkout that is edited between builds (no version bump) still
    invalidates every entry: the cache cannot serve output of older code.
    """
    try:
        version = metadata.version("site-builder")
    except metadata.PackageNotFoundError:
        version = "source"
    package = Path(__file__).resolve().parent
    parts: list[bytes | str] = [FORMAT, version]
    for path in sorted(package.rglob("*")):
        if path.suffix in {".py", ".yaml", ".txt"} and "__pycache__" not in path.parts:
            parts += [path.relative_to(package).as_posix(), path.read_bytes()]
    return sha256(*parts)[:16]


def tree_fingerprint(*folders: Path) -> str:
    """Hash of the names and bytes of every file under `folders` (templates, static)."""
    parts: list[bytes | str] = []
    for folder in folders:
        parts.append(str(folder))
        if folder.is_dir():
            for path in sorted(folder.rglob("*")):
                if path.is_file() and "__pycache__" not in path.parts:
                    parts += [path.relative_to(folder).as_posix(), path.read_bytes()]
    return sha256(*parts)[:16]


@contextlib.contextmanager
def collector_paused():
    """The garbage collector off: (un)pickling a state of a million small objects
    otherwise triggers collections that walk them all, again and again (half the
    time). Pickles make no reference cycles to collect."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


class Cache:
    def __init__(self, root: Path, enabled: bool = True) -> None:
        self.root = root
        self.folder = str(root)
        self.enabled = enabled
        self.hits = 0
        self.misses = 0

    def _file(self, kind: str, key: str) -> str:
        # a plain string: a build looks up thousands of entries
        return os.path.join(self.folder, kind, f"{key}.pkl")

    def has(self, kind: str, key: str) -> bool:
        """An entry is there (it may still fail to load: get() says)."""
        return self.enabled and os.path.isfile(self._file(kind, key))

    def get(self, kind: str, key: str) -> Any | None:
        if not self.enabled:
            return None
        try:
            with open(self._file(kind, key), "rb") as handle, collector_paused():
                value = pickle.load(handle)
        except FileNotFoundError:
            self.misses += 1
            return None
        except Exception:  # a truncated or foreign file is a miss, never an error
            self.misses += 1
            return None
        self.hits += 1
        return value

    def put(self, kind: str, key: str, value: Any) -> None:
        if not self.enabled:
            return
        path = self._file(kind, key)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        handle, temp = tempfile.mkstemp(prefix=".tmp-", dir=os.path.dirname(path))
        try:
            with os.fdopen(handle, "wb") as out, collector_paused():
                pickle.dump(value, out, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(temp, path)
        except BaseException:
            Path(temp).unlink(missing_ok=True)
            raise

    def forget(self, kind: str, key: str) -> None:
        Path(self._file(kind, key)).unlink(missing_ok=True)
