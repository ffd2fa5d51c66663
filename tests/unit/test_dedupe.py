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
