"""Read an article from raw scraped text, Markdown or a saved HTML page into labelled lines.

Every format ends as the same thing: a title, a date when the source says one, and `Line`s
(heading, caption, text, or boilerplate to drop) that `quizapp.article.assemble` turns into
passages. Pure: no database, no request.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from lxml import etree
from markdown_it import MarkdownIt
from markdown_it.token import Token

from quizapp.article import BOILERPLATE, CAPTION_START, PHOTO_CREDIT, Line, scraped_lines
from quizapp.article import _clean_line as clean_line


@dataclass
class Source:
    title: str
    lines: list[Line] = field(default_factory=list)
    date: str | None = None  # ISO date when the page says one


def read_source(text: str, fmt: str) -> Source:
    """Lines of an article in the given format ("text", "markdown" or "html")."""
    if fmt == "markdown":
        return read_markdown(text)
    if fmt == "html":
        return read_html(text)
    title, lines = scraped_lines(text)
    return Source(title, lines)


def _hinted(text: str, kind: str, joined: bool = False) -> Line:
    """A line of a structured format, still dropped or captioned when it reads like it."""
    if PHOTO_CREDIT.match(text) or BOILERPLATE.match(text):
        return Line(text, "drop")
    if kind == "text" and CAPTION_START.match(text):
        return Line(text, "caption")
    return Line(text, kind, joined)


def read_markdown(text: str) -> Source:
    """Headings, paragraphs (one line per source line, joined), list items, image captions."""
    tokens = MarkdownIt("commonmark").parse(text)
    title, lines = "", []
    for i, token in enumerate(tokens):
        if token.type != "inline":
            continue
        opener = tokens[i - 1].type if i else ""
        if opener == "heading_open" and tokens[i - 1].tag == "h1" and not title:
            title = clean_line(_plain(token.children or []))
        elif opener == "heading_open":
            lines.append(_hinted(clean_line(_plain(token.children or [])), "heading"))
        else:
            lines.extend(_paragraph_lines(token.children or []))
    if not title and lines:
        title = lines.pop(0).text
    return Source(title, [line for line in lines if line.text])


def _paragraph_lines(children: list[Token]) -> list[Line]:
    """A paragraph's source lines; an image alone in a paragraph is a caption (its alt text)."""
    if len(children) == 1 and children[0].type == "image":
        alt = clean_line(_plain(children[0].children or []) or children[0].content)
        return [Line(alt, "caption")] if alt else []
    pieces, current = [], []
    for child in children:
        if child.type in ("softbreak", "hardbreak"):
            pieces.append("".join(current))
            current = []
        else:
            current.append(_plain([child]))
    pieces.append("".join(current))
    texts = [clean_line(p) for p in pieces if clean_line(p)]
    return [_hinted(t, "text", joined=n > 0) for n, t in enumerate(texts)]


def _plain(children: list[Token]) -> str:
    """The words of inline tokens: link texts kept, markup and raw HTML dropped."""
    out = []
    for child in children:
        if child.type in ("text", "code_inline"):
            out.append(child.content)
        elif child.type in ("softbreak", "hardbreak"):
            out.append(" ")
        elif child.type == "image":
            continue
        elif child.children:
            out.append(_plain(child.children))
    return "".join(out)


def read_html(html: str) -> Source:
    """The main text of a saved page, by trafilatura (navigation, scripts and styles dropped)."""
    import trafilatura  # imported here: it is slow to import and only HTML needs it

    xml = trafilatura.extract(
        html,
        output_format="xml",
        with_metadata=True,
        include_comments=False,
        include_tables=False,
        include_images=False,
    )
    if not xml:
        return Source("")
    doc = etree.fromstring(xml.encode("utf-8"), parser=etree.XMLParser(resolve_entities=False))
    title = clean_line(doc.get("title") or "")
    lines = []
    main = doc.find("main")
    for element in main.iter("head", "p", "item") if main is not None else []:
        parent = element.getparent()
        if element.tag == "p" and parent is not None and parent.tag == "item":
            continue  # the item's own text already holds it
        text = clean_line("".join(element.itertext()))
        if not text or (element.tag == "head" and text == title and not lines):
            continue
        lines.append(_hinted(text, "heading" if element.tag == "head" else "text"))
    if not title and lines:
        title = lines.pop(0).text
    return Source(title, lines, date=doc.get("date") or None)
