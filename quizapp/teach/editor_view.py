"""What the editor page shows besides the form: the preview and the article panel.

Both are built from unsaved data and never touch the session.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from typing import Any

from markupsafe import Markup, escape

from quizapp.content import content_of, locate_evidence
from quizapp.evidence import locate
from quizapp.learn.review import SlotView
from quizapp.models import Article, Passage, QuestionVersion, Response
from quizapp.question_types import get_type


@dataclass(frozen=True)
class PanelPassage:
    """A passage of the editor's article panel, with the current quotes marked."""

    passage: Passage
    html: Markup
    marked: bool


def preview_slot(qdict: dict[str, Any], article: Article | None) -> SlotView:
    """The question as a student's attempt shows it, from unsaved data (nothing is stored).

    The version and response are transient objects, never added to the session.
    """
    content = content_of(qdict)
    version = QuestionVersion(
        number=0,
        type=content["type"],
        prompt=content["prompt"],
        explanation=content["explanation"],
        points=content["points"],
        data=content["data"],
    )
    version.evidence = locate_evidence(content["evidence"], article)
    qtype = get_type(version.type)
    layout = qtype.layout(version.data, random.Random(0))
    response = Response(slot=1, layout=layout, version=version)
    return SlotView(
        name="q1",
        type_label=qtype.label,
        template=qtype.template,
        view=qtype.view(version.data, layout),
        values=None,
        answered=False,
        prompt=version.prompt,
        points=version.points,
        response=response,
    )


def article_panel(article: Article, quotes: list[str]) -> list[PanelPassage]:
    """Every passage, with the words of each quote that is found wrapped in <mark>."""
    texts = [p.text for p in article.passages]
    ranges: dict[int, list[tuple[int, int]]] = {}
    for quote in quotes:
        hit = locate(quote, texts)
        if hit is not None:
            ranges.setdefault(hit.passage_index, []).append((hit.start, hit.end))
    return [
        PanelPassage(p, _marked(p.text, ranges.get(i, [])), i in ranges)
        for i, p in enumerate(article.passages)
    ]


def _marked(text: str, spans: list[tuple[int, int]]) -> Markup:
    """Escaped text with (merged) spans wrapped in <mark>."""
    out, at = Markup(""), 0
    for start, end in sorted(spans):
        start = max(start, at)
        if end <= start:
            continue
        out += (
            escape(text[at:start]) + Markup("<mark>") + escape(text[start:end]) + Markup("</mark>")
        )
        at = end
    return out + escape(text[at:])
