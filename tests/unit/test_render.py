"""render: URLs, escaping, pages, pagination, links, determinism and atomic output."""
from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

import pytest

import site_builder.render as render_module
from site_builder.config import RelatedConfig, SiteConfig
from site_builder.errors import ErrorLog
from site_builder.models import Article, Proposal
from site_builder.render import check_links, make_markdown, page_numbers, render_site, url


def art(id: str, date: str | None = "2026-04-01", **kw) -> Article:
    return Article(id=id, title=kw.pop("title", f"标题{id}"), body=kw.pop("body", "正文。"),
                   seed=kw.pop("seed", "001_page.txt"), date=date, **kw)


SAMPLE = [
    art("ftz", "2026-04-09", title="构筑我国向北开放的重要桥头堡",
        subtitle="——写在中国(内蒙古)自由贸易试验区获批之际", kicker="两会 | 聚焦",
        authors=("刘伟", "谢希瑶"), source="新华社", dateline="新华社呼和浩特4月9日电",
        body="第一段。\n\n## 小标题\n\n第二段。", tags=("free-trade-zone", "ports"),
        places=("满洲里", "二连浩特"), people=("曲建",), keywords=("中欧班列", "口岸"),
        summary="总体方案发布。", captions=("一列中欧班列通过二连浩特铁路口岸。",),
        proposals=(Proposal("罗青", "全国人大代表", "内蒙古某公司", "加快口岸建设",
                            statement="建议国家支持口岸基础设施升级。"),)),
    art("ftz-copy", "2026-04-09", title="构筑我国向北开放的重要桥头堡", seed="002_page.txt",
        tags=("free-trade-zone", "ports"), places=("满洲里",), duplicate_of="ftz"),
    art("rail", "2026-03-01", title="中欧班列再创新高", tags=("ports",),
        places=("二连浩特",), keywords=("中欧班列",)),
    art("arxan", None, title="阿尔山口岸即将恢复通关", tags=("ports",), places=("阿尔山",)),
    art("talent", "2025-12-30", title="工程一线淬初心", tags=("engineering-talent",)),
]
TAG_NAMES = {"ports": "口岸", "free-trade-zone": "自贸试验区"}


def make_config(root: Path, **kw) -> SiteConfig:
    return SiteConfig(root=str(root), **kw)


def build(root: Path, articles=SAMPLE, tag_names=TAG_NAMES, **kw) -> Path:
    config = make_config(root, **kw)
    render_site(config, list(articles), ErrorLog(), tag_names=tag_names)
    return config.path("output")


def all_files(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes()
            for p in sorted(site.rglob("*")) if p.is_file()}


# ---------------------------------------------------------------------------- url()

@pytest.mark.parametrize("target, from_path, expected", [
    ("articles/x.html", "index.html", "articles/x.html"),
    ("index.html", "articles/x.html", "../index.html"),
    ("articles/y.html", "articles/x.html", "y.html"),
    ("tags/ports-2.html", "places/a.html", "../tags/ports-2.html"),
    ("static/style.css", "archive/2026-04.html", "../static/style.css"),
    ("index.html", "index.html", "index.html"),
    ("articles/x.html#related", "tags/a.html", "../articles/x.html#related"),
])
def test_url_is_relative_and_ends_in_a_file(target, from_path, expected):
    assert url(target, from_path) == expected


@pytest.mark.parametrize("target", ["/articles/x.html", "tags/", "https://x.org/a.html", ""])
def test_url_refuses_absolute_paths_folders_and_external_urls(target):
    with pytest.raises(ValueError):
        url(target, "index.html")


@pytest.mark.parametrize("number, pages, expected", [
    (1, 1, [1]),
    (1, 4, [1, 2, 3, 4]),
    (1, 50, [1, 2, 3, None, 50]),
    (25, 50, [1, None, 23, 24, 25, 26, 27, None, 50]),
    (4, 50, [1, 2, 3, 4, 5, 6, None, 50]),
    (50, 50, [1, None, 48, 49, 50]),
])
def test_pager_links_the_ends_and_the_pages_around_the_current_one(number, pages, expected):
    assert page_numbers(number, pages) == expected


# ---------------------------------------------------------------------------- escaping

