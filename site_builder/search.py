"""The browser's search index, written as JavaScript files loaded by <script> tags.

Why script files: fetch/XHR is blocked on file://, but a classic <script src> works
there, so every index file is a call to the global `siteSearchLoad(kind, number, data)`
that static/search.js defines before it injects them.

Files (relative to the site root):
  search/meta.js          counts, shard and chunk sizes, the tag and year lists for filters
  search/shard-NN.js      the posting lists (doc, weight, doc, weight ...) of the tokens whose
                          stable hash falls in that shard (a query loads only its own), as
                          {tokens, ends, data: base64 of int32 values, truncated}
  search/docs-NN.js       the documents (title, url, date, tags, places, snippet text) in
                          chunks of DOC_CHUNK, loaded only for the results on screen

Tokens (the same rules are implemented in static/search.js; tests check they agree):
  - CJK runs -> character bigrams (a run of one character -> that character),
  - runs of ASCII letters and digits -> one lowercase token each,
  - "=" + a whole front-matter term (keyword, place, person, tag slug or tag name),
  - "tag:<slug>" and "year:<yyyy>" for the filters (weight 0).
No segmenter is needed in the browser (and jieba is never imported by the render half).

Weights are computed here once, BM25F-style (the title counts TITLE_WEIGHT times), plus
boosts for whole-term matches, and stored as integers so the browser's sums are exact and
its ranking equals `rank()` below.
"""
from __future__ import annotations

import base64
import ctypes
import functools
import hashlib
import json
import math
import re
from collections import Counter, abc, defaultdict
from dataclasses import dataclass
from typing import Callable, Iterable, Iterator, Mapping

import numpy as np

from .models import Article

# BM25 parameters (the usual defaults) and field boosts.
K1 = 1.2
B = 0.75
TITLE_WEIGHT = 3.0           # a title occurrence counts as this many body occurrences
TERM_BOOSTS = {"title": 2.0, "tag": 2.5, "place": 2.0, "person": 2.0, "keyword": 1.5}
WEIGHT_SCALE = 1000          # weights are stored as round(weight * WEIGHT_SCALE)
MAX_POSTINGS = 5000          # longer posting lists keep their best entries (marked truncated)
DOC_CHUNK = 200              # documents per docs-NN.js file
POSTINGS_PER_SHARD = 20000   # target size of a shard; N is a power of two from this
MIN_SHARDS = 2               # even a tiny site exercises on-demand shard loading
MAX_SHARDS = 4096
SNIPPET_LEAD = 160           # characters of the body's start kept for snippets
SNIPPET_EXTRA = 360          # characters of sentences naming front-matter terms
SNIPPET_PROPOSAL = 60        # characters of one deputy's "name（role）：gist" line
SNIPPET_PROPOSALS = 480      # characters of such lines in all
UNTITLED = "（无标题）"        # what the pages show for an article without a title

_FULLWIDTH = {code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F)}
_FULLWIDTH[0x3000] = 0x20
_CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0002fa1f"
_TOKEN_RUN = re.compile(f"[{_CJK}]+|[a-z0-9]+")
_CJK_RUN = re.compile(f"[{_CJK}]+")
# An explicit list, because Python's and JavaScript's \s differ (U+FEFF, U+001C...)
_SPACES = re.compile("[ \t\n\r\f\v\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\ufeff]+")


def normalise(text: str) -> str:
    """Full-width ASCII to half-width, ASCII lowercase. Mirrored exactly in search.js.

    Not NFKC: Python and the browser ship different Unicode versions, and only these
    mappings matter for matching newspaper text.
    """
    return re.sub(r"[A-Z]+", lambda m: m.group(0).lower(), text.translate(_FULLWIDTH))


def tokenise(text: str) -> list[str]:
    """The text's n-gram tokens in order, repeats kept (their count is the term frequency)."""
    tokens: list[str] = []
    for match in _TOKEN_RUN.finditer(normalise(text)):
        run = match.group(0)
        if _CJK_RUN.fullmatch(run):
            tokens.extend([run] if len(run) == 1 else
                          [run[i:i + 2] for i in range(len(run) - 1)])
        else:
            tokens.append(run)
    return tokens


