"""The search index's files: encoded from the postings (and decoded back, for the
reference ranker and the tests), only those whose contents changed made again.

Files (relative to the site root):
  search/meta.js          counts, shard and chunk sizes, the tag and year lists for filters,
                          the ranking's constants (k1, b, scale, termUnit)
  search/shard-NN.js      the posting lists of the tokens whose stable hash falls in that
                          shard (a query loads only its own), as {tokens, ends, data,
                          truncated}: `data` is base64 of little-endian int32 values
                          (doc, f, doc, f ...), the list of tokens[i] ending at ends[i];
                          `truncated` lists [token, document frequency] of the tokens whose
                          list was cut to MAX_POSTINGS entries
  search/stats.js         {lengths: every document's length, idf: [[df, idf] ...] for each
                          document frequency in use}, loaded when a query runs
  search/docs-NN.js       the documents (id, title, url, date, tags, places, snippet text) in
                          chunks of DOC_CHUNK, loaded only for the results on screen; the
                          snippet text is the story's whole text (body, the proposals
                          printed apart from it, captions) up to SNIPPET_MAX characters,
                          else its lead and the sentences naming its terms, so that the

The files hold per-(token, document) values that depend on that document alone (see
search.tokens); the weights are computed at query time (search.reference.rank and
static/search.js do the same double operations), and documents are numbered from the
oldest (postings.numbered). So an edit rewrites only the shards of the tokens whose
lists changed, stats.js, the edited documents' chunk and meta.js if its counts changed,
and a new day's stories (newer than the others) those of their tokens, stats.js, meta.js
and the last docs chunks (see iter_search_files and its memo).
"""
from __future__ import annotations

import base64
import hashlib
import json
import math
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterator, Mapping

import numpy as np

from ..models import Article
from . import tokens
from .postings import IndexState, Postings, cold_state, doc_keys, numbered, updated_state

# BM25 parameters (the usual defaults) and field boosts.
K1 = 1.2
B = 0.75
WEIGHT_SCALE = 1000          # scores are sums of floor(weight * WEIGHT_SCALE + 0.5)
MAX_POSTINGS = 5000          # longer posting lists keep their largest f (marked truncated)
DOC_CHUNK = 200              # documents per docs-NN.js file
POSTINGS_PER_SHARD = 20000   # target size of a shard; N is a power of two from this
MIN_SHARDS = 2               # even a tiny site exercises on-demand shard loading
MAX_SHARDS = 4096


# ---------------------------------------------------------------- files

def shard_count(entries: int) -> int:
    """A power of two giving shards of about POSTINGS_PER_SHARD of the index's entries."""
    shards = MIN_SHARDS
    while shards < MAX_SHARDS and shards * POSTINGS_PER_SHARD < entries:
        shards *= 2
    return shards


def _width(count: int) -> int:
    return max(2, len(str(max(count - 1, 0))))


def _js(kind: str, number: int, data) -> str:
    return _call(kind, number, tokens.json_text(data))


_CALL_END = b");\n"


def _call(kind: str, number: int, json_text: str) -> str:
    return f"{_call_head(kind, number)}{json_text});\n"


def _call_head(kind: str, number: int) -> str:
    """A file's text up to its data: siteSearchLoad(kind, number, data) ends with
    the data's JSON and _CALL_END."""
    return f"siteSearchLoad({json.dumps(kind)},{number},"


def _idf(df: int, n: int) -> float:
    return math.log(1 + (n - df + 0.5) / (df + 0.5))


def kept_entries(p: Postings, token: str, i: int) -> np.ndarray:
    """The positions of the entries of token i that the files hold: all of them, or for
    a list longer than MAX_POSTINGS (a filter's excepted) the MAX_POSTINGS with the
    largest f, ties to the higher doc number (the newer: see postings.numbered), in doc
    order. Local to the token's list, so the cut does not move when other documents
    change."""
    start, stop = int(p.bounds[i]), int(p.bounds[i + 1])
    if stop - start <= MAX_POSTINGS or token.startswith(tokens.FILTERS):
        return np.arange(start, stop)
    best = np.lexsort((-p.doc[start:stop].astype(np.int64),
                       -p.f[start:stop].astype(np.int64)))[:MAX_POSTINGS]
    return start + np.sort(best)


