"""Property tests over generated page text: no crash, nothing lost, same output twice."""
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from site_builder.ingest.conservation import missing_characters
from site_builder.ingest.page import articles_from_page
from site_builder.ingest.read import split_lines
from site_builder.models import RawPage

HAN = st.characters(min_codepoint=0x4E00, max_codepoint=0x4FFF)
sentence = st.builds(lambda words, end: "".join(words) + end,
                     st.lists(st.text(HAN, min_size=1, max_size=8), min_size=1, max_size=6),
                     st.sampled_from(["。", "！", "，", "", "”", "？"]))
layout_line = st.one_of(
    sentence,
    st.builds(lambda s: s[:15], sentence),                      # a hard-wrapped fragment
    st.sampled_from(["", "", "", "■上接第2版", "（下转第3版）", "□本报记者 王一 李二",
                     "新华社北京5月1日电 （记者赵三）", "（新华社拉萨6月2日电）", "会议 | 聚焦",
                     "某某委员——", "——写在某某之际", "# 标题", "### 小节", "---", "* * *",
                     "扫码看视频", "本报记者 钱四 摄", "▲5月1日，全国人大代表孙五建议，修路。",
                     "全国人大代表，某某公司经理", "（王一 李二）", "> 导出说明", "| 表 | 格 |",
                     "SAFETY FIRST", "工 程 一 线", "记者：张三 李四", "文案：王五",
                     "　　首行缩进的一段文字，说到一半", "<script>alert(1)</script>", "{{ x }}"]),
    st.text(max_size=30),                                       # anything at all
)
page_text = st.lists(layout_line, min_size=0, max_size=60).map("\n".join)


def ingest(text: str):
    return articles_from_page(RawPage("gen.txt", split_lines(text)), "某某日报")


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(page_text)
def test_no_crash_nothing_lost_deterministic(text: str):
    first = ingest(text)
    assert ingest(text) == first
    lost = missing_characters(text, first.articles, first.discards)
    assert not lost, f"lost {dict(lost)}"
    for article in first.articles:
        assert article.body.strip()
        assert article.seed == "gen.txt"
