"""`site-builder serve` reloads an open page in the browser when its content changes."""
from __future__ import annotations

import os
import queue
import re
import shutil
import signal
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from .conftest import REPO, Site, open_tab

pytestmark = pytest.mark.browser


def test_an_open_page_reloads_after_a_content_edit(chromium_browser, tmp_path: Path):
    shutil.copytree(REPO / "seeds", tmp_path / "seeds")
    (tmp_path / "site.yaml").write_text("title: 重载测试\n", encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    process = subprocess.Popen([sys.executable, "-m", "site_builder", "serve", "--port", "0",
                                "--quiet", "--config", str(tmp_path / "site.yaml")],
                               cwd=tmp_path, env=env, stdout=subprocess.PIPE,
                               stderr=subprocess.DEVNULL, text=True)
    lines: queue.Queue[str] = queue.Queue()
    threading.Thread(target=lambda: [lines.put(line) for line in process.stdout],
                     daemon=True).start()
    tab = None
    try:
        found = re.match(r"serving (http://127\.0\.0\.1:\d+/)", lines.get(timeout=60))
        assert found
        article = sorted((tmp_path / "content").glob("[!_]*.md"))[0]
        tab = open_tab(chromium_browser, Site("http", found.group(1)))
        tab.open(f"articles/{article.stem}.html")
        tab.page.evaluate("() => { window.notReloaded = true; }")
        with article.open("a", encoding="utf-8") as out:
            out.write("\n浏览器自动刷新的段落。\n")
        tab.page.wait_for_function(
            "() => document.body.innerText.includes('浏览器自动刷新的段落')", timeout=30_000)
        assert tab.page.evaluate("() => window.notReloaded === undefined")
        tab.assert_clean()
    finally:
        if tab is not None:
            tab.page.context.close()
        process.send_signal(signal.SIGINT)
        try:
            assert process.wait(timeout=30) == 0
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
            raise
