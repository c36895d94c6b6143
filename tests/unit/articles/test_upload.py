"""Uploaded files: UTF-8 with or without a BOM accepted, everything else refused with a reason."""

import pytest

from quizapp.articles.upload import MAX_BYTES, UploadError, check_scripts, decode, guess_format


def test_utf8_and_utf8_with_bom_are_read():
    assert decode("Café crème\nSecond line".encode()) == "Café crème\nSecond line"
    assert decode(b"\xef\xbb\xbfTitle\nBody") == "Title\nBody"


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "empty"),
        (b"  \n\t\n", "empty"),
        (b"x" * (MAX_BYTES + 1), "larger than 2 MB"),
        ("Café".encode("latin-1"), "not UTF-8"),
        ("Title".encode("utf-16"), "UTF-16"),
        (b"%PDF-1.4\x00\x01\x02binary", "not a text file"),
        (b"GIF89a\x01\x02\x07\x08 data", "control characters"),
    ],
)
def test_bad_files_are_refused_with_a_reason(data, message):
    with pytest.raises(UploadError, match=message):
        decode(data)


def test_formats_are_guessed_from_the_name_then_the_text():
    assert guess_format("a.md", "") == "markdown"
    assert guess_format("page.HTM", "") == "html"
    assert guess_format(None, "  <!DOCTYPE html><html>") == "html"
    assert guess_format("story.txt", "Title\nBody") == "text"


@pytest.mark.parametrize("text", ["Hi <script>alert(1)</script>", "<a href='javascript:x'>"])
def test_scripts_in_text_or_markdown_are_refused(text):
    with pytest.raises(UploadError, match="web-page code"):
        check_scripts(text, "markdown")
    check_scripts(text, "html")  # a page's scripts are dropped when it is read
