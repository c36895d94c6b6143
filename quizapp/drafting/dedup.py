"""Drop drafts that repeat another draft or a question the module already has (fuzzy)."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from rapidfuzz import fuzz

from quizapp.drafting.builders import Draft

SAME_TEXT = 92  # fuzz.ratio of two drafts' wording, 0..100
SAME_SENTENCE = 70  # fuzz.ratio of the evidence sentences of two drafts with the same key
SAME_PROMPT = 85  # fuzz.ratio of a draft's prompt and an existing question's
QUOTE_OVERLAP = 90  # fuzz.partial_ratio of a draft's evidence and an existing quote


@dataclass(frozen=True)
class ExistingQuestion:
    """What the module already asks: its wording (the prompt, and a cloze's text after it), the
    answer key as text, and its evidence quotes."""

    prompt: str
    key: str
    evidence: tuple[str, ...]


def norm(text: str) -> str:
    return " ".join(re.sub(r"[^\w\s]", " ", text.casefold()).split())


def _wording(draft: Draft) -> str:
    return norm(f"{draft.prompt} {draft.question.get('text', '')}")


def _same_keys(a: Draft, b: Draft) -> bool:
    """Keys that name the same things: "Putin" and "Vladimir Putin" share a word."""
    if len(a.keys) != len(b.keys):
        return False
    pairs = zip(a.keys, b.keys, strict=True)
    return all(set(norm(x).split()) & set(norm(y).split()) for x, y in pairs)


def same_draft(a: Draft, b: Draft) -> bool:
    """Two drafts of one type that ask the same thing, maybe from a near-identical sentence."""
    if a.type != b.type:
        return False
    if _same_keys(a, b) and fuzz.ratio(norm(a.evidence), norm(b.evidence)) >= SAME_SENTENCE:
        return True
    return fuzz.ratio(_wording(a), _wording(b)) >= SAME_TEXT


def key_parts(key: str) -> list[str]:
    """The answers an answer-key text names: "A → Kim Jong Un; B (part credit: C)" gives
    "a", "kim jong un", "b", "c"."""
    return [norm(p) for p in re.split(r"[;/→|()]|part credit:|±", key) if norm(p)]


def _same_answer(key: str, parts: list[str]) -> bool:
    """The draft's key is one of the existing answers (or a word or two short of one)."""
    words = key.split()
    for part in parts:
        found = re.search(rf"(?<!\w){re.escape(key)}(?!\w)", part)
        if found and len(part.split()) <= len(words) + 2:
            return True
    return False


def repeats(draft: Draft, existing: ExistingQuestion) -> bool:
    """The module already asks this: the same wording, or the same answer from the same words."""
    if fuzz.ratio(_wording(draft), norm(existing.prompt)) >= SAME_PROMPT:
        return True
    parts = key_parts(existing.key)
    if not all(norm(k) and _same_answer(norm(k), parts) for k in draft.keys):
        return False
    return any(
        fuzz.partial_ratio(norm(draft.evidence), norm(quote)) >= QUOTE_OVERLAP
        for quote in existing.evidence
    )


def unique(drafts: Iterable[Draft], existing: Sequence[ExistingQuestion] = ()) -> list[Draft]:
    """Drafts in order, without repeats of each other or of the existing questions."""
    kept: list[Draft] = []
    for draft in drafts:
        if any(repeats(draft, e) for e in existing):
            continue
        if not any(same_draft(draft, k) for k in kept):
            kept.append(draft)
    return kept
