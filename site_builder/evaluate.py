"""Score content/ against an editor's annotation (the gold format of tests/data/).

Matching follows the annotation's rules: text compared after NFKC, without
Markdown markup and white space; a gold article is found in the content file
whose body holds both its opening and closing text, longest gold stories first,
each file claimed once; fields compared exactly, tags and places as
micro-averaged sets without the *_optional values.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from .content import load_dir
from .errors import SiteError
from .models import Article

_SPACE = re.compile(r"\s+")
_MARKUP = re.compile(r"(^|\n)\s{0,3}(#{1,6}\s|>\s?|[-*+]\s|\d+\.\s)|[*_`]")
SCALAR_FIELDS = ("title", "subtitle", "kicker", "source", "dateline", "date")


def normalize(text: object) -> str:
    if text is None or text == "":
        return ""
    return _SPACE.sub("", _MARKUP.sub(r"\1", unicodedata.normalize("NFKC", str(text))))


def _same(gold: object, got: object) -> bool:
    return normalize(gold).lstrip("—–-") == normalize(got).lstrip("—–-")


def _names(value) -> set[str]:
    if value is None:
        return set()
    if isinstance(value, str):
        value = [value]
    return {str(v).strip() for v in value if str(v).strip()}


@dataclass
class SetScore:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    def add(self, gold: set[str], got: set[str]) -> None:
        self.tp += len(gold & got)
        self.fp += len(got - gold)
        self.fn += len(gold - got)

    @property
    def f1(self) -> float:
        p = self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0
        r = self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0
        return round(2 * p * r / (p + r), 3) if p + r else 0.0


@dataclass
class Score:
    gold_articles: int
    files: int
    found: int
    fields: dict[str, float]
    authors: float
    tags_f1: float
    places_f1: float
    duplicates: tuple[int, int]
    proposals: tuple[int, int]
    leaks: list[str] = field(default_factory=list)
    missed: list[str] = field(default_factory=list)
    wrong: list[str] = field(default_factory=list)

    @property
    def recall(self) -> float:
        return round(self.found / self.gold_articles, 3) if self.gold_articles else 1.0

    @property
    def precision(self) -> float:
        return round(self.found / self.files, 3) if self.files else 0.0

    def summary(self) -> str:
        f = self.fields
        return (f"recall={self.recall} precision={self.precision} title={f['title']} "
                f"subtitle={f['subtitle']} kicker={f['kicker']} source={f['source']} "
                f"authors={self.authors} dateline={f['dateline']} date={f['date']} "
                f"tagsF1={self.tags_f1} placesF1={self.places_f1} "
                f"dups={self.duplicates[0]}/{self.duplicates[1]} "
                f"proposals={self.proposals[0]}/{self.proposals[1]} leaks={len(self.leaks)}")


def load_gold(path: Path) -> dict:
    try:
        gold = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError, UnicodeDecodeError) as exc:
        raise SiteError(str(path), f"cannot read the annotation: {exc}") from None
    if not isinstance(gold, dict) or not isinstance(gold.get("articles"), list):
        raise SiteError(str(path), "the annotation holds no 'articles' list")
    return gold


def score(articles: list[Article], gold: dict) -> Score:
    golds = gold["articles"]
    bodies = [normalize(a.body) for a in articles]
    match: dict[int, int] = {}
    claimed: set[int] = set()
    for gi in sorted(range(len(golds)), key=lambda k: -(golds[k].get("approx_chars") or 0)):
        head = normalize(golds[gi].get("body_starts_with"))
        tail = normalize(golds[gi].get("body_ends_with"))
        for di, body in enumerate(bodies):
            if di not in claimed and head and tail and head in body and tail in body:
                match[gi] = di
                claimed.add(di)
                break
    right = dict.fromkeys(SCALAR_FIELDS, 0)
    authors_ok, tags, places, dups, wrong = 0, SetScore(), SetScore(), 0, []
    index = {g.get("id"): k for k, g in enumerate(golds)}
    for gi, g in enumerate(golds):
        if gi not in match:
            continue
        got = articles[match[gi]]
        for name in SCALAR_FIELDS:
            want, have = g.get(name), getattr(got, name)
            ok = (name == "title" and not want) or (_same(want, have) if want else not have)
            right[name] += ok
            if not ok:
                wrong.append(f"{g.get('id')}.{name}: gold={want!r} got={have!r}")
        if _names(g.get("authors")) == set(got.authors):
            authors_ok += 1
        else:
            wrong.append(f"{g.get('id')}.authors: gold={g.get('authors')!r} got={list(got.authors)!r}")
        tags.add(_names(g.get("tags")), set(got.tags) - _names(g.get("tags_optional")))
        places.add(_names(g.get("places")), set(got.places) - _names(g.get("places_optional")))
        target = match.get(index.get(g.get("duplicate_of"), -1))
        if g.get("duplicate_of") and target is not None:
            canonical = articles[target]
            if got.duplicate_of == canonical.id or canonical.duplicate_of == got.id:
                dups += 1
    found_props = 0
    for p in gold.get("proposals") or []:
        di = match.get(index.get(p.get("article"), -1))
        if di is not None and normalize(p.get("person")) in {
                normalize(q.person) for q in articles[di].proposals}:
            found_props += 1
    leaks = []
    for block in gold.get("non_article_text") or []:
        probe = normalize(block.get("starts_with"))
        if len(probe) >= 6:
            holder = next((a.id for a, body in zip(articles, bodies) if probe in body), None)
            if holder:
                leaks.append(f"{block.get('starts_with')!r} in {holder}")
    found = len(match)
    return Score(
        gold_articles=len(golds), files=len(articles), found=found,
        fields={k: round(v / found, 3) if found else 0.0 for k, v in right.items()},
        authors=round(authors_ok / found, 3) if found else 0.0,
        tags_f1=tags.f1, places_f1=places.f1,
        duplicates=(dups, sum(1 for g in golds if g.get("duplicate_of"))),
        proposals=(found_props, len(gold.get("proposals") or [])), leaks=leaks,
        missed=[g.get("id") for k, g in enumerate(golds) if k not in match], wrong=wrong)


def evaluate(content_dir: Path, gold_path: Path) -> Score:
    articles, errors = load_dir(content_dir)
    if errors:
        raise errors[0]
    return score(articles, load_gold(gold_path))