def test_markdown_escapes_raw_html_and_drops_links():
    md = make_markdown()
    html = md.convert('<script>alert(1)</script>\n\n<img src=x onerror="alert(1)">\n\n'
                      '[点我](javascript:alert(1)) <b>粗</b>')
    assert "<script" not in html and "<img" not in html and "<b>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "href" not in html
    md.reset()
    assert md.convert("## 小标题\n\n段落") == "<h2>小标题</h2>\n<p>段落</p>"


def test_hostile_text_in_every_field_comes_out_as_text(tmp_path):
    evil = '<script>alert("x")</script><img src=x onerror=alert(1)>'
    article = art("evil", title=evil, subtitle=evil, kicker=evil, authors=(evil,),
                  source=evil, dateline=evil, summary=evil, captions=(evil,),
                  body=f"{evil}\n\n[link](javascript:alert(1))\n\n<a href=\"javascript:x\">a</a>",
                  tags=("ports",), places=(evil,), people=(evil,),
                  proposals=(Proposal(evil, evil, evil, evil),))
    site = build(tmp_path, [article, art("other", tags=("ports",), places=(evil,))])
    for page in site.rglob("*.html"):
        if page.name == "search.html":
            continue  # the search page's own <script> tags are the search engineer's
        text = page.read_text(encoding="utf-8")
        if page.name == "404.html":
            # the one inline script that finds the site root, and nothing of the input
            assert text.count("<script") == 1 and "alert" not in text, text
            text = re.sub(r"<script>.*?</script>", "", text, flags=re.S)
        assert "<script" not in text, page
        assert "<img" not in text, page
        assert not re.search(r"""<a\s[^>]*href=["']?\s*javascript:""", text), page
    page = (site / "articles/evil.html").read_text(encoding="utf-8")
    assert "&lt;script&gt;" in page and "onerror=alert(1)&gt;" in page
    assert check_links(site) == []


# ---------------------------------------------------------------------------- pages

def test_all_pages_exist_and_every_internal_link_resolves(tmp_path):
    site = build(tmp_path)
    files = all_files(site)
    for path in ["index.html", "articles/ftz.html", "articles/ftz-copy.html",
                 "tags/index.html", "tags/ports.html", "places/index.html",
                 "places/man-zhou-li.html", "people/index.html", "people/luo-qing.html",
                 "people/qu-jian.html", "ports.html", "proposals.html", "archive.html",
                 "archive/2026-04.html", "archive/undated.html", "archive/page-001-page.html",
                 "404.html", ".nojekyll", "static/style.css"]:
        assert path in files, path
    assert "sitemap.xml" not in files and "atom.xml" not in files
    for path, data in files.items():
        if path.endswith(".html"):
            assert b'<html lang="zh-CN">' in data, path
            assert b'rel="canonical"' not in data, path
    assert check_links(site) == []


def test_article_page_shows_metadata_terms_captions_proposals_and_related(tmp_path):
    site = build(tmp_path)
    page = (site / "articles/ftz.html").read_text(encoding="utf-8")
    for text in ["构筑我国向北开放的重要桥头堡", "——写在中国(内蒙古)自由贸易试验区获批之际",
                 "两会 | 聚焦", "刘伟", "新华社呼和浩特4月9日电", "<h2>小标题</h2>",
                 "一列中欧班列通过二连浩特铁路口岸。", "全国人大代表",
                 "建议国家支持口岸基础设施升级。",
                 'href="../tags/free-trade-zone.html">自贸试验区</a>',
                 'href="../places/man-zhou-li.html">满洲里</a>',
                 'href="../people/luo-qing.html">罗青</a>',
                 'href="ftz-copy.html"']:
        assert text in page, text
    # related to 'rail' by the 口岸 tag, 二连浩特 and 中欧班列; the why names the tag in Chinese
    related = page[page.index('id="related-h"'):]
    assert 'href="rail.html"' in related
    assert "共同：口岸、二连浩特、中欧班列" in related
    assert 'href="ftz-copy.html"' not in related
    # the body's captions are a list apart from the body
    body = page[page.index('class="body"'):page.index('class="captions"')]
    assert "一列中欧班列" not in body


