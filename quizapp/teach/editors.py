"""The editor's registry: per question type, the form and the mapping form <-> question dict.

Checking a submitted form against the shared validator is in quizapp.teach.editor_checks.
Credits are percentages in the form (100, 50, -50) and fractions in the dict (1, 0.5, -0.5).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any, ClassVar

from wtforms import Field, FieldList

from quizapp.bank.formats.cloze_syntax import parse_cloze, write_cloze
from quizapp.models import QuestionVersion
from quizapp.teach import forms as f


def percent(fraction: float) -> float:
    return round(fraction * 100, 10)


def fraction(field: Field, default: float) -> float:
    return default if field.data is None else round(field.data / 100, 12)


def lines(text: str | None) -> list[str]:
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


def filled(field: Field) -> bool:
    """True when anything was typed (or given) in the field."""
    if field.raw_data:
        return any(str(v).strip() for v in field.raw_data)
    return field.data not in (None, "")


def padded(rows: list[Any], minimum: int, blank: Any) -> list[Any]:
    return rows + [blank] * max(0, max(minimum, len(rows) + 2) - len(rows))


def filled_rows(rows: FieldList) -> Iterator[tuple[int, Any]]:
    """(form row index, row form) for every row that is not left blank."""
    for index, entry in enumerate(rows.entries):
        sub = getattr(entry, "form", None)
        if sub is None and filled(entry):
            yield index, entry
        elif sub is not None and any(filled(field) for field in sub):
            yield index, sub


def optional_text(out: dict[str, Any], key: str, field: Field) -> None:
    if (field.data or "").strip():
        out[key] = field.data.strip()


class Editor:
    """How one question type is edited. Subclasses map their own keys."""

    type_id: ClassVar[str]
    form_class: ClassVar[type[f.QuestionForm]]
    group: ClassVar[str | None] = None  # the FieldList of rows, if any
    row_word: ClassVar[str] = ""  # how validate_question names a row: "choice 2"
    row_label: ClassVar[str] = "Row"
    keywords: ClassVar[tuple[tuple[str, str], ...]] = ()  # message word -> field

    def type_data(self, form: Any) -> tuple[dict[str, Any], list[int]]:
        """The type's keys from the form, and the form row index of each dict row."""
        raise NotImplementedError

    def type_formdata(self, data: Mapping[str, Any]) -> dict[str, Any]:
        """The type's keys as form data (percentages, padded with blank rows)."""
        raise NotImplementedError


class ChoiceEditor(Editor):
    group, row_word, row_label = "choices", "choice", "Choice"
    keywords = (("choice", "choices"),)

    def type_data(self, form):
        choices, rows = [], []
        for index, row in filled_rows(form.choices):
            choice = {"text": (row.text.data or "").strip(), "credit": fraction(row.credit, 0.0)}
            optional_text(choice, "feedback", row.feedback)
            choices.append(choice)
            rows.append(index)
        return {"choices": choices, "shuffle": bool(form.shuffle.data)}, rows

    def type_formdata(self, data):
        rows = [
            {"text": c["text"], "credit": percent(c["credit"]), "feedback": c.get("feedback", "")}
            for c in data.get("choices", [])
        ]
        return {"choices": padded(rows, f.CHOICE_ROWS, {}), "shuffle": data.get("shuffle", True)}


class SingleChoiceEditor(ChoiceEditor):
    type_id, form_class = "single_choice", f.SingleChoiceForm


class MultipleResponseEditor(ChoiceEditor):
    type_id, form_class = "multiple_response", f.MultipleResponseForm


class TrueFalseEditor(Editor):
    type_id, form_class = "true_false", f.TrueFalseForm
    keywords = (("'answer'", "answer"),)

    def type_data(self, form):
        out: dict[str, Any] = {"answer": {"true": True, "false": False}.get(form.answer.data)}
        optional_text(out, "feedback_true", form.feedback_true)
        optional_text(out, "feedback_false", form.feedback_false)
        return out, []

    def type_formdata(self, data):
        answer = data.get("answer")
        return {
            "answer": None if answer is None else ("true" if answer else "false"),
            "feedback_true": data.get("feedback_true", ""),
            "feedback_false": data.get("feedback_false", ""),
        }


class ShortAnswerEditor(Editor):
    type_id, form_class = "short_answer", f.ShortAnswerForm
    group, row_word, row_label = "answers", "answer", "Answer"
    keywords = (("answer", "answers"),)

    def type_data(self, form):
        answers, rows = [], []
        for index, row in filled_rows(form.answers):
            answer = {"text": (row.text.data or "").strip(), "credit": fraction(row.credit, 1.0)}
            optional_text(answer, "feedback", row.feedback)
            answers.append(answer)
            rows.append(index)
        return {"answers": answers}, rows

    def type_formdata(self, data):
        rows = [
            {"text": a["text"], "credit": percent(a["credit"]), "feedback": a.get("feedback", "")}
            for a in data.get("answers", [])
        ]
        return {"answers": padded(rows, f.ANSWER_ROWS, {})}


