"""The content contract (SPEC §4): Article <-> content/<id>.md, and the content folder.

One table of fields (FIELDS) says what a file holds and in which order: `dumps`
writes the front matter in that order then the Markdown body; `loads` reads it back
with a safe YAML loader and file:line errors; export writes the same fields. IDs are
made here (pinyin of the title). `file_stats` and `read_folder` read a folder of
content files, reusing what is known of the files that did not change.
"""
from __future__ import annotations

import dataclasses
import functools
import hashlib
import os
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterator, Mapping

import yaml

from .errors import SiteError
from .models import Article, Edition, Proposal

from .config import YAML_LOADER

# the C emitter where libyaml is there, as for the loader
YAML_DUMPER = getattr(yaml, "CSafeDumper", yaml.SafeDumper)


@dataclass(frozen=True)
class Field:
    """One front-matter field: its `name` (that of the Article attribute it holds), its
    `kind` (how it is written and read back, see _DUMP and _LOAD) and whether it is in
    the contract of SPEC §4 (tools read those) or one of its additions."""

    name: str
    kind: str = "text"   # text | required | id | date | list | proposals | lines | edition | boxes
    contract: bool = True


# Every field of a content file, in the order it is written (the body follows the
# front matter). dump, load and export all go by this table; tests check that it
# names every Article attribute but the body once.
FIELDS = (
    Field("id", "id"), Field("title"), Field("subtitle"), Field("kicker"),
    Field("authors", "list"), Field("source"), Field("dateline"), Field("date", "date"),
    Field("date_source"), Field("seed", "required"), Field("tags", "list"),
    Field("places", "list"), Field("people", "list"), Field("keywords", "list"),
    Field("summary"), Field("duplicate_of"), Field("proposals", "proposals"),
    Field("captions", "list", False), Field("credits", "list", False),
    Field("lines", "lines", False), Field("title_source", contract=False),
    Field("edition", "edition", False), Field("boxes", "boxes", False),
)
CONTRACT_FIELDS = tuple(f.name for f in FIELDS if f.contract)
EXTRA_FIELDS = tuple(f.name for f in FIELDS if not f.contract)
_PROPOSAL_KEYS = tuple(f.name for f in dataclasses.fields(Proposal))
_OMITTED = object()  # a field left out of the file (boxes of a text seed)

MAX_ID_LENGTH = 60
# names the site uses itself, and names Windows reserves for devices
_RESERVED_IDS = {"index", "404", "search", "tags", "places", "people", "archive", "static",
                 "con", "prn", "aux", "nul", *(f"com{i}" for i in range(10)),
                 *(f"lpt{i}" for i in range(10))}


def load_pinyin():
    """pypinyin's converter and word splitter, imported on first use: its phrase tables
    take 0.15-0.3 s to load, which a build that makes no new ID must not pay at start
    (the build loads them while a worker ingests the changed pages)."""
    from pypinyin import lazy_pinyin
    from pypinyin.seg.mmseg import seg
    return lazy_pinyin, seg


@functools.lru_cache(maxsize=1 << 16)
def _pinyin_piece(word: str) -> str:
    """A word's pinyin as one lowercase ASCII group (a pure function, memoised: a
    paper's headlines repeat their words, and pypinyin takes ~0.2 ms a word)."""
    lazy_pinyin, _ = load_pinyin()
    return re.sub(r"[^a-z0-9]+", "", "".join(lazy_pinyin(word)).lower())


def make_id(title: str | None, fallback: str) -> str:
    """An ASCII slug from the title's pinyin, one hyphenated group per word.

    Safe as a file name: only [a-z0-9-], never empty, never a reserved name.
    """
    text = unicodedata.normalize("NFKC", title or fallback or "")
    parts: list[str] = []
    # Latin words and numbers stay whole; Chinese runs become one pinyin group per word.
    for run in re.findall(r"[A-Za-z0-9]+|[\u3400-\u9fff]+", text):
        if run.isascii():
            parts.append(run.lower())
            continue
        _, words = load_pinyin()
        for word in words.cut(run):
            piece = _pinyin_piece(word)
            if piece:
                parts.append(piece)
    slug = ""
    for part in parts:
        candidate = f"{slug}-{part}" if slug else part
        if len(candidate) > MAX_ID_LENGTH:
            break
        slug = candidate
    slug = slug or "article"
    if slug in _RESERVED_IDS:
        slug = f"{slug}-article"
    return slug


