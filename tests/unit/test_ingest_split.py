"""Story boundaries and headline placement, on small pages written for the tests."""
from pathlib import Path

from site_builder.ingest.page import articles_from_page
from site_builder.ingest.read import read_page, split_lines
from site_builder.models import RawPage

PAPER = "某某日报"


def stories(text: str):
    return articles_from_page(RawPage("p.txt", split_lines(text)), PAPER)


TRAILING = """\
牧区的春天来得晚，合作社的冷
库却早早建好了，羊肉可以直接
运往外地的超市。

合作社负责人说，今年的收入会
比去年更好一些。

草原合作社建起冷库

新华社拉萨5月2日电 （记者王
一 李二）5月2日上午，高原上的
第一场春雨落下。

气象部门说，今年的雨水比往年
多一些。（新华社拉萨5月2日电）

高原迎来春雨
"""


def test_headlines_printed_after_their_bodies_and_split_byline():
    result = stories(TRAILING)
    first, second = result.articles
    assert first.title == "草原合作社建起冷库"
    assert first.body.startswith("牧区的春天来得晚")
    assert second.title == "高原迎来春雨"
    assert second.dateline == "新华社拉萨5月2日电"
    assert second.authors == ("王一", "李二")  # the name 王一 was broken across two lines
    assert second.source == "新华社"
    assert second.body.startswith("5月2日上午")
    assert "（新华社" not in second.body


LEADING = """\
专栏 | 观察

草原上的新风景

——写在某某节开幕之际

□本报记者 王小明 李四

今年夏天，草原上的游客比往年多了不少，牧民们开起了家庭旅馆。

旅游旺季

一位牧民说，家庭旅馆让他们的收入翻了一番。

本报热线：0000-1234567
"""


def test_kicker_title_subtitle_byline_and_section_head():
    (article,) = stories(LEADING).articles
    assert article.kicker == "专栏 | 观察"
    assert article.title == "草原上的新风景"
    assert article.subtitle == "——写在某某节开幕之际"
    assert article.authors == ("王小明", "李四")
    assert article.source == PAPER
    assert "## 旅游旺季" in article.body
    assert "热线" not in article.body


SERIES = """\
某某任务 某某担当

——某某盟发展系列报道之三

开放合作 共赢发展

第一段写口岸的建设，已经完成了主体工程。

第二段写贸易的增长，比去年多了一成。

（王一 李二）
"""


def test_series_banner_and_trailing_author_parenthesis():
    (article,) = stories(SERIES).articles
    assert (article.kicker, article.title) == ("某某任务 某某担当", "开放合作 共赢发展")
    assert article.subtitle == "——某某盟发展系列报道之三"
    assert article.authors == ("王一", "李二")


STRIP = """\
会议 | 聚焦

牧区公路通到家门口

□本报记者 王小明

第一段写公路的修建，牧民出行方便了许多。

第二段写牧民的感受，大家都很高兴。

会议 | 建言

赵小六

全国人大代表，某某旗某某嘎查党支部书记



建议继续加大牧区公路建设投入，让更多牧民受益。

(文/图 本报记者 王小明)

会议 | 镜头

5月1日，全国政协委员钱二（右）在讨论时建议，加强草原生态保护。

本报记者 李四 摄
"""


def test_statement_column_and_caption_become_proposals_of_the_lead_story():
    result = stories(STRIP)
    (article,) = result.articles
    people = {p.person: p for p in article.proposals}
    assert set(people) == {"赵小六", "钱二"}
    assert people["赵小六"].role == "全国人大代表"
    assert people["赵小六"].affiliation == "某某旗某某嘎查党支部书记"


def test_statement_column_role_and_affiliation_on_separate_lines():
    text = STRIP.replace("全国人大代表，某某旗某某嘎查党支部书记", "全国人大代表、  \n某某旗委书记  ")
    (article,) = stories(text).articles
    people = {p.person: p for p in article.proposals}
    assert (people["赵小六"].role, people["赵小六"].affiliation) == ("全国人大代表", "某某旗委书记")
    assert people["钱二"].kind == "caption"
    assert "加强草原生态保护" not in article.body
    assert any("钱二" in c for c in article.captions)


def test_poster_text_is_not_a_story():
    result = stories("安全第一\n\nSAFETY FIRST\n\n人人有责\n\n# 海报标题\n\n一段海报说明文字，只有一段。\n")
    assert result.articles == ()
    assert any("海报说明" in d.text for d in result.discards)


def test_markdown_separator_splits_stories():
    text = ("# 第一篇\n\n第一篇的第一段，写的是牧区的新公路。\n\n第一篇的第二段，写的是游客。\n\n---\n\n"
            "### 王小明委员——\n\n# 第二篇\n\n第二篇的第一段，写的是草原保护。\n\n"
            "某某大学教授王小明委员建议，加大投入。\n")
    first, second = stories(text).articles
    assert (first.title, second.title) == ("第一篇", "第二篇")
    assert second.kicker == "王小明委员——"
    assert [(p.person, p.kind) for p in second.proposals] == [("王小明", "jianyan")]