@functools.lru_cache(maxsize=65536)  # the same tags, places and keywords on many articles
def term_key(term: str) -> str:
    """The whole-term token of a front-matter term or of one word of a query."""
    return "=" + _SPACES.sub("", normalise(term))


@dataclass(frozen=True)
class QueryTerm:
    key: str                  # "=" + the whole term
    grams: tuple[str, ...]    # its n-gram tokens, unique, in order


def parse_query(query: str) -> list[QueryTerm]:
    """Whitespace-separated words; each must be matched (by its whole token or all its grams)."""
    terms: list[QueryTerm] = []
    seen: set[str] = set()
    for word in _SPACES.split(normalise(query)):
        grams = tuple(dict.fromkeys(tokenise(word)))
        key = term_key(word)
        if grams and key not in seen:
            seen.add(key)
            terms.append(QueryTerm(key, grams))
    return terms


_MD_PATTERNS = [
    (re.compile(r"!\[([^\]]*)\]\([^)]*\)"), r"\1"),          # images -> alt text
    (re.compile(r"\[([^\]]*)\]\([^)]*\)"), r"\1"),           # links -> their text
    (re.compile(r"^\s{0,3}(#{1,6}|>+|[-*+]|\d+[.)])\s+", re.M), ""),  # heads, quotes, lists
    (re.compile(r"^\s*([-*_]\s*){3,}$", re.M), ""),          # rules
    (re.compile(r"(\*\*|__|\*|`+|~~)"), ""),                # emphasis and code marks
]


def plain_text(markdown: str) -> str:
    """The body's words without Markdown markup, paragraphs joined by single spaces."""
    text = markdown
    for pattern, repl in _MD_PATTERNS:
        text = pattern.sub(repl, text)
    return re.sub(r"\s+", " ", text).strip()


_SENTENCE = re.compile(r"[^。！？!?；;]*[。！？!?；;]?")


def snippet_text(article: Article, body: str) -> str:
    """A short text to cut snippets from: the lead plus sentences naming the article's terms.

    The whole body would make the documents too big to load; the lead alone would miss
    the places and keywords readers search for most.
    """
    lead = body[:SNIPPET_LEAD]
    parts = [lead]
    # A 两会 page quotes many deputies: a reader searching one of them should see that
    # deputy's line, which the lead and the term sentences rarely hold.
    room = SNIPPET_PROPOSALS
    for proposal in article.proposals:
        if not proposal.person or proposal.person in lead:
            continue
        line = proposal.person + (f"（{proposal.role}）" if proposal.role else "")
        if proposal.summary:
            line += "：" + proposal.summary
        if len(line) > SNIPPET_PROPOSAL:
            line = line[:SNIPPET_PROPOSAL - 1] + "…"
        if len(line) > room:
            break
        parts.append(line)
        room -= len(line)
    budget = SNIPPET_EXTRA
    terms = [t for t in (*article.places, *article.keywords, *article.people) if t]
    rest = body[SNIPPET_LEAD:]
    used: set[str] = set()
    for term in dict.fromkeys(terms):
        if term in lead or any(term in p for p in parts[1:]):
            continue
        for sentence in _SENTENCE.findall(rest):
            sentence = sentence.strip()
            if term in sentence and sentence not in used and len(sentence) <= budget:
                parts.append(sentence)
                used.add(sentence)
                budget -= len(sentence)
                break
        if budget <= 0:
            break
    return " … ".join(parts)


@dataclass(frozen=True)
class Doc:
    id: str
    title: str
    url: str
    date: str | None
    tags: tuple[str, ...]
    places: tuple[str, ...]
    text: str

    def as_json(self) -> list:
        return [self.id, self.title, self.url, self.date, list(self.tags), list(self.places),
                self.text]


