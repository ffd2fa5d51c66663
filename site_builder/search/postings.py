"""The search index's postings: every token's list of (doc, f) entries, made from the
documents' tokens (cold_state) or from the last build's postings by dropping the
documents that went and merging in the new ones (updated_state), and the stable hash
that puts each token in a shard (shard_of, also in static/search.js).
"""
from __future__ import annotations

import bisect
import hashlib
import os
import tempfile
from collections import Counter
from dataclasses import dataclass, field
from typing import Iterable, Iterator, Mapping

import numpy as np

from ..models import Article
from .tokens import CODE_BITS, POINT_MASK, batches, gram_code, gram_token


def doc_order(article: Article) -> tuple:
    """The ranking's tie-break order: newest first, undated last, then by id."""
    return (0 if article.date else 1, _invert(article.date or ""), article.id)


def numbered(articles: Iterable[Article]) -> list[Article]:
    """The documents (canonical articles) in the order of their numbers: the reverse of
    doc_order, so that numbers count from the oldest and a higher number wins a tie. A
    new day's stories get the next numbers and no other document's number moves (a
    story added among the others moves only those after it): an addition rewrites
    only the files whose lists or documents it changes."""
    canon = [a for a in articles if a.duplicate_of is None]
    if any(_LAST in (a.date or "") for a in canon):  # (the sentinel below cannot order it)
        return sorted(canon, key=doc_order, reverse=True)
    # The same order in two stable sorts of plain strings (doc_order's inverted dates,
    # a tuple of every date's characters, made it a tenth of an update's time): by id
    # descending, then undated first and by date ascending, a date after its
    # extensions (as the reverse of the inverted order puts it), ties kept.
    by_id = sorted(canon, key=_id, reverse=True)
    return sorted(by_id, key=_dated_key)


_LAST = "\U0010ffff"  # after every character a date holds


def _id(article: Article) -> str:
    return article.id


def _dated_key(article: Article) -> tuple[bool, str]:
    return (True, article.date + _LAST) if article.date else (False, "")


def _invert(text: str) -> tuple[int, ...]:
    return tuple(-ord(c) for c in text)



def doc_keys(canon: list[Article], urls: list[str], names: Mapping[str, str],
              known: Mapping[str, str]) -> list[str]:
    """Per document, the hash of everything its tokens and its Doc are made from; a
    repeated key (two identical articles) gets its occurrence number, so keys are unique.
    `known`: hashes of whole articles by id (content.digest), where the caller has them."""
    keys: list[str] = []
    seen: Counter = Counter()
    for article, url in zip(canon, urls):
        used = tuple((t, names.get(t)) for t in article.tags)
        whole = known.get(article.id)
        if whole is not None:
            digest = hashlib.sha256(repr((whole, url, used)).encode("utf-8"))
        else:
            # the body, most of the bytes, is hashed as it is: repr() would copy it twice
            fields = [value for name, value in vars(article).items() if name != "body"]
            digest = hashlib.sha256(repr((fields, url, used)).encode("utf-8"))
            digest.update(article.body.encode("utf-8"))
        key = digest.hexdigest()
        seen[key] += 1
        keys.append(key if seen[key] == 1 else f"{key}#{seen[key]}")
    return keys




# ---------------------------------------------------------------- shard hashes

_FNV_OFFSET = 0x811C9DC5
_FNV_PRIME = 0x01000193


def shard_of(token: str, shards: int) -> int:
    """FNV-1a (32 bit) of the token's UTF-8 bytes, mod `shards`; stable across runs and in JS."""
    value = _FNV_OFFSET
    for byte in token.encode("utf-8"):
        value = ((value ^ byte) * _FNV_PRIME) & 0xFFFFFFFF
    return value % shards


