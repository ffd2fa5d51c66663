"""The browser's search index, written as JavaScript files loaded by <script> tags.

Why script files: fetch/XHR is blocked on file://, but a classic <script src> works
there, so every index file is a call to the global `siteSearchLoad(kind, number, data)`
that static/search.js defines before it injects them.

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
                          browser can cut a passage around the hit (search.js snippet())

Tokens (the same rules are implemented in static/search.js; tests check they agree):
  - CJK runs -> character bigrams (a run of one character -> that character),
  - runs of ASCII letters and digits -> one lowercase token each,
  - "=" + a whole front-matter term (keyword, place, person, tag slug or tag name),
  - "tag:<slug>" and "year:<yyyy>" for the filters (weight 0).
No segmenter is needed in the browser (and jieba is never imported by the render half).

The files hold per-(token, document) values that depend on that document alone: f, the
BM25F frequency (body count + TITLE_WEIGHT x title count) of an n-gram or word token, the
summed boost of a whole-term token (in TERM_UNITs, an integer) or 0 for a filter. The
weights (BM25 with the length normaliser from the lengths and their average, idf from the
document frequency) are computed at query time, in the browser as in `rank()` below, with
the same double operations on the same exactly-carried values (the idf table is written
by Python, never recomputed with another log) and rounded as floor(x + 0.5): the
scores are the same integers. So an edit that keeps the number of documents rewrites only
the shards of the tokens whose lists changed, stats.js, the edited documents' chunk and
meta.js if its counts changed (see iter_search_files and its memo).
"""
from __future__ import annotations

import base64
import bisect
import functools
import hashlib
import json
import math
import re
from collections import Counter, abc
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterable, Iterator, Mapping

import numpy as np

from .display import display_title
from .models import Article

# BM25 parameters (the usual defaults) and field boosts.
K1 = 1.2
B = 0.75
TITLE_WEIGHT = 3             # a title occurrence counts as this many body occurrences
TERM_UNIT = 2                # whole-term boosts are stored in halves, as integers:
TERM_BOOSTS = {"title": 4, "tag": 5, "place": 4, "person": 4, "keyword": 3}  # tag = 2.5
WEIGHT_SCALE = 1000          # scores are sums of floor(weight * WEIGHT_SCALE + 0.5)
MAX_POSTINGS = 5000          # longer posting lists keep their largest f (marked truncated)
DOC_CHUNK = 200              # documents per docs-NN.js file
POSTINGS_PER_SHARD = 20000   # target size of a shard; N is a power of two from this
MIN_SHARDS = 2               # even a tiny site exercises on-demand shard loading
MAX_SHARDS = 4096
SNIPPET_MAX = 2000           # a story's text up to this long is kept whole for snippets
SNIPPET_LEAD = 400           # of a longer one: the sentences of its start, this long,
SNIPPET_PROPOSAL = 200       # a deputy's "name（role）：statement" line, cut to this,
                             # and the sentences naming its terms, up to SNIPPET_MAX
FILTERS = ("tag:", "year:")  # filter tokens: weight 0, never truncated
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


_SENTENCE = re.compile(r"[^。！？!?；;]*[。！？!?；;]?[”’」』）)]*")
GAP = " … "  # joins passages that are not next to each other in the story


def printed_apart(article: Article, body: str, captions: bool = True) -> list[str]:
    """What a story prints besides its body, as plain lines: each proposal that is not
    in the body (`name（role）：statement`, the gist when no statement was printed
    apart) and each caption that is not. Searchable, and shown in snippets."""
    lines = []
    for proposal in article.proposals:
        said = proposal.statement or proposal.summary
        if not said or plain_text(said) in body:
            continue
        who = proposal.person + (f"（{proposal.role}）" if proposal.role else "")
        lines.append(f"{who}：{plain_text(said)}")
    if captions:
        lines += [plain_text(c) for c in article.captions if c and plain_text(c) not in body]
    return lines


