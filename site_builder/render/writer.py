"""The one output sink: every file of the new site is written, or carried over from the
site it replaces, here.

`SiteFiles` is the new site being written into a fresh folder and the old site beside
it; a file is carried over as a hard link (else a copy) when the old one is still the
file the last render wrote (same size and mtime as recorded). The folder may also be
a recycled one (the site the last render replaced, see site.atomic_output), whose files
are cleared (clear_recycled) but for those that are still the old site's own. `PageWriter` renders a
`views.PageSpec` through its template and base.html's chrome, keyed by the hash of the
spec and the render salt (config, templates, static, code, library versions): a page
whose key is unchanged is carried over instead of rendered. The same bytes either way.
What one task wrote is an `Output`, the same whether the task ran here or in a worker.
"""
from __future__ import annotations

import contextlib
import hashlib
import os
import shutil
from dataclasses import dataclass, field
from pathlib import Path
from typing import Mapping, NamedTuple

import jinja2
from markupsafe import Markup

from ..errors import SiteError
from .markup import Body, environment_of, make_markdown, template_sources
from . import routes
from .plan import RelatedEntry
from .views import Chrome, PageSpec


_WRITE_FLAGS = os.O_WRONLY | os.O_CREAT | os.O_TRUNC | getattr(os, "O_CLOEXEC", 0)


class PageKey(NamedTuple):
    """A file of the site as written: the key of what it shows, its size and mtime."""

    key: str
    size: int
    mtime_ns: int


@dataclass
class Output:
    """What one task (or the render's own last steps) wrote: the HTML pages, the number
    of files, the keys of the pages for the next page cache, how many were carried
    over, the warnings and the related lists worked out (for the next plan)."""

    pages: list[str] = field(default_factory=list)
    files: int = 0
    keys: dict[str, PageKey] = field(default_factory=dict)
    reused: int = 0
    warnings: list[SiteError] = field(default_factory=list)
    related: dict[str, tuple[RelatedEntry, ...]] = field(default_factory=dict)
    # the files a task on another machine made (RemoteFiles), to write here (receive)
    written: list[tuple[str, bytes]] = field(default_factory=list)

    def add(self, other: "Output") -> None:
        self.pages += other.pages
        self.files += other.files
        self.keys.update(other.keys)
        self.reused += other.reused
        self.warnings += other.warnings
        self.related.update(other.related)


