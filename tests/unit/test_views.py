"""render.views: what each page shows, checked as data (the contexts templates get),
not as HTML. tests/unit/test_render.py renders them; the browser tests read the pages."""
from __future__ import annotations

from pathlib import Path

import markdown

from site_builder.config import SiteConfig
from site_builder.models import Article, Edition, Proposal
from site_builder.render import pages, views
from site_builder.render.corpus import build_corpus, load_ports
from site_builder.render.feeds import feed_files
from site_builder.render.markup import Body, make_markdown
from site_builder.render.site import default_tag_names
from site_builder.render.views import MAX_LINKS, Link, PageSpec, SiteView, bounded

from render_samples import SAMPLE, TAG_NAMES, art


def site_of(articles=SAMPLE, tag_names=TAG_NAMES, **settings) -> SiteView:
    config = SiteConfig(**settings)
    return SiteView.of(config, build_corpus(list(articles), config),
                       {**default_tag_names(config), **(tag_names or {})}, {}, load_ports())


def pages_of(site: SiteView) -> dict[str, PageSpec]:
    """Every page's spec by path, as the renderer makes them."""
    corpus, found = site.corpus, {}
    for article in corpus.articles:
        related = corpus.related.get(corpus.canonical_of[article.id], ())
        spec = views.article_page(site, article, related)
        found[spec.path] = spec
    for section in views.SECTIONS.values():
        index, listings = section(site)
        found[index.path] = index
        for listing in listings:
            for number in listing.numbers(site.config.per_page):
                spec = views.listing_page(site, listing, number)
                found[spec.path] = spec
    return found


def hrefs(links) -> list:
    return [link.href for link in links]


def texts(links) -> list:
    return [link.text for link in links]


def listed(spec: PageSpec) -> list[str]:
    return [Path(item.href).stem for item in spec.context["items"]]


# ---------------------------------------------------------------------------- article pages

def test_article_page_shows_metadata_terms_captions_proposals_and_related():
    page = pages_of(site_of())["articles/ftz.html"]
    context = page.context
    assert (page.template, page.title, context["title"]) == \
        ("article.html", "构筑我国向北开放的重要桥头堡", "构筑我国向北开放的重要桥头堡")
    assert context["article"].subtitle == "——写在中国(内蒙古)自由贸易试验区获批之际"
    assert context["article"].kicker == "两会 | 聚焦" and context["authors"] == ["刘伟", "谢希瑶"]
    assert context["dateline"] == "新华社呼和浩特4月9日电"
    assert context["body"] == Body("第一段。\n\n## 小标题\n\n第二段。", "新华社呼和浩特4月9日电")
    # the captions are a list apart from the body
    assert context["captions"] == ["一列中欧班列通过二连浩特铁路口岸。"]
    assert "一列中欧班列" not in context["body"].text
    quote, = context["proposals"]
    assert (quote.person, quote.role, quote.statement) == (
        Link("罗青", "../people/luo-qing.html"), "全国人大代表", "建议国家支持口岸基础设施升级。")
    # no counts on an article page (it shows none): a story added under one of its tags
    # must not change its view, nor so its page's key
    assert all(link.count is None
               for name in ("tags", "places", "people") for link in context[name])
    assert [(l.text, l.href) for l in context["tags"]] == [
        ("自贸试验区", "../tags/free-trade-zone.html"), ("口岸", "../tags/ports.html")]
    assert hrefs(context["places"]) == ["../places/man-zhou-li.html",
                                        "../places/er-lian-hao-te.html"]
    # its people and the persons of its proposals
    assert texts(context["people"]) == ["曲建", "罗青"]
    assert hrefs(context["printings"]) == ["ftz-copy.html"]
    # related to 'rail' by the 口岸 tag, 二连浩特 and 中欧班列; the why names the tag in Chinese
    related = context["related"][0]
    assert related.link.href == "rail.html" and related.why == ("口岸", "二连浩特", "中欧班列")
    assert "ftz-copy.html" not in hrefs(r.link for r in context["related"])
    assert page.crumbs == (("自贸试验区", "tags/free-trade-zone.html"), (page.title, None))
    assert page.canonical == "articles/ftz.html"


def test_dateline_is_printed_once():
    pages = pages_of(site_of([art("a", dateline="新华社北京3月5日电", body="新华社北京3月5日电 正文。"),
                              art("b", dateline="新华社北京3月6日电", body="正文。")]))
    assert pages["articles/a.html"].context["dateline"] is None
    assert pages["articles/b.html"].context["body"].dateline == "新华社北京3月6日电"


