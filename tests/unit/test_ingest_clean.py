import pytest

from site_builder.ingest.clean import (Para, collapse_ocr_spaces, collapse_spaced_heading,
                                       furniture_reason, join_lines, make_paragraphs,
                                       merge_column_breaks)
from site_builder.ingest.read import split_lines
from site_builder.models import RawPage


def page(text: str) -> RawPage:
    return RawPage("t.txt", split_lines(text))


def test_join_lines_cjk_latin_numbers():
    assert join_lines("草原上的", "风很大") == "草原上的风很大"
    assert join_lines("the green", "grass") == "the green grass"
    assert join_lines("增长 3.5", "亿元") == "增长 3.5亿元"
    assert join_lines("202", "4年") == "2024年"


def test_ocr_spaces_collapsed_only_on_spaced_lines():
    assert collapse_ocr_spaces("见 证 者 ，我 们 深 感") == "见证者，我们深感"
    assert collapse_ocr_spaces("（王小明 李四）上午") == "（王小明 李四）上午"
    assert collapse_ocr_spaces("收入 500 万元") == "收入 500 万元"


def test_spaced_heading():
    assert collapse_spaced_heading("草 原 新 风 景") == "草原新风景"
    assert collapse_spaced_heading("开放合作 共赢发展") == "开放合作 共赢发展"


def test_furniture_kinds():
    assert furniture_reason("■上接第2版") == "continuation marker"
    assert furniture_reason("（下转第4版）") == "continuation marker"
    assert furniture_reason("读者服务热线：010-12345678") == "footer"
    assert furniture_reason("扫码观看视频") == "QR prompt"
    assert furniture_reason("本报记者 张三 摄") == "photo credit"
    assert furniture_reason("PROTECT THE GRASSLAND") == "Latin slogan"
    assert furniture_reason("草原上的牧民正在转场。") is None
    # a web page's buttons and follow prompts, a duty editor, a web copy's editor
    for chrome in ("我要评论", "打开APP阅读全文", "点赞", "视频加载中..."):
        assert furniture_reason(chrome) == "web chrome"
    assert furniture_reason("欢迎关注某某日报微信公众号") == "QR prompt"
    assert furniture_reason("关注某某公众号的牧民越来越多，大家都说好。") is None
    assert furniture_reason("值班主任：王小明") == furniture_reason("（编辑 王小明）") == "footer"
    assert furniture_reason("小字号") == "web chrome"
    # a headline or a sentence about a hotline or a QR code is no furniture; the prompt is
    for words in ("12345热线架起政府与群众连心桥", "小小二维码撬动基层大治理", "扫码点餐成为餐饮新风尚"):
        assert furniture_reason(words) is None
    assert furniture_reason("新闻热线：0471-1234567") == "footer"
    assert furniture_reason("扫描二维码，关注某某日报") == furniture_reason("请扫二维码") == "QR prompt"
    assert furniture_reason("市民可下载某某客户端预约挂号。") is None
    assert furniture_reason("下载某某客户端") == "QR prompt"
    # a sentence that opens with a date, a weekday or a time is body; the header line is not
    assert furniture_reason("2026年3月5日 14:00，某某会议在某地召开。") is None
    assert furniture_reason("2026年3月5日星期四，牧区下了一场大雪。") is None
    assert furniture_reason("2026年3月5日 星期四") == "page header"
    assert furniture_reason("来源：某某网 | 2026/03/05 08:30") == "web meta line"
    # a bracketed label whose sentence names 本版 is no page header (`【编者按】…本版…`)
    assert furniture_reason("【编者按】今年是牧区公路建设的第十年，本版今起推出系列报道。") is None
    assert furniture_reason("【要闻】第3版") == "page header"
    assert furniture_reason("本版责编：王一") == "footer"
    assert furniture_reason("校对：李二") == "footer"
    assert furniture_reason("2026年5月1日 星期五") == "page header"
    assert furniture_reason("（图片由某某旗委宣传部提供）") == "photo credit"
    assert furniture_reason("2026年5月1日，牧民们开始转场。") is None
    assert furniture_reason("新用户注册送好礼，更有现金红包等你拿>>") == "web promotion"


# three lines of a paragraph wrapped at 14 columns, then a blank line
WRAPPED_BODY = "牧区的春天来得晚，合作社的冷\n库却早早建好了，羊肉可以直接\n运往外地的超市，销路很好。\n\n"

WRAPPED = """\
■上接第3版 牧民们赶着羊群走过
新修的公路，沿途的草场已经返
青，合作社的负责人说今年的收入
会比去年更好一些。

今年春天，旗里新建了两座冷
库，合作社的羊肉可以直接运往
外地的超市，这让大家的心里更

踏实了。

草原深处的新变化
"""


def test_unwrap_and_column_break():
    paras = make_paragraphs(page(WRAPPED))
    assert paras[0].furniture == "continuation marker"
    assert paras[1].text.startswith("牧民们赶着羊群走过新修的公路")
    assert paras[1].first == 1 and paras[1].last == 4
    # the paragraph cut by a column break (a blank line mid-sentence) is rejoined
    assert paras[2].text.endswith("这让大家的心里更踏实了。") and paras[2].last == 10
    assert paras[-1].text == "草原深处的新变化" and paras[-1].display


