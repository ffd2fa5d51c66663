"""`site-builder check`: invalid front matter and broken internal links, file:line, exit 1."""
from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "site_builder", *args], cwd=REPO,
                          capture_output=True, text=True, check=False,
                          env={**os.environ, "PYTHONPATH": str(REPO)})


def test_check_reports_bad_front_matter_and_broken_links_with_file_and_line(tmp_path: Path):
    paths = ["--content", str(tmp_path / "content"), "--output", str(tmp_path / "_site")]
    built = run("build", "--seeds", str(REPO / "seeds"), "--quiet", *paths)
    assert built.returncode == 0, built.stderr
    clean = run("check", *paths)
    assert clean.returncode == 0, clean.stderr
    assert clean.stdout.strip() == "check: 0 problem(s)"

    files = sorted(p for p in (tmp_path / "content").glob("*.md") if not p.name.startswith("_"))
    broken_yaml, wrong_type = files[0], files[1]
    text = broken_yaml.read_text(encoding="utf-8")
    yaml_line = next(i for i, line in enumerate(text.splitlines(), 1) if line.startswith("date:"))
    broken_yaml.write_text(re.sub(r"(?m)^date: .*$", "date: [2026-04-09", text), encoding="utf-8")
    text = wrong_type.read_text(encoding="utf-8")
    tags_line = next(i for i, line in enumerate(text.splitlines(), 1) if line.startswith("tags:"))
    wrong_type.write_text(re.sub(r"(?m)^tags: .*$", "tags: 5", text, count=1), encoding="utf-8")

    page = tmp_path / "_site" / "tags" / "index.html"
    html = page.read_text(encoding="utf-8").splitlines()
    main_line = next(i for i, line in enumerate(html, 1) if line.startswith("<main"))
    html.insert(main_line, '<p><a href="../articles/no-such-article.html">x</a> '
                           '<a href="../people/">y</a></p>')
    page.write_text("\n".join(html) + "\n", encoding="utf-8")

    done = run("check", *paths)
    assert done.returncode == 1
    errors = done.stderr.splitlines()
    assert any(e.startswith(f"{broken_yaml}:") and "not valid YAML" in e for e in errors), errors
    # the YAML error points at the broken line or the next one (where the parser stopped)
    line = int(next(e for e in errors if e.startswith(str(broken_yaml))).split(":")[1])
    assert yaml_line <= line <= yaml_line + 2, (line, yaml_line)
    assert f"{wrong_type}:{tags_line}: 'tags' must be a list" in errors, errors
    assert any(e.startswith(f"tags/index.html:{main_line + 1}: <a> "
                            "'../articles/no-such-article.html': no such file") for e in errors), errors
    assert any(e.startswith(f"tags/index.html:{main_line + 1}: <a> '../people/': bare folder")
               for e in errors), errors
    assert done.stdout.strip() == "check: 4 problem(s)"


def test_check_without_a_site_says_what_to_do(tmp_path: Path):
    (tmp_path / "content").mkdir()
    done = run("check", "--content", str(tmp_path / "content"), "--output", str(tmp_path / "none"))
    assert done.returncode == 1
    assert "site folder not found" in done.stderr and "site-builder render" in done.stderr


def test_ingest_explain_prints_each_paragraph_with_its_role(tmp_path: Path):
    page = tmp_path / "page.txt"
    page.write_text("两会 | 聚焦\n\n草原上的新风景\n\n□本报记者 王小明\n\n"
                    "今年夏天，草原上的游客比往年多了不少，牧民们开起了家庭旅馆。\n\n"
                    "一位牧民说，家庭旅馆让他们的收入翻了一番。\n", encoding="utf-8")
    done = subprocess.run([sys.executable, "-m", "site_builder", "ingest", "--explain", str(page)],
                          cwd=tmp_path, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert lines[0].startswith("page.txt: ") and "1 stories" in lines[0]
    roles = [line.split()[1] for line in lines if line[:12].strip().isdigit()]
    assert roles[:3] == ["kicker", "headline", "byline"] and "body" in roles
    assert not (tmp_path / "content").exists()  # explaining writes nothing
