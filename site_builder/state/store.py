"""The build's state between runs, in `.cache/` (config.path("cache")).

Two kinds of file, both pickles written atomically:

  entries   <kind>/<key>.pkl: values named by the SHA-256 of everything that went
            into them (ingest/<key>.pkl: one seed's articles; see ingest.stage), so a
            changed input can only ever miss, never hit a stale entry;
  slots     state/<name>.pkl: the last build's memo of one step (what it read and
            wrote), declared by the module that owns it as a `Slot`: its name, the
            type of its value and the version of that type's layout. A slot's file
            holds (name, version, value); one of another version or type is a miss.
            A `mapped` slot's file holds the pickle with its large arrays' bytes
            after it (pickle's out-of-band buffers), which a load maps instead of
            reading: its arrays are read-only views of the file (see _write_mapped).

The slots, by owner: ingest.stage SEED_MARKS (the seeds' digests by size, inode,
mtime and ctime) and DEDUPE (the verdicts on pairs of printings); ingest.write
WRITTEN (the content files it wrote); content FILES (the content files it parsed);
pipeline INGESTED (an ingest's inputs and report, to skip the next one), RENDERED (a
render's inputs, to skip the next one) and PAGES (the page
cache: each page's key and the corpus snapshot, see render.plan); search.files
SEARCH (the search index's postings and files). Packed: ingest.stage's seed results
(state/ingest.pack).

A kind of entries may also be kept packed: state/<name>.pack holds the
pickles of the entries the last build used, one after another, read in one go
(loading 2,522 seeds' results from their own files took ~0.4 s, from one pack ~0.15 s).
A pack only ever speeds up the entries' reading: every entry is in its own file too, a
key is a content hash, and a damaged or foreign pack is a miss.

`Store(enabled=False)` (`--no-cache`) neither reads nor writes.
"""
from __future__ import annotations

import itertools
import mmap
import os
import pickle
import struct
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Generic, Iterable, Iterator, TypeVar

from ..parallel import collector_paused

T = TypeVar("T")


@dataclass(frozen=True)
class Slot(Generic[T]):
    """A named piece of the last build's state: its value's type and layout version
    (bump it when the type's fields change)."""

    name: str
    kind: type
    version: int = 1
    # its value's large arrays mapped from the file on load, not read (read-only)
    mapped: bool = False


@dataclass(frozen=True)
class Entries(Generic[T]):
    """A kind of content-addressed entry: its folder and its values' type."""

    name: str
    kind: type


# A pack's file: this mark, then per entry its key (ASCII), a NUL, the length of its
# pickle (8 bytes, little-endian) and the pickle.
PACK_MARK = b"site-builder pack 1\n"
_LENGTH = struct.Struct("<Q")
# A mapped slot's file: this mark, the pickle's length and the pickle, the number of
# buffers, then per buffer its offset in the file and its size (each a _LENGTH), then
# the buffers' bytes, each at an offset that is a multiple of _ALIGN.
MAPPED_MARK = b"site-builder mapped 1\n"
_ALIGN = 64


@dataclass(frozen=True)
class Packed:
    """A pack as read: the pickle of each entry, by key (views into the file's bytes),
    where its last whole entry ends, and the file's stamp then (what may be added to)."""

    pickles: dict[str, memoryview]
    end: int = 0
    stamp: tuple | None = None


def pack_entries(data: "bytes | mmap.mmap") -> tuple[dict[str, memoryview], int]:
    """The entries of a pack file's bytes (or its mapping), and where the last whole one
    ends (none, 0: not a pack; a truncated last entry left out)."""
    if data[:len(PACK_MARK)] != PACK_MARK:
        return {}, 0
    view, at, found = memoryview(data), len(PACK_MARK), {}
    while True:
        end = data.find(b"\0", at, at + 256)
        if end < 0 or end + 1 + _LENGTH.size > len(data):
            return found, at
        (size,) = _LENGTH.unpack_from(data, end + 1)
        start = end + 1 + _LENGTH.size
        if start + size > len(data):
            return found, at
        found[data[at:end].decode("ascii", "replace")] = view[start:start + size]
        at = start + size


def _records(pickles: Iterable[tuple[str, bytes | memoryview]]) -> Iterator[bytes | memoryview]:
    """The parts of a pack's entries, one (key, pickle) pair after another: a large pack
    is written as its pickles come, never held whole."""
    for key, data in pickles:
        yield from (key.encode("ascii"), b"\0", _LENGTH.pack(len(data)), data)


def _stamp(stat: os.stat_result) -> tuple[int, int, int]:
    return stat.st_size, stat.st_mtime_ns, stat.st_ino


