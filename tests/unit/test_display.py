"""display: dates, months, page labels and headlines as readers see them."""
from __future__ import annotations

from site_builder.display import (date_text, display_title, headline_from, merge_editions,
                                  month_text, page_label)
from site_builder.models import Article, Edition


def test_dates_and_months_in_chinese():
    assert date_text("2026-04-09") == "2026年4月9日"
    assert date_text("2026-12-31") == "2026年12月31日"
    assert date_text(None) is None and date_text("4月9日") == "4月9日"
    assert month_text("2026-04") == "2026年4月"
    assert month_text("未注明日期") == "未注明日期"


def test_page_label_uses_what_the_page_gives_then_the_site_paper_then_the_order():
    full = Edition("内蒙古日报", "2026-04-09", 3, "要闻")
    assert page_label(full, "别的报", 7) == "内蒙古日报 2026年4月9日 第3版 要闻"
    assert page_label(Edition(None, "2026-04-09", 3, None), "内蒙古日报", 7) == \
        "内蒙古日报 2026年4月9日 第3版"
    assert page_label(Edition(name="两会特刊"), "内蒙古日报", 7) == "内蒙古日报 两会特刊"
    assert page_label(None, "内蒙古日报", 7) == "内蒙古日报 版面 7"
    assert page_label(Edition(date="2026-04-09"), None, 2) == "2026年4月9日 版面 2"


def test_a_page_edition_merges_its_stories_editions():
    assert merge_editions([None, Edition(page=3), Edition("报", "2026-04-09", 4, "要闻")]) == \
        Edition("报", "2026-04-09", 3, "要闻")
    assert merge_editions([None, Edition()]) is None


def story(**kw) -> Article:
    return Article(id="x", title=kw.pop("title", None), body=kw.pop("body", ""), seed="s.txt",
                   **kw)


def test_display_title_marks_editorial_headlines():
    assert display_title(story(title="印出的标题")) == ("印出的标题", False)
    assert display_title(story(title="编者拟的", title_source="derived")) == ("编者拟的", True)
    assert display_title(story(body="## 小标题\n\n4月12日，春耕开始。第二句。")) == \
        ("4月12日，春耕开始", True)
    assert display_title(story(kicker="两会 | 聚焦")) == ("两会 | 聚焦", True)
    assert display_title(story())[0] and display_title(story())[0] != "（无标题）"


def test_headlines_from_long_sentences_are_cut_at_a_clause_with_quotes_closed():
    sentence = "习近平总书记指出，干部干事创业要树立正确政绩观，有功成不必在我的精神境界、功成必定有我的历史担当"
    assert headline_from(sentence) == "习近平总书记指出，干部干事创业要树立正确政绩观"
    assert headline_from("“要把政绩写在吉林大地上、留在群众口碑中") == "“要把政绩写在吉林大地上、留在群众口碑中”"
    no_marks = "甲" * 50
    assert headline_from(no_marks) == "甲" * 29 + "…"
