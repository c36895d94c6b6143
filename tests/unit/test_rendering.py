"""Teacher Markdown is rendered, then sanitised: no script, handler or javascript: link survives."""

import pytest

from quizapp.rendering import highlight, render_inline, render_markdown


@pytest.mark.parametrize(
    "text",
    [
        "<script>alert(1)</script>Hello",
        '<img src="x" onerror="alert(1)">',
        "[click](javascript:alert(1))",
        '<a href="javascript:alert(1)">x</a>',
        '<p onclick="steal()">hi</p>',
        '<iframe src="https://evil.example"></iframe>',
        '<svg onload="alert(1)"></svg>',
        '<a href="JaVaScRiPt:alert(1)">x</a>',
        "<style>body{display:none}</style>",
    ],
)
def test_dangerous_markup_is_removed(text):
    html = str(render_markdown(text)).lower()
    for bad in ("<script", "onerror", "onclick", "onload", 'href="javascript', "<iframe", "<style"):
        assert bad not in html


def test_markdown_formatting_is_kept():
    html = str(render_markdown("**bold** and *em* and [a link](https://example.org)"))
    assert "<strong>bold</strong>" in html and "<em>em</em>" in html
    assert '<a href="https://example.org" rel="noopener noreferrer nofollow">a link</a>' in html


def test_inline_has_no_paragraph_wrapper():
    assert str(render_inline("*Black Eyes*")) == "<em>Black Eyes</em>"


def test_highlight_escapes_and_marks():
    assert str(highlight("a <b> c", 2, 5)) == "a <mark>&lt;b&gt;</mark> c"
    assert str(highlight("<x>", None, None)) == "&lt;x&gt;"
    assert str(highlight("abc", 2, 99)) == "abc"
