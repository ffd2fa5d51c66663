from site_builder.ingest import meta


def test_bylines():
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
    # the kicker may print the deputy's post before the name
    k = meta.kicker_proposal("某某县第一中学教师周八代表——", "周八深耕一线多年。他建议，增加实验课。")
    assert (k.person, k.role, k.affiliation) == ("周八", "全国人大代表", "某某县第一中学教师")


def test_summary_ends_on_sentence():
    body = "第一句话很短。第二句话也不长！" + "第三句" * 60 + "。"
    assert meta.summary_of(body) == "第一句话很短。第二句话也不长！"


def test_gist_is_the_deputys_own_proposal_cut_at_a_clause():
    statement = ("在他看来，牧区的路越修越好。习近平总书记强调：“要推进乡村振兴。”"
                 "他建议，加大对边境口岸基础设施的投入。")
    assert meta.gist(statement) == "他建议，加大对边境口岸基础设施的投入。"
    assert meta.gist("王一表示，要把口岸建设好。") == "要把口岸建设好。"
    long = "建议" + "，".join(["加快建设口岸物流园区"] * 12) + "。"
    cut = meta.gist(long, limit=40)
    assert cut.endswith("……") and len(cut) <= 42 and "，……" not in cut


def test_balanced_closes_what_a_cut_left_open():
    assert meta.balanced("他说：“要把路修好") == "他说：“要把路修好”"
    assert meta.balanced("路修好了”，他说") == "路修好了，他说"
    assert meta.balanced("《规划（草案") == "《规划（草案）》"