def _shard_bytes(p: Postings, number: int, ids: np.ndarray,
                 tokens_json: str | None = None) -> tuple[bytes, str]:
    """The file of one shard (its UTF-8 bytes), whose tokens are `ids` (ascending, so in
    string order), and the JSON of its token list: `tokens_json`, that of the last
    build's when the shard holds the same tokens (an addition mostly adds entries to
    tokens already there; the list's strings were most of a shard's time). `data` is
    made in a few array operations: a JSON list of millions of numbers took seconds
    each way. The file is _js("shard", number, {data, ends, tokens, truncated}),
    composed key by key as bytes: its base64, nearly all of it, is never a str (a str
    of it with the tokens' CJK took two bytes a character, and its encoding to UTF-8
    was half of an addition's shards' time)."""
    if tokens_json is None:
        tokens_json = tokens.json_text(p.tokens(ids))
    starts = p.bounds[ids]
    sizes = p.bounds[ids + 1] - starts
    ends = np.cumsum(sizes)
    # every list's positions at once: start of its list + the offset within it
    at = np.repeat(starts - (ends - sizes), sizes) + np.arange(ends[-1] if len(ends) else 0)
    truncated, cut = [], {}
    for k in np.flatnonzero(sizes > MAX_POSTINGS).tolist():
        token = p.token(int(ids[k]))
        kept = kept_entries(p, token, int(ids[k]))
        if len(kept) < sizes[k]:
            truncated.append([token, int(sizes[k])])
            cut[k] = kept
    if cut:  # a cut list's kept entries instead of all of its entries
        at = np.concatenate([cut[k] if k in cut else at[end - size:end] for k, (size, end)
                             in enumerate(zip(sizes.tolist(), ends.tolist()))])
        sizes[list(cut)] = MAX_POSTINGS
        ends = np.cumsum(sizes)
    values = np.empty(2 * len(at), dtype="<i4")
    values[0::2], values[1::2] = p.doc[at], p.f[at]
    # (json_text's keys sorted: data, ends, tokens, truncated)
    return b"".join((
        f'{_call_head("shard", number)}{{"data":"'.encode("ascii"),
        base64.b64encode(values.tobytes()),
        f'","ends":{tokens.json_text((2 * ends).tolist())},"tokens":{tokens_json},'
        f'"truncated":{tokens.json_text(truncated)}}}'.encode("utf-8"), _CALL_END)), tokens_json


def _stats_text(state: IndexState) -> str:
    """Each document's length and the idf of every document frequency of a weighted
    token: the browser takes these doubles as they are (no log of its own)."""
    return _js("stats", 0, {"lengths": state.lengths.tolist(), "idf": idf_table(state)})


def idf_table(state: IndexState) -> list[list]:
    """[document frequency, idf] for each frequency of a weighted (not filter) token."""
    p = state.postings
    weighted = np.ones(len(p), dtype=bool)
    weighted[:len(p.words)] = [not w.startswith(tokens.FILTERS) for w in p.words]
    used = np.zeros(len(state.keys) + 1, dtype=bool)
    used[p.counts()[weighted]] = True
    return [[df, _idf(df, len(state.keys))] for df in np.flatnonzero(used).tolist()]


def _docs_text(number: int, docs: list[str]) -> str:
    return _call("docs", number, "[" + ",".join(docs) + "]")


def _chunk_docs(made: "_Made", start: int, stop: int) -> list[str]:
    """The JSON of documents start:stop: as made this build, else made now (an
    update makes only its new documents')."""
    docs, canon, urls = made.state.docs, made.canon, made.urls
    return [docs[i] if i in docs else tokens.doc_json(canon[i], urls[i])
            for i in range(start, stop)]


def meta_data(canon: list[Article], names: Mapping[str, str], shards: int,
              chunks: int) -> dict:
    """What search/meta.js holds."""
    tag_counts = Counter(t for a in canon for t in dict.fromkeys(a.tags))
    year_counts = Counter(a.date[:4] for a in canon if a.date)
    return {
        "version": 2, "count": len(canon), "shards": shards, "shardWidth": _width(shards),
        "docChunk": DOC_CHUNK, "docChunks": chunks, "docWidth": _width(chunks),
        "tags": [[slug, names.get(slug, slug), tag_counts[slug]] for slug in sorted(tag_counts)],
        "years": [[year, year_counts[year]] for year in sorted(year_counts, reverse=True)],
        "weights": {"k1": K1, "b": B, "scale": WEIGHT_SCALE, "termUnit": tokens.TERM_UNIT}}


