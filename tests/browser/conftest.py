"""Fixtures for the browser tests: a built sample site, Debian chromium, two ways to open it.

The site is built once per session with the real CLI, into <tmp>/www/repo/, so that
the same folder is opened over file:// and served over HTTP under the subpath /repo/
(how GitHub Pages serves a project site). Every page a test opens is watched: console
errors, uncaught exceptions, dialogs and any request that leaves the site are recorded,
and `Tab.assert_clean()` fails the test on any of them.
"""
from __future__ import annotations

import contextlib
import functools
import http.server
import os
import subprocess
import sys
import threading
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import pytest

REPO = Path(__file__).resolve().parents[2]
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
SUBPATH = "repo"
ARTIFACTS = REPO / "test-artifacts"


@pytest.fixture(scope="session")
def chromium_browser():
    """Debian's chromium driven by Playwright; a missing browser fails in CI."""
    if not CHROMIUM.exists():
        message = (f"{CHROMIUM} is missing: install it with `apt-get install -y chromium "
                   f"fonts-noto-cjk` (.ci/run does this)")
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message + " (this is a failure when CI is set)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture(scope="session")
def built_site(tmp_path_factory) -> Path:
    """The sample seeds built by `python -m site_builder build` into <tmp>/www/repo."""
    tmp = tmp_path_factory.mktemp("browser-site")
    output = tmp / "www" / SUBPATH
    command = [sys.executable, "-m", "site_builder", "build", "--seeds", str(REPO / "seeds"),
               "--content", str(tmp / "content"), "--output", str(output), "--quiet"]
    done = subprocess.run(command, cwd=REPO, capture_output=True, text=True, check=False)
    assert done.returncode == 0, (f"the build failed ({done.returncode}):\n"
                                  f"{done.stdout}\n{done.stderr}")
    assert (output / "index.html").is_file(), f"no index.html in {output}"
    return output


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args):  # noqa: A002 - the base class's name
        pass


@contextlib.contextmanager
def serve_site(built_site: Path, handler_class=_QuietHandler):
    """http://127.0.0.1:<port>/repo/ serving the site from its parent folder."""
    handler = functools.partial(handler_class, directory=str(built_site.parent))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/{SUBPATH}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


@pytest.fixture(scope="session")
def http_root(built_site: Path):
    with serve_site(built_site) as root:
        yield root


@dataclass
class Site:
    """Where the site is opened from, and which URLs count as inside it."""

    mode: str        # "file" or "http"
    root: str        # URL of the site's folder, ending in '/'

    def url(self, path: str) -> str:
        return self.root + path

    def inside(self, url: str) -> bool:
        if url.startswith(("data:", "about:", "blob:")):
            return True
        parts, root = urlsplit(url), urlsplit(self.root)
        return (parts.scheme == root.scheme and parts.netloc == root.netloc
                and parts.path.startswith(root.path))


@pytest.fixture(params=["file", "http"])
def site(request, built_site: Path) -> Site:
    if request.param == "file":
        return Site("file", built_site.as_uri() + "/")
    return Site("http", request.getfixturevalue("http_root"))


@pytest.fixture
def file_site(built_site: Path) -> Site:
    return Site("file", built_site.as_uri() + "/")


@dataclass
class Tab:
    """A page plus what went wrong on it."""

    page: object
    site: Site
    problems: list[str] = field(default_factory=list)

    def open(self, path: str) -> None:
        self.page.goto(self.site.url(path))

    def assert_clean(self) -> None:
        assert not self.problems, "problems in the browser:\n  " + "\n  ".join(self.problems)


def open_tab(browser, site: Site, **context_options) -> Tab:
    context = browser.new_context(**context_options)
    page = context.new_page()
    tab = Tab(page, site)

    def on_route(route):
        url = route.request.url
        if site.inside(url):
            route.continue_()
        else:
            tab.problems.append(f"request leaving the site: {url}")
            route.abort()

    def on_console(message):
        if message.type == "error":
            tab.problems.append(f"console error: {message.text} ({message.location})")

    def on_dialog(dialog):
        tab.problems.append(f"dialog opened: {dialog.type} {dialog.message}")
        dialog.dismiss()

    page.route("**/*", on_route)
    # routing may not see file: requests; the request event does
    page.on("request", lambda request: None if site.inside(request.url) else
            tab.problems.append(f"request leaving the site: {request.url}"))
    page.on("console", on_console)
    page.on("pageerror", lambda error: tab.problems.append(f"uncaught error: {error}"))
    page.on("dialog", on_dialog)
    page.on("requestfailed", lambda request: tab.problems.append(
        f"request failed: {request.url} ({request.failure})") if site.inside(request.url) else None)
    page.on("response", lambda response: tab.problems.append(
        f"HTTP {response.status}: {response.url}") if response.status >= 400 else None)
    return tab


@pytest.fixture
def tab(chromium_browser, site: Site):
    made = open_tab(chromium_browser, site)
    yield made
    made.page.context.close()


@pytest.fixture
def file_tab(chromium_browser, file_site: Site):
    made = open_tab(chromium_browser, file_site)
    yield made
    made.page.context.close()


@pytest.fixture(scope="session")
def artifacts() -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS
