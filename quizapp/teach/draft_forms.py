"""Forms of the draft-question queue: ask for drafts, and decide on them."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import SelectField, StringField
from wtforms.validators import Length, Optional, Regexp

from quizapp.bank.loader import SLUG


class DraftRequestForm(FlaskForm):
    """Draft the article; drafts repeat no question of the chosen module (or of any module)."""

    module = SelectField("Leave out what this module asks", choices=[], default="")


class DraftDecisionForm(FlaskForm):
    """Accept, edit or reject drafts, into an existing module of the article or a new one.

    The draft ids and the button pressed are read from the request: the ids are checked against
    the teacher's own pending drafts in the route.
    """

    module = SelectField("Into the module", choices=[], default="")
    new_slug = StringField(
        "Or a new module: short name",
        filters=[lambda value: (value or "").strip()],
        validators=[
            Optional(),
            Length(max=80),
            Regexp(SLUG, message="Use lower-case letters, digits and dashes, e.g. summit-2."),
        ],
        description="Lower-case letters, digits and dashes. Leave empty to use the module above.",
    )
    new_title = StringField(
        "New module's title",
        filters=[lambda value: (value or "").strip()],
        validators=[Length(max=200)],
    )
