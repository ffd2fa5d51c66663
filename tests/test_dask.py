"""--executor dask (issue 17): the shipped sample pages built on a real dask.distributed
LocalCluster of two workers give the same bytes as a local build, cold and after one
page is edited (the page cache's carry-over on the cluster's side); the one-line
errors of an unreachable scheduler, of --scheduler without dask and of dask missing."""
from __future__ import annotations

import hashlib
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

pytest.importorskip("distributed")

REPO = Path(__file__).resolve().parents[1]


def run(cwd: Path, *args: str, code: int = 0, env: dict | None = None
        ) -> subprocess.CompletedProcess:
    done = subprocess.run([sys.executable, "-m", "site_builder", *args, "--config",
                           str(cwd / "site.yaml")], cwd=cwd, capture_output=True, text=True,
                          env={"PYTHONPATH": str(REPO), "PATH": "/usr/bin:/bin", **(env or {})})
    assert done.returncode == code, done.stderr
    return done


def hashes(folder: Path) -> dict[str, str]:
    """The SHA-256 of every file under `folder`, by its path there."""
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def site(tmp: Path) -> Path:
    tmp.mkdir(parents=True)
    shutil.copytree(REPO / "seeds", tmp / "seeds")
    shutil.copy(REPO / "site.yaml", tmp / "site.yaml")
    return tmp


def same_output(local: Path, dask: Path) -> None:
    for part in ("content", "_site"):
        a, b = hashes(local / part), hashes(dask / part)
        assert a.keys() == b.keys(), sorted(a.keys() ^ b.keys())
        assert [p for p in a if a[p] != b[p]] == []
        assert len(a) > 10


def rendered(done: subprocess.CompletedProcess) -> str:
    """The build line's counts: articles, pages and how many were rendered."""
    return re.search(r"build: (\d+ articles, \d+ pages \(\d+ rendered\))", done.stdout + done.stderr)[1]


def test_a_dask_build_is_byte_identical_to_a_local_one(tmp_path: Path):
    local, dask = site(tmp_path / "local"), site(tmp_path / "dask")
    one = run(local, "build", "--jobs", "2")
    two = run(dask, "build", "--executor", "dask", "--jobs", "2")
    same_output(local, dask)
    assert rendered(one) == rendered(two)
    # one page edited: the cached rebuild ingests it again and renders what changed,
    # carrying the other pages over, on the cluster as here
    for folder in (local, dask):
        page = sorted((folder / "seeds").glob("*.txt"))[1]
        text = page.read_text("utf-8")
        page.write_text(text.replace("。", "。\n\n本报记者 张三 报道。\n", 1), "utf-8")
    one = run(local, "build", "--jobs", "2")
    two = run(dask, "build", "--executor", "dask", "--jobs", "2")
    same_output(local, dask)
    assert rendered(one) == rendered(two)
    assert "111 rendered" not in rendered(two)  # (not everything was rendered again)


def test_an_unreachable_scheduler_is_one_line(tmp_path: Path):
    folder = site(tmp_path / "s")
    done = run(folder, "build", "--executor", "dask", "--scheduler", "tcp://127.0.0.1:1",
               code=1, env={"DASK_DISTRIBUTED__COMM__TIMEOUTS__CONNECT": "1s"})
    assert done.stderr.splitlines()[-1].startswith(
        "error: tcp://127.0.0.1:1: cannot reach the Dask scheduler: ")
    assert "Traceback" not in done.stderr and "(hint: start one with `dask scheduler`" in \
        done.stderr
    done = run(folder, "build", "--executor", "dask", "--scheduler", "nosuch://x:1", code=1)
    assert done.stderr.splitlines()[-1].startswith(
        "error: nosuch://x:1: cannot reach the Dask scheduler: unknown address scheme")
    assert not (folder / "_site").exists()
    done = run(folder, "build", "--scheduler", "tcp://127.0.0.1:1", code=2)
    assert "error: --scheduler needs --executor dask" in done.stderr


def test_dask_missing_is_one_line(tmp_path: Path):
    folder = site(tmp_path / "s")
    done = subprocess.run(
        [sys.executable, "-c", "import sys; sys.modules['distributed'] = None; "
                               "from site_builder.cli import main; sys.exit(main(sys.argv[1:]))",
         "build", "--executor", "dask", "--config", str(folder / "site.yaml")],
        cwd=folder, capture_output=True, text=True,
        env={"PYTHONPATH": str(REPO), "PATH": os.environ.get("PATH", "/usr/bin:/bin")})
    assert done.returncode == 1
    assert done.stderr.splitlines() == [
        "error: --executor dask needs dask.distributed "
        "(hint: pip install 'site-builder[dask]')"]


def square_or_fail(offset: int, task: int) -> int:
    """A task function for the executor: a SiteError for task 13."""
    from site_builder.errors import SiteError

    if task == 13:
        raise SiteError("page-13.txt", "cannot read the page", 4, hint="check it")
    return (task + offset) ** 2


def test_the_executor_keeps_task_order_and_raises_a_worker_s_site_error():
    import cloudpickle

    from site_builder.dask_executor import DaskExecutor
    from site_builder.errors import SiteError

    cloudpickle.register_pickle_by_value(sys.modules[__name__])  # (tests/ is no package)
    with DaskExecutor(2) as executor:
        tasks = [t for t in range(40) if t != 13]
        with executor.map(square_or_fail, 1, tasks, chunk=3) as results:
            assert list(results) == [(t + 1) ** 2 for t in tasks]
        with executor.map(square_or_fail, 0, []) as results:
            assert list(results) == []
        with pytest.raises(SiteError) as raised:
            with executor.map(square_or_fail, 0, list(range(20)), chunk=2) as results:
                list(results)
        assert raised.value.lines() == ["page-13.txt:4: cannot read the page (hint: check it)"]
        with executor.background(lambda: 6 * 7) as pending:
            assert pending.result() == 42