def test_markdown_levels_and_gaps():
    paras = make_paragraphs(page("### 栏目·标签\n\n# 大标题\n\n\n\n图片说明文字。\n"))
    assert [p.level for p in paras] == [3, 1, 0]
    assert paras[2].gap == 3


def test_a_paragraph_cut_by_a_column_break_goes_on_in_a_clause_ending_in_a_dash():
    from site_builder.ingest.clean import Para, merge_column_breaks
    cut = Para("为破解工科人才培养与产业脱", 1, 1, cut=True)
    going_on = Para("节的痛点，学校打出一套改革“组合拳”——", 3, 4, gap=1)
    (joined,) = merge_column_breaks([cut, going_on])
    assert joined.text == "为破解工科人才培养与产业脱节的痛点，学校打出一套改革“组合拳”——"
    # a dash line with no clause in it is a kicker after the break, not the sentence
    kicker = Para("聚焦全国两会——", 3, 3, gap=1)
    assert [p.text for p in merge_column_breaks([cut, kicker])] == [cut.text, kicker.text]
    # a bracketed label (`【人物】…`) opens a unit of its own
    label = Para("【人物】某某某", 3, 3, gap=1)
    assert [p.text for p in merge_column_breaks([cut, label])] == [cut.text, label.text]
    # a Markdown bold line is display text (a headline printed after its body)
    bold = Para("草原新路通车了", 3, 3, gap=1, emphasis=True)
    assert [p.text for p in merge_column_breaks([cut, bold])] == [cut.text, bold.text]


def test_a_wrapped_trailer_is_a_paragraph_of_its_own_and_closes_where_it_closes():
    # an indented page: the trailer and the headline after it are printed flush left,
    # the trailer opens after a full line that ends a sentence and wraps at the margin
    text = ("　　草原上的游客比往年多了不少，牧民们\n"
            "开起了家庭旅馆，日子越过越红火，大家\n"
            "都说这是看得见的变化，是实在的好处。\n"
            "（摘编自《某某晚报》，原题为《草原上\n"
            "的新风景》）\n"
            "草原深处的新变化（观察）\n"
            "　　另一篇文章的第一段写在这里，它从\n"
            "这一行继续，一直写到句子结束为止。\n"
            "　　第二段也从缩进开始，写到这一行，\n"
            "然后在下一行结束，就是这样写完。\n")
    paras = make_paragraphs(page(text))
    assert [p.text for p in paras][1:3] == ["（摘编自《某某晚报》，原题为《草原上的新风景》）",
                                            "草原深处的新变化（观察）"]


def test_on_an_indented_page_an_indented_paragraph_continues_no_cut_line():
    from site_builder.ingest.clean import Para, merge_column_breaks
    # a headline that fills a narrow column looks cut; the paragraph after it is indented
    headline = Para("从课堂走向田野", 1, 1, cut=True)
    body = Para("新学期开始以来，学生们走出教室。", 2, 3, indent=True)
    assert len(merge_column_breaks([headline, body], indented_page=True)) == 2
    # a blank-line page: a paragraph cut by the column break goes on after it
    assert len(merge_column_breaks([headline, Para("的课程多了起来。", 3, 3, gap=1)])) == 1


def test_a_byline_glued_to_the_body_starts_its_paragraph_after_a_headline():
    text = ("草原深处的新变化，牧民的新生活\n"
            "本报记者 王 一 草原深处的牧民们开\n"
            "始转场，新修的公路通到了家门口，大\n"
            "家的日子越过越红火，人人都说好。\n"
            "牧民们赶着羊群走过新修的公路，心\n"
            "里都很踏实，这是实实在在的变化。\n")
    paras = make_paragraphs(page(text))
    assert paras[0].text == "草原深处的新变化，牧民的新生活"
    assert paras[1].text.startswith("本报记者 王 一 草原深处")


def test_a_dump_that_cuts_no_paragraph_keeps_a_headline_with_a_comma_whole():
    text = ("第一段说的是新公路，牧民们出行更方便了。\n\n"
            "一体发展，努力“对齐节奏”\n\n第二篇的第一段写的是另一件事。\n")
    assert [p.text for p in make_paragraphs(page(text))] == [
        "第一段说的是新公路，牧民们出行更方便了。", "一体发展，努力“对齐节奏”", "第二篇的第一段写的是另一件事。"]


def test_a_headline_ending_in_a_long_column_label_is_its_own_line_under_a_kicker():
    text = ("草原全面深化改革，高标准建设新牧区\n"
            "打造新时代牧区发展的重要门户（开局起步·专题新闻发布）\n\n"
            "第一段说的是新公路，牧民们出行更方便了。\n\n第二段也很短。\n\n第三段同样很短。\n")
    assert [p.text for p in make_paragraphs(page(text))][:2] == [
        "草原全面深化改革，高标准建设新牧区", "打造新时代牧区发展的重要门户（开局起步·专题新闻发布）"]