def test_dateline_is_printed_once(tmp_path):
    site = build(tmp_path, [art("a", dateline="新华社北京3月5日电", body="新华社北京3月5日电 正文。"),
                            art("b", dateline="新华社北京3月6日电", body="正文。")])
    assert (site / "articles/a.html").read_text(encoding="utf-8").count("新华社北京3月5日电") == 1
    assert 'class="dateline">新华社北京3月6日电' in (site / "articles/b.html").read_text("utf-8")


def test_dateline_opens_the_first_paragraph_never_a_paragraph_of_its_own(tmp_path):
    site = build(tmp_path, [art("a", dateline="本报讯", body="近日，第一批草原书屋落成。\n\n第二段。"),
                            art("b", dateline="本报讯", body="## 小标题\n\n正文。")])
    page = (site / "articles/a.html").read_text(encoding="utf-8")
    assert '<p><span class="dateline">本报讯</span> 近日，第一批草原书屋落成。</p>' in page
    assert '<p class="dateline">' not in page
    # a body that opens with a heading keeps the dateline above it
    assert '<p class="dateline">本报讯</p>\n<h2>小标题</h2>' in \
        (site / "articles/b.html").read_text(encoding="utf-8")


def test_duplicate_printing_names_its_canonical_and_listings_show_the_story_once(tmp_path):
    site = build(tmp_path)
    copy = (site / "articles/ftz-copy.html").read_text(encoding="utf-8")
    assert re.search(r'class="notice">[^<]*规范版本：<a href="ftz.html">', copy)
    tag_page = (site / "tags/free-trade-zone.html").read_text(encoding="utf-8")
    assert "ftz.html" in tag_page and "ftz-copy.html" not in tag_page
    index = (site / "index.html").read_text(encoding="utf-8")
    assert "ftz-copy.html" not in index


def test_tag_pages_are_paginated(tmp_path):
    articles = [art(f"a{i:02d}", f"2026-04-{i + 1:02d}", tags=("ports",)) for i in range(5)]
    site = build(tmp_path, articles, per_page=2)
    pages = sorted(p.name for p in (site / "tags").glob("ports*.html"))
    assert pages == ["ports-2.html", "ports-3.html", "ports.html"]
    first = (site / "tags/ports.html").read_text(encoding="utf-8")
    second = (site / "tags/ports-2.html").read_text(encoding="utf-8")
    last = (site / "tags/ports-3.html").read_text(encoding="utf-8")
    # newest first: page 1 holds a04, a03; page 3 holds a00
    assert "a04.html" in first and "a03.html" in first and "a02.html" not in first
    assert "a00.html" in last and "a01.html" not in last
    assert 'href="ports-2.html" rel="next"' in first and 'rel="prev"' not in first
    assert 'href="ports.html" rel="prev"' in second and 'href="ports-3.html" rel="next"' in second
    assert 'rel="next"' not in last
    assert '<span aria-current="page">2</span>' in second
    assert check_links(site) == []


def test_a_long_listing_links_its_ends_and_neighbours_not_every_page(tmp_path):
    articles = [art(f"a{i:02d}", f"2026-04-{i + 1:02d}", tags=("ports",)) for i in range(20)]
    site = build(tmp_path, articles, per_page=1)
    middle = (site / "tags/ports-10.html").read_text(encoding="utf-8")
    linked = set(re.findall(r'href="(ports(?:-\d+)?\.html)"', middle))
    assert linked == {"ports.html", "ports-8.html", "ports-9.html", "ports-11.html",
                      "ports-12.html", "ports-20.html"}
    assert middle.count('<span class="gap">…</span>') == 2
    assert check_links(site) == []