def snippet_text(article: Article, body: str) -> str:
    """The text snippets are cut from (`body` is the plain body): the story's whole
    text, body then what it prints apart, when that fits SNIPPET_MAX characters; else
    the sentences of its start (SNIPPET_LEAD), each deputy's line (cut to
    SNIPPET_PROPOSAL) and, in the body's order, the sentences that name the story's
    places, keywords and people, up to SNIPPET_MAX. Passages that do not follow each
    other are joined by GAP; no sentence is there twice. The browser cuts one passage
    around each word of the query (search.js snippet())."""
    apart = printed_apart(article, body)
    whole = GAP.join([body, *apart]) if body else GAP.join(apart)
    if len(whole) <= SNIPPET_MAX:
        return whole
    sentences = [s.strip() for s in _SENTENCE.findall(body) if s.strip()]
    chosen: list[bool] = []
    size = 0
    for sentence in sentences:  # the lead: whole sentences, at least one
        if chosen and size + len(sentence) > SNIPPET_LEAD:
            break
        chosen.append(True)
        size += len(sentence)
    chosen += [False] * (len(sentences) - len(chosen))
    lines = [line if len(line) <= SNIPPET_PROPOSAL else line[:SNIPPET_PROPOSAL - 1] + "…"
             for line in apart]
    size += sum(len(line) + len(GAP) for line in lines)
    terms = [t for t in dict.fromkeys((*article.places, *article.keywords, *article.people))
             if t]
    covered = {t for t in terms if any(t in s for s, c in zip(sentences, chosen) if c)
               or any(t in line for line in lines)}
    for i, sentence in enumerate(sentences):
        if chosen[i] or size + len(sentence) + len(GAP) > SNIPPET_MAX:
            continue
        named = [t for t in terms if t not in covered and t in sentence]
        if named:
            chosen[i] = True
            covered.update(named)
            size += len(sentence) + len(GAP)
    passages: list[str] = []
    for i, sentence in enumerate(sentences):
        if not chosen[i]:
            continue
        if i and chosen[i - 1]:
            passages[-1] += sentence
        else:
            passages.append(sentence)
    return GAP.join(passages + lines)


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



# ---------------------------------------------------------------- per-document tokens

def _doc_order(article: Article) -> tuple:
    # newest first, undated last, then by id: doc numbers double as the tie-break order
    return (0 if article.date else 1, _invert(article.date or ""), article.id)


def _invert(text: str) -> tuple[int, ...]:
    return tuple(-ord(c) for c in text)


def _term_boosts(article: Article, tag_names: Mapping[str, str]) -> dict[str, int]:
    """Whole-term token -> summed boost (in TERM_UNITs), from the front matter."""
    boosts: dict[str, int] = {}
    groups = [("keyword", article.keywords), ("place", article.places),
              ("person", article.people), ("tag", article.tags),
              ("tag", [tag_names[t] for t in article.tags if t in tag_names])]
    if article.title:
        groups.append(("title", [article.title]))
    for field, values in groups:
        for key in {term_key(v) for v in values if v and v.strip()}:
            boosts[key] = boosts.get(key, 0) + TERM_BOOSTS[field]
    return boosts


def _doc_keys(canon: list[Article], urls: list[str], names: Mapping[str, str],
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


# Code point ranges of the CJK characters that make grams (the _CJK class above).
_CJK_RANGES = ((0x3400, 0x4DBF), (0x4E00, 0x9FFF), (0xF900, 0xFAFF), (0x20000, 0x2FA1F))
# What normalise() makes into [a-z0-9]: ASCII letters and digits and their full-width forms
_WORD_RUN = re.compile("[A-Za-z0-9\uff10-\uff19\uff21-\uff3a\uff41-\uff5a]+")
# A gram's code is `first << 21 | second`, and `char << 21` for a lone character: code
# order is then the grams' string order (a lone character sorts before its bigrams).
_CODE_BITS = 21        # a code point fits in 21 bits, so a bigram fits in 42
_POINT_MASK = (1 << _CODE_BITS) - 1  # the second code point of a bigram
_CODE_MASK = (1 << 2 * _CODE_BITS) - 1  # a gram's code within a (text, code) key
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
    `first << 21 | second` for a bigram, `char << 21` for a lone character (a run of
    one); the a-z0-9 runs are few and counted as strings.
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
                            points[alone].astype(np.int64) << _CODE_BITS))
    keys, counts = np.unique((owners << 2 * _CODE_BITS) | codes, return_counts=True)
    lengths = np.bincount(owners, minlength=len(texts)) + \
        np.array([sum(c.values()) for c in words], dtype=np.int64)
    return _Counted(words, keys, counts, lengths)