def test_a_headline_broken_inside_its_quotation_marks_is_one_display_line():
    text = ("上一篇的最后一段也写到了这里，写得\n"
            "很满，到这里结束。\n\n"
            "草原牧区叫响“这么近，\n"
            "那么美，周末来草原”\n"
            "新学期开始以来，牧区的学生们走出教\n"
            "室来到田野，新修的公路通到了家门口\n"
            "，大家的日子越过越红火。\n\n"
            "第二段也写得很满，写到这一行的末尾\n"
            "才结束，人人都说好。\n")
    paras = make_paragraphs(page(text))
    assert paras[1].text == "草原牧区叫响“这么近，那么美，周末来草原”"
    assert paras[1].display
    assert paras[2].text.startswith("新学期开始以来")
    # a line that closes no quotation mark is not taken for the headline's second line
    body = text.replace("那么美，周末来草原”", "那么美，周末来草原，大家都说好")
    assert not any(p.text == "草原牧区叫响“这么近，" for p in make_paragraphs(page(body)))


def test_a_one_line_a_paragraph_dump_keeps_a_headline_apart_from_the_writer_s_name():
    # the captions end in their credits, not mid-sentence: the dump cuts no paragraph
    text = ("（快评）\n草原发展，努力“对齐步调”\n王小明\n\n"
            "在草原深处的牧区，新修的公路通到了家门口，大家的日子越过越红火，人人都说好。\n\n"
            "3月8日，牧区的合作社在新建的冷库前召开了年度大会，牧民们踊跃发言。　　本报记者  李大山摄\n")
    texts = [p.text for p in make_paragraphs(page(text))]
    assert texts[:3] == ["（快评）", "草原发展，努力“对齐步调”", "王小明"]


def test_a_byline_of_letter_spaced_names_keeps_the_spaces_between_names():
    assert collapse_ocr_spaces("本报记者  王小明  李  大  张  三") == "本报记者  王小明  李  大  张  三"
    assert collapse_ocr_spaces("作者：王小明  李  大  张  三　来源：某某日报") == \
        "作者：王小明  李  大  张  三　来源：某某日报"
    assert collapse_ocr_spaces("亲 历 者 ，我 们") == "亲历者，我们"


def test_a_byline_that_fills_a_narrow_column_ends_its_unit():
    text = ("草原新景象\n"
            "□本报记者 王小明\n"
            "走进草原深处的牧\n"
            "区，新修的公路通\n"
            "到了家门口，大家\n"
            "都说日子好过了。\n\n"
            "牧民们赶着羊群走\n"
            "过新修的公路，心\n"
            "里都很踏实。\n")
    texts = [p.text for p in make_paragraphs(page(text))]
    assert texts[:3] == ["草原新景象", "□本报记者 王小明", "走进草原深处的牧区，新修的公路通到了家门口，大家都说日子好过了。"]
    # a lone character after the names is the body's first word run on: one paragraph
    glued = text.replace("□本报记者 王小明\n走进草原深处的牧\n区，", "本报记者 王小明 走\n进草原深处的牧区，\n")
    assert [p.text for p in make_paragraphs(page(glued))][1].startswith("本报记者 王小明 走进草原")


def test_a_letter_spaced_byline_glued_to_the_body_at_the_column_edge_runs_on():
    # the names end inside the line; the word after them goes on on the next line
    text = ("草原新景象\n\n"
            "本报记者 王 明 春天\n"
            "的草原上，新修的公\n"
            "路通到了家门口。\n\n"
            "牧民们赶着羊群走过\n"
            "新修的公路，心里都\n"
            "很踏实。\n")
    texts = [p.text for p in make_paragraphs(page(text))]
    assert texts[1] == "本报记者 王 明 春天的草原上，新修的公路通到了家门口。"
    # set apart from the body, the same line is a byline of its own
    apart = text.replace("春天\n的草原上，", "\n\n春天的草原上，")
    assert [p.text for p in make_paragraphs(page(apart))][1] == "本报记者 王 明"
    # a surnamed name after the names is one more writer, whatever the next line holds
    named = text.replace("本报记者 王 明 春天\n的草原上，", "本报记者 王 明 李强\n草原上，")
    assert [p.text for p in make_paragraphs(page(named))][1] == "本报记者 王 明 李强"


def test_a_label_set_apart_in_parentheses_continues_no_cut_paragraph():
    # a two-line headline under a delegation's kicker stops with no stop; the column's
    # label set apart under it, in parentheses, heads the next story
    kicker = Para(text="某某代表团——", first=1, last=1, gap=1, display=True)
    head = Para(text="让牧区的公路通到每一户牧民的家门口", first=2, last=3, gap=0, cut=True, n_lines=2)
    label = Para(text="（牧区快评）", first=5, last=5, gap=1, display=True)
    assert [p.text for p in merge_column_breaks([kicker, head, label])] == [kicker.text, head.text,
                                                                               label.text]
    assert len(merge_column_breaks([head, label])) == 2  # (with no kicker above too)
    # a paragraph that a column break cut goes on in the next column
    body = Para(text="牧民们说，公路修好以后，来的人一年比一年多了，", first=1, last=2, gap=1, cut=True, n_lines=2)
    rest = Para(text="（据介绍）草原上的家庭旅馆也多了起来。", first=4, last=4, gap=1)
    assert len(merge_column_breaks([body, rest])) == 1