def test_ports_page_counts_the_stories_naming_each_port_not_its_city(tmp_path):
    articles = [
        art("rail", "2026-04-01", body="在满洲里铁路口岸，中欧班列鸣笛启程。", places=("满洲里",)),
        art("both", "2026-04-02", body="满洲里口岸是全国最大的陆路口岸。", places=("满洲里",)),
        art("list", "2026-04-03", body="在满洲里、珠恩嘎达布其等口岸复制推广AGV项目。"),
        art("city", "2026-04-04", body="满洲里市举办冰雪节。包头市水产养殖。",
            places=("满洲里", "包头")),
        art("arxan", None, body="确保阿尔山口岸恢复通关。", places=("阿尔山",)),
    ]
    site = build(tmp_path, articles)
    page = (site / "ports.html").read_text(encoding="utf-8")
    assert page.count('<tr><td class="port">') == 20
    count = dict(re.findall(r'<td class="port">([^<]+)</td>.*?<td class="stories">(?:<a [^>]*>)?'
                            r'(\d+)', page))
    assert count["满洲里铁路口岸"] == "3"   # by name, as 满洲里口岸 and in a list
    assert count["满洲里公路口岸"] == "2"   # 满洲里口岸, and the list's 口岸
    assert count["满洲里航空口岸"] == "0"   # the city's story is about no port
    assert count["包头航空口岸"] == "0"
    assert (count["珠恩嘎达布其口岸"], count["阿尔山口岸"], count["策克口岸"]) == ("1", "1", "0")
    assert 'href="ports/man-zhou-li-tie-lu-kou-an.html">3 篇</a>' in page
    # the city links its place page
    assert '<a href="places/man-zhou-li.html">满洲里市</a>' in page
    port = (site / "ports/man-zhou-li-tie-lu-kou-an.html").read_text(encoding="utf-8")
    listed = re.findall(r'href="\.\./articles/([a-z]+)\.html"', port)
    assert listed == ["list", "both", "rail"]
    assert "<h1>满洲里铁路口岸</h1>" in port
    assert not (site / "ports/man-zhou-li-kou-an.html").exists()  # no stories: no page
    assert check_links(site) == []


def test_proposals_table_links_person_and_article(tmp_path):
    site = build(tmp_path)
    page = (site / "proposals.html").read_text(encoding="utf-8")
    assert re.search(r'<td class="person" data-label="人物"><a class="name" href="people/luo-qing.html">'
                     r'罗青</a></td><td class="role" data-label="身份">全国人大代表</td>'
                     r'<td data-label="单位">内蒙古某公司</td><td class="gist" data-label="建言要点">'
                     r'加快口岸建设</td><td data-label="文章"><a href="articles/ftz.html">', page)


def test_person_page_lists_statements_and_articles(tmp_path):
    site = build(tmp_path)
    page = (site / "people/luo-qing.html").read_text(encoding="utf-8")
    assert "建议国家支持口岸基础设施升级。" in page and "加快口岸建设" in page
    assert 'href="../articles/ftz.html"' in page
    assert "建议国家支持" not in (site / "proposals.html").read_text(encoding="utf-8")


def test_tag_names_default_to_the_slug_and_config_taxonomy(tmp_path):
    site = build(tmp_path, tag_names=None)
    tags = (site / "tags/index.html").read_text(encoding="utf-8")
    assert ">ports</a>" in tags and ">engineering-talent</a>" in tags


def test_base_url_adds_canonical_links_sitemap_and_feed(tmp_path):
    site = build(tmp_path, base_url="https://user.github.io/repo")
    page = (site / "articles/ftz-copy.html").read_text(encoding="utf-8")
    # a printing's canonical is the story's canonical page
    assert '<link rel="canonical" href="https://user.github.io/repo/articles/ftz.html">' in page
    sitemap = (site / "sitemap.xml").read_text(encoding="utf-8")
    assert "<loc>https://user.github.io/repo/articles/ftz.html</loc>" in sitemap
    assert "ftz-copy" not in sitemap and "404.html" not in sitemap
    atom = (site / "atom.xml").read_text(encoding="utf-8")
    assert "<updated>2026-04-09T00:00:00Z</updated>" in atom.split("<entry>")[0]
    assert "<id>https://user.github.io/repo/articles/ftz.html</id>" in atom
    not_found = (site / "404.html").read_text(encoding="utf-8")
    assert 'href="https://user.github.io/repo/index.html"' in not_found
    assert "<script" not in not_found  # absolute links: nothing to find
    # one feed per tag, linked from the tag's pages and holding only its articles
    tag_feed = (site / "tags/ports.xml").read_text(encoding="utf-8")
    assert "<link href=\"https://user.github.io/repo/tags/ports.html\"/>" in tag_feed
    assert '<link rel="self" href="https://user.github.io/repo/tags/ports.xml"/>' in tag_feed
    assert "articles/rail.html" in tag_feed and "articles/talent.html" not in tag_feed
    assert "articles/arxan.html" not in tag_feed  # undated: no time for an entry
    assert ('<link rel="alternate" type="application/atom+xml" href="ports.xml"'
            in (site / "tags/ports.html").read_text(encoding="utf-8"))
    assert 'href="atom.xml"' in (site / "index.html").read_text(encoding="utf-8")
    assert check_links(site) == []


