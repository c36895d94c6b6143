"""Property-based: no file, however malformed, makes an import parser raise.

Each parser is called directly (not through the guard in bank.formats that turns an exception
into "could not read the file"), so a crash shows up here as a failure instead of being masked.
The planner that checks parsed questions runs too: whatever a parser returns must be plannable.
"""

from __future__ import annotations

import json

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from quizapp.bank.formats import ParseResult, parse_bytes, parse_upload
from quizapp.bank.formats.aiken import parse_aiken
from quizapp.bank.formats.csv_format import parse_csv
from quizapp.bank.formats.gift_parse import parse_gift
from quizapp.bank.formats.moodle_xml_parse import parse_moodle_xml
from quizapp.bank.formats.yaml_format import parse_yaml
from quizapp.bank.importer import plan_import

BOUNDED = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
PASSAGES = ["Kim Jong Un will travel to Vladivostok by armoured train.", "Putin gave a sword."]
WEIRD = st.sampled_from(["\x00", "\ufeff", "\u202e", "é", "한국", "💥", "\r", "\t", "\\",
                         "NaN", "inf", "-0", "1e309", "9" * 40, "<script>alert(1)</script>", "%",
                         "#"])  # fmt: skip


def tokens(*pieces: str) -> st.SearchStrategy[str]:
    """Text built from a format's own punctuation and keywords, mixed with odd characters."""
    return st.lists(
        st.one_of(st.sampled_from(pieces), WEIRD, st.text(max_size=8)), max_size=40
    ).map("".join)


# A field's text: ordinary words most of the time, hostile characters some of the time.
WORD = st.one_of(st.sampled_from(["Kim", "Putin", "Vladivostok", "a sword", "1950", "x"]), WEIRD)
TEXT = st.lists(st.one_of(WORD, st.text(max_size=6)), min_size=1, max_size=5).map(" ".join)
NUMBER = st.one_of(
    st.sampled_from(["12", "-3.5", "0", "nan", "NaN", "inf", "-inf", "1e309", "1e-400", "9" * 30,
                     "", "x", "½", "١٢"]),
    st.floats(allow_nan=True, allow_infinity=True).map(repr),
    st.integers().map(str),
)  # fmt: skip
PERCENT = st.one_of(NUMBER, st.sampled_from(["100", "50", "-100", "33.33333", "150"]))


@st.composite
def gift(draw) -> str:
    def answer_block() -> str:
        kind = draw(st.sampled_from(["choice", "tf", "numeric", "match", "short", "raw"]))
        if kind == "tf":
            return draw(st.sampled_from(["TRUE", "FALSE", "T", "F", "true#a#b", "MAYBE"]))
        if kind == "numeric":
            n, m = draw(NUMBER), draw(NUMBER)
            return draw(st.sampled_from([f"#{n}", f"#{n}:{m}", f"#{n}..{m}", f"#=%{m}%{n}:{m}"]))
        if kind == "match":
            pairs = draw(st.lists(st.tuples(TEXT, TEXT), max_size=4))
            return " ".join(f"={a} -> {b}" for a, b in pairs)
        if kind == "raw":
            return draw(TEXT)
        marks = st.sampled_from(["=", "~", "=%{}%", "~%{}%"])
        parts = []
        for _ in range(draw(st.integers(0, 5))):
            mark = draw(marks).format(draw(PERCENT))
            feedback = draw(st.one_of(st.just(""), TEXT.map(lambda t: "#" + t)))
            parts.append(mark + draw(TEXT) + feedback)
        return " ".join(parts) + draw(st.sampled_from(["", "####general", "#"]))

    questions = []
    for _ in range(draw(st.integers(1, 3))):
        title = draw(st.one_of(st.just(""), TEXT.map(lambda t: f"::{t}::")))
        comment = draw(
            st.sampled_from(["", "// evidence: Kim\n", "// [id:Q1]\n", "$CATEGORY: a\n"])
        )
        questions.append(f"{comment}{title}{draw(TEXT)}{{{answer_block()}}}{draw(TEXT)}")
    return "\n\n".join(questions)


@st.composite
def aiken(draw) -> str:
    blocks = []
    for _ in range(draw(st.integers(1, 3))):
        letters = draw(st.lists(st.sampled_from("ABCDEFZ"), max_size=6))
        options = [
            f"{letter}{draw(st.sampled_from(['.', ')']))} {draw(TEXT)}" for letter in letters
        ]
        answer = draw(st.sampled_from([*letters, "Z", "", "AB"])) if letters else ""
        blocks.append("\n".join([draw(TEXT), *options, f"ANSWER: {answer}"]))
    return "\n\n".join(blocks)


XML_TYPES = ["multichoice", "truefalse", "shortanswer", "numerical", "matching", "ordering",
             "essay", "category", "description", "cloze", ""]  # fmt: skip