def test_a_full_line_right_above_a_speaker_line_is_a_headline_not_a_cut_paragraph():
    # a line that fills the column and stops with no stop, then a speaker line: the
    # headline of what the speaker says, not a paragraph a column break cut
    head = Para(text="让好草场变成好日子、好光景的新路子", first=8, last=8, gap=1, cut=True)
    speaker = Para(text="某某省某某市农牧业科学研究院院长  王小明委员", first=10, last=10, gap=1)
    merged = merge_column_breaks([head, speaker])
    assert [p.text for p in merged] == [head.text, speaker.text]
    assert merged[0].display and not merged[0].cut
    # a cut line goes on into the next paragraph of text
    text = Para(text="合作社的冷库早早建好了。", first=10, last=10, gap=1)
    assert [p.text for p in merge_column_breaks([head, text])] == [head.text + text.text]


def test_a_full_width_line_above_a_glued_byline_is_a_headline_not_a_cut_paragraph():
    text = ("上一篇的最后一段也写到了这里，写\n得很满。\n\n"
            "草原叫响“这么近，那么美，来草原”\n"
            "本报记者 王小明 李大山 牧区的公路\n"
            "通到了家门口，大家的日子越过越红火\n"
            "，人人都说好。\n")
    paras = make_paragraphs(page(text))
    assert paras[1].text == "草原叫响“这么近，那么美，来草原”" and paras[1].display
    assert paras[2].text.startswith("本报记者 王小明 李大山 牧区的公路")


def test_a_first_line_wider_than_the_column_above_a_wrapped_paragraph_is_a_headline():
    text = ("上一篇的最后一段写到了这里，写得很满满\n"
            "的，到这里还没有结束，大家的日子越过越\n"
            "红火，牧民们赶着羊群走过新修的公路，心\n"
            "里都很踏实，这是实实在在的变化。\n\n"
            "草原牧区新公路通车已近两月，各方最新进展来了\n"
            "自今年三月通车至今已近两月，牧民们出行\n"
            "方便多了，大家都很高兴。\n")
    paras = make_paragraphs(page(text))
    assert paras[1].text == "草原牧区新公路通车已近两月，各方最新进展来了" and paras[1].display
    asks = text.replace("各方最新进展来了", "各方最新进展如何？")
    assert make_paragraphs(page(asks))[1].text == "草原牧区新公路通车已近两月，各方最新进展如何？"
    # a first line that stops on a comma is the paragraph's own
    comma = text.replace("各方最新进展来了\n", "各方最新进展是，\n")
    assert make_paragraphs(page(comma))[1].text.startswith("草原牧区新公路通车已近两月，各方最新进展是，自今年")


def test_a_kicker_and_a_headline_set_over_the_columns_do_not_widen_the_column():
    # (an indented page: of the two flush lines between the blank and the byline, one fills
    # the column and one is set much wider; far apart in width, they are display lines, not
    # a paragraph wrapped at the wider width)
    body = ("　　草原上的公路修到了牧民的家门口，大家出行方\n"
            "便多了，孩子们上学也不用再走远路了，牧民们都\n"
            "说这是实实在在的好事情，日子越过越好，大家的\n"
            "心里都很踏实，路通了以后，城里的游客也来了，\n"
            "牧民家的奶茶和手抓肉成了远近闻名的招牌菜。\n\n")
    kicker = "牧区公路建设全面提速，四季通行都有了保障啦"
    headline = "新修公路串起了草原深处的一座座牧户与远方的城镇（民生观察·一线见闻）"
    text = body * 3 + kicker + "\n" + headline + "\n本报记者  王小明  李大山\n" + body * 3
    paras = make_paragraphs(page(text))
    assert [p.text for p in paras[3:6]] == [kicker, headline, "本报记者  王小明  李大山"]
    assert paras[3].display and paras[4].display


def test_a_boxed_writer_s_name_is_its_own_line_between_headline_and_body():
    body = ("　　草原上的公路修到了牧民的家门口，大家出行方\n"
            "便多了，孩子们上学也不用再走远路了，牧民们都\n"
            "说这是实实在在的好事情，日子越过越好。\n\n")
    body = body.replace("　　", "")  # (a page whose paragraphs start flush)
    text = body * 2 + "牧区的路，幸福的路\n□王 小 明\n" + body
    paras = make_paragraphs(page(text))
    assert [p.text for p in paras[2:4]] == ["牧区的路，幸福的路", "□王 小 明"]
    assert paras[4].text.startswith("草原上的公路")


def test_a_headline_over_a_paragraph_set_at_a_narrower_column_of_its_own():
    other = ("　　草原上的公路修到了牧民的家门口，大家出行方\n"
             "便多了，孩子们上学也不用再走远路了，牧民们都\n"
             "说这是实实在在的好事情，日子越过越好。\n\n")
    narrow = ("牧区新公路通车已有两个\n月，牧民出行方便了，孩\n子们上学也不再走远路。\n")
    headline = "牧区公路通车已近两月，成效如何？各方进展来了"
    paras = make_paragraphs(page(other * 3 + headline + "\n" + narrow))
    assert paras[3].text == headline and paras[3].display
    # a caption set wide opens as a sentence does
    caption = "5月1日，牧民们走在新修的公路上，远处是城镇"
    paras = make_paragraphs(page(other * 3 + caption + "\n" + narrow))
    assert paras[3].text.startswith(caption + "牧区新公路")


