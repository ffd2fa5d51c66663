import csv
import io
import json

import pytest

from site_builder.export import export_text
from site_builder.models import Article, Proposal

ARTICLES = [
    Article(id="a", title="标题, 带逗号", body="正文第一段。\n\n第二段。", seed="p.txt",
            authors=("王一", "李二"), tags=("ports",),
            proposals=(Proposal("赵六", "全国人大代表", "某公司", "加快建设。"),)),
    Article(id="b", title=None, body="另一篇。", seed="q.txt", duplicate_of="a"),
]


def test_jsonl_has_every_field_and_the_body():
    lines = export_text(ARTICLES, "jsonl").splitlines()
    first = json.loads(lines[0])
    assert first["authors"] == ["王一", "李二"]
    assert first["proposals"][0]["person"] == "赵六"
    assert first["body"].startswith("正文第一段")
    assert json.loads(lines[1])["duplicate_of"] == "a"


def test_csv_round_trips_through_a_csv_reader():
    rows = list(csv.DictReader(io.StringIO(export_text(ARTICLES, "csv"))))
    assert rows[0]["title"] == "标题, 带逗号"
    assert rows[0]["authors"] == "王一; 李二"
    assert json.loads(rows[0]["proposals"])[0]["role"] == "全国人大代表"
    assert rows[1]["title"] == "" and rows[1]["duplicate_of"] == "a"
    assert "body" not in rows[0]


def test_unknown_format():
    with pytest.raises(ValueError):
        export_text(ARTICLES, "xml")
