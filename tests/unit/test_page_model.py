"""The page model, role by role, on small invented pages: the evidence each role rests on,
the reading the grammar chooses, and what the credits say. Every page here is made up."""
from __future__ import annotations

import pytest

from site_builder.ingest import credits, evidence
from site_builder.ingest.clean import Para, make_paragraphs
from site_builder.ingest.lexicon import HEAD_FIELD, canonical_outlet, fold
from site_builder.ingest.page import (analyse, articles_from_page, explain_page, heads_point_up,
                                      split_trailers)
from site_builder.ingest.read import split_lines
from site_builder.ingest.segment import best_reading
from site_builder.models import RawPage

PAPER = "某某日报"
# invented paragraphs the pages below share
ROAD = "牧区的公路修到了牧民的家门口，牧区的孩子们上学再也不用走远路了，牧民们都很高兴。"
TOURISTS = "如今牧区公路四通八达，城里的游客开车就能到牧民家里喝奶茶，牧区的日子越过越好。"
WIND = "戈壁上的风电场今年全部并网发电，一台台风机迎风转动，把戈壁上呼呼刮着的大风变成了电。"


def page(text: str):
    return articles_from_page(RawPage("p.txt", split_lines(text)), PAPER)


def best_role(text: str, **layout) -> str:
    """The role one paragraph scores highest for, read alone."""
    para = Para(text=text, first=1, last=1, **layout)
    facts = evidence.page_facts([para], wrapped=False, indent=False)
    scores = evidence.scores(evidence.features(para, 0, facts))
    scores.pop("marker")
    return max(scores, key=scores.get)


@pytest.mark.parametrize("text, role", [
    ("草原上的新风景", "headline"),
    ("两会 | 聚焦", "kicker"),
    ("某某代表——", "kicker"),
    ("某某代表团——", "kicker"),
    ("（新春走基层）", "kicker"),
    ("——写在某某节开幕之际", "subtitle"),
    ("□本报记者 王小明 李四", "byline"),
    ("人民网记者  高  华", "byline"),
    ("作者：王小明　来源：某某日报　日期：2026-05-01", "byline"),
    ("本报讯（记者 王小明）近日，第一批草原书屋在牧区落成，牧民们可以随时借阅。", "lead"),
    ("某某晚报讯(记者 王小明 通讯员 李四)近日,某某县的新公路通车了,牧民出行方便多了。", "lead"),
    ("中新网某地8月26日电(记者 王小明)26日,某某口岸迎来今年第一批进口货物。", "lead"),
    ("（本报记者王小明、李四整理）", "credit"),
    ("（新华社某地5月2日电）", "credit"),
    ("（王一 李二）", "credit"),
    ("▲5月1日，牧民赶着羊群走过新修的公路。", "caption"),
    ("某某旗开展春季转场活动，图为牧民赶着羊群走过新修的公路。", "caption"),
    ("本报记者 王小明 摄", "caption"),
    ("数据来源：某某统计局", "caption"),
    ("新闻热线：0000-00000000", "furniture"),
    ("2026年5月1日　星期五　第03版　要闻", "furniture"),
    ("2022年04月23日 23:01　新浪财经", "furniture"),
    ("扫码看视频", "furniture"),
])
def test_each_role_from_its_own_evidence(text, role):
    assert best_role(text) == role


def test_an_author_line_after_the_body_is_a_credit():
    text = "草原上的新风景\n\n第一段写公路的修建，牧民出行方便了许多。\n\n第二段写牧民的感受。\n\n作者:王一、李二、张三\n"
    (article,) = page(text).articles
    assert article.authors == ("王一", "李二", "张三")
    assert "作者" not in article.body


def test_layout_evidence_of_a_pdf_page():
    # type size: a line set far larger than the body is a headline whatever its words
    body = Para(text="正文的一段，讲的是新公路。" * 4, first=2, last=2, size=10.0)
    big = Para(text="草原上的新风景", first=1, last=1, size=24.0)
    facts = evidence.page_facts([big, body], wrapped=False, indent=False)
    feats = evidence.features(big, 0, facts)
    assert "size_huge" in feats
    scores = evidence.scores(feats)
    assert scores["headline"] > scores["crosshead"] > scores["body"]


def test_a_headline_then_a_lead_starts_a_story_not_a_section_head():
    text = ("牧区公路通到家门口\n\n□本报记者 王小明\n\n第一段写公路的修建，牧民出行方便了许多。\n\n"
            "第二段写牧民的感受，大家都很高兴。\n\n"
            "口岸货运创新高\n\n某某晚报讯(记者 李四 通讯员 赵五)今年以来，某某口岸的货运量创了新高。\n\n"
            "海关工作人员说，通关时间也缩短了。\n")
    first, second = page(text).articles
    assert first.title == "牧区公路通到家门口"
    assert (second.title, second.authors, second.source) == ("口岸货运创新高", ("李四", "赵五"), "某某晚报")
    assert second.dateline == "某某晚报讯"


def test_a_short_line_between_paragraphs_of_one_story_is_a_section_head():
    text = ("牧区公路通到家门口\n\n□本报记者 王小明\n\n第一段写公路的修建，牧民出行方便了许多。\n\n"
            "路通了\n\n第二段写公路修通以后，牧民出行方便了许多，公路上的车也多了。\n")
    (article,) = page(text).articles
    assert "## 路通了" in article.body


def test_credits_after_the_body_are_authors_and_half_width_leads_are_read():
    text = ("口岸货运创新高\n\n中新网某地8月26日电(记者 王小明)26日,某某口岸的货运量创了新高。\n\n"
            "海关工作人员说,通关时间也缩短了。\n\n文/某某晚报记者 李四\n")
    (article,) = page(text).articles
    assert article.source == "中新网" and article.dateline == "中新网某地8月26日电"
    assert article.authors == ("王小明", "李四")
    assert "文/" not in article.body


def test_a_page_label_and_a_page_header_are_furniture_not_headline_or_kicker():
    text = ("某某日报\n2026年5月1日　星期五\n要闻\n\n牧区公路通到家门口\n\n□本报记者 王小明\n\n"
            "第一段写公路的修建，牧民出行方便了许多。\n\n第二段写牧民的感受，大家都很高兴。\n")
    (article,) = page(text).articles
    assert (article.title, article.kicker) == ("牧区公路通到家门口", None)
    assert article.date == "2026-05-01"  # the page's own date for a story with no dateline
    assert article.edition.date == "2026-05-01"


def test_a_short_quoted_headline_under_the_page_header_is_no_page_label():
    # a page's name is a plain name; a short line in quotation marks is a headline
    def evidence_of(line: str) -> dict[str, float]:
        text = (f"某某日报\n2026年5月1日　星期五\n{line}\n\n"
                "第一段写公路的修建，牧民出行方便了许多，大家都说好。\n")
        paras = make_paragraphs(RawPage("p.txt", split_lines(text)))
        return analyse(paras, wrapped=False, indent=False).features[2]
    assert "page_edge" in evidence_of("要闻")
    assert "page_edge" not in evidence_of("“牧”说")


@pytest.mark.parametrize("upper, lower, roles", [
    # a short headline over a longer line: the headline and its subtitle
    ("牧区春耕全面展开", "全区春播完成意向面积近一成，进度与去年基本持平",
     ("headline", "subtitle")),
    # a longer line over a short one: the kicker and the headline
    ("某某自治区召开春季农牧业生产工作推进会议", "让牧民的日子更红火", ("kicker", "headline")),
])
def test_of_two_display_lines_the_shorter_is_the_headline(upper, lower, roles):
    text = (f"{upper}\n{lower}\n本报记者  王小明\n\n"
            "第一段写公路的修建，牧民出行方便了许多，大家都说好。\n\n"
            "第二段写牧民的感受，大家都很高兴，日子越过越红火。\n")
    (article,) = page(text).articles
    headline = lower if roles == ("kicker", "headline") else upper
    assert article.title == headline
    assert (article.kicker, article.subtitle) == (
        (upper, None) if roles[0] == "kicker" else (None, lower))


def test_a_clause_twice_as_long_as_the_headline_over_it_is_its_subtitle_even_after_the_body():
    # (a headline broken over two lines is broken into lines of like length)
    text = ("本报某地4月10日电  （记者 王小明）近日，牧区春耕全面展开，牧民们忙着播种，一派繁忙景象。\n\n"
            "农牧部门派出工作组深入一线指导春耕，帮助牧民解决农机和种子方面的困难。\n\n"
            "## 牧区春耕全面展开\n## 全区春播完成意向面积近一成，进度与去年基本持平\n")
    (article,) = page(text).articles
    assert (article.title, article.subtitle) == (
        "牧区春耕全面展开", "全区春播完成意向面积近一成，进度与去年基本持平")