def test_dateline_opens_the_first_paragraph_never_a_paragraph_of_its_own():
    md = make_markdown()
    assert Body("近日，第一批草原书屋落成。\n\n第二段。", "本报讯").html(md) == \
        '<p><span class="dateline">本报讯</span> 近日，第一批草原书屋落成。</p>\n<p>第二段。</p>'
    # a body that opens with a heading keeps the dateline above it
    assert Body("## 小标题\n\n正文。", "本报讯").html(md).startswith(
        '<p class="dateline">本报讯</p>\n<h2>小标题</h2>')
    assert isinstance(md, markdown.Markdown)


def test_a_printing_names_its_canonical_and_listings_show_the_story_once():
    pages = pages_of(site_of())
    copy = pages["articles/ftz-copy.html"]
    assert copy.context["canonical_link"].href == "ftz.html"
    assert copy.canonical == "articles/ftz.html"
    assert listed(pages["tags/free-trade-zone.html"]) == ["ftz"]
    assert "articles/ftz-copy.html" not in hrefs(pages["index.html"].context["latest"])
    assert pages["articles/ftz.html"].context["canonical_link"] is None


def test_article_lists_are_bounded_with_a_link_to_the_rest():
    places = tuple(f"地方{i:02d}" for i in range(30))
    people = tuple(f"人物{i:02d}" for i in range(30))
    story = art("story", places=places, people=people)
    printings = [art(f"copy-{i:02d}", seed=f"{i + 1:03d}.txt", duplicate_of="story")
                 for i in range(30)]
    pages = pages_of(site_of([story] + printings))
    context = pages["articles/story.html"].context
    assert len(context["printings"]) == MAX_LINKS + 1
    assert context["printings"][-1] == Link("……", note=f"另有{30 - MAX_LINKS}次刊载，未列出")
    assert texts(context["places"][:MAX_LINKS]) == list(places[:MAX_LINKS])
    assert context["places"][-1] == Link(f"全部地点（另有{30 - MAX_LINKS}个）",
                                         "../places/index.html")
    assert context["people"][-1] == Link(f"全部人物（另有{30 - MAX_LINKS}位）",
                                         "../people/index.html")
    # a printing's page lists the others, bounded too
    assert len(pages["articles/copy-00.html"].context["printings"]) == MAX_LINKS + 1
    assert bounded(list(range(MAX_LINKS + 5)), lambda n: f"+{n}") == \
        list(range(MAX_LINKS)) + ["+5"]


def test_article_page_quotes_each_proposal_in_full():
    long = "建议国家支持口岸基础设施升级，" * 10 + "加快建设。"
    article = art("np", proposals=(
        Proposal("罗青", "全国人大代表", "内蒙古某公司", "加快口岸建设", statement=long),
        Proposal("赵会杰", "全国人大代表", None, "把基层的期盼带到会上。")))
    first, second = pages_of(site_of([article]))["articles/np.html"].context["proposals"]
    assert (first.person.href, first.role, first.affiliation, first.statement) == (
        "../people/luo-qing.html", "全国人大代表", "内蒙古某公司", long)
    assert second.statement == "把基层的期盼带到会上。"  # no statement printed apart: the gist


def test_date_neighbours_link_dated_stories_only():
    pages = pages_of(site_of())
    arxan = pages["articles/arxan.html"].context  # undated
    assert arxan["older"] is None and arxan["newer"] is None
    talent = pages["articles/talent.html"].context  # the oldest dated
    assert talent["older"] is None and talent["newer"].href == "rail.html"


def test_a_story_without_a_headline_gets_an_editorial_one():
    articles = [art("none", title=None, kicker="习近平总书记关切事",
                    body="习近平总书记指出，干部干事创业要树立正确政绩观，有功成不必在我的精神境界。\n\n二。"),
                art("made", title="草原书屋开进牧户家", title_source="derived"),
                art("printed", title="印出的标题")]
    pages = pages_of(site_of(articles))
    none = pages["articles/none.html"].context
    assert (none["title"], none["title_derived"]) == ("习近平总书记指出，干部干事创业要树立正确政绩观", True)
    assert pages["articles/made.html"].context["title_derived"] is True
    assert pages["articles/printed.html"].context["title_derived"] is False
    latest = {item.href: item for item in pages["index.html"].context["latest"]}
    assert latest["articles/made.html"].derived and not latest["articles/printed.html"].derived


def test_dates_read_in_chinese():
    pages = pages_of(site_of())
    assert pages["articles/ftz.html"].context["date_text"] == "2026年4月9日"
    rail = next(i for i in pages["index.html"].context["latest"] if i.href.endswith("rail.html"))
    assert (rail.date, rail.date_text) == ("2026-03-01", "2026年3月1日")


