"""The cleaning preview: what the app understood, the teacher's corrections, the passages (pure).

Corrections are stored as {"kinds": {"12": "heading"}, "joins": {"13": false}}: keys are line
numbers of the source as read (`sources.read_source`), so they survive any number of edits and
the article is always rebuilt from its original text.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any

from quizapp.article import Block, Line, assemble

KINDS = ("text", "heading", "caption", "drop")
KIND_LABELS = {"text": "Text", "heading": "Heading", "caption": "Caption", "drop": "Boilerplate"}


class CorrectionError(ValueError):
    """A correction that does not apply (a stale form, a line that is not there)."""


def corrected(lines: list[Line], corrections: dict[str, Any] | None) -> list[Line]:
    """The lines with the teacher's labels and joins applied."""
    kinds = (corrections or {}).get("kinds", {})
    joins = (corrections or {}).get("joins", {})
    out = []
    for i, line in enumerate(lines):
        kind = kinds.get(str(i), line.kind)
        out.append(replace(line, kind=kind, joined=joins.get(str(i), line.joined)))
    return out


@dataclass
class PreviewLine:
    index: int
    text: str
    kind: str
    joined: bool  # glued to the line before it in the same passage
    changed: bool  # the teacher corrected its label or its join


@dataclass
class PreviewPassage:
    kind: str  # heading | paragraph | caption
    lines: list[PreviewLine] = field(default_factory=list)

    @property
    def first(self) -> int:
        return self.lines[0].index


@dataclass
class Preview:
    passages: list[PreviewPassage]
    dropped: list[PreviewLine]
    joined: int  # how many lines were glued onto the line before them
    dateline: str | None = None  # "MOSCOW/SEOUL": set apart from the first paragraph


def preview(lines: list[Line], corrections: dict[str, Any] | None) -> Preview:
    """Passages as built from the corrected lines, each with the source lines it came from."""
    fixed = corrected(lines, corrections)
    passages: list[PreviewPassage] = []
    dropped: list[PreviewLine] = []
    open_paragraph = False
    for i, (line, was) in enumerate(zip(fixed, lines, strict=True)):
        glued = line.kind == "text" and line.joined and open_paragraph
        item = PreviewLine(i, line.text, line.kind, glued, line != was)
        if line.kind == "drop":
            dropped.append(item)
        elif glued:
            passages[-1].lines.append(item)
        else:
            kind = "paragraph" if line.kind == "text" else line.kind
            passages.append(PreviewPassage(kind, [item]))
            open_paragraph = line.kind == "text"
    joined = sum(1 for p in passages for x in p.lines if x.joined)
    return Preview(passages, dropped, joined, assemble("article", fixed).dateline)


def blocks(title: str, lines: list[Line], corrections: dict[str, Any] | None) -> list[Block]:
    """The passages to publish, with their anchors."""
    return assemble(title or "article", corrected(lines, corrections)).blocks


def set_kind(corrections: dict[str, Any] | None, lines: list[Line], index: int, kind: str):
    """Corrections with line `index` labelled `kind`."""
    _check_line(lines, index)
    if kind not in KINDS:
        raise CorrectionError(f"Unknown label “{kind}”.")
    return _with(corrections, lines, kinds={index: kind})


def split_before(corrections: dict[str, Any] | None, lines: list[Line], index: int):
    """Corrections starting a new passage at line `index` (it was glued to the line before)."""
    _check_line(lines, index)
    return _with(corrections, lines, joins={index: False})


def merge_with_previous(corrections: dict[str, Any] | None, lines: list[Line], index: int):
    """Corrections gluing the passage starting at line `index` onto the passage before it.

    Both become text: a heading or caption merged into a paragraph reads as part of it.
    """
    _check_line(lines, index)
    view = preview(lines, corrections)
    at = next((n for n, p in enumerate(view.passages) if p.first == index), None)
    if not at:
        raise CorrectionError("There is no passage before this one to merge with.")
    kinds = {x.index: "text" for p in view.passages[at - 1 : at + 1] for x in p.lines}
    joins = {x.index: True for x in view.passages[at].lines}
    joins.update({x.index: x.joined for x in view.passages[at - 1].lines})
    # Lines dropped between the two passages stay dropped; the glue skips them.
    return _with(corrections, lines, kinds=kinds, joins=joins)


def _check_line(lines: list[Line], index: int) -> None:
    if not 0 <= index < len(lines):
        raise CorrectionError("That line is not in this article; reload the preview.")


def _with(
    corrections: dict[str, Any] | None,
    lines: list[Line],
    kinds: dict[int, str] | None = None,
    joins: dict[int, bool] | None = None,
) -> dict[str, Any]:
    """New corrections; entries equal to what the app read on its own are left out."""
    out_kinds = dict((corrections or {}).get("kinds", {}))
    out_joins = dict((corrections or {}).get("joins", {}))
    for index, kind in (kinds or {}).items():
        out_kinds[str(index)] = kind
        if lines[index].kind == kind:
            del out_kinds[str(index)]
    for index, joined in (joins or {}).items():
        out_joins[str(index)] = joined
        if lines[index].joined == joined:
            del out_joins[str(index)]
    return {"kinds": out_kinds, "joins": out_joins}