class PackedPostings(abc.Mapping):
    """token -> [(doc number, weight)], by doc. Stored as spans of one flat numpy array
    (doc, weight, doc, weight, ...) — a tenth of the memory of lists of tuples at
    archive scale; the lists are made on access. `tokens` are sorted; the list of
    tokens[i] is data[bounds[i]:bounds[i + 1]] unless it was truncated (`own`)."""

    def __init__(self, data: np.ndarray, tokens: list[str], bounds: np.ndarray) -> None:
        self.data, self.tokens, self.bounds = data, tokens, bounds
        self.position = {token: i for i, token in enumerate(tokens)}
        self.own: dict[str, list[int]] = {}  # truncated lists, flat too

    def __getitem__(self, token: str) -> list[tuple[int, int]]:
        flat = self.flat(token)
        return list(zip(flat[0::2], flat[1::2]))

    def __iter__(self):
        return iter(self.tokens)

    def __len__(self) -> int:
        return len(self.tokens)

    def __contains__(self, token) -> bool:
        return token in self.position

    def flat(self, token: str) -> list[int]:
        if token in self.own:
            return self.own[token]
        i = self.position[token]
        return self.data[self.bounds[i]:self.bounds[i + 1]].tolist()

    def flats(self, tokens: list[str]) -> tuple[np.ndarray, list[int]]:
        """The flat lists of `tokens` one after the other, and the end of each."""
        at = np.array([self.position[t] for t in tokens], dtype=np.int64)
        starts = self.bounds[at]
        sizes = self.bounds[at + 1] - starts
        for k, token in enumerate(tokens):
            if token in self.own:
                sizes[k] = len(self.own[token])
        ends = np.cumsum(sizes)
        # every span's positions at once: start of its span + its offset within it
        values = self.data[np.repeat(starts - (ends - sizes), sizes) + np.arange(ends[-1])] \
            if len(tokens) and ends[-1] else np.zeros(0, dtype=self.data.dtype)
        for k, token in enumerate(tokens):
            if token in self.own:
                values[ends[k] - sizes[k]:ends[k]] = self.own[token]
        return values, ends.tolist()

    def total(self) -> int:
        """Number of (doc, weight) entries in all lists."""
        cut = sum(int(self.bounds[self.position[t] + 1] - self.bounds[self.position[t]])
                  - len(flat) for t, flat in self.own.items())
        return (len(self.data) - cut) // 2


@dataclass(frozen=True)
class SearchIndex:
    docs: tuple[Doc, ...]
    postings: PackedPostings                     # token -> [(doc number, weight)], by doc
    truncated: frozenset[str]                    # tokens whose list lost its weakest entries
    tags: tuple[tuple[str, str, int], ...]        # (slug, name, count)
    years: tuple[tuple[str, int], ...]            # (year, count), newest first


def _doc_order(article: Article) -> tuple:
    # newest first, undated last, then by id: doc numbers double as the tie-break order
    return (0 if article.date else 1, _invert(article.date or ""), article.id)


def _invert(text: str) -> tuple[int, ...]:
    return tuple(-ord(c) for c in text)


def _idf(df: int, n: int) -> float:
    return math.log(1 + (n - df + 0.5) / (df + 0.5))


def _term_fields(article: Article, tag_names: Mapping[str, str]) -> dict[str, float]:
    """Whole-term token -> summed boost, from the front matter."""
    boosts: dict[str, float] = defaultdict(float)
    groups = [("keyword", article.keywords), ("place", article.places),
              ("person", article.people), ("tag", article.tags),
              ("tag", [tag_names[t] for t in article.tags if t in tag_names])]
    if article.title:
        groups.append(("title", [article.title]))
    for field, values in groups:
        for key in {term_key(v) for v in values if v and v.strip()}:
            boosts[key] += TERM_BOOSTS[field]
    return boosts


def _doc_key(article: Article, url: str, names: Mapping[str, str]) -> str:
    """What one document's tokens, counts and Doc are computed from."""
    used = tuple((t, names.get(t)) for t in article.tags)
    return hashlib.sha256(repr((article, url, used)).encode("utf-8")).hexdigest()


