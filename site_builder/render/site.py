"""content -> _site: every page of the website, written atomically (render_site).

The site is built in a temporary folder next to the output and swapped in only when
everything was written (SPEC §8); a failed build leaves the old site as it was. In
order: the search index, which needs only the articles (made here when made afresh,
else updated in a background job), and the hard links of the old site's unchanged
pages, which need only the old site (a background job); meanwhile the corpus, its
routes and the plan of what may have changed are made; then the pages' tasks run
(render.pages, `jobs` processes, this one among them), then the search page,
404.html, .nojekyll, the feeds and the static files.
"""
from __future__ import annotations

import contextlib
import dataclasses
import functools
import os
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Mapping, Protocol, Sequence

import jinja2

from ..config import SiteConfig
from ..errors import ErrorLog, SiteError
from ..models import Article
from ..parallel import Executor, LocalExecutor, Then, return_freed_memory, settled
from ..progress import Progress
from ..search.files import iter_search_files
from ..state.fingerprints import render_salt
from ..theme import default_theme_dir
from . import pages, plan, routes, views
from .corpus import Corpus, RelatedArticles, build_corpus, load_ports
from .feeds import feed_files
from .markup import has_template, make_environment
from .plan import RelatedEntry, Snapshot, related_entries
from .writer import Output, PageKey, PageWriter, SiteFiles, Spare, clear_recycled, remove_file


class SearchMemo(Protocol):
    """Keeps search.files.iter_search_files's memo between renders (the build's cache)."""

    def load(self) -> dict: ...

    def save(self, memo: dict) -> None: ...

    def kept(self) -> bool:
        """A memo is there (the index is updated from it, not made afresh)."""
        ...


@dataclass(frozen=True)
class RenderResult:
    pages: int                 # HTML pages written
    files: int                 # every file written, static and search index included
    output: Path
    problems: tuple[str, ...] = field(default_factory=tuple)
    # site path -> its PageKey: the page cache of the next render (see writer.PageWriter);
    # `reused` pages were carried over from the old site
    keys: dict[str, PageKey] = field(default_factory=dict)
    reused: int = 0
    snapshot: Snapshot | None = None  # what the next render's plan compares with


# ---------------------------------------------------------------- background jobs

def write_search_index(files: SiteFiles, articles: Sequence[Article],
                       tag_names: Mapping[str, str], memo: SearchMemo | None,
                       record_keys: bool, digests: Mapping[str, str] | None = None
                       ) -> "Output | Then[Output]":
    """The search index files (see search.files) into `files`, with their keys (the
    digest of the file's bytes, like a page's) when `record_keys`. Needs only the
    articles, not the corpus: it can start before the corpus is made. With a `memo`:
    Then(the output, the memo's saving), so that the render goes on while it is saved
    (~80 MB: 0.1-0.2 s at the end of every daily build's longest job)."""
    out = Output()
    made_paths: set[str] = set()
    kept: list[dict] = []  # the memo to save (iter_search_files's save_memo)

    def reusable(path: str, digest: str) -> bool:
        old = files.previous.get(path)
        return old is not None and old.key == digest and files.unchanged(path, old)

    # loaded here, in the process that makes the index: the page workers never hold it
    state = memo.load() if memo else None
    for made in iter_search_files(list(articles), routes.article_path, dict(tag_names), state,
                                  kept.append if memo else None,
                                  reusable if files.old_site else None, digests):
        # written as made; a file whose bytes did not change is carried over
        if made.data is not None and not (files.old_site and reusable(made.path, made.digest)
                                          and files.carry_over(made.path)):
            files.write_bytes(made.path, made.data)
        elif made.data is None and not files.carry_over(made.path):
            raise SiteError(os.path.join(files.old_dir, made.path),
                            "search index file vanished during the build")
        out.files += 1
        made_paths.add(made.path)
        if record_keys:
            out.keys[made.path] = files.keyed(made.path, made.digest)
    if files.recycled:  # the recycled folder's index files this index no longer has
        folder = os.path.join(files.out_dir, routes.SEARCH_FOLDER)
        for name in os.listdir(folder) if os.path.isdir(folder) else ():
            if routes.SEARCH_FOLDER + name not in made_paths:
                remove_path(os.path.join(folder, name))
    if memo is None or not kept:
        return out
    return Then(out, functools.partial(memo.save, kept[-1]))


