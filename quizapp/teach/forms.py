"""Teacher forms: modules, and the question editor (a base form plus one form per type).

Fields only parse what was typed. The rules a question must follow live in
quizapp.bank.schema.validate_question, which the editor runs on the dict built from the form
(see quizapp.teach.editors), so the editor and the bank files enforce the same rules.
"""

from __future__ import annotations

from typing import Any

from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    FieldList,
    Form,
    FormField,
    RadioField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.fields import FloatField
from wtforms.validators import DataRequired, Length, Optional, Regexp, ValidationError

try:  # WTForms 3.3 deprecates (value, label) tuples
    from wtforms.fields.choices import SelectChoice
except ImportError:  # pragma: no cover - older WTForms

    def SelectChoice(value: str, label: str) -> tuple[str, str]:  # noqa: N802
        return (value, label)


from quizapp.bank.loader import SLUG
from quizapp.question_types.numeric import parse_number

MARKDOWN_HINT = "Markdown: **bold**, *italic*, `code`, [links](https://…)."
CHOICE_ROWS = 6
ANSWER_ROWS = 6
ITEM_ROWS = 8
PAIR_ROWS = 6
MAX_ROWS = 30


class NumberField(FloatField):
    """A float that shows as typed people write it (50, not 50.0) and explains bad input."""

    def process_formdata(self, valuelist: list[Any]) -> None:
        raw = str(valuelist[0] if valuelist else "").strip().removesuffix("%")
        self.data = parse_number(raw) if raw.strip() else None
        if raw.strip() and self.data is None:
            raise ValueError("Enter a number, e.g. 50, -12.5 or 20,000.")

    def _value(self) -> str:
        if self.raw_data:
            return str(self.raw_data[0])
        return "" if self.data is None else f"{self.data:.10g}"


def _number(label: str, **kwargs: Any) -> NumberField:
    return NumberField(label, validators=[Optional()], render_kw={"inputmode": "decimal"}, **kwargs)


class ChoiceRow(Form):
    """One choice: its text, its credit in percent and optional feedback."""

    text = StringField("Text")
    credit = _number("Credit %")
    feedback = StringField("Feedback")


class AnswerRow(Form):
    """One accepted short answer."""

    text = StringField("Accepted answer")
    credit = _number("Credit %")
    feedback = StringField("Feedback")


class NumericRow(Form):
    """One accepted number with its tolerance."""

    value = _number("Value")
    tolerance = _number("Tolerance ±")
    credit = _number("Credit %")
    feedback = StringField("Feedback")


class PairRow(Form):
    """A left-hand item and its right-hand match."""

    left = StringField("Item")
    right = StringField("Its match")


class QuestionForm(FlaskForm):
    """What every question has."""

    prompt = TextAreaField(
        "Question",
        validators=[Length(max=4000)],
        description=MARKDOWN_HINT,
        render_kw={"rows": 3},
    )
    points = _number("Points", default=1.0, description="The question's maximum mark.")
    explanation = TextAreaField(
        "Explanation",
        validators=[Length(max=8000)],
        description="Shown after grading: why the answer is right. " + MARKDOWN_HINT,
        render_kw={"rows": 4},
    )
    evidence = TextAreaField(
        "Evidence from the article",
        description="One quote per line, word for word from the article. Select words in the "
        "article panel and press “Use selected words”, or paste them.",
        render_kw={"rows": 4},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.group_errors: dict[str, list[str]] = {}  # messages about a whole group of rows


class ChoiceQuestionForm(QuestionForm):
    choices = FieldList(FormField(ChoiceRow), min_entries=CHOICE_ROWS, max_entries=MAX_ROWS)
    shuffle = BooleanField("Shuffle the choices for each student", default=True)


class SingleChoiceForm(ChoiceQuestionForm):
    """single_choice"""


class MultipleResponseForm(ChoiceQuestionForm):
    """multiple_response"""


class TrueFalseForm(QuestionForm):
    answer = RadioField(
        "The statement is",
        choices=[SelectChoice("true", "True"), SelectChoice("false", "False")],
        validate_choice=False,  # validate_question explains a missing or odd answer
    )
    feedback_true = StringField("Feedback when the student answers True")
    feedback_false = StringField("Feedback when the student answers False")


class ShortAnswerForm(QuestionForm):
    answers = FieldList(FormField(AnswerRow), min_entries=ANSWER_ROWS, max_entries=MAX_ROWS)


class NumericForm(QuestionForm):
    answers = FieldList(FormField(NumericRow), min_entries=ANSWER_ROWS, max_entries=MAX_ROWS)
    unit = StringField("Unit", description="Optional, e.g. km or years.")


class OrderingForm(QuestionForm):
    items = FieldList(StringField("Item"), min_entries=ITEM_ROWS, max_entries=MAX_ROWS)


class MatchingForm(QuestionForm):
    pairs = FieldList(FormField(PairRow), min_entries=PAIR_ROWS, max_entries=MAX_ROWS)
    distractors = TextAreaField(
        "Extra wrong matches (distractors)",
        description="Optional: one per line; offered with the right-hand matches.",
        render_kw={"rows": 3},
    )


class ClozeForm(QuestionForm):
    text = TextAreaField(
        "Text with gaps",
        validators=[Length(max=20000)],
        description="Write each gap in Moodle's cloze syntax, e.g. {1:SHORTANSWER:=Paris}.",
        render_kw={"rows": 8, "spellcheck": "false"},
    )


class ModuleDetailsForm(FlaskForm):
    """A module's title and description: what editing an existing module may change."""

    title = StringField(
        "Title",
        validators=[DataRequired(), Length(max=200)],
        filters=[lambda value: (value or "").strip()],
    )
    description = TextAreaField(
        "Description",
        validators=[Length(max=2000)],
        filters=[lambda value: (value or "").strip()],
        description="One or two sentences shown on the module card.",
        render_kw={"rows": 3},
    )


class ModuleForm(ModuleDetailsForm):
    """A new module on a published article: its details plus the slug, fixed from then on."""

    article = SelectField(
        "Article", choices=[], description="The published article its questions quote."
    )

    slug = StringField(
        "Short name (used in addresses)",
        filters=[lambda value: (value or "").strip()],
        validators=[
            DataRequired(),
            Length(max=80),
            Regexp(SLUG, message="Use lower-case letters, digits and dashes, e.g. summit-2."),
        ],
        description="Lower-case letters, digits and dashes, e.g. summit-2.",
    )

    def __init__(self, *args: Any, taken: set[str] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._taken = taken or set()

    def validate_slug(self, field: StringField) -> None:
        if field.data in self._taken:
            raise ValidationError(f"A module called “{field.data}” already exists.")


class ActionForm(FlaskForm):
    """No fields: carries the CSRF token for POST-only buttons (move, retire)."""
