"""The sample pages laid out again in the other shapes (Markdown and plain dumps hard-wrapped
like a PDF extraction; the raw PDF page unwrapped into a plain dump) must still give the
editor's articles: the rules are about layout in general, not about these files."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from site_builder.evaluate import load_gold, score
from site_builder.ingest.dedupe import link_duplicates
from site_builder.ingest.page import articles_from_page
from site_builder.ingest.read import read_page, split_lines
from site_builder.models import RawPage
from site_builder.ingest.stage import assign_ids

REPO = Path(__file__).resolve().parents[1]
GOLD = load_gold(REPO / "tests" / "data" / "gold_seeds.yaml")


def hard_wrap(text: str, width: int = 17) -> str:
    """One paragraph per line -> lines of `width` characters, Markdown marks dropped."""
    out = []
    for line in text.split("\n"):
        line = re.sub(r"^#+\s*", "", line.strip())
        out.extend([line] if len(line) <= 20 else [line[i:i + width] for i in range(0, len(line), width)])
    return "\n".join(out)


def unwrap(text: str) -> str:
    """Hard-wrapped blocks -> one line per block."""
    blocks = re.split(r"\n\s*\n", text)
    return "\n\n".join("".join(l.strip() for l in b.split("\n") if l.strip()) for b in blocks)


def ingest(pages: dict[str, str]):
    articles = []
    for name, text in sorted(pages.items()):
        articles += articles_from_page(RawPage(name, split_lines(text)), "内蒙古日报").articles
    return link_duplicates(assign_ids(articles))


@pytest.mark.parametrize("shape, transform, raw_too", [
    ("hard-wrapped", hard_wrap, False),
    ("unwrapped", unwrap, True),
])
def test_samples_in_another_layout(shape, transform, raw_too):
    pages = {}
    for path in sorted((REPO / "seeds").glob("*.txt")):
        text = "\n".join(line.text for line in read_page(path).lines)
        is_raw = path.name.startswith("000")
        pages[path.name] = transform(text) if (is_raw == raw_too) else text
    result = score(ingest(pages), GOLD)
    assert (result.recall, result.precision) == (1.0, 1.0), (shape, result.missed)
    assert result.fields["title"] == 1.0 and result.fields["dateline"] == 1.0, result.wrong
    # hard wrapping can glue two names of a list together (`周新育` / `李健萍`)
    assert result.authors >= 0.9, result.wrong
    assert result.proposals[0] == result.proposals[1]
    assert result.leaks == []
