"""axe-core (from npm, tests/browser/package.json) on the home, article, tag and search
pages, light and dark: no serious or critical violation. `npm ci --prefix tests/browser`
installs it (.ci/run does). Over HTTP: on file:// axe's own request for the stylesheet
(its CSS checks) is refused by chromium and would be a console error of the test's making."""
from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from .conftest import Site, open_tab

pytestmark = pytest.mark.browser

AXE = Path(__file__).resolve().parent / "node_modules" / "axe-core" / "axe.min.js"
PAGES = ["index.html", "article", "tags/ports.html", "search.html?q=满洲里", "proposals.html",
         "ports.html"]


@pytest.fixture(scope="module")
def axe_script() -> Path:
    if not AXE.is_file():
        message = f"{AXE} is missing: run `npm ci --prefix tests/browser` (.ci/run does)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message + " (this is a failure when CI is set)")
    return AXE


def run_axe(page, script: Path) -> list[dict]:
    page.add_script_tag(path=str(script))
    result = page.evaluate("""() => axe.run(document, {
        resultTypes: ['violations'],
        runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa',
                                        'best-practice']}
    })""")
    return result["violations"]


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("path", PAGES)
def test_no_serious_or_critical_axe_violations(chromium_browser, http_root: str, axe_script,
                                               path: str, scheme: str):
    tab = open_tab(chromium_browser, Site("http", http_root), color_scheme=scheme)
    try:
        if path == "article":
            tab.open("index.html")
            tab.page.locator("main a[href*='articles/']").first.click()
            tab.page.wait_for_load_state()
        else:
            tab.open(path)
        if path.startswith("search"):
            tab.page.wait_for_selector("#search-results[aria-busy=false]", state="attached")
            assert tab.page.locator("#search-results mark").count() > 0
        violations = run_axe(tab.page, axe_script)
        bad = [{"id": v["id"], "impact": v["impact"], "help": v["help"],
                "nodes": [n["target"] for n in v["nodes"]][:5]}
               for v in violations if v["impact"] in ("serious", "critical")]
        assert not bad, json.dumps(bad, ensure_ascii=False, indent=1)
        tab.assert_clean()
    finally:
        tab.page.context.close()


def test_axe_finds_a_planted_violation(chromium_browser, http_root: str, axe_script):
    """The check above can fail: an unlabelled input and grey-on-grey text are reported."""
    tab = open_tab(chromium_browser, Site("http", http_root))
    try:
        tab.open("index.html")
        tab.page.evaluate("""() => {
            const main = document.querySelector('main');
            main.insertAdjacentHTML('beforeend',
                '<input type="text"><p style="color:#bbb;background:#ccc">低对比度</p>');
        }""")
        ids = {v["id"] for v in run_axe(tab.page, axe_script)
               if v["impact"] in ("serious", "critical")}
        assert {"label", "color-contrast"} <= ids, ids
    finally:
        tab.page.context.close()
