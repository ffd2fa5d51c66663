"""End to end: newspaper PDF pages (tests/pdfgen.py, five layouts) in a seeds folder,
`site-builder ingest`, scored with site_builder.evaluate against the gold written from
the same story data: every layout, the reordered ones included, at recall = precision =
title = 1.0 (the jump headline above a 上接 marker is the continued story's), authors and
dateline at 0.95 or more, no leaks."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

pytest.importorskip("pypdfium2")
pytest.importorskip("reportlab")

sys.path.insert(0, str(Path(__file__).resolve().parent))
import pdfgen  # noqa: E402

from site_builder.content import load_dir  # noqa: E402
from site_builder.evaluate import load_gold, score  # noqa: E402

TITLE_FLOOR: dict[str, float] = {}


def _ingest(site: Path) -> subprocess.CompletedProcess:
    (site / "site.yaml").write_text("title: PDF pages\nnewspaper: 内蒙古日报\n", encoding="utf-8")
    return subprocess.run([sys.executable, "-m", "site_builder", "ingest", "--config",
                           str(site / "site.yaml"), "--jobs", "1", "--no-cache"],
                          capture_output=True, text=True, timeout=300)


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    site = tmp_path_factory.mktemp("pdfsite")
    seeds = site / "seeds"
    seeds.mkdir()
    pages = []
    for name in pdfgen.LAYOUTS:
        pdfgen.make_pdf(name, seeds / f"{name}.pdf")
        pages.append((name, f"{name}.pdf"))
    pdfgen.write_gold(site / "gold.yaml", pages)
    run = _ingest(site)
    assert run.returncode == 0, run.stderr
    articles, errors = load_dir(site / "content")
    assert not errors
    return site, articles, load_gold(site / "gold.yaml")


@pytest.mark.parametrize("layout", list(pdfgen.LAYOUTS))
def test_layout_scores(built, layout):
    _, articles, gold = built
    seed = f"{layout}.pdf"
    mine = {"articles": [g for g in gold["articles"] if g["seed"] == seed], "proposals": [],
            "non_article_text": [g for g in gold["non_article_text"] if g["seed"] == seed]}
    result = score([a for a in articles if a.seed == seed], mine)
    detail = "\n".join(result.wrong + result.leaks + [f"missed {m}" for m in result.missed])
    assert result.recall == 1.0 and result.precision == 1.0, detail
    assert result.fields["title"] >= TITLE_FLOOR.get(layout, 1.0), detail
    assert result.authors >= 0.95 and result.fields["dateline"] >= 0.95, detail
    assert result.leaks == [], detail


def test_content_files_of_pdf_seeds(built):
    site, articles, _ = built
    lead = next(a for a in articles if a.seed == "cols4.pdf" and a.title == "构筑我国向北开放的重要桥头堡")
    assert lead.lines is None and lead.boxes and lead.boxes[0][0] == 1
    text = (site / "content" / f"{lead.id}.md").read_text(encoding="utf-8")
    assert "\nboxes:\n- [1, " in text and "\nlines: null" in text
    assert lead.date == "2026-04-09" and lead.dateline == "新华社呼和浩特4月9日电"


def test_bad_pdfs_named_and_skipped(tmp_path):
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    pdfgen.make_pdf("cols4", seeds / "good.pdf")
    (seeds / "broken.pdf").write_bytes(b"%PDF-1.4\n%garbage that is no PDF")
    from reportlab.pdfgen import canvas
    c = canvas.Canvas(str(seeds / "scan.pdf"))
    c.drawImage(pdfgen._image_reader(), 20, 20, 500, 700)
    c.showPage()
    c.save()
    (seeds / "page.txt").write_text("本报讯 今天天气很好，我们去公园散步。\n\n第二段文字在这里，写得很长很长。\n",
                                    encoding="utf-8")
    run = _ingest(tmp_path)
    assert run.returncode == 1
    assert "broken.pdf" in run.stderr and "scan.pdf" in run.stderr and "OCR" in run.stderr
    articles, _ = load_dir(tmp_path / "content")
    assert {a.seed for a in articles} >= {"good.pdf"}


def _pdftotext() -> str:
    """poppler's pdftotext (Debian's poppler-utils, which .ci/run installs); a missing one
    fails in CI."""
    import os
    import shutil
    path = shutil.which("pdftotext")
    if path is None:
        message = "pdftotext (poppler-utils) is not installed"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message + " (this is a failure when CI is set)")
    return path


# (recall, precision) of the PDF pages as `pdftotext -layout` dumps them: the columns of a
# page side by side on each line, a column's lines often on rows of their own
LAYOUT_DUMP_FLOOR = (0.85, 0.95)


def test_pdftotext_layout_dumps_read_column_after_column(tmp_path):
    pdftotext = _pdftotext()
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    pages = []
    for name in pdfgen.LAYOUTS:
        pdfgen.make_pdf(name, tmp_path / f"{name}.pdf")
        subprocess.run([pdftotext, "-layout", str(tmp_path / f"{name}.pdf"),
                        str(seeds / f"{name}.txt")], check=True)
        pages.append((name, f"{name}.txt"))
    pdfgen.write_gold(tmp_path / "gold.yaml", pages)
    run = _ingest(tmp_path)
    assert run.returncode == 0, run.stderr
    articles, _ = load_dir(tmp_path / "content")
    result = score(articles, load_gold(tmp_path / "gold.yaml"))
    detail = "\n".join(result.wrong + result.leaks + [f"missed {m}" for m in result.missed])
    assert result.recall >= LAYOUT_DUMP_FLOOR[0] and result.precision >= LAYOUT_DUMP_FLOOR[1], detail