# ---------------------------------------------------------------------------- listings

def test_tag_pages_are_paginated():
    articles = [art(f"a{i:02d}", f"2026-04-{i + 1:02d}", tags=("ports",)) for i in range(5)]
    pages = pages_of(site_of(articles, per_page=2))
    assert sorted(p for p in pages if p.startswith("tags/ports")) == \
        ["tags/ports-1.html", "tags/ports-2.html", "tags/ports-3.html", "tags/ports.html"]
    front, oldest, second, newest = (pages[f"tags/{name}.html"] for name in
                                     ("ports", "ports-1", "ports-2", "ports-3"))
    # the front page holds the newest, a04 and a03; the numbered pages count from the
    # oldest: page 1 holds a01, a00, page 3 the newest one left, a04 (each newest first)
    assert listed(front) == ["a04", "a03"] and listed(oldest) == ["a01", "a00"]
    assert listed(second) == ["a03", "a02"] and listed(newest) == ["a04"]
    assert (front.context["pager"].prev, front.context["pager"].next) == (None, "ports-2.html")
    assert (newest.context["pager"].prev, newest.context["pager"].next) == \
        ("ports.html", "ports-2.html")
    assert (second.context["pager"].prev, second.context["pager"].next) == \
        ("ports-3.html", "ports-1.html")
    assert (oldest.context["pager"].prev, oldest.context["pager"].next) == ("ports-2.html", None)
    assert [l.text for l in second.context["pager"].links] == ["最新", "3", "2", "1"]
    assert [l.text for l in second.context["pager"].links if l.current] == ["2"]
    assert [l.text for l in front.context["pager"].links if l.current] == ["最新"]
    assert (second.title, second.context["total"]) == ("话题：口岸（第2页）", None)
    assert (front.title, front.context["total"]) == ("话题：口岸", 5)


def test_a_short_listing_has_one_page_and_no_pager():
    articles = [art(f"a{i:02d}", f"2026-04-{i + 1:02d}", tags=("ports",)) for i in range(2)]
    pages = pages_of(site_of(articles, per_page=2))
    assert [p for p in pages if p.startswith("tags/ports")] == ["tags/ports.html"]
    assert pages["tags/ports.html"].context["pager"].links == ()


def test_a_story_added_at_the_newest_end_changes_only_the_last_pages():
    # numbered from the oldest, a listing's pages do not shift when a newer story comes:
    # only the front page, the newest numbered page and the pagers of the last few
    # (their links within PAGER_AROUND of the newest) change
    def listing_pages(count: int) -> dict:
        articles = [art(f"a{i:02d}", f"2026-04-{i + 1:02d}", tags=("ports",))
                    for i in range(count)]
        return {path: spec for path, spec in pages_of(site_of(articles, per_page=3)).items()
                if path.startswith("tags/ports")}

    before = listing_pages(20)
    for count in (21, 22, 23):
        after = listing_pages(count)
        assert before.keys() <= after.keys()
        changed = sorted(path for path in after if before.get(path) != after[path])
        pages = max(int(p[len("tags/ports-"):-5]) for p in after if "-" in p)
        last = ["tags/ports.html"] + [f"tags/ports-{n}.html"
                                      for n in range(pages - views.PAGER_AROUND - 1, pages + 1)]
        assert set(changed) <= set(last) and "tags/ports.html" in changed, count
        assert len(after) > len(last) + 2
        before = after


def test_a_long_listing_links_its_ends_and_neighbours_not_every_page():
    articles = [art(f"a{i:02d}", f"2026-04-{i + 1:02d}", tags=("ports",)) for i in range(20)]
    pager = pages_of(site_of(articles, per_page=1))["tags/ports-10.html"].context["pager"]
    assert [l.href for l in pager.links] == [
        "ports.html", None, "ports-12.html", "ports-11.html", "ports-10.html", "ports-9.html",
        "ports-8.html", None, "ports-1.html"]
    assert [l.text for l in pager.links if l.href is None] == ["…", "…"]