def _gram_token(code: int) -> str:
    second = code & _POINT_MASK
    return chr(code >> _CODE_BITS) + (chr(second) if second else "")


def _gram_code(token: str) -> int | None:
    """The code of a gram token (one or two CJK characters), None for any other token."""
    if not 1 <= len(token) <= 2 or not _CJK_RUN.fullmatch(token):
        return None
    return ord(token[0]) << _CODE_BITS | (ord(token[1]) if len(token) == 2 else 0)


@dataclass(frozen=True)
class _Batch:
    """The postings entries of a few documents (numbered from 0 within the batch)."""

    gram_doc: np.ndarray            # int64 per gram entry: its document; by (doc, code)
    gram_code: np.ndarray           # int64: the gram's code
    gram_f: np.ndarray              # int64: its f
    words: list[dict[str, int]]     # per document: its other tokens -> f
    lengths: list[int]              # per document: body tokens + TITLE_WEIGHT x title tokens
    docs: list[str]                 # per document: its JSON in the docs files


def _tokenise_batch(articles: list[Article], urls: list[str],
                    names: Mapping[str, str]) -> _Batch:
    """The entries of each document: the grams and words of its title (each counting
    TITLE_WEIGHT times) and of its kicker, authors and plain body, its whole front-matter
    terms with their boosts and its filters (f 0)."""
    bodies = [plain_text("\n\n".join(p for p in (a.subtitle, a.summary, a.body, *a.captions)
                                      if p)) for a in articles]
    # the proposals printed apart from the body are searchable too
    plain = [plain_text(a.body) for a in articles]
    bodies = [" ".join([text, *printed_apart(a, body, captions=False)]) if a.proposals else text
              for a, text, body in zip(articles, bodies, plain)]
    body = _count_tokens([" ".join((a.kicker or "", " ".join(a.authors), text))
                          for a, text in zip(articles, bodies)])
    title = _count_tokens([a.title or "" for a in articles])
    keys, where = np.unique(np.concatenate((body.keys, title.keys)), return_inverse=True)
    freqs = np.bincount(where, minlength=len(keys),
                        weights=np.concatenate((body.counts, title.counts * TITLE_WEIGHT)))
    words, docs = [], []
    for i, article in enumerate(articles):
        mine = dict(body.words[i])
        for word, count in title.words[i].items():
            mine[word] = mine.get(word, 0) + count * TITLE_WEIGHT
        mine.update(_term_boosts(article, names))
        for token in [f"tag:{t}" for t in article.tags] + \
                ([f"year:{article.date[:4]}"] if article.date else []):
            mine[token] = 0
        words.append(mine)
        doc = Doc(article.id, display_title(article)[0], urls[i], article.date,
                  tuple(article.tags), tuple(article.places), snippet_text(article, plain[i]))
        docs.append(_json(doc.as_json()))
    lengths = body.lengths + TITLE_WEIGHT * title.lengths
    # the counts are integers held as doubles by bincount: exact
    return _Batch(keys >> 2 * _CODE_BITS, keys & _CODE_MASK, freqs.astype(np.int64), words,
                  lengths.tolist(), docs)


def _batches(articles: list[Article], urls: list[str],
             names: Mapping[str, str]) -> Iterator[tuple[int, _Batch]]:
    """(index of its first article, batch) for every BATCH_DOCS articles."""
    for start in range(0, len(articles), BATCH_DOCS):
        yield start, _tokenise_batch(articles[start:start + BATCH_DOCS],
                                     urls[start:start + BATCH_DOCS], names)


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


def _gram_hashes(codes: np.ndarray) -> np.ndarray:
    """shard_of's hash of each gram code (before the modulo)."""
    hashes = _fnv_point(np.full(len(codes), _FNV_OFFSET, dtype=np.int64), codes >> _CODE_BITS)
    second = codes & _POINT_MASK
    return np.where(second > 0, _fnv_point(hashes, second), hashes)


def _word_hashes(words: list[str]) -> np.ndarray:
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