def _fnv_point(hashes: np.ndarray, points: np.ndarray) -> np.ndarray:
    """shard_of's FNV-1a steps over the UTF-8 bytes of one code point per hash (int64
    arrays, the hashes below 2**32), for all the hashes at once."""
    size = 1 + (points >= 0x80) + (points >= 0x800) + (points >= 0x10000).astype(np.int64)
    lead = np.select([size == 1, size == 2, size == 3],
                     [points, 0xC0 | points >> 6, 0xE0 | points >> 12], 0xF0 | points >> 18)
    hashes = ((hashes ^ lead) * _FNV_PRIME) & 0xFFFFFFFF
    for k in (1, 2, 3):  # the continuation bytes, most significant first
        more = size > k
        shift = np.where(more, 6 * (size - 1 - k), 0)
        byte = 0x80 | (points >> shift) & 0x3F
        hashes = np.where(more, ((hashes ^ byte) * _FNV_PRIME) & 0xFFFFFFFF, hashes)
    return hashes


def gram_hashes(codes: np.ndarray) -> np.ndarray:
    """shard_of's hash of each gram code (before the modulo)."""
    hashes = _fnv_point(np.full(len(codes), _FNV_OFFSET, dtype=np.int64), codes >> CODE_BITS)
    second = codes & POINT_MASK
    return np.where(second > 0, _fnv_point(hashes, second), hashes)


def word_hashes(words: list[str]) -> np.ndarray:
    """shard_of's hash of each token, a group of tokens of one length at a time."""
    hashes = np.zeros(len(words), dtype=np.int64)
    sizes = np.array([len(w) for w in words], dtype=np.int64)
    for size in np.unique(sizes).tolist():
        which = np.flatnonzero(sizes == size)
        text = "".join(words[i] for i in which.tolist())
        points = np.frombuffer(text.encode("utf-32-le"), dtype=np.uint32)
        points = points.astype(np.int64).reshape(len(which), size)
        value = np.full(len(which), _FNV_OFFSET, dtype=np.int64)
        for column in range(size):
            value = _fnv_point(value, points[:, column])
        hashes[which] = value
    return hashes


# ---------------------------------------------------------------- postings

def sorted_unique(values: np.ndarray) -> np.ndarray:
    """np.unique(values) by a sort and a comparison of neighbours. NumPy 2.3+'s
    np.unique hashes instead, which for a million gram codes with few repeats took
    1.3 s against 0.02 s this way (a third of the cold index's time)."""
    ordered = np.sort(values)
    if len(ordered) < 2:
        return ordered
    first = np.empty(len(ordered), dtype=bool)
    first[0] = True
    np.not_equal(ordered[1:], ordered[:-1], out=first[1:])
    return ordered[first]


@dataclass(frozen=True)
class Postings:
    """Every token's entries (doc, f), docs ascending. Token ids follow the tokens' string
    order: first the `words` (tokens that are no gram, sorted; all start with an ASCII
    character), then the grams by code. Every token has at least one entry."""

    words: list[str]
    codes: np.ndarray       # int64, ascending: the grams' codes
    hashes: np.ndarray      # int64 per token: shard_of's hash (the shard is hash % shards)
    bounds: np.ndarray      # int64, tokens + 1: token i's entries are bounds[i]:bounds[i + 1]
    doc: np.ndarray         # int32 per entry
    f: np.ndarray           # int32 per entry

    def __len__(self) -> int:
        return len(self.words) + len(self.codes)

    def token(self, i: int) -> str:
        words = len(self.words)
        return self.words[i] if i < words else gram_token(int(self.codes[i - words]))

    def tokens(self, ids: np.ndarray) -> list[str]:
        """token(i) of each of `ids` (ascending: the words first, then the grams), in
        one conversion rather than one a token."""
        words = len(self.words)
        first_gram = int(np.searchsorted(ids, words))
        return [self.words[i] for i in ids[:first_gram].tolist()] + \
            [gram_token(code) for code in self.codes[ids[first_gram:] - words].tolist()]

    def id(self, token: str) -> int | None:
        code = gram_code(token)
        if code is None:
            at = bisect.bisect_left(self.words, token)
            return at if at < len(self.words) and self.words[at] == token else None
        at = int(np.searchsorted(self.codes, code))
        return len(self.words) + at if at < len(self.codes) and self.codes[at] == code else None

    def counts(self) -> np.ndarray:
        return np.diff(self.bounds)