class _ContentDumper(YAML_DUMPER):
    pass


def _str_presenter(dumper, value: str):
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_ContentDumper.add_representer(str, _str_presenter)


_DUMP = {
    "text": lambda v: v, "required": lambda v: v, "id": lambda v: v, "date": lambda v: v,
    "list": list,
    "proposals": lambda v: [p.as_dict() for p in v],
    "lines": lambda v: list(v) if v else None,
    "edition": lambda v: v.as_dict() if v else None,
    "boxes": lambda v: [list(box) for box in v] if v else _OMITTED,  # text seeds: no key
}


def front_matter(article: Article) -> dict:
    """The article's fields as written in its file (and exported), in FIELDS order."""
    data: dict = {}
    for spec in FIELDS:
        value = _DUMP[spec.kind](getattr(article, spec.name))
        if value is not _OMITTED:
            data[spec.name] = value
    return data


def digest(article: Article) -> str:
    """A hash of everything an article holds: equal digests, equal articles."""
    return hashlib.sha256(repr(article).encode("utf-8")).hexdigest()


def dumps(article: Article) -> str:
    meta = yaml.dump(front_matter(article), Dumper=_ContentDumper, allow_unicode=True,
                     sort_keys=False, default_flow_style=None, width=1000)
    return f"---\n{meta}---\n\n{article.body.strip()}\n"


_FM = re.compile(r"\A---[ \t]*\n(.*?\n)---[ \t]*\n?(.*)\Z", re.S)


def loads(text: str, path: str) -> Article:
    """Parse a content file; raise SiteError naming the file and line on any problem."""
    text = text.lstrip("\ufeff").replace("\r\n", "\n")
    match = _FM.match(text)
    if not match:
        raise SiteError(path, "no YAML front matter (the file must start with a '---' line "
                              "and the front matter end with another)", 1)
    meta = fast_front_matter(match.group(1))
    try:
        if meta is None:
            meta = yaml.load(match.group(1), Loader=YAML_LOADER)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        raise SiteError(path, f"front matter is not valid YAML: {getattr(exc, 'problem', exc)}",
                        mark.line + 2 if mark else 2) from None
    if not isinstance(meta, dict):
        raise SiteError(path, "front matter must be a mapping of fields", 2)
    front = _FrontMatter(meta, match.group(1).split("\n"), path)
    for name in ("id", "seed"):
        if not front.text(name):
            raise SiteError(path, f"'{name}' is required", front.line_of(name))
    return Article(body=match.group(2).strip(),
                   **{spec.name: _LOAD[spec.kind](front, spec.name) for spec in FIELDS})


# ---------------------------------------------------------------- the fast path
# Reading 10,000 front matters with yaml (even libyaml's CSafeLoader, whose objects are
# still built in Python) was ~15% of a render. `fast_front_matter` reads the shapes that
# `dumps` writes itself (one `key: value` a line; plain or single-quoted scalars, null,
# plain decimal integers, flow lists and flow mappings of those, a block list of flow
# mappings) into exactly what yaml makes of them, and gives up (None: yaml reads it)
# on anything else: a double-quoted or block scalar, a comment, an indented line, a
# scalar yaml would read as a bool, a float or a date, a character yaml refuses.
# Property-tested against yaml (tests/unit/test_front_matter_fast.py).
_FM_KEY = re.compile(r"([A-Za-z_][A-Za-z0-9_]*):(?: (.*))?\Z")
_FM_BAD = re.compile("[^\x0a\x20-\x7e\xa1-\ud7ff\ue000-\ufefe\uff00-\ufffd\U00010000-\U0010ffff]"
                     "|\u2028|\u2029")