@dataclass(frozen=True)
class _Postings:
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
        return self.words[i] if i < words else _gram_token(int(self.codes[i - words]))

    def id(self, token: str) -> int | None:
        code = _gram_code(token)
        if code is None:
            at = bisect.bisect_left(self.words, token)
            return at if at < len(self.words) and self.words[at] == token else None
        at = int(np.searchsorted(self.codes, code))
        return len(self.words) + at if at < len(self.codes) and self.codes[at] == code else None

    def counts(self) -> np.ndarray:
        return np.diff(self.bounds)


@dataclass(frozen=True)
class _State:
    """What the files are made from; kept in the memo between builds."""

    keys: list[str]         # per document (doc number order): see _doc_keys
    docs: list[str]         # per document: its JSON in the docs files
    lengths: np.ndarray     # int64 per document
    postings: _Postings

    def memo(self) -> dict:
        p = self.postings
        return {"keys": self.keys, "docs": self.docs, "lengths": self.lengths,
                "words": p.words, "codes": p.codes, "hashes": p.hashes, "bounds": p.bounds,
                "doc": p.doc, "f": p.f}

    @staticmethod
    def from_memo(memo: dict) -> "_State":
        return _State(memo["keys"], memo["docs"], memo["lengths"], _Postings(
            memo["words"], memo["codes"], memo["hashes"], memo["bounds"], memo["doc"],
            memo["f"]))


def _cold_state(canon: list[Article], urls: list[str], keys: list[str],
                names: Mapping[str, str]) -> _State:
    """Every document tokenised, BATCH_DOCS at a time."""
    grams: list[tuple[np.ndarray, np.ndarray, np.ndarray]] = []   # (code, doc, f)
    word_entries: list[tuple[str, int, int]] = []
    docs: list[str] = []
    lengths: list[int] = []
    for start, batch in _batches(canon, urls, names):
        grams.append((batch.gram_code, (batch.gram_doc + start).astype(np.int32),
                      batch.gram_f.astype(np.int32)))
        word_entries += [(token, start + i, f) for i, mine in enumerate(batch.words)
                         for token, f in mine.items()]
        docs += batch.docs
        lengths += batch.lengths
    codes = np.unique(np.concatenate([np.unique(c) for c, _, _ in grams] or
                                     [np.zeros(0, np.int64)]))
    words = sorted({token for token, _, _ in word_entries})
    word_id = {token: i for i, token in enumerate(words)}
    # gram ids after the words'; the batches' codes are freed as they are mapped
    tok = [np.array([word_id[t] for t, _, _ in word_entries], dtype=np.int32)]
    doc = [np.array([d for _, d, _ in word_entries], dtype=np.int32)]
    f = [np.array([v for _, _, v in word_entries], dtype=np.int32)]
    del word_entries, word_id
    while grams:
        code, gram_doc, gram_f = grams.pop(0)
        tok.append((np.searchsorted(codes, code) + len(words)).astype(np.int32))
        doc.append(gram_doc)
        f.append(gram_f)
    hashes = np.concatenate((_word_hashes(words), _gram_hashes(codes)))
    # entries come doc by doc: a stable sort by token is the (token, doc) order. Each
    # array is freed once used: this is the peak of the search index's memory.
    ids = np.concatenate(tok)
    del tok
    order = np.argsort(ids, kind="stable")
    bounds = np.concatenate(([0], np.cumsum(np.bincount(ids, minlength=len(words) +
                                                        len(codes))))).astype(np.int64)
    del ids
    in_order = np.concatenate(doc)[order]
    del doc
    postings = _Postings(words, codes, hashes, bounds, in_order, np.concatenate(f)[order])
    return _State(keys, docs, np.array(lengths, dtype=np.int64), postings)


REFINE_LIMIT = 50000  # more touched tokens than this: all their shards count as changed


@dataclass(frozen=True)
class _Update:
    state: _State
    changed: np.ndarray     # int64: the hashes of the tokens whose lists changed or went


@dataclass(frozen=True)
class _Kept:
    """The old entries of the documents that stay, under their new numbers."""

    doc: np.ndarray         # int32 per entry, in the old (token, doc) order
    f: np.ndarray           # int32 per entry
    counts: np.ndarray      # int64 per old token: its entries left
    touched: np.ndarray     # bool per old token: some entry of it went or was renumbered