def test_a_story_s_header_run_takes_the_width_of_the_story_under_it():
    # the page's usual column is narrow; one story is set much wider, and its header
    # lines run straight into its first paragraph: that line is the paragraph's, not a
    # headline spanning columns
    narrow = ("草原上的公路修到了牧民\n的家门口，大家出行方便\n多了，孩子们上学也不用\n"
              "再走远路了，日子越过越\n好，牧民们都很高兴。\n\n")
    wide = ("“路修好了，羊也好卖了。”老牧民一边赶着羊群，一\n"
            "边笑着说。如今，牧区的公路通到了每一户牧民的门口，\n"
            "城里的游客也多了起来，牧民们的日子越过越红火。\n\n")
    text = (narrow * 6 + "某某旗某某嘎查——\n一条路，暖心！\n□本报记者 王小明\n"
            "寒冷的清晨，某某旗某某嘎查的牧民们早早起了床，赶\n着羊群走上新路。\n\n"
            + wide * 3)
    paras = make_paragraphs(page(text))
    first = next(p for p in paras if p.text.startswith("寒冷的清晨"))
    assert first.text.endswith("赶着羊群走上新路。") and not first.display


def test_the_line_under_a_delegation_s_kicker_is_its_headline_even_filling_the_column():
    body = ("草原上的公路修到了牧民\n的家门口，大家出行方便\n多了，孩子们上学也不用\n"
            "再走远路了，日子越过越\n好，牧民们都很高兴。\n\n")
    text = body * 3 + "某某代表团——\n草原牧区过出红火日子\n在某某代表团开放日现场\n，代表们说起了草原。\n"
    paras = make_paragraphs(page(text))
    assert [p.text for p in paras[3:5]] == ["某某代表团——", "草原牧区过出红火日子"]
    assert paras[4].display and paras[5].text.startswith("在某某代表团开放日现场")


def test_markdown_images_on_a_page_seen_to_cut_paragraphs_are_each_their_own_unit():
    text = ("第一段写的是某地的春耕，农民们忙着播种，一派繁忙景象，今年的墒情很好，大家都\n\n"
            "有信心。\n\n"
            "![某某代表团开放日现场，某某代表正在发言。　　王一摄](photo-1.jpg)\n\n"
            "![某某代表团开放日现场，某某代表讲述返乡创业的故事。　　李二摄](photo-2.jpg)\n")
    texts = [p.text for p in make_paragraphs(page(text))]
    assert len(texts) == 3 and all(t.startswith("![") and t.endswith(".jpg)") for t in texts[1:])


def test_short_head_lines_right_above_a_glued_byline_are_each_their_own_unit():
    # a wrapped page of 22 columns: a kicker of 20 (close to the column, yet short of it)
    # and a headline, then a byline glued to the first body line
    text = ("上一篇报道的最后一段话写到这里就结束了，大家\n都很满意。\n\n"
            "某某省第十四届人大会议举行民生主题记者会\n"
            "让大家生活更加健康，生命更有质量\n"
            "本报记者 王 一 3月7日上午，某某会议举行民生\n"
            "主题记者会，某某部部长张某某、某某部部长李某\n"
            "某就相关问题回答中外记者提问。\n")
    texts = [p.text for p in make_paragraphs(page(text))]
    assert "某某省第十四届人大会议举行民生主题记者会" in texts
    assert "让大家生活更加健康，生命更有质量" in texts


def test_a_standfirst_mark_opens_a_unit_of_its_own_on_a_wrapped_page():
    # (a headline about as wide as the column, then the standfirst box under it)
    text = ("2026年3月6日　第07版\n要闻\n\n"
            "某某在参加某某代表团审议时强调\n"
            "经济大省要在研究新情况解决新问题上下功夫出经验\n"
            "■ 完成“十五五”经济社会发展目标任务，需要应对\n"
            "更加复杂的环境、解决更多深层次矛盾。某某等经济大\n"
            "省处在改革开放前沿，要在研究新情况、解决新问题上\n"
            "下功夫、出经验\n\n"
            "本报北京3月5日电  某某某5日下午在参加他所在的代表\n"
            "团审议时强调，要在研究新情况解决新问题上下功夫，\n"
            "要在推进高质量发展上走在前列，为全国发展大局作出\n"
            "更大贡献。代表团审议热烈，气氛活跃，大家纷纷发言\n"
            "，结合实际谈了对政府工作报告的意见和建议。\n")
    texts = [p.text for p in make_paragraphs(page(text))]
    assert "经济大省要在研究新情况解决新问题上下功夫出经验" in texts
    assert any(t.startswith("■ 完成“十五五”") for t in texts)


def test_a_story_in_a_column_half_the_page_s_width_keeps_its_paragraphs_whole():
    wide = "草原上的公路修到了牧民的家门口，大家出行方便多了，日子越过越好。\n" * 6
    narrow = ("作为草原上的第一\n家合作社，这里的\n牧民早早建好了冷\n库，羊肉可以直接\n运往外地的超市。\n")
    text = wide + "\n" + "草原上的新冷库\n\n" + narrow
    texts = [p.text for p in make_paragraphs(page(text))]
    assert texts[-1] == "作为草原上的第一家合作社，这里的牧民早早建好了冷库，羊肉可以直接运往外地的超市。"


