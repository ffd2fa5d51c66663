"""The same story printed twice: found by text similarity, never by title.

Bodies are compared as sets of character shingles. MinHash signatures with
LSH banding give candidate pairs in near-linear time; a candidate whose
signatures agree too little is dropped at once, and the rest are checked
exactly: two printings are one story only when each holds most of the other's
shingles (containment in both directions), so stories that merely share a
paragraph (boilerplate, a stock description) are never linked.

Groups do not chain: articles are taken from the most complete down, and each
one either points at a canonical copy it is itself similar to (the most
complete such) or becomes a canonical copy. A, B and C where A ~ B and B ~ C
but not A ~ C are never one story through B.
"""
from __future__ import annotations

import dataclasses
import hashlib
import re
import unicodedata
import zlib

from ..models import Article

SHINGLE = 5
PERMUTATIONS = 64
BANDS = 32          # 2 rows per band: pairs with similarity ~0.3+ become candidates
# share of each copy's shingles found in the other: both must hold most of the other
# (a Jaccard similarity of 0.54 at least)
CONTAINMENT = 0.7
# the share of agreeing MinHash values (an estimate of the Jaccard similarity) below
# which a candidate pair is not checked: over 4 standard deviations below the least
# similarity of two printings, while most pairs that share a paragraph fall short of it
ESTIMATE = 0.3
_MASK = (1 << 32) - 1
_SEEDS = tuple((i * 0x9E3779B1 + 0x7F4A7C15) & _MASK for i in range(PERMUTATIONS))
_KEEP_SETS = 2048   # shingle sets kept at once while checking candidates
_NOT_TEXT = re.compile(r"[\s#*_>`\-—（）()，,。、“”‘’：:；;！？!?·.]")


def shingles(body: str) -> set[int]:
    text = _NOT_TEXT.sub("", unicodedata.normalize("NFKC", body))
    # (map over the slices: ~1.5x faster than a set comprehension of the same values)
    return set(map(zlib.crc32, map(str.encode, [text[i:i + SHINGLE] for i
                                                 in range(max(len(text) - SHINGLE + 1, 0))])))


try:  # the same values ~50x faster; optional, the output never depends on it
    import numpy as _np
    _SEED_ARRAY = _np.array(_SEEDS, dtype=_np.uint64)[:, None]
except ImportError:  # pragma: no cover
    _np = None


def signature(items: set[int]) -> tuple[int, ...]:
    if not items:
        return ()
    if _np is not None:
        values = _np.fromiter(items, dtype=_np.uint64, count=len(items))
        table = ((values[None, :] ^ _SEED_ARRAY) * _np.uint64(0x01000193)) & _np.uint64(_MASK)
        return tuple(table.min(axis=1).tolist())  # (Python ints, as int(v) of each)
    # a list per permutation: ~2x faster than a generator, the same values
    return tuple(min([((h ^ seed) * 0x01000193) & _MASK for h in items]) for seed in _SEEDS)


def containment(a: set[int], b: set[int]) -> float:
    small, large = (a, b) if len(a) <= len(b) else (b, a)
    return len(small & large) / len(small) if small else 0.0


def one_story(a: set[int], b: set[int]) -> bool:
    """Both shingle sets hold at least CONTAINMENT of the other's shingles."""
    if not a or not b:
        return False
    shared = len(a & b)
    return shared >= CONTAINMENT * len(a) and shared >= CONTAINMENT * len(b)


def _completeness(article: Article) -> tuple:
    return (len(article.body), bool(article.title), len(article.authors), bool(article.subtitle))


