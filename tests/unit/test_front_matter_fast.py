"""content.fast_front_matter reads exactly what yaml's safe loader reads, or gives up."""
from __future__ import annotations

import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from site_builder.config import YAML_LOADER
from site_builder.content import _FM, dumps, fast_front_matter, loads
from site_builder.models import Article, Edition, Proposal


def yaml_reads(text: str):
    try:
        return ("ok", yaml.load(text, Loader=YAML_LOADER))
    except yaml.YAMLError:
        return ("error", None)


def same(fast, text: str) -> None:
    """Given up, or equal to yaml's reading, types and key order included."""
    if fast is None:
        return
    kind, value = yaml_reads(text)
    assert kind == "ok", text
    assert repr(fast) == repr(value), text


# characters that mean something to YAML, beside ordinary text
TRICKY = "-?:,[]{}#&*!|>'\"%@` \t\u3000\xa0\x85\u2028\ufeff.~0123456789eEnNyYtTfFoO+_=<"
text_chars = st.text(st.sampled_from(list(TRICKY) + list("abc新华社北京电，。“”")), max_size=12)


@settings(max_examples=400, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(["id", "title", "tags", "lines", "null", "yes",
                                           "edition", "proposals", "a1"]),
                          st.one_of(text_chars,
                                    st.lists(text_chars, max_size=3).map(
                                        lambda items: "[" + ", ".join(items) + "]"),
                                    st.lists(text_chars, max_size=3).map(
                                        lambda items: "{" + ", ".join(
                                            f"k{i}: {v}" for i, v in enumerate(items)) + "}"))),
                min_size=1, max_size=5))
def test_lines_of_any_shape_read_as_yaml_reads_them(lines):
    text = "".join(f"{key}: {value}\n" for key, value in lines)
    same(fast_front_matter(text), text)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.one_of(text_chars, st.lists(text_chars, max_size=3).map(
    lambda items: "{" + ", ".join(f"person: {v}" for v in items) + "}")), max_size=3))
def test_block_lists_read_as_yaml_reads_them(items):
    text = "proposals:\n" + "".join(f"- {item}\n" for item in items) + "tags: []\n"
    same(fast_front_matter(text), text)


words = st.text(st.sampled_from(list("新华社北京电内蒙古，。“”：:、 '\"#-[]{}?,!&*|>%@`0123456789abcXYZ")),
                max_size=20)
maybe = st.one_of(st.none(), words)


@settings(max_examples=300, deadline=None)
@given(title=maybe, tags=st.lists(words, max_size=4), date=st.one_of(
    st.none(), st.sampled_from(["2015-01-21", "2026-04-09"])), summary=maybe,
    person=words.filter(str.strip), statement=maybe, page=st.one_of(st.none(), st.integers(1, 40)),
    lines=st.one_of(st.none(), st.tuples(st.integers(0, 999), st.integers(0, 999))))
def test_what_dumps_writes_reads_back_the_same_either_way(title, tags, date, summary, person,
                                                         statement, page, lines):
    article = Article(id="a-1", title=title, seed="p.txt", date=date, summary=summary,
                      tags=tuple(tags), places=tuple(tags[:1]), body="正文。",
                      proposals=(Proposal(person=person, statement=statement),),
                      lines=lines, edition=Edition(paper=title, date=date, page=page, name=None)
                      if page else None)
    text = dumps(article)
    front = _FM.match(text).group(1)
    same(fast_front_matter(front), front)
    assert loads(text, "a.md") == loads(text.replace("---\n", "---\n# yaml reads this\n", 1),
                                        "a.md")


def test_the_files_dumps_writes_take_the_fast_path():
    article = Article(id="nei-meng-gu", title="内蒙古：口岸", seed="p.txt", date="2026-04-09",
                      tags=("port",), places=("满洲里",), authors=("本报记者 张刚",),
                      summary="新华社北京4月9日电，口岸通关。", body="正文。", lines=(3, 9),
                      proposals=(Proposal(person="王伟", role="全国人大代表",
                                          summary="建议，加快建设。"),))
    front = _FM.match(dumps(article)).group(1)
    assert fast_front_matter(front) == yaml.load(front, Loader=YAML_LOADER)


def test_what_it_does_not_know_is_left_to_yaml():
    for text in ('title: "quoted"\n', "title: |\n  two\n  lines\n", "# comment\nid: a\n",
                 "date: 2026-04-09\n", "flag: yes\n", "n: 017\n", "x: 1.5\n", "id:  a\n",
                 "title: a # note\n", "title: a: b\n", "title: \ta\n", "  id: a\n"):
        assert fast_front_matter(text) is None, text