def test_ports_page_counts_the_stories_naming_each_port_not_its_city():
    articles = [
        art("rail", "2026-04-01", body="在满洲里铁路口岸，中欧班列鸣笛启程。", places=("满洲里",)),
        art("both", "2026-04-02", body="满洲里口岸是全国最大的陆路口岸。", places=("满洲里",)),
        art("list", "2026-04-03", body="在满洲里、珠恩嘎达布其等口岸复制推广AGV项目。"),
        art("city", "2026-04-04", body="满洲里市举办冰雪节。包头市水产养殖。",
            places=("满洲里", "包头")),
        art("arxan", None, body="确保阿尔山口岸恢复通关。", places=("阿尔山",)),
    ]
    pages = pages_of(site_of(articles))
    rows = pages["ports.html"].context["rows"]
    assert len(rows) == 20
    count = {port.label: stories.count for port, stories, _ in rows}
    assert count["满洲里铁路口岸"] == 3   # by name, as 满洲里口岸 and in a list
    assert count["满洲里公路口岸"] == 2   # 满洲里口岸, and the list's 口岸
    assert count["满洲里航空口岸"] == count["包头航空口岸"] == 0  # the city's story names no port
    assert (count["珠恩嘎达布其口岸"], count["阿尔山口岸"], count["策克口岸"]) == (1, 1, 0)
    rail = next(stories for port, stories, _ in rows if port.label == "满洲里铁路口岸")
    assert rail == Link("3 篇", "ports/man-zhou-li-tie-lu-kou-an.html", 3)
    # the city links its place page
    city = next(place for port, _, place in rows if port.label == "满洲里铁路口岸")
    assert city == Link("满洲里市", "places/man-zhou-li.html")
    port = pages["ports/man-zhou-li-tie-lu-kou-an.html"]
    assert listed(port) == ["list", "both", "rail"] and port.context["heading"] == "满洲里铁路口岸"
    assert "ports/man-zhou-li-kou-an.html" not in pages  # no stories: no page


def test_proposals_table_links_person_and_article():
    row, = pages_of(site_of())["proposals.html"].context["rows"]
    assert (row.person, row.role, row.affiliation, row.gist, row.article.href) == (
        Link("罗青", "people/luo-qing.html"), "全国人大代表", "内蒙古某公司", "加快口岸建设",
        "articles/ftz.html")
    assert row.statement is None  # the table has the gist; the person's page the statement


def test_person_page_lists_statements_and_articles():
    page = pages_of(site_of())["people/luo-qing.html"]
    row, = page.context["proposals"]
    assert (row.statement, row.gist, row.article.href) == (
        "建议国家支持口岸基础设施升级。", "加快口岸建设", "../articles/ftz.html")
    assert listed(page) == ["ftz"]


def test_tag_names_default_to_the_slug_and_config_taxonomy():
    links = pages_of(site_of(tag_names=None))["tags/index.html"].context["links"]
    assert set(texts(links)) == {"ports", "free-trade-zone", "engineering-talent"}


def test_listings_list_exactly_the_canonical_stories_of_their_facet():
    pages = pages_of(site_of())
    assert listed(pages["tags/ports.html"]) == ["ftz", "rail", "arxan"]
    assert listed(pages["places/man-zhou-li.html"]) == ["ftz"]
    assert listed(pages["archive/2026-04.html"]) == ["ftz"]
    assert listed(pages["archive/undated.html"]) == ["arxan"]
    # a printed page lists every article it held, printings too
    assert listed(pages["archive/page-002-page.html"]) == ["ftz-copy"]


# ---------------------------------------------------------------------------- printed pages

def test_pages_name_printed_pages_by_paper_date_and_page_never_by_file_name():
    edition = Edition("内蒙古日报", "2026-04-09", 3, "要闻")
    articles = [art("a", "2026-04-09", seed="000_797c3c25eef53a42.txt", edition=edition),
                art("a-copy", "2026-04-09", seed="001_12a3db38e9cb99d5.txt", duplicate_of="a"),
                art("b", None, seed="001_12a3db38e9cb99d5.txt",
                    edition=Edition(None, None, 2, None))]
    pages = pages_of(site_of(articles))
    assert pages["articles/a.html"].context["source_page"] == Link(
        "内蒙古日报 2026年4月9日 第3版 要闻", "../archive/page-000-797c3c25eef53a42.html")
    # the printing names its canonical by its page; its own page: b's edition, the paper
    # from site.yaml
    copy = pages["articles/a-copy.html"].context
    assert copy["canonical_link"].note == "内蒙古日报 2026年4月9日 第3版 要闻"
    assert copy["source_page"].text == "内蒙古日报 第2版"
    archive = pages["archive.html"].context
    assert texts(archive["seeds"]) == ["内蒙古日报 2026年4月9日 第3版 要闻", "内蒙古日报 第2版"]
    assert texts(archive["months"]) == ["2026年4月", "未注明日期"]
    assert pages["archive/page-001-12a3db38e9cb99d5.html"].context["heading"] == "内蒙古日报 第2版"
    assert pages["archive/2026-04.html"].context["heading"] == "2026年4月"


