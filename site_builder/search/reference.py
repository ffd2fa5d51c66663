"""The reference ranking that static/search.js implements, over what the index files
hold: the tests check that both give the same results with the same integer scores.
"""
from __future__ import annotations

import base64
import json
import math
from collections import abc
from dataclasses import dataclass
from typing import Callable, Iterable, Iterator, Mapping

import numpy as np

from ..models import Article
from . import files
from .files import B, K1, WEIGHT_SCALE, idf_table, kept_entries, meta_data, shard_count
from .postings import Postings, cold_state, doc_keys, numbered
from .tokens import FILTERS, TERM_UNIT, Doc, QueryTerm, parse_query

class _Lists(abc.Mapping):
    """token -> [(doc, f)], the entries the files hold (a cut list: its kept ones)."""

    def __init__(self, postings: Postings) -> None:
        self.postings = postings

    def __getitem__(self, token: str) -> list[tuple[int, int]]:
        i = self.postings.id(token)
        if i is None:
            raise KeyError(token)
        at = kept_entries(self.postings, token, i)
        return list(zip(self.postings.doc[at].tolist(), self.postings.f[at].tolist()))

    def __contains__(self, token) -> bool:
        return isinstance(token, str) and self.postings.id(token) is not None

    def __iter__(self) -> Iterator[str]:
        return (self.postings.token(i) for i in range(len(self.postings)))

    def __len__(self) -> int:
        return len(self.postings)


@dataclass(frozen=True)
class SearchIndex:
    """What the files hold, for rank()."""

    docs: tuple[Doc, ...]
    postings: Mapping[str, list[tuple[int, int]]]  # token -> [(doc, f)], by doc
    truncated: Mapping[str, int]                   # cut tokens -> their document frequency
    lengths: tuple[int, ...]                       # per document
    idf: Mapping[int, float]                       # document frequency -> idf (stats.js)
    tags: tuple[tuple[str, str, int], ...]         # (slug, name, count)
    years: tuple[tuple[str, int], ...]             # (year, count), newest first
    shards: int                                    # the number of shard files

    def df(self, token: str) -> int:
        return self.truncated.get(token) or len(self.postings.get(token, ()))


def build_index(articles: Iterable[Article], article_url: Callable[[Article], str],
                tag_names: Mapping[str, str] | None = None) -> SearchIndex:
    """The index the files of iter_search_files hold; pure and deterministic."""
    names = dict(tag_names or {})
    canon = numbered(articles)
    urls = [article_url(a) for a in canon]
    state = cold_state(canon, urls, doc_keys(canon, urls, names, {}), names)
    p = state.postings
    counts = p.counts()
    truncated = {}
    for i in np.flatnonzero(counts > files.MAX_POSTINGS).tolist():
        token = p.token(i)
        if len(kept_entries(p, token, i)) < counts[i]:
            truncated[token] = int(counts[i])
    meta = meta_data(canon, names, 1, 1)
    return SearchIndex(
        docs=tuple(Doc(d[0], d[1], d[2], d[3], tuple(d[4]), tuple(d[5]), d[6])
                   for d in map(json.loads, (state.docs[i] for i in range(len(canon))))),
        postings=_Lists(p), truncated=truncated, lengths=tuple(state.lengths.tolist()),
        idf=dict(idf_table(state)), tags=tuple(tuple(t) for t in meta["tags"]),
        years=tuple(tuple(y) for y in meta["years"]), shards=shard_count(len(p.doc)))


def load_index(texts: Mapping[str, str]) -> SearchIndex:
    """The index as its files hold it ({path: text}, e.g. build_search_files' or a built
    site's search/ folder read back), decoded: what the browser ranks over."""
    decoded: dict[str, list] = {}
    for path in sorted(texts):
        kind, number, data = files.decode(texts[path])
        decoded.setdefault(kind, []).append((number, data))
    (_, meta), = decoded["meta"]
    (_, stats), = decoded["stats"]
    postings: dict[str, list[tuple[int, int]]] = {}
    truncated: dict[str, int] = {}
    for _, shard in sorted(decoded.get("shard", [])):
        values = np.frombuffer(base64.b64decode(shard["data"]), dtype="<i4").tolist()
        start = 0
        for token, end in zip(shard["tokens"], shard["ends"]):
            postings[token] = list(zip(values[start:end:2], values[start + 1:end:2]))
            start = end
        truncated.update((token, df) for token, df in shard["truncated"])
    docs = [d for _, chunk in sorted(decoded.get("docs", [])) for d in chunk]
    return SearchIndex(
        docs=tuple(Doc(d[0], d[1], d[2], d[3], tuple(d[4]), tuple(d[5]), d[6]) for d in docs),
        postings=postings, truncated=truncated, lengths=tuple(stats["lengths"]),
        idf={df: value for df, value in stats["idf"]},
        tags=tuple(tuple(t) for t in meta["tags"]), years=tuple(tuple(y) for y in meta["years"]),
        shards=meta["shards"])


def weight(token: str, f: int, df: int, length: int, average: float,
           idf: Mapping[int, float]) -> int:
    """One entry's score, computed as static/search.js does: the same double operations
    in the same order on the same values, rounded half up, so the same integer."""
    if token.startswith(FILTERS):
        return 0
    if token.startswith("="):
        value = idf[df] * WEIGHT_SCALE * f / TERM_UNIT
    else:
        norm = K1 * (1 - B + B * length / average)
        value = idf[df] * WEIGHT_SCALE * f * (K1 + 1) / (f + norm)
    return max(1, math.floor(value + 0.5))


def average_length(lengths: tuple[int, ...]) -> float:
    total = sum(lengths)  # integers: exact, as the browser's sum of them
    return total / len(lengths) if lengths and total else 1.0


@dataclass(frozen=True)
class Result:
    doc: int
    score: int


def rank(index: SearchIndex, query: str, tag: str | None = None,
         year: str | None = None) -> tuple[list[Result], bool]:
    """The reference ranking that static/search.js implements: (results, every word matched).

    A document matches a word when it has the word's whole-term token or every one of
    its grams (except truncated ones); it must match every word. When none does, the
    documents that match some grams are returned with `False`.
    """
    terms = parse_query(query)
    filters = ([f"tag:{tag}"] if tag else []) + ([f"year:{year}"] if year else [])
    allowed: set[int] | None = None
    for token in filters:
        docs = {d for d, _ in index.postings.get(token, [])}
        allowed = docs if allowed is None else allowed & docs
    if not terms:
        if allowed is None:
            return [], True
        return [Result(d, 0) for d in sorted(allowed, reverse=True)], True
    average = average_length(index.lengths)
    scores: dict[int, int] = {}
    for token in dict.fromkeys(t for term in terms for t in (*term.grams, term.key)):
        df = index.df(token)
        for doc, f in index.postings.get(token, []):
            scores[doc] = scores.get(doc, 0) + weight(token, f, df, index.lengths[doc],
                                                      average, index.idf)

    def has(token: str) -> set[int]:
        return {d for d, _ in index.postings.get(token, [])}

    def matches(term: QueryTerm) -> set[int]:
        required = [g for g in term.grams if g not in index.truncated]
        grams = set.intersection(*(has(g) for g in required)) if required else \
            set().union(*(has(g) for g in term.grams))
        return grams | has(term.key)

    exact = set.intersection(*(matches(t) for t in terms))
    if allowed is not None:
        exact &= allowed
    candidates = exact or (set(scores) if allowed is None else set(scores) & allowed)
    results = sorted((Result(d, scores[d]) for d in candidates), key=lambda r: (-r.score, -r.doc))
    return results, bool(exact)

