"""Every page in the browser: cross-reference pages, a full link crawl, layout at 360 px,
skip link and focus, print style, person search, and 404.html at any depth."""
from __future__ import annotations

import http.server
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

from site_builder.content import load_dir

from .conftest import SUBPATH, Site, Tab, open_tab, serve_site

pytestmark = pytest.mark.browser

LINKS_JS = """() => Array.from(document.querySelectorAll(
    'a[href], link[href], script[src], img[src], form[action]'))
  .map(e => e.tagName === 'FORM' ? e.action : (e.href || e.src))"""


def first_href(tab: Tab, index: str) -> str:
    """The first entry of an index page (tags/, places/, people/), as a path from the root."""
    tab.open(index)
    href = tab.page.locator("main .term-list a").first.get_attribute("href")
    assert href and href.endswith(".html"), href
    return str(Path(index).parent / href)


def assert_page(tab: Tab, crumbs: int = 2) -> str:
    """One h1, the landmarks, breadcrumbs and the page's language; returns the h1."""
    page = tab.page
    assert page.locator("html").get_attribute("lang") == "zh-CN"
    assert page.locator("h1").count() == 1
    for landmark in ("header", "nav.site-nav", "main#main", "footer"):
        assert page.locator(landmark).count() == 1, landmark
    assert page.locator("nav.breadcrumbs li").count() >= crumbs
    return page.locator("h1").inner_text().strip()


def test_tag_place_and_person_pages_open(tab: Tab):
    for index in ("tags/index.html", "places/index.html", "people/index.html"):
        path = first_href(tab, index)
        tab.open(path)
        heading = assert_page(tab, crumbs=3)
        # the breadcrumb ends at this page, the entries open their articles
        assert tab.page.locator("nav.breadcrumbs [aria-current=page]").inner_text() == heading
        article = tab.page.locator("main .article-list a").first
        title = article.inner_text().strip()
        article.click()
        tab.page.wait_for_load_state()
        assert tab.page.locator("h1").inner_text().strip() == title
        # and the article links back to the same tag / place / person
        assert tab.page.locator(f"main a:text-is('{heading}')").count() >= 1, heading
    tab.assert_clean()


def test_ports_directory_and_proposals_table(tab: Tab):
    tab.open("ports.html")
    assert_page(tab)
    ports = tab.page.locator("main table tbody tr")
    assert ports.count() >= 20  # the 20 ports of Inner Mongolia
    row = tab.page.locator("main table tbody tr", has=tab.page.locator("td.stories a")).first
    port = row.locator("td.port").inner_text().strip()
    count = int(row.locator("td.stories a").inner_text().split()[0])  # "3 篇"
    row.locator("td.stories a").click()
    tab.page.wait_for_load_state()
    assert tab.page.locator("h1").inner_text().strip() == port
    assert tab.page.locator("main .article-list > li").count() == count

    tab.open("proposals.html")
    assert_page(tab)
    headers = tab.page.locator("table.proposals thead th").all_inner_texts()
    assert headers == ["人物", "身份", "单位", "建言要点", "文章"]
    rows = tab.page.locator("table.proposals tbody tr")
    assert rows.count() >= 10
    person = rows.first.locator("td").first.locator("a")
    name = person.inner_text().strip()
    person.click()
    tab.page.wait_for_load_state()
    assert tab.page.locator("h1").inner_text().strip() == name
    assert tab.page.locator("table.proposals").count() == 1  # the person's statements
    tab.assert_clean()


def test_every_internal_link_of_every_page_resolves(tab: Tab, built_site: Path):
    """Crawl from the home page in the browser: every link, stylesheet and script inside
    the site exists, every #fragment names an element, and every page is reachable."""
    files = {p.relative_to(built_site).as_posix() for p in built_site.rglob("*") if p.is_file()}
    queue, seen, ids = ["index.html"], {"index.html"}, {}
    fragments: list[tuple[str, str, str]] = []
    broken: list[str] = []
    while queue:
        path = queue.pop()
        tab.open(path)
        ids[path] = set(tab.page.eval_on_selector_all("[id]", "es => es.map(e => e.id)"))
        for link in tab.page.evaluate(LINKS_JS):
            if not tab.site.inside(link) or link.startswith(("data:", "about:", "blob:")):
                continue
            parts = urlsplit(link)
            target = unquote(parts.path)[len(urlsplit(tab.site.root).path):]
            if target not in files:
                broken.append(f"{path}: {link}")
                continue
            if parts.fragment:
                fragments.append((path, target, unquote(parts.fragment)))
            if target.endswith(".html") and target not in seen:
                seen.add(target)
                queue.append(target)
    assert not broken, "\n".join(broken)
    missing = [f"{page}: #{fragment} not in {target}" for page, target, fragment in fragments
               if fragment not in ids.get(target, set())]
    assert not missing, "\n".join(missing)
    unreachable = {f for f in files if f.endswith(".html")} - seen - {"404.html"}
    assert not unreachable, sorted(unreachable)
    assert len(seen) > 50
    tab.assert_clean()


PEOPLE = ["王召明", "纳日碧力戈", "赵会杰"]


