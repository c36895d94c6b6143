"""Find what a question can ask about in a sentence: people, places, organisations, years,
numbers and dates. No model: capitalised phrases, cue words around them, and a gazetteer built
from the article itself (who is called "Mr X", what follows "in" or "to"), plus a short list of
countries and capitals so a place named only once is still known as a place.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from quizapp.drafting.gazetteer import PLACES

CAP = r"[A-Z][A-Za-z]*(?:[-'’][A-Za-z0-9]+)*"
PHRASE = re.compile(rf"(?<![\w'’-]){CAP}(?:\s(?:(?:of|for|de|al)\s)?{CAP})*")
YEAR = re.compile(r"(?<![\w.,-])(1[5-9]\d\d|20\d\d)(?![\w-]|,\d|’s|'s)")
NUMBER = re.compile(r"(?<![\w.,-])(\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)(?![\w-]|,\d)")
MONTHS = (
    "January February March April May June July August September October November December"
).split()
WEEKDAYS = "Monday Tuesday Wednesday Thursday Friday Saturday Sunday".split()
DATE = re.compile(rf"\b(?:{'|'.join(MONTHS)})\s\d{{1,2}}(?:,\s\d{{4}})?\b")
TITLES = frozenset(
    "Mr Mrs Ms Dr President Minister Adviser Advisor Secretary Chancellor Senator Governor "
    "Mayor Chairman Premier King Queen Prince Princess Pope General Colonel Judge".split()
)
PERSON_CUES = frozenset(
    "leader chief president minister adviser spokesman spokeswoman sister brother wife "
    "husband son daughter father mother envoy ambassador premier chairman".split()
)
PLACE_CUES = frozenset("in to from through visited visit near capital".split())
ORG_WORDS = frozenset(
    "Council Agency Association Nations Kremlin Ministry Party Army Navy Committee "
    "Organisation Organization Company University Bank House Institute Commission Corporation "
    "Court Parliament Congress Assembly Office Department Media".split()
)
POSSESSIVE = re.compile(r"['’]s$")
ARTICLES = frozenset(("The", "A", "An"))
NOISE = frozenset(("FILE", "PHOTO", "PHOTOS", "REUTERS", "AFP", "AP", "TV", "I"))
ORG_ACRONYMS = frozenset(("UN", "NATO", "EU", "WHO", "IAEA", "OPEC", "ASEAN", "KCNA"))
PLACE_BEFORE_OF = frozenset("city capital town province region island port village".split())
CHOICE_KINDS = ("person", "place", "organisation", "year")


@dataclass(frozen=True)
class Item:
    """Something a sentence names, at [start, end) of the sentence's text."""

    text: str
    kind: str  # person | place | organisation | name | year | number | date
    start: int
    end: int

    @property
    def words(self) -> frozenset[str]:
        return words_of(self.text)


def words_of(text: str) -> frozenset[str]:
    """Lower-case words, so "Mr Kim" and "Kim Jong Un" are seen to share "kim"."""
    return frozenset(w for w in re.findall(r"[a-z0-9]+", text.lower()) if len(w) > 1)


@dataclass
class Gazetteer:
    """What the whole article tells about its names."""

    persons: set[str] = field(default_factory=set)
    surnames: set[str] = field(default_factory=set)
    places: set[str] = field(default_factory=set)
    mid_sentence: set[str] = field(default_factory=set)  # words seen capitalised mid-sentence

    def kind_of(self, phrase: str) -> str:
        if phrase in self.persons or words_of(phrase) & self.surnames and " " in phrase:
            return "person"
        if phrase in self.surnames:
            return "person"
        if phrase in PLACES or phrase in self.places:
            return "place"
        if set(phrase.split()) & ORG_WORDS or phrase in ORG_ACRONYMS:
            return "organisation"
        if re.search(r"(?:an|ans|ese|ish)$", phrase):
            return "other"  # North Korean, Vietnamese: demonyms
        if " " in phrase or re.search(r"\d", phrase):
            return "name"  # Cold War, Black Eyes, Hwasong-18: worth a gap
        return "other"  # Russian, North, ICBM: a demonym or an abbreviation on its own