def decode(text: str) -> tuple[str, int, object]:
    """(kind, number, data) of an index file's text: the call siteSearchLoad(kind,
    number, data) it makes, read back."""
    prefix = "siteSearchLoad("
    if not (text.startswith(prefix) and text.endswith(");\n")):
        raise ValueError("not a search index file")
    kind, rest = json.JSONDecoder().raw_decode(text, len(prefix))
    number, rest = json.JSONDecoder().raw_decode(text, rest + 1)
    data, end = json.JSONDecoder().raw_decode(text, rest + 1)
    if text[end:] != ");\n":
        raise ValueError("not a search index file")
    return kind, number, data


def _package_digest() -> str:
    """The search package's sources: the memo's layout and contents are theirs."""
    folder = Path(__file__).resolve().parent
    return hashlib.sha256(b"".join(path.read_bytes() for path in sorted(folder.glob("*.py"))
                                   )).hexdigest()


_SOURCE_DIGEST = _package_digest()


def _memo_format() -> tuple:
    """What a memo's contents depend on besides the documents: this package's code and
    the constants tests may change. A memo made otherwise is not used."""
    return ("search", _SOURCE_DIGEST, tokens.TITLE_WEIGHT,
            tuple(sorted(tokens.TERM_BOOSTS.items())), MAX_POSTINGS, DOC_CHUNK,
            POSTINGS_PER_SHARD, MIN_SHARDS, MAX_SHARDS, tokens.BATCH_DOCS)


def build_search_files(articles: list[Article], article_url: Callable[[Article], str],
                       tag_names: Mapping[str, str] | None = None,
                       memo: dict | None = None) -> dict[str, str]:
    """{path under _site: file text} for the whole search index (iter_search_files)."""
    files: dict[str, str] = {}
    for file in iter_search_files(articles, article_url, tag_names, memo):
        assert file.text is not None  # nothing is reusable without `reusable`
        files[file.path] = file.text
    return files


@dataclass(frozen=True)
class SearchFile:
    """One file of the index: its path under the site root, the SHA-256 (hex) of its
    bytes, and its bytes (UTF-8; None: the caller's old site holds exactly that file)."""

    path: str
    digest: str
    data: bytes | None

    @property
    def text(self) -> str | None:
        return self.data.decode("utf-8") if self.data is not None else None


@dataclass(frozen=True)
class _Made:
    """The documents and postings of this build, and the shards whose lists may differ
    from the last build's (all of them without a usable memo)."""

    canon: list[Article]
    urls: list[str]
    names: dict[str, str]
    state: IndexState
    old_keys: list[str] | None  # the last build's documents (keys), when updated from it
    shards: int
    changed: np.ndarray  # bool per shard
    # per shard: the JSON of its token list when it holds the last build's tokens, else None
    tokens_json: list[str | None]


def _make_state(articles: list[Article], article_url: Callable[[Article], str],
                names: dict[str, str], memo: dict | None,
                article_digests: Mapping[str, str]) -> _Made:
    canon = numbered(articles)
    urls = [article_url(a) for a in canon]
    keys = doc_keys(canon, urls, names, article_digests)
    old_shards = memo.get("shards") if memo else None
    old = IndexState.from_memo(memo) if memo and memo.get("format") == _memo_format() else None
    old_tokens = memo.get("shard_tokens") if old else None
    old_keys = old.keys if old else None
    if memo is not None:
        memo.clear()  # so that the old state is freed as soon as the new one is made
    update = updated_state(old, canon, urls, keys, names) if old else None
    del old
    state = update.state if update else cold_state(canon, urls, keys, names)
    shards = shard_count(len(state.postings.doc))
    changed = np.ones(shards, dtype=bool)
    tokens_json: list[str | None] = [None] * shards
    if update and old_shards == shards:
        changed[:] = False
        changed[update.changed % shards] = True
        if old_tokens is not None and len(old_tokens) == shards:
            retokened = np.zeros(shards, dtype=bool)
            retokened[update.retokened % shards] = True
            tokens_json = [None if retokened[n] else text for n, text in enumerate(old_tokens)]
    return _Made(canon, urls, names, state, old_keys if update else None, shards, changed,
                 tokens_json)