def test_a_sentence_filling_a_narrow_story_s_line_goes_on_in_the_paragraph():
    # the page's usual column is wide; one story is set at half its width, and a line of
    # it that ends a sentence fills that story's column: the paragraph goes on under it
    wide = ("草原上的公路修到了牧民的家门口，大家出行方\n便多了，孩子们上学也不用再走远路了，牧民们都\n"
            "说这是实实在在的好事情，日子越过越好。\n\n") * 4
    narrow = ("“路修好了，羊好卖了！”\n老牧民一边赶着羊群一边\n笑着说，如今牧区的公路\n"
              "通到了每一户牧民的家门\n口。\n\n合作社的冷库早早建好了，\n羊肉可以直接运往外地的\n"
              "超市，牧民们再也不用担\n心羊肉卖不出去了。\n\n") * 3
    texts = [p.text for p in make_paragraphs(page(wide + narrow))]
    assert "“路修好了，羊好卖了！”老牧民一边赶着羊群一边笑着说，如今牧区的公路通到了每一户牧民的家门口。" \
        in texts


def test_head_lines_set_wider_at_the_top_of_a_run_do_not_widen_its_column():
    # no blank line between a two-line headline set wider than the column and the story
    # under it: most of the run's lines fill the column, and the head's lines are wider
    text = ("某某日报　2026年5月1日　星期五　第03版\n\n"
            "草原新路通车半年 牧民们说：出\n行不再难了盼着游客多来几趟看看\n"
            "【某某日报记者 王小明 \n李大山】某某旗的新公路\n近日通车了，牧民出行方\n便多了，孩子们上学也不\n"
            "用再走远路，合作社的羊\n肉可以直接运往外地的超\n市，大家都很高兴，牧民\n们说日子越过越好了。\n")
    texts = [p.text for p in make_paragraphs(page(text))]
    assert texts[1:3] == ["草原新路通车半年 牧民们说：出", "行不再难了盼着游客多来几趟看看"]
    assert texts[3].startswith("【某某日报记者 王小明")


def test_on_an_indented_page_a_narrow_story_s_paragraph_goes_on_after_a_column_break():
    # the page's usual column is wide; a story set at half its width has a paragraph
    # broken by a column break (a blank line): its lines fill that story's column, so
    # they are the paragraph's, not display lines, and the cut paragraph goes on
    wide = ("　　草原上的公路修到了牧民的家门口，大家出行方便\n多了，孩子们上学也不用再走远路了，牧民们都说这\n"
            "是实实在在的好事情，日子越过越好，合作社的冷库\n也早早建好了，羊肉可以直接运往外地的超市。\n") * 4
    narrow = ("　　合作社的冷库早早\n建好了，羊肉可以直接\n运往外地的超市，牧民\n们再也不用担心羊肉卖\n"
              "不出去了。合作社负责\n\n人说，今年的收入会比\n去年更好一些，大家都\n很满意，明年还要再建\n一座新的冷库。\n"
              "　　高原上的第一场春\n雨落下了，农牧民开始\n春播，一派忙碌的景象。\n")
    texts = [p.text for p in make_paragraphs(page(wide + narrow))]
    assert texts[4].endswith("合作社负责人说，今年的收入会比去年更好一些，大家都很满意，明年还要再建一座新的冷库。")
    assert texts[5].startswith("高原上的第一场春雨")


def test_a_line_set_in_bold_end_to_end_is_a_unit_of_its_own():
    text = ("牧区的春天来得晚，合作社的冷库却早早建好了，羊肉可以直接运往外地的超市，牧民们的收入比往年多了不少。\n\n" * 4
            + "**让“所产即所销、出圈即出村”**\n某某合作社理事长  王小明\n")
    texts = [p.text for p in make_paragraphs(page(text))]
    assert texts[-2:] == ["让“所产即所销、出圈即出村”", "某某合作社理事长  王小明"]


@pytest.mark.parametrize("lead", ["【某某商报讯】（首席记者 王", "某某晚报讯(记者 王小明 通讯", "中新网某地8月26日电(记者 王"])
def test_a_headline_right_above_a_lead_formula_of_either_width_is_its_own_line(lead):
    text = (WRAPPED_BODY * 3 + "草原上的合作社 建起了新冷库\n" + lead
            + "\n小明）5月1日，某某旗的合作社\n建起了冷库，牧民们很高兴。\n")
    texts = [p.text for p in make_paragraphs(page(text))]
    assert "草原上的合作社 建起了新冷库" in texts


@pytest.mark.parametrize("caption", [
    "牧民赶着羊群走过新修的公路，\n去往夏季牧场，一路都很顺利\n。　　王  一摄\n",
    "牧民赶着羊群走过新修的公路，\n去往牧场，一路都顺利。　　李\n一鸣摄\n"])
def test_a_photo_credit_wrapped_with_its_caption_ends_that_caption(caption):
    paras = make_paragraphs(page(WRAPPED_BODY * 3 + caption))
    assert paras[-1].text.startswith("牧民赶着羊群走过新修的公路") and paras[-1].text.endswith("摄")


def test_two_captions_each_ending_in_its_credit_stay_two_on_an_indented_page():
    body = "\u3000\u3000牧区的春天来得晚，合作社的冷\n库却早早建好了，羊肉可以直接\n运往外地的超市，销路很好。\n"
    # (the first caption's last line fills the column: not a paragraph a column break cut)
    captions = ("某某县的合作社建起了新冷库，\n羊肉运往外地的超市。\u3000\u3000李二摄\n"
                "某某旗某某苏木的牧民赶着羊群\n走过新修的公路，去往夏季的牧\n场。\u3000\u3000王一摄\n")
    paras = make_paragraphs(page(body * 3 + "\n" + captions + body))
    (first,) = [p for p in paras if p.text.startswith("某某县")]
    assert first.text.endswith("李二摄") and not first.cut
    assert any(p.text.startswith("某某旗") and p.text.endswith("王一摄") for p in paras)