def link_unchanged(files: SiteFiles) -> frozenset[str]:
    """Hard-link into the new site every page of the old one that is still the file
    the last render wrote (in a process of its own, while the corpus is made): the
    render then replaces only the pages it writes again, and removes those it no longer
    makes. The search index carries its own files over. A recycled folder is cleared
    first, and its files that are those pages already are not linked again."""
    kept = clear_recycled(files, routes.SEARCH_FOLDER) if files.recycled else set()
    return frozenset(kept) | frozenset(
        path for path, old in files.previous.items()
        if path not in kept and not path.startswith(routes.SEARCH_FOLDER)
        and files.unchanged(path, old) and files.carry_over(path))


# ---------------------------------------------------------------- the render

def default_tag_names(config: SiteConfig) -> dict[str, str]:
    """Chinese tag names from site.yaml's taxonomy additions (the renderer's fallback)."""
    return {t.slug: t.name for t in config.taxonomy.tags}


@dataclass(frozen=True)
class _Inputs:
    """What one render_site call was given, completed with its defaults."""

    config: SiteConfig
    articles: list[Article]
    names: dict[str, str]
    descriptions: dict[str, str]
    previous: Mapping[str, PageKey] | None
    old_site: Path | None
    since: Snapshot | None
    digests: Mapping[str, str] | None
    salt: str | None   # the page cache's salt; None: no page cache
    compiled: Path | None  # where the templates are kept compiled (None: nowhere)


def render_site(config: SiteConfig, articles: list[Article], log: ErrorLog,
                tag_names: Mapping[str, str] | None = None,
                tag_descriptions: Mapping[str, str] | None = None,
                corpus: Corpus | None = None, jobs: int = 1,
                progress: Progress | None = None,
                previous: Mapping[str, PageKey] | None = None,
                search_memo: SearchMemo | None = None,
                since: Snapshot | None = None,
                digests: Mapping[str, str] | None = None, salt: str | None = None,
                executor: Executor | None = None, compiled: Path | None = None,
                lasting: contextlib.ExitStack | None = None) -> RenderResult:
    """Render the whole site into config.path("output"), replacing it only on success.

    `previous`: the `keys` of the RenderResult that made the current output (the page
    cache); its pages whose key is unchanged are carried over, not rendered. None: no
    page cache (nothing is keyed); {}: render everything and return the keys.
    `search_memo`: where the search index's memo (search.files.iter_search_files) is
    loaded from and saved to. `since`: the `snapshot` of that RenderResult: with it,
    only the pages of what changed since are looked at (plan.plan). `digests`:
    content.digest() of the articles by id, where already known. `salt`:
    fingerprints.render_salt(config), where already known. `executor` (default: `jobs`
    processes here) runs the tasks and background jobs; `compiled`: see markup;
    `lasting`: where the search job is entered (it saves its memo after its files).
    `tag_names` / `tag_descriptions`: taxonomy slug -> Chinese name, one-line description
    (taxonomy.tag_names(...)); else site.yaml's taxonomy, else the slug. `corpus`: if made.
    """
    output = config.path("output")
    given = _Inputs(
        config, articles, {**default_tag_names(config), **(tag_names or {})},
        {**{t.slug: t.description for t in config.taxonomy.tags if t.description},
         **(tag_descriptions or {})}, previous,
        output if output.is_dir() and previous else None, since, digests,
        (salt or render_salt(config)) if previous is not None else None, compiled)
    executor = executor or LocalExecutor(jobs)
    swap = atomic_output(output, recycle=given.old_site is not None)
    with swap as folder, contextlib.ExitStack() as background:
        lent, spare = _lent(swap)
        cleared = _clear_stale(background, executor, swap.stale)
        new = SiteFiles(folder, given.old_site, previous or {}, recycled=swap.recycled,
                        spare=spare)
        env = make_environment(config, given.compiled)
        # (a theme without a search page gets no index)
        search = _SearchJob(lasting or background, executor, new, given, search_memo) \
            if has_template(env, "search.html") else None
        linker = background.enter_context(executor.background(
            functools.partial(link_unchanged, new))) if given.old_site else None
        corpus = corpus or build_corpus(articles, config)
        for problem in corpus.problems:
            log.warn("content", problem)
        made = _render(given, corpus, SiteFiles(folder, given.old_site, previous or {},
                                                linker.result() if linker else frozenset(),
                                                swap.recycled, spare),
                       env, search, executor, progress, log)
        made.output.files += copy_static(config, folder)
        remove_folders([lent] if lent is not None else [])
        if cleared is not None:
            cleared.result()
    _keep_twin(given, made.output, swap)
    return RenderResult(len(made.output.pages), made.output.files, output, corpus.problems,
                        made.output.keys, made.output.reused, made.snapshot(corpus))