def build_index(articles: Iterable[Article], article_url: Callable[[Article], str],
                tag_names: Mapping[str, str] | None = None, memo: dict | None = None,
                save_memo: Callable[[dict], None] | None = None) -> SearchIndex:
    """Score every (token, canonical article) pair; pure and deterministic.

    `memo` (a dict the caller keeps between builds, e.g. in the cache) holds each
    document's token entries under the hash of what they are computed from, so an
    unchanged article is not tokenised again; the index is the same either way.
    `save_memo(memo)`, if given, is called as soon as the memo is up to date, and the
    memo is then emptied: the scoring's peak memory does not hold it too.
    """
    names = dict(tag_names or {})
    canon = sorted((a for a in articles if a.duplicate_of is None), key=_doc_order)
    # without a caller's memo, a fresh one: each document's entries are made once either way
    return _build_index_memo(canon, article_url, names, memo if memo is not None else {},
                             save_memo)


# Code point ranges of the CJK characters that make grams (the _CJK class above).
_CJK_RANGES = ((0x3400, 0x4DBF), (0x4E00, 0x9FFF), (0xF900, 0xFAFF), (0x20000, 0x2FA1F))
# What normalise() makes into [a-z0-9]: ASCII letters and digits and their full-width forms
_WORD_RUN = re.compile("[A-Za-z0-9\uff10-\uff19\uff21-\uff3a\uff41-\uff5a]+")
_CODE_BITS = 21        # a code point fits in 21 bits, so a bigram fits in 42
_POINT_MASK = (1 << _CODE_BITS) - 1  # the second code point of a bigram
_CODE_MASK = (1 << 2 * _CODE_BITS) - 1  # a gram's code within a (text, code) key
WEIGHT_SLICE = 1 << 20  # entries weighted at a time
BATCH_DOCS = 500       # documents tokenised together: bounds the arrays' memory


@dataclass(frozen=True)
class _Counted:
    """tokenise() of each of several texts, counted (see _count_tokens)."""

    words: list[Counter]   # per text: its a-z0-9 tokens and their counts
    keys: np.ndarray       # (text number << 42 | gram code), unique, ascending
    counts: np.ndarray     # occurrences of each key
    lengths: np.ndarray    # per text: the number of its tokens (len(tokenise(text)))


def _count_tokens(texts: list[str]) -> _Counted:
    """The tokens of tokenise() of every text with their counts, found with array
    operations on the code points of all the texts at once (counting ~20 million
    grams one at a time was most of the index's time). A gram's code is
    `first << 21 | second` for a bigram, the code point of a lone character (a run of
    one) itself; the a-z0-9 runs are few and counted as strings.
    """
    # normalise() maps one code point to one and leaves CJK alone: it is only needed
    # for the letters and digits
    words = [Counter(run.lower() if run.isascii() else normalise(run)
                     for run in _WORD_RUN.findall(text)) for text in texts]
    # "\n" is no token character: no run goes on from one text into the next
    points = np.frombuffer("\n".join(texts).encode("utf-32-le"), dtype=np.uint32)
    cjk = np.zeros(len(points) + 2, dtype=bool)  # a False on either side
    for low, high in _CJK_RANGES:
        cjk[1:-1] |= (points >= low) & (points <= high)
    pair = np.flatnonzero(cjk[1:-2] & cjk[2:-1])
    alone = np.flatnonzero(cjk[1:-1] & ~cjk[:-2] & ~cjk[2:])
    text_of = np.repeat(np.arange(len(texts), dtype=np.int64),
                        [len(text) + 1 for text in texts])
    owners = np.concatenate((text_of[pair], text_of[alone]))
    codes = np.concatenate(((points[pair].astype(np.int64) << _CODE_BITS) | points[pair + 1],
                            points[alone].astype(np.int64)))
    keys, counts = np.unique((owners << 2 * _CODE_BITS) | codes, return_counts=True)
    lengths = np.bincount(owners, minlength=len(texts)) + \
        np.array([sum(c.values()) for c in words], dtype=np.int64)
    return _Counted(words, keys, counts, lengths)