@dataclass(frozen=True)
class IndexState:
    """What the files are made from; kept in the memo between builds (its documents'
    JSON left out: the docs files hold it, and a chunk made again makes it again)."""

    keys: list[str]         # per document (doc number order): see doc_keys
    docs: Mapping[int, str]  # doc number -> its JSON in the docs files, where made: every
                            # document of a cold state (SpilledDocs), the new ones of an update
    lengths: np.ndarray     # int64 per document
    postings: Postings

    def memo(self) -> dict:
        """The state as the memo keeps it."""
        p = self.postings
        return {"keys": self.keys, "lengths": self.lengths, "words": p.words,
                "codes": p.codes, "hashes": p.hashes, "bounds": p.bounds, "doc": p.doc,
                "f": p.f}

    @staticmethod
    def from_memo(memo: dict) -> "IndexState":
        return IndexState(memo["keys"], {}, memo["lengths"], Postings(
            memo["words"], memo["codes"], memo["hashes"], memo["bounds"], memo["doc"],
            memo["f"]))


class _Spill:
    """Arrays written one after another to an unlinked temporary file and read back in
    the same order: the cold index keeps each batch's entries there until the whole
    vocabulary is known, instead of in memory (they were most of its peak)."""

    def __init__(self) -> None:
        self.file = tempfile.TemporaryFile(prefix="site-builder-search-")

    def write(self, *arrays: np.ndarray) -> None:
        for array in arrays:
            np.lib.format.write_array(self.file, np.ascontiguousarray(array),
                                      allow_pickle=False)

    def rewind(self) -> None:
        self.file.flush()
        self.file.seek(0)

    def read(self) -> np.ndarray:
        return np.lib.format.read_array(self.file, allow_pickle=False)

    def close(self) -> None:
        self.file.close()


class SpilledDocs(Mapping[int, str]):
    """The documents' JSON of a cold state, numbered from 0 in the order added, kept in
    an unlinked temporary file rather than in memory until the docs files are made:
    every story's snippet text (~2.4 KiB a story, and over 200 MiB at 100,000) stayed
    in memory beside the postings."""

    def __init__(self) -> None:
        self.file = tempfile.TemporaryFile(prefix="site-builder-docs-")
        self.ends = [0]  # byte offsets: document i is ends[i]:ends[i + 1]

    def extend(self, docs: list[str]) -> None:
        data = [doc.encode("utf-8") for doc in docs]
        self.file.write(b"".join(data))
        for one in data:
            self.ends.append(self.ends[-1] + len(one))

    def __getitem__(self, number: int) -> str:
        if not 0 <= number < len(self):
            raise KeyError(number)
        self.file.flush()
        start = self.ends[number]
        return os.pread(self.file.fileno(), self.ends[number + 1] - start, start).decode("utf-8")

    def __contains__(self, number: object) -> bool:
        return isinstance(number, int) and 0 <= number < len(self)

    def __iter__(self) -> Iterator[int]:
        return iter(range(len(self)))

    def __len__(self) -> int:
        return len(self.ends) - 1


@dataclass
class _Vocabulary:
    """The tokens seen so far: the words (a set) and the gram codes (sorted unique
    arrays, merged now and then so that the pending ones stay few)."""

    words: set = field(default_factory=set)
    codes: np.ndarray = field(default_factory=lambda: np.zeros(0, np.int64))
    pending: list = field(default_factory=list)

    def add(self, words: list[str], codes: np.ndarray) -> None:
        self.words.update(words)
        self.pending.append(codes)
        if sum(len(c) for c in self.pending) > max(len(self.codes), 1 << 20):
            self.merge()

    def merge(self) -> np.ndarray:
        if self.pending:
            self.codes = sorted_unique(np.concatenate([self.codes, *self.pending]))
            self.pending = []
        return self.codes


