"""End to end: the sample seeds built with the real CLI into a temporary folder."""
from __future__ import annotations

import filecmp
import json
import subprocess
import sys
from pathlib import Path

import pytest

from site_builder.evaluate import evaluate, load_gold, score
from site_builder.content import load_dir
from site_builder.render.links import check_links

REPO = Path(__file__).resolve().parents[1]
GOLD = REPO / "tests" / "data" / "gold_seeds.yaml"
SHARED = REPO.parent / "shared"

# Floors only go up: raise them when the extraction improves, never lower them.
FLOORS = {"recall": 1.0, "precision": 1.0, "title": 1.0, "subtitle": 1.0, "kicker": 1.0,
          "source": 1.0, "dateline": 1.0, "date": 1.0, "authors": 1.0, "tags_f1": 0.95,
          "places_f1": 0.95}


# what a discard may be: page furniture or page labels, never story text
FURNITURE_KINDS = {"display text", "Latin slogan", "photo credit", "credits", "column label",
                   "QR prompt", "continuation marker", "poster table", "footer", "page header",
                   "page banner", "separator", "too short to be a story"}


def run_cli(*args: str, cwd: Path = REPO) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "site_builder", *args], cwd=cwd,
                          capture_output=True, text=True, check=False)


def build(target: Path, *extra: str) -> subprocess.CompletedProcess:
    return run_cli("build", "--seeds", str(REPO / "seeds"), "--content", str(target / "content"),
                   "--output", str(target / "_site"), *extra)


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    target = tmp_path_factory.mktemp("build")
    done = build(target)
    assert done.returncode == 0, done.stderr
    assert "build: 12 articles" in done.stdout
    return target


def test_every_internal_link_resolves(site: Path):
    pages = list((site / "_site").rglob("*.html"))
    assert len(pages) > 20
    assert check_links(site / "_site") == []
    for name in ("index.html", "404.html", ".nojekyll", "tags/index.html", "search.html"):
        assert (site / "_site" / name).exists(), name


def test_no_page_loads_anything_from_the_network(site: Path):
    for page in (site / "_site").rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        for needle in ('src="http', "src='http", 'href="//', "@import url(http", "fonts.googleapis"):
            assert needle not in html, f"{page}: {needle}"
        assert '<link rel="stylesheet" href="http' not in html


def test_two_builds_are_byte_identical(site: Path, tmp_path: Path):
    assert build(tmp_path, "--quiet").returncode == 0
    for folder in ("content", "_site"):
        compare = filecmp.dircmp(site / folder, tmp_path / folder)
        stack = [compare]
        while stack:
            node = stack.pop()
            assert not node.left_only and not node.right_only, (node.left, node.left_only, node.right_only)
            _, mismatch, errors = filecmp.cmpfiles(node.left, node.right, node.common_files, shallow=False)
            assert not mismatch and not errors, (node.left, mismatch, errors)
            stack.extend(node.subdirs.values())


def test_extraction_score_holds_its_floors(site: Path):
    result = evaluate(site / "content", GOLD)
    got = {"recall": result.recall, "precision": result.precision, **result.fields,
           "authors": result.authors, "tags_f1": result.tags_f1, "places_f1": result.places_f1}
    low = {k: (got[k], floor) for k, floor in FLOORS.items() if got[k] < floor}
    assert not low, f"below the floor: {low}\n" + "\n".join(result.wrong)
    assert result.duplicates[0] == result.duplicates[1] == 1
    assert result.proposals[0] == result.proposals[1]
    assert result.leaks == []


def test_eval_command_prints_the_summary(site: Path):
    done = run_cli("eval", str(GOLD), "--content", str(site / "content"))
    assert done.returncode == 0
    assert done.stdout.strip().splitlines()[-1].startswith("summary: recall=1.0 precision=1.0")


@pytest.mark.skipif(not (SHARED / "tools" / "score_extraction.py").exists(),
                    reason="the reference scorer lives in ../shared, beside the repository")