def _kept(p: _Postings, new_of_old: np.ndarray) -> _Kept:
    stay = np.flatnonzero(new_of_old >= 0)
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
    made = list(_batches([canon[i] for i in fresh], [urls[i] for i in fresh], names))
    number = np.array(fresh, dtype=np.int64)
    empty = [np.zeros(0, dtype=np.int64)]
    return _Fresh(
        np.concatenate([b.gram_code for _, b in made] or empty),
        np.concatenate([number[b.gram_doc + s] for s, b in made] or empty),
        np.concatenate([b.gram_f for _, b in made] or empty),
        [(token, fresh[s + i], f) for s, b in made for i, mine in enumerate(b.words)
         for token, f in mine.items()],
        {fresh[s + i]: entry for s, b in made for i, entry in enumerate(zip(b.docs, b.lengths))})


def _vocabulary(p: _Postings, alive: np.ndarray, fresh: _Fresh
                ) -> tuple[list[str], np.ndarray, np.ndarray]:
    """(words, codes) of the old tokens still in use and the new documents' tokens, and
    each old token's new id (-1: gone). Ids keep their order: the old ones stay sorted."""
    old_words = len(p.words)
    alive_words = [w for w, a in zip(p.words, alive[:old_words].tolist()) if a]
    words = sorted(set(alive_words).union(token for token, _, _ in fresh.words))
    alive_codes = p.codes[alive[old_words:]]
    unseen = np.unique(fresh.codes)
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


def _updated_state(old: _State, canon: list[Article], urls: list[str], keys: list[str],
                   names: Mapping[str, str]) -> _Update | None:
    """The new state from the old one: the entries of the documents that went are
    dropped, the others renumbered (their order is kept: a kept document's article, so
    its sort key, is unchanged) and the new documents' entries merged in. None when so
    many documents are new that tokenising them all is as quick."""
    number = {key: i for i, key in enumerate(old.keys)}
    new_of_old = np.full(len(old.keys), -1, dtype=np.int32)
    fresh: list[int] = []
    for i, key in enumerate(keys):
        j = number.get(key)
        if j is None:
            fresh.append(i)
        else:
            new_of_old[j] = i
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
    # the new documents' entries by (token, doc)
    word_id = {token: i for i, token in enumerate(words)}
    tok = np.concatenate((np.array([word_id[t] for t, _, _ in made.words], dtype=np.int64),
                          np.searchsorted(codes, made.codes) + len(words)))
    doc = np.concatenate((np.array([d for _, d, _ in made.words], dtype=np.int64),
                          made.gram_doc))
    f = np.concatenate((np.array([v for _, _, v in made.words], dtype=np.int64), made.gram_f))
    order = np.lexsort((doc, tok))
    tok, doc, f = tok[order], doc[order], f[order]
    # merged into the kept entries (both in (token, doc) order) at positions found per token
    counts = np.zeros(size, dtype=np.int64)
    counts[new_alive] = kept.counts[old_alive]
    kept_bounds = np.concatenate(([0], np.cumsum(counts)))
    firsts = np.flatnonzero(np.diff(tok, prepend=-1))
    lasts = np.append(firsts[1:], len(tok))
    at = np.empty(len(tok), dtype=np.int64)
    for first, last, token in zip(firsts.tolist(), lasts.tolist(), tok[firsts].tolist()):
        low, high = kept_bounds[token], kept_bounds[token + 1]
        at[first:last] = low + np.searchsorted(kept.doc[low:high], doc[first:last])
    fresh_counts = np.bincount(tok, minlength=size)
    new_token = np.ones(size, dtype=bool)
    new_token[new_alive] = False
    hashes = np.zeros(size, dtype=np.int64)
    hashes[new_alive] = p.hashes[old_alive]
    hashes[new_token] = np.concatenate((
        _word_hashes([w for w, n in zip(words, new_token[:len(words)].tolist()) if n]),
        _gram_hashes(codes[new_token[len(words):]])))
    postings = _Postings(words, codes, hashes,
                         np.concatenate(([0], np.cumsum(counts + fresh_counts))),
                         np.insert(kept.doc, at, doc.astype(np.int32)),
                         np.insert(kept.f, at, f.astype(np.int32)))
    # the kept documents keep their order; the new ones go in at their numbers
    stay = np.flatnonzero(new_of_old >= 0)
    docs = [old.docs[j] for j in stay.tolist()]
    lengths = np.zeros(len(keys), dtype=np.int64)
    lengths[new_of_old[stay]] = old.lengths[stay]
    for i in fresh:
        docs.insert(i, made.docs[i][0])
        lengths[i] = made.docs[i][1]
    # The tokens whose lists may differ: the old ones with moved or dropped entries and
    # the new documents'. Those whose entries are all the same are left out when few.
    candidates = np.union1d(new_id[np.flatnonzero(kept.touched & alive)],
                            np.flatnonzero(fresh_counts))
    gone = p.hashes[~alive]
    if len(candidates) > REFINE_LIMIT:
        changed = candidates
    else:
        at_old = np.minimum(np.searchsorted(new_alive, candidates), max(len(new_alive) - 1, 0))
        changed = np.array([t for t, k in zip(candidates.tolist(), at_old.tolist())
                            if new_token[t] or not _same_list(p, int(old_alive[k]), postings, t)],
                           dtype=np.int64)
    return _Update(_State(keys, docs, lengths, postings),
                   np.concatenate((gone, hashes[changed])))