def _spill_batch(spill: _Spill, batch, vocabulary: _Vocabulary) -> tuple[int, list[str]]:
    """One batch's entries into `spill`, by batch-local token numbers: per document
    the count of its word entries and of its gram entries, then the words' local
    numbers and f, the batch's gram codes (unique) and the grams' local numbers and f.
    Entries come doc by doc. Returns the batch's entry count and its words, sorted."""
    local_words = sorted({token for mine in batch.words for token in mine})
    number = {token: i for i, token in enumerate(local_words)}
    word_tok = np.fromiter((number[t] for mine in batch.words for t in mine), dtype=np.int32)
    word_f = np.fromiter((f for mine in batch.words for f in mine.values()), dtype=np.int32)
    word_counts = np.fromiter((len(mine) for mine in batch.words), dtype=np.int64)
    codes = sorted_unique(batch.gram_code)
    gram_tok = np.searchsorted(codes, batch.gram_code).astype(np.int32)
    gram_counts = np.bincount(batch.gram_doc, minlength=len(batch.words))
    spill.write(word_counts, gram_counts, word_tok, word_f, codes, gram_tok,
                batch.gram_f.astype(np.int32))
    vocabulary.add(local_words, codes)
    return len(word_tok) + len(gram_tok), local_words


def _local_batches(spill: _Spill, words: list[str], codes: np.ndarray,
                   batch_words: list[list[str]]) -> Iterator[tuple[np.ndarray, ...]]:
    """The spilled batches read back in order: (global token id, f, per-document entry
    counts) of each batch's entries, words first then grams, each doc by doc."""
    word_id = {token: i for i, token in enumerate(words)}
    spill.rewind()
    for local_words in batch_words:
        word_counts, gram_counts = spill.read(), spill.read()
        word_tok, word_f = spill.read(), spill.read()
        batch_codes, gram_tok, gram_f = spill.read(), spill.read(), spill.read()
        word_global = np.array([word_id[t] for t in local_words], dtype=np.int64)
        gram_global = np.searchsorted(codes, batch_codes) + len(words)
        yield (np.concatenate((word_global[word_tok], gram_global[gram_tok])),
               np.concatenate((word_f, gram_f)), word_counts, gram_counts)


def _place(tok: np.ndarray, f: np.ndarray, doc: np.ndarray, cursor: np.ndarray,
           out_doc: np.ndarray, out_f: np.ndarray) -> None:
    """A batch's entries (doc ascending within each token) into their places in the
    (token, doc) order: after the entries of the earlier batches (`cursor`: where each
    token's next entry goes, moved on past these)."""
    order = np.argsort(tok, kind="stable")
    tok = tok[order]
    first = np.empty(len(tok), dtype=bool)
    first[:1] = True
    np.not_equal(tok[1:], tok[:-1], out=first[1:])
    starts = np.flatnonzero(first)
    runs = np.diff(np.append(starts, len(tok)))
    rank = np.arange(len(tok), dtype=np.int64) - np.repeat(starts, runs)
    at = cursor[tok] + rank
    out_doc[at] = doc[order]
    out_f[at] = f[order]
    cursor[tok[starts]] += runs


