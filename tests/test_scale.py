"""The site grows linearly with the archive, even when its stories share paragraphs
(boilerplate, stock descriptions): sharing a paragraph does not make two stories one
(duplicate groups would chain across the archive and every article page would list
every other "printing"), and every list on a page is bounded.

By hand, at the sizes of the issue (2,000 and 8,000 stories):
    SCALE_SIZES=2000,8000 python -m pytest -q tests/test_scale.py -s
"""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from site_builder.content import load
from site_builder.ingest.dedupe import one_story, shingles

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "bench"))

from generate import generate  # noqa: E402

SIZES = tuple(int(n) for n in os.environ.get("SCALE_SIZES", "200,800").split(","))
SHARED_PARAGRAPHS = 60  # the pool every story takes one to four paragraphs from
TOLERANCE = 0.10        # bytes per story may differ this much between the sizes
LARGEST_ARTICLE = 64 * 1024  # no article page grows with the archive past this


def site_bytes(folder: Path) -> tuple[int, int]:
    """The size of every file of the site, and of its largest article page."""
    total = sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())
    return total, max(p.stat().st_size for p in (folder / "articles").glob("*.html"))


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> dict[int, Path]:
    sites = {}
    for stories in SIZES:
        folder = tmp_path_factory.mktemp(f"shared-{stories}")
        generate(stories, folder / "seeds", shared_paragraphs=SHARED_PARAGRAPHS)
        done = subprocess.run([sys.executable, "-m", "site_builder", "build", "--quiet",
                               "--no-cache"], cwd=folder, capture_output=True, text=True,
                              env={**os.environ, "PYTHONPATH": str(REPO)})
        assert done.returncode == 0, done.stderr
        sites[stories] = folder
    return sites


def test_site_bytes_per_story_do_not_grow_with_the_archive(built):
    per_story = {}
    for stories, folder in built.items():
        total, largest = site_bytes(folder / "_site")
        per_story[stories] = total / stories
        print(f"\n{stories} stories: {total:,} bytes, {per_story[stories]:,.0f} a story, "
              f"largest article page {largest:,} bytes")
        assert largest < LARGEST_ARTICLE, (stories, largest)
    small, large = per_story[min(SIZES)], per_story[max(SIZES)]
    assert abs(large - small) <= TOLERANCE * small, per_story


def test_only_reprints_are_linked_and_each_to_a_copy_it_is_like(built):
    for stories, folder in built.items():
        articles = {a.id: a for a in (load(p) for p in (folder / "content").glob("[!_]*.md"))}
        linked = [a for a in articles.values() if a.duplicate_of]
        # the generator reprints 2% of its stories; sharing paragraphs links none
        assert len(linked) <= 0.05 * stories, (stories, len(linked))
        for article in linked:
            canonical = articles[article.duplicate_of]
            assert canonical.duplicate_of is None
            assert one_story(shingles(article.body), shingles(canonical.body)), article.id
