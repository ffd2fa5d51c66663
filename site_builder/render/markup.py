"""The two engines a page goes through: one Jinja2 Environment (autoescape,
StrictUndefined; the site's templates over the default theme's) and one Markdown
instance (raw HTML and links disabled, reset between articles), so that no input text
can ever become markup.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import jinja2
import markdown
from markupsafe import Markup, escape

from ..config import SiteConfig
from ..theme import default_theme_dir

# The inline patterns that make links or images. Newspaper text has none, and a
# `[x](javascript:...)` in a page dump must come out as text, never as a link.
_LINK_PATTERNS = ("reference", "link", "image_link", "image_reference", "short_reference",
                  "short_image_ref", "autolink", "automail", "html")


def make_environment(config: SiteConfig, compiled: Path | None = None) -> jinja2.Environment:
    """The site's templates over the default theme's. `compiled`: a folder (in the
    build's cache) where Jinja2 keeps each template compiled, under the hash of its
    source: compiling the templates took 0.1-0.3 s in every process that renders,
    every build, for the same code each time."""
    loaders = [jinja2.FileSystemLoader(str(config.path("templates"))),
               jinja2.FileSystemLoader(str(default_theme_dir("templates")))]
    return _environment(jinja2.ChoiceLoader(loaders), _bytecode_cache(compiled))


def _bytecode_cache(folder: Path | None) -> jinja2.BytecodeCache | None:
    """Jinja2's own cache of compiled templates in `folder` (None: none, or when the
    folder cannot be made: templates are then compiled as they load)."""
    if folder is None:
        return None
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError:
        return None
    return jinja2.FileSystemBytecodeCache(str(folder))


def _environment(loader: jinja2.BaseLoader,
                 compiled: jinja2.BytecodeCache | None = None) -> jinja2.Environment:
    # auto_reload off: a render makes its environment afresh (serve too, for each
    # rebuild), so a template cannot change under it; with it on, every page's template,
    # its base and its imports were each checked against the file's mtime (3 stats a page)
    return jinja2.Environment(loader=loader, autoescape=True,
                              undefined=jinja2.StrictUndefined, trim_blocks=True,
                              lstrip_blocks=True, keep_trailing_newline=True,
                              auto_reload=False, bytecode_cache=compiled)


def template_sources(env: jinja2.Environment) -> dict[str, str]:
    """Every template `env` loads, as the source it loads (the site's over the default
    theme's): what a worker on another machine renders with (environment_of)."""
    assert env.loader is not None
    sources = {}
    for name in env.list_templates():
        if "__pycache__" in name.split("/"):
            continue
        try:
            sources[name] = env.loader.get_source(env, name)[0]
        except (jinja2.TemplateNotFound, UnicodeDecodeError):  # not a template
            continue
    return sources


def environment_of(sources: dict[str, str]) -> jinja2.Environment:
    """The environment of make_environment over these template sources."""
    return _environment(jinja2.DictLoader(sources))


def has_template(env: jinja2.Environment, name: str) -> bool:
    try:
        env.get_template(name)
    except jinja2.TemplateNotFound:
        return False
    return True


def make_markdown() -> markdown.Markdown:
    """Markdown with raw HTML and links switched off: input text can never become markup.

    Python-Markdown has no safe mode any more; without the html_block preprocessor and
    the html inline pattern, `<script>` is an ordinary text run and gets escaped.
    """
    md = markdown.Markdown(output_format="html")
    md.preprocessors.deregister("html_block")
    for name in _LINK_PATTERNS:
        if name in md.inlinePatterns:
            md.inlinePatterns.deregister(name)
    return md


# Characters Markdown may read as markup anywhere in a line (emphasis, code, escapes,
# entities, tags, links), and what may make a line other than a paragraph's (a heading,
# a list item, a quote, a rule or setext underline; a number and a dot or bracket).
_MARKUP_ANYWHERE = re.compile(r"[\x00-\x1f\x7f\\`*_\[\]<>&]")
_MARKUP_AT_START = re.compile(r"[#+\-=>]|\d+[.)]")


def plain_paragraphs_html(text: str) -> str | None:
    """The HTML Markdown makes of a body of plain one-line paragraphs (most newspaper
    stories), made directly: `<p>` per paragraph, joined by newlines. None when any
    paragraph holds something Markdown could read as markup (then Markdown converts it).
    Property-tested against Python-Markdown (tests/unit/test_markup.py)."""
    blocks = text.split("\n\n")
    for block in blocks:
        if (not block or block != block.strip() or "\n" in block
                or _MARKUP_ANYWHERE.search(block) or _MARKUP_AT_START.match(block)):
            return None
    return "\n".join(f"<p>{block}</p>" for block in blocks)


@dataclass(frozen=True, repr=False)
class Body:
    """An article's body (Markdown) as a view hands it to the page: converted to HTML
    only when the page is rendered. A `dateline` (新华社北京4月9日电, 本报讯) opens its
    first paragraph, as printed, rather than standing as a paragraph of its own.

    Its repr, which the page's key hashes, leaves the text out: a view puts the body
    beside its article, whose repr has it."""

    text: str
    dateline: str | None = None

    def __repr__(self) -> str:
        return f"Body(dateline={self.dateline!r})"

    def html(self, md: markdown.Markdown) -> Markup:
        html = plain_paragraphs_html(self.text)
        if html is None:
            md.reset()
            html = md.convert(self.text)
        # (either way no character of the text was left to be markup: this is safe)
        if self.dateline:
            lead = f'<span class="dateline">{escape(self.dateline)}</span>'
            html = (f"<p>{lead} {html[3:]}" if html.startswith("<p>")
                    else f'<p class="dateline">{escape(self.dateline)}</p>\n{html}')
        return Markup(html)
