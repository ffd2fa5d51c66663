"""corpus.build_corpus: grouping, duplicates, related articles, prev/next, ports."""
from __future__ import annotations

import random
from dataclasses import replace

from site_builder.config import RelatedConfig, SiteConfig
from site_builder.render.corpus import (KEYWORD_WEIGHT, PLACE_WEIGHT, TAG_WEIGHT, UNDATED,
                                        RelatedArticles, build_corpus, load_ports, people_of,
                                        port_stories)
from site_builder.render.routes import Routes, unique_ids
from site_builder.models import Article, Proposal


def art(id: str, date: str | None = "2026-04-01", **kw) -> Article:
    return Article(id=id, title=kw.pop("title", id), body=kw.pop("body", "正文"),
                   seed=kw.pop("seed", "p1.txt"), date=date, **kw)


def config(count: int = 5, threshold: float = 2.0, share: float = 0.5) -> SiteConfig:
    return SiteConfig(related=RelatedConfig(count=count, threshold=threshold,
                                            max_document_share=share))


def ids(articles) -> list[str]:
    return [a.id for a in articles]


def test_articles_sorted_newest_first_undated_last_ties_by_id():
    corpus = build_corpus([art("b", "2026-04-01"), art("z", None), art("a", "2026-04-01"),
                           art("c", "2026-05-02"), art("y", None)], config())
    assert ids(corpus.articles) == ["c", "a", "b", "y", "z"]


def test_groupings_list_canonical_articles_only_but_pages_list_every_printing():
    articles = [
        art("story", tags=("ports",), places=("满洲里",), people=("曲建",), seed="p1.txt"),
        art("story-copy", tags=("ports",), places=("满洲里",), people=("曲建",),
            seed="p2.txt", duplicate_of="story"),
        art("other", tags=("ports", "two-sessions"), seed="p2.txt"),
    ]
    corpus = build_corpus(articles, config())
    assert ids(corpus.canonical) == ["other", "story"]
    assert ids(corpus.by_tag["ports"]) == ["other", "story"]
    assert ids(corpus.by_place["满洲里"]) == ["story"]
    assert ids(corpus.by_person["曲建"]) == ["story"]
    assert ids(corpus.duplicates["story"]) == ["story-copy"]
    assert corpus.canonical_of["story-copy"] == "story"
    assert ids(corpus.by_seed["p2.txt"]) == ["other", "story-copy"]
    assert list(corpus.by_tag) == ["ports", "two-sessions"]


def test_people_include_proposal_speakers_with_their_proposals():
    proposal = Proposal("罗青", "全国人大代表", "内蒙古某公司", "建议加快口岸建设")
    corpus = build_corpus([art("a", proposals=(proposal,), people=("曲建",))], config())
    assert sorted(corpus.by_person) == ["曲建", "罗青"]
    entries = corpus.proposals_by_person["罗青"]
    assert [(e.proposal, e.article.id) for e in entries] == [(proposal, "a")]
    assert Routes.of(corpus, ()).person_ids == {"曲建": "qu-jian", "罗青": "luo-qing"}
    # one answer to "whom does a story name", for the listings, the plan and the page
    assert people_of(corpus.articles[0]) == ("曲建", "罗青")


def test_archive_by_month_newest_first_with_undated_group_last():
    corpus = build_corpus([art("a", "2025-12-31"), art("b", None), art("c", "2026-01-05"),
                           art("d", "bad date")], config())
    assert list(corpus.by_date) == ["2026-01", "2025-12", UNDATED]
    assert ids(corpus.by_date[UNDATED]) == ["b", "d"]


def test_prev_and_next_follow_dates_over_canonical_articles():
    corpus = build_corpus([art("old", "2026-01-01"), art("mid", "2026-02-01"),
                           art("mid-copy", "2026-02-01", duplicate_of="mid"),
                           art("new", "2026-03-01")], config())
    assert corpus.prev["new"].id == "mid" and corpus.prev["mid"].id == "old"
    assert corpus.next["old"].id == "mid" and corpus.next["mid"].id == "new"
    assert "old" not in corpus.prev and "new" not in corpus.next


def test_undated_stories_have_no_date_neighbours():
    corpus = build_corpus([art("old", "2026-01-01"), art("new", "2026-03-01"),
                           art("u1", None), art("u2", None)], config())
    assert corpus.prev == {"new": corpus.by_id["old"]}
    assert corpus.next == {"old": corpus.by_id["new"]}


def test_duplicate_chains_resolve_and_broken_links_are_reported():
    corpus = build_corpus([art("a"), art("b", duplicate_of="a"), art("c", duplicate_of="b"),
                           art("d", duplicate_of="missing"),
                           art("x", duplicate_of="y"), art("y", duplicate_of="x")], config())
    assert corpus.canonical_of["c"] == "a"
    assert ids(corpus.duplicates["a"]) == ["b", "c"]
    assert corpus.canonical_of["d"] == "d"
    assert corpus.canonical_of["x"] == corpus.canonical_of["y"] == "x"
    assert any("missing" in p for p in corpus.problems)
    assert any("cycle" in p for p in corpus.problems)


