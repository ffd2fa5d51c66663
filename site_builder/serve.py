"""`site-builder serve`: build, serve the site on 127.0.0.1, rebuild on change, reload pages.

Standard library only. A watcher polls the modification times and sizes of every file
under seeds/, content/, templates/, static/ and of the config file (polling is enough
for a folder of text files and needs no dependency). A change under seeds/ or to the
config runs the whole build (ingest, then render); a change only under content/,
templates/ or static/ renders again. A failed rebuild is reported and the last good site
stays online (render swaps the output folder in only on success).

Open pages reload themselves: HTML is sent with a small script added before </body>
that polls /__reload, a version number that only this server answers and that goes up
after every successful rebuild. Nothing of this is written into the output folder.
"""
from __future__ import annotations

import functools
import http.server
import os
import signal
import sys
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterable, Mapping
from urllib.parse import unquote, urlsplit

from . import pipeline
from .config import SiteConfig
from .errors import ErrorLog, SiteError

HOST = "127.0.0.1"
RELOAD_PATH = "/__reload"
POLL_SECONDS = 0.5
SKIP_PARTS = {"__pycache__", ".git"}

# Added to every HTML response (never to the files on disk). It remembers the version
# it first saw and reloads the page when the server reports another one.
RELOAD_SCRIPT = f"""<script>
(function () {{
  var seen = null;
  function poll() {{
    fetch("{RELOAD_PATH}", {{ cache: "no-store" }}).then(function (r) {{ return r.text(); }})
      .then(function (v) {{
        if (seen === null) {{ seen = v; }} else if (v !== seen) {{ location.reload(); return; }}
        setTimeout(poll, 500);
      }}, function () {{ setTimeout(poll, 2000); }});
  }}
  poll();
}}());
</script>
"""

Snapshot = Mapping[str, tuple[int, int]]


# ---------------------------------------------------------------------------- watching

@dataclass(frozen=True)
class Watched:
    """What to watch: folders by kind ('seeds', 'content', 'templates', 'static') and the
    config file (kind 'config')."""

    folders: Mapping[str, Path]
    config_file: Path | None

    @classmethod
    def of(cls, config: SiteConfig, config_file: Path | None) -> "Watched":
        return cls({kind: config.path(kind) for kind in ("seeds", "content", "templates",
                                                         "static")},
                   config_file.resolve() if config_file else None)


def snapshot(watched: Watched) -> dict[str, tuple[int, int]]:
    """{'kind:path': (mtime_ns, size)} of every watched file."""
    files: dict[str, tuple[int, int]] = {}
    for kind, folder in sorted(watched.folders.items()):
        if not folder.is_dir():
            continue
        for root, dirs, names in os.walk(folder):
            dirs[:] = sorted(d for d in dirs if d not in SKIP_PARTS and not d.startswith("."))
            for name in names:
                path = Path(root, name)
                try:
                    stat = path.stat()
                except OSError:  # deleted while we looked
                    continue
                files[f"{kind}:{path}"] = (stat.st_mtime_ns, stat.st_size)
    if watched.config_file is not None:
        try:
            stat = watched.config_file.stat()
            files[f"config:{watched.config_file}"] = (stat.st_mtime_ns, stat.st_size)
        except OSError:
            pass
    return files


def changed_kinds(before: Snapshot, after: Snapshot) -> set[str]:
    """The kinds ('seeds', 'content', ...) with a file added, removed or modified."""
    keys = {k for k in set(before) | set(after) if before.get(k) != after.get(k)}
    return {k.split(":", 1)[0] for k in keys}


def needs_full_build(kinds: Iterable[str]) -> bool:
    """Seeds or configuration changed: ingest again. Otherwise rendering is enough."""
    return bool({"seeds", "config"} & set(kinds))


# ---------------------------------------------------------------------------- serving