class _GramIds:
    """Token ids of gram codes: each distinct code is made into its string and looked
    up in (or added to) `token_ids` once, however many batches it occurs in."""

    def __init__(self, token_ids: dict[str, int]) -> None:
        self.token_ids = token_ids
        self.codes = np.zeros(0, dtype=np.int64)  # ascending
        self.ids = np.zeros(0, dtype=np.int32)

    def __call__(self, codes: np.ndarray) -> np.ndarray:
        """The ids of `codes` (unique, ascending)."""
        at = np.minimum(np.searchsorted(self.codes, codes), max(len(self.codes) - 1, 0))
        known = self.codes[at] == codes if len(self.codes) else np.zeros(len(codes), bool)
        fresh = codes[~known]
        token_ids = self.token_ids
        fresh_ids = np.array([token_ids.setdefault(_gram_token(code), len(token_ids))
                              for code in fresh.tolist()], dtype=np.int32)
        ids = np.empty(len(codes), dtype=np.int32)
        ids[known] = self.ids[at[known]]
        ids[~known] = fresh_ids
        self.codes = np.concatenate((self.codes, fresh))
        self.ids = np.concatenate((self.ids, fresh_ids))
        order = np.argsort(self.codes, kind="stable")
        self.codes, self.ids = self.codes[order], self.ids[order]
        return ids


def _gram_token(code: int) -> str:
    if code >> _CODE_BITS:
        return chr(code >> _CODE_BITS) + chr(code & _POINT_MASK)
    return chr(code)


def _batch_entries(articles: list[Article], urls: list[str], names: Mapping[str, str],
                   gram_ids: _GramIds) -> list[tuple]:
    """Each document's (token ids, freqs, kinds, length, Doc), as build_index makes them.

    A document's tokens are those of its title (each counting TITLE_WEIGHT times) and
    of its kicker, authors and plain body (kind 0), its whole front-matter terms with
    their boosts (kind 1) and its filters (kind 2). New tokens get ids in the
    `token_ids` of `gram_ids`.
    """
    token_ids = gram_ids.token_ids
    bodies = [plain_text("\n\n".join(p for p in (a.subtitle, a.summary, a.body, *a.captions)
                                      if p)) for a in articles]
    body = _count_tokens([" ".join((a.kicker or "", " ".join(a.authors), text))
                          for a, text in zip(articles, bodies)])
    title = _count_tokens([a.title or "" for a in articles])
    keys, where = np.unique(np.concatenate((body.keys, title.keys)), return_inverse=True)
    freqs = np.bincount(where, weights=np.concatenate(
        (body.counts.astype(np.float64), title.counts * TITLE_WEIGHT)))
    del where
    codes, where = np.unique(keys & _CODE_MASK, return_inverse=True)
    ids = gram_ids(codes)[where]
    bounds = np.searchsorted(keys >> 2 * _CODE_BITS, np.arange(len(articles) + 1)).tolist()
    entries = []
    for i, article in enumerate(articles):
        words = {word: float(count) for word, count in body.words[i].items()}
        for word, count in title.words[i].items():
            words[word] = words.get(word, 0) + count * TITLE_WEIGHT
        boosts = _term_fields(article, names)
        filters = [f"tag:{t}" for t in dict.fromkeys(article.tags)] + \
            ([f"year:{article.date[:4]}"] if article.date else [])
        more = [*words, *boosts, *filters]
        start, stop = bounds[i], bounds[i + 1]
        tok = np.concatenate((ids[start:stop], np.array(
            [token_ids.setdefault(token, len(token_ids)) for token in more], dtype=np.int32)))
        freq64 = np.concatenate((freqs[start:stop], np.array(
            [*words.values(), *boosts.values(), *[0.0] * len(filters)], dtype=np.float64)))
        kinds = np.repeat(np.array([0, 1, 2], dtype=np.int8),
                          [stop - start + len(words), len(boosts), len(filters)])
        # the frequencies are small integers and sums of halves: float32 (half the memo)
        # when that is exact, which it is unless the weights above change
        freq32 = freq64.astype(np.float32)
        doc = Doc(article.id, article.title or UNTITLED, urls[i], article.date,
                  tuple(article.tags), tuple(article.places), snippet_text(article, bodies[i]))
        entries.append((tok, freq32 if np.array_equal(freq32, freq64) else freq64, kinds,
                        float(body.lengths[i]) + TITLE_WEIGHT * float(title.lengths[i]), doc))
    return entries


