"""Nlp with real jieba: dictionary, keywords, places, people, enrich."""
from __future__ import annotations

import marshal
import re
from pathlib import Path

import jieba
import pytest

from site_builder.config import SiteConfig
from site_builder.models import Article, Proposal
from site_builder.nlp import Nlp, _load_prefix_dict, load_idf

PORTS = ["满洲里", "二连浩特", "策克", "甘其毛都", "满都拉", "阿尔山", "珠恩嘎达布其", "额布都格",
         "阿日哈沙特", "室韦", "黑山头", "乌力吉", "海拉尔", "呼和浩特", "包头", "鄂尔多斯"]
TERMS = ["自贸试验区", "中欧班列", "边民互市", "跨境电商", "桥头堡", "两会", "全国人大代表",
         "全国政协委员", "自由贸易试验区", "互市贸易", "铁路口岸", "兴安盟", "锡林郭勒盟"]


@pytest.fixture(scope="module")
def cache_root(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("site")


@pytest.fixture(scope="module")
def nlp(cache_root) -> Nlp:
    return Nlp(SiteConfig(root=str(cache_root)))


def article(body: str, title: str | None = "标题", **kw) -> Article:
    return Article(id="a", title=title, body=body, seed="s.txt", **kw)


# ------------------------------------------------------------------ dictionary

@pytest.mark.parametrize("word", PORTS + TERMS)
def test_domain_words_are_one_token(nlp, word):
    # in running text, next to the words they usually stand beside
    for text in (f"在{word}口岸，", f"{word}的发展", f"推动{word}建设和"):
        assert word in nlp.tokens(text), (text, nlp.tokens(text))


def test_long_forms_and_neighbours_stay_apart(nlp):
    assert nlp.tokens("满洲里市和鄂尔多斯市") == ["满洲里市", "和", "鄂尔多斯市"]
    assert nlp.tokens("辽宁东部地区") == ["辽宁", "东部", "地区"]


def test_tokenizer_is_private_and_cached_in_the_cache_folder(nlp, cache_root):
    assert nlp.tokenizer is not jieba.dt
    assert (cache_root / ".cache" / "jieba.cache").is_file()
    assert "珠恩嘎达布其" not in jieba.dt.FREQ  # the global dictionary is untouched


def test_a_second_start_reads_the_prefix_dictionary_jieba_wrote(nlp, cache_root):
    # `nlp` was made by jieba's initialize() (no file yet), this one from the file
    again = Nlp(SiteConfig(root=str(cache_root)))
    assert _load_prefix_dict(jieba.Tokenizer(), cache_root / ".cache" / "jieba.cache")
    assert again.tokenizer.initialized
    assert again.tokenizer.FREQ == nlp.tokenizer.FREQ
    assert again.tokenizer.total == nlp.tokenizer.total
    text = "满洲里口岸今年进出境中欧班列开行数量再创新高，二连浩特铁路口岸货运量同比增长。"
    assert again.tokens(text) == nlp.tokens(text)


def test_a_broken_prefix_dictionary_file_is_made_again(tmp_path):
    (tmp_path / ".cache").mkdir()
    (tmp_path / ".cache" / "jieba.cache").write_bytes(b"not marshal")
    assert Nlp(SiteConfig(root=str(tmp_path))).tokens("满洲里口岸") == ["满洲里", "口岸"]


def test_idf_table_is_jiebas(tmp_path):
    import jieba.analyse

    extractor = jieba.analyse.TFIDF()
    assert load_idf() == (extractor.idf_freq, extractor.median_idf)
    # kept in the cache folder and read back from it the same; a broken or foreign
    # file is made again
    cache = tmp_path / "idf.cache"
    for made in ("", "not marshal", marshal.dumps(("another idf.txt", {"词": 1.0}, 1.0))):
        if made:
            cache.write_bytes(made.encode() if isinstance(made, str) else made)
        assert load_idf(cache) == (extractor.idf_freq, extractor.median_idf)
        assert marshal.loads(cache.read_bytes())[1:] == load_idf()
        assert load_idf(cache) == (extractor.idf_freq, extractor.median_idf)


def test_only_nlp_imports_jieba():
    package = Path(__file__).resolve().parents[2] / "site_builder"
    importers = {p.relative_to(package).as_posix() for p in package.rglob("*.py")
                 if re.search(r"^\s*(import|from)\s+jieba", p.read_text("utf-8"), re.M)}
    assert importers == {"nlp.py"}


# ------------------------------------------------------------------ keywords

def test_keywords_are_deterministic_and_clean(nlp):
    text = ("内蒙古自贸试验区建设提速，自贸试验区制度创新持续推进。满洲里口岸通关效率提升，"
            "中欧班列开行2977列，同比增长21%。记者表示，口岸经济发展向好。") * 3
    tokens = nlp.tokens(text)
    first = nlp.keywords(tokens, k=5)
    assert first == nlp.keywords(list(tokens), k=5)
    assert len(first) == 5 and "自贸试验区" in first
    assert not {"记者", "表示", "2977", "内蒙古"} & set(nlp.keywords(tokens, k=50))
    assert nlp.keywords([], k=5) == []


def test_keywords_leave_out_people_and_fragments(nlp):
    tokens = nlp.tokens("国网慈溪市供电公司社区经理钱海军代表认为，绿色能源产业要加快发展。" * 2)
    assert "海军" in nlp.keywords(tokens, k=20)
    assert "海军" not in nlp.keywords(tokens, k=20, people=["钱海军"])


# ------------------------------------------------------------------ places

def test_places_need_more_than_a_passing_mention(nlp):
    text = "满洲里口岸货运繁忙。满洲里铁路口岸通关顺畅，货物运往包头。"
    assert nlp.places(nlp.tokens(text), text) == ["满洲里"]


def test_places_map_long_forms_and_never_list_inner_mongolia(nlp):
    text = "内蒙古自治区鄂尔多斯市加快发展。鄂尔多斯的企业走进内蒙古各地，内蒙古开放提速。"
    assert nlp.places(nlp.tokens(text), text) == ["鄂尔多斯"]


def test_a_place_in_the_headline_counts(nlp):
    text = "口岸建设提速，货运量创新高。二连浩特口岸通关顺畅。"
    assert nlp.places(nlp.tokens(text), text, nlp.tokens("策克口岸开新局")) == ["策克", "二连浩特"]


def test_foreign_countries_need_three_mentions(nlp):
    text = "产品出口俄罗斯。俄罗斯客商到访。满洲里口岸和满洲里海关。"
    assert nlp.places(nlp.tokens(text), text) == ["满洲里"]
    text3 = text + "俄罗斯市场需求旺盛。"
    assert nlp.places(nlp.tokens(text3), text3) == ["俄罗斯", "满洲里"]


def test_village_address_and_single_place_rules(nlp):
    text = "全国人大代表、赤峰市松山区大庙镇小庙子村党总支书记赵会杰带来了中药材。"
    places = nlp.places(nlp.tokens(text), text)
    assert {"赤峰", "小庙子村"} <= set(places)
    text = "我国在太原卫星发射中心成功发射卫星。"
    assert nlp.places(nlp.tokens(text), text) == ["太原"]
    assert nlp.places(nlp.tokens("国家长治久安。"), "国家长治久安。") == []


def test_single_deputy_affiliation_names_the_place(nlp):
    text = "加快内河航运发展。淮河水运需要补短板，淮河航道要统一标准。"
    places = nlp.places(nlp.tokens(text), text, affiliations=["安徽省蚌埠市委书记"])
    assert places == ["淮河", "蚌埠"]


def test_a_place_inside_a_company_or_institute_name_is_not_what_the_story_is_about(nlp):
    text = ("包头稀土研究院的专家说，稀土新材料前景广阔。包头稀土研究院与上海海洋大学合作，"
            "满洲里口岸货运繁忙，满洲里铁路口岸通关顺畅。")
    assert nlp.places(nlp.tokens(text), text) == ["满洲里"]
    # nor the place of a deputy's company, where a post in a place's government would count
    text = "加快新型储能发展。储能电站建设提速。"
    assert nlp.places(nlp.tokens(text), text, affiliations=["国网浙江慈溪市供电公司客服中心"]) == []
    # punctuation and small words end a name: here the place is named on its own
    text = ("包头的企业与某公司合作，包头，一家公司签约。"
            "满洲里口岸货运繁忙，满洲里铁路口岸通关顺畅。")
    assert nlp.places(nlp.tokens(text), text) == ["包头", "满洲里"]


# ------------------------------------------------------------------ people

def test_people_from_proposals_and_titled_quotes(nlp):
    body = ("内蒙古自治区商务厅厅长罗青介绍，总体方案提出19个方面举措。"
            "科技局副局长孙强便介绍：项目落地。大家都说好。罗青表示还要加快。")
    proposals = (Proposal(person="张河", role="全国人大代表"),)
    assert nlp.people(article(body, proposals=proposals)) == ["张河", "罗青"]


def test_people_is_conservative(nlp):
    body = "习近平总书记强调，要坚持实干。工人们说，今年订单多。公司负责人说，效益好。"
    assert nlp.people(article(body)) == []


# ------------------------------------------------------------------ enrich

FTZ_BODY = ("《中国(内蒙古)自由贸易试验区总体方案》对外发布，构筑我国向北开放的重要桥头堡。"
            "内蒙古自贸试验区涵盖呼和浩特、满洲里、二连浩特三个片区。"
            "满洲里铁路口岸通行中欧班列4867列，二连浩特铁路口岸通关效率提升，"
            "口岸经济加速发展。自贸试验区将推动制度创新，二连浩特边民互市贸易区交易活跃，"
            "满洲里口岸回程班列数量位居全国首位。自治区商务厅厅长罗青介绍，"
            "自贸试验区将扩大高水平对外开放。")


def test_enrich_fills_tuples(nlp):
    result = nlp.enrich(article(FTZ_BODY, title="构筑我国向北开放的重要桥头堡"))
    for field in ("tags", "places", "people", "keywords"):
        assert isinstance(getattr(result, field), tuple), field
    assert {"free-trade-zone", "ports", "opening-up", "china-europe-railway"} <= set(result.tags)
    assert set(result.places) == {"满洲里", "二连浩特"}
    assert result.people == ("罗青",)
    assert "自贸试验区" in result.keywords
    assert result.body == FTZ_BODY and result.title == "构筑我国向北开放的重要桥头堡"


def test_enrich_is_deterministic_across_instances(nlp, cache_root):
    again = Nlp(SiteConfig(root=str(cache_root)))
    a = article(FTZ_BODY)
    assert nlp.enrich(a) == again.enrich(a)
    assert nlp.fingerprint() == again.fingerprint()


def test_proposal_roles_count_as_two_sessions_evidence(nlp):
    body = "张三代表建议，加快发展智慧农业，推动农业现代化，智慧农业要提质增效，农民增收。"
    plain = nlp.enrich(article(body, title="积极培育智慧农业"))
    with_role = nlp.enrich(article(body, title="积极培育智慧农业",
                                   proposals=(Proposal(person="张三", role="全国人大代表"),)))
    assert "two-sessions" not in plain.tags
    assert "two-sessions" in with_role.tags and "rural-revitalization" in with_role.tags


def test_explain_shows_the_terms(nlp):
    scores = {s.slug: s for s in nlp.explain(article(FTZ_BODY))}
    why = dict(scores["free-trade-zone"].why)
    assert why["自贸试验区"] == 3 and why["自由贸易试验区"] == 1
