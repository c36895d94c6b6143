"""Ingestion of the raw scraped article into clean passages."""

from pathlib import Path

import pytest

from quizapp.article import ingest, slugify

SEED = Path(__file__).resolve().parents[2] / "questions" / "000_f9639f57da9db820.txt"


@pytest.fixture(scope="module")
def article():
    return ingest(SEED.read_text(encoding="utf-8"))


def test_title_and_dateline(article):
    assert article.title == "What to watch at the Kim-Putin summit"
    assert article.dateline == "MOSCOW/SEOUL"


def test_headings_are_the_five_section_titles(article):
    assert [h.text for h in article.headings] == [
        "Who is Kim with?",
        "What does Putin say?",
        "Anything Kim says on nuclear weapons",
        "What do Beijing and Washington say?",
        "Anything quirky",
    ]


def test_sentences_broken_at_links_are_joined(article):
    texts = [p.text for p in article.paragraphs]
    assert texts[0] == (
        "What should the world be looking for when North Korean leader Kim Jong Un meets "
        "Kremlin chief Vladimir Putin in Russia in the coming days?"
    )
    assert (
        "The Kremlin said on Monday that Mr Putin had invited Mr Kim to Russia for what will be "
        "Mr Kim’s second known visit to the country and his first trip abroad since the Covid-19 "
        "pandemic." in texts
    )
    assert any(
        "such as Defence Minister Sergei Shoigu, who visited North Korea in July." in t
        for t in texts
    )
    assert any("Jake Sullivan urging Mr Kim “not to supply weapons" in t for t in texts)
    assert any(
        t.startswith(
            "North Korea’s latest Hwasong-18 intercontinental ballistic missile – its first ICBM"
        )
        for t in texts
    )
    assert any(t.startswith("During his 2019 summit with former US president") for t in texts)
    # the comma after a link sticks to the linked words, with no stray space
    assert texts[-1].startswith("At a 2018 inter-Korea summit, 12 male bodyguards")


def test_boilerplate_is_dropped(article):
    everything = " ".join(b.text for b in article.blocks)
    for junk in ("Sign up now", "Follow topic", "PHOTO: REUTERS", "See more on"):
        assert junk not in everything
    assert not article.paragraphs[-1].text.endswith("REUTERS")
    assert "MOSCOW/SEOUL" not in everything


def test_captions_are_kept_apart(article):
    captions = [c.text for c in article.captions]
    assert len(captions) == 2
    assert captions[0].startswith("FILE PHOTO: North Korean leader Kim Jong Un shakes hands")
    assert "second known visit" in captions[1]
    assert all(not p.text.startswith("FILE PHOTO") for p in article.paragraphs)


def test_paragraph_count_and_order(article):
    assert len(article.paragraphs) == 24
    positions = [b.position for b in article.blocks]
    assert positions == sorted(positions) == list(range(len(article.blocks)))


def test_anchors_are_unique_readable_and_stable(article):
    anchors = [b.anchor for b in article.blocks]
    assert len(set(anchors)) == len(anchors)
    assert "h-who-is-kim-with" in anchors
    assert article.paragraphs[0].anchor == "p-what-should-the-world-be-looking"
    again = ingest(SEED.read_text(encoding="utf-8"))
    assert [b.anchor for b in again.blocks] == anchors


def test_another_article_in_the_same_scraped_style():
    raw = """Ceasefire talks resume in Cairo

Sign up now: Get insights on the Middle East

FILE PHOTO: Delegates arrive at the talks venue in Cairo. REUTERS

Follow topic:

CAIRO Negotiators returned to

the Egyptian capital

on Sunday, officials said.

What is on the table?

A phased truce and the release of

detainees held since March

, according to two sources.

Analysts remain cautious. AFP

See more on
"""
    article = ingest(raw)
    assert article.title == "Ceasefire talks resume in Cairo"
    assert article.dateline == "CAIRO"
    assert [p.text for p in article.paragraphs] == [
        "Negotiators returned to the Egyptian capital on Sunday, officials said.",
        "A phased truce and the release of detainees held since March, according to two sources.",
        "Analysts remain cautious.",
    ]
    assert [h.text for h in article.headings] == ["What is on the table?"]
    assert [c.text for c in article.captions] == [
        "FILE PHOTO: Delegates arrive at the talks venue in Cairo."
    ]


def test_empty_input_gives_an_empty_article():
    article = ingest("\n\n  \n")
    assert article.title == "" and article.blocks == []


def test_slugify_strips_accents_and_punctuation():
    assert slugify("Mr Kim’s Mercedes-Benz — café!", words=4) == "mr-kims-mercedes-benz"