def test_crlf_and_gb18030_pages_give_the_same_stories(tmp_path: Path):
    utf8 = tmp_path / "a.txt"
    utf8.write_text(LEADING, encoding="utf-8")
    crlf_gbk = tmp_path / "b.txt"
    crlf_gbk.write_bytes(LEADING.replace("\n", "\r\n").encode("gb18030"))
    a = articles_from_page(read_page(utf8), PAPER).articles
    b = articles_from_page(read_page(crlf_gbk), PAPER).articles
    assert [(x.title, x.body, x.authors) for x in a] == [(x.title, x.body, x.authors) for x in b]


def test_continued_story_keeps_its_first_heading_in_the_body():
    text = ("■上接第1版\n\n第一小节的标题\n\n这是从第一版转来的正文，说的是口岸的\n"
            "建设和贸易的增长。\n\n第二段接着说。\n")
    (article,) = stories(text).articles
    # no printed headline: the title is made from the first sentence and marked as such
    assert (article.title, article.title_source) == ("这是从第一版转来的正文", "derived")
    assert article.body.startswith("## 第一小节的标题")


def test_markdown_level_one_headings_start_new_stories_even_without_bylines():
    text = ("# 牧区公路通到家门口\n\n第一段写公路的修建，牧民出行方便了许多。\n\n"
            "### 一条路的变化\n\n第二段写牧民的感受，大家都很高兴。\n\n"
            "# 口岸通关再提速\n\n第一段写口岸的通关，货车排队时间缩短。\n\n第二段写海关的新办法，手续更简单。\n")
    first, second = stories(text).articles
    assert first.title == "牧区公路通到家门口"
    assert "## 一条路的变化" in first.body
    assert second.title == "口岸通关再提速"


def test_news_flash_dateline_and_reporters():
    text = ("草原书屋开进牧户家\n\n本报讯 （记者 王小明 实习生 李四）近日，第一批草原书屋在牧区落成。\n\n"
            "牧民们说，冬天有书可读了。\n")
    (article,) = stories(text).articles
    assert article.dateline == "本报讯"
    assert article.authors == ("王小明", "李四")
    assert article.date is None
    assert article.body.startswith("近日，第一批草原书屋")


def test_byline_with_other_markers_and_roles():
    text = ("边境小城的新夜市\n\n■本报记者 王小明 通讯员 李四\n\n夜市开张以后，小城的晚上热闹起来。\n\n"
            "摊主们说，生意一天比一天好。\n")
    (article,) = stories(text).articles
    assert article.authors == ("王小明", "李四")
    assert article.credits == ("■本报记者 王小明 通讯员 李四",)


RAW_LEADING = """\
草原书屋开进牧户家
□本报记者 王小明

今年春天，某某盟的第一批草
原书屋在牧区落成。书屋里有两千多
册图书，牧民们可以随时借阅。

旗文化馆的工作人员介绍，今年还
将建成二十座书屋。

口岸通关再提速
本报讯（记者 李四）近日，某某公
路口岸启用了新的查验系统，货车
通关时间缩短了一半。

海关工作人员说，新系统可以自动识
别车牌和货物信息。
"""


def test_raw_page_with_headlines_glued_to_bylines_and_datelines():
    first, second = stories(RAW_LEADING).articles
    assert (first.title, first.authors) == ("草原书屋开进牧户家", ("王小明",))
    assert first.body.startswith("今年春天，某某盟的第一批草原书屋")
    assert (second.title, second.dateline, second.authors) == ("口岸通关再提速", "本报讯", ("李四",))
    assert second.body.startswith("近日，某某公路口岸")


def test_trailer_wrapped_across_lines_is_not_a_new_dateline():
    text = ("草原上的新风景\n\n牧民们开起了家庭旅馆，游客一年比一年\n多，草原上的夜晚热闹起来。（\n"
            "新华社呼和浩特5月2日电）\n\n另一段的开头在这里，讲的是下一件事情。\n")
    (article, *_) = stories(text).articles
    assert article.dateline == "新华社呼和浩特5月2日电"
    assert article.body.endswith("热闹起来。")


def test_wrapped_statement_column_keeps_name_and_role_apart():
    text = ("会议 | 聚焦\n\n牧区公路通到家门口\n\n□本报记者 王小明\n\n第一段写公路的修建，牧民出行方便\n"
            "了许多，大家都很高兴。\n\n第二段写牧民的感受，今年的收入会比去\n年更好一些。\n\n"
            "会议 | 建言\n\n赵小六\n全国人大代表、\n某某旗某某嘎查党支\n部书记\n\n\n\n"
            "建议继续加大牧区公路建设投入，让更多\n牧民受益。\n")
    (article,) = stories(text).articles
    (proposal,) = article.proposals
    assert (proposal.person, proposal.role) == ("赵小六", "全国人大代表")
    assert proposal.affiliation == "某某旗某某嘎查党支部书记"