def test_related_scores_weighted_shared_terms_and_explains_them():
    a = art("a", tags=("ports",), places=("满洲里",), keywords=("中欧班列", "口岸"))
    b = art("b", tags=("ports",), places=("满洲里",), keywords=("中欧班列",))
    c = art("c", keywords=("口岸",), places=("满洲里",))
    d = art("d", keywords=("口岸",))  # one keyword: 1.0 < threshold 2.0
    related = build_corpus([a, b, c, d], config()).related
    got = [(r.article.id, r.score, r.why) for r in related["a"]]
    assert got == [("b", TAG_WEIGHT + PLACE_WEIGHT + KEYWORD_WEIGHT, ("ports", "满洲里", "中欧班列")),
                   ("c", PLACE_WEIGHT + KEYWORD_WEIGHT, ("满洲里", "口岸"))]
    assert [r.article.id for r in related["d"]] == []


def test_related_never_lists_the_article_itself_or_a_printing_of_the_same_story():
    terms = dict(tags=("ports", "free-trade-zone"), places=("二连浩特",))
    corpus = build_corpus([art("a", **terms), art("a-copy", duplicate_of="a", **terms),
                           art("b", **terms)], config())
    assert [r.article.id for r in corpus.related["a"]] == ["b"]
    assert [r.article.id for r in corpus.related["b"]] == ["a"]
    assert "a-copy" not in corpus.related


def test_related_keeps_at_most_count_best_and_respects_threshold():
    base = art("a", tags=("t1", "t2"), places=("p",))
    others = [art("b", tags=("t1", "t2"), places=("p",)),   # 8
              art("c", tags=("t1", "t2")),                   # 6
              art("d", tags=("t1",)),                        # 3
              art("e", places=("p",))]                       # 2
    related = RelatedArticles([base] + others, count=2, threshold=3.0, max_document_share=0.5)
    assert [(r.article.id, r.score) for r in related["a"]] == [("b", 8.0), ("c", 6.0)]
    related = RelatedArticles([base] + others, count=10, threshold=3.0, max_document_share=0.5)
    assert [r.article.id for r in related["a"]] == ["b", "c", "d"]


def test_terms_in_too_many_articles_are_ignored_once_the_corpus_is_large():
    # "口岸" as a place is in all 12 articles: no information, so it relates nothing.
    articles = [art(f"a{i:02d}", places=("口岸",)) for i in range(12)]
    articles[0] = replace(articles[0], tags=("rare",))
    articles[1] = replace(articles[1], tags=("rare",))
    related = build_corpus(articles, config()).related
    assert [r.article.id for r in related["a00"]] == ["a01"]
    assert related["a00"][0].why == ("rare",)
    assert related["a05"] == ()
    # In a small corpus the share rule does not apply.
    small = build_corpus(articles[:3], config()).related
    # equal scores and dates: list order (newest first, then by id)
    assert [r.article.id for r in small["a02"]] == ["a00", "a01"]
    # equal scores: the article nearest in date first
    dated = [replace(a, date=f"2026-04-0{i + 1}") for i, a in enumerate(articles[:3])]
    small = build_corpus(dated, config()).related
    assert [r.article.id for r in small["a00"]] == ["a01", "a02"]
    assert [r.article.id for r in small["a02"]] == ["a01", "a00"]


def test_build_corpus_is_deterministic_whatever_the_input_order():
    articles = [art(f"a{i}", date=f"2026-0{1 + i % 3}-01", tags=(f"t{i % 4}", "x"),
                    places=(f"p{i % 2}",), keywords=(f"k{i % 5}",), seed=f"s{i % 3}.txt")
                for i in range(20)]
    expected = build_corpus(articles, config())
    shuffled = articles[:]
    random.Random(7).shuffle(shuffled)
    assert build_corpus(shuffled, config()) == expected


def test_unique_ids_disambiguate_homophones_in_sorted_order():
    got = unique_ids(["李明", "黎明", "满洲里"])
    assert got["满洲里"] == "man-zhou-li"
    assert sorted([got["李明"], got["黎明"]]) == ["li-ming", "li-ming-2"]
    assert len(set(got.values())) == 3


def test_seed_ids_are_file_safe():
    corpus = build_corpus([art("a", seed="000_797c3c25eef53a42.txt"),
                           art("b", seed="../../etc/passwd"), art("c", seed="两会专版.txt")],
                          config())
    seed_ids = Routes.of(corpus, ()).seed_ids
    assert seed_ids["000_797c3c25eef53a42.txt"] == "000-797c3c25eef53a42"
    for value in seed_ids.values():
        assert value and all(ch.isascii() and (ch.isalnum() or ch == "-") for ch in value)


