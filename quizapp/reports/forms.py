from flask_wtf import FlaskForm
from wtforms import StringField, SubmitField
from wtforms.validators import DataRequired, Length

from quizapp.classes import CODE_LENGTH, MAX_NAME


class ClassForm(FlaskForm):
    name = StringField(
        "Class name",
        validators=[
            DataRequired(message="Give the class a name."),
            Length(max=MAX_NAME, message=f"Use at most {MAX_NAME} characters."),
        ],
        description="For example “Year 10 History, group B”. Students see it when they join.",
    )
    submit = SubmitField("Create class")


class JoinForm(FlaskForm):
    code = StringField(
        "Join code",
        validators=[
            DataRequired(message="Type the join code your teacher gave you."),
            Length(max=2 * CODE_LENGTH, message="A join code has 8 letters and digits."),
        ],
        description="8 letters and digits, e.g. ABCD-2346. Dashes and spaces do not matter.",
    )
    submit = SubmitField("Join class")


class RenameClassForm(ClassForm):
    """The class form again, for a new name: same rules as when the class was created."""

    submit = SubmitField("Save name")


class ActionForm(FlaskForm):
    """No fields: carries the CSRF token for POST-only buttons (new code, remove, delete)."""