class _Handler(http.server.SimpleHTTPRequestHandler):
    """Serves the output folder; adds the reload script to HTML; answers /__reload."""

    def __init__(self, *args, state: "_State", **kwargs) -> None:
        self.state = state
        super().__init__(*args, directory=str(state.output), **kwargs)

    def log_message(self, format, *args):  # noqa: A002 - the base class's name
        if self.state.verbose:
            super().log_message(format, *args)

    def end_headers(self) -> None:
        self.send_header("Cache-Control", "no-store")
        super().end_headers()

    def do_GET(self) -> None:  # noqa: N802 - the base class's name
        if not self._answer():
            super().do_GET()

    def do_HEAD(self) -> None:  # noqa: N802 - the base class's name
        if not self._answer():
            super().do_HEAD()

    def _answer(self) -> bool:
        """/__reload and HTML pages (with the reload script); False: serve as a file."""
        path = unquote(urlsplit(self.path).path)
        if path == RELOAD_PATH:
            self._send(200, "text/plain; charset=utf-8", str(self.state.version).encode())
            return True
        local = Path(self.translate_path(self.path))
        if local.is_dir():
            local = local / "index.html"
        if local.suffix != ".html" or not local.is_file():
            return False
        try:
            text = local.read_bytes()
        except OSError:  # swapped away by a rebuild between the two calls
            return False
        self._send(200, "text/html; charset=utf-8", _with_reload(text))
        return True

    def send_error(self, code, message=None, explain=None):
        # A missing page gets the site's own 404.html, as on GitHub Pages.
        page = self.state.output / "404.html"
        if code == 404 and page.is_file():
            self._send(404, "text/html; charset=utf-8", _with_reload(page.read_bytes()))
            return
        super().send_error(code, message, explain)

    def _send(self, code: int, kind: str, body: bytes) -> None:
        self.send_response(code)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)


def _with_reload(html: bytes) -> bytes:
    at = html.rfind(b"</body>")
    script = RELOAD_SCRIPT.encode()
    return html[:at] + script + html[at:] if at >= 0 else html + script


class _State:
    def __init__(self, output: Path, verbose: bool) -> None:
        self.output = output
        self.verbose = verbose
        self.version = 1


