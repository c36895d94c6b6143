"""Forms of the LTI pages (Flask-WTF, so every POST carries a CSRF token)."""

from flask_wtf import FlaskForm
from wtforms import HiddenField, RadioField
from wtforms.validators import DataRequired


class ActionForm(FlaskForm):
    """No fields: carries the CSRF token for POST-only buttons (sync roster, send grades)."""


class DeepLinkForm(FlaskForm):
    """The teacher's pick in the LMS: `module:SLUG`, `practice:SLUG` or `review`."""

    launch_id = HiddenField(validators=[DataRequired()])
    choice = RadioField("What should the link open?", validators=[DataRequired()], choices=[])