class _Files:
    """Makes each file, or names it reusable: `old` digests are the last build's."""

    def __init__(self, old: Mapping[str, str],
                 reusable: Callable[[str, str], bool] | None) -> None:
        self.old, self.reusable = old, reusable
        self.digests: dict[str, str] = {}

    def file(self, path: str, make: Callable[[], str | bytes], unchanged: bool) -> SearchFile:
        """The file at `path`; `make()` (called here, if at all) gives its text, or its
        UTF-8 bytes."""
        old, reusable = self.old.get(path), self.reusable
        if unchanged and old is not None and reusable is not None and reusable(path, old):
            self.digests[path] = old
            return SearchFile(path, old, None)
        made = make()
        # (hashed and written: ~80 MB when every shard changed)
        data = made if isinstance(made, bytes) else made.encode("utf-8")
        digest = self.digests[path] = hashlib.sha256(data).hexdigest()
        if not unchanged and digest == old and reusable is not None and reusable(path, digest):
            return SearchFile(path, digest, None)
        return SearchFile(path, digest, data)


def iter_search_files(articles: list[Article], article_url: Callable[[Article], str],
                      tag_names: Mapping[str, str] | None = None,
                      memo: dict | None = None,
                      save_memo: Callable[[dict], None] | None = None,
                      reusable: Callable[[str, str], bool] | None = None,
                      article_digests: Mapping[str, str] | None = None
                      ) -> Iterator[SearchFile]:
    """Every file of the index, sorted by path. A file's text is None only when
    `reusable(path, digest)` returned True: the caller's old site still holds exactly
    that file (the caller then hard-links it).

    `article_url(article)` is the article page's URL relative to the site root
    (e.g. 'articles/x.html'); `tag_names` maps tag slugs to their Chinese names so
    that the filter list is readable and the names are searchable.

    `memo` is a dict the caller keeps between builds (empty at first). It holds the
    index's postings and each file's digest, so that a build after a few articles
    changed tokenises only those and re-encodes only the shards whose lists changed
    (the others are known by their digests: reusable() is asked about them). When all
    files have been made it holds this build's state, and `save_memo(memo)` is called.
    The files are the same whether a memo was used or not. `article_digests` (article
    id -> content.digest(article)), where known, spare hashing the articles again.
    """
    files = _Files(memo.get("digests", {}) if memo else {}, reusable)
    made = _make_state(articles, article_url, dict(tag_names or {}), memo,
                       article_digests or {})
    state, shards, p = made.state, made.shards, made.state.postings
    chunks = max(1, math.ceil(len(made.canon) / DOC_CHUNK))
    old_keys = made.old_keys
    for number in range(chunks):
        start, stop = number * DOC_CHUNK, min((number + 1) * DOC_CHUNK, len(made.canon))
        # the same documents (keys) as the last build's chunk, cut at its bounds: the same file
        same = old_keys is not None and \
            old_keys[start:start + DOC_CHUNK] == state.keys[start:start + DOC_CHUNK]
        yield files.file(f"search/docs-{number:0{_width(chunks)}d}.js",
                         lambda: _docs_text(number, _chunk_docs(made, start, stop)), same)
    yield files.file("search/meta.js", lambda: _js("meta", 0, meta_data(
        made.canon, made.names, shards, chunks)), False)
    # the tokens of each shard, ids ascending (a stable sort: shard numbers fit 16 bits)
    of_shard = (p.hashes % shards).astype(np.int16)
    order = np.argsort(of_shard, kind="stable")
    ends = np.cumsum(np.bincount(of_shard, minlength=shards)).tolist()
    shard_tokens = made.tokens_json

    def shard(number: int, ids: np.ndarray) -> bytes:
        data, shard_tokens[number] = _shard_bytes(p, number, ids, shard_tokens[number])
        return data

    for number in range(shards):
        ids = order[(ends[number - 1] if number else 0):ends[number]]
        yield files.file(f"search/shard-{number:0{_width(shards)}d}.js",
                         lambda: shard(number, ids), not made.changed[number])
    yield files.file("search/stats.js", lambda: _stats_text(state), False)
    if memo is not None:
        # (a shard not made again keeps its tokens, when they were known; the next build
        # makes again the JSON of those that are not)
        memo.update(state.memo(), format=_memo_format(), shards=shards, digests=files.digests,
                    shard_tokens=shard_tokens)
        if save_memo is not None:
            save_memo(memo)