def cold_state(canon: list[Article], urls: list[str], keys: list[str],
                names: Mapping[str, str]) -> IndexState:
    """Every document tokenised, BATCH_DOCS at a time. Each batch's entries wait on
    disk (batch-local token numbers, 8 bytes an entry) until the vocabulary is known;
    then they are counted and placed batch by batch into the (token, doc) order, so
    the index's memory is its final arrays and one batch."""
    spill = _Spill()
    try:
        vocabulary = _Vocabulary()
        docs = SpilledDocs()
        lengths: list[int] = []
        batch_words: list[list[str]] = []
        starts: list[int] = []
        total = 0
        for start, batch in batches(canon, urls, names):
            entries, local_words = _spill_batch(spill, batch, vocabulary)
            total += entries
            batch_words.append(local_words)
            starts.append(start)
            docs.extend(batch.docs)
            lengths += batch.lengths
        words, codes = sorted(vocabulary.words), vocabulary.merge()
        del vocabulary
        counts = np.zeros(len(words) + len(codes), dtype=np.int64)
        for tok, _, _, _ in _local_batches(spill, words, codes, batch_words):
            counts += np.bincount(tok, minlength=len(counts))
        bounds = np.concatenate(([0], np.cumsum(counts))).astype(np.int64)
        del counts
        cursor = bounds[:-1].copy()
        out_doc = np.empty(total, dtype=np.int32)
        out_f = np.empty(total, dtype=np.int32)
        for start, (tok, f, word_counts, gram_counts) in zip(
                starts, _local_batches(spill, words, codes, batch_words)):
            number = np.arange(start, start + len(word_counts), dtype=np.int32)
            doc = np.concatenate((np.repeat(number, word_counts), np.repeat(number, gram_counts)))
            _place(tok, f, doc, cursor, out_doc, out_f)
    finally:
        spill.close()
    hashes = np.concatenate((word_hashes(words), gram_hashes(codes)))
    postings = Postings(words, codes, hashes, bounds, out_doc, out_f)
    return IndexState(keys, docs, np.array(lengths, dtype=np.int64), postings)


REFINE_LIMIT = 50000  # more touched tokens than this: all their shards count as changed


@dataclass(frozen=True)
class Update:
    state: IndexState
    changed: np.ndarray     # int64: the hashes of the tokens whose lists changed or went
    retokened: np.ndarray   # int64: the hashes of the tokens that came or went


@dataclass(frozen=True)
class _Kept:
    """The old entries of the documents that stay, under their new numbers."""

    doc: np.ndarray         # int32 per entry, in the old (token, doc) order
    f: np.ndarray           # int32 per entry
    counts: np.ndarray      # int64 per old token: its entries left
    touched: np.ndarray     # bool per old token: some entry of it went or was renumbered
    whole: bool = False     # every old document kept, under its old number
    # an edit's: the positions of the entries that went, still in `doc` and `f` (the old
    # arrays as they are: spliced() takes them out as it merges the new ones in)
    dropped: np.ndarray | None = None


def _kept(p: Postings, new_of_old: np.ndarray) -> _Kept:
    stay = np.flatnonzero(new_of_old >= 0)
    if len(stay) == len(new_of_old) and np.array_equal(new_of_old, stay):
        # every document stays where it was (a new day's page): the arrays as they are
        return _Kept(p.doc, p.f, p.counts(), np.zeros(len(p), dtype=bool), whole=True)
    if np.array_equal(new_of_old[stay], stay):
        # nothing renumbered (an edit): only the entries of documents that went move
        doc = p.doc
        moved = dropped = np.flatnonzero(np.isin(p.doc, np.flatnonzero(new_of_old < 0)))
    else:
        doc = new_of_old[p.doc]
        moved = np.flatnonzero(doc != p.doc)
        dropped = moved[doc[moved] < 0]
    touched = np.zeros(len(p), dtype=bool)
    touched[np.searchsorted(p.bounds, moved, side="right") - 1] = True
    counts = p.counts() - np.bincount(np.searchsorted(p.bounds, dropped, side="right") - 1,
                                      minlength=len(p))
    if doc is p.doc and len(dropped) <= SPLICE_LIMIT:
        return _Kept(doc, p.f, counts, touched, dropped=dropped)
    # np.delete: a boolean mask over millions of entries is many times slower
    return _Kept(np.delete(doc, dropped), np.delete(p.f, dropped), counts, touched)


@dataclass(frozen=True)
class _Fresh:
    """The entries of the new documents, by their new numbers."""

    codes: np.ndarray                   # int64 per gram entry
    gram_doc: np.ndarray                # int64
    gram_f: np.ndarray                  # int64
    words: list[tuple[str, int, int]]   # (token, doc, f) of the other tokens
    docs: dict[int, tuple[str, int]]    # doc number -> (its JSON, its length)


