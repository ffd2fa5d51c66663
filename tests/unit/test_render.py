"""render: URLs, escaping, the rendered site (every page there, templates wired to the
views), links, determinism and atomic output. What each page shows is checked as data
in test_views.py."""
from __future__ import annotations

import contextlib
import os
import re
from dataclasses import replace
from pathlib import Path

import pytest

from render_samples import SAMPLE, TAG_NAMES, art
from site_builder.config import RelatedConfig, SiteConfig
from site_builder.errors import ErrorLog
from site_builder.models import Proposal
from site_builder.render import pages as render_pages
from site_builder.render import site as render_site_module
from site_builder.render.links import check_links
from site_builder.render.markup import make_markdown
from site_builder.render.routes import url
from site_builder.render.site import render_site
from site_builder.parallel import LocalExecutor
from site_builder.render.corpus import build_corpus, load_ports
from site_builder.render.markup import make_environment
from site_builder.render.views import Chrome, SiteView, page_numbers
from site_builder.render.writer import PageWriter, SiteFiles, Spare

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


@pytest.mark.parametrize("number, pages, expected", [  # 0: the front page (routes.FRONT)
    (0, 2, [0, 2, 1]),
    (2, 2, [0, 2, 1]),
    (1, 4, [0, None, 3, 2, 1]),
    (0, 50, [0, 50, 49, None, 1]),
    (25, 50, [0, None, 27, 26, 25, 24, 23, None, 1]),
    (4, 50, [0, None, 6, 5, 4, 3, 2, 1]),
    (50, 50, [0, 50, 49, 48, None, 1]),
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
    # one feed per tag (what it holds: test_views), linked from the tag's pages
    tag_feed = (site / "tags/ports.xml").read_text(encoding="utf-8")
    assert "<link href=\"https://user.github.io/repo/tags/ports.html\"/>" in tag_feed
    assert '<link rel="self" href="https://user.github.io/repo/tags/ports.xml"/>' in tag_feed
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


class _KeptMemo:
    """A search memo that is there (an update of the last index)."""

    def load(self) -> dict:
        return {}

    def save(self, memo: dict) -> None:
        pass

    def kept(self) -> bool:
        return True


@pytest.mark.parametrize("memo, expected", [
    # made afresh: here, before the corpus and the page workers (its arrays gone by then)
    (None, ["search", "corpus", "pages"]),
    # an update: in a process of its own started at once, not a thread started once the
    # page workers were (it shared this process's GIL and waited for the corpus)
    (_KeptMemo(), ["background", "corpus", "pages", "search"]),
])
def test_where_the_search_index_is_made(tmp_path, monkeypatch, memo, expected):
    events = []

    class Recording(LocalExecutor):
        @contextlib.contextmanager
        def map(self, function, context, tasks, chunk=1, here=False):
            with super().map(function, context, tasks, chunk, here) as results:
                events.append("pages")
                yield results

        @contextlib.contextmanager
        def background(self, job):
            events.append("background")
            with super().background(job) as running:
                yield running

    made = render_site_module.build_corpus
    monkeypatch.setattr(render_site_module, "build_corpus",
                        lambda *a: events.append("corpus") or made(*a))
    index = render_site_module.write_search_index
    monkeypatch.setattr(render_site_module, "write_search_index",
                        lambda *a: events.append("search") or index(*a))
    render_site(make_config(tmp_path), list(SAMPLE), ErrorLog(), tag_names=TAG_NAMES,
                executor=Recording(1), search_memo=memo)
    assert events == expected
    assert (tmp_path / "_site" / "search.html").is_file()
    assert (tmp_path / "_site" / "search" / "meta.js").is_file()


def test_related_lists_are_sent_back_only_when_a_snapshot_is_kept(tmp_path):
    config = make_config(tmp_path)
    corpus = build_corpus(list(SAMPLE), config)
    site = SiteView.of(config, corpus, TAG_NAMES, {}, load_ports())
    writer = PageWriter(SiteFiles(tmp_path / "out", None, {}), make_environment(config),
                        Chrome(config, True), None)
    task = render_pages.Task("articles", 0, len(corpus.articles))
    kept = render_pages.PageRenderer(site, writer, None, "content").run(task)
    not_kept = render_pages.PageRenderer(site, writer, None, "content",
                                         related_lists=False).run(task)
    assert kept.related and not not_kept.related
    assert kept.pages == not_kept.pages


# ---------------------------------------------------------------------------- atomic output

def test_failed_render_keeps_the_previous_site(tmp_path, monkeypatch):
    site = build(tmp_path)
    before = all_files(site)

    def explode(self, article, out):
        raise RuntimeError("template blew up")

    monkeypatch.setattr(render_pages.PageRenderer, "article", explode)
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

    def explode(config, folder):
        raise RuntimeError("blew up after the pages were written")

    monkeypatch.setattr(render_site_module, "copy_static", explode)
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
    # the site it replaced is left beside it, for the next render to delete as it works
    left = sorted(p.name for p in tmp_path.iterdir() if p.name != "_site")
    assert len(left) == 1 and left[0].startswith("._site.old-")
    build(tmp_path, [art("again")])
    now = sorted(p.name for p in tmp_path.iterdir() if p.name != "_site")
    assert len(now) == 1 and now != left and now[0].startswith("._site.old-")


@pytest.mark.parametrize("jobs", [1, 2])
def test_a_recycled_folder_gives_the_site_a_fresh_one_would(tmp_path, jobs):
    """A cached render takes the site the last one replaced as its folder: its files
    that are the current site's stay, all else goes (a page no longer made, a stray
    file, an index file); the site it replaces, whose files it shares, is left intact."""
    config = make_config(tmp_path)
    site = config.path("output")
    result = render_site(config, list(SAMPLE), ErrorLog(), tag_names=TAG_NAMES, previous={})
    versions = [list(SAMPLE), [replace(a, title=f"{a.title}（更新）") for a in SAMPLE[:1]]
                + list(SAMPLE[1:]), list(SAMPLE[1:]), list(SAMPLE[1:]) + [art("new")]]
    for number, articles in enumerate(versions):
        for old in tmp_path.glob("._site.old-*"):  # (what the next render recycles)
            (old / "stray.html").write_text("stray", encoding="utf-8")
            (old / "search" / "shard-99.js").write_text("stray", encoding="utf-8")
            (old / "articles" / "gone").mkdir()
        current = all_files(site)
        result = render_site(config, articles, ErrorLog(), tag_names=TAG_NAMES,
                             previous=result.keys, since=result.snapshot, jobs=jobs)
        fresh = make_config(tmp_path / f"fresh-{number}")
        render_site(fresh, articles, ErrorLog(), tag_names=TAG_NAMES)
        assert all_files(site) == all_files(fresh.path("output"))
        assert not (site / "articles" / "gone").exists()
        left = list(tmp_path.glob("._site.*"))
        assert len(left) == 1 and all_files(left[0]) == current
    assert not (site / "articles" / "ftz.html").exists()  # (its story was taken out)


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


def test_no_page_shows_a_seed_file_name(tmp_path):
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
    for path in site.rglob("*.html"):
        text = visible_text(path.read_text(encoding="utf-8"))
        for name in ("000_797c3c25eef53a42", "001_12a3db38e9cb99d5", ".txt"):
            assert name not in text, (path, name)


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
    printed = (site / "articles/printed.html").read_text(encoding="utf-8")
    start = printed.index("<header>", printed.index('<article class="article">'))
    header = printed[start:printed.index("</header>", start)]
    assert "<h1>印出的标题</h1>" in header and "title-note" not in header
    # listings mark the editorial headlines too
    index = (site / "index.html").read_text(encoding="utf-8")
    assert re.search(r'class="derived-title">草原书屋开进牧户家</a><small class="title-note">', index)
    assert ">印出的标题</a></h3>" in index


def test_templates_show_what_the_views_hand_them(tmp_path):
    """The default theme wires each context value to its markup (the values themselves:
    test_views.py)."""
    long = "建议国家支持口岸基础设施升级，" * 10 + "加快建设。"
    articles = list(SAMPLE) + [art("np", dateline="本报讯", body="近日，书屋落成。", proposals=(
        Proposal("罗青", "全国人大代表", "内蒙古某公司", "加快口岸建设", statement=long),))]
    site = build(tmp_path, articles, per_page=2)
    page = (site / "articles/ftz.html").read_text(encoding="utf-8")
    for text in ["<h2>小标题</h2>", '<time datetime="2026-04-09">2026年4月9日</time>',
                 'href="../tags/free-trade-zone.html">自贸试验区</a>', 'href="ftz-copy.html"',
                 "共同：口岸、二连浩特、中欧班列"]:
        assert text in page, text
    quote = (site / "articles/np.html").read_text(encoding="utf-8")
    assert '<p><span class="dateline">本报讯</span> 近日，书屋落成。</p>' in quote
    assert f"<blockquote><p>{long}</p></blockquote>" in quote
    assert '<a class="name" href="../people/luo-qing.html">罗青</a>' in quote
    copy = (site / "articles/ftz-copy.html").read_text(encoding="utf-8")
    assert re.search(r'class="notice">[^<]*规范版本：<a href="ftz.html">', copy)
    second = (site / "tags/ports-2.html").read_text(encoding="utf-8")
    assert 'href="ports.html" rel="prev"' in second and '<span aria-current="page">2</span>' in second
    assert re.search(r'<td class="person" data-label="人物"><a class="name" href="people/luo-qing.html">'
                     r'罗青</a></td><td class="role" data-label="身份">全国人大代表</td>',
                     (site / "proposals.html").read_text(encoding="utf-8"))


def test_a_fresh_folder_takes_over_the_replaced_sites_files_never_one_still_shared(tmp_path):
    live, stale, new = tmp_path / "live", tmp_path / ".live.old-1", tmp_path / "new"
    for folder in (live, stale / "articles", new):
        folder.mkdir(parents=True, exist_ok=True)
    (live / "index.html").write_text("the live site's page")
    os.link(live / "index.html", stale / "index.html")  # (shared with the live site)
    (stale / "articles" / "old.html").write_text("x" * 5000)  # longer than what takes it
    (stale / "articles" / "other.html").write_text("y")
    (stale / "articles" / "other.html").chmod(0o600)  # (not what a new file gets)
    spare = Spare.of(stale)
    assert spare is not None and len(spare.paths) == 3
    files = SiteFiles(new, None, {}, spare=spare)
    for name, text in (("a.html", "short"), ("articles/b.html", "new page " * 100),
                       ("c.html", "third"), ("d.html", "fourth: none left to take")):
        files.write(name, text)
    assert (live / "index.html").read_text() == "the live site's page"
    assert {p.relative_to(new).as_posix(): p.read_text() for p in new.rglob("*.html")} == {
        "a.html": "short", "articles/b.html": "new page " * 100, "c.html": "third",
        "d.html": "fourth: none left to take"}
    assert not list(stale.rglob("*.html"))  # (the shared one's stale link went too)
    assert {p.stat().st_mode & 0o777 for p in new.rglob("*.html")} == {spare.mode}
    assert (live / "index.html").stat().st_nlink == 1


def test_a_render_over_old_sites_gives_the_bytes_of_a_fresh_one(tmp_path):
    fresh = all_files(build(tmp_path / "fresh", base_url="https://x.org/"))
    for _ in range(3):  # the third finds the first's site replaced (stale): its files lent
        again = build(tmp_path / "again", base_url="https://x.org/")
    assert sorted(p.name[:11] for p in (tmp_path / "again").glob("._site.*")) == ["._site.old-"]
    assert all_files(again) == fresh