def _same_list(a: _Postings, i: int, b: _Postings, j: int) -> bool:
    """Token a[i]'s entries are token b[j]'s."""
    one, two = slice(a.bounds[i], a.bounds[i + 1]), slice(b.bounds[j], b.bounds[j + 1])
    return bool(np.array_equal(a.doc[one], b.doc[two]) and np.array_equal(a.f[one], b.f[two]))


# ---------------------------------------------------------------- files

def shard_count(entries: int) -> int:
    """A power of two giving shards of about POSTINGS_PER_SHARD of the index's entries."""
    shards = MIN_SHARDS
    while shards < MAX_SHARDS and shards * POSTINGS_PER_SHARD < entries:
        shards *= 2
    return shards


def _width(count: int) -> int:
    return max(2, len(str(max(count - 1, 0))))


def _json(data) -> str:
    text = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    # U+2028/9 end a line in older JS parsers; escaping keeps the file valid anywhere
    return text.replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")


def _js(kind: str, number: int, data) -> str:
    return _call(kind, number, _json(data))


def _call(kind: str, number: int, json_text: str) -> str:
    return f"siteSearchLoad({json.dumps(kind)},{number},{json_text});\n"


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _idf(df: int, n: int) -> float:
    return math.log(1 + (n - df + 0.5) / (df + 0.5))


def _kept_entries(p: _Postings, token: str, i: int) -> np.ndarray:
    """The positions of the entries of token i that the files hold: all of them, or for
    a list longer than MAX_POSTINGS (a filter's excepted) the MAX_POSTINGS with the
    largest f, ties to the lower doc number, in doc order. Local to the token's list,
    so the cut does not move when other documents change."""
    start, stop = int(p.bounds[i]), int(p.bounds[i + 1])
    if stop - start <= MAX_POSTINGS or token.startswith(FILTERS):
        return np.arange(start, stop)
    best = np.lexsort((p.doc[start:stop], -p.f[start:stop].astype(np.int64)))[:MAX_POSTINGS]
    return start + np.sort(best)


def _shard_text(p: _Postings, number: int, ids: np.ndarray) -> str:
    """The file of one shard, whose tokens are `ids` (ascending, so in string order).
    `data` is made in a few array operations: a JSON list of millions of numbers took
    seconds each way."""
    tokens = [p.token(i) for i in ids.tolist()]
    starts = p.bounds[ids]
    sizes = p.bounds[ids + 1] - starts
    ends = np.cumsum(sizes)
    # every list's positions at once: start of its list + the offset within it
    at = np.repeat(starts - (ends - sizes), sizes) + np.arange(ends[-1] if len(ends) else 0)
    truncated, cut = [], {}
    for k in np.flatnonzero(sizes > MAX_POSTINGS).tolist():
        kept = _kept_entries(p, tokens[k], int(ids[k]))
        if len(kept) < sizes[k]:
            truncated.append([tokens[k], int(sizes[k])])
            cut[k] = kept
    if cut:  # a cut list's kept entries instead of all of its entries
        at = np.concatenate([cut[k] if k in cut else at[end - size:end] for k, (size, end)
                             in enumerate(zip(sizes.tolist(), ends.tolist()))])
        sizes[list(cut)] = MAX_POSTINGS
        ends = np.cumsum(sizes)
    values = np.empty(2 * len(at), dtype="<i4")
    values[0::2], values[1::2] = p.doc[at], p.f[at]
    return _js("shard", number, {
        "tokens": tokens, "ends": (2 * ends).tolist(), "truncated": truncated,
        "data": base64.b64encode(values.tobytes()).decode("ascii")})


