"""The search index's tokens: what a document and a query are made of (the rules
static/search.js implements too; tests check they agree).

  - CJK runs -> character bigrams (a run of one character -> that character),
  - runs of ASCII letters and digits -> one lowercase token each,
  - "=" + a whole front-matter term (keyword, place, person, tag slug or tag name),
  - "tag:<slug>" and "year:<yyyy>" for the filters (weight 0).

No segmenter is needed in the browser (and jieba is never imported by the render half).
A document's entries (tokenise_batch): each token's f, the BM25F frequency (body count
+ TITLE_WEIGHT x title count) of an n-gram or word token, the summed boost of a
whole-term token (in TERM_UNITs, an integer) or 0 for a filter; and its `Doc` (what
the results list shows, with the snippet text, see snippet_text).
"""
from __future__ import annotations

import functools
import json
import re
from collections import Counter
from dataclasses import dataclass
from typing import Iterator, Mapping

import numpy as np

from ..display import display_title
from ..models import Article

TITLE_WEIGHT = 3             # a title occurrence counts as this many body occurrences
TERM_UNIT = 2                # whole-term boosts are stored in halves, as integers:
TERM_BOOSTS = {"title": 4, "tag": 5, "place": 4, "person": 4, "keyword": 3}  # tag = 2.5
SNIPPET_MAX = 2000           # a story's text up to this long is kept whole for snippets
SNIPPET_LEAD = 400           # of a longer one: the sentences of its start, this long,
SNIPPET_PROPOSAL = 200       # a deputy's "name（role）：statement" line, cut to this,
                             # and the sentences naming its terms, up to SNIPPET_MAX
FILTERS = ("tag:", "year:")  # filter tokens: weight 0, never truncated
_FULLWIDTH = {code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F)}
_FULLWIDTH[0x3000] = 0x20
_CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0002fa1f"
_TOKEN_RUN = re.compile(f"[{_CJK}]+|[a-z0-9]+")
CJK_RUN = re.compile(f"[{_CJK}]+")
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
        if CJK_RUN.fullmatch(run):
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


# (pattern, replacement, the characters without which it cannot match: None, always
# tried): most bodies are plain text, and five passes over each of them were most of
# the time
_MD_PATTERNS = [
    (re.compile(r"!\[([^\]]*)\]\([^)]*\)"), r"\1", "["),     # images -> alt text
    (re.compile(r"\[([^\]]*)\]\([^)]*\)"), r"\1", "["),      # links -> their text
    (re.compile(r"^\s{0,3}(#{1,6}|>+|[-*+]|\d+[.)])\s+", re.M), "", None),  # heads, quotes, lists
    (re.compile(r"^\s*([-*_]\s*){3,}$", re.M), "", "-*_"),     # rules
    (re.compile(r"(\*\*|__|\*|`+|~~)"), "", "*_`~"),           # emphasis and code marks
]
_WHITESPACE = re.compile(r"\s+")


def plain_text(markdown: str) -> str:
    """The body's words without Markdown markup, paragraphs joined by single spaces."""
    text = markdown
    for pattern, repl, needs in _MD_PATTERNS:
        if needs is None or any(c in text for c in needs):
            text = pattern.sub(repl, text)
    return _WHITESPACE.sub(" ", text).strip()


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


def json_text(data) -> str:
    """JSON as the index files hold it (a document's entry too): compact, keys sorted."""
    text = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    # U+2028/9 end a line in older JS parsers; escaping keeps the file valid anywhere
    return text.replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")


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



# Code point ranges of the CJK characters that make grams (the _CJK class above).
_CJK_RANGES = ((0x3400, 0x4DBF), (0x4E00, 0x9FFF), (0xF900, 0xFAFF), (0x20000, 0x2FA1F))
# What normalise() makes into [a-z0-9]: ASCII letters and digits and their full-width forms
_WORD_RUN = re.compile("[A-Za-z0-9\uff10-\uff19\uff21-\uff3a\uff41-\uff5a]+")
# A gram's code is `first << 21 | second`, and `char << 21` for a lone character: code
# order is then the grams' string order (a lone character sorts before its bigrams).
CODE_BITS = 21        # a code point fits in 21 bits, so a bigram fits in 42
POINT_MASK = (1 << CODE_BITS) - 1  # the second code point of a bigram
CODE_MASK = (1 << 2 * CODE_BITS) - 1  # a gram's code within a (text, code) key
BATCH_DOCS = 500       # documents tokenised together: bounds the arrays' memory


