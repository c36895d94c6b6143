"""Draft questions from an article, offline and pure (no database, no request).

`draft_questions(passages)` splits the paragraphs and captions into sentences (pysbd), finds the
people, places, organisations, years, numbers and dates each sentence names (quizapp.drafting.
items), ranks key phrases (yake), and builds gap-fill (cloze), numeric, single-choice,
true/false and short-answer drafts. Each draft quotes its sentence verbatim as evidence; its key
is in that sentence and no distractor is. Repeats, of each other or of what a module already
asks, are dropped (rapidfuzz).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence

import yake

from quizapp.bank.schema import validate_question
from quizapp.drafting import builders as b
from quizapp.drafting.builders import Draft
from quizapp.drafting.dedup import ExistingQuestion, unique
from quizapp.drafting.items import CHOICE_KINDS, Gazetteer, Item, build_gazetteer, find_items
from quizapp.drafting.sentences import PassageText, Sentence, split

__all__ = ["Draft", "ExistingQuestion", "PassageText", "draft_questions"]
KEYPHRASES = 150


def draft_questions(
    passages: Iterable[PassageText], existing: Sequence[ExistingQuestion] = ()
) -> list[Draft]:
    """Every draft the article yields, in article order, each valid as a question."""
    sentences = split(passages)
    gazetteer = build_gazetteer(s.text for s in sentences)
    items = {s: [i for i in find_items(s.text, gazetteer) if i.kind != "other"] for s in sentences}
    pools = _pools(sentences, items)
    phrases = _keyphrases(sentences)
    drafts: list[Draft] = []
    for n, sentence in enumerate(sentences):
        drafts += _for_sentence(sentence, items[sentence], pools, phrases, n, gazetteer)
    valid = [d for d in drafts if not validate_question(d.question)]
    return unique(valid, existing)


def _for_sentence(
    sentence: Sentence,
    items: list[Item],
    pools: b.Pools,
    phrases: list[str],
    n: int,
    gazetteer: Gazetteer,
) -> list[Draft]:
    """A cloze of the sentence, then one draft of each other type, each on its own item: two
    questions on the same fact of the same sentence would repeat each other."""
    found = [b.cloze(sentence, items)]
    used: set[str] = set()

    def first(candidates: list[Item], build) -> None:
        fresh = [i for i in candidates if i.text not in used]
        draft = next((d for i in fresh if (d := build(i))), None)
        if draft is not None:
            used.update(draft.keys)
            found.append(draft)

    named = [i for i in items if i.kind in CHOICE_KINDS]
    numbers = [i for i in items if i.kind in ("number", "year")]
    first(numbers[::-1], lambda i: b.numeric(sentence, i))
    first(named, lambda i: b.single_choice(sentence, i, pools))
    first(named, lambda i: b.true_false(sentence, i, pools, swap=n % 3 != 2))
    first(named, lambda i: b.single_choice(sentence, i, pools))  # a second name, if any
    phrase = _phrase_in(sentence, phrases, items)
    found.append(b.short_answer(sentence, phrase) if phrase else None)
    return [d for d in found if d is not None]


def _pools(sentences: Sequence[Sentence], items: dict[Sentence, list[Item]]) -> b.Pools:
    """Per shape (kind, "the" before it, one word or more), the article's texts, most mentioned
    first. Two-word names also give their surname, so "Mr _____" can offer "Trump"."""
    counts: dict[tuple, Counter[str]] = {}
    for sentence in sentences:
        for item in items[sentence]:
            counts.setdefault(b.shape(sentence, item), Counter())[item.text] += 1
            parts = item.text.split(" ")
            if item.kind == "person" and len(parts) == 2 and len(parts[1]) > 2:
                shape = (item.kind, False, "word")
                counts.setdefault(shape, Counter())[parts[1]] += 0
    return {shape: sorted(c, key=lambda t: (-c[t], t)) for shape, c in counts.items()}


def _keyphrases(sentences: Sequence[Sentence]) -> list[str]:
    """The article's key phrases (yake, statistical: nothing to download), lower-case ones of
    two or three words, since names are already covered by the items."""
    text = "\n".join(s.text for s in sentences)
    if not text.strip():
        return []
    extractor = yake.KeywordExtractor(lan="en", n=3, top=KEYPHRASES, dedupLim=0.7)
    found = [phrase for phrase, _score in extractor.extract_keywords(text)]
    return [p for p in found if " " in p and re.fullmatch(r"[a-z][a-z -]*[a-z]", p)]


def _phrase_in(sentence: Sentence, phrases: list[str], items: list[Item]) -> Item | None:
    for phrase in phrases:
        found = re.search(rf"(?<!\w){re.escape(phrase)}(?!\w)", sentence.text, re.IGNORECASE)
        if found is None:
            continue
        item = Item(found.group(), "phrase", found.start(), found.end())
        if all(item.end <= i.start or item.start >= i.end for i in items):
            return item
    return None