def _fresh(canon: list[Article], urls: list[str], fresh: list[int],
           names: Mapping[str, str]) -> _Fresh:
    made = list(batches([canon[i] for i in fresh], [urls[i] for i in fresh], names))
    number = np.array(fresh, dtype=np.int64)
    empty = [np.zeros(0, dtype=np.int64)]
    return _Fresh(
        np.concatenate([b.gram_code for _, b in made] or empty),
        np.concatenate([number[b.gram_doc + s] for s, b in made] or empty),
        np.concatenate([b.gram_f for _, b in made] or empty),
        [(token, fresh[s + i], f) for s, b in made for i, mine in enumerate(b.words)
         for token, f in mine.items()],
        {fresh[s + i]: entry for s, b in made for i, entry in enumerate(zip(b.docs, b.lengths))})


def _vocabulary(p: Postings, alive: np.ndarray, fresh: _Fresh
                ) -> tuple[list[str], np.ndarray, np.ndarray]:
    """(words, codes) of the old tokens still in use and the new documents' tokens, and
    each old token's new id (-1: gone). Ids keep their order: the old ones stay sorted."""
    old_words = len(p.words)
    alive_words = [w for w, a in zip(p.words, alive[:old_words].tolist()) if a]
    words = sorted(set(alive_words).union(token for token, _, _ in fresh.words))
    alive_codes = p.codes[alive[old_words:]]
    unseen = sorted_unique(fresh.codes)
    if len(alive_codes):
        known = np.minimum(np.searchsorted(alive_codes, unseen), len(alive_codes) - 1)
        unseen = unseen[alive_codes[known] != unseen]
    codes = np.insert(alive_codes, np.searchsorted(alive_codes, unseen), unseen)
    word_id = {token: i for i, token in enumerate(words)}
    new_id = np.full(len(p), -1, dtype=np.int64)
    new_id[np.flatnonzero(alive[:old_words])] = [word_id[w] for w in alive_words]
    new_id[old_words + np.flatnonzero(alive[old_words:])] = \
        np.searchsorted(codes, alive_codes) + len(words)
    return words, codes, new_id


def updated_state(old: IndexState, canon: list[Article], urls: list[str], keys: list[str],
                  names: Mapping[str, str]) -> Update | None:
    """The new state from the old one: the entries of the documents that went are
    dropped, the others renumbered (their order is kept: a kept document's article, so
    its sort key, is unchanged) and the new documents' entries merged in. None when so
    many documents are new that tokenising them all is as quick."""
    new_of_old, fresh = _renumbering(old.keys, keys)
    if len(fresh) * 4 > len(keys):
        return None
    p = old.postings
    kept = _kept(p, new_of_old)
    made = _fresh(canon, urls, fresh, names)
    alive = kept.counts > 0
    words, codes, new_id = _vocabulary(p, alive, made)
    old_alive = np.flatnonzero(alive)
    new_alive = new_id[old_alive]                  # ascending
    size = len(words) + len(codes)
    tok, doc, f = _fresh_entries(made, words, codes)
    counts = np.zeros(size, dtype=np.int64)
    counts[new_alive] = kept.counts[old_alive]
    fresh_counts = np.bincount(tok, minlength=size)
    new_token = np.ones(size, dtype=bool)
    new_token[new_alive] = False
    hashes = np.zeros(size, dtype=np.int64)
    hashes[new_alive] = p.hashes[old_alive]
    hashes[new_token] = np.concatenate((
        word_hashes([w for w, n in zip(words, new_token[:len(words)].tolist()) if n]),
        gram_hashes(codes[new_token[len(words):]])))
    postings = Postings(words, codes, hashes,
                        np.concatenate(([0], np.cumsum(counts + fresh_counts))),
                        *_merged(p, kept, counts, (tok, doc, f), old_alive, new_alive))
    lengths = _lengths(old, new_of_old, fresh, made, len(keys))
    # The tokens whose lists may differ: the old ones with moved or dropped entries and
    # the new documents'. Those whose entries are all the same are left out when few.
    candidates = np.union1d(new_id[np.flatnonzero(kept.touched & alive)],
                            np.flatnonzero(fresh_counts))
    if len(candidates) > REFINE_LIMIT or kept.whole:
        # (with every old entry kept, each candidate's list gained entries: it changed)
        changed = candidates
    else:
        at_old = np.minimum(np.searchsorted(new_alive, candidates), max(len(new_alive) - 1, 0))
        changed = np.array([t for t, k in zip(candidates.tolist(), at_old.tolist())
                            if new_token[t] or not _same_list(p, int(old_alive[k]), postings, t)],
                           dtype=np.int64)
    return Update(IndexState(keys, {i: made.docs[i][0] for i in fresh}, lengths, postings),
                  np.concatenate((p.hashes[~alive], hashes[changed])),
                  np.concatenate((p.hashes[~alive], hashes[new_token])))


