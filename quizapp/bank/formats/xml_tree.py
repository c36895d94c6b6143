"""A small element tree that remembers the line of each start tag, read with defusedxml.

ElementTree drops line numbers, so the tree is built from SAX events, whose locator knows
them. defusedxml refuses DTDs (hence entity bombs), entity declarations and external references.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from xml.sax import SAXParseException
from xml.sax.handler import ContentHandler
from xml.sax.xmlreader import Locator

from defusedxml import DefusedXmlException
from defusedxml.sax import parseString

from .model import Fault

_DECLARED_ENCODING = re.compile(r"""^(\s*<\?xml[^>]*?\bencoding\s*=\s*)(["'])[^"']*\2""")


@dataclass
class Node:
    tag: str
    attrs: dict[str, str]
    line: int
    children: list[Node] = field(default_factory=list)
    chunks: list[str] = field(default_factory=list)

    @property
    def text(self) -> str:
        return "".join(self.chunks)

    def find(self, tag: str) -> Node | None:
        return next((child for child in self.children if child.tag == tag), None)

    def findall(self, tag: str) -> list[Node]:
        return [child for child in self.children if child.tag == tag]

    def text_of(self, tag: str) -> str:
        """Stripped text of `<tag>` directly under this node, or of its `<text>` child."""
        child = self.find(tag)
        if child is None:
            return ""
        inner = child.find("text")
        return (inner.text if inner is not None else child.text).strip()


class _Builder(ContentHandler):
    def __init__(self) -> None:
        super().__init__()
        self.locator: Locator | None = None
        self.stack: list[Node] = []
        self.root: Node | None = None

    def setDocumentLocator(self, locator: Locator) -> None:  # noqa: N802 (SAX API name)
        self.locator = locator

    @property
    def line(self) -> int | None:
        return self.locator.getLineNumber() if self.locator is not None else None

    def startElement(self, name: str, attrs: dict[str, str]) -> None:  # noqa: N802
        node = Node(name, dict(attrs), self.line or 0)
        if self.stack:
            self.stack[-1].children.append(node)
        else:
            self.root = node
        self.stack.append(node)

    def endElement(self, name: str) -> None:  # noqa: N802
        self.stack.pop()

    def characters(self, content: str) -> None:
        if self.stack:
            self.stack[-1].chunks.append(content)


def read_tree(text: str) -> Node:
    """The document's root node; Fault (with the line) if it is not safe, well-formed XML.

    The text is already decoded, so any declared encoding is replaced by UTF-8 before the bytes
    go to expat (the replacement keeps every line where it was).
    """
    data = _DECLARED_ENCODING.sub(r"\1\2UTF-8\2", text, count=1).encode("utf-8")
    builder = _Builder()
    try:
        parseString(data, builder, forbid_dtd=True, forbid_entities=True, forbid_external=True)
    except SAXParseException as exc:
        raise Fault(
            exc.getLineNumber(), f"The XML is not well-formed: {exc.getMessage()}"
        ) from None
    except DefusedXmlException as exc:
        raise Fault(
            builder.line,
            "The XML declares a DTD, entities or external references, "
            f"which are not allowed ({type(exc).__name__})",
        ) from None
    if builder.root is None:
        raise Fault(1, "The XML has no root element")
    return builder.root