class SiteFiles:
    """The new site being written into `out` (a fresh folder), and the site it replaces
    (`old_site`), from which unchanged files are carried over. `previous` maps each file
    of the old site to its PageKey as recorded when it was written; `linked` are the old
    site's files already hard-linked into the new one (see site.link_unchanged)."""

    def __init__(self, out: Path, old_site: Path | None, previous: Mapping[str, PageKey],
                 linked: frozenset[str] = frozenset(), recycled: bool = False,
                 spare: "Spare | None" = None) -> None:
        self.out, self.old_site, self.previous, self.linked = out, old_site, previous, linked
        # `out` is the site before the old one (its files may be the old site's, hard
        # links: never written into, see _put), cleared by clear_recycled
        self.recycled = recycled
        # files of a site the last render replaced, whose inodes new files take over
        # (see _spare): their paths, and where this process takes the next one
        self.spare, self.spare_at, self.spare_pid = spare, 0, -1
        self.spare_mode = spare.mode if spare else 0
        # the same folders as strings, for the per-page file operations
        self.out_dir, self.old_dir = str(out), str(old_site or "")
        self.folders: set[str] = set()  # folders of the new site made so far

    def _target(self, path: str) -> str:
        """The new site's file `path` (a plain string: this runs for every page), its
        folder made."""
        folder = path[:path.rfind("/") + 1]
        if folder not in self.folders:
            os.makedirs(os.path.join(self.out_dir, folder), exist_ok=True)
            self.folders.add(folder)
        return os.path.join(self.out_dir, path)

    def write(self, path: str, text: str) -> None:
        self._put(path, text.encode("utf-8"))

    def write_bytes(self, path: str, data: bytes) -> None:
        """write() of a text already encoded (the search index's files: hashed as bytes)."""
        self._put(path, data)

    def _put(self, path: str, data: bytes) -> None:
        if path in self.linked:  # never write into the old site's file: replace the link
            os.unlink(os.path.join(self.out_dir, path))
        elif self.recycled:  # (a file the clearing left: the search index's)
            remove_file(os.path.join(self.out_dir, path))
        # os.open/os.write rather than open(): no buffered file object for a write of
        # one piece (three system calls a page, as before, and less Python around them)
        target = self._target(path)
        fd, size = self._spare(target) if self.spare is not None else (None, 0)
        if fd is None:
            fd = os.open(target, _WRITE_FLAGS, 0o666)
        try:
            view = memoryview(data)
            while view:
                view = view[os.write(fd, view):]
            if size > len(data):
                os.ftruncate(fd, len(data))
        finally:
            os.close(fd)

    def _spare(self, target: str) -> tuple[int | None, int]:
        """A spare file renamed to `target` and opened for writing, and its size; (None,
        0) when none is left. Creating a file costs ext4 far more than writing one: when
        many files were deleted shortly before (the last site, removed while this one is
        written), each new inode was found past all the recently freed ones, ~100-300
        us a file against ~10 to rename one and write over it. A rename is the claim
        (workers and threads take from the same list: one that lost it takes the next);
        a file still linked elsewhere (nlink > 1: a page of the current site) is never
        written into."""
        spare = self.spare.paths  # type: ignore[union-attr]
        if self.spare_pid != os.getpid():  # (each worker starts at its own place)
            self.spare_pid, self.spare_at = os.getpid(), (os.getpid() * 40503) % len(spare)
        for _ in range(len(spare)):
            source = spare[self.spare_at]
            self.spare_at = (self.spare_at + 1) % len(spare)
            try:
                os.rename(source, target)
            except OSError:  # taken already
                continue
            try:
                fd = os.open(target, os.O_WRONLY | getattr(os, "O_CLOEXEC", 0))
            except OSError:  # (not writable: not one to take)
                os.unlink(target)
                continue
            stat = os.fstat(fd)
            if stat.st_nlink == 1 and stat.st_mode & 0o7777 == self.spare_mode:
                return fd, stat.st_size
            os.close(fd)  # (shared, or not the mode a new file gets: the next one)
            os.unlink(target)
        self.spare = None  # every one is taken: no more tries
        return None, 0

    def __reduce__(self):
        """Pickled, for a task on another machine (dask_executor): a RemoteFiles."""
        return (RemoteFiles, (self.previous, self.linked))

    def deliver(self, out: Output) -> None:
        """The end of a task here: everything it made is written already."""

    def receive(self, out: Output) -> None:
        """Write the files a task on another machine made (RemoteFiles) and key its
        pages as written here."""
        for path, data in out.written:
            self._put(path, data)
            old = out.keys.get(path)
            if old is not None and old.size < 0:
                out.keys[path] = self.keyed(path, old.key)
        out.written = []

    def carry_over(self, path: str) -> bool:
        """Hard-link (else copy) `path` from the site being replaced into the new one,
        when it is there. False when it cannot."""
        if self.old_site is None:
            return False
        if path in self.linked:
            return True
        source, target = os.path.join(self.old_dir, path), self._target(path)
        try:
            if self.recycled and _kept(source, target):
                return True
            try:
                os.link(source, target)
            except OSError:
                shutil.copyfile(source, target)
        except OSError:
            return False
        return True

    def unchanged(self, path: str, old: PageKey) -> bool:
        """The old site's file is still the one that was written (not edited since)."""
        if path in self.linked:  # checked when it was linked
            return True
        try:
            stat = os.stat(os.path.join(self.old_dir, path))
        except OSError:
            return False
        return (stat.st_size, stat.st_mtime_ns) == (old.size, old.mtime_ns)

    def keyed(self, path: str, key: str) -> PageKey:
        """The key of the new site's file `path`, as written."""
        stat = os.stat(os.path.join(self.out_dir, path))
        return PageKey(key, stat.st_size, stat.st_mtime_ns)