def test_a_column_s_name_on_its_own_line_is_the_kicker():
    text = ("草原快评\n让牧民的日子更红火\n本报评论员\n\n"
            "第一段写公路的修建，牧民出行方便了许多，大家都说好。\n\n"
            "第二段写牧民的感受，大家都很高兴，日子越过越红火。\n")
    (article,) = page(text).articles
    assert (article.kicker, article.title) == ("草原快评", "让牧民的日子更红火")
    facts = evidence.page_facts([], wrapped=False, indent=False)

    def evidence_of(line: str) -> dict[str, float]:
        return evidence.features(Para(text=line, first=1, last=1), 0, facts)
    assert "label_pat" in evidence_of("草原快评") and "label_pat" in evidence_of("北疆论坛")
    # a box inside a story under its own head; a headline that ends in a genre-like word
    assert "label_pat" not in evidence_of("记者手记")
    assert "label_pat" not in evidence_of("草原牧区观察")


def test_a_short_line_that_asks_then_answers_is_no_sentence():
    facts = evidence.page_facts([], wrapped=False, indent=False)

    def evidence_of(line: str) -> dict[str, float]:
        return evidence.features(Para(text=line, first=1, last=1), 0, facts)
    assert "inner_stop" not in evidence_of("牧区公路通车已近两月，成效如何？各方进展来了")
    assert "inner_stop" in evidence_of("牧区公路通车了。牧民很高兴")
    long_text = "牧区公路通车已近两月，成效如何？" + "各方进展来了，牧民出行方便了许多" * 2
    assert "inner_stop" in evidence_of(long_text)


def test_a_web_copy_s_picture_placeholder_and_picture_source_are_not_text():
    facts = evidence.page_facts([], wrapped=False, indent=False)
    for line, feature in (("行情图", "furniture_pat"), ("图源：某某图库", "data_credit")):
        assert feature in evidence.features(Para(text=line, first=1, last=1), 0, facts)


def test_a_writer_s_name_under_the_headline_is_no_shorter_headline():
    text = ("这样的梦想掷地有声\n琼达卓嘎\n\n"
            "第一段写公路的修建，牧民出行方便了许多，大家都说好。\n\n"
            "第二段写牧民的感受，大家都很高兴，日子越过越红火。\n")
    paras = make_paragraphs(RawPage("p.txt", split_lines(text)))
    features = analyse(paras, wrapped=False, indent=False).features
    assert not {"above_shorter", "under_longer"} & (features[0].keys() | features[1].keys())


def test_a_speaker_whose_words_reporters_wrote_down_is_no_author():
    text = ("牧区公路带来新生活\n某某大学教授、某某研究院院长  王小明\n\n" + ROAD + "\n\n"
            + TOURISTS + "\n\n（本报记者李二、张三采访整理）\n")
    assert page(text).articles[0].authors == ("李二", "张三")
    # with no one else credited, the speaker line names the writer
    signed = "牧区公路带来新生活\n某某大学教授、某某研究院院长  王小明\n\n" + ROAD + "\n\n" + TOURISTS + "\n"
    assert page(signed).articles[0].authors == ("王小明",)


def test_a_quoted_line_that_ends_in_a_dash_is_the_kicker_not_an_export_banner():
    text = ("> 某某日报　2026年3月6日　第16版\n\n> 某某负责人解读牧区公路建设——\n"
            "**牧区公路修到家门口**\n\n" + ROAD + "\n\n" + TOURISTS + "\n")
    story = page(text).articles[0]
    assert (story.kicker, story.title) == ("某某负责人解读牧区公路建设——", "牧区公路修到家门口")


def test_a_headline_that_ends_like_an_outlet_s_name_is_no_masthead():
    # (`…并网`, `…保障网`, `…合作社` end as 某某网 and 某某社 do; a paper's name does not)
    text = ("牧区公路通到家门口\n来源：某某日报 2026-03-05 08:30\n\n" + ROAD + "\n\n" + TOURISTS + "\n\n"
            "戈壁风电场全部并网\n来源：某某晚报 2026-03-05 09:30\n\n" + WIND + "\n\n" + WIND + "\n")
    stories = page(text).articles
    assert [a.title for a in stories] == ["牧区公路通到家门口", "戈壁风电场全部并网"]
    # a web copy's source with the time it was posted: furniture that gives source and date
    assert [(a.source, a.date, a.subtitle) for a in stories] == [("某某日报", "2026-03-05", None),
                                                                 ("某某晚报", "2026-03-05", None)]


def test_a_brief_s_title_run_in_before_its_lead_is_its_headline():
    text = ("简讯\n\n某某旗新公路通车 本报讯（记者 王小明）" + ROAD + "\n\n"
            "**某某风电场并网** 本报讯 " + WIND + "\n")
    stories = page(text).articles
    assert [(a.title, a.dateline, a.authors) for a in stories] == [
        ("某某旗新公路通车", "本报讯", ("王小明",)), ("某某风电场并网", "本报讯", ())]
    assert stories[0].body == ROAD
    # a credit in parentheses is no brief's title
    assert not page("（文/图 本报记者 王小明 李四）\n").articles


def test_a_labelled_summary_is_a_standfirst_kept_apart_from_the_body():
    text = ("牧区公路通到家门口\n本报记者 王小明\n\n核心提示：牧区公路修到了家门口，牧民出行更方便了。\n\n"
            + ROAD + "\n\n" + TOURISTS + "\n")
    story = page(text).articles[0]
    assert "核心提示" not in story.body and story.body.startswith(ROAD)


def test_head_lines_that_name_their_part_and_a_wire_copy_s_title():
    text = ("引题：某某旗交通建设见闻\n正题：牧区公路通到家门口\n副题：十年修路三千公里\n\n"
            + ROAD + "\n\n" + TOURISTS + "\n")
    story = page(text).articles[0]
    assert (story.kicker, story.title, story.subtitle) == ("某某旗交通建设见闻", "牧区公路通到家门口",
                                                           "十年修路三千公里")
    wire = page("新华社北京3月5日电　题：牧区公路通到家门口\n新华社记者王小明、李四\n\n"
                + ROAD + "\n\n" + TOURISTS + "\n").articles[0]
    assert (wire.title, wire.dateline, wire.authors) == ("牧区公路通到家门口", "新华社北京3月5日电",
                                                         ("王小明", "李四"))
    # a body line that opens with such a word is body
    assert not HEAD_FIELD.match("标题党现象屡禁不止。") and not HEAD_FIELD.match("主题教育在全区展开。")


def test_a_markdown_photo_news_item_with_a_credit_is_a_story():
    text = ("# 牧民转场\n\n5月1日，某某旗的牧民赶着羊群转场，走过新修的公路。\n\n（本报记者 王小明 摄）\n")
    (article,) = page(text).articles
    assert article.title == "牧民转场"


def test_headline_printed_after_its_body_on_a_wrapped_page():
    text = ("牧区的春天来得晚，合作社的冷\n库却早早建好了，羊肉可以直接\n运往外地的超市。\n\n"
            "合作社负责人说，今年的收入会\n比去年更好一些，大家都很满意。\n\n草原合作社建起冷库\n\n"
            "□本报记者 王小明\n\n高原上的第一场春雨落下了，农\n牧民开始春播，一派忙碌的景象。\n\n"
            "气象部门说，今年的雨水比往年\n多一些，墒情也更好一些。\n\n高原迎来春雨\n")
    first, second = page(text).articles
    assert (first.title, second.title) == ("草原合作社建起冷库", "高原迎来春雨")
    assert second.authors == ("王小明",)


def test_the_outlet_the_text_names_is_the_source():
    assert canonical_outlet("中国新闻网", PAPER) == "中新网"
    assert canonical_outlet("本报", PAPER) == PAPER
    assert canonical_outlet("新浪财经", PAPER) is None  # an aggregator is nobody's source
    assert canonical_outlet("某某日报客户端", PAPER) == "某某日报"  # an outlet's app is the outlet
    text = ("第一财经记者分别咨询了多家企业，消息并不属实。企业说，业务正常开展。\n\n"
            "另一家企业的负责人也说，这一消息并不属实。\n")
    (article,) = page("传言不实\n\n" + text).articles
    assert article.source == "第一财经"


