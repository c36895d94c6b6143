"""Template helpers: Markdown rendered then sanitised, highlighted quotes, percentages."""

from __future__ import annotations

import re
from functools import lru_cache

import nh3
from flask import Flask
from jinja2.filters import do_urlencode
from markdown_it import MarkdownIt
from markupsafe import Markup, escape

ALLOWED_TAGS = {
    "a",
    "abbr",
    "b",
    "blockquote",
    "br",
    "code",
    "em",
    "i",
    "li",
    "ol",
    "p",
    "pre",
    "s",
    "strong",
    "sub",
    "sup",
    "table",
    "tbody",
    "td",
    "th",
    "thead",
    "tr",
    "ul",
    "span",
    "mark",
}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "abbr": {"title"}, "td": {"align"}, "th": {"align"}}


@lru_cache(maxsize=1)
def _markdown() -> MarkdownIt:
    return MarkdownIt("commonmark", {"html": True, "linkify": False}).enable("table")


def sanitise_html(html: str) -> str:
    """Keep formatting, drop scripts, event handlers and javascript: links."""
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer nofollow",
    )


# Rendering is a pure function of the text, and question versions never change once asked, so
# each distinct text is rendered and sanitised once per process, not on every page that shows it
# (that was a quarter of the quiz page's time). Keyed by the text itself, a cached result can never
# be stale; the bound keeps memory flat however many texts pass through.
MARKDOWN_CACHE_SIZE = 8192


def render_markdown(text: str | None) -> Markup:
    """Teacher-authored Markdown (inline HTML allowed) → safe HTML."""
    return _render_block(text or "")


def render_inline(text: str | None) -> Markup:
    """Markdown for short texts such as choices: no wrapping <p>."""
    return _render_inline(text or "")


@lru_cache(maxsize=MARKDOWN_CACHE_SIZE)
def _render_block(text: str) -> Markup:
    return Markup(sanitise_html(_markdown().render(text)))  # noqa: S704


@lru_cache(maxsize=MARKDOWN_CACHE_SIZE)
def _render_inline(text: str) -> Markup:
    html = str(_render_block(text)).strip()
    if html.startswith("<p>") and html.endswith("</p>") and html.count("<p>") == 1:
        html = html[3:-4]
    return Markup(html)  # noqa: S704


MARK, END_MARK = Markup("<mark>"), Markup("</mark>")


def highlight(text: str, start: int | None, end: int | None) -> Markup:
    """Passage text with [start, end) wrapped in <mark>; everything else escaped."""
    if start is None or end is None or not 0 <= start < end <= len(text):
        return escape(text)
    return escape(text[:start]) + MARK + escape(text[start:end]) + END_MARK + escape(text[end:])


GAP_MARKER = re.compile(r"\{#(\d+)\}")


def cloze_parts(text: str | None, count: int) -> list[tuple[Markup, int | None]]:
    """A cloze text as Markdown HTML cut at its gap markers: (html before, gap index or None).

    A marker the HTML does not hold as text (e.g. inside a link title) is not lost: its gap is
    put after the text, so every gap always gets its input.
    """
    html = str(render_markdown(text))
    parts: list[tuple[Markup, int | None]] = []
    at, placed = 0, set()
    for found in GAP_MARKER.finditer(html):
        index = int(found[1]) - 1
        before = html[: found.start()]
        inside_tag = before.rfind("<") > before.rfind(">")
        if inside_tag or index in placed or not 0 <= index < count:
            continue
        parts.append((Markup(html[at : found.start()]), index))  # noqa: S704 (sanitised above)
        placed.add(index)
        at = found.end()
    parts.append((Markup(html[at:]), None))  # noqa: S704
    parts += [(Markup(""), i) for i in range(count) if i not in placed]
    return parts


@lru_cache(maxsize=MARKDOWN_CACHE_SIZE)
def evidence_figure(
    article_url: str, anchor: str, text: str, start: int | None, end: int | None
) -> Markup:
    """A quote from the article with its words marked and a link to them in the article.

    A pure function of its arguments, so each quote is built once per process (a review page
    shows one or two per question, and a class loads the same ones)."""
    query = do_urlencode({"p": anchor, "from": start, "to": end})
    return Markup(
        '<figure class="evidence">\n'
        '    <blockquote cite="{url}#{anchor}">\n'
        "      <p>{quote}</p>\n"
        "    </blockquote>\n"
        "    <figcaption>\n"
        '      <a href="{url}?{query}#{anchor}">Read this passage in the article</a>\n'
        "    </figcaption>\n"
        "  </figure>"
    ).format(url=article_url, anchor=anchor, quote=highlight(text, start, end), query=query)


def percent(value: float | None, digits: int = 0) -> str:
    return "–" if value is None else f"{value:.{digits}f}%"


def register_filters(app: Flask) -> None:
    app.jinja_env.filters["markdown"] = render_markdown
    app.jinja_env.filters["inline_md"] = render_inline
    app.jinja_env.filters["percent"] = percent
    app.jinja_env.filters["cloze_parts"] = cloze_parts
    app.jinja_env.globals["highlight"] = highlight
    app.jinja_env.globals["evidence_figure"] = evidence_figure