def _release_freed_memory() -> None:
    """Give the C heap's free pages back to the system: glibc keeps them otherwise, and
    the memo's many small arrays would still count in the scoring's peak. Elsewhere
    than glibc a no-op."""
    try:
        ctypes.CDLL(None).malloc_trim(0)
    except (OSError, AttributeError):
        pass


def _build_index_memo(canon: list[Article], article_url: Callable[[Article], str],
                      names: Mapping[str, str], memo: dict,
                      save_memo: Callable[[dict], None] | None = None) -> SearchIndex:
    """build_index() from the memo's per-document entries (made for the new ones).

    The memo's vocabulary only grows (ids of tokens no document uses any more are
    dropped by _score); it is rebuilt when it holds twice the tokens in use.
    """
    token_ids: dict[str, int] = memo.setdefault("ids", {})
    old: dict[str, tuple] = memo.get("docs", {})
    new: dict[str, tuple] = {}
    missing: dict[str, tuple[Article, str]] = {}
    for article in canon:
        url = article_url(article)
        key = _doc_key(article, url, names)
        if key in old:
            new[key] = old[key]
        else:
            missing[key] = (article, url)
            new[key] = ()  # keeps the documents' order
    pending = list(missing.items())
    gram_ids = _GramIds(token_ids)
    for start in range(0, len(pending), BATCH_DOCS):
        batch = pending[start:start + BATCH_DOCS]
        made = _batch_entries([a for _, (a, _) in batch], [u for _, (_, u) in batch],
                              names, gram_ids)
        new.update(zip((key for key, _ in batch), made))
    memo["docs"] = new
    if save_memo is not None:  # before the entries are copied out: the peak holds one
        save_memo(memo)
    ordered = list(new.values()) if len(new) == len(canon) else None
    if ordered is None:  # two identical articles (same key): map each in order
        ordered = [new[_doc_key(a, article_url(a), names)] for a in canon]
    vocab = [""] * len(token_ids)
    for token, i in token_ids.items():
        vocab[i] = token
    tok_a = np.concatenate([e[0] for e in ordered]) if ordered else np.zeros(0, np.int32)
    freq_a = np.concatenate([e[1] for e in ordered]) if ordered \
        else np.zeros(0)
    kind_a = np.concatenate([e[2] for e in ordered]) if ordered else np.zeros(0, np.int8)
    doc_a = np.repeat(np.arange(len(ordered), dtype=np.int32),
                      [len(e[0]) for e in ordered])
    entries = [tok_a, doc_a, freq_a, kind_a]
    lengths, docs = [e[3] for e in ordered], [e[4] for e in ordered]
    used = np.count_nonzero(np.bincount(tok_a, minlength=len(vocab)))
    del tok_a, doc_a, freq_a, kind_a, ordered, new, old
    if len(token_ids) > 2 * used + 1000:  # forget dead tokens: entries are renumbered
        memo.clear()
        if save_memo is not None:
            save_memo(memo)
    if save_memo is not None:
        memo.clear()
        _release_freed_memory()
    return _score(vocab, entries, lengths, docs, names)