def _segments(found: re.Match[str]) -> Iterable[tuple[list[str], int]]:
    """A capitalised run cut after each possessive ("Mr Kim’s Mercedes-Benz" is two names),
    with each part's start offset."""
    words, start = found.group().split(" "), found.start()
    part: list[str] = []
    for word in words:
        part.append(word)
        if POSSESSIVE.search(word) and len(word) > 2:
            yield part, start
            start += len(" ".join(part)) + 1
            part = []
    if part:
        yield part, start


def _phrases(text: str, gazetteer: Gazetteer | None) -> Iterable[tuple[str, int, int, str]]:
    """(phrase, start, end, cue) for every capitalised phrase, titles and articles split off."""
    for found in PHRASE.finditer(text):
        for words, start in _segments(found):
            yield from _phrase(text, words, start, gazetteer)


def _phrase(
    text: str, words: list[str], start: int, gazetteer: Gazetteer | None
) -> Iterable[tuple[str, int, int, str]]:
    end = start + len(" ".join(words))
    opening = text[:start].strip(" “\"‘'(") == ""
    if opening and gazetteer is not None and words[0] not in gazetteer.mid_sentence:
        words = words[1:]  # "In", "Both": capitalised only because they come first
    while words and (words[0] in ARTICLES or words[0] in NOISE):
        words = words[1:]
    cue = ""
    titled = [i for i, w in enumerate(words) if w in TITLES]
    if titled:
        cue, words = "title", words[titled[-1] + 1 :]
    words = [w for w in words if w not in NOISE] if len(words) == 1 else words
    if not words or words[0] in ("of", "for", "de", "al"):
        return
    phrase = POSSESSIVE.sub("", " ".join(words))
    begin = end - len(" ".join(words))
    if not cue:
        before = text[:begin].split()
        cue = before[-1].lower().strip(",") if before else ""
        if cue == "of" and len(before) > 1 and before[-2].lower() in PLACE_BEFORE_OF:
            cue = "in"
    yield phrase, begin, begin + len(phrase), cue


def build_gazetteer(sentences: Iterable[str]) -> Gazetteer:
    """Learn the article's people and places from the cues around each name."""
    gazetteer = Gazetteer()
    texts = list(sentences)
    for text in texts:
        for found in PHRASE.finditer(text):
            if text[: found.start()].strip(" “\"‘'(") != "":
                gazetteer.mid_sentence.update(found.group().split(" ")[:1])
    for text in texts:
        for phrase, _start, _end, cue in _phrases(text, gazetteer):
            if phrase in MONTHS or phrase in WEEKDAYS:
                continue
            if cue == "title" or cue in PERSON_CUES:
                gazetteer.persons.add(phrase)
                gazetteer.surnames.add(phrase.split(" ")[-1])
            elif cue in PLACE_CUES and not set(phrase.split()) & ORG_WORDS and len(phrase) > 2:
                gazetteer.places.add(phrase)
    gazetteer.places -= gazetteer.persons
    gazetteer.places = {p for p in gazetteer.places if not words_of(p) & gazetteer.surnames}
    return gazetteer


def find_items(text: str, gazetteer: Gazetteer) -> list[Item]:
    """The items of one sentence, in order, never overlapping (dates before their numbers)."""
    found: list[Item] = [Item(m.group(), "date", m.start(), m.end()) for m in DATE.finditer(text)]
    found += [Item(m.group(), "year", m.start(), m.end()) for m in YEAR.finditer(text)]
    found += [Item(m.group(), "number", m.start(), m.end()) for m in NUMBER.finditer(text)]
    for phrase, start, end, _cue in _phrases(text, gazetteer):
        if phrase in MONTHS or phrase in WEEKDAYS:
            found.append(Item(phrase, "date", start, end))
        elif len(phrase) > 1 and not phrase.isdigit():
            found.append(Item(phrase, gazetteer.kind_of(phrase), start, end))
    kept: list[Item] = []
    for item in found:  # earlier kinds win: a date's day is not a number, a year not a number
        if all(item.end <= k.start or item.start >= k.end for k in kept):
            kept.append(item)
    return sorted(kept, key=lambda i: i.start)
