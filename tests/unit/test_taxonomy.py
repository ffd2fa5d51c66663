"""Taxonomy loading, config overrides and tag scoring (no jieba: tokens are given)."""
from __future__ import annotations

from pathlib import Path

import pytest

from site_builder.config import SiteConfig, TagDef, TaxonomyConfig
from site_builder.errors import SiteError
from site_builder.taxonomy import (explain_tags, load_taxonomy, score_tags, tag_descriptions,
                                   tag_names)

SPEC_SLUGS = {"ports", "free-trade-zone", "two-sessions", "china-europe-railway",
              "cross-border-ecommerce", "border-trade", "opening-up", "new-energy", "rare-earth",
              "aquaculture", "space", "engineering-talent", "governance", "national-security",
              "rural-revitalization", "culture", "regional-cooperation", "investment"}


@pytest.fixture(scope="module")
def taxonomy():
    return load_taxonomy()


def filler(n: int) -> list[str]:
    """Tokens that trigger nothing."""
    return ["今天"] * n


def slugs(scores) -> list[str]:
    return [s.slug for s in scores]


def test_default_covers_the_spec_vocabulary(taxonomy):
    assert SPEC_SLUGS <= set(tag_names(taxonomy))
    for tag in taxonomy.tags:
        assert tag.name and tag.description and tag.terms, tag.slug
        assert all(w > 0 for w in tag.terms.values())


def test_names_and_descriptions_for_render(taxonomy):
    assert tag_names(taxonomy)["ports"] == "口岸"
    assert tag_names(taxonomy)["free-trade-zone"] == "自贸试验区"
    assert tag_descriptions(taxonomy)["ports"]


def test_a_passing_mention_does_not_tag(taxonomy):
    tokens = filler(300) + ["稀土"]
    assert score_tags(tokens, 1000, taxonomy) == []
    # but the reason is still visible
    assert slugs(explain_tags(tokens, 1000, taxonomy)) == ["rare-earth"]


def test_repeated_core_terms_tag(taxonomy):
    tokens = filler(300) + ["稀土"] * 3 + ["永磁"]
    result = score_tags(tokens, 1000, taxonomy)
    assert slugs(result) == ["rare-earth"]
    assert result[0].why == (("稀土", 3), ("永磁", 1))
    assert result[0].evidence == 11.0


def test_density_threshold_scales_with_length(taxonomy):
    tokens = ["稀土"] * 3
    assert slugs(score_tags(tokens, 1000, taxonomy)) == ["rare-earth"]
    # the same three mentions in a very long article are a passing remark
    assert score_tags(tokens, 10000, taxonomy) == []


def test_loose_words_alone_need_a_high_density(taxonomy):
    # 旅游/游客 are weak culture terms: a long story naming them a few times is not culture
    tokens = ["旅游"] * 4 + ["文化"] * 2 + ["游客"] * 2
    assert score_tags(tokens, 2000, taxonomy) == []


def test_several_tags_strongest_first(taxonomy):
    tokens = (["口岸"] * 6 + ["通关"] * 2 + ["自贸试验区"] * 3 + ["中欧班列"] * 2
              + filler(200))
    result = score_tags(tokens, 1200, taxonomy)
    assert slugs(result) == ["ports", "free-trade-zone", "china-europe-railway"]
    assert [s.score for s in result] == sorted((s.score for s in result), reverse=True)


def test_title_tokens_count_extra(taxonomy):
    body = ["航天"] * 1 + filler(100)
    assert score_tags(body, 800, taxonomy) == []
    assert slugs(score_tags(body, 800, taxonomy, title_tokens=["卫星"])) == ["space"]


def test_ties_are_sorted_by_slug(taxonomy):
    tokens = ["稀土"] * 3 + ["航天"] * 3
    assert slugs(score_tags(tokens, 500, taxonomy)) == ["rare-earth", "space"]


def test_config_adds_a_tag_and_overrides_one():
    config = SiteConfig(taxonomy=TaxonomyConfig(tags=(
        TagDef(slug="dairy", name="乳业", description="奶业", terms={"奶业": 3, "乳制品": 2}),
        TagDef(slug="ports", name="口岸与港口", terms={"陆港": 3, "口岸": 0}),
    )))
    taxonomy = load_taxonomy(config)
    names = tag_names(taxonomy)
    assert names["dairy"] == "乳业" and names["ports"] == "口岸与港口"
    assert list(names)[-1] == "dairy"  # additions come after the defaults
    ports = taxonomy.by_slug()["ports"]
    assert "口岸" not in ports.terms  # weight 0 removes a default term
    assert ports.terms["陆港"] == 3 and "铁路口岸" in ports.terms  # others are kept
    assert ports.description  # kept when the override gives none
    assert slugs(score_tags(["奶业"] * 3, 500, taxonomy)) == ["dairy"]
    assert score_tags(["口岸"] * 5, 500, taxonomy) == []


def test_config_threshold_replaces_the_default():
    tokens = ["稀土"] * 3
    assert score_tags(tokens, 1000, load_taxonomy()) != []
    strict = load_taxonomy(SiteConfig(taxonomy=TaxonomyConfig(threshold=50.0)))
    assert strict.threshold == 50.0
    assert score_tags(tokens, 1000, strict) == []


def test_fingerprint_changes_with_the_taxonomy(taxonomy):
    other = load_taxonomy(SiteConfig(taxonomy=TaxonomyConfig(threshold=9.0)))
    assert taxonomy.fingerprint() == load_taxonomy().fingerprint()
    assert taxonomy.fingerprint() != other.fingerprint()


def test_bad_taxonomy_file_names_the_problem(tmp_path: Path):
    bad = tmp_path / "taxonomy.yaml"
    bad.write_text("tags:\n  - {slug: Bad Slug, name: x, terms: {a: 1}}\n", encoding="utf-8")
    with pytest.raises(SiteError, match="Bad Slug"):
        load_taxonomy(path=bad)
    bad.write_text("tags:\n  - {slug: a, name: x, terms: {a: -1}}\n", encoding="utf-8")
    with pytest.raises(SiteError, match="weight"):
        load_taxonomy(path=bad)
    bad.write_text("tags:\n  - {slug: a, name: x}\n  - {slug: a, name: y}\n", encoding="utf-8")
    with pytest.raises(SiteError, match="twice"):
        load_taxonomy(path=bad)