def _stats_text(state: _State) -> str:
    """Each document's length and the idf of every document frequency of a weighted
    token: the browser takes these doubles as they are (no log of its own)."""
    return _js("stats", 0, {"lengths": state.lengths.tolist(), "idf": _idf_table(state)})


def _idf_table(state: _State) -> list[list]:
    """[document frequency, idf] for each frequency of a weighted (not filter) token."""
    p = state.postings
    weighted = np.ones(len(p), dtype=bool)
    weighted[:len(p.words)] = [not w.startswith(FILTERS) for w in p.words]
    used = np.zeros(len(state.keys) + 1, dtype=bool)
    used[p.counts()[weighted]] = True
    return [[df, _idf(df, len(state.keys))] for df in np.flatnonzero(used).tolist()]


def _docs_text(number: int, docs: list[str]) -> str:
    return _call("docs", number, "[" + ",".join(docs) + "]")


def _meta_text(canon: list[Article], names: Mapping[str, str], shards: int,
               chunks: int) -> str:
    tag_counts = Counter(t for a in canon for t in dict.fromkeys(a.tags))
    year_counts = Counter(a.date[:4] for a in canon if a.date)
    return _js("meta", 0, {
        "version": 2, "count": len(canon), "shards": shards, "shardWidth": _width(shards),
        "docChunk": DOC_CHUNK, "docChunks": chunks, "docWidth": _width(chunks),
        "tags": [[slug, names.get(slug, slug), tag_counts[slug]] for slug in sorted(tag_counts)],
        "years": [[year, year_counts[year]] for year in sorted(year_counts, reverse=True)],
        "weights": {"k1": K1, "b": B, "scale": WEIGHT_SCALE, "termUnit": TERM_UNIT}})


def _memo_format() -> tuple:
    """What a memo's contents depend on besides the documents: this module's code and
    the constants tests may change. A memo made otherwise is not used."""
    return ("search", _SOURCE_DIGEST, TITLE_WEIGHT, tuple(sorted(TERM_BOOSTS.items())),
            MAX_POSTINGS, DOC_CHUNK, POSTINGS_PER_SHARD, MIN_SHARDS, MAX_SHARDS, BATCH_DOCS)


_SOURCE_DIGEST = hashlib.sha256(Path(__file__).read_bytes()).hexdigest()


def build_search_files(articles: list[Article], article_url: Callable[[Article], str],
                       tag_names: Mapping[str, str] | None = None,
                       memo: dict | None = None) -> dict[str, str]:
    """{path under _site: file text} for the whole search index (iter_search_files)."""
    files: dict[str, str] = {}
    for path, _, text in iter_search_files(articles, article_url, tag_names, memo):
        assert text is not None  # nothing is reusable without `reusable`
        files[path] = text
    return files


