from site_builder.ingest import meta


def test_byline_names():
    assert meta.byline_names("□本报记者 王小明 李四") == ("王小明", "李四")
    assert meta.byline_names("新华社记者 赵一 钱二 孙三") == ("赵一", "钱二", "孙三")
    assert meta.byline_names("□新华社记者") == ()
    assert meta.byline_names("□周评论") == ("周评论",)
    assert meta.is_byline("□本报记者 王小明")
    assert not meta.is_byline("本报记者在现场看到，牧民正在转场。")


def test_parens_names():
    assert meta.parens_names("（王一 李二 张三）") == ("王一", "李二", "张三")
    assert meta.parens_names("（本报记者刘小整理）") == ("刘小",)
    assert meta.parens_names("（新华社北京5月1日电）") is None


def test_dateline_with_wrapped_reporters():
    d = meta.parse_dateline("新华社拉萨 5 月 2 日电 （记者王一 李二）5月2日上午，雪停了。")
    assert d.dateline == "新华社拉萨5月2日电"
    assert (d.month, d.day) == (5, 2)
    assert d.authors == ("王一", "李二")
    assert d.rest == "5月2日上午，雪停了。"
    assert meta.parse_dateline("本报昆明3月1日电 花开了。").dateline == "本报昆明3月1日电"
    assert meta.parse_dateline("今天新华社发布消息。") is None


def test_trailer():
    assert meta.split_trailer("结束了。（新华社西宁6月 3日电）") == ("结束了。", "新华社西宁6月3日电")
    assert meta.split_trailer("没有电头。") == ("没有电头。", None)


def test_source():
    assert meta.source_of("新华社拉萨5月2日电", None, "某某日报") == "新华社"
    assert meta.source_of(None, "□新华社记者", "某某日报") == "新华社"
    assert meta.source_of(None, "□本报记者 王一", "某某日报") == "某某日报"


def test_year_from_latest_event():
    assert meta.infer_year(4, 1, "去年12月，2023年12月5日通车。") == 2024
    assert meta.infer_year(4, 1, "2023年2月开工。") == 2023
    assert meta.infer_year(4, 1, "2023年，全市增长了5%。") == 2024
    assert meta.infer_year(4, 1, "没有年份。") is None


def test_proposals():
    p = meta.caption_proposal("5月1日，全国人大代表王小明（左）在审议报告时建议，加快修建牧区公路。")
    assert (p.person, p.role, p.kind) == ("王小明", "全国人大代表", "caption")
    found = meta.in_body_proposals("全国政协委员、某某大学教授刘二表示，应当加大投入。")
    assert [(x.person, x.affiliation) for x in found] == [("刘二", "某某大学教授")]
    found = meta.in_body_proposals("某某公司总经理赵小六代表说，“要提高效率。建议设立专项基金。”")
    assert [x.person for x in found] == ["赵小六"]
    assert meta.in_body_proposals("某某公司总经理赵小六代表参观了展览。") == []
    k = meta.kicker_proposal("孙七委员——", "某某研究院院长孙七委员建议，完善标准体系。")
    assert (k.person, k.role, k.affiliation) == ("孙七", "全国政协委员", "某某研究院院长")


def test_summary_ends_on_sentence():
    body = "第一句话很短。第二句话也不长！" + "第三句" * 60 + "。"
    assert meta.summary_of(body) == "第一句话很短。第二句话也不长！"
