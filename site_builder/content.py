"""The content contract (SPEC §4): Article <-> content/<id>.md.

`dump` writes front matter in a fixed key order then the Markdown body;
`load` reads it back with a safe YAML loader and file:line errors.
"""
from __future__ import annotations

import hashlib
import re
import unicodedata
from pathlib import Path

import yaml

from .errors import SiteError
from .models import Article, Edition, Proposal

from .config import YAML_LOADER

# the C emitter where libyaml is there, as for the loader
YAML_DUMPER = getattr(yaml, "CSafeDumper", yaml.SafeDumper)

# The contract's fields in the order they are written; tools read these names.
CONTRACT_FIELDS = ("id", "title", "subtitle", "kicker", "authors", "source", "dateline", "date",
                   "date_source", "seed", "tags", "places", "people", "keywords", "summary",
                   "duplicate_of", "proposals")
EXTRA_FIELDS = ("captions", "credits", "lines", "title_source", "edition", "boxes")
LIST_FIELDS = {"authors", "tags", "places", "people", "keywords", "captions", "credits"}

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
        lazy_pinyin, words = load_pinyin()
        for word in words.cut(run):
            piece = re.sub(r"[^a-z0-9]+", "", "".join(lazy_pinyin(word)).lower())
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


def front_matter(article: Article) -> dict:
    data: dict = {}
    for name in CONTRACT_FIELDS + EXTRA_FIELDS:
        value = getattr(article, name)
        if name == "proposals":
            value = [p.as_dict() for p in value]
        elif name == "lines":
            value = list(value) if value else None
        elif name == "edition":
            value = value.as_dict() if value else None
        elif name == "boxes":
            if not value:
                continue  # text seeds: no boxes, no key
            value = [list(box) for box in value]
        elif name in LIST_FIELDS:
            value = list(value)
        data[name] = value
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
    try:
        meta = yaml.load(match.group(1), Loader=YAML_LOADER)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        raise SiteError(path, f"front matter is not valid YAML: {getattr(exc, 'problem', exc)}",
                        mark.line + 2 if mark else 2) from None
    if not isinstance(meta, dict):
        raise SiteError(path, "front matter must be a mapping of fields", 2)
    lines = match.group(1).split("\n")

    def line_of(key: str) -> int:
        for i, line in enumerate(lines):
            if line.startswith(f"{key}:"):
                return i + 2
        return 2

    def text_field(key: str) -> str | None:
        value = meta.get(key)
        if value is None:
            return None
        if isinstance(value, (dict, list)):
            raise SiteError(path, f"'{key}' must be text", line_of(key))
        return str(value)

    def list_field(key: str) -> tuple[str, ...]:
        value = meta.get(key) or []
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list):
            raise SiteError(path, f"'{key}' must be a list", line_of(key))
        return tuple(str(v) for v in value if v is not None and str(v).strip())

    for key in ("id", "seed"):
        if not text_field(key):
            raise SiteError(path, f"'{key}' is required", line_of(key))
    article_id = text_field("id")
    if not re.fullmatch(r"[a-z0-9][a-z0-9-]*", article_id or ""):
        raise SiteError(path, f"'id' must be lowercase ASCII letters, digits and hyphens, "
                              f"not {article_id!r}", line_of("id"))
    proposals = []
    for item in meta.get("proposals") or []:
        if not isinstance(item, dict) or not item.get("person"):
            raise SiteError(path, "each proposal needs a 'person'", line_of("proposals"))
        proposals.append(Proposal(**{k: (str(item[k]) if item.get(k) is not None else None)
                                     for k in ("person", "role", "affiliation", "summary", "kind",
                                               "statement", "credit")}))
    date = meta.get("date")
    edition = meta.get("edition")
    if edition is not None and not isinstance(edition, dict):
        raise SiteError(path, "'edition' must be a mapping of paper, date, page and name",
                        line_of("edition"))
    raw_lines = meta.get("lines")
    return Article(
        id=article_id, title=text_field("title"), body=match.group(2).strip(),
        seed=text_field("seed"), subtitle=text_field("subtitle"), kicker=text_field("kicker"),
        authors=list_field("authors"), source=text_field("source"),
        dateline=text_field("dateline"), date=str(date) if date else None,
        date_source=text_field("date_source"), tags=list_field("tags"),
        places=list_field("places"), people=list_field("people"),
        keywords=list_field("keywords"), summary=text_field("summary"),
        duplicate_of=text_field("duplicate_of"), proposals=tuple(proposals),
        captions=list_field("captions"), credits=list_field("credits"),
        lines=tuple(raw_lines) if isinstance(raw_lines, list) and len(raw_lines) == 2 else None,
        title_source=text_field("title_source"),
        edition=_edition(edition, path, line_of("edition")) if edition else None,
        boxes=_boxes(meta.get("boxes"), path, line_of("boxes")),
    )


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


def load(path: Path) -> Article:
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise SiteError(str(path), f"not UTF-8 text ({exc.reason} at byte {exc.start})") from None
    except OSError as exc:  # unreadable, or a folder named *.md
        raise SiteError(str(path), f"cannot read the content file: {exc.strerror or exc}",
                        hint="check that it is a file you may read") from None
    return loads(text, str(path))


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
