"""Bad and hostile input (tests/data/bad/): each problem is named, the rest still builds,
nothing in a page can run in a reader's browser, nothing is lost."""
from __future__ import annotations

import re
import shutil
from html.parser import HTMLParser
import subprocess
import sys
from pathlib import Path

import pytest

from site_builder.ingest.conservation import missing_characters
from site_builder.ingest.page import articles_from_page
from site_builder.ingest.read import read_page
from site_builder.render.links import check_links

REPO = Path(__file__).resolve().parents[1]
BAD = REPO / "tests" / "data" / "bad"
GOOD_SEED = REPO / "seeds" / "004_966616f6530f4cc9.txt"

EXPECTED_ERRORS = {
    "empty.txt": "the file is empty",
    "binary.txt": "binary data",  # binary.bin under a page's name
    "truncated_utf8.txt": "not UTF-8",
    "utf16.txt": "UTF-16",
    "huge.txt": "larger than",
}


def cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "site_builder", *args], cwd=REPO,
                          capture_output=True, text=True, check=False)


@pytest.fixture(scope="module")
def hostile_build(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("hostile")
    seeds = tmp / "seeds"
    shutil.copytree(BAD, seeds)
    shutil.copy(GOOD_SEED, seeds / GOOD_SEED.name)
    shutil.copy(BAD / "binary.bin", seeds / "binary.txt")
    with open(seeds / "huge.txt", "wb") as out:  # 50 MB: generated, not committed
        line = ("口岸" * 30 + "。\n").encode("utf-8")
        out.write(line * (50 * 1024 * 1024 // len(line)))
    done = cli("build", "--seeds", str(seeds), "--content", str(tmp / "content"),
               "--output", str(tmp / "_site"))
    return tmp, done


def test_each_bad_file_is_named_and_the_exit_code_says_so(hostile_build):
    tmp, done = hostile_build
    assert done.returncode == 1
    for name, message in EXPECTED_ERRORS.items():
        line = next((ln for ln in done.stderr.splitlines() if name in ln), "")
        assert line.startswith("error: ") and message in line, (name, done.stderr)
    assert "Traceback" not in done.stderr


def test_a_file_that_is_not_a_page_is_named_and_skipped_with_a_hint(hostile_build):
    _, done = hostile_build
    (line,) = [ln for ln in done.stderr.splitlines() if "binary.bin" in ln]
    assert line.startswith("warning: ") and "not a page: skipped (hint: pages are" in line


def test_readable_files_still_build(hostile_build):
    tmp, _ = hostile_build
    titles = {re.search(r"^title: (.*)$", p.read_text("utf-8"), re.M).group(1)
              for p in (tmp / "content").glob("*.md")}
    assert "牧区冷库建成投用" in titles          # GB18030
    assert "边境口岸通关提速" in titles          # CRLF, LF and CR mixed
    # the page with no headline: a title made from its first sentence, marked as such
    (untitled,) = [p.read_text("utf-8") for p in (tmp / "content").glob("*.md")
                   if "合作社的负责人说" in p.read_text("utf-8")]
    assert re.search(r"^title_source: derived$", untitled, re.M)
    assert re.search(r"^title: 牧民们赶着羊群走过新修的公路", untitled, re.M)
    assert (tmp / "_site" / "index.html").exists()
    assert check_links(tmp / "_site") == []


class _Elements(HTMLParser):
    """Every element and attribute a browser would see."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, dict]] = []

    def handle_starttag(self, tag, attrs):
        self.elements.append((tag, dict(attrs)))


def test_page_text_cannot_run_in_the_browser(hostile_build):
    tmp, _ = hostile_build
    for page in (tmp / "_site").rglob("*.html"):
        parser = _Elements()
        parser.feed(page.read_text("utf-8"))
        for tag, attrs in parser.elements:
            assert tag not in ("img", "b", "iframe", "object"), (page, tag, attrs)
            assert not any(name.startswith("on") for name in attrs), (page, tag, attrs)
            for name in ("href", "src", "action"):
                assert not (attrs.get(name) or "").strip().lower().startswith("javascript:"), page
            if tag == "script":  # only the site's own scripts, loaded from files
                assert attrs.get("src", "").endswith(".js") or not attrs.get("src"), page
        assert "<script>alert" not in page.read_text("utf-8"), page
    article = next(p for p in (tmp / "_site" / "articles").glob("*.html")
                   if "config" in p.read_text("utf-8"))
    text = article.read_text("utf-8")
    assert "{{ config }}" in text and "{% include" in text  # template syntax stays text


def test_malformed_front_matter_is_named_with_its_line_and_the_rest_renders(hostile_build, tmp_path):
    tmp, _ = hostile_build
    content = tmp_path / "content"
    shutil.copytree(tmp / "content", content)
    (content / "broken.md").write_text("---\nid: broken\nseed: x\ntags: [unclosed\n---\n正文。\n",
                                       encoding="utf-8")
    done = cli("render", "--content", str(content), "--output", str(tmp_path / "_site"))
    assert done.returncode == 1
    assert re.search(r"broken\.md:\d+: front matter is not valid YAML", done.stderr), done.stderr
    assert len(list((tmp_path / "_site" / "articles").glob("*.html"))) >= 5


@pytest.mark.parametrize("path", sorted(p for p in BAD.iterdir() if p.name not in EXPECTED_ERRORS
                                        and p.name != "binary.bin")
                         + sorted((REPO / "seeds").iterdir()), ids=lambda p: p.name)
def test_nothing_lost_on_the_samples_and_readable_bad_pages(path: Path):
    page = read_page(path)
    result = articles_from_page(page, "某某日报")
    text = "\n".join(line.text for line in page.lines)
    assert not missing_characters(text, result.articles, result.discards)
