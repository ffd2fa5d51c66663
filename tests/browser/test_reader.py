"""What a reader sees on the built sample site, at 1280 and 390 px (issue 14): pages
named by paper, date and page, never by a seed file; no （无标题）; no OCR spaces left
in the raw page's text; datelines inside
their paragraph; proposals quoted in full, searchable and unbroken; one highlighted
passage per hit; a phone layout that fits; ports counted by port; date neighbours
between dated stories only."""
from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

from site_builder.content import load_dir
from site_builder.render.corpus import load_ports, port_stories

from .conftest import REPO, Site, Tab, open_tab

pytestmark = pytest.mark.browser

WIDTHS = [1280, 390]
SEEDS = sorted(p.name for p in (REPO / "seeds").iterdir() if p.suffix == ".txt")
# every piece of a seed's file name a reader could recognise: 000_797c3c25eef53a42.txt,
# its stem, its hash
SEED_PARTS = sorted({part for name in SEEDS
                     for part in (name, name.rsplit(".", 1)[0], name.rsplit(".", 1)[0][4:])})
# What a reader reads of a page: its text, its title, and the attributes browsers show
VISIBLE_JS = """() => [document.title, document.body.innerText].concat(
    Array.from(document.querySelectorAll('[title], [alt], [aria-label], [placeholder]'))
      .map(e => ['title', 'alt', 'aria-label', 'placeholder']
        .map(a => e.getAttribute(a) || '').join(' '))).join('\\n')"""
LINKS_JS = "() => Array.from(document.querySelectorAll('a[href]')).map(a => a.href)"


@pytest.fixture(params=WIDTHS, ids=[f"{w}px" for w in WIDTHS])
def width(request) -> int:
    return request.param


@pytest.fixture
def reader(chromium_browser, file_site: Site, width: int):
    tab = open_tab(chromium_browser, file_site, viewport={"width": width, "height": 900})
    yield tab
    tab.page.context.close()


@pytest.fixture(scope="module")
def articles(built_site: Path):
    found, errors = load_dir(built_site.parent.parent / "content")
    assert not errors and found
    return found


def site_path(tab: Tab, url: str) -> str | None:
    """The path from the site root of a link inside the site, else None."""
    if not tab.site.inside(url) or not url.startswith("file:"):
        return None
    return unquote(urlsplit(url).path)[len(urlsplit(tab.site.root).path):]


def crawl(tab: Tab):
    """Every HTML page reachable from the home page: yields each path once it is open."""
    queue, seen = ["index.html"], {"index.html"}
    while queue:
        path = queue.pop()
        tab.open(path)
        yield path
        for link in tab.page.evaluate(LINKS_JS):
            target = site_path(tab, link)
            if target and target.endswith(".html") and target not in seen:
                seen.add(target)
                queue.append(target)


# ---------------------------------------------------------------------------- names

def test_no_page_shows_a_seed_file_name_or_untitled(reader: Tab):
    assert SEED_PARTS and all(len(p) >= 12 for p in SEED_PARTS)
    pages, bad = 0, []
    for path in crawl(reader):
        pages += 1
        text = reader.page.evaluate(VISIBLE_JS)
        bad += [f"{path}: {part}" for part in SEED_PARTS if part in text]
        if "（无标题）" in text:
            bad.append(f"{path}: （无标题）")
    assert pages > 50
    assert not bad, "\n".join(bad)
    reader.assert_clean()


# 内蒙古日报 2026年4月9日 第3版 要闻; with no page number or name: 内蒙古日报 版面 2; a
# second dump of the same page: …（2）
PAGE_LABEL = re.compile(r"内蒙古日报( \d{4}年\d{1,2}月\d{1,2}日)?"
                        r"(( 第\d+版)?( [^ 0-9]\S*)?| 版面 \d+)(（\d+）)?")