def test_names_from_every_credit_form():
    assert credits.names_in("陈  震  靳  博") == ("陈震", "靳博")
    assert credits.byline("作者：崔  妍　来源：某某日报　日期：2026-03-08").names == ("崔妍",)
    # an e-paper meta line of a piece with no author names an outlet, not a person
    assert credits.byline("来源：某某网 作者：王小明 发布时间：2026-03-05 10:20").names == ("王小明",)
    unsigned = credits.byline("来源：某某日报　日期：2026-03-08")
    assert (unsigned.names, unsigned.outlet) == ((), "某某日报")
    # a deputy as the author: the name without the role after it
    assert credits.byline("作者：某某市市长  王一代表　来源：某某日报").names == ("王一",)
    assert credits.names_in("王一委员 李小二代表") == ("王一", "李小二")
    # editors named beside the reporters are not authors; nor is a place of work
    assert credits.byline("每经记者 王小明 每经编辑 李四").names == ("王小明",)
    assert credits.trailer("责任编辑：王小明").names == ()
    assert credits.trailer("（作者单位：某某大学）").names == ()
    # the reporters said after the formula, or in parentheses alone, opening the lead
    says = credits.lead("本报讯 记者王小明报道：近日，新公路通车了。")
    assert (says.dateline, says.names, says.rest) == ("本报讯", ("王小明",), "近日，新公路通车了。")
    alone = credits.lead("（记者 王小明 通讯员 李四）近日，新公路通车了。")
    assert (alone.names, alone.rest) == (("王小明", "李四"), "近日，新公路通车了。")
    assert credits.lead("（记者 王小明）") is None  # (a credit, not a lead: no text after it)
    # an outlet's app, set apart by a bar, before the reporter
    assert credits.byline("某某日报客户端 | 记者 王小明").names == ("王小明",)
    # `某某网消息（栏目）：…` opens a story as `某某网讯` does
    news = credits.lead("某某网消息（某某栏目）：近日，新公路通车了。")
    assert (news.dateline, news.rest) == ("某某网消息", "近日，新公路通车了。")
    assert credits.trailer("（作者：某某全媒体记者 王一 编辑：李二）").names == ("王一",)
    assert credits.trailer("（本报记者王一、李二采访整理）").names == ("王一", "李二")
    assert credits.trailer("（摘编自《某某日报》，原题为《某某》）").outlet == "某某日报"
    lead = credits.lead("【某某商报讯】（首席记者 王一）近日，新公路通车了。")
    assert (lead.dateline, lead.names, lead.rest) == ("某某商报讯", ("王一",), "近日，新公路通车了。")
    glued = credits.lead("本报记者  王小明  李四3月5日下午，牧民们开始转场。")
    assert (glued.names, glued.rest) == (("王小明", "李四"), "3月5日下午，牧民们开始转场。")
    # names set apart from the body by a space (letter-spaced as a narrow column prints them)
    spaced = credits.lead("本报记者 王 一 草原深处的牧民们开始转场，")
    assert (spaced.names, spaced.rest) == (("王一",), "草原深处的牧民们开始转场，")
    two = credits.lead("本报记者 王小明 李四海 某某代表团开放日现场，代表们围绕发展建言。")
    assert (two.names, two.rest) == (("王小明", "李四海"), "某某代表团开放日现场，代表们围绕发展建言。")
    short_word = credits.lead("本报记者 王小明 一张卡，能在几万家医院看病。")
    assert (short_word.names, short_word.rest) == (("王小明",), "一张卡，能在几万家医院看病。")
    quoted = credits.lead("本报记者 王小明 “会不会有人提问？”开放日上，")
    assert (quoted.names, quoted.rest) == (("王小明",), "“会不会有人提问？”开放日上，")
    # two two-character names letter-spaced alike, the body run on without a space
    pairs = credits.lead("本报记者 王 一 李 二在某某代表团开放日现场，代表们围绕发展建言。")
    assert (pairs.names, pairs.rest) == (("王一", "李二"), "在某某代表团开放日现场，代表们围绕发展建言。")
    # the place reported from after the names is nobody's name; a name glued to 报道 is
    assert credits.byline("某某晨报记者 王小明 长沙报道").names == ("王小明",)
    assert credits.byline("本报记者王小明报道").names == ("王小明",)
    # a paper's app or reporters' title beside its name: the paper
    app = credits.byline("某某晚报·某某壹点 记者 王小明")
    assert (app.names, canonical_outlet(app.outlet, "本报")) == (("王小明",), "某某晚报")
    assert canonical_outlet(credits.byline("某某日报全媒体记者 王小明").outlet, "本报") == "某某日报"
    # `某某网某地3月5日消息（记者 X）`: a flash lead with its date; `据新华社电`: by the wire
    flash = credits.lead("某某网北京3月5日消息（记者王小明）近日，新公路通车了。")
    assert (flash.names, flash.dateline, flash.month, flash.day) == (("王小明",), "某某网北京3月5日消息", 3, 5)
    assert canonical_outlet(credits.lead("据新华社电 近日，新公路通车了。").outlet, "本报") == "新华社"
    # a writer's post in parentheses after the name; `文/X` in parentheses after the body
    assert credits.byline("作者：王小明（某某大学教授）").names == ("王小明",)
    assert credits.trailer("（文/王小明）").names == ("王小明",)


def test_fold_reads_half_width_punctuation_but_keeps_times_and_numbers():
    assert fold("(记者 王一),说:") == "（记者 王一），说："
    assert fold("17:54 1,000") == "17:54 1,000"


def test_the_reading_is_the_best_scoring_one_not_the_first_rule():
    # a line that scores as a headline alone is a section head when the grammar says so
    emissions = [{"headline": 3.0, "body": -5.0, "crosshead": 2.0},
                 {"body": 5.0, "headline": -9.0, "crosshead": -9.0},
                 {"headline": 2.5, "crosshead": 2.4, "body": -4.0},
                 {"body": 5.0, "headline": -9.0, "crosshead": -9.0}]
    reading = best_reading(emissions)
    assert reading.roles == ("headline", "body", "crosshead", "body")
    assert reading.starts == (0,)


def test_explain_names_each_paragraph_with_its_role_and_evidence():
    text = "两会 | 聚焦\n\n草原上的新风景\n\n□本报记者 王小明\n\n今年夏天，草原上的游客比往年多了不少。\n\n牧民们开起了家庭旅馆。\n"
    out = explain_page(RawPage("p.txt", split_lines(text)), PAPER)
    assert "1 stories" in out
    assert "kicker" in out and "headline" in out and "byline" in out
    assert "label_pat" in out and "byline_pat" in out  # the evidence behind the roles


def test_analysis_keeps_the_evidence_per_paragraph():
    paras = [Para(text="草原上的新风景", first=1, last=1),
             Para(text="今年夏天，草原上的游客比往年多了不少，牧民们开起了家庭旅馆。", first=3, last=3)]
    analysis = analyse(paras, wrapped=False, indent=False)
    assert analysis.reading.roles == ("headline", "body")
    assert len(analysis.features) == len(analysis.scores) == 2


SIDE_BY_SIDE = """\
某某日报                                      2026年5月1日 星期五
        草原上的新风景，游客越来越多
□本报记者 王小明
  今年夏天，草原上的游客比往年多     客一年比一年多，草原上的夜晚热闹
了不少，牧民们开起了家庭旅馆，游     起来。一位牧民说，家庭旅馆让他们
  旅馆的生意很好，客人来自全国     的收入翻了一番，日子越过越好。
各地，有的一住就是一个星期。       牧民们说，明年还要再开几家。
第一栏的最后一行写到这里为止。     第二栏的最后一行也写到这里为止。
某某旗还修了一条公路通往草原。     公路修好以后，来的人更多了。
"""


def test_a_dump_of_columns_side_by_side_is_read_column_after_column():
    from site_builder.ingest.columns import reorder, side_by_side

    lines = split_lines(SIDE_BY_SIDE)
    assert side_by_side(lines)
    text = "\n".join(line.text for line in reorder(lines))
    first = text.index("了不少，牧民们开起了家庭旅馆")
    second = text.index("客一年比一年多")
    assert first < text.index("某某旗还修了一条公路") < second  # the first column whole first
    assert text.index("草原上的新风景") < first  # the headline across the columns above them


# two columns whose baselines are offset: the dump gives each line a row of its own, so
# every other row of a column is white
OFFSET_COLUMNS = """\
某某日报                                2026年5月1日 星期五
        草原上的新风景，游客越来越多
  今年夏天，草原上的游客比往年
                               客一年比一年多，草原上的夜晚
多了不少，牧民们开起了家庭旅
                               热闹起来。一位牧民说，家庭旅
馆，游客来自全国各地。
                               馆让他们的收入翻了一番。
  有的游客一住就是一个星期，
                               牧民们说，明年还要再开几家。
说这里的夜晚最好看。
"""


