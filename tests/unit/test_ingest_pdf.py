"""ingest/pdf.py: characters -> lines -> blocks -> reading order -> paragraphs, on PDFs
made by tests/pdfgen.py (reportlab, STSong-Light), and the bad PDFs a seeds folder can hold."""
from __future__ import annotations

import io
import sys
from pathlib import Path

import pytest

pytest.importorskip("pypdfium2")
pytest.importorskip("reportlab")

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
import pdfgen  # noqa: E402

from site_builder.errors import SiteError  # noqa: E402
from site_builder.ingest import pdf  # noqa: E402


@pytest.fixture(scope="module")
def pages(tmp_path_factory):
    folder = tmp_path_factory.mktemp("pdf")
    out = {}
    for name in pdfgen.LAYOUTS:
        path = folder / f"{name}.pdf"
        pdfgen.make_pdf(name, path)
        read, errors = pdf.read_pdf(path)
        assert errors == []
        out[name] = read[0][1]
    return out


def _texts(page):
    return [p.text for p in page.paras if not p.band]


def test_page_seed_names():
    assert pdf.page_seed("a.pdf", 1, 1) == "a.pdf"
    assert pdf.page_seed("a.pdf", 2, 3) == "a.pdf~p2"
    assert pdf.page_seed("a.pdf", 2, 12) == "a.pdf~p02"


def test_text_is_read_whole(pages):
    page = pages["cols4"]
    story = pdfgen.stories()["ftz"]
    body = "".join(p.text for p in page.paras)
    for para in pdfgen.printed_paragraphs(story, 2300):
        text = para[3:] if para.startswith("## ") else para
        assert text.replace(" ", "") in body.replace(" ", "")


def test_headline_kicker_subtitle_byline_fields(pages):
    paras = pages["cols5"].paras
    by_text = {p.text: p for p in paras}
    title = by_text["让世界看见内蒙古，我们全力以赴！"]
    assert title.level == 1 and title.size == 26.0 and title.bold and title.span == 3
    assert title.column == 0 and title.box[0] == 1
    kicker = by_text["两会 | 聚焦"]
    assert kicker.level == 2 and not kicker.bold
    byline = by_text["□本报记者 阿妮尔"]          # the spaces between names are kept
    assert byline.level == 0
    banner = by_text["扩大开放 彰显作为"]
    assert banner.column == 3 and banner.span == 2
    body = [p for p in paras if p.body_hint]
    assert body and all(p.size == pdfgen.BODY and p.level == 0 for p in body)


def test_letter_spaced_headline_collapsed(pages):
    assert "工程一线淬初心" in _texts(pages["cols6"])


def test_bands_are_furniture(pages):
    header = [p for p in pages["cols4"].paras if p.band == "header"]
    footer = [p for p in pages["cols4"].paras if p.band == "footer"]
    assert {p.text for p in header} >= {pdfgen.PAPER, "第3版 要闻"}
    assert all(p.furniture == "page header" for p in header)
    assert {p.text for p in footer} == set(pdfgen.FOOTER)
    assert all(p.furniture for p in footer)


def test_captions_near_images(pages):
    caption = next(p for p in pages["cols4"].paras if p.text.startswith("2025年12月22日"))
    assert caption.near_image and caption.size < pdfgen.BODY and caption.gap == 2
    assert caption.text.endswith("（新华社记者 马金瑞 摄）")


def test_paragraph_over_a_column_break_is_joined(pages):
    paras = pages["cols6"].paras
    joined = [p for p in paras if p.last > p.first]
    assert joined, "no paragraph ran on into the next column"
    story = pdfgen.stories()["engineers"]
    printed = set(pdfgen.printed_paragraphs(story, 1700))
    assert any(p.text in printed for p in joined)


@pytest.mark.parametrize("natural, reordered", [("cols5", "bodyfirst"), ("cols6", "interleaved")])
def test_reading_order_ignores_drawing_order(pages, natural, reordered):
    assert _texts(pages[natural]) == _texts(pages[reordered])


