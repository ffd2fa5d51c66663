"""The body's direct HTML for plain paragraphs is exactly Python-Markdown's."""
from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from site_builder.render.markup import make_markdown, plain_paragraphs_html

MD = make_markdown()


def markdown_html(text: str) -> str:
    MD.reset()
    return MD.convert(text)


PLAIN = st.text(st.sampled_from(list("口岸中欧班列满洲里。，“”（）：；、ab Z09.")), max_size=20)
# every character Markdown could read as markup, and white space of all kinds
SPECIAL = st.sampled_from(list("#+-=>*_[]<>&`\\!|~).1 \t\n\u3000\u00a0\x02"))


@st.composite
def paragraph(draw) -> str:
    """Plain text with a few special characters put anywhere (the start included)."""
    text = draw(PLAIN)
    for _ in range(draw(st.integers(0, 2))):
        at = draw(st.integers(0, len(text)))
        text = text[:at] + draw(SPECIAL) + text[at:]
    return text


@settings(max_examples=600, deadline=None)
@given(st.lists(paragraph(), min_size=1, max_size=4))
def test_direct_html_is_markdowns_whenever_it_is_made(paragraphs):
    text = "\n\n".join(paragraphs)
    html = plain_paragraphs_html(text)
    if html is not None:
        assert html == markdown_html(text)


def test_a_story_of_plain_paragraphs_is_made_directly():
    text = "新华社北京4月9日电 今年以来，满洲里口岸进出境中欧班列1145列。\n\n同比增长12.5%，“十四五”以来（2021年）最多。"
    assert plain_paragraphs_html(text) == markdown_html(text)
    assert plain_paragraphs_html(text).count("<p>") == 2


def test_anything_markdown_could_read_as_markup_goes_through_markdown():
    for text in ("正文。\n\n## 小标题\n\n正文。", "1. 第一条", "- 列表", "> 引文",
                 "**加粗**", "A&B", "a<b", "第一行\n第二行", "  缩进", "结尾两个空格  "):
        assert plain_paragraphs_html(text) is None, text
