"""The dev half's stories laid out on new pages by the corpus's own layout engine
(tools/synth_eval.py): layouts the dev half does not print, with floors that only rise.
Skipped cleanly when ../shared is not beside the repository."""
from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
CORPUS = REPO.parent / "shared" / "corpus"

pytestmark = pytest.mark.skipif(not (CORPUS / "make_pages.py").is_file(),
                                reason="../shared/corpus is not beside the repository")

# what the page model reaches today on two fixed draws; raise them, never lower them
# (set again whenever synth_eval draws other pages: when a raw page's stories came to
# share its indent and blank lines, and when boxed bylines, captions among the paragraphs,
# column-break blank lines and more Markdown marks were added)
FLOORS = {
    1: {"recall": 0.95, "precision": 0.98, "title": 0.95, "kicker": 0.96, "authors": 0.95},
    # (seed 2's precision 0.89 -> 0.88 on 2026-12-01: a short headline that asks, then
    # answers is now read as one, and one more piece of that draw splits off; the means
    # of seeds 1-6 rose, precision 0.890 -> 0.909. Its authors 0.87 -> 0.86 on 2026-12-02:
    # a head printed after its body keeps its speaker line, which names the speaker as an
    # author as it does under a leading head - the gold counts that speaker in some stories
    # and not in others of the same shape; recall 0.895 -> 0.930, precision 0.885 -> 0.941.
    # The gold's rule there, 2026-12-06: a speaker whose words reporters wrote down
    # (`（记者X采访整理）`) is no author; authors 0.94 -> 0.95 on seed 2, 0.915 -> 0.951 on 1)
    2: {"recall": 0.95, "precision": 0.96, "title": 0.97, "kicker": 0.95, "authors": 0.95},
}


@pytest.mark.parametrize("seed", sorted(FLOORS))
def test_synthetic_pages_hold_their_floors(seed):
    out = subprocess.run([sys.executable, str(REPO / "tools" / "synth_eval.py"), "--seed", str(seed),
                          "--corpus", str(CORPUS)], capture_output=True, text=True, cwd=REPO,
                         check=True)
    summary = out.stdout.strip().splitlines()[-1]
    got = {k: float(v) for k, v in re.findall(r"(\w+)=([\d.]+)", summary)}
    low = {k: (got[k], floor) for k, floor in FLOORS[seed].items() if got[k] < floor}
    assert not low, f"seed {seed} below its floors: {low} ({summary})"
