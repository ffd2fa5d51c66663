"""The taxonomy (SPEC §5): tags with trigger terms, and the scoring that assigns them.

The default taxonomy ships in `data/taxonomy.yaml`; `site.yaml` `taxonomy.tags` adds tags
or overrides them by slug, `taxonomy.threshold` replaces the density threshold.
Scoring works on tokens produced elsewhere (nlp.py): this module never segments text,
so the render side can import it (for tag names) without loading jieba.
"""
from __future__ import annotations

import dataclasses
import functools
import hashlib
import json
import re
from collections import Counter
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from types import MappingProxyType
from typing import Iterable, Mapping, NamedTuple

import yaml

from .config import YAML_LOADER, SiteConfig, TagDef, TaxonomyConfig
from .errors import SiteError

_SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
DEFAULT_FILE = "taxonomy.yaml"
_PARAMS = ("threshold", "min_evidence", "length_floor", "title_weight", "core_weight",
           "core_mentions", "strong_threshold")


@dataclass(frozen=True)
class Tag:
    """One tag: a small value object owning its slug, display name and trigger terms."""

    slug: str
    name: str
    description: str
    terms: Mapping[str, float] = field(default_factory=lambda: MappingProxyType({}), hash=False)


@dataclass(frozen=True)
class Taxonomy:
    """All tags plus the scoring parameters (see data/taxonomy.yaml for their meaning)."""

    tags: tuple[Tag, ...]
    threshold: float = 2.5        # evidence per 1000 characters
    min_evidence: float = 4.0     # absolute evidence, so one passing mention never tags
    length_floor: int = 400       # short texts are scored as if this long
    title_weight: float = 3.0     # a term in the title/kicker counts this many times
    core_weight: float = 2.5      # terms this strong name the topic by themselves ...
    core_mentions: int = 2        # ... and must occur this often, unless
    strong_threshold: float = 8.0  # the density alone is this high

    def by_slug(self) -> dict[str, Tag]:
        return {tag.slug: tag for tag in self.tags}

    def terms(self) -> set[str]:
        """Every trigger term; nlp.py adds them to the segmenter so each is one token."""
        return {term for tag in self.tags for term in tag.terms}

    @functools.cached_property
    def index(self) -> dict[str, list[tuple[str, float]]]:
        """term -> [(slug, weight)], for scoring in one pass over the token counts.

        Computed once per Taxonomy (cached on the instance; not part of equality).
        """
        out: dict[str, list[tuple[str, float]]] = {}
        for tag in self.tags:
            for term, weight in tag.terms.items():
                out.setdefault(term, []).append((tag.slug, weight))
        return out

    def fingerprint(self) -> str:
        """A stable hash of tags and parameters, for cache keys."""
        data = [[t.slug, t.name, t.description, sorted(t.terms.items())] for t in self.tags]
        data.append([self.threshold, self.min_evidence, self.length_floor, self.title_weight,
                     self.core_weight, self.core_mentions, self.strong_threshold])
        return hashlib.sha256(json.dumps(data, ensure_ascii=False).encode()).hexdigest()[:16]


class TagScore(NamedTuple):
    """Why a tag was (or was not) given: its density, raw evidence and the terms seen."""

    slug: str
    score: float                          # evidence per 1000 characters
    evidence: float                       # sum of weight x count
    why: tuple[tuple[str, int], ...]      # (term, count), strongest contribution first
    core: int = 0                         # mentions of core terms (weight >= core_weight)


# ---------------------------------------------------------------------------- loading

def load_taxonomy(config: SiteConfig | TaxonomyConfig | None = None,
                  path: Path | None = None) -> Taxonomy:
    """The default taxonomy (or `path`) with the config's additions and overrides applied.

    A config tag whose slug exists replaces its name/description when given and merges
    its terms into the default ones; a weight of 0 removes a default term. Raises
    SiteError naming the file on a malformed taxonomy.
    """
    source = str(path) if path else f"site_builder/data/{DEFAULT_FILE}"
    text = path.read_text(encoding="utf-8-sig") if path else \
        resources.files("site_builder.data").joinpath(DEFAULT_FILE).read_text(encoding="utf-8")
    try:
        data = yaml.load(text, Loader=YAML_LOADER) or {}
    except yaml.YAMLError as exc:
        raise SiteError(source, f"not valid YAML: {exc}") from None
    base = _parse_file(data, source)
    tax_config = config.taxonomy if isinstance(config, SiteConfig) else config
    if tax_config is None:
        return base
    return apply_config(base, tax_config)


def _parse_file(data: object, source: str) -> Taxonomy:
    if not isinstance(data, dict) or not isinstance(data.get("tags"), list):
        raise SiteError(source, "a taxonomy must be a mapping with a 'tags' list")
    tags = []
    for i, entry in enumerate(data["tags"]):
        if not isinstance(entry, dict) or "slug" not in entry or "name" not in entry:
            raise SiteError(source, f"tags[{i}] needs at least 'slug' and 'name'")
        tags.append(_make_tag(str(entry["slug"]), str(entry["name"]),
                              str(entry.get("description") or ""),
                              entry.get("terms") or {}, source))
    _check_unique(tags, source)
    params = {key: data[key] for key in _PARAMS if key in data}
    for key, value in params.items():
        if not isinstance(value, (int, float)) or isinstance(value, bool) or value < 0:
            raise SiteError(source, f"'{key}' must be a non-negative number, not {value!r}")
    for key in ("length_floor", "core_mentions"):
        if key in params:
            params[key] = int(params[key])
    return Taxonomy(tags=tuple(tags), **params)


