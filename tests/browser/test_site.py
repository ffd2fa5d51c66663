"""The built sample site in Debian chromium, over file:// and over HTTP under /repo/."""
from __future__ import annotations

import re
from urllib.parse import parse_qs, urlsplit

import pytest

from .conftest import Tab, open_tab

pytestmark = pytest.mark.browser

QUERIES = ["满洲里", "中欧班列", "自贸试验区"]


def results(tab: Tab):
    """Wait for the search to finish and return the result items."""
    tab.page.wait_for_selector("#search-results[aria-busy=false]", state="attached")
    return tab.page.locator("#search-results > li")


def test_home_links_to_an_article_with_its_title(tab: Tab):
    tab.open("index.html")
    assert tab.page.locator("html").get_attribute("lang") == "zh-CN"
    link = tab.page.locator("main a[href*='articles/']").first
    href = link.get_attribute("href")
    assert href and not href.startswith("/") and href.endswith(".html"), href
    title = link.inner_text().strip()
    link.click()
    tab.page.wait_for_load_state()
    assert re.search(r"/articles/[^/]+\.html$", urlsplit(tab.page.url).path), tab.page.url
    heading = tab.page.locator("h1")
    assert heading.count() == 1
    assert heading.inner_text().strip() == title
    tab.assert_clean()


def test_every_link_on_the_home_page_stays_relative_and_opens(tab: Tab):
    tab.open("index.html")
    hrefs = tab.page.eval_on_selector_all("a[href]", "els => els.map(e => e.getAttribute('href'))")
    assert hrefs
    for href in sorted(set(hrefs)):
        if href.startswith("#"):
            continue
        assert not re.match(r"^(/|[a-z]+:)", href), f"not a relative link: {href}"
        assert re.search(r"\.(html|xml)(#.*)?$", href), f"link without a file name: {href}"
    for href in sorted({h for h in hrefs if not h.startswith("#")})[:15]:
        tab.open(href)  # links on the home page are relative to the site root
        assert tab.page.locator("h1").count() >= 1, href
    tab.assert_clean()


@pytest.mark.parametrize("query", QUERIES)
def test_search_finds_and_highlights(tab: Tab, query: str):
    tab.open(f"search.html?q={query}")
    items = results(tab)
    assert items.count() >= 1, tab.page.locator("#search-status").inner_text()
    marks = tab.page.locator("#search-results mark").all_inner_texts()
    assert marks, "no <mark> in the results"
    grams = {query[i:i + 2] for i in range(len(query) - 1)}
    assert all(m == query or m in grams or query in m for m in marks), marks
    assert query in marks
    first = items.first.locator("a").first
    href = first.get_attribute("href")
    assert re.fullmatch(r"articles/[a-z0-9-]+\.html", href), href
    first.click()
    tab.page.wait_for_load_state()
    assert tab.page.locator("h1").count() == 1
    assert query in tab.page.locator("main").inner_text()
    tab.assert_clean()


def test_search_form_updates_the_address(tab: Tab):
    tab.open("search.html")
    results(tab)
    tab.page.evaluate("() => { window.notReloaded = true; }")
    tab.page.fill("#search-q", "满洲里")
    tab.page.press("#search-q", "Enter")
    tab.page.wait_for_url(re.compile(r"search\.html\?q="))
    assert results(tab).count() >= 1
    assert parse_qs(urlsplit(tab.page.url).query) == {"q": ["满洲里"]}
    # history.replaceState worked (on file:// too): the page searched in place
    assert tab.page.evaluate("() => window.notReloaded === true")
    tab.assert_clean()


def test_filters_narrow_the_results(tab: Tab):
    tab.open("search.html?q=口岸")
    everything = results(tab).count()
    assert everything >= 2
    years = tab.page.eval_on_selector_all("#search-year option", "os => os.map(o => o.value)")
    tags = tab.page.eval_on_selector_all("#search-tag option", "os => os.map(o => o.value)")
    assert years[0] == "" and len(years) >= 2 and tags[0] == "" and len(tags) >= 2
    tab.page.select_option("#search-tag", tags[1])
    tab.page.wait_for_url(re.compile(r"tag=" + re.escape(tags[1])))
    narrowed = results(tab).count()
    assert 0 < narrowed <= everything or "没有" in tab.page.locator("#search-status").inner_text()
    name = tab.page.locator("#search-tag option:checked").inner_text().split("（")[0]
    for meta in tab.page.locator("#search-results .search-meta").all_inner_texts():
        assert name in meta
    tab.assert_clean()