def test_pages_are_labelled_by_paper_date_and_page(reader: Tab, articles):
    reader.open("archive.html")
    months = reader.page.locator("#months-h + ul a").all_inner_texts()
    assert months and all(re.fullmatch(r"\d{4}年\d{1,2}月|未注明日期", m) for m in months), months
    labels = reader.page.locator("#seeds-h + ul a").all_inner_texts()
    assert len(labels) == len(SEEDS) and len(set(labels)) == len(labels), labels
    assert all(PAGE_LABEL.fullmatch(label) for label in labels), labels
    # a page's archive heading and its stories' meta lines use the same label
    reader.page.locator("#seeds-h + ul a").first.click()
    reader.page.wait_for_load_state()
    heading = reader.page.locator("h1").inner_text().strip()
    assert heading == labels[0]
    reader.page.locator("main .article-list a").first.click()
    reader.page.wait_for_load_state()
    assert reader.page.locator(".meta .seed a").inner_text().strip() == heading
    # a printing's notice names its canonical by the canonical's page
    copy = next(a for a in articles if a.duplicate_of)
    reader.open(f"articles/{copy.id}.html")
    notice = reader.page.locator(".notice").inner_text()
    assert re.search(r"规范版本：.+（内蒙古日报[^）]*）", notice), notice
    reader.assert_clean()


def test_a_story_with_no_printed_headline_is_titled_and_marked(reader: Tab, articles):
    for article in articles:
        reader.open(f"articles/{article.id}.html")
        h1 = reader.page.locator("h1")
        title = h1.inner_text().strip()
        assert title and title != "（无标题）"
        derived = "derived-title" in (h1.get_attribute("class") or "")
        assert derived == (not article.title or article.title_source == "derived"), article.id
        if derived:
            assert reader.page.locator("p.title-note").is_visible()
    reader.assert_clean()


# ---------------------------------------------------------------------------- bodies

# an OCR space left inside Chinese text: `4月 9日`, `低轨 21组`, `1145 列`
OCR_GAP = re.compile(r"[\u4e00-\u9fff0-9][ \u3000]+[\u4e00-\u9fff]|[\u4e00-\u9fff][ \u3000]+[0-9]")
RAW_SEED = "000_797c3c25eef53a42.txt"  # the sample page that is a raw PDF/OCR dump
# each paragraph's text without its inline dateline (printed apart from the text by a space)
PARAGRAPHS_JS = """() => Array.from(document.querySelectorAll('.body p, .body li, .body blockquote'))
    .map(e => { const c = e.cloneNode(true); c.querySelectorAll('.dateline').forEach(d => d.remove());
                return c.textContent; })"""


def test_no_paragraph_of_the_raw_page_keeps_an_ocr_space(reader: Tab, articles):
    assert OCR_GAP.search((REPO / "seeds" / RAW_SEED).read_text(encoding="utf-8"))
    raw = [a for a in articles if a.seed == RAW_SEED]
    paragraphs, bad = 0, []
    for article in raw:
        reader.open(f"articles/{article.id}.html")
        for text in reader.page.evaluate(PARAGRAPHS_JS):
            paragraphs += 1
            bad += [f"{article.id}: …{text[max(0, m.start() - 6):m.end() + 6]}…"
                    for m in OCR_GAP.finditer(text)]
    assert len(raw) >= 4 and paragraphs > 30
    assert not bad, "\n".join(bad)
    reader.assert_clean()


def test_a_dateline_opens_its_paragraph_never_stands_alone(reader: Tab, articles):
    datelines = 0
    for article in articles:
        reader.open(f"articles/{article.id}.html")
        alone = reader.page.evaluate("""() => Array.from(document.querySelectorAll('.body p'))
            .filter(p => /^(本报讯|.{0,12}[电讯])$/.test(p.innerText.trim())
                         || p.querySelector('strong:only-child, b:only-child')
                            && p.innerText.trim() === p.querySelector('strong, b').innerText.trim())
            .map(p => p.innerText)""")
        assert not alone, (article.id, alone)
        for line in reader.page.locator(".body .dateline").all():
            datelines += 1
            paragraph = line.evaluate("e => e.closest('p').innerText.trim()")
            assert len(paragraph) > len(line.inner_text().strip()) + 5, paragraph
    assert datelines >= 3
    reader.assert_clean()


