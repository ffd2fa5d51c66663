import dataclasses
import random

from site_builder.ingest import dedupe
from site_builder.ingest.dedupe import containment, link_duplicates, shingles
from site_builder.models import Article

BASE = ("草原上的春天来得晚，但牧民们早早做好了准备。合作社建起了冷库，羊肉可以直接运往外地。"
        "旗里还修了新的公路，游客一年比一年多，家庭旅馆的生意越来越好。") * 3


def make(i: str, body: str, title: str | None = "同一个标题") -> Article:
    return Article(id=i, title=title, body=body, seed=f"{i}.txt")


def test_partial_reprint_with_wording_changes_is_linked_to_the_complete_copy():
    partial = BASE[40:].replace("越来越好", "越发红火").replace("，", ",")
    full = make("full", "开头的导语一段。" + BASE)
    part = make("part", partial)
    other = make("other", "完全不同的一篇文章，讲的是航天发射和卫星组网的事情。" * 4)
    out = link_duplicates([part, full, other])
    assert [a.duplicate_of for a in out] == ["full", None, None]


def test_same_title_different_story_is_not_a_duplicate():
    a = make("a", BASE)
    b = make("b", "完全不同的一篇文章，讲的是航天发射和卫星组网的事情。" * 4)
    assert [x.duplicate_of for x in link_duplicates([a, b])] == [None, None]


def test_containment_is_symmetric_in_argument_order():
    x, y = shingles(BASE), shingles(BASE[:80])
    assert containment(x, y) == containment(y, x) == 1.0
    assert dataclasses.replace(make("z", ""), body="").body == ""


def test_verdicts_of_the_last_run_are_reused_and_only_this_runs_pairs_kept():
    full = make("full", "开头的导语一段。" + BASE)
    part = make("part", BASE[40:])
    verdicts: dict = {}
    assert [a.duplicate_of for a in link_duplicates([part, full], verdicts=verdicts)] == \
        ["full", None]
    assert list(verdicts.values()) == [True]
    # a verdict in the memo is taken as it is: the pair is not compared again
    stale = {key: False for key in verdicts}
    assert [a.duplicate_of for a in link_duplicates([part, full], verdicts=stale)] == \
        [None, None]
    # pairs that were not candidates this run are dropped from the memo
    other = make("other", "完全不同的一篇文章，讲的是航天发射和卫星组网的事情。" * 4)
    link_duplicates([other], verdicts=verdicts)
    assert verdicts == {}


def test_array_buckets_are_the_dictionary_buckets(monkeypatch):
    rng = random.Random(7)
    # few distinct values, so that many bands collide; some empty signatures
    signatures = [tuple(rng.choice((1, 2, 3, 2**32 - 1)) for _ in range(dedupe.PERMUTATIONS))
                  if rng.random() > 0.1 else () for _ in range(60)]
    with_arrays = dedupe._buckets(signatures)
    monkeypatch.setattr(dedupe, "_np", None)
    assert with_arrays == dedupe._buckets(signatures)
    assert with_arrays


def _segments(count: int, seed: int = 3) -> list[str]:
    """`count` distinct runs of text (sentences of random common characters)."""
    rng = random.Random(seed)
    return ["".join(chr(rng.randint(0x4E00, 0x62FF)) for _ in range(30)) + "。"
            for _ in range(count)]


def test_stories_that_share_a_paragraph_are_not_one_story():
    s = _segments(8)
    # every paragraph of the short story is in the long one, but not the other way round
    long_story = make("long", "".join(s[:6]))
    short = make("short", s[0] + s[1])
    boiler_a = make("a", s[6] + s[0] + s[2])
    boiler_b = make("b", s[7] + s[0] + s[3])
    out = link_duplicates([long_story, short, boiler_a, boiler_b])
    assert [a.duplicate_of for a in out] == [None] * 4


def test_groups_do_not_chain_through_an_article_similar_to_two_others():
    s = _segments(14)
    a = make("a", "".join(s[0:10]) + "多一句让它最完整。")  # the most complete
    b = make("b", "".join(s[2:12]))   # 8 of 10 paragraphs shared with a and with c
    c = make("c", "".join(s[4:14]))   # 6 of 10 shared with a: another story
    out = link_duplicates([c, b, a])
    assert [x.duplicate_of for x in out] == [None, "a", None]
    # each printing is directly one story with its canonical copy
    bodies = {x.id: shingles(x.body) for x in out}
    for x in out:
        if x.duplicate_of:
            assert dedupe.one_story(bodies[x.id], bodies[x.duplicate_of])


def test_many_printings_all_point_at_one_canonical_copy():
    s = _segments(10)
    full = "".join(s)
    copies = [make(f"p{i}", full.replace(s[i], s[i][:10])) for i in range(8)]
    out = link_duplicates(copies + [make("full", full)])
    assert {x.duplicate_of for x in out} == {"full", None}
    assert [x.id for x in out if x.duplicate_of is None] == ["full"]


def test_shared_paragraph_archive_keeps_its_stories_apart():
    """Stories each made of two or three paragraphs of their own and up to three of a
    small shared pool (at most 60% of a story is shared with another): only the real
    reprints are linked."""
    rng = random.Random(11)
    pool = _segments(12, seed=5)
    own = iter(_segments(500, seed=6))
    articles, reprints = [], {}
    for i in range(150):
        if i % 25 == 24:  # a reprint of the story before
            articles.append(make(f"s{i}", articles[-1].body))
            reprints[f"s{i}"] = articles[-2].id
            continue
        parts = [next(own) for _ in range(rng.randint(2, 3))] + rng.sample(pool, rng.randint(1, 3))
        rng.shuffle(parts)
        articles.append(make(f"s{i}", "".join(parts)))
    out = link_duplicates(articles)
    linked = {x.id: x.duplicate_of for x in out if x.duplicate_of}
    pairs = {frozenset(p) for p in linked.items()}
    assert pairs == {frozenset(p) for p in reprints.items()}
