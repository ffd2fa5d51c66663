"""Bytes -> RawPage: encodings, BOM, line endings; original line numbers kept."""
from __future__ import annotations

import importlib.util
from pathlib import Path

from ..errors import SiteError
from ..models import Line, RawPage

MAX_PAGE_BYTES = 8 * 1024 * 1024  # a real page dump is well under 1 MiB

# The file names a seeds folder holds pages under, by suffix (lower case): page text
# (raw extractions, Markdown-ish and plain dumps). Any other file is named and
# skipped (build.seed_files). A new kind of page is one more suffix here.
TEXT_SUFFIXES = frozenset({".txt", ".md"})
# Newspaper PDFs are pages once the package can read them (ingest/pdf.py); until
# then they are named and skipped with a hint, like any file that is not a page.
PDF_SUFFIX = ".pdf"
PDF_READER = importlib.util.find_spec(f"{__package__}.pdf") is not None
PAGE_SUFFIXES = TEXT_SUFFIXES | ({PDF_SUFFIX} if PDF_READER else frozenset())


def skip_hint(path: Path) -> str | None:
    """Why a file of a seeds folder is not read as a page (a hint for the user), or
    None when it is a page."""
    suffix = path.suffix.lower()
    if suffix in PAGE_SUFFIXES:
        return None
    pages = ", ".join(sorted(PAGE_SUFFIXES))
    if suffix == PDF_SUFFIX:
        return ("this version reads no PDF; extract the page's text into a .txt file, "
                "e.g. with `pdftotext -layout page.pdf page.txt`")
    return (f"pages are {pages} files: give it one of these names if it holds page "
            f"text, or move it out of the seeds folder")


def decode_page(data: bytes, name: str) -> tuple[str, str]:
    """Decode UTF-8 (with or without BOM) or GB18030/GBK; anything else is an error."""
    if not data.strip():
        raise SiteError(name, "the file is empty", hint="remove it or put the page text in it")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise SiteError(name, "UTF-16 text is not supported",
                        hint="save the page as UTF-8 or GB18030")
    if b"\x00" in data[:65536]:
        raise SiteError(name, "binary data, not a text page (it contains NUL bytes)")
    try:
        return data.decode("utf-8-sig"), "utf-8"
    except UnicodeDecodeError as exc:
        utf8_error = exc
    try:
        text = data.decode("gb18030")
    except UnicodeDecodeError:
        line = data[:utf8_error.start].count(b"\n") + 1
        raise SiteError(name, f"not UTF-8 or GB18030 text (invalid byte at offset "
                              f"{utf8_error.start})", line,
                        hint="re-save the page as UTF-8") from None
    # GB18030 decodes many byte strings; a real Chinese page is mostly CJK text.
    cjk = sum(1 for ch in text if "\u4e00" <= ch <= "\u9fff")
    if cjk < 0.2 * len(text.strip()):
        line = data[:utf8_error.start].count(b"\n") + 1
        raise SiteError(name, f"not valid UTF-8 (truncated or corrupt byte at offset "
                              f"{utf8_error.start}) and not GB18030 Chinese text either", line,
                        hint="re-save the page as UTF-8")
    return text, "gb18030"


def split_lines(text: str) -> tuple[Line, ...]:
    """Lines with 1-based numbers; CRLF and lone CR end lines; trailing spaces kept
    (two trailing spaces are a Markdown line break)."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return tuple(Line(i + 1, raw) for i, raw in enumerate(text.split("\n")))


def read_page(path: Path, data: bytes | None = None) -> RawPage:
    """The page at `path` (its bytes `data` when already read, e.g. sent to a worker
    on another machine)."""
    try:
        if data is None:
            size = path.stat().st_size
            if size > MAX_PAGE_BYTES:
                raise SiteError(str(path), f"the file is {size // (1024 * 1024)} MiB, larger "
                                           f"than the {MAX_PAGE_BYTES // (1024 * 1024)} MiB a "
                                           f"page may be", hint="split it into one file per page")
            data = path.read_bytes()
    except OSError as exc:  # unreadable, gone meanwhile, a folder ...
        raise SiteError(str(path), f"cannot read the page: {exc.strerror or exc}",
                        hint="check that it is a file you may read") from None
    text, encoding = decode_page(data, str(path))
    return RawPage(name=path.name, lines=split_lines(text), encoding=encoding)