@pytest.fixture(scope="module")
def benbao_site(tmp_path_factory) -> Site:
    """A small raw page with a 本报讯 lead, built with the real CLI."""
    tmp = tmp_path_factory.mktemp("benbao")
    (tmp / "seeds").mkdir()
    (tmp / "seeds" / "benbao.txt").write_text(
        "草原书屋开进牧户家\n\n本报讯 （记者 王小明 实习生 李四）近日，第一批草原书屋在牧区落成，"
        "牧民在家门口就能借到书。\n\n书屋由旗文化馆统一配送图书，每季度更换一次。\n", "utf-8")
    done = subprocess.run([sys.executable, "-m", "site_builder", "build", "--seeds",
                           str(tmp / "seeds"), "--content", str(tmp / "content"), "--output",
                           str(tmp / "site"), "--quiet", "--no-cache"],
                          cwd=REPO, capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    return Site("file", (tmp / "site").as_uri() + "/")


def test_benbaoxun_is_never_a_bold_paragraph_of_its_own(chromium_browser, benbao_site, width):
    tab = open_tab(chromium_browser, benbao_site, viewport={"width": width, "height": 900})
    try:
        tab.open("index.html")
        tab.page.locator("main a[href*='articles/']").first.click()
        tab.page.wait_for_load_state()
        paragraphs = [p.strip() for p in tab.page.locator(".body p").all_inner_texts()]
        assert paragraphs and all(p != "本报讯" for p in paragraphs), paragraphs
        with_lead = [p for p in paragraphs if "本报讯" in p]
        assert len(with_lead) <= 1 and all(p.startswith("本报讯") and "草原书屋" in p
                                           for p in with_lead), paragraphs
        tab.assert_clean()
    finally:
        tab.page.context.close()


# ---------------------------------------------------------------------------- proposals

def test_article_pages_quote_every_proposal_in_full(reader: Tab, articles):
    shown = 0
    for article in articles:
        if not article.proposals:
            continue
        reader.open(f"articles/{article.id}.html")
        quotes = reader.page.locator("figure.proposal")
        assert quotes.count() == len(article.proposals), article.id
        for proposal, quote in zip(article.proposals, quotes.all()):
            name = quote.locator("figcaption .name")
            assert name.inner_text().strip() == proposal.person
            assert name.evaluate("e => e.tagName") == "A"
            caption = quote.locator("figcaption").inner_text()
            for part in (proposal.role, proposal.affiliation):
                assert not part or part in caption, (proposal.person, part)
            said = re.sub(r"\s+", "", quote.locator("blockquote").inner_text())
            assert said == re.sub(r"\s+", "", proposal.statement or proposal.summary or "")
            shown += 1
    assert shown >= 10
    reader.assert_clean()


def test_names_never_break(reader: Tab, articles):
    person = next(a for a in articles if a.proposals).proposals[0].person
    pages = ["proposals.html", f"articles/{next(a for a in articles if a.proposals).id}.html"]
    reader.open("people/index.html")
    reader.page.locator(f"main a:text-is('{person}')").click()
    reader.page.wait_for_load_state()
    pages.append(site_path(reader, reader.page.url))
    for path in pages:
        reader.open(path)
        names = reader.page.locator(".name")
        assert names.count() >= 1, path
        broken = names.evaluate_all("""es => es.filter(e => {
            const style = getComputedStyle(e);
            const line = parseFloat(style.lineHeight) || parseFloat(style.fontSize) * 1.8;
            return style.whiteSpace !== 'nowrap' || e.getClientRects().length > 1
                || e.getBoundingClientRect().height > line * 1.5;
        }).map(e => e.innerText)""")
        assert not broken, (path, broken)
    reader.assert_clean()


def statement_only_phrase(articles) -> tuple[str, str]:
    """(a four-character phrase printed only in a proposal's statement, its article)."""
    canonical = [a for a in articles if not a.duplicate_of]
    elsewhere = "\n".join(
        "\n".join([a.title or "", a.subtitle or "", a.summary or "", a.body, *a.captions,
                   *a.keywords, *a.places, *a.people, *a.tags])
        for a in canonical)
    for article in canonical:
        for proposal in article.proposals:
            for run in re.findall(r"[\u4e00-\u9fff]{4,}", proposal.statement or ""):
                for i in range(len(run) - 3):
                    phrase = run[i:i + 4]
                    others = sum(phrase in (p.statement or "") + (p.summary or "")
                                 for a in canonical for p in a.proposals)
                    if phrase not in elsewhere and others == 1:
                        return phrase, article.id
    pytest.fail("no phrase is printed only in one proposal's statement")


def results(tab: Tab):
    tab.page.wait_for_selector("#search-results[aria-busy=false]", state="attached")
    return tab.page.locator("#search-results > li")


def test_search_finds_words_only_in_a_proposal_statement(reader: Tab, articles):
    phrase, article_id = statement_only_phrase(articles)
    reader.open(f"search.html?q={phrase}")
    found = results(reader)
    assert found.count() == 1, (phrase, reader.page.locator("#search-status").inner_text())
    assert found.first.locator("a").get_attribute("href") == f"articles/{article_id}.html"
    assert phrase in found.first.locator(".search-snippet mark").all_inner_texts()
    reader.assert_clean()


# ---------------------------------------------------------------------------- snippets

SENTENCE_OR_CLAUSE = "。！？!?；;，、：,:”’）) "


def doc_texts(built_site: Path) -> dict[str, str]:
    """Article URL -> the snippet text the search index holds for it."""
    texts = {}
    for file in sorted((built_site / "search").glob("docs-*.js")):
        data = file.read_text("utf-8")
        docs = json.loads(data[data.index(",", data.index(",") + 1) + 1:-3])
        texts.update({doc[2]: doc[6] for doc in docs})
    return texts


@pytest.mark.parametrize("query", ["满洲里", "中欧班列", "乌兰察布", "二连浩特 中欧班列", "口岸"])
def test_each_snippet_shows_the_hit_once_from_a_word_or_sentence_start(reader: Tab, built_site,
                                                                       query: str):
    texts = doc_texts(built_site)
    words = query.split()
    reader.open(f"search.html?q={query}")
    found = results(reader)
    assert found.count() >= 1
    for item in found.all():
        href = item.locator("h2 a").get_attribute("href")
        snippet = item.locator(".search-snippet")
        shown = snippet.inner_text().strip()
        source = texts[href]
        marks = snippet.locator("mark").all_inner_texts()
        # the hit is highlighted, where the story's text has it
        for word in words:
            if word in source:
                assert word in marks, (href, word, shown)
        passages = [p.strip("…").strip() for p in shown.split(" … ")]
        passages = [p for p in passages if p]
        assert len(passages) == len(set(passages)), (href, shown)   # no repeats
        assert len(passages) <= len(words), (href, shown)           # one per word at most
        for passage in passages:
            at = source.find(passage)
            assert at != -1, (href, passage)
            assert source.count(passage) == 1 or len(passage) < 8, (href, passage)
            starts_well = (at == 0 or source[at - 1] in SENTENCE_OR_CLAUSE
                           or any(passage.startswith(w) for w in words))
            assert starts_well, (href, source[max(0, at - 10):at] + "|" + passage[:20])
    reader.assert_clean()


# ---------------------------------------------------------------------------- phone layout

NAV_PAGES = ["index.html", "search.html?q=口岸", "proposals.html", "ports.html", "archive.html"]


def test_the_navigation_and_the_search_forms_fit(reader: Tab, width: int, articles):
    for path in NAV_PAGES + [f"articles/{articles[0].id}.html"]:
        reader.open(path)
        tops = reader.page.locator(".site-nav li").evaluate_all(
            "es => es.map(e => Math.round(e.getBoundingClientRect().top))")
        assert len(tops) == 8 and len(set(tops)) == 1, (path, tops)   # one line
        assert reader.page.evaluate("() => document.documentElement.scrollWidth") <= width
        header = reader.page.locator(".site-search")
        box, button = header.locator("input").bounding_box(), header.locator("button").bounding_box()
        assert abs(box["y"] - button["y"]) < 4, path
    reader.open("search.html?q=口岸")
    results(reader)
    same_line = reader.page.evaluate("""() => {
        const top = s => Math.round(document.querySelector(s).getBoundingClientRect().top);
        const mid = s => { const r = document.querySelector(s).getBoundingClientRect();
                           return r.top + r.height / 2; };
        return {button: Math.abs(mid('#search-form button') - mid('#search-q')) < 4,
                year: Math.abs(mid('label[for=search-year]') - mid('#search-year')) < 6,
                tag: Math.abs(mid('label[for=search-tag]') - mid('#search-tag')) < 6};
    }""")
    assert same_line == {"button": True, "year": True, "tag": True}
    reader.assert_clean()


def test_the_proposals_table_is_a_table_wide_and_cards_narrow(reader: Tab, width: int):
    reader.open("proposals.html")
    rows = reader.page.locator("table.proposals tbody tr")
    assert rows.count() >= 10
    display = rows.first.evaluate("e => getComputedStyle(e).display")
    main = reader.page.locator("main").bounding_box()
    if width < 600:
        assert display == "block"
        assert not reader.page.locator("table.proposals thead").is_visible() or \
            reader.page.locator("table.proposals thead").bounding_box()["height"] <= 1
        for row in rows.all()[:5]:
            card = row.bounding_box()
            assert card["width"] > main["width"] * 0.8   # a card as wide as the page
            # its gist reads in lines of more than a few characters
            gist = row.locator("td.gist").bounding_box()
            assert gist["width"] > main["width"] * 0.7
    else:
        assert display == "table-row"
        headers = reader.page.locator("table.proposals thead th").all_inner_texts()
        assert headers == ["人物", "身份", "单位", "建言要点", "文章"]
    assert reader.page.evaluate("() => document.documentElement.scrollWidth") <= width
    reader.assert_clean()


# ---------------------------------------------------------------------------- ports

def test_ports_are_counted_by_the_port_not_the_city(reader: Tab, articles):
    canonical = [a for a in articles if not a.duplicate_of]
    expected = {label: {a.id for a in found}
                for label, found in port_stories(canonical, load_ports()).items()}
    assert expected["满洲里航空口岸"] == set() and expected["包头航空口岸"] == set()
    assert expected["满洲里铁路口岸"] and expected["策克口岸"]
    reader.open("ports.html")
    rows = reader.page.locator("table.ports tbody tr")
    assert rows.count() == 20
    links = {}
    for row in rows.all():
        label = row.locator("td.port").inner_text().strip()
        cell = row.locator("td.stories")
        count = int(re.match(r"\d+", cell.inner_text().strip()).group())
        assert count == len(expected[label]), label
        if count:
            links[label] = cell.locator("a").get_attribute("href")
    for label, href in links.items():
        reader.open(href)
        assert reader.page.locator("h1").inner_text().strip() == label
        listed = {Path(h).stem for h in reader.page.locator("main .article-list h3 a")
                  .evaluate_all("es => es.map(e => e.getAttribute('href'))")}
        assert listed == expected[label], label
    reader.assert_clean()


# ---------------------------------------------------------------------------- neighbours

def test_date_neighbours_link_dated_stories_only(reader: Tab, articles):
    dated = {a.id for a in articles if a.date}
    assert dated and len(dated) < len(articles)  # the samples have both
    linked = 0
    for article in articles:
        if article.duplicate_of:
            continue
        reader.open(f"articles/{article.id}.html")
        neighbours = reader.page.locator("nav.prev-next a").evaluate_all(
            "es => es.map(e => e.getAttribute('href'))")
        if article.id not in dated:
            assert not neighbours, article.id
        for href in neighbours:
            linked += 1
            assert Path(href).stem in dated, (article.id, href)
    assert linked >= 2
    reader.assert_clean()
