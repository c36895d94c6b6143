"""The cleaning preview and the teacher's corrections (pure)."""

import pytest

from quizapp.article import Line
from quizapp.articles.layout import (
    CorrectionError,
    blocks,
    merge_with_previous,
    preview,
    set_kind,
    split_before,
)

LINES = [
    Line("Sign up now for news", "drop"),
    Line("Who is with him?", "heading"),
    Line("The minister said on Monday that", "text"),
    Line("the talks would go on", "text", joined=True),
    Line("in the spring.", "text", joined=True),
    Line("A second paragraph stands alone.", "text"),
]


def test_preview_shows_passages_dropped_lines_and_joins():
    view = preview(LINES, None)
    assert [p.kind for p in view.passages] == ["heading", "paragraph", "paragraph"]
    assert [x.index for x in view.passages[1].lines] == [2, 3, 4]
    assert [x.joined for x in view.passages[1].lines] == [False, True, True]
    assert [x.text for x in view.dropped] == ["Sign up now for news"]
    assert view.joined == 2


def test_split_then_merge_back_leaves_no_correction():
    fixed = split_before(None, LINES, 4)
    texts = [b.text for b in blocks("T", LINES, fixed)]
    assert "The minister said on Monday that the talks would go on" in texts
    assert "in the spring." in texts
    assert preview(LINES, fixed).passages[2].lines[0].changed
    back = merge_with_previous(fixed, LINES, 4)
    assert back == {"kinds": {}, "joins": {}}
    assert [b.text for b in blocks("T", LINES, back)][1] == (
        "The minister said on Monday that the talks would go on in the spring."
    )


def test_merge_two_paragraphs_and_relabel_lines():
    merged = merge_with_previous(None, LINES, 5)
    assert blocks("T", LINES, merged)[-1].text.endswith(
        "in the spring. A second paragraph stands alone."
    )
    relabelled = set_kind(set_kind(None, LINES, 1, "caption"), LINES, 0, "text")
    kinds = [b.kind for b in blocks("T", LINES, relabelled)]
    assert kinds[:2] == ["paragraph", "caption"]
    gone = set_kind(None, LINES, 5, "drop")
    assert "A second paragraph stands alone." not in [b.text for b in blocks("T", LINES, gone)]


def test_impossible_corrections_are_refused():
    with pytest.raises(CorrectionError):
        merge_with_previous(None, LINES, 1)  # the first passage has nothing before it
    with pytest.raises(CorrectionError):
        split_before(None, LINES, 99)
    with pytest.raises(CorrectionError):
        set_kind(None, LINES, 2, "banner")
