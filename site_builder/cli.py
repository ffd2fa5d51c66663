"""Command line (SPEC §2). Exit codes: 0 ok, 1 build error, 2 usage.

Every problem with what the user gave (a path, a setting, a page) is one line on
stderr, `error: path[:line]: message (hint: ...)`, and exit code 1; never a
traceback, unless --debug asks for it. The paths a command reads or writes are
checked before any work starts (missing, a file where a folder belongs or the other
way round, unreadable), so nothing is made on the way to the error.
"""
from __future__ import annotations

import argparse
import errno
import os
import shlex
import sys
import time
from pathlib import Path
from typing import NoReturn

from . import pipeline
from .config import SiteConfig, load_config
from .errors import ErrorLog, SiteError, check_folder
from .evaluate import evaluate
from .parallel import default_jobs, tune_collector
from .progress import Progress

EXIT_OK, EXIT_ERROR, EXIT_USAGE = 0, 1, 2


def _common(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--config", type=Path, metavar="FILE",
                        help="site configuration (default: ./site.yaml when present)")
    parser.add_argument("--seeds", metavar="DIR", help="folder of raw page dumps (default: seeds)")
    parser.add_argument("--content", metavar="DIR",
                        help="folder of structured articles (default: content)")
    parser.add_argument("--output", metavar="DIR", help="folder of the built site (default: _site)")
    parser.add_argument("--base-url", metavar="URL",
                        help="absolute URL the site is served at, e.g. https://user.github.io/repo/ "
                             "(used only for sitemap.xml, atom.xml and canonical links)")
    parser.add_argument("--quiet", action="store_true", help="print only errors")
    parser.add_argument("--debug", action="store_true", help="show tracebacks of errors")
    parser.add_argument("--jobs", type=_jobs, metavar="N", default=default_jobs(),
                        help="worker processes for ingest and render "
                             "(default: all cores, %(default)s here)")
    parser.add_argument("--no-cache", action="store_true",
                        help="ignore and do not update the cache folder (a clean build)")


def _executor_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--executor", choices=("local", "dask"), default="local",
                        help="where the per-page ingest and the page rendering run: this "
                             "machine's --jobs processes (local, the default) or a Dask "
                             "cluster (dask; needs site-builder[dask])")
    parser.add_argument("--scheduler", metavar="ADDRESS",
                        help="with --executor dask: the Dask scheduler to use, e.g. "
                             "tcp://10.0.0.5:8786 (default: a local cluster of --jobs workers)")