# Most values inserted() splices in one by one; more go through np.insert.
SPLICE_LIMIT = 50000


def _merged(p: Postings, kept: _Kept, counts: np.ndarray,
            fresh: tuple[np.ndarray, np.ndarray, np.ndarray], old_alive: np.ndarray,
            new_alive: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The new postings' doc and f arrays: the kept entries (`counts` per new token)
    with the `fresh` ones (token, doc, f, in (token, doc) order) merged in; an edit's
    in one copy of the old arrays (spliced), instead of a copy without the entries
    that went and another with the new ones (~0.1 s a build: 60 MB of each)."""
    tok, doc, f = fresh
    doc32, f32 = doc.astype(np.int32), f.astype(np.int32)
    if kept.dropped is None:
        at = _positions(kept.doc, counts, tok, doc)
        return inserted(kept.doc, at, doc32), inserted(kept.f, at, f32)
    at = _old_positions(p, tok, doc, old_alive, new_alive)
    return spliced(kept.doc, kept.dropped, at, doc32), spliced(kept.f, kept.dropped, at, f32)


def spliced(array: np.ndarray, dropped: np.ndarray, at: np.ndarray,
            values: np.ndarray) -> np.ndarray:
    """`array` without the entries at `dropped` (ascending) and with `values` put in,
    each before array[at[i]] (`at` ascending, positions of `array` itself; len(array):
    at the end): the pieces between them joined in one np.concatenate."""
    where = np.concatenate((at, dropped)).astype(np.int64)
    positions = where.tolist()
    count, pieces, start = len(at), [], 0
    for k in np.argsort(where, kind="stable").tolist():  # (a value before a drop there)
        position = positions[k]
        if position > start:
            pieces.append(array[start:position])
            start = position
        if k < count:
            pieces.append(values[k:k + 1])
        else:
            start = position + 1
    pieces.append(array[start:])
    return np.concatenate(pieces).astype(array.dtype, copy=False)


def _old_positions(p: Postings, tok: np.ndarray, doc: np.ndarray, old_alive: np.ndarray,
                   new_alive: np.ndarray) -> np.ndarray:
    """Where each new entry goes (see spliced), in the positions of the old arrays with
    the entries that went still in them, for an edit (no document renumbered): a kept
    token's among its old entries, by doc; a new token's where the next kept token's
    begin (the entries between are of tokens that went)."""
    firsts = np.flatnonzero(np.diff(tok, prepend=-1))
    lasts = np.append(firsts[1:], len(tok)).tolist()
    tokens = tok[firsts]
    nearest = np.searchsorted(new_alive, tokens).tolist()
    starts = np.append(p.bounds[old_alive], p.bounds[-1]).tolist()
    ends, kept_ids = p.bounds[old_alive + 1].tolist(), new_alive.tolist()
    at = np.empty(len(tok), dtype=np.int64)
    for first, last, token, k in zip(firsts.tolist(), lasts, tokens.tolist(), nearest):
        low = starts[k]
        if k < len(kept_ids) and kept_ids[k] == token:
            at[first:last] = low + np.searchsorted(p.doc[low:ends[k]], doc[first:last])
        else:
            at[first:last] = low
    return at


def inserted(array: np.ndarray, at: np.ndarray, values: np.ndarray) -> np.ndarray:
    """np.insert(array, at, values) for positions `at` in ascending order: the pieces
    between them joined with the values in one np.concatenate. np.insert fills a
    boolean mask of the whole array (0.1 s for each of the millions of entries' two
    arrays, every edit); a few thousand values come in at a tenth of that."""
    if len(values) > SPLICE_LIMIT or len(at) != len(values) or \
            (len(at) > 1 and bool(np.any(at[1:] < at[:-1]))):
        return np.insert(array, at, values)
    pieces, start = [], 0
    for i, position in enumerate(at.tolist()):
        pieces += [array[start:position], values[i:i + 1]]
        start = position
    pieces.append(array[start:])
    return np.concatenate(pieces).astype(array.dtype, copy=False)


def _renumbering(old_keys: list[str], keys: list[str]) -> tuple[np.ndarray, list[int]]:
    """Each old document's new number (-1: gone), and the new documents' numbers."""
    number = {key: i for i, key in enumerate(old_keys)}
    new_of_old = np.full(len(old_keys), -1, dtype=np.int32)
    fresh: list[int] = []
    for i, key in enumerate(keys):
        j = number.get(key)
        if j is None:
            fresh.append(i)
        else:
            new_of_old[j] = i
    return new_of_old, fresh


def _fresh_entries(made: _Fresh, words: list[str], codes: np.ndarray
                   ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The new documents' entries as (token id, doc, f) arrays, by (token, doc)."""
    word_id = {token: i for i, token in enumerate(words)}
    tok = np.concatenate((np.array([word_id[t] for t, _, _ in made.words], dtype=np.int64),
                          np.searchsorted(codes, made.codes) + len(words)))
    doc = np.concatenate((np.array([d for _, d, _ in made.words], dtype=np.int64),
                          made.gram_doc))
    f = np.concatenate((np.array([v for _, _, v in made.words], dtype=np.int64), made.gram_f))
    order = np.lexsort((doc, tok))
    return tok[order], doc[order], f[order]


def _positions(kept_doc: np.ndarray, counts: np.ndarray, tok: np.ndarray,
               doc: np.ndarray) -> np.ndarray:
    """Where each new entry goes among the kept ones (both in (token, doc) order; the
    kept entries of token t are `counts[t]` long), found per token."""
    kept_bounds = np.concatenate(([0], np.cumsum(counts)))
    firsts = np.flatnonzero(np.diff(tok, prepend=-1))
    lasts = np.append(firsts[1:], len(tok))
    at = np.empty(len(tok), dtype=np.int64)
    for first, last, token in zip(firsts.tolist(), lasts.tolist(), tok[firsts].tolist()):
        low, high = kept_bounds[token], kept_bounds[token + 1]
        at[first:last] = low + np.searchsorted(kept_doc[low:high], doc[first:last])
    return at


def _lengths(old: IndexState, new_of_old: np.ndarray, fresh: list[int], made: _Fresh,
             count: int) -> np.ndarray:
    """The documents' lengths: the kept documents' at their new numbers, the new ones'
    at theirs."""
    stay = np.flatnonzero(new_of_old >= 0)
    lengths = np.zeros(count, dtype=np.int64)
    lengths[new_of_old[stay]] = old.lengths[stay]
    for i in fresh:
        lengths[i] = made.docs[i][1]
    return lengths


def _same_list(a: Postings, i: int, b: Postings, j: int) -> bool:
    """Token a[i]'s entries are token b[j]'s."""
    one, two = slice(a.bounds[i], a.bounds[i + 1]), slice(b.bounds[j], b.bounds[j + 1])
    return bool(np.array_equal(a.doc[one], b.doc[two]) and np.array_equal(a.f[one], b.f[two]))