class _SearchJob:
    """The search index's job. One that updates the last index (from its memo) runs in
    a process of its own started at once (render_site), alongside the corpus, the
    views, the plan and the pages: it reads little of the articles, but loads, updates
    and saves its memo meanwhile. One made afresh (no memo: a first render, or
    --no-cache) reads every article's text and holds every posting (8 bytes each, ~760
    an article): it is made here and now, before the corpus and the page workers, so
    that its arrays are gone before they start. In a process of its own beside them it
    held those arrays and its own copy of every page of the articles it read (reading
    an object writes its reference count): ~14 KiB an article, the render's largest
    process (at 100,000 articles most of the 2 GiB of issue 17). Its time is then the
    render's own (~0.4 ms an article on one core) instead of shared with the pages'."""

    def __init__(self, background: contextlib.ExitStack, executor: Executor,
                 files: SiteFiles, given: _Inputs, memo: SearchMemo | None) -> None:
        job = functools.partial(write_search_index, files, given.articles, given.names,
                                memo, given.previous is not None, given.digests)
        self.result: Callable[[], Output]
        if memo is None or not memo.kept():
            return_freed_memory()  # (what the ingest freed, before the index's arrays)
            made = settled(job())
            return_freed_memory()
            self.result = lambda: made
        else:
            self.result = background.enter_context(executor.background(job)).result


def _lent(swap: "atomic_output") -> tuple[Path | None, Spare | None]:
    """A fresh folder takes over the files of a site the last render replaced (see
    writer.SiteFiles._spare); the caller deletes what is left of it at the end."""
    lent = swap.lend()
    return lent, (Spare.of(lent) if lent is not None else None)


def _clear_stale(background: contextlib.ExitStack, executor: Executor, stale: list[Path]):
    """The sites replaced by the last renders (and what killed ones left), deleted while
    this one works: the job's future, or None when there are none."""
    if not stale:
        return None
    return background.enter_context(executor.background(functools.partial(remove_folders, stale)))


@dataclass
class _Rendered:
    """What _render made: the output, the snapshot of the corpus (related lists to fill
    in) and the plan it went by."""

    output: Output
    now: Snapshot | None
    plan: plan.Plan | None
    since: Snapshot | None

    def snapshot(self, corpus: Corpus) -> Snapshot | None:
        """The snapshot for the next render: with every story's related list (those not
        worked out this time are the last ones)."""
        if self.now is None:
            return None
        made = dict(self.since.related) if self.since is not None and self.plan else {}
        made.update(self.output.related)
        return dataclasses.replace(self.now, related={
            a.id: made[a.id] if a.id in made else related_entries(corpus.related[a.id])
            for a in corpus.canonical})


def _render(given: _Inputs, corpus: Corpus, files: SiteFiles, env: jinja2.Environment,
            search: _SearchJob | None, executor: Executor, progress: Progress | None,
            log: ErrorLog) -> _Rendered:
    """The pages into `files` (its old site's unchanged pages already linked in);
    `search`: the search index's job, when the theme has a search page."""
    config = given.config
    site = views.SiteView.of(config, corpus, given.names, given.descriptions, load_ports(),
                             plan.known_ids(given.since, given.salt))
    # every article page shows its printed page's label, made from the editions of all
    # the stories on that page: a changed label renders all
    now = None if given.previous is None else plan.snapshot(
        corpus, site.routes, given.salt or "",
        (sorted(given.names.items()), sorted(given.descriptions.items())), site.labels,
        given.digests, given.since)
    the_plan = plan.plan(given.since, now, corpus) if now and given.old_site else None
    writer = PageWriter(files, env, views.Chrome(config, search is not None), given.salt)
    out = _run_tasks(pages.PageRenderer(site, writer, the_plan, config.paths.content,
                                        related_lists=now is not None),
                     executor, progress)
    log.warnings.extend(out.warnings)
    if search is not None:
        if progress is not None:
            progress.note("search index")
        out.add(search.result())
        writer.page(views.search_page(), out)
    for path in files.linked - out.keys.keys():  # linked, but a page this render no longer has
        os.unlink(os.path.join(files.out_dir, path))
    base = writer.chrome.base_url
    writer.write(routes.NOT_FOUND, env.get_template("404.html").render(
        **views.not_found_context(config, base, search is not None)), out, page=True)
    writer.write(routes.NO_JEKYLL, "", out)
    if config.base_url:
        for made in list(feed_files(site, base or "", out.pages)):
            writer.write(made.path, env.get_template(made.template).render(**made.context), out)
    return _Rendered(out, now, the_plan, given.since)