def _jobs(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number: {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError("must be 1 or more")
    return value


def make_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="site-builder",
        description="Turn raw text dumps of Chinese newspaper pages into a tagged, "
                    "cross-referenced, searchable static website.")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    sub.required = True
    init = sub.add_parser(
        "init", help="make a new site folder (a commented site.yaml, seeds/, a README)",
        description="Make a new site folder: a commented site.yaml (the site's title and "
                    "the paper's name), an empty seeds/ for the page text files, a short "
                    "README and a .gitignore. An existing site.yaml is never overwritten.")
    init.add_argument("folder", nargs="?", default=".", metavar="DIR",
                      help="the site folder, made when missing (default: this folder)")
    init.add_argument("--theme", action="store_true",
                      help="also copy the default theme (templates/, static/) in, to edit")
    init.add_argument("--title", metavar="TEXT", help="the site's title (default: DIR's name)")
    init.add_argument("--newspaper", metavar="NAME",
                      help="the paper's name, the source of stories that name no other "
                           "(default: DIR's name)")
    init.add_argument("--quiet", action="store_true", help="print only errors")
    init.add_argument("--debug", action="store_true", help="show tracebacks of errors")
    for name, text in (("build", "seeds -> content -> site (the main job)"),
                       ("ingest", "seeds -> content only"),
                       ("render", "content -> site only (after editing content/)"),
                       ("check", "validate content/ front matter and the site's internal links")):
        command = sub.add_parser(name, help=text, description=text)
        _common(command)
        if name != "check":
            _executor_options(command)
        if name == "ingest":
            command.add_argument(
                "--explain", type=Path, metavar="PAGE",
                help="print how one page (a .txt/.md dump or a .pdf) is read: each paragraph "
                     "with its role, the runner-up and the evidence that decided; writes nothing")
    sv = sub.add_parser("serve", help="build, serve the site on 127.0.0.1, rebuild on change",
                        description="Build the site, serve it on 127.0.0.1 only, and rebuild "
                                    "when seeds/, content/, templates/, static/ or the config "
                                    "change (open pages reload). Ctrl-C stops.")
    _common(sv)
    _executor_options(sv)
    sv.add_argument("--port", type=int, default=8000,
                    help="port on 127.0.0.1 (default: 8000; 0: any free port)")
    ex = sub.add_parser("export", help="write every article with its metadata as JSON Lines or CSV",
                        description="Write every article of content/ with all of its metadata "
                                    "(and, in JSON Lines, its body) for researchers.")
    _common(ex)
    ex.add_argument("--format", choices=("jsonl", "csv"), default="jsonl",
                    help="jsonl (one JSON object per line, with the body) or csv (metadata)")
    ex.add_argument("--to", metavar="FILE", default="-",
                    help="file to write (default: standard output)")
    ev = sub.add_parser("eval", help="score content/ against an editor's annotation file",
                        description="Score the articles in content/ against an annotation "
                                    "(YAML, the format of tests/data/gold_seeds.yaml).")
    _common(ev)
    ev.add_argument("gold", type=Path, help="annotation file")
    ev.add_argument("--verbose", action="store_true", help="list every wrong field")
    return parser


def _config_file(args: argparse.Namespace) -> Path | None:
    """--config FILE, else ./site.yaml when there is one (even a broken one: it is
    reported), else None (the defaults)."""
    if args.config is not None:
        return args.config
    here = Path("site.yaml")
    return here if here.exists() or here.is_symlink() else None


def _config(args: argparse.Namespace) -> SiteConfig:
    return load_config(_config_file(args), seeds=args.seeds, content=args.content,
                       output=args.output, base_url=args.base_url)


def _notices(config: SiteConfig, config_file: Path | None) -> list[str]:
    """What the defaults decide that a user should know: the site's title and the paper
    credited with every story that names no other outlet."""
    if config_file is None:
        folders = ", ".join(f"{name} {_shown(config.path(name))}"
                            for name in ("seeds", "content", "output"))
        return [f"{Path.cwd()}: no site.yaml here: using the defaults: title "
                f"\u201c{config.title}\u201d, newspaper \u201c{config.newspaper}\u201d (the "
                f"source of stories that name no other outlet); {folders} "
                f"(hint: `site-builder init` writes a site.yaml to edit)"]
    notes = []
    if "newspaper" not in config.given:
        notes.append(f"{config_file}: sets no newspaper: stories that name no other outlet "
                     f"are credited to \u201c{config.newspaper}\u201d "
                     f"(hint: add `newspaper: <the paper's name>`)")
    if "title" not in config.given:
        notes.append(f"{config_file}: sets no title: the site is called "
                     f"\u201c{config.title}\u201d (hint: add `title: <the site's name>`)")
    return notes


def _shown(path: Path) -> str:
    """A path as the user would type it: relative to the working directory when it is
    inside it, with a trailing slash (a folder)."""
    try:
        return f"{path.relative_to(Path.cwd().resolve()).as_posix()}/"
    except ValueError:
        return f"{path}/"


def _folder_problem(path: Path, what: str, option: str | None, hint: str,
                    must_exist: bool = True) -> SiteError | None:
    """Why the folder `path` cannot be used (missing when it `must_exist`, a file,
    unreadable), or None."""
    if not must_exist and not os.path.lexists(path):  # (False too when it cannot be seen)
        return None
    try:
        check_folder(path, what, option, hint)
        with os.scandir(path):
            pass
    except SiteError as exc:
        return exc
    except OSError as exc:
        return SiteError(str(path), f"cannot read the {what}: {exc.strerror}",
                         hint="check the folder's permissions")
    return None


def _write_problem(path: Path, what: str, option: str | None,
                   beside: bool = False) -> SiteError | None:
    """Why the folder `path` cannot be made or written in (or, `beside`: why no folder
    can be made next to it, as the output's new version is), or None."""
    target = path.parent if beside else path
    while not os.path.exists(target) and target != target.parent:
        target = target.parent
    if not target.is_dir():
        return SiteError(str(target), f"is a file: the {what} {path} cannot be made",
                         hint=f"pass {option} with another folder" if option
                         else "rename or remove the file")
    if not os.access(target, os.W_OK | os.X_OK):
        return SiteError(str(target), f"cannot write here (permission denied), so the "
                                      f"{what} cannot be made or updated",
                         hint=f"pass {option} with a folder you may write in" if option
                         else "run it in a folder you may write in")
    return None


def _check_paths(config: SiteConfig, args: argparse.Namespace) -> None:
    """The paths `args.command` reads and writes, checked before any work starts."""
    command = args.command
    problems: list[SiteError | None] = []
    if command in ("build", "ingest", "serve"):
        problems.append(_folder_problem(
            config.path("seeds"), "seeds folder", "--seeds",
            "put the page text files into a folder named seeds here, or pass --seeds DIR"))
        problems.append(_folder_problem(config.path("content"), "content folder", "--content",
                                        "", must_exist=False)
                        or _write_problem(config.path("content"), "content folder",
                                          "--content"))
    if command in ("render", "export", "eval"):
        problems.append(_folder_problem(
            config.path("content"), "content folder", "--content",
            "run `site-builder ingest` or `build` first, or pass --content DIR"))
    if command in ("build", "render", "serve"):
        problems.append(_folder_problem(config.path("output"), "output folder", "--output", "",
                                        must_exist=False)
                        or _write_problem(config.path("output"), "output folder", "--output",
                                          beside=True))
        for name in ("templates", "static"):
            path = config.path(name)
            # (a folder of the theme's own name is optional: the default theme is used)
            if f"paths.{name}" in config.given and getattr(config.paths, name) != name \
                    and not path.exists():
                problems.append(SiteError(
                    str(path), f"{name} folder not found",
                    hint=f"fix paths.{name} in the config (relative to its folder), or "
                         f"remove the key to use the default theme"))
            else:
                problems.append(_folder_problem(path, f"{name} folder", None, "",
                                                must_exist=False))
    if command in ("build", "ingest", "render", "serve"):
        problems.append(_folder_problem(config.path("cache"), "cache folder", None, "",
                                        must_exist=False)
                        or _write_problem(config.path("cache"), "cache folder", None))
    if command == "eval":
        problems.append(_file_problem(args.gold, "annotation file"))
    if command == "export" and args.to != "-":
        target = Path(args.to)
        if target.is_dir():
            problems.append(SiteError(str(target), "is a folder, not a file to write",
                                      hint="pass --to with a file name"))
        elif not target.parent.is_dir():
            problems.append(SiteError(str(target.parent), "folder not found" if not
                                      target.parent.exists() else "is a file, not a folder",
                                      hint="pass --to with a file in an existing folder"))
    found = [p for p in problems if p is not None]
    if found:
        raise SiteError(found[0].path, found[0].message, found[0].line, found[0].hint,
                        tuple(found[1:]))


def _file_problem(path: Path, what: str) -> SiteError | None:
    if not path.exists():
        return SiteError(str(path), f"{what} not found", hint="check the path")
    if path.is_dir():
        return SiteError(str(path), f"is a folder, not an {what}", hint="pass the file")
    try:
        with open(path, "rb"):
            pass
    except OSError as exc:
        return SiteError(str(path), f"cannot read the {what}: {exc.strerror}",
                         hint="check the file's permissions")
    return None


def _print_log(log: ErrorLog, quiet: bool) -> None:
    for error in log.errors:
        print(f"error: {error}", file=sys.stderr)
    if not quiet:
        for warning in log.warnings:
            print(f"warning: {warning}", file=sys.stderr)


def _run(args: argparse.Namespace) -> int:
    if args.command == "init":
        return _init(args)
    config_file = _config_file(args)
    config = _config(args)
    if args.command == "ingest" and args.explain is not None:
        return _explain(args.explain, config)
    if args.command != "check":  # check reports its folders as problems of its own
        _check_paths(config, args)
    if getattr(args, "executor", "local") == "dask":
        from .dask_executor import require

        require()  # installed, before any work
    if not args.quiet and args.command in ("build", "ingest", "render", "serve"):
        for line in _notices(config, config_file):
            print(f"notice: {line}", file=sys.stderr)
    log = ErrorLog()
    progress = Progress(enabled=not args.quiet)
    start = time.perf_counter()
    if args.command == "eval":
        result = evaluate(config.path("content"), args.gold)
        if args.verbose:
            for line in result.missed:
                print(f"missed: {line}")
            for line in result.wrong + [f"leak: {leak}" for leak in result.leaks]:
                print(line)
        print(f"summary: {result.summary()}")
        return EXIT_OK
    if args.command == "check":
        return _check(config, args.quiet)
    if args.command == "serve":
        from .serve import serve

        return serve(lambda: _config(args), config_file, args.port, jobs=args.jobs,
                     cache=not args.no_cache, quiet=args.quiet, executor=args.executor,
                     scheduler=args.scheduler)
    if args.command == "export":
        return _export(config, args)
    return _build(config, args, log, progress, start)


def _explain(page: Path, config: SiteConfig) -> int:
    """`ingest --explain PAGE`: how one page is read, written to standard output."""
    from .ingest.page import explain_file

    if not page.is_file():
        raise SiteError(str(page), "no such page file" if not page.exists() else "not a file",
                        hint="pass the path of one .txt, .md or .pdf page")
    print(explain_file(page, config.newspaper))
    return EXIT_OK


def _build(config: SiteConfig, args: argparse.Namespace, log: ErrorLog, progress: Progress,
           start: float) -> int:
    steps = pipeline.STEPS if args.command == "build" else (args.command,)
    report = pipeline.build(config, log, steps, jobs=args.jobs, cache=not args.no_cache,
                            progress=progress, executor=args.executor, scheduler=args.scheduler)
    if report.ingest and report.ingest.kept and not args.quiet:
        print(f"kept {len(report.ingest.kept)} hand-edited file(s): "
              f"{', '.join(report.ingest.kept)}", file=sys.stderr)
    _print_log(log, args.quiet)
    if not args.quiet:
        fresh = f" ({report.render.redone} rendered)" if report.render else ""
        print(f"{args.command}: {report.articles} articles, {report.pages} pages{fresh} in "
              f"{time.perf_counter() - start:.1f} s, {len(log.warnings)} warnings, "
              f"{len(log.errors)} errors")
    return EXIT_ERROR if log.errors else EXIT_OK


def _export(config: SiteConfig, args: argparse.Namespace) -> int:
    from .content import load_dir
    from .export import export

    articles, errors = load_dir(config.path("content"))
    for error in errors:
        print(f"error: {error}", file=sys.stderr)
    if args.to == "-":
        count = export(articles, args.format, sys.stdout)
    else:
        with open(args.to, "w", encoding="utf-8", newline="") as out:
            count = export(articles, args.format, out)
    if not args.quiet and args.to != "-":
        print(f"export: {count} articles to {args.to}", file=sys.stderr)
    return EXIT_ERROR if errors else EXIT_OK


def _check(config: SiteConfig, quiet: bool) -> int:
    from .content import load_dir
    from .render.links import check_links

    problems: list[str] = []
    folder = config.path("content")
    unusable = _folder_problem(folder, "content folder", "--content",
                               "run `site-builder ingest` or `build` first, or pass --content DIR")
    if unusable is None:
        _, errors = load_dir(folder)
        problems += [str(e) for e in errors]
    else:
        problems.append(str(unusable))
    site = config.path("output")
    unusable = _folder_problem(site, "site folder", "--output",
                               "run `site-builder render` or `build` first, or pass --output DIR")
    if unusable is None:
        problems += check_links(site)
    else:
        problems.append(str(unusable))
    for problem in problems:
        print(problem, file=sys.stderr)
    if not quiet:
        print(f"check: {len(problems)} problem(s)")
    return EXIT_ERROR if problems else EXIT_OK


def _init(args: argparse.Namespace) -> int:
    from .scaffold import init_site

    report = init_site(Path(args.folder), title=args.title, newspaper=args.newspaper,
                       theme=args.theme)
    if not args.quiet:
        if report.kept:
            print(f"kept {len(report.kept)} file(s) already there: {', '.join(report.kept)}",
                  file=sys.stderr)
        made = [m for m in report.made if "/" not in m.rstrip("/")]
        if args.theme:
            made += ["templates/", "static/"]
        print(f"init: {report.folder} ({', '.join(made)})")
        where = "" if report.folder == Path.cwd().resolve() else \
            f"cd {shlex.quote(args.folder)} && "
        print(f"next: put the page text files (.txt, .md) into {report.folder / 'seeds'}, "
              f"edit site.yaml, then run `{where}site-builder build`")
    return EXIT_OK


_OS_HINTS = {
    errno.EACCES: "check the permissions of this path",
    errno.EPERM: "check the permissions of this path",
    errno.ENOENT: "check that the path exists",
    errno.ENOTDIR: "a part of this path is a file, not a folder",
    errno.EISDIR: "this is a folder where a file belongs",
    errno.ENOSPC: "the disk is full",
    errno.EROFS: "the file system is read-only: choose another folder",
}


def os_error_line(exc: OSError) -> str:
    """An operating system error the checks did not foresee, as one line."""
    path = exc.filename if exc.filename is not None else "(no path)"
    hint = _OS_HINTS.get(exc.errno or 0, "check the path and its permissions")
    return f"{path}: {exc.strerror or exc} (hint: {hint})"


def main(argv: list[str] | None = None) -> int:
    parser = make_parser()
    args = parser.parse_args(argv)
    if getattr(args, "scheduler", None) is not None and args.executor != "dask":
        parser.error("--scheduler needs --executor dask")
    debug = getattr(args, "debug", False)
    tune_collector()  # a build holds millions of small long-lived objects
    try:
        return _run(args)
    except SiteError as exc:
        for line in exc.lines():
            print(f"error: {line}", file=sys.stderr)
        if debug:
            raise
        return EXIT_ERROR
    except OSError as exc:
        print(f"error: {os_error_line(exc)}", file=sys.stderr)
        if debug:
            raise
        return EXIT_ERROR
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
    except Exception as exc:  # a bug: one line, the traceback with --debug
        if debug:
            raise
        print(f"error: internal error: {type(exc).__name__}: {exc} (hint: run it again with "
              f"--debug for the traceback, and report it)", file=sys.stderr)
        return EXIT_ERROR


if __name__ == "__main__":
    sys.exit(main())


def run() -> NoReturn:
    """The command line's entry point: main(), then exit at once.

    A build leaves millions of objects behind (cached memos, jieba's dictionary in
    the parent of its workers): the interpreter's orderly teardown frees them one by
    one, 0.3 s or more after the work is done. Everything the build writes is closed
    by then; only the standard streams need flushing.
    """
    code = main()
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except OSError:  # e.g. a closed pipe: what the reader left unread is lost anyway
            pass
    os._exit(code)
