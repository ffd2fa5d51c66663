"""--jobs and the cache: output independent of the number of workers, and a cached
rebuild always equal to a clean build (the cache never serves stale output), while
what did not change is not rewritten."""
from __future__ import annotations

import filecmp
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "bench"))

from generate import generate  # noqa: E402


def run(cwd: Path, *args: str) -> subprocess.CompletedProcess:
    done = subprocess.run([sys.executable, "-m", "site_builder", *args, "--config",
                           str(cwd / "site.yaml")], cwd=cwd, capture_output=True, text=True,
                          env={"PYTHONPATH": str(REPO), "PATH": "/usr/bin:/bin"})
    assert done.returncode == 0, done.stderr
    return done


def same_tree(a: Path, b: Path) -> list[str]:
    """Paths that differ between two folders (missing on either side or other bytes)."""
    diffs = []
    names_a = {p.relative_to(a) for p in a.rglob("*") if p.is_file()}
    names_b = {p.relative_to(b) for p in b.rglob("*") if p.is_file()}
    diffs += [str(n) for n in names_a ^ names_b]
    diffs += [str(n) for n in names_a & names_b
              if not filecmp.cmp(a / n, b / n, shallow=False)]
    return sorted(diffs)


def site_folder(tmp: Path, seeds: Path, config: str = "") -> Path:
    tmp.mkdir(parents=True, exist_ok=True)
    shutil.copytree(seeds, tmp / "seeds")
    (tmp / "site.yaml").write_text(config, "utf-8")
    return tmp


@pytest.fixture(scope="module")
def archive(tmp_path_factory) -> Path:
    """~60 generated articles on more pages than the pool threshold."""
    seeds = tmp_path_factory.mktemp("archive") / "seeds"
    generate(60, seeds)
    return seeds


def test_jobs_do_not_change_a_byte(tmp_path: Path, archive: Path):
    one = site_folder(tmp_path / "one", archive)
    two = site_folder(tmp_path / "two", archive)
    run(one, "build", "--jobs", "1", "--no-cache")
    run(two, "build", "--jobs", "2", "--no-cache")
    assert same_tree(one / "content", two / "content") == []
    assert same_tree(one / "_site", two / "_site") == []
    assert not (one / ".cache" / "ingest").exists()  # --no-cache writes nothing


def cached_equals_clean(work: Path, clean: Path) -> tuple[int, int]:
    """Rebuild `work` with its cache and `clean` (same inputs) without: same output.
    Returns (pages, pages rendered afresh) of the cached build."""
    shutil.rmtree(clean, ignore_errors=True)
    shutil.copytree(work, clean, ignore=shutil.ignore_patterns(".cache", "_site", "content"))
    done = run(work, "build", "--jobs", "2")
    # in two steps, so that the clean render reads back every content file (a build
    # hands its ingest's articles to its render)
    run(clean, "ingest", "--jobs", "1", "--no-cache")
    run(clean, "render", "--jobs", "1", "--no-cache")
    assert same_tree(work / "content", clean / "content") == []
    assert same_tree(work / "_site", clean / "_site") == []
    pages, rendered = re.search(r"(\d+) pages \((\d+) rendered\)", done.stdout).groups()
    return int(pages), int(rendered)


def mtimes(folder: Path) -> dict[str, int]:
    return {p.name: p.stat().st_mtime_ns for p in folder.glob("*.md")}


def test_cache_follows_every_input(tmp_path: Path, archive: Path):
    work = site_folder(tmp_path / "work", archive)
    clean = tmp_path / "clean"
    run(work, "build", "--jobs", "2")
    assert list((work / ".cache" / "ingest").glob("*.pkl"))

    # nothing changed: nothing is written, the site stays the very same folder
    before, index = mtimes(work / "content"), (work / "_site" / "index.html").stat()
    done = run(work, "build")
    assert mtimes(work / "content") == before
    assert (work / "_site" / "index.html").stat().st_mtime_ns == index.st_mtime_ns
    assert "build:" in done.stdout

    # one seed changed: only its stories' content files are rewritten
    page = sorted((work / "seeds").glob("*.txt"))[3]
    text = page.read_text("utf-8")
    marker = "据统计，全年新开工项目达到一百二十个。"
    page.write_text(text.replace("\n\n本报记者", "\n\n本报记者", 1).replace(
        "日电 ", "日电 " + marker, 1), "utf-8")
    pages, rendered = cached_equals_clean(work, clean)
    assert 0 < rendered < pages / 4  # the other pages were carried over (page cache)
    after = mtimes(work / "content")
    changed = {name for name in after if after[name] != before.get(name)}
    assert changed and len(changed) < len(after) / 4
    assert any(marker in (work / "content" / name).read_text("utf-8") for name in changed)
    assert any(marker in p.read_text("utf-8") for p in (work / "_site" / "articles").glob("*"))

    # a template changed: the pages show it
    templates = work / "templates"
    shutil.copytree(REPO / "templates", templates)
    base = templates / "base.html"
    base.write_text(base.read_text("utf-8").replace("</body>", "<!-- template-marker --></body>"),
                    "utf-8")
    (work / "site.yaml").write_text("paths: {templates: templates}\n", "utf-8")
    pages, rendered = cached_equals_clean(work, clean)
    assert rendered == pages  # every page shows the template
    assert "template-marker" in next((work / "_site" / "articles").glob("*.html")).read_text()

    # a config key of the render changed
    (work / "site.yaml").write_text("paths: {templates: templates}\ntitle: 缓存测试报\n", "utf-8")
    cached_equals_clean(work, clean)
    assert "缓存测试报" in (work / "_site" / "index.html").read_text("utf-8")

    # a config key of the ingest changed (the paper stories without a wire are from)
    (work / "site.yaml").write_text("paths: {templates: templates}\ntitle: 缓存测试报\n"
                                    "newspaper: 测试日报\n", "utf-8")
    cached_equals_clean(work, clean)

    # a seed removed: its stories go, the rest stay
    page.unlink()
    cached_equals_clean(work, clean)