# a flow item: a single-quoted scalar, or a plain one (no flow indicator, no ': ' or ' #',
# no leading indicator, no space at either end)
_FM_ITEM = re.compile(r"'((?:[^']|'')*)'|([^\s,\[\]{}#&*!|>'\"%@`?:\-][^,\[\]{}#:?]*?)(?<! )(?=, |\]|})")
_FM_PLAIN = re.compile(r"[^\s,\[\]{}#&*!|>'\"%@`?:\-][^#:]*")
_FM_QUOTED = re.compile(r"'((?:[^']|'')*)'")
_FM_FLOW_KEY = re.compile(r"([A-Za-z_][A-Za-z0-9_]*): ")
_STR_TAG = "tag:yaml.org,2002:str"
_NOT_PARSED = object()
# the keys dumps() writes: plain words that yaml reads as themselves
_FM_KEYS = frozenset(f.name for f in FIELDS) | frozenset(_PROPOSAL_KEYS) | \
    frozenset(("paper", "date", "page", "name"))


def _fm_scalar(plain: str) -> object:
    """A plain scalar as yaml's safe loader reads it; _NOT_PARSED for a bool, float,
    date or any integer but a plain decimal one."""
    if plain[0] >= "\x80" or plain in _FM_KEYS:  # (no resolver starts with these)
        return plain if plain[-1] != ":" else _NOT_PARSED
    if plain.endswith(":"):
        return _NOT_PARSED
    tag = _STR_TAG
    for candidate, pattern in YAML_LOADER.yaml_implicit_resolvers.get(plain[0], ()):
        if pattern.match(plain):
            tag = candidate
            break
    if tag == _STR_TAG:
        return plain
    if tag == "tag:yaml.org,2002:null":
        return None
    if tag == "tag:yaml.org,2002:int" and (plain == "0" or re.fullmatch(r"[1-9][0-9]*", plain)):
        return int(plain)
    return _NOT_PARSED


def _fm_flow(text: str, at: int, close: str) -> tuple[object, int]:
    """The flow list (close ']') or mapping ('}') whose items start at text[at:]: (its
    value, the index after its closing bracket), or (_NOT_PARSED, -1)."""
    made: list | dict = [] if close == "]" else {}
    if text.startswith(close, at):
        return made, at + 1
    while True:
        key = None
        if close == "}":
            found = _FM_FLOW_KEY.match(text, at)
            if not found or _fm_scalar(found.group(1)) != found.group(1):
                return _NOT_PARSED, -1
            key, at = found.group(1), found.end()
        item = _FM_ITEM.match(text, at)
        if not item:
            return _NOT_PARSED, -1
        value = (item.group(1).replace("''", "'") if item.group(1) is not None
                 else _fm_scalar(item.group(2)))
        if value is _NOT_PARSED:
            return _NOT_PARSED, -1
        if key is None:
            made.append(value)  # type: ignore[union-attr]
        else:
            made[key] = value  # type: ignore[index]
        at = item.end()
        if text.startswith(close, at):
            return made, at + 1
        if not text.startswith(", ", at):
            return _NOT_PARSED, -1
        at += 2


def _fm_value(text: str) -> object:
    """One line's value (after 'key: ' or '- ')."""
    if text[0] in "[{":
        value, end = _fm_flow(text, 1, "]" if text[0] == "[" else "}")
        return value if end == len(text) else _NOT_PARSED
    if text[0] == "'":
        item = _FM_QUOTED.fullmatch(text)
        return item.group(1).replace("''", "'") if item else _NOT_PARSED
    if not _FM_PLAIN.fullmatch(text) or text != text.strip():
        return _NOT_PARSED
    return _fm_scalar(text)


def fast_front_matter(text: str) -> dict | None:
    """The front matter `text` (ending in a newline) as yaml's safe loader reads it, for
    the shapes dumps() writes; None for anything else (see above)."""
    if _FM_BAD.search(text):
        return None
    meta: dict = {}
    lines = text.split("\n")
    lines.pop()  # (the text ends in a newline)
    i = 0
    while i < len(lines):
        found = _FM_KEY.match(lines[i])
        if not found:
            return None
        key, rest = found.group(1), found.group(2)
        i += 1
        if _fm_scalar(key) != key or rest == "":
            return None
        if rest is None:
            # `key:` alone: null, or the block list of the lines that follow
            items = []
            while i < len(lines) and lines[i].startswith("- "):
                value = _fm_value(lines[i][2:]) if len(lines[i]) > 2 else _NOT_PARSED
                if value is _NOT_PARSED:
                    return None
                items.append(value)
                i += 1
            meta[key] = items or None
            continue
        value = _fm_value(rest)
        if value is _NOT_PARSED:
            return None
        meta[key] = value
    return meta


