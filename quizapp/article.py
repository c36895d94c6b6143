"""Turn a scraped news article into clean, addressable passages.

Scraped text breaks a sentence wherever a link was ("... looking for when" / "North Korean leader
Kim Jong Un meets ..." / "in Russia in the coming days?") and mixes in site boilerplate and photo
captions. `ingest` undoes that: it is a pure function from raw text to an `IngestedArticle`.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

BOILERPLATE = re.compile(
    r"^(sign up now\b|follow topic:?$|see more on\b|read more\b|share this article\b|"
    r"advertisement$|join st's telegram\b|click here\b|subscribe\b|related:)",
    re.IGNORECASE,
)
PHOTO_CREDIT = re.compile(r"^(FILE )?PHOTOS?:\s*[A-Z][A-Z .,/&-]*$")
CAPTION_START = re.compile(r"^(FILE )?PHOTOS?:\s+\S", re.IGNORECASE)
DATELINE = re.compile(r"^([A-Z][A-Z.'-]+(?:[ /][A-Z][A-Z.'-]+)*)\s+(?=[A-Z][a-z])")
# An agency credit after the last sentence of a paragraph: "... jogged alongside. REUTERS"
TRAILING_CREDIT = re.compile(r"(?<=[.!?”\"])\s+(REUTERS|AFP|AP|BLOOMBERG|XINHUA|NYTIMES)$")
TERMINAL = tuple('.!?"”’)')
NO_SPACE_BEFORE = tuple(",.;:)!?”’")
# A line ending in one of these words stops mid-sentence, so the next line continues it.
CONNECTIVES = frozenset(
    (
        "a an the of with that when as to and or but in on for by at from such his her its their "
        "our your my who which whose while than into onto about after before during"
    ).split()
)
HEADING_MAX_WORDS = 10


@dataclass(frozen=True)
class Block:
    """A passage of the clean article."""

    position: int
    kind: str  # "heading" | "paragraph" | "caption"
    text: str
    anchor: str


@dataclass
class IngestedArticle:
    title: str
    dateline: str | None
    blocks: list[Block] = field(default_factory=list)

    @property
    def paragraphs(self) -> list[Block]:
        return [b for b in self.blocks if b.kind == "paragraph"]

    @property
    def headings(self) -> list[Block]:
        return [b for b in self.blocks if b.kind == "heading"]

    @property
    def captions(self) -> list[Block]:
        return [b for b in self.blocks if b.kind == "caption"]


@dataclass(frozen=True)
class Line:
    """One source line as understood: its kind and whether it continues the open paragraph.

    kind is "drop" (boilerplate), "caption", "heading" or "text"; a text line that is `joined`
    carries on the paragraph before it (a sentence broken where a link was).
    """

    text: str
    kind: str
    joined: bool = False


def ingest(raw: str) -> IngestedArticle:
    """Clean a scraped article: drop boilerplate, set captions apart, rejoin broken sentences."""
    title, lines = scraped_lines(raw)
    if not title:
        return IngestedArticle(title="", dateline=None)
    return assemble(title, lines)


def scraped_lines(raw: str) -> tuple[str, list[Line]]:
    """The title (first non-empty line) and every later line labelled and joined."""
    lines = [_clean_line(line) for line in raw.splitlines()]
    lines = [line for line in lines if line]
    if not lines:
        return "", []
    body = lines[1:]
    return lines[0], analyse(body)


def analyse(body: list[str]) -> list[Line]:
    """Label each clean line and mark the text lines that continue the paragraph before them."""
    kinds = _classify(body)
    joins = _joins(body, kinds)
    return [Line(*parts) for parts in zip(body, kinds, joins, strict=True)]


def assemble(title: str, lines: list[Line]) -> IngestedArticle:
    """Passages (with anchors) from labelled lines; the first paragraph may open on a dateline."""
    article = IngestedArticle(title=title, dateline=None)
    texts: list[tuple[str, str]] = []
    for kind, text in merge_lines(lines):
        if kind == "paragraph" and not any(k == "paragraph" for k, _ in texts):
            article.dateline, text = _split_dateline(text)
        texts.append((kind, text))
    article.blocks = _with_anchors(texts)
    return article


def merge_lines(lines: list[Line]) -> list[tuple[str, str]]:
    """(kind, text) passages: drops skipped, joined text lines glued to the open paragraph."""
    merged: list[tuple[str, str]] = []
    open_paragraph = False
    for line in lines:
        if line.kind == "drop":
            continue
        if line.kind != "text":
            merged.append((line.kind, line.text))
            open_paragraph = False
        elif line.joined and open_paragraph:
            glue = "" if line.text[:1] in NO_SPACE_BEFORE else " "
            merged[-1] = ("paragraph", merged[-1][1] + glue + line.text)
        else:
            merged.append(("paragraph", line.text))
            open_paragraph = True
    return merged


def _clean_line(line: str) -> str:
    return TRAILING_CREDIT.sub("", " ".join(unicodedata.normalize("NFC", line).split()))


def _classify(lines: list[str]) -> list[str]:
    """Label each line: drop, caption, heading, or text (a paragraph or a fragment of one)."""
    kinds = []
    for i, line in enumerate(lines):
        following = lines[i + 1] if i + 1 < len(lines) else ""
        if PHOTO_CREDIT.match(line) or BOILERPLATE.match(line):
            kinds.append("drop")
        elif CAPTION_START.match(line) or PHOTO_CREDIT.match(following):
            kinds.append("caption")
        else:
            kinds.append("text")
    for i in range(len(lines)):
        if kinds[i] == "text" and _looks_like_heading(lines, kinds, i):
            kinds[i] = "heading"
    return kinds


def _looks_like_heading(lines: list[str], kinds: list[str], i: int) -> bool:
    line = lines[i]
    words = line.split()
    if len(words) > HEADING_MAX_WORDS or not line[0].isupper():
        return False
    if line.endswith((".", ",", ";", ":", "!")) or words[-1].lower() in CONNECTIVES:
        return False
    previous = _neighbour(lines, kinds, i, -1)
    if previous is not None and _continues(previous, lines[i]):
        return False
    following = _neighbour(lines, kinds, i, +1)
    return following is None or not _continues(line, following, lookahead=lines, index=i)


def _neighbour(lines: list[str], kinds: list[str], i: int, step: int) -> str | None:
    j = i + step
    while 0 <= j < len(lines):
        if kinds[j] == "text":
            return lines[j]
        if kinds[j] != "drop":
            return None
        j += step
    return None


def _starts_lower(text: str) -> bool:
    """True when a line starts mid-sentence: lower case, a digit or punctuation first."""
    first = text.lstrip("“\"‘'")[:1]
    return bool(first) and (first.islower() or first.isdigit() or not first.isalnum())


def _continues(
    line: str, following: str, lookahead: list[str] | None = None, index: int = 0
) -> bool:
    """Does `following` carry on the sentence that `line` leaves open?"""
    if line.endswith(TERMINAL):
        return False
    if following[:1] in NO_SPACE_BEFORE or following[:1] in "–—-" or _starts_lower(following):
        return True
    if line.split()[-1].lower() in CONNECTIVES:
        return True
    # A linked phrase in the middle of a sentence: "North Korea's latest" / "Hwasong-18 ..." /
    # "– its first ICBM ...": the middle line is itself open and the line after it continues.
    if lookahead is not None and index + 2 < len(lookahead):
        after = lookahead[index + 2]
        return not following.endswith(TERMINAL) and (
            after[:1] in NO_SPACE_BEFORE or after[:1] in "–—-" or _starts_lower(after)
        )
    return False


def _joins(lines: list[str], kinds: list[str]) -> list[bool]:
    """For each line: is it a text line continuing the paragraph open before it?"""
    joins: list[bool] = []
    open_paragraph = False
    paragraph = ""
    for i, (line, kind) in enumerate(zip(lines, kinds, strict=True)):
        if kind != "text":
            joins.append(False)
            if kind != "drop":
                open_paragraph = False
            continue
        joins.append(open_paragraph)
        if open_paragraph:
            paragraph += ("" if line[:1] in NO_SPACE_BEFORE else " ") + line
        else:
            paragraph = line
        following = _neighbour(lines, kinds, i, +1)
        open_paragraph = following is not None and _continues(
            paragraph, following, lookahead=_text_lines_after(lines, kinds, i), index=0
        )
    return joins


def _text_lines_after(lines: list[str], kinds: list[str], i: int) -> list[str]:
    """The current line followed by the next text lines (skipping dropped boilerplate)."""
    found = [lines[i]]
    for j in range(i + 1, len(lines)):
        if kinds[j] == "drop":
            continue
        if kinds[j] != "text":
            break
        found.append(lines[j])
        if len(found) == 3:
            break
    return found


def _split_dateline(text: str) -> tuple[str | None, str]:
    match = DATELINE.match(text)
    if not match or len(match.group(1)) < 3:
        return None, text
    return match.group(1), text[match.end() :]


def _with_anchors(texts: list[tuple[str, str]]) -> list[Block]:
    seen: dict[str, int] = {}
    blocks = []
    for position, (kind, text) in enumerate(texts):
        base = {"heading": "h", "caption": "c"}.get(kind, "p") + "-" + slugify(text, words=6)
        seen[base] = seen.get(base, 0) + 1
        anchor = base if seen[base] == 1 else f"{base}-{seen[base]}"
        blocks.append(Block(position=position, kind=kind, text=text, anchor=anchor))
    return blocks


def slugify(text: str, words: int | None = None) -> str:
    """Lower-case ASCII slug of the first `words` words, for anchors and ids."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    parts = re.findall(r"[a-z0-9]+", ascii_text.lower())
    return "-".join(parts[:words] if words else parts) or "x"
