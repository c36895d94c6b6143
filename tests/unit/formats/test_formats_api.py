"""The package's entry points: registry, sniffing, bytes, and the never-raise contract."""

from __future__ import annotations

import pytest

from quizapp.bank import formats
from quizapp.bank.formats import (
    FORMATS,
    ParseResult,
    export,
    parse,
    parse_bytes,
    parse_upload,
    sniff_format,
)

from .samples import DATA, MODULE, read


def test_registry_names():
    assert set(FORMATS) == {"yaml", "gift", "aiken", "moodle-xml", "csv"}
    assert set(formats.EXPORTERS) == {"yaml", "gift", "moodle-xml"}


@pytest.mark.parametrize(
    ("filename", "relative", "expected"),
    [
        ("module.yaml", "yaml/module.yaml", "yaml"),
        ("module.YML", "yaml/module.yaml", "yaml"),
        ("quiz.xml", "xml/moodle_export.xml", "moodle-xml"),
        ("sheet.csv", "csv/all_types.csv", "csv"),
        ("questions.txt", "gift/partial_credit.txt", "gift"),
        ("moodle.txt", "gift/moodle_export.txt", "gift"),
        ("basics.gift", "gift/korea_basics.gift", "gift"),
        ("capitals.txt", "aiken/capitals.txt", "aiken"),
        ("korean.gift", "aiken/korean.txt", "aiken"),
        ("download", "aiken/capitals.txt", "aiken"),
        ("download", "gift/korea_basics.gift", "gift"),
        ("download", "xml/moodle_export.xml", "moodle-xml"),
        ("download", "yaml/module.yaml", "yaml"),
        ("", "yaml/bare_list.yaml", "yaml"),
    ],
)
def test_sniff_format(filename, relative, expected):
    assert sniff_format(filename, read(relative)) == expected


def test_text_files_are_never_taken_for_yaml():
    assert sniff_format("quiz.txt", "Title: the war {T}\n") == "gift"
    assert sniff_format("quiz", "title: the war\nquestions: []\n") == "yaml"


def test_sniffed_formats_parse_cleanly():
    for relative in ("aiken/capitals.txt", "gift/partial_credit.txt", "xml/multiresponse.xml"):
        result = parse_upload(relative.split("/")[1], (DATA / relative).read_bytes())
        assert result.errors == [] and result.questions


def test_non_utf8_bytes_refused_with_the_line_of_the_first_bad_byte():
    result = parse_bytes((DATA / "encoding/latin1.gift").read_bytes(), "gift")
    assert result.questions == []
    assert [(e.line, e.message) for e in result.errors] == [
        (
            3,
            "the file is not UTF-8 text: byte 0xe9 on line 3 cannot be decoded; save the file "
            "as UTF-8 and upload it again",
        )
    ]


def test_utf16_gets_a_hint_and_a_bom_is_accepted():
    result = parse_bytes((DATA / "encoding/utf16.txt").read_bytes(), "gift")
    assert "UTF-16" in result.errors[0].message
    result = parse_bytes((DATA / "encoding/bom.gift").read_bytes(), "gift")
    assert result.errors == [] and result.questions[0].data["id"] == "bom"


def test_unknown_format_is_an_issue_for_parse_and_an_error_for_export():
    assert parse("docx", "x").errors[0].message.startswith("unknown format 'docx'")
    with pytest.raises(ValueError):
        export("aiken", MODULE)


def test_parsers_never_raise_even_on_a_bug(monkeypatch):
    def broken(text: str) -> ParseResult:
        raise RuntimeError("boom")

    guarded = formats._guarded("gift", broken)
    result = guarded("anything")
    assert result.errors[0].line is None and "boom" in result.errors[0].message


@pytest.mark.parametrize("fmt", sorted(FORMATS))
@pytest.mark.parametrize(
    "text",
    [
        "",
        "\x00\x01",
        "{",
        "}",
        "::",
        "<",
        "<quiz>",
        "- [",
        "A)",
        "ANSWER:",
        '"',
        "{#}",
        "type,prompt\n",
        "::a::{=}",
        "$CATEGORY:",
        "{#1..}",
        "{~%%}",
        "\ufeff",
        "&lol;",
        "\r\r\n",
    ],
)
def test_garbage_never_raises(fmt, text):
    result = parse(fmt, text)
    assert isinstance(result, ParseResult)
    assert not any("could not read the file" in e.message for e in result.errors)


def test_duplicate_ids_are_warned_about():
    result = parse("gift", "::Same::A?{T}\n\n::same::B?{F}\n")
    assert [(w.line, w.message) for w in result.warnings] == [
        (3, "id 'same' is also used by the question on line 1")
    ]
