"""The README's screenshots: home, an article and search results at 1280 px, light.

They land in test-artifacts/readme/; to refresh the README's copies after a design change:
    python -m pytest -q tests/browser/test_readme_screenshots.py
    cp test-artifacts/readme/*.png docs/screenshots/
"""
from __future__ import annotations

import re

import pytest

from .conftest import open_tab

pytestmark = pytest.mark.browser

MAX_BYTES = 300_000


def test_readme_screenshots(chromium_browser, file_site, artifacts):
    folder = artifacts / "readme"
    folder.mkdir(exist_ok=True)
    tab = open_tab(chromium_browser, file_site, viewport={"width": 1280, "height": 800},
                   color_scheme="light")
    page = tab.page
    try:
        tab.open("index.html")
        page.screenshot(path=str(folder / "home.png"))
        tab.open("search.html?q=中欧班列")
        page.wait_for_selector("#search-results[aria-busy=false]", state="attached")
        assert page.locator("#search-results mark").count() > 0
        page.screenshot(path=str(folder / "search.png"))
        page.locator("#search-results > li a").first.click()
        page.wait_for_url(re.compile(r"articles/[^/]+\.html$"))
        page.screenshot(path=str(folder / "article.png"))
        tab.assert_clean()
    finally:
        page.context.close()
    for name in ("home", "search", "article"):
        data = (folder / f"{name}.png").read_bytes()
        assert data.startswith(b"\x89PNG") and len(data) < MAX_BYTES, (name, len(data))