def test_a_column_whose_lines_sit_between_its_neighbours_is_read_as_one_run():
    from site_builder.ingest.columns import reorder, side_by_side

    lines = split_lines(OFFSET_COLUMNS)
    assert side_by_side(lines)
    texts = [line.text for line in reorder(lines)]
    start = texts.index("  今年夏天，草原上的游客比往年")  # (its paragraph's indent kept)
    assert texts[start:start + 5] == ["  今年夏天，草原上的游客比往年", "多了不少，牧民们开起了家庭旅",
                                      "馆，游客来自全国各地。", "  有的游客一住就是一个星期，",
                                      "说这里的夜晚最好看。"]
    assert texts.index("客一年比一年多，草原上的夜晚") > start + 4

HEADLINE_GROUPS = """\
某某在某地调研时强调
稳住就业、强化培训
全力推进充分就业

新华社某地4月10日电  某某近日在某地调研就业工作，走进企业和培训学校，了解就业服务开展情况。

他说，要把稳就业放在更加突出的位置，帮助更多青年找到工作。

某县缺水，调整考核“指挥棒”——
某县节水记

本报记者  王小明

某县年均降水量不到三百毫米，过去节水工作靠倡导，如今写进了干部考核。

团结奋斗，
把蓝图变成现实

本报记者  李四

清晨的会场庄严肃穆，代表们陆续步入会场，准备听取报告。
"""


def test_kickers_and_headlines_of_a_headline_group():
    framed, dashed, broken = page(HEADLINE_GROUPS).articles
    # a kicker saying who said it: both lines after it are the headline
    assert framed.kicker == "某某在某地调研时强调"
    assert framed.title.replace(" ", "") == "稳住就业、强化培训全力推进充分就业"
    # a kicker ending in a dash may hold a comma
    assert (dashed.kicker, dashed.title) == ("某县缺水，调整考核“指挥棒”——", "某县节水记")
    # a line ending in a comma is the first half of the headline
    assert broken.kicker is None and broken.title == "团结奋斗，把蓝图变成现实"


@pytest.mark.parametrize("text", ["草原书屋开进牧区（新春走基层）",
                                  "修好牧区路  建好新书屋（草原新风貌  牧区新生活·基层代表履职手记）"])
def test_a_column_label_of_a_series_as_long_as_a_line_still_ends_its_headline(text):
    para = Para(text=text, first=1, last=1)
    facts = evidence.page_facts([para], wrapped=False, indent=False)
    assert "head_label" in evidence.features(para, 0, facts)


def test_a_headline_ending_in_its_column_label_is_complete():
    # a second line after a headline that ends in its column label is not more of it
    emissions = [{"headline": 6.0, "body": -5.0},
                 {"body": 9.0, "headline": -9.0},
                 {"headline": 8.0, "kicker": 2.0, "body": -5.0},
                 {"headline": 9.0, "kicker": 4.0, "body": -5.0},
                 {"body": 9.0, "headline": -9.0}]
    plain = best_reading(emissions)
    labelled = best_reading(emissions, ["", "", "complete", "", ""])
    assert plain.roles[2:4] == ("headline", "headline") and plain.starts == (0, 2)
    assert labelled.roles[2:4] == ("kicker", "headline") and labelled.starts == (0, 2)
    # after an untitled story, a labelled headline closes it; the next line starts a story
    untitled = [{"body": 9.0, "headline": -9.0}] + emissions[1:]
    reading = best_reading(untitled, ["", "", "complete", "complete", ""])
    assert reading.roles[2:4] == ("headline", "headline") and reading.starts == (0, 3)


def test_a_credit_glued_after_the_last_sentence_is_the_story_s_credit():
    text = ("草原上的新风景\n\n今年夏天，草原上的游客比往年多了不少。\n\n"
            "牧民们开起了家庭旅馆，这是大势所趋。 某某晚报记者 王小明\n")
    (article,) = page(text).articles
    assert article.authors == ("王小明",)
    assert "某某晚报记者" not in article.body


def test_a_line_of_a_reporter_and_names_is_never_read_as_a_kicker():
    # (after an untitled body and before its headline, a byline is the story's credit)
    para = Para(text="某某晚报记者 王小明", first=1, last=1)
    facts = evidence.page_facts([para], wrapped=False, indent=False)
    scores = evidence.scores(evidence.features(para, 0, facts))
    assert scores["kicker"] < scores["credit"] - 2


def test_a_story_has_one_names_line_so_the_first_after_a_body_is_its_credit():
    # two names lines after two bodies, and the second story's headline after its body:
    # read as the second story's byline and credit, it would have two; each story has one
    text = ("牧区合作社建起冷库\n\n合作社的冷库早早建好了，羊肉可以直接运往外地的超市。今年的收入会比去年更好，大家都很满意。\n\n"
            "某某晚报记者 王小明\n\n"
            "高原上的第一场春雨落下了，农牧民开始春播。气象部门说，今年的雨水比往年多一些，墒情也更好。\n\n"
            "某某晚报记者 李大山\n\n高原迎来春雨\n")
    first, second = page(text).articles
    assert (first.title, first.authors) == ("牧区合作社建起冷库", ("王小明",))
    assert (second.title, second.authors) == ("高原迎来春雨", ("李大山",))


def test_pruning_the_viterbi_changes_no_reading_of_the_sample_pages():
    from pathlib import Path

    from site_builder.ingest import segment
    from site_builder.ingest.clean import make_paragraphs, page_is_wrapped
    from site_builder.ingest.read import read_page
    for path in sorted((Path(__file__).resolve().parents[2] / "seeds").glob("*")):
        raw = read_page(path)
        paras = make_paragraphs(raw)
        scores = analyse(paras, page_is_wrapped(raw.lines), False).scores
        for layout in segment.LAYOUTS:
            pruned = segment._viterbi(scores, (), layout)
            full = segment._viterbi(scores, (), layout, segment.NO_PRUNING)
            assert (pruned.roles, pruned.starts, pruned.score) == (full.roles, full.starts, full.score)


def test_a_story_whose_headline_follows_its_body_starts_where_the_vocabulary_changes():
    # the second story has no byline or lead at its top: only its words tell where it starts
    text = ("草原牧区见闻——\n牧区合作社建起冷库\n本报记者 王小明\n\n"
            "牧区合作社的冷库早早建好了，合作社的羊肉可以直接运往外地的超市，牧民的收入比往年更稳定了。\n\n"
            "合作社负责人说，冷库建成以后，牧区的羊肉再也不愁卖，合作社今年还要在牧区再建一座新冷库。\n\n"
            "海边渔港的渔船陆续返航，码头上的渔民忙着卸下刚刚捕捞上岸的海鲜，整个渔港一派繁忙景象。\n\n"
            "渔港管理处介绍，今年出海的渔船都装上了新的导航设备，渔民出海捕捞比过去更加安全高效。\n\n"
            "东海渔港见闻——\n渔港迎来丰收季\n")
    first, second = page(text).articles
    assert (first.title, second.title) == ("牧区合作社建起冷库", "渔港迎来丰收季")
    assert second.body.startswith("海边渔港")


def test_a_web_page_s_list_of_other_stories_is_furniture_not_a_story():
    text = ("草原上的新风景\n\n今年夏天，草原上的游客比往年多了不少，牧民们开起了家庭旅馆，收入比往年更稳定了。\n\n"
            "旅游部门介绍，草原上新修的公路通到了景区门口，自驾的游客越来越多，旺季还会再延长一个月。\n\n"
            "相关阅读\n突发！某地发生一件大事，最新消息来了！\n刚刚！市场大涨，什么情况？\n"
            "下载客户端抽大奖，百分百中奖！\n")
    (article,) = page(text).articles
    assert article.title == "草原上的新风景"
    assert "突发" not in article.body and "刚刚" not in article.body


def test_text_run_on_into_a_photo_credit_line_is_a_caption_where_paragraphs_are_set_apart():
    text = ("草原上的新风景\n本报记者 王小明\n\n"
            "今年夏天，草原上的游客比往年多了不\n少，牧民们开起了家庭旅馆，收入比往\n年更稳定了，大家都很高兴。\n\n"
            "旅游部门介绍，草原上新修的公路通到\n了景区门口，自驾的游客越来越多，旺\n季还会再延长一个月。\n\n"
            "某某旗组织牧民开展春节主题系列活动\n，图为牧民们在新建的家庭旅馆前迎接\n远道而来的游客。\n李大山摄\n\n"
            "牧民们说，明年还要再开几家旅馆，让\n更多的游客住进草原，看看草原上的新\n变化，日子越过越红火。\n")
    (article,) = page(text).articles
    assert "迎接" not in article.body
    assert any(c.startswith("某某旗组织牧民") for c in article.captions)