@dataclass(frozen=True)
class Spare:
    """The files of a site the last render replaced, lent to the new site's files (see
    SiteFiles._spare), and the mode a new file gets (0o666 less the umask)."""

    paths: list[str]
    mode: int

    @classmethod
    def of(cls, folder: Path) -> "Spare | None":
        """Every file under `folder`; None when there are none. Read the umask only
        where no thread can be creating files (it is set and restored)."""
        paths: list[str] = []

        def scan(directory: str) -> None:
            with os.scandir(directory) as entries:
                for entry in entries:
                    if entry.is_dir(follow_symlinks=False):
                        scan(entry.path)
                    elif entry.is_file(follow_symlinks=False):
                        paths.append(entry.path)
        try:
            scan(str(folder))
        except OSError:
            return None
        mask = os.umask(0o022)
        os.umask(mask)
        return cls(paths, 0o666 & ~mask) if paths else None


def remove_file(path: str) -> None:
    """Unlink `path` if it is there."""
    try:
        os.unlink(path)
    except FileNotFoundError:
        pass


def _kept(source: str, target: str) -> bool:
    """Whether the recycled folder's `target` is the old site's `source` itself (the same
    file: it was linked in and left alone); else it is removed, to make way."""
    try:
        if os.path.samestat(os.stat(source), os.lstat(target)):
            return True
    except OSError:
        return False
    remove_file(target)
    return False


def clear_recycled(files: SiteFiles, skip: str) -> set[str]:
    """Clear a recycled folder (SiteFiles.recycled) for the new site: the files that are
    the old site's unchanged ones (the same file: hard links that were left alone) stay,
    and their paths are returned; every other file, and each folder left empty, goes.
    The folder `skip` (the search index's, which clears its own) is left as it is. Far
    cheaper than a fresh folder: most pages of a site stay, and each hard link made anew
    cost a link here and an unlink when its folder was deleted (seconds a render, at
    10,000 articles)."""
    kept: set[str] = set()

    def clear(folder: str, prefix: str) -> None:
        with os.scandir(folder) as entries:
            for entry in entries:
                path = prefix + entry.name
                if entry.is_dir(follow_symlinks=False):
                    if path + "/" != skip:
                        clear(entry.path, path + "/")
                        with contextlib.suppress(OSError):  # (not empty: it keeps files)
                            os.rmdir(entry.path)
                    continue
                old = files.previous.get(path)
                if old is not None and _same_unchanged(files, path, old, entry):
                    kept.add(path)
                else:
                    os.unlink(entry.path)

    clear(files.out_dir, "")
    return kept


def _same_unchanged(files: SiteFiles, path: str, old: PageKey, entry: os.DirEntry) -> bool:
    """The old site's file `path` is unchanged (files.unchanged) and `entry` is that file."""
    try:
        stat = os.stat(os.path.join(files.old_dir, path))
        return (stat.st_size, stat.st_mtime_ns) == (old.size, old.mtime_ns) and \
            os.path.samestat(stat, entry.stat(follow_symlinks=False))
    except OSError:
        return False


