"""Command line (SPEC §2). Exit codes: 0 ok, 1 build error, 2 usage."""
from __future__ import annotations

import argparse
import gc
import os
import sys
import time
from pathlib import Path
from typing import NoReturn

from . import build
from .cache import Cache
from .progress import Progress
from .config import SiteConfig, load_config
from .errors import ErrorLog, SiteError
from .evaluate import evaluate
from .lock import build_lock

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
    parser.add_argument("--jobs", type=_jobs, metavar="N", default=build.default_jobs(),
                        help="worker processes for ingest and render "
                             "(default: all cores, %(default)s here)")
    parser.add_argument("--no-cache", action="store_true",
                        help="ignore and do not update the cache folder (a clean build)")


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
    for name, text in (("build", "seeds -> content -> site (the main job)"),
                       ("ingest", "seeds -> content only"),
                       ("render", "content -> site only (after editing content/)"),
                       ("check", "validate content/ front matter and the site's internal links")):
        _common(sub.add_parser(name, help=text, description=text))
    sv = sub.add_parser("serve", help="build, serve the site on 127.0.0.1, rebuild on change",
                        description="Build the site, serve it on 127.0.0.1 only, and rebuild "
                                    "when seeds/, content/, templates/, static/ or the config "
                                    "change (open pages reload). Ctrl-C stops.")
    _common(sv)
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


def _config(args: argparse.Namespace) -> SiteConfig:
    path = args.config
    if path is None and Path("site.yaml").exists():
        path = Path("site.yaml")
    return load_config(path, seeds=args.seeds, content=args.content, output=args.output,
                       base_url=args.base_url)


def _print_log(log: ErrorLog, quiet: bool) -> None:
    for error in log.errors:
        print(f"error: {error}", file=sys.stderr)
    if not quiet:
        for warning in log.warnings:
            print(f"warning: {warning}", file=sys.stderr)


def _run(args: argparse.Namespace) -> int:
    config = _config(args)
    log = ErrorLog()
    progress = Progress(enabled=not args.quiet)
    start = time.perf_counter()
    if args.command in ("eval", "export") and not config.path("content").is_dir():
        raise SiteError(str(config.path("content")), "content folder not found",
                        hint="run `site-builder ingest` first, or pass --content DIR")
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

        config_file = args.config or (Path("site.yaml") if Path("site.yaml").exists() else None)
        return serve(lambda: _config(args), config_file, args.port, quiet=args.quiet)
    if args.command == "export":
        return _export(config, args)
    with build_lock(config.path("cache") / "build.lock"):
        return _build(config, args, log, progress, start)


def _build(config: SiteConfig, args: argparse.Namespace, log: ErrorLog, progress,
           start: float) -> int:
    articles = pages = rendered = 0
    cache = Cache(config.path("cache"), enabled=not args.no_cache)
    known = None
    if args.command in ("build", "ingest"):
        report = build.run_ingest(config, log, progress, jobs=args.jobs, cache=cache)
        articles, known = report.articles, report.files
        if report.kept and not args.quiet:
            print(f"kept {len(report.kept)} hand-edited file(s): {', '.join(report.kept)}",
                  file=sys.stderr)
    if args.command in ("build", "render"):
        report = build.run_render(config, log, progress, jobs=args.jobs, cache=cache,
                                  known=known)
        articles, pages = articles or report.articles, report.pages
        rendered = report.redone
    _print_log(log, args.quiet)
    if not args.quiet:
        fresh = f" ({rendered} rendered)" if args.command != "ingest" else ""
        print(f"{args.command}: {articles} articles, {pages} pages{fresh} in "
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
    from .render import check_links

    problems: list[str] = []
    folder = config.path("content")
    if folder.is_dir():
        _, errors = load_dir(folder)
        problems += [str(e) for e in errors]
    else:
        problems.append(f"{folder}: content folder not found")
    site = config.path("output")
    if site.is_dir():
        problems += check_links(site)
    else:
        problems.append(f"{site}: site folder not found (run `site-builder render`)")
    for problem in problems:
        print(problem, file=sys.stderr)
    if not quiet:
        print(f"check: {len(problems)} problem(s)")
    return EXIT_ERROR if problems else EXIT_OK


def main(argv: list[str] | None = None) -> int:
    parser = make_parser()
    args = parser.parse_args(argv)
    # A build holds millions of small long-lived objects (articles, postings, memos):
    # with the default thresholds the collector walks them over and over (a fifth of a
    # small rebuild's time). Cycles are rare here; collect far less often.
    gc.set_threshold(100_000, 50, 100)
    try:
        return _run(args)
    except SiteError as exc:
        print(f"error: {exc}", file=sys.stderr)
        if getattr(args, "debug", False):
            raise
        return EXIT_ERROR
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130


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