def test_without_base_url_there_are_no_feeds_sitemap_or_canonical_links(tmp_path):
    site = build(tmp_path)
    assert not (site / "atom.xml").exists() and not (site / "sitemap.xml").exists()
    assert not list(site.glob("tags/*.xml"))
    for page in site.rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        assert 'rel="canonical"' not in text and "application/atom+xml" not in text, page
    assert (site / ".nojekyll").is_file()


def test_404_page_works_at_any_depth(tmp_path):
    site = build(tmp_path)
    text = (site / "404.html").read_text(encoding="utf-8")
    assert "<style>" in text and 'rel="stylesheet"' not in text
    assert not re.search(r'(href|src)="(\.\./|static/)', text)
    # without a base URL: root-relative links that the inline script re-points over HTTP
    assert 'href="index.html" data-site-path="index.html"' in text
    assert 'var marker = "static/style.css"' in text and (site / "static/style.css").is_file()


def test_static_files_are_copied_and_css_uses_no_external_assets(tmp_path):
    site = build(tmp_path)
    css = (site / "static/style.css").read_text(encoding="utf-8")
    assert "Noto Sans CJK SC" in css and "prefers-color-scheme: dark" in css
    assert "@media print" in css
    assert not re.search(r"url\(|@import|https?:", css)


# ---------------------------------------------------------------------------- determinism

def test_two_renders_give_identical_bytes_whatever_the_input_order(tmp_path):
    first = all_files(build(tmp_path / "one", base_url="https://x.org/"))
    second = all_files(build(tmp_path / "two", list(reversed(SAMPLE)), base_url="https://x.org/"))
    assert first == second
    assert first  # not vacuous


# ---------------------------------------------------------------------------- atomic output

def test_failed_render_keeps_the_previous_site(tmp_path, monkeypatch):
    site = build(tmp_path)
    before = all_files(site)

    def explode(self, article):
        raise RuntimeError("template blew up")

    monkeypatch.setattr(render_module._Renderer, "render_article", explode)
    with pytest.raises(RuntimeError):
        build(tmp_path, [art("new", title="新文章")])
    assert all_files(site) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["_site"]  # no temp folders left


@pytest.mark.parametrize("jobs", [1, 2])
def test_failed_cached_render_keeps_the_previous_site(tmp_path, monkeypatch, jobs):
    """With the page cache the old pages are hard-linked into the new site: a page
    written again must replace its link, never write into the old site's file."""
    config = make_config(tmp_path)
    first = render_site(config, list(SAMPLE), ErrorLog(), tag_names=TAG_NAMES, previous={})
    site = config.path("output")
    before = all_files(site)
    changed = [replace(a, title=f"{a.title}（更新）") for a in SAMPLE]

    def explode(self):
        raise RuntimeError("blew up after the pages were written")

    monkeypatch.setattr(render_module._Renderer, "render_404", explode)
    with pytest.raises(RuntimeError):
        render_site(config, changed, ErrorLog(), tag_names=TAG_NAMES, previous=first.keys,
                    since=first.snapshot, jobs=jobs)
    assert all_files(site) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["_site"]


def test_successful_render_replaces_the_old_site(tmp_path):
    site = build(tmp_path)
    (site / "stale.html").write_text("old", encoding="utf-8")
    build(tmp_path, [art("only")])
    assert not (site / "stale.html").exists()
    assert not (site / "articles/ftz.html").exists()
    assert (site / "articles/only.html").exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["_site"]


# ---------------------------------------------------------------------------- link checker