def test_edited_output_page_is_not_carried_over(tmp_path: Path, archive: Path):
    """A page of _site changed by hand is rendered again, not kept by the page cache."""
    work = site_folder(tmp_path / "work", archive)
    clean = tmp_path / "clean"
    run(work, "build", "--jobs", "2")
    victim = sorted((work / "_site" / "articles").glob("*.html"))[0]
    victim.write_text(victim.read_text("utf-8") + "<!-- edited -->", "utf-8")
    page = sorted((work / "seeds").glob("*.txt"))[1]
    page.write_text(page.read_text("utf-8").replace("日电 ", "日电 据悉，", 1), "utf-8")
    cached_equals_clean(work, clean)
    assert "edited" not in (work / "_site" / victim.relative_to(work / "_site")).read_text()


def edit_article(path: Path, **changes) -> None:
    from dataclasses import replace
    from site_builder import content
    article = content.load(path)
    path.write_text(content.dumps(replace(article, **changes)), "utf-8")


def render_equals_clean(work: Path, clean: Path) -> tuple[int, int]:
    """`render` of `work` with its cache and of a copy without: the same site.
    Returns (pages, pages rendered afresh) of the cached render."""
    shutil.rmtree(clean, ignore_errors=True)
    shutil.copytree(work, clean, ignore=shutil.ignore_patterns(".cache", "_site"))
    done = run(work, "render", "--jobs", "2")
    run(clean, "render", "--jobs", "1", "--no-cache")
    assert same_tree(work / "_site", clean / "_site") == []
    pages, rendered = re.search(r"(\d+) pages \((\d+) rendered\)", done.stdout).groups()
    return int(pages), int(rendered)


def test_pages_carried_over_unseen_are_never_stale(tmp_path: Path, archive: Path):
    """The render plan (changes.py) looks only at the pages of what changed: after each
    kind of edit of one content file, the cached render equals a clean one."""
    # (3 a listing page: listings of many pages, whose pages must not go stale)
    work = site_folder(tmp_path / "work", archive, "paths: {templates: templates}\nper_page: 3\n")
    clean = tmp_path / "clean"
    # a theme whose links show their counts (a tag's number of articles, on every page
    # whose links carry it)
    shutil.copytree(REPO / "templates", work / "templates")
    macros = work / "templates" / "_macros.html"
    macros.write_text(macros.read_text("utf-8").replace(
        "{{ l.text }}</a>", "{{ l.text }}</a>{% if l.count %}({{ l.count }}){% endif %}", 1),
        "utf-8")
    run(work, "build", "--jobs", "2")
    files = sorted((work / "content").glob("*.md"))
    from site_builder import content
    articles = {path: content.load(path) for path in files}
    tagged = next(p for p, a in articles.items() if a.tags and a.places and a.keywords)
    other = next(p for p, a in articles.items() if p != tagged and a.tags)

    edit_article(tagged, body=articles[tagged].body + "\n\n据统计，全年新开工项目达到一百二十个。")
    pages, rendered = render_equals_clean(work, clean)
    assert 0 < rendered < pages / 4  # the plan kept most pages unseen
    edit_article(tagged, title="一个新的标题")             # shown on listings and neighbours
    render_equals_clean(work, clean)
    edit_article(tagged, tags=articles[tagged].tags[1:])  # a tag's count and listing
    render_equals_clean(work, clean)
    edit_article(other, tags=tuple(dict.fromkeys(articles[other].tags + articles[tagged].tags)))
    render_equals_clean(work, clean)
    edit_article(other, keywords=articles[tagged].keywords)  # related articles move
    render_equals_clean(work, clean)
    edit_article(tagged, places=())                        # a place's count and listing
    render_equals_clean(work, clean)
    edit_article(other, date="2031-01-01")                 # the order changes: no plan
    pages, rendered = render_equals_clean(work, clean)
    edit_article(other, duplicate_of=tagged.stem)          # a printing of another story
    render_equals_clean(work, clean)
    tagged.unlink()                                        # an article goes
    render_equals_clean(work, clean)
    # a new day's stories come in, newest of all, under tags, places and keywords of the
    # others: their pages, their listings, their neighbours and related ones are
    # rendered, not the rest
    def add(path: Path, number: int, date: str | None = None) -> None:
        from dataclasses import replace
        new = replace(articles[path], id=f"new-story-{number}", title=f"新的一天的报道{number}",
                      date=date or f"2032-01-0{number}", duplicate_of=None)
        (work / "content" / f"{new.id}.md").write_text(content.dumps(new), "utf-8")
    add(other, 1)
    pages, rendered = render_equals_clean(work, clean)
    assert 0 < rendered < pages / 2
    add(files[5], 2)
    add(files[6], 3)
    render_equals_clean(work, clean)
    add(files[7], 4)
    (work / "content" / "new-story-2.md").unlink()  # (and an added one taken away)
    render_equals_clean(work, clean)
    add(files[8], 5, articles[files[9]].date)       # one dated among the others
    render_equals_clean(work, clean)