def test_story_after_a_trailer_on_the_same_line():
    text = ("第一篇的正文说的是草原上的新公路。\n\n最后一段说牧民都很高兴。（新华社拉萨5月2日电）"
            "新华社拉萨5月3日电 （记者王一）5月3日，高原迎来第一场春雨。\n\n气象部门说，今年雨水多。\n\n高原迎来春雨\n")
    first, second = stories(text).articles
    assert first.dateline == "新华社拉萨5月2日电" and first.body.endswith("牧民都很高兴。")
    assert (second.dateline, second.authors, second.title) == ("新华社拉萨5月3日电", ("王一",), "高原迎来春雨")


def test_plain_dump_joins_a_short_fragment_cut_by_a_column_break():
    # the dump is seen to cut its paragraphs: a long line stops mid-sentence
    text = ("草原上的新风景\n\n□本报记者 王一\n\n第一段说的是新公路，牧民们出行更方便了，"
            "从前要走一整天的山路，如今开车一个多小时就到了旗里的\n\n集市。\n\n"
            "公司的工程师王二的手机里，珍藏着一张\n\n“特别”照片：新公路通车那天的合影。\n")
    (article,) = stories(text).articles
    assert "珍藏着一张“特别”照片" in article.body
    # a fragment that opens as a sentence does is joined on any dump
    text = ("草原上的新风景\n\n□本报记者 王一\n\n第一段说的是新公路，牧民们出行更方便了。\n\n"
            "目前，全旗已有十二条新公路\n\n通到了牧民的家门口。\n")
    (article,) = stories(text).articles
    assert "十二条新公路通到了" in article.body


def test_collapse_gaps_removes_ocr_spaces_inside_chinese_text_only():
    from site_builder.ingest.assemble import collapse_gaps
    assert collapse_gaps("4月 9日 3时 38分，低轨 21组卫星") == "4月9日3时38分，低轨21组卫星"
    assert collapse_gaps("共开行 1145 列，提前 10至 15天") == "共开行1145列，提前10至15天"
    # spaces around Latin words stay
    assert collapse_gaps("新款 iPhone 15") == "新款 iPhone 15"
    assert collapse_gaps("覆盖 5G 网络") == "覆盖5G 网络"


def test_derived_title_is_the_first_sentence_cut_at_a_clause():
    from site_builder.ingest.assemble import derived_title
    assert derived_title("## 小标题\n\n口岸货运量创新高。后面还有话。") == "口岸货运量创新高"
    long = "今年以来，满洲里铁路口岸的中欧班列开行数量持续增长，带动了沿线城市的外贸。"
    assert derived_title(long) == "今年以来，满洲里铁路口岸的中欧班列开行数量持续…"
    assert derived_title("口岸新建了查验场地，货车通关时间缩短到了二十分钟以内。") \
        == "口岸新建了查验场地"
    assert derived_title("“口岸的路，越走越宽，越走越远，越走越亮，越走越有奔头，越走越有希望") \
        .endswith("”")
    assert derived_title("") is None


RAW_DATED = """\
某某日报　2026年4月　第3版

口岸货运忙

本报记者 王小明

4月12日，满洲里口岸的货车排起
长队，司机们等待通关。

今年以来，口岸货运量持续增长。
"""


def test_a_month_and_day_opening_the_story_dates_it_when_the_page_names_the_year():
    (article,) = stories(RAW_DATED).articles
    assert (article.date, article.date_source) == ("2026-04-12", "body")
    undated = RAW_DATED.replace("2026年4月　", "")
    (article,) = stories(undated).articles
    assert (article.date, article.date_source) == (None, None)


INDENTED_COLUMN = """\
　　牧区的春天来得晚，合作
社的冷库却早早建好了，羊肉
可以运往外地超市。
某某中学教师王小明代表——
让牧区孩子用上新的实验室
本报记者  李  四  赵五一
　　某某中学的实验室里，
孩子们正在操作显微镜，这里
的设备去年才配齐。
　　王小明说，今年还要再建
一间机器人教室，让孩子们
学编程。
"""


def test_a_byline_as_wide_as_the_column_is_not_glued_to_the_headline():
    stories_ = stories(INDENTED_COLUMN).articles
    last = stories_[-1]
    assert last.title == "让牧区孩子用上新的实验室"
    assert last.authors == ("李四", "赵五一")
    assert last.body.startswith("某某中学的实验室里")
