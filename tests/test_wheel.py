"""The tool as a new user gets it: the wheel built from the sources, installed (not
editable) into a fresh venv, run from a folder outside the repository. The default
theme and the data files must come from the wheel, paths must resolve against the
user's folder, and every bad path must give one clear line.

The venv is made once per test session (it takes a while: the wheel's build
dependencies and the package's dependencies come from the package index, or pip's
cache). Runs in CI (`bash .ci/run`) like every other test.
"""
from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SOURCES = ("pyproject.toml", "README.md", "site_builder", "templates", "static")
ERROR_LINE = re.compile(r"^error: (?P<path>[^:]+)(?::\d+)?: (?P<message>.+) \(hint: .+\)$")


def _clean_env(venv: Path) -> dict[str, str]:
    """The environment of a user's shell with the venv activated: nothing of this
    checkout or of the test's own venv on the paths."""
    env = {k: v for k, v in os.environ.items()
           if k not in ("PYTHONPATH", "VIRTUAL_ENV", "PYTHONHOME", "PYTHONSTARTUP")}
    env["PATH"] = f"{venv / 'bin'}{os.pathsep}/usr/local/bin:/usr/bin:/bin"
    env["VIRTUAL_ENV"] = str(venv)
    return env


@pytest.fixture(scope="session")
def installed(tmp_path_factory) -> dict:
    """A fresh venv with the wheel installed, and a user's folder outside the repo."""
    root = tmp_path_factory.mktemp("wheel")
    source = root / "source"
    source.mkdir()
    for name in SOURCES:  # a copy: building in the checkout would leave build/ in it
        item = REPO / name
        if item.is_dir():
            shutil.copytree(item, source / name,
                            ignore=shutil.ignore_patterns("__pycache__", "*.pyc", "*.egg-info"))
        else:
            shutil.copy(item, source / name)
    quiet = ["-q", "--disable-pip-version-check"]
    subprocess.run([sys.executable, "-m", "pip", "wheel", *quiet, "--no-deps", "-w",
                    str(root / "dist"), str(source)], check=True, timeout=600)
    (wheel,) = (root / "dist").glob("site_builder-*.whl")
    venv = root / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, timeout=300)
    env = _clean_env(venv)
    subprocess.run([str(venv / "bin" / "python"), "-m", "pip", "install", *quiet, str(wheel)],
                   check=True, env=env, timeout=900)
    home = root / "user"
    home.mkdir()
    return {"venv": venv, "env": env, "home": home, "wheel": wheel}


def tool(installed: dict, cwd: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(["site-builder", *args], cwd=cwd, env=installed["env"],
                          capture_output=True, text=True, timeout=600)


def one_error(done: subprocess.CompletedProcess, path: Path | str, message: str) -> None:
    assert done.returncode == 1, (done.returncode, done.stderr)
    assert "Traceback" not in done.stderr, done.stderr
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1, done.stderr
    match = ERROR_LINE.match(lines[0])
    assert match and match["path"] == str(path) and message in match["message"], lines[0]


def test_the_installed_package_is_the_wheel_with_the_whole_default_theme(installed):
    python = installed["venv"] / "bin" / "python"
    done = subprocess.run([str(python), "-c", "import site_builder, sys; "
                           "from site_builder.theme import default_theme_dir as d; "
                           "print(site_builder.__file__); print(d('templates')); "
                           "print(d('static'))"],
                          cwd=installed["home"], env=installed["env"], capture_output=True,
                          text=True, check=True)
    package, templates, static = map(Path, done.stdout.split())
    site_packages = installed["venv"].resolve()
    for path in (package, templates, static):
        assert site_packages in path.resolve().parents, path
    for kind, folder in (("templates", templates), ("static", static)):
        shipped = sorted(p.relative_to(REPO / kind).as_posix() for p in (REPO / kind).rglob("*")
                         if p.is_file() and "__pycache__" not in p.parts)
        got = sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*")
                     if p.is_file() and "__pycache__" not in p.parts)
        assert got == shipped, kind