def _score(vocab: list[str], entries: list, lengths: list[float],
           docs: list[Doc], names: Mapping[str, str]) -> SearchIndex:
    """BM25 weights of the (token, doc) entries and the index's posting lists.

    `entries` is [token ids, doc numbers, frequencies, kinds] (numpy arrays, docs
    ascending); it is emptied so that each array is freed as soon as it is used up.
    The weights are computed a slice at a time, in the same float operations as the
    scalar formula: the peak is the entries' arrays and the int32 weights.
    """
    tok_a, doc_a, freq_a, kind_a = entries
    entries.clear()
    n = len(docs)
    avg = (sum(lengths) / n) if n and sum(lengths) else 1.0
    # tokens no document uses (a memo's old vocabulary) are left out: ids renumbered
    present = np.zeros(len(vocab), dtype=bool)
    present[tok_a] = True
    if not present.all():
        used = np.flatnonzero(present)
        renumber = np.zeros(len(vocab), dtype=np.int32)
        renumber[used] = np.arange(len(used), dtype=np.int32)
        vocab = [vocab[i] for i in used.tolist()]
        tok_a = renumber[tok_a]
        del used, renumber
    del present
    df = np.bincount(tok_a[kind_a != 2], minlength=len(vocab))
    # the scalar formula once per distinct document frequency (few), then spread
    counts, where = np.unique(df, return_inverse=True)
    idf_of = np.array([_idf(int(count), n) * WEIGHT_SCALE for count in counts.tolist()],
                      dtype=np.float64)[where] if len(vocab) else np.zeros(0)
    norm = K1 * (1 - B + B * np.array(lengths, dtype=np.float64) / avg)
    # weight = idf * freq (a whole-term boost); a BM25 term: idf * freq * (K1 + 1) /
    # (freq + norm); a filter: 0. Then rounded, at least 1, and held as int32 (what the
    # shard files store; a weight is far below the limit: idf x boosts x 1000). Made a
    # slice at a time, so the float temporaries are a slice's size, not the index's.
    weight = np.empty(len(tok_a), dtype=np.int32)
    for start in range(0, len(tok_a), WEIGHT_SLICE):
        part = slice(start, start + WEIGHT_SLICE)
        freq, kind = freq_a[part].astype(np.float64), kind_a[part]
        value = idf_of[tok_a[part]]
        value *= freq
        denominator = norm[doc_a[part]]
        denominator += freq
        with np.errstate(divide="ignore", invalid="ignore"):
            bm25 = value * (K1 + 1)
            bm25 /= denominator
        np.copyto(value, bm25, where=kind == 0)
        np.rint(value, out=value)
        np.maximum(value, 1, out=value)
        value[kind == 2] = 0
        np.minimum(value, 2**31 - 1, out=value)
        weight[part] = value
    del freq_a, kind_a
    # token ids in sorted token order, then entries grouped by token, docs ascending
    order_of = sorted(range(len(vocab)), key=vocab.__getitem__)
    rank = np.empty(len(vocab), dtype=np.int32)
    rank[np.array(order_of, dtype=np.int64)] = np.arange(len(vocab), dtype=np.int32)
    vocab = [vocab[i] for i in order_of]
    tok_a = rank[tok_a] if len(vocab) else tok_a
    del rank, order_of
    # entries come doc by doc and a token occurs once per doc: a stable sort by token
    # is the (token, doc) order
    starts = np.concatenate(([0], np.cumsum(np.bincount(tok_a, minlength=len(vocab)))))
    order = np.argsort(tok_a, kind="stable")
    del tok_a
    if len(order) < 2**31:  # half the memory of the int64 indices for what follows
        order = order.astype(np.int32)
    flat = np.empty(2 * len(doc_a), dtype=weight.dtype)
    flat[0::2] = doc_a[order]
    del doc_a
    flat[1::2] = weight[order]
    del weight, order
    doc_a, weight = flat[0::2], flat[1::2]  # views, for the truncated lists below
    postings = PackedPostings(flat, vocab, 2 * starts)
    truncated: set[str] = set()
    for i in np.flatnonzero(np.diff(starts) > MAX_POSTINGS).tolist():
        token = vocab[i]
        if token.startswith(("tag:", "year:")):
            continue
        start, stop = int(starts[i]), int(starts[i + 1])
        # keep the strongest entries; the browser then skips this token when it
        # checks that every gram of a word is present
        entries = list(zip(doc_a[start:stop].tolist(), weight[start:stop].tolist()))
        entries = sorted(sorted(entries, key=lambda e: (-e[1], e[0]))[:MAX_POSTINGS])
        postings.own[token] = [v for entry in entries for v in entry]
        truncated.add(token)
    tag_counts = Counter(t for d in docs for t in dict.fromkeys(d.tags))
    year_counts = Counter(d.date[:4] for d in docs if d.date)
    return SearchIndex(
        docs=tuple(docs), postings=postings, truncated=frozenset(truncated),
        tags=tuple((slug, names.get(slug, slug), tag_counts[slug]) for slug in sorted(tag_counts)),
        years=tuple((year, year_counts[year]) for year in sorted(year_counts, reverse=True)))


