"""content/ -> JSON Lines or CSV, every article with all of its metadata, for researchers:
the fields of content.FIELDS, in its order (JSON Lines adds the body)."""
from __future__ import annotations

import csv
import io
import json
from typing import Iterable, TextIO

from .content import FIELDS, front_matter
from .models import Article

FORMATS = ("jsonl", "csv")


def article_record(article: Article, with_body: bool) -> dict:
    record = front_matter(article)
    if with_body:
        record["body"] = article.body
    return record


def write_jsonl(articles: Iterable[Article], out: TextIO) -> int:
    count = 0
    for article in articles:
        out.write(json.dumps(article_record(article, True), ensure_ascii=False, sort_keys=False))
        out.write("\n")
        count += 1
    return count


def _cell(value) -> str:
    """Lists as `a; b`, proposals as JSON, None as the empty string."""
    if value is None:
        return ""
    if isinstance(value, list):
        if value and isinstance(value[0], dict):
            return json.dumps(value, ensure_ascii=False)
        return "; ".join(str(v) for v in value)
    return str(value)


def write_csv(articles: Iterable[Article], out: TextIO) -> int:
    columns = [spec.name for spec in FIELDS]
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(columns)
    count = 0
    for article in articles:
        record = article_record(article, False)
        writer.writerow([_cell(record.get(c)) for c in columns])  # no boxes: a text seed
        count += 1
    return count


def export(articles: Iterable[Article], fmt: str, out: TextIO) -> int:
    if fmt == "jsonl":
        return write_jsonl(articles, out)
    if fmt == "csv":
        return write_csv(articles, out)
    raise ValueError(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}")


def export_text(articles: Iterable[Article], fmt: str) -> str:
    buffer = io.StringIO()
    export(articles, fmt, buffer)
    return buffer.getvalue()