class RemoteFiles:
    """SiteFiles as a task on another machine sees it: the old site's unchanged pages
    are those already linked into the new one (site.link_unchanged, before the tasks
    run), and what the task writes is kept as bytes and handed back in its Output
    (deliver), for SiteFiles.receive to write; a page's key then waits for its size
    and mtime there (-1)."""

    def __init__(self, previous: Mapping[str, PageKey], linked: frozenset[str]) -> None:
        self.previous, self.linked = previous, linked
        self.made: list[tuple[str, bytes]] = []

    def write(self, path: str, text: str) -> None:
        self.made.append((path, text.encode("utf-8")))

    def write_bytes(self, path: str, data: bytes) -> None:
        self.made.append((path, data))

    def carry_over(self, path: str) -> bool:
        return path in self.linked

    def unchanged(self, path: str, old: PageKey) -> bool:
        return path in self.linked

    def keyed(self, path: str, key: str) -> PageKey:
        return PageKey(key, -1, -1)

    def deliver(self, out: Output) -> None:
        out.written, self.made = self.made, []


class PageWriter:
    """Renders page specs into `files`: one Jinja2 environment and one Markdown instance
    (a forked worker uses its own copies). `salt` (fingerprints.render_salt): the page
    cache is on, every page keyed; None: nothing is keyed or carried over by key."""

    def __init__(self, files: SiteFiles, env: jinja2.Environment, chrome: Chrome,
                 salt: str | None) -> None:
        self.files, self.env, self.chrome, self.salt = files, env, chrome, salt
        self.md = make_markdown()
        self.templates: dict[str, jinja2.Template] = {}  # by name, as loaded once
        self.headers: dict[tuple[str, str | None], Markup] = {}  # see header()

    def __getstate__(self) -> dict:
        """Pickled, for a task on another machine: the templates' sources rather than
        the environment (which does not pickle); the Markdown instance is made anew."""
        return {"files": self.files, "templates": template_sources(self.env),
                "chrome": self.chrome, "salt": self.salt}

    def __setstate__(self, state: dict) -> None:
        self.__init__(state["files"], environment_of(state["templates"]),  # type: ignore[misc]
                      state["chrome"], state["salt"])

    def render(self, spec: PageSpec) -> str:
        context = {name: value.html(self.md) if isinstance(value, Body) else value
                   for name, value in spec.context.items()}
        return self.template(spec.template).render(
            **self.chrome.context(spec), **context,
            site_header=self.header(routes.folder_of(spec.path), spec.section))

    def template(self, name: str) -> jinja2.Template:
        made = self.templates.get(name)
        if made is None:
            made = self.templates[name] = self.env.get_template(name)
        return made

    def header(self, folder: str, section: str | None) -> Markup:
        """base.html's site header (_header.html) for the pages of `folder` in `section`:
        the same for all of them (Chrome.shared), so made once (it was a sixth of a
        page's template work: the navigation's links)."""
        made = self.headers.get((folder, section))
        if made is None:
            made = self.headers[folder, section] = Markup(self.template("_header.html").render(
                **self.chrome.shared(folder, section)))
        return made

    def page(self, spec: PageSpec, out: Output) -> None:
        """Write the page, or carry the old one over when its key is unchanged."""
        key = None
        if self.salt:
            key = hashlib.sha256(repr((self.salt, spec)).encode("utf-8")).hexdigest()
            old = self.files.previous.get(spec.path)
            if old is not None and old.key == key and self.keep(spec.path, out):
                return
        self.files.write(spec.path, self.render(spec))
        out.pages.append(spec.path)
        out.files += 1
        if key is not None:
            out.keys[spec.path] = self.files.keyed(spec.path, key)

    def keep(self, path: str, out: Output) -> bool:
        """Carry the old site's page over with its old key (its key is unchanged, or the
        plan says it shows nothing new); False when there is no such page or it was
        edited."""
        old = self.files.previous.get(path)
        if old is None or not self.files.unchanged(path, old) or not self.files.carry_over(path):
            return False
        out.keys[path] = old
        out.pages.append(path)
        out.files += 1
        out.reused += 1
        return True

    def write(self, path: str, text: str, out: Output, page: bool = False) -> None:
        """A file that is not keyed (404.html, feeds, .nojekyll)."""
        self.files.write(path, text)
        out.files += 1
        if page:
            out.pages.append(path)