class Store:
    def __init__(self, root: Path, enabled: bool = True) -> None:
        self.root = root
        self.folder = str(root)
        self.enabled = enabled
        self.maps: dict[str, mmap.mmap] = {}  # mapped slots' files, as loaded here

    # -- content-addressed entries
    def _file(self, kind: str, key: str) -> str:
        # a plain string: a build looks up thousands of entries
        return os.path.join(self.folder, kind, f"{key}.pkl")

    def has(self, entries: Entries, key: str) -> bool:
        """An entry is there (it may still fail to load: get() says)."""
        return self.enabled and os.path.isfile(self._file(entries.name, key))

    def get(self, entries: Entries[T], key: str) -> T | None:
        value = self._read(self._file(entries.name, key))
        return value if isinstance(value, entries.kind) else None

    def put(self, entries: Entries[T], key: str, value: T) -> None:
        self._write(self._file(entries.name, key), value)

    def put_pickled(self, entries: Entries[T], key: str, data: bytes) -> None:
        """put() of a value already pickled (pickle.dumps(value), by the caller)."""
        self._write(self._file(entries.name, key), data, pickled=True)

    # -- packed entries
    def _pack_file(self, entries: Entries) -> str:
        return os.path.join(self.folder, "state", f"{entries.name}.pack")

    def unpack(self, entries: Entries) -> Packed:
        """The pack of `entries` as the last repack() and add_to_pack() left it (no
        pickles: none, or a damaged one); loads() makes an entry of a pickle."""
        if not self.enabled:
            return Packed({})
        path = self._pack_file(entries)
        try:
            with open(path, "rb") as handle:
                stamp = _stamp(os.fstat(handle.fileno()))
                # mapped, not read: its ~40 MB are the page cache's own pages, where a
                # read took as many new ones before the ingest's workers could start
                # (add_to_pack writes only after `end`, repack a new file)
                pickles, end = pack_entries(
                    mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ))
        except (OSError, ValueError):  # (ValueError: an empty file cannot be mapped)
            return Packed({})
        return Packed(pickles, end, stamp)

    def pickled(self, entries: Entries, key: str) -> bytes | None:
        """The pickle of an entry as its file holds it (None: no such file)."""
        if not self.enabled:
            return None
        try:
            with open(self._file(entries.name, key), "rb") as handle:
                return handle.read()
        except OSError:
            return None

    @staticmethod
    def loads(entries: Entries[T], data: bytes | memoryview | None) -> T | None:
        """The entry an entry's pickle holds, None when it does not load as one."""
        if data is None:
            return None
        try:
            with collector_paused():
                value = pickle.loads(data)
        except Exception:  # truncated or foreign: a miss, never an error
            return None
        return value if isinstance(value, entries.kind) else None

    def repack(self, entries: Entries, pickles: Iterable[tuple[str, bytes | memoryview]]
               ) -> None:
        """The pack of `entries` made anew of (key, pickle) pairs (each pickle.dumps of an
        entry of that kind, as put_pickled takes)."""
        if not self.enabled:
            return
        self._write(self._pack_file(entries), itertools.chain([PACK_MARK], _records(pickles)),
                    pickled=True)

    def add_to_pack(self, entries: Entries, packed: Packed,
                    pickles: Iterable[tuple[str, bytes | memoryview]]) -> bool:
        """(key, pickle) pairs added at the end of the pack `packed` was read from (a
        torn entry that a killed build left there is cut off first; one torn now is left
        out by the next unpack); False, and nothing done, when that file is no longer
        the one read."""
        if not self.enabled or packed.stamp is None:
            return False
        try:
            with open(self._pack_file(entries), "r+b") as handle:
                if _stamp(os.fstat(handle.fileno())) != packed.stamp:
                    return False
                handle.truncate(packed.end)
                handle.seek(packed.end)
                handle.write(b"".join(_records(pickles)))
        except OSError:
            return False
        return True

    # -- slots
    def load(self, slot: Slot[T]) -> T | None:
        """The slot's value, or None: none saved, unreadable, another version or type."""
        path = self._file("state", slot.name)
        if slot.mapped:
            stored, self.maps[path] = read_mapped(path) if self.enabled else (None, None)
        else:
            stored = self._read(path)
        if not (isinstance(stored, tuple) and len(stored) == 3
                and stored[:2] == (slot.name, slot.version)
                and isinstance(stored[2], slot.kind)):
            return None
        return stored[2]

    def save(self, slot: Slot[T], value: T) -> None:
        if not isinstance(value, slot.kind):
            raise TypeError(f"slot {slot.name!r} holds {slot.kind.__name__}, "
                            f"not {type(value).__name__}")
        path, stored = self._file("state", slot.name), (slot.name, slot.version, value)
        if slot.mapped:
            parts = mapped_parts(stored)
            if not overwrite_mapped(path, parts, self.maps.pop(path, None)):
                self._write(path, parts, pickled=True)
        else:
            self._write(path, stored)

    def holds(self, slot: Slot) -> bool:
        """The slot's file is there (load() may still find it of another version)."""
        return self.enabled and os.path.isfile(self._file("state", slot.name))

    def stamp(self, slot: Slot) -> tuple[int, int, int] | None:
        """(size, mtime_ns, inode) of the slot's file, None when there is none: every
        save makes a new file (a rename), so a stamp names one saved value."""
        if not self.enabled:
            return None
        try:
            stat = os.stat(self._file("state", slot.name))
        except OSError:
            return None
        return stat.st_size, stat.st_mtime_ns, stat.st_ino

    def forget(self, slot: Slot) -> None:
        if self.enabled:
            Path(self._file("state", slot.name)).unlink(missing_ok=True)

    # -- files
    def _read(self, path: str) -> Any | None:
        if not self.enabled:
            return None
        try:
            with open(path, "rb") as handle, collector_paused():
                return pickle.load(handle)
        except Exception:  # missing, truncated or foreign: a miss, never an error
            return None

    def _write(self, path: str, value: Any, pickled: bool = False) -> None:
        """`value` pickled, or (`pickled`) its pickle's bytes or their parts in a list,
        into a new file renamed to `path`."""
        if not self.enabled:
            return
        os.makedirs(os.path.dirname(path), exist_ok=True)
        handle, temp = tempfile.mkstemp(prefix=".tmp-", dir=os.path.dirname(path))
        try:
            with os.fdopen(handle, "wb") as out, collector_paused():
                if pickled and isinstance(value, (bytes, memoryview)):
                    out.write(value)
                elif pickled:  # (the parts of a pickled value, written as they come)
                    out.writelines(value)
                else:
                    pickle.dump(value, out, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(temp, path)
        except BaseException:
            Path(temp).unlink(missing_ok=True)
            raise


# ---------------------------------------------------------------- mapped slots

def read_mapped(path: str) -> tuple[Any | None, mmap.mmap | None]:
    """A mapped slot's file's value (see mapped_parts), its buffers views of the file
    mapped (the views keep the mapping open), and the mapping; (None, None) when it
    is missing, empty, truncated or foreign."""
    try:
        with open(path, "rb") as handle:
            mapped = mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ)
        view = memoryview(mapped)
        at = len(MAPPED_MARK)
        if view[:at] != MAPPED_MARK:
            return None, None
        (size,) = _LENGTH.unpack_from(view, at)
        head = view[at + _LENGTH.size:at + _LENGTH.size + size]
        at += _LENGTH.size + size
        (count,) = _LENGTH.unpack_from(view, at)
        places = struct.unpack_from(f"<{2 * count}Q", view, at + _LENGTH.size)
        buffers = [view[start:start + length] for start, length in zip(places[::2], places[1::2])]
        if any(len(b) != length for b, length in zip(buffers, places[1::2])):
            return None, None
        with collector_paused():
            return pickle.loads(head, buffers=buffers), mapped
    except Exception:  # a miss, never an error
        return None, None