class _Server(http.server.ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True


def make_server(output: Path, port: int, verbose: bool = False) -> tuple[_Server, _State]:
    """An HTTP server on 127.0.0.1:`port` (0: any free port) for the folder `output`."""
    state = _State(output, verbose)
    server = _Server((HOST, port), functools.partial(_Handler, state=state))
    return server, state


# ---------------------------------------------------------------------------- the command

def _say(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


@dataclass(frozen=True)
class Rebuild:
    """How serve builds: the build's jobs and cache, and whether to print."""

    jobs: int = 1
    cache: bool = True
    quiet: bool = False
    executor: str = "local"          # or "dask" (pipeline.build)
    scheduler: str | None = None

    def run(self, config: SiteConfig, full: bool) -> bool:
        """One build (full: ingest + render; else render). True when it succeeded."""
        log = ErrorLog()
        try:
            report = pipeline.build(config, log, pipeline.STEPS if full else ("render",),
                                    jobs=self.jobs, cache=self.cache, long_lived=True,
                                    executor=self.executor, scheduler=self.scheduler)
        except SiteError as exc:
            _say(f"error: {exc}")
            return False
        except Exception as exc:  # a rebuild must never take the server down
            _say(f"error: rebuild failed: {type(exc).__name__}: {exc}")
            return False
        for error in log.errors:
            _say(f"error: {error}")
        if not self.quiet:
            for warning in log.warnings:
                _say(f"warning: {warning}")
            articles = report.render.articles if report.render else 0
            _say(f"{'build' if full else 'render'}: {articles} articles, {report.pages} pages "
                 f"in {report.seconds:.1f} s, {len(log.warnings)} warnings, "
                 f"{len(log.errors)} errors")
        return True


def serve(load_config: Callable[[], SiteConfig], config_file: Path | None, port: int,
          jobs: int = 1, cache: bool = True, quiet: bool = False, poll: float = POLL_SECONDS,
          stop: threading.Event | None = None, executor: str = "local",
          scheduler: str | None = None) -> int:
    """Build, serve on 127.0.0.1:`port`, rebuild on change until Ctrl-C (or `stop`);
    every build with `jobs` processes (and the cache unless `cache` is False), on the
    `executor` (and Dask `scheduler`) asked for.

    `load_config` is called again when the config file changes. Returns an exit code.
    """
    rebuild = Rebuild(jobs, cache, quiet, executor, scheduler)
    config = load_config()
    output = config.path("output")
    try:  # listen first: a busy port is said at once, not after a build
        server, state = make_server(output, port, verbose=not quiet)
    except OSError as exc:
        _say(f"error: cannot listen on {HOST}:{port}: {exc.strerror or exc}")
        return 1
    if not rebuild.run(config, full=True):
        server.server_close()
        return 1
    thread = threading.Thread(target=server.serve_forever, name="serve", daemon=True)
    thread.start()
    host, bound = server.server_address[:2]
    # always printed (also with --quiet): it is how a user, or a test, finds the server
    print(f"serving http://{host}:{bound}/index.html (Ctrl-C to stop)", flush=True)
    stop = stop or threading.Event()
    previous = _stop_on_interrupt(stop)
    try:
        _watch(rebuild, load_config, config, config_file, state, poll, stop)
    except KeyboardInterrupt:
        pass
    finally:
        if previous is not None:
            signal.signal(signal.SIGINT, previous)
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)
    if not quiet:
        _say("stopped")
    return 0


def _stop_on_interrupt(stop: threading.Event):
    """Ctrl-C sets `stop`: a rebuild under way finishes (an interrupt in the middle of one,
    among its worker processes and pipes, could leave the server hanging) and the watch
    ends; a second Ctrl-C stops at once. Returns the handler it replaced (None off the
    main thread, where signals cannot be caught)."""
    if threading.current_thread() is not threading.main_thread():
        return None

    def interrupted(signum, frame):
        if stop.is_set():
            raise KeyboardInterrupt
        stop.set()

    return signal.signal(signal.SIGINT, interrupted)


def _watch(rebuild: Rebuild, load_config: Callable[[], SiteConfig], config: SiteConfig,
           config_file: Path | None, state: "_State", poll: float,
           stop: threading.Event) -> None:
    """Rebuild on every change, until `stop` (or Ctrl-C); the served version goes up
    after every successful rebuild."""
    output = config.path("output")
    watched = Watched.of(config, config_file)
    seen = snapshot(watched)
    while not stop.wait(poll):
        now = snapshot(watched)
        kinds = changed_kinds(seen, now)
        if not kinds:
            continue
        full = needs_full_build(kinds)
        if not rebuild.quiet:
            _say(f"changed: {', '.join(sorted(kinds))} -> {'build' if full else 'render'}")
        if "config" in kinds:
            try:
                config = load_config()
            except SiteError as exc:
                _say(f"error: {exc}")
                seen = now
                continue
            if config.path("output") != output:
                _say("warning: the output folder changed; restart serve to serve it")
            watched = Watched.of(config, config_file)
        if rebuild.run(config, full=full):
            state.version += 1
        # What the build wrote into content/ is not a change; edits made meanwhile
        # to the other folders are, and are seen on the next round.
        after = snapshot(watched)
        seen = {k: (after.get(k) if k.startswith("content:") else now.get(k))
                for k in set(now) | set(after)
                if (after.get(k) if k.startswith("content:") else now.get(k)) is not None}


__all__ = ["serve", "make_server", "snapshot", "changed_kinds", "needs_full_build",
           "Watched", "RELOAD_SCRIPT", "RELOAD_PATH", "HOST"]