def test_project_scorer_agrees_with_the_reference_scorer(site: Path):
    done = subprocess.run([sys.executable, str(SHARED / "tools" / "score_extraction.py"),
                           str(site / "content"), str(GOLD), "--json"],
                          capture_output=True, text=True, check=True)
    reference = json.loads(done.stdout)
    ours = evaluate(site / "content", GOLD)
    assert reference["article_recall"] == ours.recall
    assert reference["fields_right"] == ours.fields
    assert reference["tags"]["f1"] == ours.tags_f1
    assert reference["non_article_leaks"] == len(ours.leaks)


def test_discard_report_holds_only_page_furniture(site: Path):
    """Every discarded block is furniture: none of it is the text of a gold article."""
    import yaml
    gold = load_gold(GOLD)
    report = yaml.safe_load((site / "content" / "_discarded.yaml").read_text(encoding="utf-8"))
    assert report, "the samples have furniture, so the report is not empty"
    articles, _ = load_dir(site / "content")
    for block in report:
        assert block["text"].strip()
        assert block["why"] in FURNITURE_KINDS, block
        for article in gold["articles"]:
            for probe in (article["body_starts_with"], article["body_ends_with"]):
                assert probe[:12] not in block["text"], block


def test_hand_edits_are_kept_and_deleted_files_not_recreated(site: Path, tmp_path: Path):
    assert build(tmp_path, "--quiet").returncode == 0
    files = sorted((tmp_path / "content").glob("*.md"))
    edited, deleted = files[0], files[1]
    edited.write_text(edited.read_text(encoding="utf-8") + "\n编辑补充的一段。\n", encoding="utf-8")
    deleted.unlink()
    done = build(tmp_path)
    assert done.returncode == 0
    assert "编辑补充的一段" in edited.read_text(encoding="utf-8")
    assert not deleted.exists()
    assert f"{edited.name}: edited by hand" in done.stderr
    assert f"{deleted.name}: deleted by hand" in done.stderr
    # nothing changed since: the ingest is not done again, and says the same
    again = build(tmp_path)
    said = [[line for line in run.stderr.splitlines() if not line.startswith("  ")]
            for run in (done, again)]  # (not the progress lines)
    assert again.returncode == 0 and said[0] == said[1]
    assert "编辑补充的一段" in edited.read_text(encoding="utf-8") and not deleted.exists()
    # a second edit of the same file after that is kept too
    edited.write_text(edited.read_text(encoding="utf-8") + "\n再补充一段。\n", encoding="utf-8")
    assert build(tmp_path).returncode == 0
    assert "再补充一段" in edited.read_text(encoding="utf-8")
    assert "再补充一段" in "".join(p.read_text("utf-8")
                                  for p in (tmp_path / "_site" / "articles").glob("*.html"))


def test_bad_seed_is_named_and_the_others_still_build(tmp_path: Path):
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    (seeds / "good.txt").write_text((REPO / "seeds" / "004_966616f6530f4cc9.txt").read_text("utf-8"),
                                    encoding="utf-8")
    (seeds / "empty.txt").write_bytes(b"")
    done = run_cli("build", "--seeds", str(seeds), "--content", str(tmp_path / "content"),
                   "--output", str(tmp_path / "_site"))
    assert done.returncode == 1
    assert "empty.txt: the file is empty" in done.stderr
    assert len(list((tmp_path / "content").glob("*.md"))) == 3
    assert (tmp_path / "_site" / "index.html").exists()


def test_usage_errors_exit_2():
    assert run_cli("frobnicate").returncode == 2
    assert run_cli("build", "--help").returncode == 0


def test_score_function_counts_a_missing_article():
    gold = {"articles": [{"id": "a", "body_starts_with": "甲乙丙丁戊己庚辛", "body_ends_with": "壬癸",
                          "approx_chars": 10, "title": "题"}]}
    assert score([], gold).recall == 0.0


def test_export_writes_every_article(site: Path, tmp_path: Path):
    target = tmp_path / "articles.jsonl"
    done = run_cli("export", "--format", "jsonl", "--content", str(site / "content"),
                   "--to", str(target))
    assert done.returncode == 0, done.stderr
    records = [json.loads(line) for line in target.read_text(encoding="utf-8").splitlines()]
    assert len(records) == 12
    assert all(r["body"] and r["id"] and "tags" in r for r in records)
    done = run_cli("export", "--format", "csv", "--content", str(site / "content"))
    assert done.returncode == 0 and len(done.stdout.strip().splitlines()) == 13