def test_a_writer_s_name_glued_to_the_first_paragraph_is_the_byline():
    text = ("草原上的新风景\n\n王小明 近期，草原上的游客比往年多了不少，牧民们开起了家庭旅馆，收入比往年更稳定了。\n\n"
            "旅游部门介绍，草原上新修的公路通到了景区门口，自驾的游客越来越多，旺季还会再延长一个月。\n")
    (article,) = page(text).articles
    assert list(article.authors) == ["王小明"]
    assert article.body.startswith("近期，草原上的游客")
    # a name then what the person says is the body's own sentence
    spoken = text.replace("王小明 近期，", "王小明 表示，")
    (article,) = page(spoken).articles
    assert not article.authors


def test_a_display_line_whose_next_paragraph_goes_on_from_the_text_above_is_a_section_head():
    text = ("发布会上的民生话题\n\n本报记者  王小明\n\n"
            "3月7日上午，记者会在某地举行，某某部部长张大山、某某局局长李小河介绍相关情况，"
            "并回答中外记者提问。\n\n"
            "把健康理念转化为行动\n\n"
            "张大山介绍，目前全市有学校一千多所，学生几十万人，各校都开齐了体育课，"
            "学生每天锻炼一小时。\n\n"
            "他说，下一步将继续改善学校的体育设施，让孩子们的体质更好。\n")
    (article,) = page(text).articles
    assert article.title == "发布会上的民生话题"
    paras = make_paragraphs(RawPage("p.txt", split_lines(text)))
    features = analyse(paras, wrapped=False, indent=False).features
    assert "refers_back" in features[3]


def test_a_speaker_the_text_above_never_named_does_not_tie_a_headline_to_it():
    paras = make_paragraphs(RawPage("p.txt", split_lines(
        "第一段写的是某地的春耕，农民们忙着播种，一派繁忙景象，今年的墒情很好。\n\n"
        "牧区建起冷库\n\n"
        "王小明介绍，合作社的冷库今年建成，羊肉可以直接运往外地的超市，收入更高了。\n")))
    assert "refers_back" not in analyse(paras, wrapped=False, indent=False).features[1]


EXTRA_PARAGRAPH = ("合作社的负责人说，今年的种子和化肥都已备齐，春播比往年提前了一周，"
                   "农民们的干劲很足，大家都盼着有个好收成。\n\n")


def test_a_speaker_line_under_a_head_is_its_own_unit_and_makes_the_line_above_a_headline():
    body = ("教育孕育未来，科技彰显实力，人才引领发展。目前，我国基础研究快速发展，"
            "整体研究实力显著增强。\n\n我心中的教育生态，是一片雨林，崇尚创新、包容多元。\n")
    # (the first story's paragraph is cut by a column break: a dump seen to cut paragraphs)
    text = ("春耕时节农事忙\n\n第一篇报道的正文写的是某地的春耕，农民们忙着播种，一派繁忙景象，今年的墒情很好，"
            "大家都\n\n有信心。农技人员也来到田间，指导农民科学施肥。\n\n" + EXTRA_PARAGRAPH +
            "相互滋养孕育创新生态\n某某科学院院士、某某大学校长  王一\n\n" + body)
    paras = make_paragraphs(RawPage("p.txt", split_lines(text)))
    assert "某某科学院院士、某某大学校长  王一" in [p.text for p in paras]
    first, second = page(text).articles
    assert second.title == "相互滋养孕育创新生态"


def test_more_space_above_a_vocabulary_break_makes_a_story_start_there_likelier():
    # a titled story's body, then a line that reads better as a headline printed after
    # the paragraphs above it than as one more paragraph: is there a second story?
    body = {"body": 5.0, "headline": -9.0, "crosshead": -9.0}
    emissions = [{"headline": 3.0, "body": -5.0}, body, body, body, body,
                 {"headline": 3.5, "body": -1.0}]
    directions = [""] * len(emissions)
    only_words = best_reading(emissions, directions, [0, 0, 0, 1, 0, 0])
    assert only_words.starts == (0,) and only_words.roles[5] == "body"
    with_space = best_reading(emissions, directions, [0, 0, 0, 2, 0, 0])
    assert with_space.starts == (0, 3) and with_space.roles[5] == "headline"


def test_a_byline_right_under_a_kicker_leaves_the_story_headed_by_its_kicker():
    # kicker, a line that may be a second kicker or the headline, byline, body; then a
    # story whose headline is printed after it: the headed story takes no trailing headline
    body = {"body": 5.0, "headline": -9.0, "kicker": -9.0, "crosshead": -9.0}
    emissions = [{"kicker": 7.0, "headline": 2.0, "body": -5.0},
                 {"kicker": 4.6, "headline": 4.4, "body": -5.0},
                 {"byline": 4.0, "headline": 3.8, "body": -5.0}, body, body, body, body,
                 {"headline": 8.0, "crosshead": 3.0, "body": -5.0}]
    reading = best_reading(emissions, [""] * 8, [0, 0, 0, 0, 0, 1, 0, 0])
    assert reading.roles[:3] == ("kicker", "headline", "byline")
    assert reading.starts == (0, 5)


def test_an_editor_s_note_signed_at_its_foot_is_a_story_without_a_headline():
    from site_builder.ingest.segment import TRANSITION
    body = {"body": 5.0, "headline": -9.0, "credit": -5.0}
    emissions = [body, body, {"credit": 5.0, "body": -3.0}]
    unsigned = best_reading(emissions, ["", "", ""], [0, 0, 0])
    signed = best_reading(emissions, ["", "", "signed"], [0, 0, 0])
    assert signed.roles == unsigned.roles == ("body", "body", "credit")
    # a story with no headline pays for it, unless an editor signed it
    assert signed.score - unsigned.score == -TRANSITION["untitled"]
    paras = make_paragraphs(RawPage("p.txt", split_lines(
        "第一段是编者的话，写了这组报道的缘起，讲了记者们一路的见闻和感受。\n\n——编  者\n")))
    assert analyse(paras, wrapped=False, indent=False).reading.score == \
        best_reading(list(analyse(paras, wrapped=False, indent=False).scores), ["", "signed"]).score


def test_a_lead_formula_alone_on_its_line_names_the_outlet_and_dateline():
    text = ("某地数字经济投资对接会举行\n\n中新网某地7月27日电（记者 王一）\n\n"
            "27日，某地数字经济投资对接会在某市举行，国内数字经济领域的企业家近300人齐聚一堂，"
            "共话数字经济发展。\n\n会上，100余户企业与当地签约，项目涉及数据中心、软件和智能制造。\n")
    (article,) = page(text).articles
    assert (article.source, article.dateline, article.authors) == (
        "中新网", "中新网某地7月27日电", ("王一",))


def test_a_short_quoted_sentence_of_speech_is_body_not_a_headline():
    # a speaker's whole sentence in quotes, its stop inside them: what someone said
    assert best_role("老支书笑着说：“路修好了，羊也肥了，日子有奔头了！”") == "body"
    # a headline quoting someone drops the stop
    assert best_role("某某：“把路修到牧民家门口”") == "headline"


def test_of_two_bylines_of_one_formula_under_a_body_the_upper_closes_the_story_above():
    text = ("草原合作社建起冷库\n\n牧区的春天来得晚，合作社的冷库却早早建好了，羊肉可以直接运往外地的超市。\n\n"
            "合作社负责人说，今年的收入会比去年更好一些，大家都很满意。\n\n"
            "本报记者  王小明\n本报记者  李大山\n\n"
            "高原上的第一场春雨落下了，农牧民开始春播，一派忙碌的景象。\n\n"
            "气象部门说，今年的雨水比往年多一些，墒情也更好一些。\n\n高原迎来春雨\n")
    first, second = page(text).articles
    assert first.authors == ("王小明",) and second.authors == ("李大山",)
    # a byline of two formulas (reporter, then correspondent) stays one story's
    one_story = text.replace("本报记者  李大山", "本报通讯员  李大山")
    assert {a.authors for a in page(one_story).articles} >= {("王小明", "李大山")}