def test_two_dumps_of_one_printed_page_are_told_apart():
    edition = Edition("内蒙古日报", "2026-04-10", 5, None)
    site = site_of([art("raw", seed="a.txt", edition=edition),
                    art("clean", seed="b.txt", edition=edition)])
    assert dict(site.labels) == {"a.txt": "内蒙古日报 2026年4月10日 第5版",
                                 "b.txt": "内蒙古日报 2026年4月10日 第5版（2）"}


def test_a_page_with_no_edition_is_numbered_by_its_order_in_the_archive():
    pages = pages_of(site_of([art("a", seed="p1.txt"), art("b", seed="p2.txt")]))
    assert pages["articles/b.html"].context["source_page"].text == "内蒙古日报 版面 2"
    assert texts(pages["archive.html"].context["seeds"]) == ["内蒙古日报 版面 1", "内蒙古日报 版面 2"]


# ---------------------------------------------------------------------------- chrome and feeds

def test_chrome_links_relatively_and_canonically_only_with_a_base_url():
    site = site_of()
    page = pages_of(site)["articles/ftz-copy.html"]
    plain = views.Chrome(site.config, has_search=True).context(page)
    assert (plain["css_href"], plain["home_href"], plain["search_href"], plain["root_dir"]) == \
        ("../static/style.css", "../index.html", "../search.html", "../")
    assert plain["canonical_url"] is None and plain["feed_href"] is None
    assert [l.text for l in plain["nav"]][-1] == "搜索" and not any(l.current for l in plain["nav"])
    assert texts(plain["breadcrumbs"]) == ["首页", "自贸试验区", page.title]
    with_base = views.Chrome(SiteConfig(base_url="https://user.github.io/repo"), False)
    context = with_base.context(page)
    # a printing's canonical is the story's canonical page
    assert context["canonical_url"] == "https://user.github.io/repo/articles/ftz.html"
    assert context["search_href"] is None and "搜索" not in texts(context["nav"])
    tag = pages_of(site)["tags/ports.html"]
    assert with_base.context(tag)["feed_href"] == "ports.xml"


def test_feeds_and_sitemap_hold_absolute_urls_of_what_they_list():
    site = site_of()
    pages = pages_of(site)
    made = {f.path: f for f in feed_files(site, "https://x.org/", list(pages) + ["404.html"])}
    assert set(made) == {"atom.xml", "sitemap.xml", "tags/ports.xml",
                         "tags/free-trade-zone.xml", "tags/engineering-talent.xml"}
    atom = made["atom.xml"].context
    assert atom["updated"] == "2026-04-09T00:00:00Z" and atom["base_url"] == "https://x.org/"
    assert [e["url"] for e in atom["entries"]][0] == "https://x.org/articles/ftz.html"
    ports = made["tags/ports.xml"].context
    assert ports["feed_url"] == "https://x.org/tags/ports.xml"
    assert ports["base_url"] == "https://x.org/tags/ports.html"
    # undated stories have no time for an entry
    assert [e["url"] for e in ports["entries"]] == ["https://x.org/articles/ftz.html",
                                                    "https://x.org/articles/rail.html"]
    urls = made["sitemap.xml"].context["urls"]
    assert "https://x.org/articles/ftz.html" in urls and "https://x.org/" in urls
    assert not any("ftz-copy" in u or "404" in u for u in urls)


def test_render_tasks_hand_out_the_sections_first_and_every_article_once():
    tasks = pages.tasks(450)
    kinds = [task.kind for task in tasks]
    first_chunk = kinds.index("articles")
    assert set(kinds[:first_chunk]) == set(views.SECTIONS)
    assert set(kinds[first_chunk:]) == {"articles"}
    covered = [i for task in tasks[first_chunk:] for i in range(task.start, task.stop)]
    assert covered == list(range(450))


def test_article_items_and_links_are_made_once_per_folder_and_the_memo_stays_bounded(monkeypatch):
    site = site_of()
    article = site.corpus.canonical[0]
    item = site.item(article, "tags/a.html")
    assert site.item(article, "tags/b.html") is item  # (the same folder: the same href)
    elsewhere = site.item(article, "index.html")
    assert elsewhere.href != item.href and elsewhere.title == item.title
    link = site.article_link(article, "articles/x.html")
    assert site.article_link(article, "articles/y.html") is link
    noted = site.article_link(article, "articles/x.html", note="第1版")
    assert noted.note == "第1版" and link.note is None  # (a link with a note is its own)
    monkeypatch.setattr(views, "LINK_MEMO", 2)
    made = [site.item(a, "places/p.html") for a in site.corpus.canonical[:5]]
    assert len(site.made) <= 2
    assert [site.item(a, "places/p.html") for a in site.corpus.canonical[:5]] == made
