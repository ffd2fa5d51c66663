"""The development corpus (../shared/corpus, split once into dev and test halves by
tools/corpus_eval.py): each half built on its own and scored, with floors that only
rise. The test half is scored here, never read while developing (see the tool's
docstring). Skipped cleanly when ../shared is not beside the repository."""
from __future__ import annotations

import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
CORPUS = REPO.parent / "shared" / "corpus"
sys.path.insert(0, str(REPO / "tools"))

pytestmark = pytest.mark.skipif(not (CORPUS / "gold.yaml").is_file(),
                                reason="../shared/corpus is not beside the repository")

# what the page model reaches today (tools/corpus_eval.py); raise them, never lower them
FLOORS = {
    "dev": {"recall": 0.97, "precision": 0.97, "title": 0.99, "authors": 0.96, "kicker": 0.98,
            "dateline": 0.99, "source": 0.99, "date": 0.99},
    "test": {"recall": 0.85, "precision": 0.84, "title": 0.86, "authors": 0.83, "kicker": 0.80,
             "dateline": 0.99, "source": 0.96, "date": 0.99},
}


@pytest.fixture(scope="module")
def scores(tmp_path_factory):
    import corpus_eval
    from site_builder.evaluate import evaluate

    work = tmp_path_factory.mktemp("corpus")
    out = {}
    for half in corpus_eval.HALVES:
        content, gold = corpus_eval.build_half(CORPUS, half, work)
        out[half] = evaluate(content, gold)
    return out


@pytest.mark.parametrize("half", ["dev", "test"])
def test_corpus_half_holds_its_floors(scores, half):
    result = scores[half]
    got = {"recall": result.recall, "precision": result.precision, **result.fields,
           "authors": result.authors}
    low = {k: (got[k], floor) for k, floor in FLOORS[half].items() if got[k] < floor}
    # the test half's wrong fields are not printed: it is scored, not read
    assert not low, f"{half} below its floors: {low}"


def test_the_split_is_fixed_by_the_page_names():
    import corpus_eval

    halves = {p.name: corpus_eval.half_of(p.name) for p in (CORPUS / "pages").iterdir()}
    assert set(halves.values()) == {"dev", "test"}
    assert corpus_eval.half_of("dc-008.txt") == "dev"  # crc32 parity: the rule never changes