@pytest.mark.parametrize("upper, lower", [
    ("王小明", "李大山"),                       # two lines of names only
    ("本报记者  王小明", "□本报记者 李大山"),  # a box mark is the byline's ornament
    ("本报记者  王小明", None),                # the lower story's writer glued to its text
    ("本报记者  王小明", ""),                  # ... with the formula too
])
def test_a_byline_over_another_story_byline_closes_the_story_above(upper, lower):
    second_top = (f"{lower}\n\n高原上的第一场春雨落下了，农牧民开始春播，一派忙碌的景象。" if lower
                  else "李大山 高原上的第一场春雨落下了，农牧民开始春播，一派忙碌的景象。"
                  if lower is None else "本报记者  李大山 高原上的第一场春雨落下了，农牧民开始春播。")
    text = ("草原合作社建起冷库\n\n牧区的春天来得晚，合作社的冷库却早早建好了，羊肉可以直接运往外地的超市。\n\n"
            f"合作社负责人说，今年的收入会比去年更好一些，大家都很满意。\n\n{upper}\n"
            f"{second_top}\n\n气象部门说，今年的雨水比往年多一些，墒情也更好一些。\n\n高原迎来春雨\n")
    first, second = page(text).articles
    assert first.authors == ("王小明",) and second.authors == ("李大山",)
    assert (first.title, second.title) == ("草原合作社建起冷库", "高原迎来春雨")


@pytest.mark.parametrize("names, authors", [
    ("王小明", ("王小明",)), ("王  明", ("王明",)), ("王小明  李大山", ("王小明", "李大山"))])
def test_a_line_of_surnamed_names_above_a_trailing_headline_is_a_credit_not_a_kicker(names, authors):
    text = ("牧区的春天来得晚，合作社的冷库却早早建好了，羊肉可以直接运往外地的超市。\n\n"
            "合作社负责人说，今年的收入会比去年更好一些，大家都很满意。\n\n"
            f"{names}\n草原合作社建起冷库（观察）\n")
    (story,) = page(text).articles
    assert story.kicker is None and story.title == "草原合作社建起冷库（观察）"
    assert story.authors == authors


@pytest.mark.parametrize("above, below, a_name", [
    ("合作社负责人说，大家都很满意。", "草原合作社建起冷库", True),   # under the last sentence
    ("——编  者", "高原上的第一场春雨落下了，农牧民开始春播，气象站的观测员一早就去了田里。", True),
    ("合作社负责人说，大家都很满意。", "第二段写公路修通以后，牧民出行方便了许多。", False),
    ("草原合作社建起冷库", "草原新路通车了", False),               # over a headline: a kicker
])
def test_one_name_like_word_is_a_name_under_a_story_or_a_credit_not_between_paragraphs(
        above, below, a_name):
    text = f"{above}\n\n路通了\n\n{below}\n"
    paras = make_paragraphs(RawPage("p.txt", split_lines(text)))
    assert ("surnamed_names" in analyse(paras, wrapped=False, indent=False).features[1]) is a_name


def test_a_headline_broken_inside_a_word_of_the_page_is_one_headline_not_a_kicker_over_one():
    body = ("临近春节，草原上的药材之乡热闹起来，合作社的药材一车车运往外地的市场，药材加工厂里也是一派忙碌的景象。\n\n"
            "合作社负责人说，今年的药材收成比去年更好一些，牧民们的收入也多了，明年还要再建一座新的药材加工厂。\n")
    (story,) = page("草原药\n材出山记\n本报记者  王小明\n\n" + body).articles
    assert (story.title, story.kicker) == ("草原药材出山记", None)
    # a kicker that ends where a word of the page does not begin stays a kicker
    (story,) = page("新春走基层\n草原药材出山记\n本报记者  王小明\n\n" + body).articles
    assert (story.title, story.kicker) == ("草原药材出山记", "新春走基层")


def test_a_summary_set_as_a_markdown_quotation_is_no_body_even_without_a_stop():
    text = ("# 草原合作社建起冷库\n\n本报记者 王小明\n\n"
            "> 建好一座冷库，带富一方牧民，合作社的路子越走越宽广，牧区的日子也越过越红火，牧民们的笑容越来越多\n\n"
            "牧区的春天来得晚，合作社的冷库却早早建好了，羊肉可以直接运往外地的超市，牧民的收入更稳定了。\n\n"
            "合作社负责人说，今年的收入会比去年更好一些，大家都很满意，明年还要再建一座冷库。\n")
    (story,) = page(text).articles
    assert story.body.startswith("牧区的春天来得晚") and "带富一方牧民" not in story.body


def test_a_long_exclamation_of_three_clauses_is_a_sentence_not_a_headline():
    assert best_role("祝福草原上的每一位牧民，日子越过越红火，来年再迎好收成！") == "body"
    assert best_role("草原新路通了，真好！") == "headline"


def test_a_head_printed_whole_after_its_body_keeps_its_byline():
    text = ("# 草原合作社建起冷库\n\n本报记者 王小明\n\n"
            "牧区的春天来得晚，合作社的冷库却早早建好了，羊肉可以直接运往外地的超市。\n\n"
            "合作社负责人说，今年的收入会比去年更好一些，大家都很满意。\n\n\n"
            "高原上的第一场春雨落下了，农牧民开始春播，气象站的观测员一早就去了田里。\n\n"
            "气象部门说，今年的雨水比往年多一些，墒情也更好一些，春播的进度比去年快。\n\n"
            "**高原迎来春雨**\n某某气象站站长  李大山\n")
    first, second = page(text).articles
    assert (first.title, second.title) == ("草原合作社建起冷库", "高原迎来春雨")
    assert second.authors == ("李大山",) and "春雨" not in first.body


def test_a_credit_glued_to_a_body_closes_that_story_and_its_short_first_paragraph_opens_it():
    # the second story's headline follows its body; its credit is glued to its last
    # sentence (so it cannot be the byline of anything below), and its first paragraph is
    # one short sentence where the vocabulary changes
    text = ("牧区合作社建起冷库\n本报记者 王小明\n\n"
            "牧区合作社的冷库早早建好了，合作社的羊肉可以直接运往外地的超市，牧民的收入比往年更稳定了。\n\n"
            "合作社负责人说，冷库建成以后，牧区的羊肉再也不愁卖，合作社今年还要在牧区再建一座新冷库。\n\n"
            "近日，记者从渔港管理处了解到，海边渔港迎来丰收。\n\n"
            "渔港的渔船陆续返航，码头上的渔民忙着卸下刚刚捕捞上岸的海鲜，整个渔港一派繁忙景象。\n\n"
            "渔港管理处介绍，今年出海的渔船都装上了新的导航设备，渔民出海捕捞比过去更加安全高效。"
            " 某某晚报记者 李大山\n\n"
            "渔港迎来丰收季\n")
    first, second = page(text).articles
    assert (first.title, first.authors) == ("牧区合作社建起冷库", ("王小明",))
    assert (second.title, second.authors) == ("渔港迎来丰收季", ("李大山",))
    assert second.body.startswith("近日，记者从渔港")


def _wrapped(*paragraphs: str, width: int = 14) -> str:
    """Paragraphs hard-wrapped at `width` characters, a blank line between them; a
    paragraph given as ("line", text) is one line as it is (a headline wider than the column)."""
    out = []
    for para in paragraphs:
        if isinstance(para, tuple):
            out.append(para[1])
            continue
        out.extend(para[k:k + width] for k in range(0, len(para), width))
        out.append("")
    return "\n".join(out) + "\n"


def test_a_story_printed_inside_another_s_column_leaves_that_column_whole():
    # story A's column stops mid-sentence, B (its headline wider than the column, right
    # under the cut line) is printed whole, then A's column goes on where it stopped
    a_head = ["草原上的合作社建起冷库", "本报记者 王小明", ""]
    a1 = "牧区合作社的冷库早早建好了，合作社的牛羊肉可以直接运往外地的大型超市，草原上的牧民们"  # 42: three full lines
    a2 = "说冷库让牧区的牛羊肉不再愁卖，合作社的牧民收入比往年更稳定了，牧民们很满意。"
    a3 = "合作社负责人介绍，牧区今年还要再建一座冷库，让更多牧民的牛羊肉走出草原，走上全国各地的餐桌。"
    b1 = "本报讯（记者 李大山）高新区一家芯片研发企业日前发布新一代传感器，性能指标达到国际先进水平。"
    b2 = "企业技术总监介绍，研发团队攻克了封装工艺难题，产品功耗降低一半，成本下降三成，良品率也明显提高。"
    b3 = "据悉，该传感器将率先用于智能汽车和工业机器人，首批订单已经排到明年春季，生产线正在扩建。"
    b4 = "高新区管委会表示，将设立专项基金，支持集成电路企业建设中试平台和检测中心，帮助企业缩短研发周期。"
    b5 = "近年来，高新区引进芯片设计、制造、封测企业四十余家，集成电路产业链日趋完整，产业集群初具规模。"
    b6 = "业内专家认为，国产传感器加快迭代，有望在自动驾驶等领域实现规模化应用，带动上下游企业共同发展。"
    a0 = "今年夏天，草原牧区的合作社忙着收购牧民的牛羊，合作社的冷库里堆满了刚刚收购的牛羊肉。"
    text = "\n".join(a_head) + "\n" + _wrapped(a0, a1).rstrip("\n") + "\n" + _wrapped(
        ("line", "国产新一代传感器发布　性能指标达到国际先进水平"), b1, b2, b3, b4, b5, b6, a2, a3)
    first, second = page(text).articles
    assert first.title == "草原上的合作社建起冷库"
    assert "牧民们说冷库" in first.body and "再建一座冷库" in first.body
    assert second.title.startswith("国产新一代传感器发布")
    assert "冷库" not in second.body and "自动驾驶" in second.body