def shard_count(index: SearchIndex) -> int:
    """A power of two giving shards of about POSTINGS_PER_SHARD entries."""
    total = index.postings.total()
    shards = MIN_SHARDS
    while shards < MAX_SHARDS and shards * POSTINGS_PER_SHARD < total:
        shards *= 2
    return shards


def shard_of(token: str, shards: int) -> int:
    """FNV-1a (32 bit) of the token's UTF-8 bytes, mod `shards`; stable across runs and in JS."""
    value = 0x811C9DC5
    for byte in token.encode("utf-8"):
        value = ((value ^ byte) * 0x01000193) & 0xFFFFFFFF
    return value % shards


def _width(count: int) -> int:
    return max(2, len(str(max(count - 1, 0))))


def _js(kind: str, number: int, data) -> str:
    text = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    # U+2028/9 end a line in older JS parsers; escaping keeps the file valid anywhere
    text = text.replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")
    return f"siteSearchLoad({json.dumps(kind)},{number},{text});\n"


def _shard_data(index: SearchIndex, tokens: list[str]) -> dict:
    """One shard's file data: its tokens (sorted), the end of each token's list in
    `data`, and `data`, all the lists one after the other as little-endian int32 values
    (doc, weight, doc, weight ...) in base64: made and read in a few array operations,
    where a JSON list of ten million numbers took seconds each way."""
    values, ends = index.postings.flats(tokens)
    return {"tokens": tokens, "ends": ends,
            "data": base64.b64encode(values.astype("<i4").tobytes()).decode("ascii"),
            "truncated": [t for t in tokens if t in index.truncated]}


def build_search_files(articles: list[Article], article_url: Callable[[Article], str],
                       tag_names: Mapping[str, str] | None = None,
                       memo: dict | None = None) -> dict[str, str]:
    """{path under _site: file text} for the whole search index (iter_search_files)."""
    return dict(iter_search_files(articles, article_url, tag_names, memo))


def iter_search_files(articles: list[Article], article_url: Callable[[Article], str],
                      tag_names: Mapping[str, str] | None = None,
                      memo: dict | None = None,
                      save_memo: Callable[[dict], None] | None = None
                      ) -> Iterator[tuple[str, str]]:
    """(path under _site, file text) of every file of the search index, sorted by path,
    made one at a time (the texts are never all held).

    `article_url(article)` is the article page's URL relative to the site root
    (e.g. 'articles/x.html'); `tag_names` maps tag slugs to their Chinese names so
    that the filter list is readable and the names are searchable. `memo` and
    `save_memo` are build_index's.
    """
    index = build_index(articles, article_url, tag_names, memo, save_memo)
    shards = shard_count(index)
    chunks = max(1, math.ceil(len(index.docs) / DOC_CHUNK))
    meta = {"version": 1, "count": len(index.docs), "shards": shards,
            "shardWidth": _width(shards), "docChunk": DOC_CHUNK, "docChunks": chunks,
            "docWidth": _width(chunks),
            "tags": [list(t) for t in index.tags], "years": [list(y) for y in index.years]}
    for number in range(chunks):
        part = index.docs[number * DOC_CHUNK:(number + 1) * DOC_CHUNK]
        yield (f"search/docs-{number:0{_width(chunks)}d}.js",
               _js("docs", number, [d.as_json() for d in part]))
    yield "search/meta.js", _js("meta", 0, meta)
    by_shard: list[list[str]] = [[] for _ in range(shards)]
    for token in index.postings:
        by_shard[shard_of(token, shards)].append(token)
    for number, tokens in enumerate(by_shard):
        # one shard's lists at a time: memory stays at one shard, not the whole index
        yield (f"search/shard-{number:0{_width(shards)}d}.js",
               _js("shard", number, _shard_data(index, tokens)))


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
        return [Result(d, 0) for d in sorted(allowed)], True
    scores: dict[int, int] = defaultdict(int)
    for token in dict.fromkeys(t for term in terms for t in (*term.grams, term.key)):
        for doc, weight in index.postings.get(token, []):
            scores[doc] += weight

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
    results = sorted((Result(d, scores[d]) for d in candidates), key=lambda r: (-r.score, r.doc))
    return results, bool(exact)
