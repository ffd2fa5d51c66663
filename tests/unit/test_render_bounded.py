"""Every list of an article page is bounded (render.MAX_LINKS), with a link to the rest
where a page lists them all: a story printed 30 times, or naming 30 places, does not
make pages that grow with the archive."""
from __future__ import annotations

import re
from pathlib import Path

from site_builder.config import SiteConfig
from site_builder.errors import ErrorLog
from site_builder.models import Article
from site_builder.render import MAX_LINKS, bounded, render_site

PLACES = tuple(f"地方{i:02d}" for i in range(30))
PEOPLE = tuple(f"人物{i:02d}" for i in range(30))


def test_bounded_keeps_the_first_and_says_how_many_are_left():
    assert bounded(list(range(MAX_LINKS)), lambda n: n) == list(range(MAX_LINKS))
    assert bounded(list(range(MAX_LINKS + 5)), lambda n: f"+{n}") == \
        list(range(MAX_LINKS)) + ["+5"]


def test_an_article_page_lists_at_most_max_links_of_each_kind(tmp_path: Path):
    story = Article(id="story", title="同一篇报道", body="正文。" * 20, seed="000.txt",
                    date="2026-04-01", places=PLACES, people=PEOPLE)
    printings = [Article(id=f"copy-{i:02d}", title="同一篇报道", body="正文。" * 20,
                         seed=f"{i + 1:03d}.txt", date="2026-04-01", duplicate_of="story")
                 for i in range(30)]
    config = SiteConfig(root=str(tmp_path))
    render_site(config, [story] + printings, ErrorLog())
    site = config.path("output")
    page = (site / "articles" / "story.html").read_text("utf-8")
    printed = re.search(r'<section class="printings".*?</section>', page, re.S).group(0)
    assert printed.count("<li>") == MAX_LINKS + 1
    assert f"另有{30 - MAX_LINKS}次刊载" in printed
    assert sum(f">{p}<" in page for p in PLACES) == MAX_LINKS
    assert f'href="../places/index.html">全部地点（另有{30 - MAX_LINKS}个）</a>' in page
    assert sum(f">{p}<" in page for p in PEOPLE) == MAX_LINKS
    assert f'href="../people/index.html">全部人物（另有{30 - MAX_LINKS}位）</a>' in page
    # a printing's page lists the others, bounded too
    copy = (site / "articles" / "copy-00.html").read_text("utf-8")
    printed = re.search(r'<section class="printings".*?</section>', copy, re.S).group(0)
    assert printed.count("<li>") == MAX_LINKS + 1
