"""Split an article's passages into sentences that are verbatim substrings of their passage."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

import pysbd

DRAFTED_KINDS = ("paragraph", "caption")
MIN_WORDS, MAX_CHARS = 6, 400
# "FILE PHOTO: Kim shakes hands...": the label is no part of what a caption says.
CAPTION_LABEL = re.compile(r"^(?:FILE )?PHOTOS?:\s+", re.IGNORECASE)


@dataclass(frozen=True)
class PassageText:
    """What the drafter needs of a passage (quizapp.article.Block and models.Passage fit)."""

    anchor: str
    kind: str
    text: str


@dataclass(frozen=True)
class Sentence:
    passage: str  # the passage's anchor
    passage_index: int
    text: str  # verbatim: passage_text[start:end]
    start: int
    end: int


@lru_cache(maxsize=1)
def _segmenter() -> pysbd.Segmenter:
    return pysbd.Segmenter(language="en", clean=False, char_span=True)


def split(passages: Iterable[PassageText]) -> list[Sentence]:
    """Every sentence of the paragraphs and captions worth asking about, in article order.

    Questions (a sentence ending in "?") and very short or very long sentences are left out.
    """
    found = []
    for index, passage in enumerate(passages):
        if passage.kind not in DRAFTED_KINDS:
            continue
        for span in _segmenter().segment(passage.text):
            raw = passage.text[span.start : span.end]
            start = span.start + (len(raw) - len(raw.lstrip()))
            text = raw.strip()
            label = CAPTION_LABEL.match(text)
            if label:
                start, text = start + label.end(), text[label.end() :]
            end = start + len(text)
            if _worth_asking(text):
                found.append(Sentence(passage.anchor, index, text, start, end))
    return found


def _worth_asking(text: str) -> bool:
    return len(text.split()) >= MIN_WORDS and len(text) <= MAX_CHARS and not text.endswith("?")