def overwrite_mapped(path: str, parts: list[bytes | memoryview],
                     mapping: mmap.mmap | None) -> bool:
    """A mapped slot's new `parts` (mapped_parts) written over its file in place, when
    this process loaded it (`mapping`) and no view of that mapping is left (it
    closes): its pages are rewritten instead of ~80 MB of new ones taken for a new
    file while the old one's are still held (on this kind of virtual machine a page
    the system has not used lately costs ~30 times a reused one: ~0.15 s a build).
    The mark is written last: a write cut short leaves a file that loads as a miss.
    False, and nothing written, when it cannot be (the caller writes a new file)."""
    if mapping is None:
        return False
    try:
        mapping.close()  # (BufferError while a view of it is alive)
        with open(path, "r+b") as out:
            out.write(bytes(len(MAPPED_MARK)))
            for part in parts[1:]:
                out.write(part)
            out.truncate()
            out.seek(0)
            out.write(parts[0])
    except (BufferError, OSError):
        return False
    return True


def mapped_parts(value: Any) -> list[bytes | memoryview]:
    """The parts of a mapped slot's file: `value` pickled with its large arrays out of
    band (protocol 5) and their bytes after the pickle, so that the next load maps
    them (read_mapped) instead of reading and copying them (the search memo's ~80 MB
    took ~0.1 s and as much fresh memory, every build)."""
    buffers: list[pickle.PickleBuffer] = []
    with collector_paused():
        head = pickle.dumps(value, protocol=5, buffer_callback=buffers.append)
    raws = [buffer.raw() for buffer in buffers]
    at = len(MAPPED_MARK) + 2 * _LENGTH.size + len(head) + 2 * _LENGTH.size * len(raws)
    places: list[int] = []
    parts: list[bytes | memoryview] = []
    for raw in raws:
        start = -(-at // _ALIGN) * _ALIGN
        parts += [bytes(start - at), raw]
        places += [start, raw.nbytes]
        at = start + raw.nbytes
    return [MAPPED_MARK, _LENGTH.pack(len(head)), head, _LENGTH.pack(len(raws)),
            struct.pack(f"<{2 * len(raws)}Q", *places), *parts]