@st.composite
def moodle_xml(draw) -> str:
    def text(tag: str) -> str:
        value = draw(TEXT).replace("]]>", "")
        return f"<{tag}><text><![CDATA[{value}]]></text></{tag}>"

    questions = []
    for _ in range(draw(st.integers(1, 3))):
        qtype = draw(st.sampled_from(XML_TYPES))
        answers = "".join(
            f'<answer fraction="{draw(PERCENT)}"><text>{draw(NUMBER)}</text>'
            f"<tolerance>{draw(NUMBER)}</tolerance><feedback><text>f</text></feedback></answer>"
            for _ in range(draw(st.integers(0, 4)))
        )
        subs = "".join(
            f"<subquestion>{text('x')[3:-4]}<answer><text>{draw(WORD)}</text></answer>"
            "</subquestion>"
            for _ in range(draw(st.integers(0, 3)))
        )
        single = draw(st.sampled_from(["", "<single>true</single>", "<single>false</single>"]))
        grade = draw(
            st.one_of(st.just(""), NUMBER.map(lambda n: f"<defaultgrade>{n}</defaultgrade>"))
        )
        questions.append(
            f'<question type="{qtype}">{text("name")}{text("questiontext")}'
            f"{text('generalfeedback')}{grade}{single}{answers}{subs}</question>"
        )
    return '<?xml version="1.0" encoding="UTF-8"?>\n<quiz>' + "".join(questions) + "</quiz>"


CSV_COLUMNS = ["id", "type", "prompt", "choices", "answer", "explanation", "evidence", "points"]
CSV_TYPES = ["single_choice", "multiple_response", "true_false", "short_answer", "numeric",
             "ordering", "matching", "essay", ""]  # fmt: skip


@st.composite
def csv_text(draw) -> str:
    import csv
    import io

    def cell() -> str:
        kind = draw(st.sampled_from(["text", "list", "number"]))
        if kind == "number":
            return draw(NUMBER)
        if kind == "list":
            items = draw(
                st.lists(
                    st.tuples(st.sampled_from(["", "*", "%50%", "%x%", "="]), TEXT), max_size=4
                )
            )
            return " | ".join(
                mark + t + draw(st.sampled_from(["", " -> b", " # fb", ":1", "..2"]))
                for mark, t in items
            )
        return draw(TEXT)

    columns = draw(st.permutations(CSV_COLUMNS).map(lambda c: c[: len(c) - 0]))
    out = io.StringIO()
    writer = csv.writer(out, delimiter=draw(st.sampled_from([",", ";", "\t"])))
    writer.writerow(columns)
    for _ in range(draw(st.integers(1, 3))):
        row = {c: cell() for c in columns}
        row["type"] = draw(st.sampled_from(CSV_TYPES))
        writer.writerow([row[c] for c in columns])
    return out.getvalue()


JSONISH = st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(), st.floats(), TEXT),
    lambda inner: st.one_of(st.lists(inner, max_size=4), st.dictionaries(TEXT, inner, max_size=3)),
    max_leaves=10,
)
YAML_KEYS = ["id", "type", "prompt", "explanation", "evidence", "points", "choices", "answers",
             "answer", "items", "pairs", "distractors", "shuffle", "feedback_true",
             "feedback_false", "text", "credit", "value", "tolerance", "left", "right"]  # fmt: skip


@st.composite
def yaml_text(draw) -> str:
    import yaml

    def question() -> dict:
        q = {
            "type": draw(st.sampled_from([*CSV_TYPES[:-2], "essay", 3, None])),
            "prompt": draw(TEXT),
        }
        for key in draw(st.lists(st.sampled_from(YAML_KEYS), max_size=6)):
            q[key] = draw(JSONISH)
        entries = st.fixed_dictionaries(
            {"text": TEXT, "credit": st.one_of(st.floats(), st.integers(-2, 2))},
            optional={"value": st.floats(), "tolerance": st.floats(), "feedback": TEXT},
        )
        if draw(st.booleans()):
            q[draw(st.sampled_from(["choices", "answers"]))] = draw(st.lists(entries, max_size=4))
        return q

    doc = {
        "slug": draw(TEXT),
        "title": draw(JSONISH),
        "questions": [question() for _ in range(draw(st.integers(1, 3)))],
    }
    return yaml.safe_dump(doc, allow_unicode=True)


RAW = st.text(max_size=200)
PARSERS = [
    (parse_gift, st.one_of(gift(), RAW)),
    (parse_aiken, st.one_of(aiken(), RAW)),
    (parse_moodle_xml, st.one_of(moodle_xml(), RAW)),
    (parse_csv, st.one_of(csv_text(), RAW)),
    (parse_yaml, st.one_of(yaml_text(), RAW)),
]


def check(result: ParseResult) -> None:
    assert isinstance(result, ParseResult)
    assert all(isinstance(q.data, dict) for q in result.questions)
    plan = plan_import(result, "m", {}, PASSAGES, module_exists=False)
    for planned in plan.questions if plan.ok else []:
        json.dumps(planned.data, allow_nan=False)  # storable as JSON on every database


@BOUNDED
@given(st.data())
def test_no_file_makes_a_parser_raise(data):
    for parser, strategy in PARSERS:
        check(parser(data.draw(strategy, label=parser.__name__)))


@BOUNDED
@given(
    st.binary(max_size=300), st.sampled_from(["yaml", "gift", "aiken", "moodle-xml", "csv", "x"])
)
def test_parse_bytes_never_raises(raw, fmt):
    result = parse_bytes(raw, fmt)
    assert isinstance(result, ParseResult)
    assert not any("could not read the file" in e.message for e in result.errors), result.errors


@BOUNDED
@given(
    st.sampled_from(["a.gift", "a.txt", "a.xml", "a.csv", "a.yaml", "a", "", "../../x.yml"]),
    st.one_of(gift(), aiken(), moodle_xml(), csv_text(), yaml_text()).map(str.encode)
    | st.binary(max_size=200),
)
def test_parse_upload_never_raises(filename, raw):
    result = parse_upload(filename, raw)
    assert not any("could not read the file" in e.message for e in result.errors), result.errors