class NumericEditor(Editor):
    type_id, form_class = "numeric", f.NumericForm
    group, row_word, row_label = "answers", "answer", "Answer"
    keywords = (("value", "answers"), ("answer", "answers"))

    def type_data(self, form):
        answers, rows = [], []
        for index, row in filled_rows(form.answers):
            answer = {
                "value": row.value.data,
                "tolerance": 0.0 if row.tolerance.data is None else row.tolerance.data,
                "credit": fraction(row.credit, 1.0),
            }
            optional_text(answer, "feedback", row.feedback)
            answers.append(answer)
            rows.append(index)
        out: dict[str, Any] = {"answers": answers}
        optional_text(out, "unit", form.unit)
        return out, rows

    def type_formdata(self, data):
        rows = [
            {
                "value": a["value"],
                "tolerance": a.get("tolerance", 0.0),
                "credit": percent(a.get("credit", 1.0)),
                "feedback": a.get("feedback", ""),
            }
            for a in data.get("answers", [])
        ]
        return {"answers": padded(rows, f.ANSWER_ROWS, {}), "unit": data.get("unit", "")}


class OrderingEditor(Editor):
    type_id, form_class = "ordering", f.OrderingForm
    group, row_label = "items", "Item"
    keywords = (("item", "items"), ("ordering", "items"))

    def type_data(self, form):
        found = list(filled_rows(form.items))
        return {"items": [entry.data.strip() for _, entry in found]}, [i for i, _ in found]

    def type_formdata(self, data):
        return {"items": padded(list(data.get("items", [])), f.ITEM_ROWS, "")}


class MatchingEditor(Editor):
    type_id, form_class = "matching", f.MatchingForm
    group, row_word, row_label = "pairs", "pair", "Pair"
    keywords = (("distractor", "distractors"), ("pair", "pairs"), ("hand", "pairs"))

    def type_data(self, form):
        found = list(filled_rows(form.pairs))
        pairs = [
            {"left": (row.left.data or "").strip(), "right": (row.right.data or "").strip()}
            for _, row in found
        ]
        return {"pairs": pairs, "distractors": lines(form.distractors.data)}, [i for i, _ in found]

    def type_formdata(self, data):
        rows = [dict(p) for p in data.get("pairs", [])]
        return {
            "pairs": padded(rows, f.PAIR_ROWS, {}),
            "distractors": "\n".join(data.get("distractors", [])),
        }


class ClozeEditor(Editor):
    """The gaps are typed in Moodle's cloze syntax, which teachers who know Moodle already write;
    what the syntax cannot say is reported on the text field."""

    type_id, form_class = "cloze", f.ClozeForm
    keywords = (("gap", "text"), ("'text'", "text"), ("cloze", "text"))

    def type_data(self, form):
        raw = (form.text.data or "").strip()
        if not raw:
            return {"text": "", "gaps": []}, []
        read = parse_cloze(raw)
        if read.errors:
            form.text.errors = list(form.text.errors) + [
                m[:1].upper() + m[1:] + "." for m in read.errors
            ]
        return {"text": read.text, "gaps": read.gaps}, []

    def type_formdata(self, data):
        return {"text": write_cloze(data.get("text", ""), data.get("gaps", []))}


EDITORS: dict[str, Editor] = {
    e.type_id: e
    for e in (
        SingleChoiceEditor(),
        MultipleResponseEditor(),
        TrueFalseEditor(),
        ShortAnswerEditor(),
        NumericEditor(),
        OrderingEditor(),
        MatchingEditor(),
        ClozeEditor(),
    )
}


def version_dict(version: QuestionVersion) -> dict[str, Any]:
    """A stored version as a question dict (the shape validate_question checks)."""
    return {
        "type": version.type,
        "prompt": version.prompt,
        "explanation": version.explanation,
        "points": version.points,
        "evidence": [e.quote for e in version.evidence],
        **{k: v for k, v in version.data.items() if k != "id"},
    }


def form_data(editor: Editor, qdict: Mapping[str, Any] | None) -> dict[str, Any]:
    """Data for a GET form: a stored question, or a blank one."""
    qdict = qdict or {}
    return {
        "prompt": qdict.get("prompt", ""),
        "explanation": qdict.get("explanation", ""),
        "points": qdict.get("points", 1.0),
        "evidence": "\n".join(qdict.get("evidence", [])),
        **editor.type_formdata(qdict),
    }


def build(editor: Editor, form: f.QuestionForm) -> tuple[dict[str, Any], list[int]]:
    """The question dict a submitted form describes, and its row map."""
    data, rows = editor.type_data(form)
    qdict = {
        "type": editor.type_id,
        "prompt": form.prompt.data or "",
        "explanation": form.explanation.data or "",
        "points": form.points.data,
        "evidence": lines(form.evidence.data),
    }
    return {**qdict, **data}, rows