def test_check_links_reports_broken_absolute_folder_and_javascript_links(tmp_path):
    (tmp_path / "sub").mkdir()
    (tmp_path / "ok.html").write_text("<p>ok</p>", encoding="utf-8")
    (tmp_path / "sub/page.html").write_text(
        '<a href="../ok.html#x">fine</a>\n'
        '<a href="https://example.org/">external</a> <a href="#top">same page</a>\n'
        '<a href="missing.html">broken</a>\n'
        '<a href="/ok.html">absolute</a>\n'
        '<a href="../">folder</a>\n'
        '<a href="javascript:alert(1)">js</a>\n'
        '<img src="../../outside.png">\n', encoding="utf-8")
    problems = check_links(tmp_path)
    assert len(problems) == 5, problems
    assert problems[0].startswith("sub/page.html:3: <a> 'missing.html': no such file")
    assert "absolute path" in problems[1] and problems[1].startswith("sub/page.html:4:")
    assert "bare folder" in problems[2]
    assert "javascript: URL" in problems[3]
    assert "outside the site" in problems[4]


def test_render_warns_about_untitled_articles_and_broken_duplicate_links(tmp_path):
    log = ErrorLog()
    config = make_config(tmp_path, related=RelatedConfig())
    render_site(config, [art("x", title=None), replace(art("y"), duplicate_of="nope")], log)
    messages = [str(w) for w in log.warnings]
    assert any("no title" in m for m in messages)
    assert any("nope" in m for m in messages)
    page = (config.path("output") / "articles/x.html").read_text(encoding="utf-8")
    assert "（无标题）" not in page
    assert '<h1 class="derived-title">正文</h1>' in page


# ---------------------------------------------------------------------------- what readers see

def visible_text(html: str) -> str:
    """The page's text as a reader sees it: no tags, no attributes, no scripts."""
    html = re.sub(r"<(script|style)\b.*?</\1>", "", html, flags=re.S)
    return re.sub(r"<[^>]+>", " ", html)


def test_pages_name_printed_pages_by_paper_date_and_page_never_by_file_name(tmp_path):
    from site_builder.models import Edition

    edition = Edition("内蒙古日报", "2026-04-09", 3, "要闻")
    articles = [art("a", "2026-04-09", seed="000_797c3c25eef53a42.txt", edition=edition),
                art("a-copy", "2026-04-09", seed="001_12a3db38e9cb99d5.txt", duplicate_of="a"),
                art("b", None, seed="001_12a3db38e9cb99d5.txt",
                    edition=Edition(None, None, 2, None))]
    site = build(tmp_path, articles)
    page = (site / "articles/a.html").read_text(encoding="utf-8")
    assert re.search(r'刊于 <a href="\.\./archive/page-000-797c3c25eef53a42\.html">'
                     r'内蒙古日报 2026年4月9日 第3版 要闻</a>', page)
    # the printing names its canonical by its page; the page's paper from site.yaml
    copy = (site / "articles/a-copy.html").read_text(encoding="utf-8")
    assert "（内蒙古日报 2026年4月9日 第3版 要闻）" in copy
    assert "内蒙古日报 第2版" in copy  # its own page: b's edition, the paper from site.yaml
    archive = (site / "archive.html").read_text(encoding="utf-8")
    assert ">内蒙古日报 2026年4月9日 第3版 要闻</a>" in archive
    assert ">2026年4月</a>" in archive and "2026-04<" not in archive
    listing = (site / "archive/page-001-12a3db38e9cb99d5.html").read_text(encoding="utf-8")
    assert "<h1>内蒙古日报 第2版</h1>" in listing
    assert "<h1>2026年4月</h1>" in (site / "archive/2026-04.html").read_text(encoding="utf-8")
    for path in site.rglob("*.html"):
        text = visible_text(path.read_text(encoding="utf-8"))
        for name in ("000_797c3c25eef53a42", "001_12a3db38e9cb99d5", ".txt"):
            assert name not in text, (path, name)


def test_two_dumps_of_one_printed_page_are_told_apart(tmp_path):
    from site_builder.models import Edition

    edition = Edition("内蒙古日报", "2026-04-10", 5, None)
    site = build(tmp_path, [art("raw", seed="a.txt", edition=edition),
                            art("clean", seed="b.txt", edition=edition)])
    archive = (site / "archive.html").read_text(encoding="utf-8")
    assert ">内蒙古日报 2026年4月10日 第5版</a>" in archive
    assert ">内蒙古日报 2026年4月10日 第5版（2）</a>" in archive