def _run_tasks(renderer: pages.PageRenderer, executor: Executor,
               progress: Progress | None) -> Output:
    """Every task of pages.tasks(), by `executor`; their outputs in task order."""
    tasks = pages.tasks(len(renderer.site.corpus.articles))
    out = Output()
    shared = _SharedEntries(renderer.site.corpus)
    # (this process renders too: a forked worker's copy of every page of the corpus it
    # reads was, per worker, about as large as the corpus itself)
    with executor.map(pages.run_task, renderer, tasks, here=True) as results:
        if progress is not None:
            progress.begin("render", sum(task.weight for task in tasks))
        for task, result in zip(tasks, results):
            renderer.writer.files.receive(result)  # (what a task elsewhere made)
            result.related = shared.of(result.related)
            out.add(result)
            if progress is not None:
                progress.advance(task.weight)
        if progress is not None:
            progress.end()
    return out


class _SharedEntries:
    """The related lists a task sent back, made of the corpus's own ids and terms (and
    one object per score and per list of shared terms): each list arrives with copies
    of its own, which for every story of the archive came to kilobytes a story."""

    def __init__(self, corpus: Corpus) -> None:
        self.ids = {article_id: article_id for article_id in corpus.by_id}
        related = corpus.related
        self.terms = {term: related.vocabulary[i] for term, i in related.term_ids.items()} \
            if isinstance(related, RelatedArticles) else {}
        self.seen: dict = {}

    def _one(self, value):
        return self.seen.setdefault(value, value)

    def of(self, related: dict[str, tuple[RelatedEntry, ...]]
           ) -> dict[str, tuple[RelatedEntry, ...]]:
        ids, terms, one = self.ids, self.terms, self._one
        return {ids.get(key, key): tuple(
            (ids.get(other, other), one(score),
             one(tuple(terms.get(term, term) for term in why)))
            for other, score, why in entries) for key, entries in related.items()}


# ---------------------------------------------------------------- files

def copy_static(config: SiteConfig, folder: Path) -> int:
    """The package's default assets, then the site's own static/ over them: how many
    files were copied."""
    target = folder / "static"
    seen: set[Path] = set()
    copied = 0
    for source in (default_theme_dir("static"), config.path("static")):
        if not source.is_dir() or source.resolve() in seen:
            continue
        seen.add(source.resolve())
        for file in sorted(source.rglob("*")):
            relative = file.relative_to(source)
            if not file.is_file() or _skip_static(relative):
                continue
            (target / relative).parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(file, target / relative)
            copied += 1
    return copied


def _skip_static(relative: Path) -> bool:
    """Python package files and caches are not site assets."""
    return (relative.name == "__init__.py" or "__pycache__" in relative.parts
            or relative.name.startswith("."))


def _keep_twin(given: _Inputs, out: Output, swap: "atomic_output") -> None:
    """A twin of the new site (twin_of) after a render with a page cache that carried
    no page over (a cold one, or after a change of code, templates or config)."""
    if given.previous is not None and out.pages and not out.reused:
        twin_of(swap.output, swap.replaced)