@dataclass(frozen=True)
class _FrontMatter:
    """A content file's front matter as read, with the line of each key for errors."""

    meta: dict
    lines: list[str]
    path: str

    def line_of(self, key: str) -> int:
        for i, line in enumerate(self.lines):
            if line.startswith(f"{key}:"):
                return i + 2
        return 2

    def error(self, key: str, message: str) -> SiteError:
        return SiteError(self.path, message, self.line_of(key))

    def text(self, key: str) -> str | None:
        value = self.meta.get(key)
        if value is None:
            return None
        if isinstance(value, (dict, list)):
            raise self.error(key, f"'{key}' must be text")
        return str(value)

    def id(self, key: str) -> str:
        value = self.text(key)
        if not re.fullmatch(r"[a-z0-9][a-z0-9-]*", value or ""):
            raise self.error(key, f"'{key}' must be lowercase ASCII letters, digits and "
                                  f"hyphens, not {value!r}")
        return value  # type: ignore[return-value]

    def date(self, key: str) -> str | None:
        value = self.meta.get(key)
        return str(value) if value else None  # YAML reads 2026-04-09 as a date

    def list(self, key: str) -> tuple[str, ...]:
        value = self.meta.get(key) or []
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list):
            raise self.error(key, f"'{key}' must be a list")
        return tuple(str(v) for v in value if v is not None and str(v).strip())

    def proposals(self, key: str) -> tuple[Proposal, ...]:
        proposals = []
        for item in self.meta.get(key) or []:
            if not isinstance(item, dict) or not item.get("person"):
                raise self.error(key, "each proposal needs a 'person'")
            proposals.append(Proposal(**{k: (str(item[k]) if item.get(k) is not None else None)
                                         for k in _PROPOSAL_KEYS}))
        return tuple(proposals)

    def lines_range(self, key: str) -> tuple | None:
        value = self.meta.get(key)
        return tuple(value) if isinstance(value, list) and len(value) == 2 else None

    def edition(self, key: str) -> Edition | None:
        value = self.meta.get(key)
        if value is not None and not isinstance(value, dict):
            raise self.error(key, "'edition' must be a mapping of paper, date, page and name")
        return _edition(value, self.path, self.line_of(key)) if value else None

    def boxes(self, key: str) -> tuple:
        return _boxes(self.meta.get(key), self.path, self.line_of(key))


_LOAD = {
    "text": _FrontMatter.text, "required": _FrontMatter.text, "id": _FrontMatter.id,
    "date": _FrontMatter.date, "list": _FrontMatter.list,
    "proposals": _FrontMatter.proposals, "lines": _FrontMatter.lines_range,
    "edition": _FrontMatter.edition, "boxes": _FrontMatter.boxes,
}


def _boxes(value, path: str, line: int) -> tuple:
    """`boxes: [[page, x0, top, x1, bottom], ...]` (PDF seeds)."""
    if value is None:
        return ()
    try:
        return tuple((int(b[0]), *(float(v) for v in b[1:])) for b in value
                     if len(b) == 5) if isinstance(value, list) else ()
    except (TypeError, ValueError):
        raise SiteError(path, "'boxes' must be a list of [page, x0, top, x1, bottom]", line) from None


def _edition(data: dict, path: str, line: int) -> Edition:
    page = data.get("page")
    if page is not None and not (isinstance(page, int) and page > 0):
        raise SiteError(path, f"'edition.page' must be a page number, not {page!r}", line)
    text = {k: (str(data[k]) if data.get(k) is not None else None) for k in ("paper", "date", "name")}
    return Edition(paper=text["paper"], date=text["date"], page=page, name=text["name"])


def read_text(path: Path) -> str:
    """A content file's text; SiteError naming it when it cannot be read as UTF-8."""
    try:
        return path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise SiteError(str(path), f"not UTF-8 text ({exc.reason} at byte {exc.start})") from None
    except OSError as exc:  # unreadable, or a folder named *.md
        raise SiteError(str(path), f"cannot read the content file: {exc.strerror or exc}",
                        hint="check that it is a file you may read") from None


def load(path: Path) -> Article:
    return loads(read_text(path), str(path))