@pytest.mark.parametrize("name", PEOPLE)
def test_search_for_a_deputy_finds_the_article_with_the_statement(file_tab: Tab, built_site,
                                                                   name: str):
    articles, errors = load_dir(built_site.parent.parent / "content")
    assert not errors
    by_id = {a.id: a for a in articles}
    expected = {f"articles/{a.duplicate_of or a.id}.html" for a in articles
                if any(p.person == name for p in a.proposals)}
    assert expected, f"{name} is no longer a deputy in the samples' proposals"
    assert all(e.split("/")[1][:-5] in by_id for e in expected)
    file_tab.open(f"search.html?q={name}")
    file_tab.page.wait_for_selector("#search-results[aria-busy=false]", state="attached")
    first = file_tab.page.locator("#search-results > li").first
    assert first.locator("a").get_attribute("href") in expected
    assert name in first.locator("mark").all_inner_texts()
    file_tab.assert_clean()


@pytest.mark.parametrize("path", ["index.html", "search.html?q=口岸", "proposals.html",
                                  "ports.html", "tags/index.html", "tags/ports.html"])
def test_pages_fit_a_360px_phone(chromium_browser, file_site: Site, path: str):
    tab = open_tab(chromium_browser, file_site, viewport={"width": 360, "height": 740})
    try:
        tab.open(path)
        if path.startswith("search"):
            tab.page.wait_for_selector("#search-results[aria-busy=false]", state="attached")
        assert tab.page.evaluate("() => document.documentElement.scrollWidth") <= 360
        # ... and the first article it links to
        articles = tab.page.locator("main a[href*='articles/']")
        if articles.count():
            articles.first.click()
            tab.page.wait_for_load_state()
            assert tab.page.evaluate("() => document.documentElement.scrollWidth") <= 360
        tab.assert_clean()
    finally:
        tab.page.context.close()


def test_skip_link_shows_on_focus_and_moves_to_the_content(file_tab: Tab):
    page = file_tab.page
    file_tab.open("index.html")
    skip = page.locator(".skip-link")
    assert skip.bounding_box()["x"] < 0  # off screen until focused
    page.keyboard.press("Tab")
    assert page.evaluate("() => document.activeElement.className") == "skip-link"
    box = skip.bounding_box()
    assert box["x"] >= 0 and box["y"] >= 0 and box["width"] > 0
    outline = page.evaluate("() => getComputedStyle(document.activeElement).outlineStyle")
    assert outline != "none"
    page.keyboard.press("Enter")
    assert page.evaluate("() => document.activeElement.id") == "main"
    # the next Tab goes to the first link of the content, past the navigation
    page.keyboard.press("Tab")
    assert page.evaluate("() => !!document.activeElement.closest('main')")
    assert page.evaluate("() => getComputedStyle(document.activeElement).outlineStyle") != "none"
    file_tab.assert_clean()


def test_print_style_keeps_only_the_article(file_tab: Tab):
    page = file_tab.page
    file_tab.open("index.html")
    page.locator("main a[href*='articles/']").first.click()
    page.wait_for_load_state()
    page.emulate_media(media="print")
    hidden = page.evaluate("""() => ['.site-header', '.site-footer', '.breadcrumbs']
        .map(s => getComputedStyle(document.querySelector(s)).display)""")
    assert hidden == ["none", "none", "none"]
    assert page.evaluate("() => getComputedStyle(document.body).backgroundColor") == \
        "rgb(255, 255, 255)"
    assert page.locator("h1").is_visible()
    file_tab.assert_clean()


# ---------------------------------------------------------------------------- 404.html

class _PagesHandler(http.server.SimpleHTTPRequestHandler):
    """Like GitHub Pages for a project site: a missing path under /repo/ gets /repo/404.html
    with status 404, whatever its depth."""

    def log_message(self, format, *args):  # noqa: A002 - the base class's name
        pass

    def send_error(self, code, message=None, explain=None):
        page = Path(self.directory) / SUBPATH / "404.html"
        if code != 404 or not self.path.startswith(f"/{SUBPATH}/"):
            return super().send_error(code, message, explain)
        body = page.read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)


@pytest.fixture(scope="module")
def pages_root(built_site: Path):
    with serve_site(built_site, _PagesHandler) as root:
        yield root


@pytest.mark.parametrize("missing", ["gone.html", "articles/old-story.html",
                                     "a/b/c/d/e", "static/img/x.png"])
def test_404_page_finds_the_site_at_any_depth_over_http(chromium_browser, pages_root: str,
                                                        missing: str):
    tab = open_tab(chromium_browser, Site("http", pages_root))
    try:
        response = tab.page.goto(pages_root + missing)
        assert response.status == 404
        assert tab.page.locator("h1").inner_text() == "页面不存在"
        tab.page.wait_for_selector("html[data-site-root]", timeout=10_000)
        root = tab.page.evaluate("() => document.documentElement.dataset.siteRoot")
        assert root == f"/{SUBPATH}/"
        home = tab.page.locator("main a").first
        assert home.get_attribute("href") == f"/{SUBPATH}/index.html"
        home.click()
        tab.page.wait_for_url(pages_root + "index.html")
        assert tab.page.locator("nav.site-nav").count() == 1
        # only the 404 itself and the probes of folders that are not the root failed
        unexpected = [p for p in tab.problems
                      if not (p.startswith("HTTP 404") or "404 (Not Found)" in p)]
        assert not unexpected, unexpected
    finally:
        tab.page.context.close()


def test_404_page_opened_from_disk_links_home(file_tab: Tab):
    file_tab.open("404.html")
    assert file_tab.page.locator("h1").inner_text() == "页面不存在"
    file_tab.page.locator("main a").first.click()
    file_tab.page.wait_for_load_state()
    assert file_tab.page.url.endswith(f"/{SUBPATH}/index.html")
    assert file_tab.page.locator("nav.site-nav").count() == 1
    file_tab.assert_clean()
