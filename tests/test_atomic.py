"""A failed, interrupted or concurrent build never damages the previous site."""
from __future__ import annotations

import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

from site_builder.lock import build_lock

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "bench"))

from generate import generate  # noqa: E402

# Stories of the archive the killed build works on: its render writes thousands of
# pages over seconds, so the build is surely still running when it is killed.
KILLED_ARCHIVE = 800


def snapshot(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def build_args(tmp: Path, seeds: Path) -> list[str]:
    return [sys.executable, "-m", "site_builder", "build", "--seeds", str(seeds),
            "--content", str(tmp / "content"), "--output", str(tmp / "_site"), "--quiet"]


def test_a_build_killed_midway_leaves_the_previous_site_byte_identical(tmp_path: Path):
    seeds = tmp_path / "seeds"
    shutil.copytree(REPO / "seeds", seeds)
    subprocess.run(build_args(tmp_path, seeds), cwd=REPO, check=True)
    before = snapshot(tmp_path / "_site")
    generate(KILLED_ARCHIVE, seeds)
    process = subprocess.Popen(build_args(tmp_path, seeds), cwd=REPO)
    deadline = time.monotonic() + 300
    written = None
    while time.monotonic() < deadline and process.poll() is None:
        new = [p for p in tmp_path.glob("._site.new-*") if any(p.rglob("*.html"))]
        if new:
            # the new site is being written: the build is still running, midway
            assert process.poll() is None
            process.send_signal(signal.SIGKILL)
            written = sum(1 for _ in new[0].rglob("*.html"))
            break
        time.sleep(0.005)
    process.wait()
    assert written is not None, "the build ended (or timed out) before it could be killed"
    assert process.returncode == -signal.SIGKILL, "the build ended before it was killed"
    # killed while writing the new site, far from its end (an article page per story)
    assert 0 < written < KILLED_ARCHIVE / 2, written
    assert snapshot(tmp_path / "_site") == before
    # the next build clears what the killed one left behind; the site it replaced is
    # left beside the new one for the next render to delete (while it works)
    subprocess.run(build_args(tmp_path, REPO / "seeds"), cwd=REPO, check=True)
    left = list(tmp_path.glob("._site.*"))
    assert [p.name.startswith("._site.old-") for p in left] == [True]
    fewer = tmp_path / "fewer"
    shutil.copytree(REPO / "seeds", fewer)
    min(fewer.glob("*.txt")).unlink()  # (another site: rendered again)
    subprocess.run(build_args(tmp_path, fewer), cwd=REPO, check=True)
    now = list(tmp_path.glob("._site.*"))
    assert len(now) == 1 and now != left and now[0].name.startswith("._site.old-")


def test_a_second_build_is_refused_while_one_runs(tmp_path: Path):
    with build_lock(REPO / ".cache" / "build.lock"):
        done = subprocess.run(build_args(tmp_path, REPO / "seeds"), cwd=REPO,
                              capture_output=True, text=True, check=False)
    assert done.returncode == 1
    assert "another build is writing this site" in done.stderr
    assert not (tmp_path / "_site").exists()
