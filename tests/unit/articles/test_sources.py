"""Reading articles from raw scraped text, Markdown and saved HTML pages (pure)."""

from pathlib import Path

import pytest

from quizapp.article import assemble
from quizapp.articles.sources import read_source

DATA = Path(__file__).resolve().parents[2] / "data" / "articles"


def _passages(name: str, fmt: str):
    source = read_source((DATA / name).read_text(encoding="utf-8"), fmt)
    return source, assemble(source.title, source.lines)


def test_a_second_scraped_article_is_cleaned_like_the_seed():
    source, article = _passages("mekong_scraped.txt", "text")
    assert article.title == "What a dry season means for the Mekong river towns"
    assert article.dateline == "VIENTIANE/PHNOM PENH"
    assert [h.text for h in article.headings] == [
        "Who is most at risk?",
        "What do the dams change?",
        "What happens next?",
    ]
    texts = [p.text for p in article.paragraphs]
    # sentences broken where links were are joined again
    assert texts[0] == (
        "Why are the river towns along the lower Mekong bracing for a second dry year in a row?"
    )
    assert (
        "Critics, including the Stimson Center in Washington, say the dams hold back sediment "
        "that the delta needs to stay above the sea." in texts
    )
    assert any(
        "A weak pulse, such as the one recorded in 2019, can halve the catch." in t for t in texts
    )
    # boilerplate dropped, captions set apart, agency credits removed
    dropped = [line.text for line in source.lines if line.kind == "drop"]
    assert "Advertisement" in dropped
    assert "Read more: How sand mining is sinking the Mekong delta" in dropped
    assert not any("Sign up now" in b.text or "Follow topic" in b.text for b in article.blocks)
    assert [c.text for c in article.captions][0].endswith("on March 3, 2024.")
    assert all(b.anchor.startswith(("p-", "h-", "c-")) for b in article.blocks)


def test_markdown_headings_paragraphs_lists_and_image_captions():
    source, article = _passages("lantern_festival.md", "markdown")
    assert source.title == "Lanterns return to the old port"
    assert [h.text for h in article.headings] == ["Why it stopped", "What comes next"]
    texts = [p.text for p in article.paragraphs]
    # a paragraph hard-wrapped over two source lines is one passage, markup and links dropped
    assert (
        "The lantern festival returned to the old port on Saturday after a four-year break, "
        "with more than 2,000 paper lanterns floated on the harbour." in texts
    )
    assert "The organisers plan a second night in October." in texts
    assert [c.text for c in article.captions] == ["Children release lanterns from the stone pier."]
    assert not any("Subscribe" in t for t in texts)


def test_html_main_text_only_no_scripts_styles_or_navigation():
    source, article = _passages("harbour_page.html", "html")
    assert source.title == "Harbour pilots strike over night shifts"
    assert source.date == "2025-03-14"
    assert [h.text for h in article.headings] == ["What the port says"]
    everything = " ".join(b.text for b in article.blocks)
    assert "14 container ships" in everything
    assert "Ms Maria Okafor" in everything
    for gone in ("tracker", "font-family", "Injected by a script", "Sport", "Copyright"):
        assert gone not in everything


@pytest.mark.parametrize("fmt", ["text", "markdown", "html"])
def test_nothing_in_nothing_out(fmt):
    source = read_source("   \n\n", fmt)
    assert assemble(source.title or "x", source.lines).blocks == []