def load_dir(folder: Path) -> tuple[list[Article], list[SiteError]]:
    """Every content file of `folder` (sorted), and the errors of those that could not be read."""
    articles, errors = [], []
    for path in sorted(folder.rglob("*.md")):
        if path.name.startswith("_"):
            continue
        try:
            articles.append(load(path))
        except SiteError as exc:
            errors.append(exc)
    return articles, errors


# ---------------------------------------------------------------- the content folder

FileStat = tuple[int, int]  # size, mtime_ns: unchanged means not edited since


@dataclass(frozen=True)
class ContentFile:
    """A content file as read (or written) and the article it holds."""

    stat: FileStat
    article: Article
    digest: str            # digest(article)


def walk(folder: Path) -> Iterator[tuple[str, os.DirEntry]]:
    """(name relative to `folder`, entry) of every file of `folder` and its subfolders, in
    no particular order: os.scandir, which runs for every build, is several times faster
    than pathlib over 10,000 files."""
    def scan(directory: str, prefix: str) -> Iterator[tuple[str, os.DirEntry]]:
        with os.scandir(directory) as entries:
            for entry in entries:
                if entry.is_dir():
                    yield from scan(entry.path, f"{prefix}{entry.name}/")
                else:
                    yield prefix + entry.name, entry

    return scan(str(folder), "")


def file_stats(folder: Path, scan: Mapping[str, os.stat_result] | None = None
               ) -> list[tuple[str, FileStat | None]]:
    """(name, (size, mtime_ns)) of every article file of `folder` and its subfolders
    (names relative to it, sorted by path components). `scan`: the stat of every file
    of the folder by name, when listed already."""
    if scan is not None:
        found = [(name, (st.st_size, st.st_mtime_ns)) for name, st in scan.items()
                 if _article_file(name)]
    else:
        found = []
        for name, entry in walk(folder):
            if _article_file(name):
                try:
                    stat = entry.stat()
                    found.append((name, (stat.st_size, stat.st_mtime_ns)))
                except OSError:
                    found.append((name, None))
    return sorted(found, key=lambda item: item[0].split("/"))


def _article_file(name: str) -> bool:
    """An article's file: Markdown, and not one of the folder's own (named `_…`)."""
    return name.endswith(".md") and not name.rpartition("/")[2].startswith("_")


# (name, text, stat) of content files -> each one's ContentFile, or the error that
# says why it cannot be read, in the same order
Parse = Callable[[list[tuple[str, str, FileStat]]], list["ContentFile | SiteError"]]


def parse_files(folder: str, files: list[tuple[str, str, FileStat]]) -> list[ContentFile | SiteError]:
    """Each content file's ContentFile (`files`: (name in `folder`, text, stat)), or the
    SiteError of one that is not valid."""
    made: list[ContentFile | SiteError] = []
    for name, text, stat in files:
        try:
            article = loads(text, os.path.join(folder, name))
        except SiteError as exc:
            made.append(exc)
            continue
        made.append(ContentFile(stat, article, digest(article)))
    return made


def read_folder(folder: Path, known: Mapping[str, ContentFile],
                stats: list[tuple[str, FileStat | None]],
                parse: Parse | None = None) -> tuple[dict[str, ContentFile], list[SiteError]]:
    """The content files of `folder` (`stats`: file_stats(folder)) by name, reusing the
    `known` article of each file whose size and mtime are unchanged, and the errors of
    those that could not be read. The others are read here and parsed by `parse`
    (default: parse_files, here; a build passes one that spreads them over its workers)."""
    unreadable: dict[str, SiteError] = {}
    texts: list[tuple[str, str, FileStat]] = []
    for name, stat in stats:
        entry = known.get(name)
        if entry is None or stat is None or entry.stat != stat:
            try:
                texts.append((name, read_text(folder / name), stat or (0, 0)))
            except SiteError as exc:
                unreadable[name] = exc
    parsed = dict(zip([name for name, _, _ in texts],
                      (parse or functools.partial(parse_files, str(folder)))(texts)))
    loaded: dict[str, ContentFile] = {}
    errors: list[SiteError] = []
    for name, _ in stats:
        entry = unreadable.get(name) or parsed.get(name) or known[name]
        if isinstance(entry, SiteError):
            errors.append(entry)
        else:
            loaded[name] = entry
    return loaded, errors