def test_a_headline_ending_in_its_column_label_and_the_short_line_above_are_head_lines():
    # a wrapped page of 20 columns: a kicker short of the column, a headline ending in its
    # column label, then the body's first lines, with no blank line between them
    text = ("上一篇报道的最后一段话写到这里就结束了，大家都\n很满意。\n\n"
            "某某规划纲要草案设置多项主要指标\n"
            "充分体现推动高质量发展的导向（权威发布）\n"
            "3月7日，某某新闻办公室举行吹风会，解读规划纲\n"
            "要草案，并回答记者提问。\n")
    texts = [p.text for p in make_paragraphs(page(text))]
    assert texts[1:] == ["某某规划纲要草案设置多项主要指标", "充分体现推动高质量发展的导向（权威发布）",
                         "3月7日，某某新闻办公室举行吹风会，解读规划纲要草案，并回答记者提问。"]
    # (an indented line opens a paragraph: the line under it carries its sentence on)
    indented = ("上一篇报道的最后一段话写\n到这里就结束了，大家都\n很满意。\n\n"
                "　　去年12月，某地\n区大科学装置（光源类）\n联盟在某地成立，联盟成\n员单位共有二十多家。\n"
                "　　联盟的成立，开启\n了合作的新阶段。\n"
                "　　联盟成员单位将共\n享装置的机时和数据。\n")
    run_on = indented.replace("　　", "").replace("很满意。\n\n", "很满意。\n")
    for text in (indented, run_on):
        assert any(p.text.startswith("去年12月，某地区大科学装置（光源类）联盟在某地成立")
                   for p in make_paragraphs(page(text)))
    # (nor are lines ending in an aside that lists things, as a column label never does)
    listing = ("上一篇报道的最后一段话写到这里就结束了，大家都\n很满意。\n\n"
               "某某规划纲要草案设置多项主要指标\n充分体现推动高质量发展的地区（甲地、乙地）\n"
               "3月7日，某某新闻办公室举行吹风会，解读规划纲\n要草案，并回答记者提问。\n")
    assert len(make_paragraphs(page(listing))) == 2


def test_two_phrases_set_apart_by_a_wide_space_are_a_headline_of_their_own():
    # a wrapped, indented story of 10 columns: a rubric wider than its column, then a
    # headline of two phrases, each on its own line, not one wrapped paragraph
    text = ("某某日报　2026年2月10日　第05版\n\n"
            "落地有声·高质量办理某某提案\n阅读无碍　　书香致远\n本报记者　　王小明\n"
            "　　保障某某群体的阅读\n权益，是推动全民阅读\n进程中重要的一环。\n"
            "　　某某单位提交了一份\n关于阅读的提案，引起\n了有关部门的重视。\n"
            "　　有关部门高度重视，\n认真研究办理了提案。\n\n"
            # (another story on the page, set at a wider column of 15)
            "草原上的新风景\n本报记者　　李大山\n"
            + "　　今年夏天草原上的游客比往年多，\n牧民们开起了家庭旅馆，收入比往年\n更稳定了。\n" * 4)
    texts = [p.text for p in make_paragraphs(page(text))]
    assert texts[1:3] == ["落地有声·高质量办理某某提案", "阅读无碍  书香致远"]


def test_a_column_filling_dash_kicker_right_under_the_page_header_is_its_own_unit():
    # the date line fills the column, so the page header under it stays open until the
    # kicker comes: the kicker opens a unit all the same (the header is furniture)
    body = ("草原上的公路修到了牧民\n的家门口，大家出行方便\n多了，孩子们上学也不用\n"
            "再走远路了，日子越过越\n好，牧民们都很高兴。\n")
    text = ("某某日报\n2026年3月10日　星期二\n第01版　要闻\n某某代表谈草原新路——\n"
            "一条路\n通到牧民家门口\n本报记者  王小明\n" + body * 4)
    texts = [p.text for p in make_paragraphs(page(text))]
    at = texts.index("某某代表谈草原新路——")
    assert texts[at + 1:at + 3] == ["一条路", "通到牧民家门口"]


def test_a_speaker_line_under_a_headline_with_a_comma_is_its_own_line_on_a_plain_page():
    # one paragraph a line, and a long line stops mid-sentence (the page cuts paragraphs):
    # a speaker's post and name under a headline still start a line of their own
    text = ("草原上的公路修到了牧民的家门口，大家出行方便多了，孩子们上学也不用再走远路了，日子越过越\n"
            "好，牧民们都很高兴。\n\n"
            "让牧区孩子学得好、走得远\n"
            "某某大学校长  王小明委员\n\n"
            "牧区的教育要办好，关键在老师。要让好老师愿意来、留得住。\n\n"
            "要给牧区学校配齐音乐、美术老师，让孩子们的课堂丰富起来。\n\n"
            "还要办好寄宿制学校，让孩子们住得好、吃得好、学得好。\n\n"
            "牧区的孩子同样有梦想，我们要帮他们把梦想变成现实。\n")
    texts = [p.text for p in make_paragraphs(page(text))]
    assert texts[1:4] == ["让牧区孩子学得好、走得远", "某某大学校长  王小明委员",
                          "牧区的教育要办好，关键在老师。要让好老师愿意来、留得住。"]