def test_a_reporter_s_names_line_is_never_page_furniture():
    names = Para(text="本报记者  王小明", first=9, last=9)
    body = Para(text="正文" * 30, first=1, last=1)
    facts = evidence.page_facts([body] * 3 + [names], False, False)
    scores = evidence.scores(evidence.features(names, 3, facts))
    assert scores["furniture"] < min(scores["byline"], scores["credit"]) - 4


def test_a_photo_credit_split_off_a_caption_s_end_stays_with_the_caption():
    (tail,) = [p for p in split_trailers([Para(
        text="某某旗牧民在新建的家庭旅馆前迎接游客。 本报记者 王小明摄", first=5, last=6)]) if p.tail]
    facts = evidence.page_facts([tail], wrapped=False, indent=False)
    scores = evidence.scores(evidence.features(tail, 0, facts))
    assert scores["caption"] > scores["credit"]


def test_a_names_line_over_a_lead_that_names_its_own_reporters_closes_the_story_above():
    # headline, body, a line that may be a credit or the next story's byline, then a lead
    # opening with a reporter formula and names, body, that story's headline after it: a
    # story has one byline, so the line is the credit of the story above when the lead
    # names its reporters itself
    body = {"body": 5.0, "headline": -9.0, "credit": -5.0, "byline": -5.0}
    emissions = [{"headline": 6.0, "body": -5.0}, body,
                 {"byline": 6.0, "credit": 4.0, "body": -5.0},
                 {"lead": 6.0, "body": 3.0, "headline": -5.0}, body, {"headline": 6.0, "body": -5.0}]
    plain = best_reading(emissions, ["", "", "names", "", "", ""], [0] * 6)
    named = best_reading(emissions, ["", "", "names", "names", "", ""], [0] * 6)
    assert plain.roles[2:4] == ("byline", "lead") and plain.starts == (0, 2)
    assert named.roles[2:4] == ("credit", "lead") and named.starts == (0, 3)


def test_an_editor_s_note_under_a_photo_after_another_story_is_a_story_of_its_own():
    text = ("草原合作社建起冷库\n\n"
            "牧区的春天来得晚，合作社的冷库却早早建好了，牧民们宰杀的羊肉可以直接储存起来，"
            "再用冷藏车运往外地的超市和饭店，价格比往年卖活羊时高出不少。\n\n"
            "合作社负责人说，冷库建成以后，羊肉的收购价格比去年高了一些，入社的牧户越来越多，"
            "今年还打算再添两台冷藏车，把草原上的牛羊肉卖得更远。\n\n"
            "3月8日，海边的渔港里停满了渔船，渔民们正在修补渔网。\n\n本报记者  王小明摄\n\n"
            "春潮涌动，万象更新。沿海各地的渔港陆续开海，一艘艘渔船驶向深蓝，"
            "码头上的渔民、船老大和海鲜商贩忙个不停，海风里满是咸鲜的味道。\n\n"
            "本版推出一组报道，走进几座渔港码头，听渔民讲述出海捕捞的新变化，"
            "看海洋渔业怎样走向绿色发展，敬请关注。\n\n——编  者\n\n"
            "渔港迎来开海季\n\n"
            "清晨的渔港热闹起来，满载的渔船陆续靠岸，鱼虾蟹贝在码头上堆成了小山，"
            "海鲜商贩们围着渔船挑选刚捕上来的鲳鱼和梭子蟹。\n\n"
            "渔民们说，今年的渔获比去年多，海鲜价格也好，渔船都换上了北斗导航，出海更放心了。\n")
    stories = page(text).articles
    assert len(stories) == 3
    assert (stories[0].title, stories[2].title) == ("草原合作社建起冷库", "渔港迎来开海季")
    assert stories[1].body.startswith("春潮涌动") and stories[0].body.endswith("把草原上的牛羊肉卖得更远。")


def test_an_editor_s_note_under_a_story_s_byline_introduces_that_story():
    # byline, the note, its sign-off, then the story's text and its headline after it
    body = {"body": 5.0, "headline": -9.0, "credit": -5.0, "byline": -5.0}
    emissions = [{"byline": 6.0, "body": -5.0}, body, {"credit": 6.0, "body": -5.0},
                 body, body, {"headline": 6.0, "body": -5.0}]
    reading = best_reading(emissions, ["names", "", "signed", "", "", ""], [0] * 6)
    assert reading.starts == (0,) and reading.roles[2] == "credit"
    # with no head above it, a signed note is a story of its own
    untitled = best_reading(emissions[1:], ["", "signed", "", "", ""], [0] * 5)
    assert untitled.starts == (0, 2)


def test_a_page_label_under_the_header_stays_furniture_over_a_story_whose_head_is_below():
    text = ("2026年3月10日　第09版\n要闻\n\n\n"
            "本报记者 王小明 牧区的春天来得晚，合作社的冷库却早早建好了，牧民宰杀的羊肉可以直接储存起来。\n\n"
            "合作社负责人说，冷库建成以后，羊肉的收购价格比去年高了一些，入社的牧户越来越多。\n\n"
            "某某旗——\n草原合作社建起冷库\n\n"
            "我在调研中发现，草原上的冷链物流还不够完善，运往外地的路上损耗不小，需要补上这块短板。\n\n"
            "——李大山委员（某某大学教授）\n\n（本报记者王小明整理）\n\n“他”说\n\n"
            "某某代表团——\n牧区新路通车了\n\n"
            "本报记者 张三 “路修好了，羊也肥了！”开放日上，代表们说起家乡的新路，个个喜笑颜开。\n\n"
            "新修的公路通到了牧民家门口，牧民们赶着羊群走过新路，心里都很踏实。\n")
    first = page(text).articles[0]
    assert (first.kicker, first.title) == ("某某旗——", "草原合作社建起冷库")


def test_statements_signed_by_their_speakers_after_a_report_are_a_column_of_their_own():
    # a report under its head and byline, then a column of statements each signed by a
    # deputy, closed by its credit and its headline printed after it, then another story
    text = ("某某代表团——\n草原合作社建起冷库\n本报记者  王小明\n\n"
            "牧区的春天来得晚，合作社的冷库却早早建好了，牧民宰杀的羊肉可以直接储存起来，"
            "再用冷藏车运往外地的超市和饭店，价格比往年卖活羊时高出不少。\n\n"
            "合作社负责人说，冷库建成以后，羊肉的收购价格比去年高了一些，入社的牧户越来越多，"
            "今年还打算再添两台冷藏车，把草原上的牛羊肉卖得更远。\n\n"
            "我在调研中发现，乡村学校的图书还不够多，孩子们课外能读的书很少，"
            "建议出版单位和公益组织为乡村学校送去更多适合孩子阅读的图书。\n\n"
            "——李大山代表（某某县中学教师）\n\n"
            "社区医院的全科医生还不够，老人看病常常要跑很远的路，建议医学院校定向培养全科医生，"
            "让社区医院留得住人、看得好病。\n\n"
            "——张小红委员（某某医院院长）\n\n"
            "城里的公交线路越来越多，可郊区的公交车班次还很少，建议增开郊区公交线路，方便上班族出行。\n\n"
            "——刘小兰代表（某某公交公司驾驶员）\n\n（本报记者赵一、钱二整理）\n\n“她们”说\n\n"
            "渔港迎来开海季\n本报记者  孙三\n\n"
            "清晨的渔港热闹起来，满载的渔船陆续靠岸，鱼虾蟹贝在码头上堆成了小山。\n\n"
            "渔民们说，今年的渔获比去年多，海鲜价格也好，渔船都换上了北斗导航。\n")
    report, column, harbour = page(text).articles
    assert report.body.endswith("把草原上的牛羊肉卖得更远。") and report.authors == ("王小明",)
    assert column.title == "“她们”说" and column.body.startswith("我在调研中发现")
    assert harbour.title == "渔港迎来开海季" and harbour.kicker is None


