"""Check a submitted editor form: build the question dict, run the shared validator
(quizapp.bank.schema.validate_question) and the verbatim check of every evidence quote, and put
each message on the field it is about, in the editor's terms (percentages, form row numbers).
The editor and the bank files therefore enforce the same rules.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from wtforms import Field, FieldList

from quizapp.bank.schema import normalise_question, validate_question
from quizapp.evidence import locate
from quizapp.models import Article
from quizapp.teach import forms as f
from quizapp.teach.editors import Editor, build, filled_rows

EXACT_MESSAGES = {
    "missing required key 'prompt'": "Write the question.",
    "missing required key 'explanation'": "Write the explanation students see after grading.",
    "missing required key 'evidence' (at least one quote)": (
        "Add at least one quote from the article as evidence."
    ),
    "'answer' must be true or false": "Choose whether the statement is true or false.",
}
COMMON_TARGETS = (
    ("Quote not found", "evidence"),
    ("'evidence'", "evidence"),
    ("'prompt'", "prompt"),
    ("'explanation'", "explanation"),
    ("'points'", "points"),
)
SUBFIELD_WORDS = ("credit", "tolerance", "value", "left", "right", "text")


@dataclass
class Problem:
    """One message and where it is shown: a field id to link to from the error summary."""

    target: str
    label: str
    message: str


def check(editor: Editor, form: f.QuestionForm, article: Article | None) -> dict[str, Any] | None:
    """The normalised question dict, or None after putting every problem on the form."""
    form.validate()
    qdict, rows = build(editor, form)
    messages = validate_question(qdict, require_evidence=article is not None)
    if article is not None:
        texts = [p.text for p in article.passages]
        messages += [
            f'Quote not found in the article: "{q}"'
            for q in qdict["evidence"]
            if locate(q, texts) is None
        ]
    for message in messages:
        attach(editor, form, rows, message)
    ensure_blank_row(editor, form)
    if problems(editor, form):  # not form.errors: a FieldList caches its errors at validate()
        return None
    return normalise_question(qdict)


def _pct(text: str) -> str:
    return f"{float(text) * 100:.6g}%"


CREDIT_WORDING = (
    (
        r"between (\S+) and 1, not (\S+)$",
        lambda m: f"between {_pct(m[1])} and 100%, not {_pct(m[2])}",
    ),
    (
        r"add up to 1, they add up to (\S+)$",
        lambda m: f"add up to 100%, they add up to {_pct(m[1])}",
    ),
    (r"credit 1\b", lambda m: "credit 100%"),
    (r"'(\w+)'", lambda m: m[1]),
)


def friendly(message: str) -> str:
    """A schema message in the editor's terms: percentages, no quoted keys, a capital letter."""
    if message.startswith("Quote not found"):
        return message
    message = EXACT_MESSAGES.get(message, message)
    for pattern, replace in CREDIT_WORDING:
        message = re.sub(pattern, replace, message)
    return message[:1].upper() + message[1:]


def attach(editor: Editor, form: f.QuestionForm, rows: list[int], message: str) -> None:
    """Show one schema message on the field it is about."""
    row_match = editor.row_word and re.match(rf"^{editor.row_word} (\d+)\b", message)
    if row_match and int(row_match.group(1)) <= len(rows):
        row = rows[int(row_match.group(1)) - 1]
        rest = message[row_match.end() :]
        sub = next((w for w in SUBFIELD_WORDS if w in rest), None)
        entry = form[editor.group].entries[row]
        field = entry.form[sub] if sub in entry.form else next(iter(entry.form))
        _add(field, f"{editor.row_label} {row + 1}{friendly(rest)}")
        return
    name = next((n for word, n in COMMON_TARGETS + editor.keywords if word in message), None)
    if name is None:
        form.form_errors.append(friendly(message))
    elif name == editor.group:
        form.group_errors.setdefault(name, []).append(friendly(message))
    else:
        _add(form[name], friendly(message))


def _add(field: Field, message: str) -> None:
    """Add a message unless the field already says what is wrong (e.g. not a number)."""
    if not field.errors:
        field.errors = [message]


def ensure_blank_row(editor: Editor, form: f.QuestionForm) -> None:
    """Keep one blank row to type into when the form comes back."""
    rows = form[editor.group] if editor.group else None
    if rows is not None and len(list(filled_rows(rows))) == len(rows.entries) < f.MAX_ROWS:
        rows.append_entry()


def problems(editor: Editor, form: f.QuestionForm) -> list[Problem]:
    """Every message on the form, in page order, for the error summary."""
    found = [Problem("editor-form", "Question", m) for m in form.form_errors]
    for field in form:
        if isinstance(field, FieldList):
            found += [
                Problem(field.id, field.label.text, m)
                for m in form.group_errors.get(field.name, [])
            ]
            for index, entry in enumerate(field.entries):
                subs = list(entry.form) if hasattr(entry, "form") else [entry]
                label = f"{editor.row_label} {index + 1}"
                found += [
                    Problem(sub.id, f"{label}: {sub.label.text}", m)
                    for sub in subs
                    for m in sub.errors
                ]
        elif field.type != "CSRFTokenField":
            found += [Problem(field.id, field.label.text, m) for m in field.errors]
    return found