def iter_search_files(articles: list[Article], article_url: Callable[[Article], str],
                      tag_names: Mapping[str, str] | None = None,
                      memo: dict | None = None,
                      save_memo: Callable[[dict], None] | None = None,
                      reusable: Callable[[str, str], bool] | None = None,
                      article_digests: Mapping[str, str] | None = None
                      ) -> Iterator[tuple[str, str, str | None]]:
    """(path under the site root, digest of the file's bytes, text) of every file of the
    index, sorted by path. text is None only when `reusable(path, digest)` returned True:
    the caller's old site still holds exactly that file (the caller then hard-links it).
    The digest is the SHA-256 (hex) of the file's UTF-8 bytes.

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
    names = dict(tag_names or {})
    canon = sorted((a for a in articles if a.duplicate_of is None), key=_doc_order)
    urls = [article_url(a) for a in canon]
    keys = _doc_keys(canon, urls, names, article_digests or {})
    old_digests: dict[str, str] = memo.get("digests", {}) if memo else {}
    old_shards = memo.get("shards") if memo else None
    old = _State.from_memo(memo) if memo and memo.get("format") == _memo_format() else None
    if memo is not None:
        memo.clear()  # so that the old state is freed as soon as the new one is made
    update = _updated_state(old, canon, urls, keys, names) if old else None
    del old
    state = update.state if update else _cold_state(canon, urls, keys, names)
    p = state.postings
    shards = shard_count(len(p.doc))
    changed = np.ones(shards, dtype=bool)
    if update and old_shards == shards:
        changed[:] = False
        changed[update.changed % shards] = True
    digests: dict[str, str] = {}

    def file(path: str, make: Callable[[], str], unchanged: bool
             ) -> tuple[str, str, str | None]:
        """The file's triple; `make()` (called here, if at all) gives its text."""
        old = old_digests.get(path)
        if unchanged and old is not None and reusable is not None and reusable(path, old):
            digests[path] = old
            return path, old, None
        text = make()
        digest = digests[path] = _digest(text)
        if not unchanged and digest == old and reusable is not None and reusable(path, digest):
            return path, digest, None
        return path, digest, text

    chunks = max(1, math.ceil(len(canon) / DOC_CHUNK))
    for number in range(chunks):
        part = state.docs[number * DOC_CHUNK:(number + 1) * DOC_CHUNK]
        yield file(f"search/docs-{number:0{_width(chunks)}d}.js",
                   lambda: _docs_text(number, part), False)
    yield file("search/meta.js", lambda: _meta_text(canon, names, shards, chunks), False)
    # the tokens of each shard, ids ascending (a stable sort: shard numbers fit 16 bits)
    of_shard = (p.hashes % shards).astype(np.int16)
    order = np.argsort(of_shard, kind="stable")
    ends = np.cumsum(np.bincount(of_shard, minlength=shards)).tolist()
    for number in range(shards):
        ids = order[(ends[number - 1] if number else 0):ends[number]]
        yield file(f"search/shard-{number:0{_width(shards)}d}.js",
                   lambda: _shard_text(p, number, ids), not changed[number])
    yield file("search/stats.js", lambda: _stats_text(state), False)
    if memo is not None:
        memo.update(state.memo(), format=_memo_format(), shards=shards, digests=digests)
        if save_memo is not None:
            save_memo(memo)


# ---------------------------------------------------------------- ranking

class _Lists(abc.Mapping):
    """token -> [(doc, f)], the entries the files hold (a cut list: its kept ones)."""

    def __init__(self, postings: _Postings) -> None:
        self.postings = postings

    def __getitem__(self, token: str) -> list[tuple[int, int]]:
        i = self.postings.id(token)
        if i is None:
            raise KeyError(token)
        at = _kept_entries(self.postings, token, i)
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
    canon = sorted((a for a in articles if a.duplicate_of is None), key=_doc_order)
    urls = [article_url(a) for a in canon]
    state = _cold_state(canon, urls, _doc_keys(canon, urls, names, {}), names)
    p = state.postings
    counts = p.counts()
    truncated = {}
    for i in np.flatnonzero(counts > MAX_POSTINGS).tolist():
        token = p.token(i)
        if len(_kept_entries(p, token, i)) < counts[i]:
            truncated[token] = int(counts[i])
    meta = json.loads(_meta_text(canon, names, 1, 1)[len('siteSearchLoad("meta",0,'):-3])
    return SearchIndex(
        docs=tuple(Doc(d[0], d[1], d[2], d[3], tuple(d[4]), tuple(d[5]), d[6])
                   for d in map(json.loads, state.docs)),
        postings=_Lists(p), truncated=truncated, lengths=tuple(state.lengths.tolist()),
        idf=dict(_idf_table(state)), tags=tuple(tuple(t) for t in meta["tags"]),
        years=tuple(tuple(y) for y in meta["years"]), shards=shard_count(len(p.doc)))


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
        return [Result(d, 0) for d in sorted(allowed)], True
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
    results = sorted((Result(d, scores[d]) for d in candidates), key=lambda r: (-r.score, r.doc))
    return results, bool(exact)
