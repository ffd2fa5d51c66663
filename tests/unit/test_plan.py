"""render.plan: which pages a render must look at after articles were added. (That the
pages it leaves unseen are never stale is tests/test_incremental.py's: cached renders
equal clean ones.)"""
from __future__ import annotations

from site_builder.config import SiteConfig
from site_builder.render import plan
from site_builder.render.corpus import build_corpus, load_ports
from site_builder.render.routes import Routes

from render_samples import art

TAGS = ("ports", "trade", "rail", "energy", "grain")


def archive(days: int) -> list:
    """Three stories a day, each with two of five tags: enough stories for the share
    limit of common terms to move as stories are added."""
    return [art(f"d{day:03d}-{k}", f"2025-{1 + day // 28:02d}-{1 + day % 28:02d}",
                tags=(TAGS[(day + k) % 5], TAGS[(day + 2 * k + 1) % 5]),
                keywords=(f"词{day % 7}", f"词{(day + k) % 11}"), seed=f"{day:03d}_page.txt")
            for day in range(days) for k in range(3)]


def snapshot_of(articles: list):
    corpus = build_corpus(articles, SiteConfig())
    routes = Routes.of(corpus, load_ports())
    return corpus, plan.snapshot(corpus, routes, "salt", (), {a.seed: a.seed for a in articles})


def test_a_new_days_stories_are_planned_not_a_reason_to_look_at_every_page():
    old_articles = archive(60)
    _, old = snapshot_of(old_articles)
    new_day = archive(61)[-3:]
    corpus, new = snapshot_of(old_articles + new_day)
    assert old.share_limit != new.share_limit  # the limit moved: planned all the same
    planned = plan.plan(old, new, corpus)
    assert planned is not None
    added = {a.id for a in new_day}
    assert added <= planned.articles and planned.changed == added
    assert len(planned.articles) < len(corpus.articles) / 2
    assert ("seed", new_day[0].seed) in planned.facets
    # the related lists of the stories the new ones may join are worked out again
    assert planned.recheck - added


def test_an_article_sorted_among_the_others_is_planned_too():
    old_articles = archive(60)
    _, old = snapshot_of(old_articles)
    middle = art("inserted", "2025-01-15", tags=("ports",), seed="999_page.txt")
    corpus, new = snapshot_of(old_articles + [middle])
    planned = plan.plan(old, new, corpus)
    assert planned is not None and planned.changed == {"inserted"}
    assert len(planned.recheck) < len(corpus.canonical) / 2


def test_an_article_gone_or_moved_means_no_plan():
    old_articles = archive(30)
    _, old = snapshot_of(old_articles)
    corpus, new = snapshot_of(old_articles[1:])
    assert plan.plan(old, new, corpus) is None
    moved = [art(a.id, "2024-01-01", tags=a.tags, seed=a.seed) if a is old_articles[0] else a
             for a in old_articles]
    corpus, new = snapshot_of(moved + [art("extra", "2026-06-01", seed="997_page.txt")])
    assert plan.plan(old, new, corpus) is None


def test_an_added_story_that_makes_an_old_one_a_reprint_means_no_plan():
    old_articles = archive(30)
    _, old = snapshot_of(old_articles)
    first = old_articles[-1]
    reprint = art("reprint", "2026-01-01", tags=first.tags, seed="998_page.txt")
    corpus, new = snapshot_of(old_articles + [reprint])
    assert plan.plan(old, new, corpus) is not None
    demoted = [a if a.id != first.id else art(a.id, a.date, tags=a.tags, seed=a.seed,
                                                duplicate_of="reprint")
               for a in old_articles] + [reprint]
    corpus, new = snapshot_of(demoted)
    assert plan.plan(old, new, corpus) is None


def test_a_story_added_among_others_leaves_their_related_lists_as_they_were():
    """Related stories tie-break by distance in date, not in the list: a story that
    shares nothing with them, added between two, does not reorder their lists (the
    plan works out again only the lists the new story may enter)."""
    near = [art("newer", "2025-03-15", tags=("ports",)), art("story", "2025-03-10", tags=("ports",)),
            art("older", "2025-03-05", tags=("ports",))]
    between = art("unrelated", "2025-03-12", tags=("grain",), seed="002_page.txt")

    def related(articles):
        corpus = build_corpus(articles, SiteConfig())
        return [r.article.id for r in corpus.related["story"]]

    assert related(near) == ["newer", "older"]  # a tie: five days each way, then list order
    assert related(near + [between]) == related(near)


def test_the_ids_of_names_come_from_the_last_render_of_the_same_code():
    # a name's id is a pure function of it (content.make_id): the last render's ids
    # spare loading pypinyin; another salt (other code) makes them anew
    people = [art("a", "2025-01-02", people=("曲建", "罗青"), places=("满洲里",), seed="页一.txt")]
    corpus = build_corpus(people, SiteConfig())
    cold = Routes.of(corpus, load_ports())
    assert {("曲建", "item"), ("满洲里", "item"), ("页一", "page")} <= cold.made.keys()
    old = plan.snapshot(corpus, cold, "salt", (), {})
    assert old.made_ids == cold.made
    known = plan.known_ids(old, "salt")
    assert Routes.of(corpus, load_ports(), known) == cold
    assert plan.known_ids(old, "other salt") is None and plan.known_ids(None, "salt") is None
    # (the known ids are used as they are)
    marked = Routes.of(corpus, load_ports(), {**known, ("曲建", "item"): "marked"})
    assert marked.person_ids["曲建"] == "marked" and marked.person_ids["罗青"] == "luo-qing"


def test_the_facts_of_unchanged_articles_are_the_last_snapshots():
    old_articles = archive(20)
    corpus, old = snapshot_of(old_articles)
    edited = [*old_articles[:5], art(old_articles[5].id, "2025-01-06", tags=("rail",),
                                     seed=old_articles[5].seed), *old_articles[6:]]
    corpus = build_corpus(edited, SiteConfig())
    routes = Routes.of(corpus, load_ports())
    labels = {a.seed: a.seed for a in edited}
    fresh = plan.snapshot(corpus, routes, "salt", (), labels)
    reused = plan.snapshot(corpus, routes, "salt", (), labels, last=old)
    assert reused == fresh
    same = [i for i in old.facts if i != edited[5].id]
    assert all(reused.facts[i].facets is old.facts[i].facets for i in same)
    assert reused.facts[edited[5].id].facets == {("tag", "rail"), ("month", "2025-01"),
                                                 ("seed", edited[5].seed)}
    # made by other code (another salt): nothing is taken over
    other = plan.snapshot(corpus, routes, "other", (), labels, last=old)
    assert not any(other.facts[i].facets is old.facts[i].facets for i in same)
