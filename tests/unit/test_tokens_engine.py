"""The segmentation engine (rjieba, jieba-rs) gives jieba's tokens: the reference is the
project's own jieba tokeniser with the domain dictionary, both real, on every text
nlp.py cuts while it enriches each story of the samples (always) and of ../shared's
devset and corpus (skipped cleanly when ../shared is not beside the repository)."""
from __future__ import annotations

import sys
from importlib import metadata
from pathlib import Path

import pytest

from site_builder.config import SiteConfig
from site_builder.nlp import ENGINES, Nlp, make_cut

rjieba = pytest.importorskip("rjieba")

REPO = Path(__file__).resolve().parents[2]
SHARED = REPO.parent / "shared"
sys.path.insert(0, str(REPO / "tools"))

import tokeniser_compare  # noqa: E402


@pytest.fixture(scope="module")
def root(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("site")


@pytest.fixture(scope="module")
def reference(root) -> Nlp:
    return Nlp(SiteConfig(root=str(root)), engine="jieba")


@pytest.fixture(scope="module")
def fast(root) -> Nlp:
    return Nlp(SiteConfig(root=str(root)), engine="rjieba")


def assert_same_tokens(reference: Nlp, fast: Nlp, folder: Path, newspaper: str) -> int:
    stories, _ = tokeniser_compare.story_texts(reference, folder, newspaper)
    assert stories, folder
    differ = []
    for texts in stories:
        for text in texts:
            want, got = reference.tokens(text), fast.tokens(text)
            if want != got:
                differ.append(tokeniser_compare.describe(want, got, reference, set()))
    assert not differ, differ[:5]
    return len(stories)


def test_the_engine_is_chosen_once_and_rjieba_when_installed(root, fast):
    assert ENGINES[-1] == "jieba"  # the reference, and the fallback
    assert Nlp(SiteConfig(root=str(root))).engine == fast.engine \
        == f"rjieba={metadata.version('rjieba')}"


def test_samples_identical_tokens(reference, fast):
    assert assert_same_tokens(reference, fast, REPO / "seeds", "内蒙古日报") >= 10


@pytest.mark.skipif(not (SHARED / "devset" / "pages").is_dir(),
                    reason="../shared/devset is not beside the repository")
def test_devset_identical_tokens(reference, fast):
    assert assert_same_tokens(reference, fast, SHARED / "devset" / "pages", "人民日报") >= 10


@pytest.mark.skipif(not (SHARED / "corpus" / "pages").is_dir(),
                    reason="../shared/corpus is not beside the repository")
def test_corpus_identical_tokens(reference, fast):
    assert assert_same_tokens(reference, fast, SHARED / "corpus" / "pages", "人民日报") >= 150


@pytest.mark.parametrize("text", [
    "2026-04-11", "今年1-11月", "photo-493.jpg", "热线0471-6635350", "COVID-19疫情", "x_y",
    "1.2.3", "a.b-c", "3.5%", "C#语言", "AT&T公司", "v1.0版", "ＡＢＣ-ＤＥ", "a--b", "e-mail地址",
    "满洲里口岸的中欧班列", "辽宁东部地区", "## 一、内蒙古自由贸易试验区"])
def test_latin_digit_runs_and_domain_words(reference, fast, text):
    # jieba-rs alone keeps 2026-04-11 whole where jieba's HMM step splits it
    assert fast.tokens(text) == reference.tokens(text)


def test_random_strings_identical_tokens(reference, fast):
    for (text,) in tokeniser_compare.fuzz_texts(reference, 3000):
        assert fast.tokens(text) == reference.tokens(text), text


def test_the_fingerprint_names_the_engine(reference, fast):
    assert reference.fingerprint() != fast.fingerprint()


def test_jieba_cuts_when_rjieba_is_not_installed(reference, monkeypatch):
    monkeypatch.setitem(sys.modules, "rjieba", None)  # `import rjieba` raises ImportError
    name, cut = make_cut(reference.tokenizer)
    assert name.startswith("jieba=")
    assert cut("满洲里口岸的中欧班列") == reference.tokens("满洲里口岸的中欧班列")
    with pytest.raises(ImportError):
        make_cut(reference.tokenizer, "rjieba")


def test_an_unknown_engine_is_refused(reference):
    with pytest.raises(ValueError, match="unknown segmentation engine"):
        make_cut(reference.tokenizer, "pkuseg")
