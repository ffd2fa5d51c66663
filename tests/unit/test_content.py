import pytest

from site_builder.content import dumps, loads, make_id
from site_builder.errors import SiteError
from site_builder.models import Article, Edition, Proposal

ARTICLE = Article(id="cao-yuan", title="草原: 新风景", body="第一段。\n\n## 小节\n\n第二段。",
                  seed="p.txt", authors=("王一", "李二"), date="2026-05-02", date_source="dateline",
                  tags=("ports",), proposals=(Proposal("赵六", "全国人大代表", None, "加快建设。"),),
                  lines=(3, 9))


def test_round_trip():
    assert loads(dumps(ARTICLE), "x.md") == ARTICLE


def test_round_trip_of_a_derived_title_and_its_printed_page():
    article = ARTICLE.__class__(**{**ARTICLE.__dict__, "title_source": "derived",
                                   "edition": Edition("人民日报", "2026-03-05", 7, "两会特刊")})
    text = dumps(article)
    assert "title_source: derived" in text
    assert "edition: {paper: 人民日报, date: '2026-03-05', page: 7, name: 两会特刊}" in text
    assert loads(text, "x.md") == article


def test_an_edition_page_that_is_no_number_is_named():
    with pytest.raises(SiteError, match="edition.page"):
        loads("---\nid: x\nseed: s\nedition: {page: seven}\n---\nbody", "x.md")


def test_contract_fields_in_fixed_order():
    head = dumps(ARTICLE).split("---")[1]
    keys = [line.split(":")[0] for line in head.strip().splitlines() if not line.startswith(("-", " "))]
    assert keys[:17] == ["id", "title", "subtitle", "kicker", "authors", "source", "dateline", "date",
                         "date_source", "seed", "tags", "places", "people", "keywords", "summary",
                         "duplicate_of", "proposals"]


def test_ids_are_ascii_pinyin_and_safe():
    assert make_id("草原新风景", "x") == make_id("草原新风景", "y")
    assert make_id("草原新风景", "x").isascii()
    assert make_id("../../etc/passwd", "x") == "etc-passwd"
    assert make_id(None, "") == "article"
    assert make_id("Index", "") == "index-article"
    assert make_id("COM1", "") == "com1-article"
    assert len(make_id("很长的标题" * 30, "")) <= 60


@pytest.mark.parametrize("text, line, message", [
    ("no front matter", 1, "no YAML front matter"),
    ("---\nid: x\n  bad: indent: here\n---\nbody", 3, "not valid YAML"),
    ("---\nid: x\n---\nbody", 2, "'seed' is required"),
    ("---\nid: Bad ID\nseed: s\n---\nbody", 2, "'id' must be"),
    ("---\nid: ok\nseed: s\ntags: 5\n---\n", 4, "'tags' must be a list"),
])
def test_bad_front_matter_names_file_and_line(text, line, message):
    with pytest.raises(SiteError) as info:
        loads(text, "content/x.md")
    assert (info.value.path, info.value.line) == ("content/x.md", line)
    assert message in info.value.message


def test_front_matter_uses_a_safe_loader():
    with pytest.raises(SiteError):
        loads("---\nid: !!python/object/apply:os.system ['true']\nseed: s\n---\n", "x.md")


def test_one_field_table_names_every_article_attribute_once():
    from dataclasses import fields

    from site_builder.content import CONTRACT_FIELDS, FIELDS
    from site_builder.models import Article
    names = [spec.name for spec in FIELDS]
    assert sorted(names) == sorted(f.name for f in fields(Article) if f.name != "body")
    assert len(set(names)) == len(names)
    # the contract of SPEC §4, in its order
    assert CONTRACT_FIELDS == ("id", "title", "subtitle", "kicker", "authors", "source",
                               "dateline", "date", "date_source", "seed", "tags", "places",
                               "people", "keywords", "summary", "duplicate_of", "proposals")