def _buckets(signatures: list[tuple[int, ...]]) -> list[list[int]]:
    """The LSH buckets that hold two articles or more: for each band, the articles whose
    signatures agree on that band's rows, ascending; buckets ordered by (first member,
    band). With numpy, one sort per band instead of a dict entry per article and band."""
    rows = PERMUTATIONS // BANDS
    if _np is None or rows > 2:  # a band's rows must fit one 64-bit key
        found: dict[tuple, list[int]] = {}
        for index, sig in enumerate(signatures):
            for band in range(BANDS if sig else 0):
                found.setdefault((band, sig[band * rows:(band + 1) * rows]), []).append(index)
        return [members for members in found.values() if len(members) > 1]
    indices = _np.array([i for i, sig in enumerate(signatures) if sig], dtype=_np.int64)
    if len(indices) < 2:
        return []
    table = _np.array([signatures[i] for i in indices.tolist()], dtype=_np.uint64)
    firsts, bands, spans, members = [], [], [], []
    for band in range(BANDS):
        key = table[:, band * rows]
        for row in range(1, rows):  # 32-bit values: two rows make one 64-bit key
            key = (key << _np.uint64(32)) | table[:, band * rows + row]
        order = _np.argsort(key, kind="stable")
        ordered = key[order]
        starts = _np.flatnonzero(_np.concatenate(([True], ordered[1:] != ordered[:-1])))
        stops = _np.append(starts[1:], len(order))
        # the buckets of two or more, picked out in bulk (a Python turn for every bucket
        # of every band was ~320,000 turns at 10,000 articles); the members of a bucket
        # are ascending (a stable sort of ascending indices), its first the least
        shared = _np.flatnonzero(stops - starts > 1)
        mine = indices[order]
        firsts.append(mine[starts[shared]])
        bands.append(_np.full(len(shared), band, dtype=_np.int64))
        spans.append(_np.stack((starts[shared], stops[shared]), axis=1) + band * len(order))
        members.append(mine)
    if not any(len(f) for f in firsts):
        return []
    # ordered by (first member, band), as the dict of the pure-Python way would list them
    by = _np.lexsort((_np.concatenate(bands), _np.concatenate(firsts)))
    flat = _np.concatenate(members).tolist()
    return [flat[start:stop] for start, stop in _np.concatenate(spans)[by].tolist()]


def link_duplicates(articles: list[Article],
                    signatures: list[tuple[int, ...]] | None = None,
                    verdicts: dict[tuple[bytes, bytes], bool] | None = None) -> list[Article]:
    """Set `duplicate_of` on every printing of a story but its canonical one.

    Articles are taken from the most complete down (body length, title, authors,
    subtitle; then input order): each points at the first canonical article before it
    that shares an LSH bucket with it and is one story with it (one_story() of their
    shingle sets), or else is canonical itself. Every printing is thus directly similar
    to its canonical, and a group never grows through a chain of partial overlaps.

    `signatures` (signature(shingles(body)) of each article, e.g. computed in parallel
    or cached by the build) saves recomputing them. Shingle sets are made only for
    candidate pairs and only a bounded number are kept, so memory stays flat at any
    archive size. `verdicts` (a dict the caller keeps between runs) holds whether each
    checked pair is one story, under the digests of the two bodies: a pair met
    before is not shingled again. It is left holding this run's pairs only.
    """
    if signatures is None:
        signatures = [signature(shingles(a.body)) for a in articles]
    kept: dict[int, set[int]] = {}
    known = dict(verdicts or {})
    used: dict[tuple[bytes, bytes], bool] = {}
    digests: dict[int, bytes] = {}

    def digest(index: int) -> bytes:
        if index not in digests:
            digests[index] = hashlib.blake2b(articles[index].body.encode("utf-8"),
                                             digest_size=16).digest()
        return digests[index]

    def shingles_of(index: int) -> set[int]:
        if index not in kept:
            if len(kept) >= _KEEP_SETS:
                kept.clear()
            kept[index] = shingles(articles[index].body)
        return kept[index]

    def same_story(a: int, b: int) -> bool:
        key = tuple(sorted((digest(a), digest(b))))
        if key not in known:
            known[key] = one_story(shingles_of(a), shingles_of(b))
        used[key] = known[key]  # type: ignore[index]
        return used[key]  # type: ignore[index]

    buckets = _buckets(signatures)
    in_buckets: dict[int, list[int]] = {}
    for number, members in enumerate(buckets):
        for index in members:
            in_buckets.setdefault(index, []).append(number)
    order = sorted(in_buckets, key=lambda k: (_completeness(articles[k]), -k), reverse=True)
    rank = {index: position for position, index in enumerate(order)}
    # the canonical articles of each bucket met so far, in order
    canonicals: list[list[int]] = [[] for _ in buckets]
    canonical_of: dict[int, int] = {}
    for index in order:
        found = sorted({c for number in in_buckets[index] for c in canonicals[number]},
                       key=rank.__getitem__)
        match = next((c for c in found if _agreement(signatures[index], signatures[c])
                      >= ESTIMATE and same_story(index, c)), None)
        if match is None:
            for number in in_buckets[index]:
                canonicals[number].append(index)
        else:
            canonical_of[index] = match
    if verdicts is not None:
        verdicts.clear()
        verdicts.update(used)
    out = list(articles)
    for index, canonical in canonical_of.items():
        out[index] = dataclasses.replace(articles[index], duplicate_of=articles[canonical].id)
    return out


def _agreement(a: tuple[int, ...], b: tuple[int, ...]) -> float:
    """The share of MinHash values two signatures agree on: an estimate of the Jaccard
    similarity of their shingle sets."""
    if not a or len(a) != len(b):
        return 0.0
    return sum(x == y for x, y in zip(a, b)) / len(a)
