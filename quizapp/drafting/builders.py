"""One builder per draft type. Each takes a sentence, its items and the article's pool of items
of each kind, and returns a draft or None. Every draft quotes its sentence verbatim as evidence,
its key is an item of that sentence, and its distractors come from elsewhere in the article.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from quizapp.drafting.gazetteer import COUNTRIES
from quizapp.drafting.items import CHOICE_KINDS, Item, words_of
from quizapp.drafting.sentences import Sentence
from quizapp.question_types.numeric import parse_number

BLANK = "_____"
KIND_NOUNS = {"person": "person", "place": "place", "organisation": "organisation", "year": "year"}
GAP_KINDS = ("person", "place", "organisation", "name", "year", "number", "date")
MAX_GAPS = 2
MAX_DISTRACTORS = 3
ALIASES = {"US": "United States", "USA": "United States", "America": "United States"}
ALIASES |= {"UK": "United Kingdom", "Britain": "United Kingdom", "Kiev": "Kyiv"}
Shape = tuple[str, bool, str]
Pools = Mapping[Shape, Sequence[str]]


@dataclass(frozen=True)
class Draft:
    """A draft question: what the CLI prints, and the question dict an accepted draft becomes."""

    type: str
    prompt: str
    keys: tuple[str, ...]
    evidence: str
    passage: str
    question: dict[str, Any]
    distractors: tuple[str, ...] = field(default_factory=tuple)

    @property
    def key(self) -> str:
        return " | ".join(self.keys)

    def as_json(self) -> dict[str, Any]:
        return {
            "type": self.type,
            "prompt": self.prompt,
            "key": self.key,
            "evidence": self.evidence,
            "passage": self.passage,
            "distractors": list(self.distractors),
            "question": self.question,
        }


def stands_alone(sentence: str, item: Item) -> bool:
    """True when hiding the item really hides it: no word of it shows elsewhere in the sentence."""
    rest = sentence[: item.start] + " " + sentence[item.end :]
    return not item.words & words_of(rest)


def masked(sentence: Sentence, items: Sequence[Item], replace: Sequence[str]) -> str:
    """The sentence with each item (in order) replaced by the matching text."""
    text, at, out = sentence.text, 0, []
    for item, new in sorted(zip(items, replace, strict=True), key=lambda pair: pair[0].start):
        out += [text[at : item.start], new]
        at = item.end
    return "".join(out) + text[at:]


def shape(sentence: Sentence, item: Item) -> Shape:
    """What a stand-in must share with the item to read well in its place: the kind (a country
    for a country, a city for a city), whether "the" comes before it ("the Soviet Union", not
    "Russia"), and its form ("Mr _____" takes a surname, an acronym takes an acronym)."""
    before = sentence.text[: item.start].split()
    articled = bool(before) and before[-1].lower() == "the"
    kind = item.kind
    if kind == "place":
        kind = "country" if item.text in COUNTRIES else "city"
    if item.text.isupper() and len(item.text) > 1:
        form = "acronym"
    else:
        form = "words" if " " in item.text else "word"
    return kind, articled, form


def distractors_for(item: Item, sentence: Sentence, pools: Pools) -> list[str]:
    """Same-shape texts from the article, never in the sentence and sharing no word with the
    key or with each other (so "Kim" is never offered against "Kim Jong Un")."""
    lowered, chosen = sentence.text.casefold(), []
    taken = set(item.words) | words_of(ALIASES.get(item.text, ""))
    for text in pools.get(shape(sentence, item), ()):
        words = words_of(text) | words_of(ALIASES.get(text, ""))
        if text.casefold() in lowered or words & taken or words & words_of(sentence.text):
            continue
        if item.kind == "year" and text == item.text:
            continue
        chosen.append(text)
        taken |= words
        if len(chosen) == MAX_DISTRACTORS:
            break
    return chosen


def _question(qtype: str, prompt: str, sentence: Sentence, **data: Any) -> dict[str, Any]:
    return {
        "type": qtype,
        "prompt": prompt,
        "explanation": f"The article says: “{sentence.text}”",
        "points": 1,
        "evidence": [sentence.text],
        **data,
    }


def _quoted(text: str) -> str:
    return f"“{text}”"


def cloze(sentence: Sentence, items: Sequence[Item]) -> Draft | None:
    """Gap up to two items, each a short answer (names) or a number (years, numbers)."""
    gappable = [i for i in items if i.kind in GAP_KINDS and stands_alone(sentence.text, i)]
    chosen: list[Item] = []
    for item in gappable:
        if len(chosen) < MAX_GAPS and not any(item.words & c.words for c in chosen):
            if chosen and _paired(sentence.text, chosen[-1], item):
                continue  # "Both {#1} and {#2}": either order would be right
            chosen.append(item)
    if not chosen:
        return None
    gaps = [_gap(item) for item in chosen]
    text = masked(sentence, chosen, [f"{{#{n}}}" for n in range(1, len(chosen) + 1)])
    prompt = "Complete the sentence from the article."
    question = _question("cloze", prompt, sentence, text=text, gaps=gaps)
    keys = tuple(i.text for i in chosen)
    return Draft("cloze", prompt, keys, sentence.text, sentence.passage, question)


def _paired(text: str, first: Item, second: Item) -> bool:
    """Two items of a kind joined by "and" or "or" ("Mr Putin and Mr Kim")."""
    between = re.sub(r"\b(?:Mr|Mrs|Ms|Dr)\b", " ", text[first.end : second.start])
    return first.kind == second.kind and " ".join(between.split()).strip(" ,") in ("", "and", "or")


def other_names(text: str) -> list[str]:
    """Other ways to write the same name: "US" for "United States", "UN" for "United Nations"."""
    found = {ALIASES.get(text, text)} | {k for k, v in ALIASES.items() if v == text}
    if text.startswith("United Nations "):
        found.add("UN " + text.removeprefix("United Nations "))
    return sorted(found - {text})


def _gap(item: Item) -> dict[str, Any]:
    value = parse_number(item.text) if item.kind in ("year", "number") else None
    if value is not None:
        return {"kind": "numeric", "answers": [{"value": value, "tolerance": 0, "credit": 1}]}
    answers = [{"text": t, "credit": 1} for t in [item.text, *other_names(item.text)]]
    return {"kind": "short", "answers": answers}


def numeric(sentence: Sentence, item: Item) -> Draft | None:
    """Which number (or year) is missing from the sentence?"""
    value = parse_number(item.text)
    if item.kind not in ("year", "number") or value is None:
        return None
    if not stands_alone(sentence.text, item):
        return None
    what = "year" if item.kind == "year" else "number"
    shown = masked(sentence, [item], [BLANK])
    prompt = f"Which {what} is missing from this sentence of the article? {_quoted(shown)}"
    answers = [{"value": value, "tolerance": 0, "credit": 1}]
    question = _question("numeric", prompt, sentence, answers=answers)
    return Draft("numeric", prompt, (item.text,), sentence.text, sentence.passage, question)


def single_choice(sentence: Sentence, item: Item, pools: Pools) -> Draft | None:
    """Pick the missing name, place or year among others of its kind from the same article."""
    if item.kind not in CHOICE_KINDS or not stands_alone(sentence.text, item):
        return None
    wrong = distractors_for(item, sentence, pools)
    if len(wrong) < 2:
        return None
    shown = masked(sentence, [item], [BLANK])
    prompt = (
        f"Which {KIND_NOUNS[item.kind]} completes this sentence of the article? {_quoted(shown)}"
    )
    choices = [{"text": item.text, "credit": 1}] + [{"text": w, "credit": 0} for w in wrong]
    question = _question("single_choice", prompt, sentence, choices=choices, shuffle=True)
    return Draft(
        "single_choice",
        prompt,
        (item.text,),
        sentence.text,
        sentence.passage,
        question,
        tuple(wrong),
    )


def true_false(sentence: Sentence, item: Item, pools: Pools, swap: bool) -> Draft | None:
    """The sentence as written (true) or with the item swapped for another of its kind (false).

    Organisations are not swapped: one body in another's place rarely reads as a claim."""
    if item.kind not in CHOICE_KINDS or not stands_alone(sentence.text, item):
        return None
    if swap and item.kind == "organisation":
        return None
    wrong = distractors_for(item, sentence, pools)[:1] if swap else []
    if swap and not wrong:
        return None
    statement = masked(sentence, [item], wrong) if swap else sentence.text
    prompt = f"True or false, according to the article? {_quoted(statement)}"
    data: dict[str, Any] = {"answer": not swap}
    if swap:
        data["feedback_true"] = f"The article names {item.text}, not {wrong[0]}."
    question = _question("true_false", prompt, sentence, **data)
    return Draft(
        "true_false", prompt, (item.text,), sentence.text, sentence.passage, question, tuple(wrong)
    )


def short_answer(sentence: Sentence, phrase: Item) -> Draft | None:
    """Which words (a key phrase of the article) are missing from the sentence?"""
    if not stands_alone(sentence.text, phrase):
        return None
    shown = masked(sentence, [phrase], [BLANK])
    prompt = f"Which words are missing from this sentence of the article? {_quoted(shown)}"
    answers = [{"text": phrase.text, "credit": 1}]
    question = _question("short_answer", prompt, sentence, answers=answers)
    return Draft("short_answer", prompt, (phrase.text,), sentence.text, sentence.passage, question)