def test_a_page_with_no_edition_is_numbered_by_its_order_in_the_archive(tmp_path):
    site = build(tmp_path, [art("a", seed="p1.txt"), art("b", seed="p2.txt")])
    assert "刊于 <a" in (site / "articles/b.html").read_text(encoding="utf-8")
    assert ">内蒙古日报 版面 2</a>" in (site / "articles/b.html").read_text(encoding="utf-8")
    archive = (site / "archive.html").read_text(encoding="utf-8")
    assert ">内蒙古日报 版面 1</a>" in archive and ">内蒙古日报 版面 2</a>" in archive


def test_dates_read_in_chinese_with_iso_in_the_markup(tmp_path):
    site = build(tmp_path)
    page = (site / "articles/ftz.html").read_text(encoding="utf-8")
    assert '<time datetime="2026-04-09">2026年4月9日</time>' in page
    index = (site / "index.html").read_text(encoding="utf-8")
    assert '<time datetime="2026-03-01">2026年3月1日</time>' in index


def test_a_story_without_a_headline_gets_an_editorial_one_never_untitled(tmp_path):
    articles = [art("none", title=None, kicker="习近平总书记关切事",
                    body="习近平总书记指出，干部干事创业要树立正确政绩观，有功成不必在我的精神境界。\n\n二。"),
                art("made", title="草原书屋开进牧户家", title_source="derived"),
                art("printed", title="印出的标题")]
    site = build(tmp_path, articles)
    for path in site.rglob("*.html"):
        assert "（无标题）" not in path.read_text(encoding="utf-8"), path
    none = (site / "articles/none.html").read_text(encoding="utf-8")
    assert '<h1 class="derived-title">习近平总书记指出，干部干事创业要树立正确政绩观</h1>' in none
    assert '<p class="title-note">' in none
    made = (site / "articles/made.html").read_text(encoding="utf-8")
    assert '<h1 class="derived-title">草原书屋开进牧户家</h1>' in made
    printed = (site / "articles/printed.html").read_text(encoding="utf-8")
    start = printed.index("<header>", printed.index('<article class="article">'))
    header = printed[start:printed.index("</header>", start)]
    assert "<h1>印出的标题</h1>" in header and "title-note" not in header
    # listings mark the editorial headlines too
    index = (site / "index.html").read_text(encoding="utf-8")
    assert re.search(r'class="derived-title">草原书屋开进牧户家</a><small class="title-note">', index)
    assert ">印出的标题</a></h3>" in index


def test_article_page_quotes_each_proposal_in_full(tmp_path):
    long = "建议国家支持口岸基础设施升级，" * 10 + "加快建设。"
    article = art("np", proposals=(
        Proposal("罗青", "全国人大代表", "内蒙古某公司", "加快口岸建设", statement=long),
        Proposal("赵会杰", "全国人大代表", None, "把基层的期盼带到会上。")))
    site = build(tmp_path, [article])
    page = (site / "articles/np.html").read_text(encoding="utf-8")
    quotes = re.findall(r'<figure class="proposal">(.*?)</figure>', page, flags=re.S)
    assert len(quotes) == 2
    assert '<a class="name" href="../people/luo-qing.html">罗青</a>' in quotes[0]
    assert '<span class="role">全国人大代表</span><span class="affiliation">内蒙古某公司</span>' \
        in quotes[0]
    assert f"<blockquote><p>{long}</p></blockquote>" in quotes[0]
    # no statement printed apart: the gist is the quote
    assert "<blockquote><p>把基层的期盼带到会上。</p></blockquote>" in quotes[1]
    assert "<table" not in page


def test_date_neighbours_link_dated_stories_only(tmp_path):
    site = build(tmp_path)
    arxan = (site / "articles/arxan.html").read_text(encoding="utf-8")  # undated
    assert 'class="prev-next"' not in arxan
    talent = (site / "articles/talent.html").read_text(encoding="utf-8")  # the oldest dated
    assert "较早" not in talent and "较新：" in talent