def test_init_then_build_in_a_users_folder(installed):
    home = installed["home"]
    done = tool(installed, home, "init", "mypaper")
    assert done.returncode == 0 and "Traceback" not in done.stderr, done.stderr
    folder = home / "mypaper"
    for page in sorted((REPO / "seeds").iterdir()):
        shutil.copy(page, folder / "seeds" / page.name)
    done = tool(installed, folder, "build")
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr and "notice" not in done.stderr, done.stderr
    summary = done.stdout.strip().splitlines()[-1]
    assert re.match(r"build: 1\d articles, \d+ pages", summary), summary
    site = folder / "_site"
    assert (site / "index.html").is_file() and (site / "static" / "style.css").is_file()
    assert "mypaper" in (site / "index.html").read_text("utf-8")
    assert len(list((site / "articles").glob("*.html"))) >= 10
    assert len(list((folder / "content").glob("[!_]*.md"))) >= 10
    # the user's own theme file overrides the default one, file by file
    (folder / "templates").mkdir()
    (folder / "templates" / "404.html").write_text(
        "<!DOCTYPE html><html lang=\"zh-CN\"><title>没有这一页</title><p>我的404</p></html>\n",
        encoding="utf-8")
    done = tool(installed, folder, "render")
    assert done.returncode == 0, done.stderr
    assert "我的404" in (site / "404.html").read_text("utf-8")
    assert "mypaper" in (site / "index.html").read_text("utf-8")


def test_a_config_elsewhere_and_serve_work_outside_the_repository(installed):
    home = installed["home"]
    elsewhere = home / "elsewhere"
    (elsewhere / "pages").mkdir(parents=True)
    shutil.copy(REPO / "seeds" / "004_966616f6530f4cc9.txt", elsewhere / "pages")
    (elsewhere / "site.yaml").write_text("title: 别处的档案\nnewspaper: 别处日报\npaths:\n"
                                         "  seeds: pages\n", encoding="utf-8")
    done = tool(installed, home, "build", "--config", str(elsewhere / "site.yaml"))
    assert done.returncode == 0, done.stderr
    assert "别处的档案" in (elsewhere / "_site" / "index.html").read_text("utf-8")
    server = subprocess.Popen(["site-builder", "serve", "--port", "0", "--quiet"],
                              cwd=elsewhere, env=installed["env"], stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, text=True)
    try:
        line = server.stdout.readline()  # type: ignore[union-attr]
        found = re.match(r"serving (http://127\.0\.0\.1:\d+/)index\.html", line)
        assert found, (line, server.stderr.read() if server.poll() is not None else "")
        with urllib.request.urlopen(found.group(1) + "index.html", timeout=30) as response:
            assert response.status == 200 and "别处的档案" in response.read().decode("utf-8")
    finally:
        server.send_signal(signal.SIGINT)
        try:
            server.wait(timeout=60)
        except subprocess.TimeoutExpired:  # pragma: no cover
            server.kill()
            server.wait()
    assert "Traceback" not in server.stderr.read()  # type: ignore[union-attr]


def test_each_bad_path_gives_one_clear_line(installed):
    home = installed["home"] / "bad"
    home.mkdir()
    (home / "a-file.txt").write_text("x", encoding="utf-8")
    (home / "site.yaml").write_text("title: 已有\n", encoding="utf-8")
    for args, path, message in [
        (("build", "--seeds", "nosuch"), home / "nosuch", "seeds folder not found"),
        (("build", "--seeds", "a-file.txt"), home / "a-file.txt", "seeds folder is a file"),
        (("ingest", "--seeds", "nosuch"), home / "nosuch", "seeds folder not found"),
        (("serve", "--seeds", "nosuch"), home / "nosuch", "seeds folder not found"),
        (("render", "--content", "nosuch"), home / "nosuch", "content folder not found"),
        (("render", "--output", "a-file.txt", "--content", "."), home / "a-file.txt",
         "output folder is a file"),
        (("export", "--content", "a-file.txt"), home / "a-file.txt", "content folder is a file"),
        (("eval", "nosuch.yaml", "--content", "."), "nosuch.yaml", "annotation file not found"),
        (("build", "--config", "nosuch.yaml"), "nosuch.yaml", "config file not found"),
        (("build", "--config", "."), ".", "is a folder, not a config file"),
        (("init",), home.resolve() / "site.yaml", "a site.yaml is already here"),
        (("init", "a-file.txt"), home.resolve() / "a-file.txt", "is a file, not a folder"),
    ]:
        one_error(tool(installed, home, *args, "--quiet"), path, message)
    done = tool(installed, home, "check", "--content", "nosuch", "--output", "nosuch")
    assert done.returncode == 1 and "Traceback" not in done.stderr
    assert len(done.stderr.strip().splitlines()) == 2, done.stderr
