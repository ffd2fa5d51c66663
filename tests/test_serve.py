"""`site-builder serve` for real: a subprocess on a free loopback port, edited files, Ctrl-C."""
from __future__ import annotations

import os
import queue
import re
import shutil
import signal
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from site_builder.serve import (RELOAD_PATH, Watched, changed_kinds, needs_full_build,
                                snapshot)

REPO = Path(__file__).resolve().parents[1]
DEADLINE = 60  # seconds for any one step; a working server takes a few
ENV = {**os.environ, "PYTHONPATH": str(REPO) + os.pathsep + os.environ.get("PYTHONPATH", "")}


def test_changes_are_classified_by_folder(tmp_path: Path):
    folders = {kind: tmp_path / kind for kind in ("seeds", "content", "templates", "static")}
    for folder in folders.values():
        folder.mkdir()
    config = tmp_path / "site.yaml"
    config.write_text("title: x\n", encoding="utf-8")
    watched = Watched(folders, config)
    (folders["content"] / "a.md").write_text("a", encoding="utf-8")
    before = snapshot(watched)
    assert changed_kinds(before, snapshot(watched)) == set()
    (folders["content"] / "a.md").write_text("ab", encoding="utf-8")
    (folders["static"] / "new.css").write_text("b", encoding="utf-8")
    after = snapshot(watched)
    assert changed_kinds(before, after) == {"content", "static"}
    assert not needs_full_build(changed_kinds(before, after))
    (folders["seeds"] / "p.txt").write_text("版面", encoding="utf-8")
    assert changed_kinds(after, snapshot(watched)) == {"seeds"}
    assert needs_full_build({"seeds"}) and needs_full_build({"config", "content"})
    (folders["content"] / "a.md").unlink()
    assert changed_kinds(after, snapshot(watched)) == {"content", "seeds"}


def test_serve_builds_with_the_commands_jobs_and_cache(tmp_path: Path, monkeypatch):
    """serve's builds are the command line's: the same pipeline, `--jobs` and `--no-cache`
    (they once ran with one job whatever was asked)."""
    from site_builder import pipeline
    from site_builder.config import SiteConfig
    from site_builder.serve import Rebuild
    calls = []

    def build(config, log, steps, jobs, cache, long_lived, progress=None, executor="local",
              scheduler=None):
        calls.append((steps, jobs, cache, long_lived, executor, scheduler))
        return pipeline.BuildReport(None, None, 0.0)
    monkeypatch.setattr(pipeline, "build", build)
    config = SiteConfig(root=str(tmp_path))
    assert Rebuild(jobs=3, cache=False, quiet=True).run(config, full=True)
    assert Rebuild(jobs=2, quiet=True, executor="dask", scheduler="tcp://h:8786").run(
        config, full=False)
    assert calls == [(("ingest", "render"), 3, False, True, "local", None),
                     (("render",), 2, True, True, "dask", "tcp://h:8786")]


class Server:
    """`python -m site_builder serve --port 0` in a subprocess, its output read by a thread."""

    def __init__(self, folder: Path) -> None:
        self.process = subprocess.Popen(
            [sys.executable, "-m", "site_builder", "serve", "--config", str(folder / "site.yaml"),
             "--port", "0"],
            cwd=folder, env=ENV, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        self.lines: queue.Queue[str] = queue.Queue()
        self.errors: list[str] = []
        threading.Thread(target=self._read, args=(self.process.stdout, self.lines.put),
                         daemon=True).start()
        threading.Thread(target=self._read, args=(self.process.stderr, self.errors.append),
                         daemon=True).start()
        try:
            line = self.lines.get(timeout=DEADLINE)
        except queue.Empty:
            self.stop()
            pytest.fail(f"serve printed no address in {DEADLINE}s: {self.errors}")
        found = re.fullmatch(r"serving (http://127\.0\.0\.1:\d+/)index\.html \(Ctrl-C to stop\)\n",
                             line)
        assert found, line
        self.root = found.group(1)

    @staticmethod
    def _read(stream, put) -> None:
        for line in stream:
            put(line)

    def get(self, path: str) -> tuple[int, str]:
        try:
            with urllib.request.urlopen(self.root + path, timeout=10) as response:
                return response.status, response.read().decode("utf-8")
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode("utf-8")

    def wait_for(self, path: str, text: str) -> str:
        end = time.monotonic() + DEADLINE
        while time.monotonic() < end:
            status, body = self.get(path)
            if status == 200 and text in body:
                return body
            time.sleep(0.2)
        pytest.fail(f"{path} never showed {text!r}; server said: {''.join(self.errors)}")

    def stop(self) -> int:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGINT)
            try:
                return self.process.wait(timeout=DEADLINE)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
                pytest.fail("serve did not stop on Ctrl-C (SIGINT)")
        return self.process.returncode


@pytest.fixture
def project(tmp_path: Path) -> Path:
    shutil.copytree(REPO / "seeds", tmp_path / "seeds")
    (tmp_path / "site.yaml").write_text("title: 服务测试站\n", encoding="utf-8")
    return tmp_path


def test_serve_builds_serves_rebuilds_and_stops_on_ctrl_c(project: Path):
    server = Server(project)
    try:
        status, home = server.get("index.html")
        assert status == 200 and "服务测试站" in home
        assert RELOAD_PATH in home  # the reload script rides on served HTML ...
        assert RELOAD_PATH not in (project / "_site/index.html").read_text(encoding="utf-8")
        assert server.get(RELOAD_PATH[1:]) == (200, "1")
        status, missing = server.get("a/b/c/missing.html")
        assert status == 404 and "页面不存在" in missing

        # content/ edited by hand: rendered again, the page serves the new text
        article = sorted((project / "content").glob("[!_]*.md"))[0]
        page = f"articles/{article.stem}.html"
        assert "服务器热更新的段落" not in server.get(page)[1]
        with article.open("a", encoding="utf-8") as out:
            out.write("\n服务器热更新的段落。\n")
        server.wait_for(page, "服务器热更新的段落")
        # (the version goes up once the rebuild that swapped the page in has returned)
        server.wait_for(RELOAD_PATH[1:], "2")
        on_disk = (project / "_site" / page).read_text(encoding="utf-8")
        assert "服务器热更新的段落" in on_disk and RELOAD_PATH not in on_disk

        # the configuration changed: a full build with the new title
        (project / "site.yaml").write_text("title: 改名后的站点\n", encoding="utf-8")
        server.wait_for("index.html", "改名后的站点")
        # the hand edit survived the re-ingest (content files a person edited are kept)
        assert "服务器热更新的段落" in server.get(page)[1]
    finally:
        code = server.stop()
    assert code == 0, "".join(server.errors)
    log = "".join(server.errors)
    assert "changed: content -> render" in log and "changed: config -> build" in log, log
    assert log.rstrip().endswith("stopped"), log


def test_serve_refuses_a_busy_port(project: Path):
    import socket

    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        done = subprocess.run([sys.executable, "-m", "site_builder", "serve", "--config",
                               str(project / "site.yaml"), "--port", str(port), "--quiet"],
                              cwd=project, env=ENV, capture_output=True, text=True,
                              timeout=DEADLINE)
    assert done.returncode == 1
    assert f"cannot listen on 127.0.0.1:{port}" in done.stderr