def twin_of(output: Path, replaced: Path | None) -> None:
    """After a render that wrote every page afresh (a cold one, or after a code or
    template change) and keeps a page cache: a folder beside the new site with a hard
    link to each of its files, for the next render to recycle (atomic_output), and the
    site it replaced deleted now. Otherwise the next render, the daily one, started
    from a fresh folder (none to recycle) and linked ~17,000 unchanged files into it,
    or recycled the site replaced here, nearly none of whose files it keeps, and
    unlinked and linked them all: ~0.5-2.5 s of its time. The twin's name sorts after
    every other old site's, so that it is the one recycled. Best effort: a folder
    that cannot be made whole is removed."""
    twin = tempfile.mkdtemp(prefix=f".{output.name}.old-~", dir=output.parent)
    try:
        for folder, _, names in os.walk(output):
            target = os.path.join(twin, os.path.relpath(folder, output))
            os.makedirs(target, exist_ok=True)
            for name in names:
                os.link(os.path.join(folder, name), os.path.join(target, name),
                        follow_symlinks=False)
    except OSError:
        shutil.rmtree(twin, ignore_errors=True)
        return
    if replaced is not None:
        remove_folders([replaced])


def remove_folders(folders: Sequence[Path]) -> int:
    """Delete `folders` (a background job): how many there were."""
    for folder in folders:
        shutil.rmtree(folder, ignore_errors=True)
    return len(folders)


def remove_path(path: str) -> None:
    """Delete a file, or a folder and all in it."""
    if os.path.isdir(path) and not os.path.islink(path):
        shutil.rmtree(path, ignore_errors=True)
    else:
        remove_file(path)


class atomic_output:
    """Context manager: a fresh folder next to `output`, swapped into place on success.

    The old site is renamed away (`.NAME.old-*`, beside the output) and the new one
    renamed in; if anything raises before the swap, the new folder is deleted and
    `output` untouched. Both folders are on the same filesystem (siblings), so the
    renames are atomic. The old site is left for the next render (`stale`, with what a
    killed build left): its files are mostly hard links of the new site's, and
    unlinking them (~17,000 at 10,000 articles) took seconds at the end of every
    render. With `recycle` (a render that carries the current site's unchanged files
    over) the next render takes it as its own folder (`recycled`: renamed to
    `.NAME.new-*`; writer.clear_recycled clears it): most of its files are still the
    current site's, which it would link in again. The rest of `stale` is for the
    caller to delete while it works.
    """

    def __init__(self, output: Path, recycle: bool = False) -> None:
        self.output = output
        self.recycle = recycle
        self.recycled = False
        self.folder: Path | None = None
        self.stale: list[Path] = []
        self.replaced: Path | None = None  # where the site it replaced was left

    def __enter__(self) -> Path:
        if self.output.exists() and not self.output.is_dir():
            raise SiteError(str(self.output), "output exists and is not a folder")
        self.output.parent.mkdir(parents=True, exist_ok=True)
        # folders of the renders before, or left by a build that was killed (builds
        # hold a lock, so none is running): for the caller to delete
        self.stale = sorted(self.output.parent.glob(f".{self.output.name}.[no][el][wd]-*"))
        self.folder = Path(tempfile.mkdtemp(prefix=f".{self.output.name}.new-",
                                            dir=self.output.parent))
        old = [p for p in self.stale if p.name.startswith(f".{self.output.name}.old-")
               and p.is_dir() and not p.is_symlink()] if self.recycle else []
        if old:  # onto the empty placeholder folder
            os.replace(old[-1], self.folder)
            self.stale.remove(old[-1])
            self.recycled = True
        # mkdtemp makes the folder private (0700); a website folder is world-readable.
        self.folder.chmod(0o755)
        return self.folder

    def lend(self) -> Path | None:
        """For a fresh folder (not a recycled one): one of the old sites of `stale`, taken
        off it, whose files the new site may take over (SiteFiles' spare) before the
        caller deletes it; None when there is none."""
        if self.recycled:
            return None
        old = [p for p in self.stale if p.name.startswith(f".{self.output.name}.old-")
               and p.is_dir() and not p.is_symlink()]
        if not old:
            return None
        self.stale.remove(old[-1])
        return old[-1]

    def __exit__(self, kind, value, traceback) -> bool:
        assert self.folder is not None
        if kind is not None:
            shutil.rmtree(self.folder, ignore_errors=True)
            return False
        old = None
        if self.output.exists():
            old = Path(tempfile.mkdtemp(prefix=f".{self.output.name}.old-",
                                        dir=self.output.parent))
            os.replace(self.output, old)  # onto the empty placeholder folder
        try:
            os.replace(self.folder, self.output)
        except OSError:
            if old is not None:
                os.replace(old, self.output)
            shutil.rmtree(self.folder, ignore_errors=True)
            raise
        self.replaced = old
        return False  # (the old site is deleted by the next render: see `stale`)