def _make_tag(slug: str, name: str, description: str, terms: object, source: str) -> Tag:
    if not _SLUG.match(slug):
        raise SiteError(source, f"tag slug '{slug}' must be lowercase ASCII words joined by '-'")
    if not isinstance(terms, dict):
        raise SiteError(source, f"tag '{slug}': 'terms' must be a mapping of term: weight")
    clean: dict[str, float] = {}
    for term, weight in terms.items():
        if not isinstance(weight, (int, float)) or isinstance(weight, bool) or weight < 0:
            raise SiteError(source, f"tag '{slug}': weight of '{term}' must be a number >= 0")
        term = str(term).strip()
        if term and weight > 0:
            clean[term] = float(weight)
    return Tag(slug, name, description, MappingProxyType(dict(sorted(clean.items()))))


def _check_unique(tags: Iterable[Tag], source: str) -> None:
    seen: set[str] = set()
    for tag in tags:
        if tag.slug in seen:
            raise SiteError(source, f"tag slug '{tag.slug}' is defined twice")
        seen.add(tag.slug)


def apply_config(base: Taxonomy, config: TaxonomyConfig) -> Taxonomy:
    """Merge site.yaml's `taxonomy` section into `base` (see load_taxonomy)."""
    tags = base.by_slug()
    for tag_def in config.tags:
        tags[tag_def.slug] = _merge(tags.get(tag_def.slug), tag_def)
    ordered = [tags[t.slug] for t in base.tags] + \
              [tags[d.slug] for d in config.tags if d.slug not in base.by_slug()]
    ordered = list(dict.fromkeys(ordered))  # a slug overridden twice stays once, in place
    threshold = base.threshold if config.threshold is None else float(config.threshold)
    return dataclasses.replace(base, tags=tuple(ordered), threshold=threshold)


def _merge(old: Tag | None, new: TagDef) -> Tag:
    terms = dict(old.terms) if old else {}
    terms.update(new.terms)
    return _make_tag(new.slug, new.name or (old.name if old else new.slug),
                     new.description or (old.description if old else ""), terms, "site.yaml")


# ---------------------------------------------------------------------------- scoring

def score_tags(tokens: list[str], text_length: int, taxonomy: Taxonomy,
               title_tokens: Iterable[str] = ()) -> list[TagScore]:
    """The tags an article earns, strongest first (ties by slug).

    evidence = sum(weight x count) over the tag's terms, a title/kicker token counting
    `title_weight` times; density = evidence per 1000 characters with the length floored
    at `length_floor`. A tag needs `min_evidence` (one passing mention is not enough),
    `threshold` density (a long article mentioning a topic in passing is not about it),
    and either `core_mentions` of its core terms or `strong_threshold` density (a roundup
    that touches a topic with loose words only, e.g. 旅游 in a governance story, is not).
    """
    return [s for s in explain_tags(tokens, text_length, taxonomy, title_tokens)
            if is_given(s, taxonomy)]


def is_given(score: TagScore, taxonomy: Taxonomy) -> bool:
    """The cut of `score_tags`, separate so `explain_tags` output can be annotated."""
    return (score.evidence >= taxonomy.min_evidence and score.score >= taxonomy.threshold
            and (score.core >= taxonomy.core_mentions
                 or score.score >= taxonomy.strong_threshold))


def explain_tags(tokens: list[str], text_length: int, taxonomy: Taxonomy,
                 title_tokens: Iterable[str] = ()) -> list[TagScore]:
    """Every tag with any evidence, scored as in `score_tags` but without the cut."""
    counts: Counter[str] = Counter(tokens)
    title_counts: Counter[str] = Counter(title_tokens)
    index = taxonomy.index
    evidence: dict[str, float] = {}
    seen: dict[str, dict[str, tuple[int, float]]] = {}
    core: dict[str, int] = {}
    # (the terms in the index sorted, not every word: the same sums in the same order)
    for term in sorted([t for t in counts.keys() | title_counts.keys() if t in index]):
        weighted_count = counts[term] + taxonomy.title_weight * title_counts[term]
        for slug, weight in index[term]:
            evidence[slug] = evidence.get(slug, 0.0) + weight * weighted_count
            mentions = counts[term] + title_counts[term]
            seen.setdefault(slug, {})[term] = (mentions, weight * weighted_count)
            if weight >= taxonomy.core_weight:
                core[slug] = core.get(slug, 0) + mentions
    length = max(text_length, taxonomy.length_floor, 1)
    scores = []
    for slug, value in evidence.items():
        why = tuple((term, n) for term, (n, _) in
                    sorted(seen[slug].items(), key=lambda kv: (-kv[1][1], kv[0])))
        scores.append(TagScore(slug, round(value * 1000 / length, 4), round(value, 4), why,
                               core.get(slug, 0)))
    return sorted(scores, key=lambda s: (-s.score, s.slug))


# ---------------------------------------------------------------------------- render side

def tag_names(taxonomy: Taxonomy) -> dict[str, str]:
    """slug -> Chinese display name, in taxonomy order."""
    return {tag.slug: tag.name for tag in taxonomy.tags}


def tag_descriptions(taxonomy: Taxonomy) -> dict[str, str]:
    """slug -> one-line description, in taxonomy order."""
    return {tag.slug: tag.description for tag in taxonomy.tags}
