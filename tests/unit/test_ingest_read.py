from pathlib import Path

import pytest

from site_builder.errors import SiteError
from site_builder.ingest.read import decode_page, read_page, split_lines

PAGE = "标题在这里\n\n正文第一段，讲述口岸的故事。\n"


def test_utf8_with_and_without_bom():
    assert decode_page(PAGE.encode("utf-8"), "a.txt") == (PAGE, "utf-8")
    assert decode_page(b"\xef\xbb\xbf" + PAGE.encode("utf-8"), "a.txt") == (PAGE, "utf-8")


def test_gb18030_file(tmp_path: Path):
    path = tmp_path / "gbk.txt"
    path.write_bytes(PAGE.encode("gb18030"))
    page = read_page(path)
    assert page.encoding == "gb18030"
    assert page.lines[0].text == "标题在这里"


def test_crlf_and_lone_cr_end_lines():
    lines = split_lines("第一行\r\n第二行\r第三行\n")
    assert [(ln.number, ln.text) for ln in lines[:3]] == [(1, "第一行"), (2, "第二行"), (3, "第三行")]


@pytest.mark.parametrize("data, message", [
    (b"", "empty"),
    (b"   \n\n", "empty"),
    (b"\x00\x01\x02binary", "binary"),
    (b"\xff\xfeh\x00i\x00", "UTF-16"),
    (bytes(range(0x80, 0x100)) * 4, "not"),
])
def test_bad_files_name_the_file(data: bytes, message: str):
    with pytest.raises(SiteError) as info:
        decode_page(data, "seeds/bad.txt")
    assert info.value.path == "seeds/bad.txt"
    assert message in info.value.message


def test_truncated_utf8_reports_line():
    data = "第一行\n第二行".encode("utf-8") + "第三".encode("utf-8")[:-1] + b"\n" + b"x" * 50
    with pytest.raises(SiteError) as info:
        decode_page(data, "p.txt")
    assert info.value.line == 2
