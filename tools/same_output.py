"""Do two versions of the code build the same bytes? A commit against the working tree.

    python tools/same_output.py BASE [--articles 10000] [--tree DIR] [--jobs 2]

BASE (a commit, branch or tag) is checked out into a temporary git worktree, so that
uncommitted changes of anyone's working tree cannot leak into it; the other side is
`--tree` (default: the checkout this script is in, as it is on disk). Each side builds
with its own code (PYTHONPATH=its checkout, this interpreter and its packages) in a
temporary site folder of its own (its site.yaml copied in, its default theme, a cache
of its own), from the same inputs:

  sample          the sample pages (BASE's seeds/): content/ and _site/
  sample-base-url the same with --base-url (feeds, sitemap, canonical links)
  bench-N         bench/generate.py's archive of N articles (made once, by BASE's
                  generate.py): content/ and _site/ of a cold build
  bench-N-edited  the same site after one page was edited and rebuilt with the cache
                  (bench/run.py's edit): the incremental paths
  bench-N-added   then after a new page of 4 new stories was added (bench/generate.add_page)

Every file's SHA-256 is compared (the build's own cache folder is not output); the
script prints one line per scenario and the files that differ, and exits 1 when any do.
"""
from __future__ import annotations

import argparse
import hashlib
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent.parent


def run(argv: list[str], cwd: Path, env: dict | None = None) -> None:
    done = subprocess.run(argv, cwd=cwd, env=env, stdout=subprocess.PIPE,
                          stderr=subprocess.STDOUT, text=True)
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(argv)} (in {cwd}) failed:\n{done.stdout[-3000:]}")


def hashes(*folders: Path) -> dict[str, str]:
    """'folder-name/relative/path' -> SHA-256 of every file under `folders`."""
    found = {}
    for folder in folders:
        for path in sorted(folder.rglob("*")):
            if path.is_file():
                key = f"{folder.name}/{path.relative_to(folder).as_posix()}"
                found[key] = hashlib.sha256(path.read_bytes()).hexdigest()
    return found


def tree_digest(found: dict[str, str]) -> str:
    return hashlib.sha256("".join(f"{k}\0{v}\n" for k, v in sorted(found.items()))
                          .encode()).hexdigest()[:16]


class Side:
    """One version of the code and the site folders it builds in."""

    def __init__(self, name: str, checkout: Path, work: Path, jobs: int) -> None:
        self.name, self.checkout, self.jobs = name, checkout, jobs
        self.work = work / name
        self.env = dict(os.environ, PYTHONPATH=str(checkout))
        self.env.pop("PYTHONHASHSEED", None)

    def site(self, scenario: str) -> Path:
        folder = self.work / scenario
        if not folder.exists():
            folder.mkdir(parents=True)
            shutil.copyfile(self.checkout / "site.yaml", folder / "site.yaml")
        return folder

    def build(self, scenario: str, seeds: Path, *extra: str) -> float:
        folder = self.site(scenario)
        start = time.perf_counter()
        run([sys.executable, "-m", "site_builder", "build", "--seeds", str(seeds),
             "--content", "content", "--output", "_site", "--jobs", str(self.jobs), "--quiet",
             *extra], folder, self.env)
        return time.perf_counter() - start

    def output(self, scenario: str) -> dict[str, str]:
        folder = self.site(scenario)
        return hashes(folder / "content", folder / "_site")


def _bench(function: str, seeds: Path, number: int) -> None:
    """function(seeds, number) of this tree's bench/generate.py (the base's may predate
    it): the benchmark's edit of a page, or its added page."""
    run([sys.executable, "-c", "import sys; from pathlib import Path; import generate; "
         f"generate.{function}(Path(sys.argv[1]), int(sys.argv[2]))", str(seeds), str(number)],
        HERE / "bench")


def compare(scenario: str, sides: list[Side], seconds: list[float],
            label: str | None = None) -> bool:
    base, head = (side.output(scenario) for side in sides)
    differ = sorted(k for k in base.keys() | head.keys() if base.get(k) != head.get(k))
    times = ", ".join(f"{s.name} {t:.1f} s" for s, t in zip(sides, seconds))
    verdict = "identical" if not differ else f"{len(differ)} FILES DIFFER"
    print(f"{label or scenario:<18} {len(base):6d} files  {tree_digest(base)} {tree_digest(head)}  "
          f"{verdict}  ({times})", flush=True)
    for key in differ[:20]:
        print(f"    {key}: {base.get(key, 'missing')[:12]} {head.get(key, 'missing')[:12]}")
    return not differ


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("base", help="commit to compare with (e.g. main, 0c9cb97)")
    parser.add_argument("--tree", type=Path, default=HERE,
                        help="the checkout whose working tree is compared (default: this one)")
    parser.add_argument("--articles", type=int, default=10000,
                        help="articles of the bench archive (0: no bench scenarios)")
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--keep", action="store_true", help="keep the temporary folders")
    args = parser.parse_args()
    tree = args.tree.resolve()
    commit = subprocess.run(["git", "rev-parse", args.base], cwd=tree, check=True,
                            capture_output=True, text=True).stdout.strip()
    head = subprocess.run(["git", "rev-parse", "HEAD"], cwd=tree, check=True,
                          capture_output=True, text=True).stdout.strip()
    dirty = subprocess.run(["git", "status", "--porcelain", "--untracked-files=no"], cwd=tree,
                           check=True, capture_output=True, text=True).stdout.strip()
    work = Path(tempfile.mkdtemp(prefix="same-output-"))
    checkout = work / "base-checkout"
    run(["git", "worktree", "add", "--detach", str(checkout), commit], tree)
    ok = True
    try:
        print(f"base {commit[:12]} (worktree {checkout})\n"
              f"tree {tree} at {head[:12]}{' with uncommitted changes' if dirty else ''}\n"
              f"jobs {args.jobs}, python {sys.version.split()[0]}", flush=True)
        sides = [Side("base", checkout, work, args.jobs), Side("tree", tree, work, args.jobs)]
        seeds = checkout / "seeds"
        ok &= compare("sample", sides, [s.build("sample", seeds) for s in sides])
        ok &= compare("sample-base-url", sides, [
            s.build("sample-base-url", seeds, "--base-url", "https://example.org/archive/")
            for s in sides])
        if args.articles:
            archive = work / f"seeds-{args.articles}"
            run([sys.executable, str(checkout / "bench" / "generate.py"), "--articles",
                 str(args.articles), "--out", str(archive)], checkout)
            name = f"bench-{args.articles}"
            ok &= compare(name, sides, [s.build(name, archive) for s in sides])
            _bench("edit_one_page", archive, 0)
            ok &= compare(name, sides, [s.build(name, archive) for s in sides],
                          label=f"{name}-edited")
            _bench("add_page", archive, args.articles)
            ok &= compare(name, sides, [s.build(name, archive) for s in sides],
                          label=f"{name}-added")
    finally:
        run(["git", "worktree", "remove", "--force", str(checkout)], tree)
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
        else:
            print(f"kept {work}")
    print("same output" if ok else "OUTPUT DIFFERS")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
