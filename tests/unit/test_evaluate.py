from site_builder.errors import ErrorLog, SiteError
from site_builder.evaluate import normalize, score
from site_builder.models import Article, Proposal

GOLD = {
    "articles": [
        {"id": "full", "title": "标题一", "subtitle": None, "kicker": None, "authors": ["王一"],
         "source": "某报", "dateline": None, "date": None, "approx_chars": 40,
         "body_starts_with": "第一篇的开头说的是草原", "body_ends_with": "结尾说的是牧民的生活。",
         "tags": ["ports"], "places": ["满洲里"], "places_optional": ["二连浩特"]},
        {"id": "part", "title": "标题一", "subtitle": None, "kicker": None, "authors": [],
         "source": "某报", "dateline": None, "date": None, "approx_chars": 20,
         "body_starts_with": "第一篇的开头说的是草原", "body_ends_with": "结尾说的是牧民的生活。",
         "duplicate_of": "full", "tags": [], "places": []},
    ],
    "proposals": [{"article": "full", "person": "赵六"}],
    "non_article_text": [{"starts_with": "本报热线：0000-1234"}, {"starts_with": "短"}],
}
BODY = "第一篇的开头说的是草原，\n中间很长。结尾说的是牧民的生活。"


def test_matching_fields_duplicates_proposals_and_leaks():
    full = Article(id="a", title="标题 一", body="## 小节\n\n" + BODY + "本报热线：0000-12345", seed="s",
                   authors=("王一",), source="某报", tags=("ports",), places=("满洲里", "二连浩特"),
                   proposals=(Proposal("赵六"),))
    part = Article(id="b", title="标题一", body=BODY, seed="t", source="某报", duplicate_of="a")
    result = score([full, part], GOLD)  # files are tried in order, as the reference scorer does
    assert (result.recall, result.precision) == (1.0, 1.0)
    assert result.fields["title"] == 1.0 and result.authors == 1.0
    assert result.tags_f1 == 1.0 and result.places_f1 == 1.0  # optional places are neither way
    assert result.duplicates == (1, 1) and result.proposals == (1, 1)
    assert len(result.leaks) == 1  # the 1-character probe is too short to count


def test_a_wrong_field_is_listed():
    only = Article(id="a", title="别的标题", body=BODY, seed="s", source="某报")
    result = score([only], GOLD)
    assert result.recall == 0.5
    assert any(line.startswith("full.title") for line in result.wrong)


def test_normalize_drops_markup_and_space():
    assert normalize("## 标题\n\n**加粗** 文字") == "标题加粗文字"


def test_error_text_names_file_line_and_hint():
    error = SiteError("seeds/a.txt", "no headline", 37, "add one")
    assert str(error) == "seeds/a.txt:37: no headline (hint: add one)"
    log = ErrorLog()
    log.warn("x.md", "odd")
    assert not log and log.warnings[0].path == "x.md"
    log.error("y.md", "bad")
    assert log