@dataclass(frozen=True)
class Counted:
    """tokenise() of each of several texts, counted (see count_tokens)."""

    words: list[Counter]   # per text: its a-z0-9 tokens and their counts
    keys: np.ndarray       # (text number << 42 | gram code), unique, ascending
    counts: np.ndarray     # occurrences of each key
    lengths: np.ndarray    # per text: the number of its tokens (len(tokenise(text)))


def count_tokens(texts: list[str]) -> Counted:
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
    codes = np.concatenate(((points[pair].astype(np.int64) << CODE_BITS) | points[pair + 1],
                            points[alone].astype(np.int64) << CODE_BITS))
    keys, counts = np.unique((owners << 2 * CODE_BITS) | codes, return_counts=True)
    lengths = np.bincount(owners, minlength=len(texts)) + \
        np.array([sum(c.values()) for c in words], dtype=np.int64)
    return Counted(words, keys, counts, lengths)



def gram_token(code: int) -> str:
    second = code & POINT_MASK
    return chr(code >> CODE_BITS) + (chr(second) if second else "")


def gram_code(token: str) -> int | None:
    """The code of a gram token (one or two CJK characters), None for any other token."""
    if not 1 <= len(token) <= 2 or not CJK_RUN.fullmatch(token):
        return None
    return ord(token[0]) << CODE_BITS | (ord(token[1]) if len(token) == 2 else 0)


@dataclass(frozen=True)
class Batch:
    """The postings entries of a few documents (numbered from 0 within the batch)."""

    gram_doc: np.ndarray            # int64 per gram entry: its document; by (doc, code)
    gram_code: np.ndarray           # int64: the gram's code
    gram_f: np.ndarray              # int64: its f
    words: list[dict[str, int]]     # per document: its other tokens -> f
    lengths: list[int]              # per document: body tokens + TITLE_WEIGHT x title tokens
    docs: list[str]                 # per document: its JSON in the docs files


def tokenise_batch(articles: list[Article], urls: list[str],
                    names: Mapping[str, str]) -> Batch:
    """The entries of each document: the grams and words of its title (each counting
    TITLE_WEIGHT times) and of its kicker, authors and plain body, its whole front-matter
    terms with their boosts and its filters (f 0)."""
    bodies = [plain_text("\n\n".join(p for p in (a.subtitle, a.summary, a.body, *a.captions)
                                      if p)) for a in articles]
    # the proposals printed apart from the body are searchable too
    plain = [plain_text(a.body) for a in articles]
    bodies = [" ".join([text, *printed_apart(a, body, captions=False)]) if a.proposals else text
              for a, text, body in zip(articles, bodies, plain)]
    body = count_tokens([" ".join((a.kicker or "", " ".join(a.authors), text))
                          for a, text in zip(articles, bodies)])
    title = count_tokens([a.title or "" for a in articles])
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
        docs.append(doc_json(article, urls[i], plain[i]))
    lengths = body.lengths + TITLE_WEIGHT * title.lengths
    # the counts are integers held as doubles by bincount: exact
    return Batch(keys >> 2 * CODE_BITS, keys & CODE_MASK, freqs.astype(np.int64), words,
                  lengths.tolist(), docs)


def doc_json(article: Article, url: str, plain: str | None = None) -> str:
    """The document's JSON in the docs files (`plain`: plain_text(article.body), where
    already made)."""
    doc = Doc(article.id, display_title(article)[0], url, article.date, tuple(article.tags),
              tuple(article.places),
              snippet_text(article, plain if plain is not None else plain_text(article.body)))
    return json_text(doc.as_json())


def batches(articles: list[Article], urls: list[str],
             names: Mapping[str, str]) -> Iterator[tuple[int, Batch]]:
    """(index of its first article, batch) for every BATCH_DOCS articles."""
    for start in range(0, len(articles), BATCH_DOCS):
        yield start, tokenise_batch(articles[start:start + BATCH_DOCS],
                                     urls[start:start + BATCH_DOCS], names)