def test_a_line_over_a_dateline_heads_a_new_story_even_where_the_story_above_broke_off():
    # a wrapped page: the first story's column stops mid-sentence, and the line under the
    # break, over a wire dateline, is the next story's headline, not a section head
    body = ("草原上的公路修到了牧民的家门口，大家出\n行方便多了，孩子们上学也不用再走远路了\n"
            "，日子越过越好，牧民们都很高兴地说起新\n路带来的变化。\n")
    text = ("草原牧区的新路\n本报记者 王小明\n" + body * 3 +
            "如今，牧区的公路已经通到了每一户牧民的\n家门口，城里来的游客也一年比一年多，牧\n\n"
            "某地新建一座风电场并网发电\n"
            "新华社某地4月9日电（记者 李四）4月9日\n，某地一座新建的风电场全部机组并网发电\n"
            "，每年可向电网输送清洁电能十余亿千瓦时\n。\n"
            "这座风电场共安装风电机组五十台，是当地\n今年投产的第三座风电场。\n")
    titles = [a.title for a in page(text).articles]
    assert titles == ["草原牧区的新路", "某地新建一座风电场并网发电"]


def test_a_page_whose_headlines_share_their_words_with_the_text_above_is_read_as_heads_after_bodies():
    # byline, body, then the headline: each headline's own words are those of the text
    # above it, so the page prints its headlines after their bodies (and the package's
    # title over them all heads no story of its own)
    stories = [
        ("王小明", "牧区公路通到家门口",
         [ROAD, TOURISTS]),
        ("李四", "风电场点亮戈壁",
         [WIND,
          "风电场的工人说，戈壁风大，风电场每年能发十几亿度电，点亮了戈壁两边的千家万户。"]),
        ("赵五", "小镇奶茶香飘满街",
         ["清晨的小镇上，奶茶店早早开了门，奶茶的香味飘满了整条街道，吸引了不少从外地赶来的游客。",
          "小镇的奶茶用的是当地的鲜奶，游客们说，来小镇就是为了喝上一碗当地地道的奶茶。"]),
    ]
    text = "草原新事\n\n" + "".join(
        f"本报记者 {who}\n\n" + "\n\n".join(body) + f"\n\n{title}\n\n" for who, title, body in stories)
    articles = page(text).articles
    assert [(a.title, a.authors) for a in articles] == [(t, (w,)) for w, t, _ in stories]
    explained = explain_page(RawPage("p.txt", split_lines(text)), PAPER).splitlines()[0]
    assert "read as a page of trailing headlines (3 heads share their own words" in explained


def test_heads_point_up_counts_heads_after_their_bodies_unless_one_heads_the_text_below():
    tea = "清晨的小镇上，奶茶店早早开了门，奶茶的香味飘满了整条街道，吸引了不少从外地赶来的游客。"

    def count(*texts):
        paras = [Para(text=t, first=n, last=n) for n, t in enumerate(texts, 1)]
        scores = [{"headline": 1.0, "body": 0.0} if len(t) < 20 else {"headline": 0.0, "body": 1.0}
                  for t in texts]
        return heads_point_up(paras, scores)

    assert count(ROAD, "牧区公路通到家门口", WIND, "风电场点亮戈壁", tea) == 2
    # the second head's words are those of the text below it: the page mixes the two
    assert count(ROAD, "牧区公路通到家门口", "小镇奶茶飘满街", tea, WIND) == 0


def test_a_photo_credit_over_the_next_story_is_not_its_kicker():
    # (a wrapped page of indented paragraphs: the credit is set flush and short, as a
    # kicker is, yet it is a photo's)
    text = ("草原上的新风景\n本报记者 王小明\n"
            "\u3000\u3000" + ROAD + "\n"
            "\u3000\u3000" + TOURISTS + "\n"
            "\u3000\u3000为了修好这条路，旗里的干部跑了几十趟，牧民们也纷纷出工出力，大家心往一处想。\n"
            "3月9日，某某旗的牧民在新修的公路上赶着羊群转场。\n"
            "本报记者  李四摄\n"
            "风电场点亮戈壁\n本报记者 赵五\n"
            "\u3000\u3000" + WIND + "\n"
            "\u3000\u3000风电场的工人说，戈壁风大，风电场每年能发十几亿度电，点亮了戈壁两边的千家万户。\n")
    second = page(text).articles[-1]
    assert (second.title, second.kicker) == ("风电场点亮戈壁", None)


def test_a_names_line_after_a_story_whose_meta_line_names_nobody_is_its_credit():
    # e-paper copies: the first story's meta line has no author field, so the reporters
    # named after its body are its own, not a kicker over the next story
    text = ("牧区公路通到家门口\n来源：某某日报　日期：2026-03-11\n\n"
            + ROAD + "\n\n"
            + TOURISTS + "\n\n"
            "某某新闻记者 王小明 李四\n\n"
            "风电场点亮戈壁\n作者：赵五　来源：某某日报　日期：2026-03-11\n\n"
            + WIND + "\n")
    first, second = page(text).articles
    assert first.authors == ("王小明", "李四")
    assert (second.title, second.kicker, second.authors) == ("风电场点亮戈壁", None, ("赵五",))


def test_the_name_under_a_web_copy_s_time_stamp_is_its_byline():
    text = ("牧区公路通到家门口\n2026年03月08日 09:05　某某财经\n王小明\n\n"
            + ROAD + "\n\n"
            + TOURISTS + "\n")
    (article,) = page(text).articles
    assert (article.title, article.authors) == ("牧区公路通到家门口", ("王小明",))


def test_an_interview_s_questions_and_answers_and_a_boxed_section_head_are_one_story():
    text = ("草原上的新风景\n\n本报记者 王小明\n\n"
            + ROAD + "\n\n"
            "■ 坚持以人为本\n\n"
            + WIND + "\n\n"
            "问：今年牧区公路建设的重点是什么？\n\n"
            "答：今年要做好三件事，一是修路，二是护路，三是用好路。\n\n"
            "记者：牧民们怎么看？\n\n"
            "答：牧民们都说好，路修到了心坎上。\n")
    (article,) = page(text).articles
    assert article.authors == ("王小明",)
    assert article.body.rstrip().endswith("答：牧民们都说好，路修到了心坎上。")
    assert credits.byline("□某某市市长 王一代表").names == ("王一",)



def test_a_header_with_a_dotted_date_and_a_lettered_page_dates_the_page():
    text = ("某某晚报\n2026.05.12 星期二\n第A04版 城事\n\n牧区公路通到家门口\n\n本报记者 王小明\n\n"
            + ROAD + "\n")
    (article,) = page(text).articles
    assert (article.title, article.date) == ("牧区公路通到家门口", "2026-05-12")
    assert (article.edition.page, article.edition.name) == (4, "城事")


def test_a_web_copy_with_its_chrome_reads_as_one_story_dated_by_its_meta_line():
    text = ("当前位置：首页 > 新闻 > 国内\n牧区公路通到家门口\n"
            "来源：某某日报 作者：王小明 发布时间：2026-03-05 10:20\n【字体：大 中 小】\n"
            "本报讯（记者 王小明 通讯员 李四）3月5日，记者从某某旗交通运输局获悉，今年全旗新修牧区公路三百公里。\n"
            "“以前去镇上要走大半天，现在开车半小时就到了。”牧民们说。\n"
            "（责编：赵五、钱六）\n上一篇：某某旗举办那达慕大会\n版权所有 © 某某日报社\n")
    (article,) = page(text).articles
    assert (article.title, article.authors, article.date) == ("牧区公路通到家门口", ("王小明", "李四"),
                                                             "2026-03-05")
    assert article.body.rstrip().endswith("牧民们说。")


def test_continuations_to_lettered_pages_and_credits_that_name_the_outlet():
    text = ("牧区公路通到家门口\n\n"
            + ROAD + "\n\n"
            + TOURISTS + "\n\n"
            "（据新华社）\n\n（下转A04版）\n")
    (article,) = page(text).articles
    assert article.source == "新华社" and article.body.rstrip().endswith("越过越好。")
    assert credits.trailer("（综合新华社、某某网）").outlet == "新华社"