def test_ports_list_has_the_twenty_open_ports():
    ports = load_ports()
    assert len(ports) == 20
    kinds = [p.kind for p in ports]
    assert (kinds.count("铁路"), kinds.count("公路"), kinds.count("航空")) == (2, 12, 6)
    labels = {p.label for p in ports}
    assert len(labels) == 20
    assert {"策克口岸", "甘其毛都口岸", "满洲里铁路口岸", "二连浩特航空口岸",
            "珠恩嘎达布其口岸"} <= labels
    land = [p for p in ports if p.kind != "航空"]
    assert sum(p.neighbour == "俄罗斯" for p in land) == 4
    assert sum(p.neighbour == "蒙古国" for p in land) == 10


def test_broad_terms_only_bring_candidates_near_in_date_but_scores_stay_exact(monkeypatch):
    import site_builder.render.corpus as corpus_module
    monkeypatch.setattr(corpus_module, "RELATED_WINDOW", 3)
    # 8 articles share the tag; a0 and a7 also share a rare keyword.
    articles = [art(f"a{i}", f"2026-01-{20 - i:02d}", tags=("common",),
                    keywords=("稀有",) if i in (0, 7) else ()) for i in range(8)]
    related = RelatedArticles(articles, 5, 2.0, 1.0)
    got = [(r.article.id, r.score, r.why) for r in related["a0"]]
    # a7 found through the keyword, scored on both terms; of the tag, the nearest only
    assert got == [("a7", TAG_WEIGHT + KEYWORD_WEIGHT, ("common", "稀有")),
                   ("a1", TAG_WEIGHT, ("common",)), ("a2", TAG_WEIGHT, ("common",))]
    # in the middle of the list the window is centred on the article
    assert [r.article.id for r in related["a4"]] == ["a3", "a5"]
    monkeypatch.setattr(corpus_module, "RELATED_WINDOW", 8)
    assert len(RelatedArticles(articles, 10, 2.0, 1.0)["a4"]) == 7


def test_affected_by_names_the_articles_whose_related_list_can_change():
    """Of a broad term, only the articles within the window of the changed one; of a
    narrow term, all its articles; of a term that became usable, all its articles."""
    from site_builder.render.corpus import RELATED_WINDOW
    n = 4 * RELATED_WINDOW
    articles = [art(f"a{i:03d}", f"2026-01-{1 + i % 28:02d}", tags=("broad",),
                    keywords=("rare",) if i in (3, n - 3) else ())
                for i in range(n)]
    corpus = build_corpus(articles, config(share=1.0))
    related = corpus.related
    order = [a.id for a in corpus.canonical]
    changed = order[0]
    terms = related.term_sets[0]
    affected = related.affected_by({changed: (terms, terms)})
    assert changed in affected
    assert set(order[1:RELATED_WINDOW + 1]) <= affected       # near in the broad term
    assert not set(order[2 * RELATED_WINDOW + 2:]) & affected  # far and nothing narrow
    rare = [a.id for a in corpus.canonical if a.keywords]
    with_rare = related.term_sets[order.index(rare[0])]
    affected = related.affected_by({rare[0]: (with_rare, with_rare)})
    assert rare[1] in affected  # a narrow term: all of its articles
    # the rare keyword was added to rare[0] (it was unusable with one article): both
    # articles' scores change
    without = with_rare - {("keyword", "rare")}
    assert rare[1] in related.affected_by({rare[0]: (without, with_rare)})


def test_port_stories_name_the_port_not_its_city():
    ports = load_ports()
    articles = [art("rail", body="在满洲里铁路口岸，龙门吊起落。"),
                art("generic", body="满洲里口岸正依托自贸试验区的政策红利。"),
                art("list", body="其中满洲里、甘其毛都智慧口岸建设经验入选全国首批。"),
                art("kinds", body="二连浩特、满洲里铁路口岸开行班列。"),
                art("caption", body="正文。", captions=("策克口岸一景。",)),
                art("city", body="包头市、满洲里市、呼和浩特市的新闻。")]
    found = {label: ids(items) for label, items in port_stories(articles, ports).items()}
    assert found["满洲里铁路口岸"] == ["rail", "generic", "list", "kinds"]
    assert found["满洲里公路口岸"] == ["generic", "list"]
    assert found["二连浩特铁路口岸"] == ["kinds"] and found["二连浩特公路口岸"] == []
    assert found["甘其毛都口岸"] == ["list"] and found["策克口岸"] == ["caption"]
    assert found["满洲里航空口岸"] == found["包头航空口岸"] == found["呼和浩特航空口岸"] == []
