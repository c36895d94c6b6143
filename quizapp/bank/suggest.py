"""Suggest evidence for a question: the article sentences that best match it, ranked by BM25."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from rank_bm25 import BM25Okapi

STOPWORDS = frozenset(
    "a an and are as at be by did does for from has have he his how in is it its of on or "
    "she that the their them they this to was were what when where which who whom why will "
    "with true false mr ms".split()
)
SENTENCE_END = re.compile(r"(?<=[.!?”\"])\s+(?=[A-Z“\"])")


@dataclass(frozen=True)
class Suggestion:
    passage_index: int
    quote: str  # one sentence of the passage, verbatim
    score: float


def tokens(text: str) -> list[str]:
    words = re.findall(r"[a-z0-9]+(?:-[a-z0-9]+)*", text.lower().replace("’", "'"))
    return [w for w in words if w not in STOPWORDS]


def sentences(passage: str) -> list[str]:
    return [s.strip() for s in SENTENCE_END.split(passage) if s.strip()]


def question_text(question: Mapping[str, Any]) -> str:
    """Everything in a question that could point to its source: prompt, options, answers."""
    parts = [str(question.get("prompt", ""))]
    for key in ("choices", "answers"):
        parts += [str(item.get("text", item.get("value", ""))) for item in question.get(key) or []]
    parts += [str(item) for item in question.get("items") or []]
    parts += [f"{p.get('left', '')} {p.get('right', '')}" for p in question.get("pairs") or []]
    return " ".join(parts)


def suggest_evidence(
    question: Mapping[str, Any], passages: Sequence[str], limit: int = 3
) -> list[Suggestion]:
    """The `limit` sentences most relevant to the question (only those sharing a term)."""
    candidates = [(i, s) for i, p in enumerate(passages) for s in sentences(p)]
    corpus = [tokens(s) for _, s in candidates]
    query = tokens(question_text(question))
    if not query or not any(corpus):
        return []
    scores = BM25Okapi(corpus).get_scores(query)
    ranked = sorted(zip(scores, candidates, strict=True), key=lambda x: -x[0])
    return [Suggestion(i, s, float(score)) for score, (i, s) in ranked[:limit] if score > 0]