def test_search_text_is_never_markup(tab: Tab):
    evil = "<img src=x onerror=alert(1)>满洲里"
    tab.page.goto(tab.site.url("search.html") + "?q=" + evil.replace("<", "%3C").replace(">", "%3E"))
    results(tab)
    assert tab.page.locator("main img").count() == 0
    assert tab.page.input_value("#search-q") == evil
    tab.assert_clean()


def test_keyboard_only_search(tab: Tab):
    tab.open("index.html")
    page = tab.page
    for _ in range(60):
        page.keyboard.press("Tab")
        if page.evaluate("() => document.activeElement && document.activeElement.type === 'search'"):
            break
    else:
        pytest.fail("Tab never reached a search box")
    page.keyboard.type("中欧班列")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"search\.html\?q="))
    assert results(tab).count() >= 1
    for _ in range(60):
        page.keyboard.press("Tab")
        if page.evaluate("() => !!(document.activeElement && "
                         "document.activeElement.closest('#search-results a'))"):
            break
    else:
        pytest.fail("Tab never reached a search result")
    expected = page.evaluate("() => document.activeElement.textContent")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"articles/[^/]+\.html$"))
    assert page.locator("h1").inner_text().strip() == expected.strip()
    tab.assert_clean()


@pytest.mark.parametrize("width", [390, 1280])
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_screenshots_fit_the_width(chromium_browser, file_site, artifacts, width, scheme):
    tab = open_tab(chromium_browser, file_site, viewport={"width": width, "height": 900},
                   color_scheme=scheme)
    try:
        for name, path in [("home", "index.html"), ("search", "search.html?q=满洲里")]:
            tab.open(path)
            if name == "search":
                assert results(tab).count() >= 1
            tab.page.screenshot(path=str(artifacts / f"{name}-{width}-{scheme}.png"), full_page=True)
            overflow = tab.page.evaluate("() => document.documentElement.scrollWidth")
            assert overflow <= width, f"{path} is {overflow}px wide at {width}px"
        tab.open("index.html")
        tab.page.locator("main a[href*='articles/']").first.click()
        tab.page.wait_for_load_state()
        tab.page.screenshot(path=str(artifacts / f"article-{width}-{scheme}.png"), full_page=True)
        assert tab.page.evaluate("() => document.documentElement.scrollWidth") <= width
        tab.assert_clean()
    finally:
        tab.page.context.close()


def test_dark_mode_changes_the_colours(chromium_browser, file_site):
    colours = {}
    for scheme in ("light", "dark"):
        tab = open_tab(chromium_browser, file_site, color_scheme=scheme)
        try:
            tab.open("search.html")
            colours[scheme] = tab.page.evaluate(
                "() => getComputedStyle(document.body).backgroundColor + ' ' +"
                " getComputedStyle(document.body).color")
        finally:
            tab.page.context.close()
    assert colours["light"] != colours["dark"], colours


def test_the_watch_catches_requests_leaving_the_site(tab: Tab):
    """The checks above can fail: a request off the site (or above /repo/) is reported."""
    tab.open("index.html")
    for src in ("http://example.invalid/pixel.png", "/pixel.png"):
        tab.page.evaluate("""src => new Promise(done => {
            const img = document.createElement('img');
            img.onload = img.onerror = done;
            img.src = src;
            document.body.appendChild(img);
        })""", src)
    leaving = [p for p in tab.problems if p.startswith("request leaving the site")]
    assert any("example.invalid" in p for p in leaving), tab.problems
    assert any(p.endswith("/pixel.png") and "example" not in p for p in leaving), tab.problems
    with pytest.raises(AssertionError):
        tab.assert_clean()