def test_a_line_ending_in_an_acronym_in_parentheses_runs_on_as_a_paragraph_line():
    # `（APEC）` at the end of a full line is no column label: the paragraph goes on
    body = ("草原上的公路修到了牧民\n的家门口，大家出行方便\n多了，孩子们上学也不用\n"
            "再走远路了，日子越过越\n好，牧民们都很高兴。\n\n")
    text = body * 3 + "在亚太经合组织（APEC）\n会议上，某地代表发言。\n\n" + body
    texts = [p.text for p in make_paragraphs(page(text))]
    assert "在亚太经合组织（APEC）会议上，某地代表发言。" in texts


def test_a_markdown_image_on_a_wrapped_page_is_a_line_of_its_own():
    # (its address in parentheses is no column label either: the image is its own unit)
    body = ("草原上的公路修到了牧民\n的家门口，大家出行方便\n多了，孩子们上学也不用\n"
            "再走远路了，日子越过越\n好，牧民们都很高兴。\n")
    text = body * 3 + "![某某旗的新公路](img-1.jpg)\n新公路通车那天，牧民\n们都来了。\n" + body
    texts = [p.text for p in make_paragraphs(page(text))]
    at = texts.index("![某某旗的新公路](img-1.jpg)")
    assert texts[at + 1] == "新公路通车那天，牧民们都来了。"


@pytest.mark.parametrize("text, why", [
    ("版面设计：王小明", "footer"), ("网络编辑：王小明", "footer"), ("审核：李四", "footer"),
    ("编辑/王小明", "footer"), ("本文来源：某某日报", "web meta line"), ("分享到：", "web meta line"),
    ("【纠错】", "web meta line"), ("声明：本文仅代表作者观点", "web meta line"),
    ("点击进入专题", "QR prompt"), ("END", "QR prompt"),
    ("资料图", "photo credit"), ("（图片来源：某某网）", "photo credit"),
    ("发布时间：2026-03-05 10:20", "web meta line"),
    # a page's code and name, a dotted date, the paper's colophon
    ("A04 城事", "page header"), ("2026.05.12 星期二", "page header"),
    ("2026年5月12日 第A04版", "page header"), ("今日导读", "page header"),
    ("国内统一连续出版物号 CN00-0000", "footer"), ("邮发代号1-1", "footer"),
    ("社址：某某市某某路1号", "footer"), ("定价：1.50元", "footer"), ("（责编：王小明、李四）", "footer"),
    # a web page's chrome
    ("当前位置：首页 > 新闻 > 国内", "web chrome"), ("某某网>>时政>>正文", "web chrome"),
    ("【字体：大 中 小】", "web chrome"), ("[打印] [关闭]", "web chrome"), ("上一篇：某某某某", "web chrome"),
    ("阅读量 1.2万", "web chrome"), ("版权所有 © 某某日报社", "web chrome"),
])
def test_the_editorial_and_web_lines_every_page_may_carry_are_furniture(text, why):
    assert furniture_reason(text) == why


@pytest.mark.parametrize("text", ["编辑说，新公路通车了。", "审核通过后，新公路正式通车。", "来源地更趋多样。",
                                  "时间：3月5日上午", "G20 峰会开幕", "社址变迁见证城市发展。", "打印机销量大增",
                                  "首页设计大赛开幕"])
def test_sentences_that_open_with_those_words_are_not(text):
    assert furniture_reason(text) is None


def test_a_summary_point_or_a_credited_caption_is_no_paragraph_a_column_break_cut():
    # (the point of a summary box ends with no stop; a caption ends with its photo credit)
    point = Para("■ 今年全区新修牧区公路三千公里，牧民出行更方便。大家都说，牧区的日子要在新路上走出新", 3, 3,
                 cut=True)
    caption = Para("3月5日，牧民在新修的公路上转场。  新华社记者  王一摄", 5, 5, gap=1)
    body = Para("赶着羊群的牧民说，路修好了，羊也好卖了。", 7, 7, gap=1)
    assert [p.text for p in merge_column_breaks([point, caption, body])] == [
        point.text, caption.text, body.text]
    cut = Para("牧区的公路修到了牧民的家门口，孩子们上学", 3, 3, cut=True)
    assert len(merge_column_breaks([cut, body])) == 1  # (a cut paragraph still goes on)


def test_the_line_under_a_delegation_s_kicker_on_a_plain_page_is_not_cut_by_a_column_break():
    # a plain page seen to cut paragraphs (its first long line stops mid-sentence): the
    # headline under `某某代表团——` stops with no stop yet heads the paragraph below
    text = ("草原上的公路修到了牧民的家门口，大家出行方便多了，孩子们上学也不用再走远路了，日子越过越\n\n"
            "好，牧民们都很高兴。\n\n"
            "某某代表团——\n\n"
            "系统推进牧区振兴，“一起向未来”\n\n"
            "某某旗，从牧区小镇变身为文化旅游目的地；某某嘎查，借助特色产业走上致富路……代表们如数家珍。\n")
    texts = [p.text for p in make_paragraphs(page(text))]
    assert texts[-2] == "系统推进牧区振兴，“一起向未来”"
