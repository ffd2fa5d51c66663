"""The page model's regular expressions, compiled once per cache instead of on every
start of a process that reads pages.

Importing the page model compiles ~170 patterns, some of them alternations of hundreds
of outlets and character classes of every CJK range: ~0.18 s of pure Python (re's
parser and compiler) in every worker that ingests a page, on the way to a daily
build's first result. `kept_compiled(file)` is the scope of that import: each str
pattern compiled in it is made from the code re's compiler made for it before, kept
in `file` under the pattern, its flags and this interpreter's version and regex
engine (`_sre.MAGIC`, `_sre.CODESIZE`); the code of a pattern not there is made as re
makes it, and kept only if the pattern made from it equals (Pattern ==: the same
pattern, flags and code) the one re.compile makes. A pattern is therefore the same
object either way; a file that cannot be read or written is only not used.
"""
from __future__ import annotations

import contextlib
import marshal
import os
import re
import sys
import tempfile
from pathlib import Path
from typing import Any, Callable, Iterator

try:  # CPython's regex engine and compiler (3.11+); elsewhere nothing is kept
    import _sre
    from re import _compiler, _parser
except ImportError:  # pragma: no cover
    _compiler = None

# What the code of a pattern depends on besides the pattern and its flags.
ENGINE = (sys.version, getattr(_sre, "MAGIC", None) if _compiler else None,
          getattr(_sre, "CODESIZE", None) if _compiler else None)
Made = tuple  # (flags, code, groups, groupindex, indexgroup): _sre.compile's arguments


def _made(pattern: str, flags: int) -> Made:
    """What re's compiler passes _sre.compile for `pattern` (its compile(), step by step)."""
    parsed = _parser.parse(pattern, flags)
    code = _compiler._code(parsed, flags)
    groupindex = dict(parsed.state.groupdict)
    indexgroup = [None] * parsed.state.groups
    for name, index in groupindex.items():
        indexgroup[index] = name
    return (int(flags | parsed.state.flags), [int(c) for c in code],
            parsed.state.groups - 1, groupindex, tuple(indexgroup))


def _read(file: Path) -> dict[tuple[str, int], Made]:
    try:
        engine, kept = marshal.loads(file.read_bytes())
    except (OSError, ValueError, EOFError, TypeError):
        return {}
    return kept if engine == ENGINE and isinstance(kept, dict) else {}


def _write(file: Path, kept: dict[tuple[str, int], Made]) -> None:
    """`kept` into `file` through a temporary file (workers may write it at once)."""
    try:
        file.parent.mkdir(parents=True, exist_ok=True)
        handle, temp = tempfile.mkstemp(prefix=".tmp-", dir=file.parent)
    except OSError:
        return
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(marshal.dumps((ENGINE, kept)))
        os.replace(temp, file)
    except (OSError, ValueError):
        with contextlib.suppress(OSError):
            os.unlink(temp)


class _Compiler:
    """re's compile() within kept_compiled: from the kept code where there is some."""

    def __init__(self, kept: dict[tuple[str, int], Made], original: Callable) -> None:
        self.kept, self.original = kept, original
        self.used: dict[tuple[str, int], Made] = {}
        self.new = False

    def __call__(self, pattern: Any, flags: int = 0) -> Any:
        if not isinstance(pattern, str) or flags & re.DEBUG:
            return self.original(pattern, flags)
        key = (pattern, int(flags))
        made = self.kept.get(key)
        try:
            if made is None:
                compiled = self.original(pattern, flags)
                made = _made(pattern, flags)
                if _sre.compile(pattern, *made) != compiled:
                    return compiled  # (not as re makes it: not kept)
                self.new = True
            else:
                compiled = _sre.compile(pattern, *made)
        except Exception:  # (re's private compiler of another CPython: only not kept)
            return self.original(pattern, flags)
        self.used[key] = made
        return compiled


@contextlib.contextmanager
def kept_compiled(file: Path) -> Iterator[None]:
    """The patterns compiled in this scope made from the code kept in `file` (see the
    module's doc); the file then keeps those compiled in it, when some were new."""
    if _compiler is None:
        yield
        return
    original = _compiler.compile
    compiler = _Compiler(_read(file), original)
    _compiler.compile = compiler
    try:
        yield
    finally:
        _compiler.compile = original
    if compiler.new:
        _write(file, compiler.used)
