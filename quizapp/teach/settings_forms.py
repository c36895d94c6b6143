"""Forms for a module's quiz settings and per-student overrides."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import BooleanField, IntegerField, RadioField, SelectField
from wtforms.fields import DateTimeLocalField, FloatField
from wtforms.validators import InputRequired, NumberRange, Optional, ValidationError

from quizapp.quiz_rules import GRADING_METHODS, REVIEW_OPTIONS
from quizapp.teach.forms import SelectChoice

DATETIME_FORMAT = "%Y-%m-%dT%H:%M"


def _count(label: str, low: int, high: int, description: str = "") -> IntegerField:
    return IntegerField(
        label,
        validators=[
            Optional(),
            NumberRange(low, high, f"Enter a whole number from {low} to {high}."),
        ],
        description=description,
    )


class QuizSettingsForm(FlaskForm):
    attempts_allowed = _count("Attempts allowed", 1, 100, "Leave empty for unlimited attempts.")
    grading_method = SelectField(
        "Grading method", choices=[SelectChoice(k, v) for k, v in GRADING_METHODS.items()]
    )
    time_limit_minutes = _count("Time limit (minutes)", 1, 1440, "Leave empty for no time limit.")
    open_at = DateTimeLocalField(
        "Opens (UTC)", format=DATETIME_FORMAT, validators=[Optional()], description="Optional."
    )
    close_at = DateTimeLocalField(
        "Closes (UTC)",
        format=DATETIME_FORMAT,
        validators=[Optional()],
        description="Optional. Attempts still open then are closed with what was saved.",
    )
    shuffle_questions = BooleanField("Shuffle the order of questions for each attempt")
    shuffle_choices = BooleanField("Shuffle the choices of choice questions", default=True)
    draw_count = _count(
        "Draw this many questions at random", 1, 500, "Leave empty to ask every question."
    )
    review_shows = RadioField(
        "After submitting, the review shows",
        choices=[SelectChoice(k, v) for k, v in REVIEW_OPTIONS.items()],
    )
    practice_enabled = BooleanField("Students may practise this module (ungraded)", default=True)
    practice_tries = IntegerField(
        "Tries per question in practice",
        validators=[
            InputRequired("Enter the number of tries."),
            NumberRange(1, 10, "Enter 1 to 10 tries."),
        ],
        default=3,
    )
    practice_penalty_percent = FloatField(
        "Penalty for each extra try (% of the question's marks)",
        validators=[
            InputRequired("Enter a penalty (0 for none)."),
            NumberRange(0, 100, "Enter 0 to 100."),
        ],
        default=round(100 / 3, 1),
    )

    def __init__(self, *args, question_count: int = 0, **kwargs):
        super().__init__(*args, **kwargs)
        self.question_count = question_count

    def validate_close_at(self, field) -> None:
        if field.data and self.open_at.data and field.data <= self.open_at.data:
            raise ValidationError("The close date must be after the open date.")

    def validate_draw_count(self, field) -> None:
        if field.data and self.question_count and field.data > self.question_count:
            raise ValidationError(
                f"The module has {self.question_count} questions; draw at most that many."
            )


class OverrideForm(FlaskForm):
    student_id = SelectField("Student", coerce=int, validators=[InputRequired("Choose a student.")])
    attempts_allowed = _count("Attempts allowed", 1, 100, "Leave empty to keep the module's.")
    time_limit_minutes = _count(
        "Time limit (minutes)", 1, 1440, "Leave empty to keep the module's."
    )

    def validate_time_limit_minutes(self, field) -> None:
        if field.data is None and self.attempts_allowed.data is None:
            raise ValidationError("Give more attempts, more time, or both.")