def test_reading_order_column_by_column(pages):
    texts = _texts(pages["cols6"])
    at = {t: k for k, t in enumerate(texts)}
    # the lead's headline, then its columns, before the story beside it and the row below
    assert at["工程一线淬初心"] < at["矢志实干铸重器"] < at["20个口岸动能强劲 这里是活力迸发的内蒙古"]
    assert at["20个口岸动能强劲 这里是活力迸发的内蒙古"] < at["包头市蹚出水产养殖提质新路径"]
    first = [p.first for p in pages["cols6"].paras]
    assert first == sorted(first)


def test_multi_page_pdf(tmp_path):
    path = tmp_path / "issue.pdf"
    pdfgen.make_pdf(["cols4", "cols6"], path)
    read, errors = pdf.read_pdf(path)
    assert errors == [] and [seed for seed, _ in read] == ["issue.pdf~p1", "issue.pdf~p2"]
    assert read[1][1].paras[5].box[0] == 2


def _scan(path: Path) -> None:
    from reportlab.pdfgen import canvas
    c = canvas.Canvas(str(path), pagesize=(600, 800))
    c.drawImage(pdfgen._image_reader(), 20, 20, 560, 760)
    c.showPage()
    c.save()


def test_scan_is_named_and_skipped(tmp_path):
    path = tmp_path / "scan.pdf"
    _scan(path)
    with pytest.raises(SiteError) as info:
        pdf.articles_from_pdf(path, "内蒙古日报")
    assert str(path) in info.value.path and "no text layer" in info.value.message
    assert "OCR" in info.value.hint


def test_scanned_page_among_text_pages(tmp_path):
    from reportlab.pdfgen import canvas
    pdfgen._register_fonts()
    path = tmp_path / "mixed.pdf"
    c = canvas.Canvas(str(path), pagesize=(pdfgen.PAGE_W, pdfgen.PAGE_H))
    pdfgen.draw_page(c, pdfgen.page_ops(pdfgen.LAYOUTS["cols4"]))
    c.drawImage(pdfgen._image_reader(), 20, 20, 560, 760)
    c.showPage()
    c.save()
    result, errors = pdf.articles_from_pdf(path, "内蒙古日报")
    assert len(errors) == 1 and "page 2" in errors[0].path and "no text layer" in errors[0].message
    assert result.articles and {a.seed for a in result.articles} == {"mixed.pdf~p1"}


def test_encrypted_pdf(tmp_path):
    from reportlab.pdfgen import canvas
    pdfgen._register_fonts()
    path = tmp_path / "locked.pdf"
    c = canvas.Canvas(str(path), encrypt="secret")
    c.setFont(pdfgen.FACES["body"][0], 12)
    c.drawString(72, 720, "构筑我国向北开放的重要桥头堡" * 3)
    c.showPage()
    c.save()
    with pytest.raises(SiteError) as info:
        pdf.articles_from_pdf(path, "内蒙古日报")
    assert "encrypted" in info.value.message and "decrypt" in info.value.hint


@pytest.mark.parametrize("data", [b"%PDF-1.4\n1 0 obj <<\ngarbage", b"not a pdf at all"])
def test_broken_pdf(tmp_path, data):
    path = tmp_path / "broken.pdf"
    path.write_bytes(data)
    with pytest.raises(SiteError) as info:
        pdf.articles_from_pdf(path, "内蒙古日报")
    assert info.value.path == str(path) and info.value.hint


def test_truncated_pdf(tmp_path):
    data = pdfgen.make_pdf("cols4")
    path = tmp_path / "cut.pdf"
    path.write_bytes(data[: len(data) // 3])
    try:
        result, errors = pdf.articles_from_pdf(path, "内蒙古日报")
    except SiteError as exc:   # PDFium may or may not rebuild a cut file's cross-references
        assert exc.path.startswith(str(path)) and exc.hint
    else:
        assert result.articles or errors


def test_articles_carry_boxes(tmp_path):
    path = tmp_path / "p.pdf"
    pdfgen.make_pdf("cols4", path)
    result, errors = pdf.articles_from_pdf(path, "内蒙古日报")
    lead = next(a for a in result.articles if a.title == "构筑我国向北开放的重要桥头堡")
    assert lead.lines is None and lead.boxes and all(box[0] == 1 for box in lead.boxes)
    x0, top, x1, bottom = lead.boxes[0][1:]
    assert 0 <= x0 < x1 <= pdfgen.PAGE_W and 0 <= top < bottom <= pdfgen.PAGE_H
