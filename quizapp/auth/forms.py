from flask_wtf import FlaskForm
from wtforms import BooleanField, EmailField, PasswordField, StringField, SubmitField
from wtforms.validators import DataRequired, Email, EqualTo, Length, ValidationError

from quizapp.auth.services import find_user


class LoginForm(FlaskForm):
    email = EmailField("Email", validators=[DataRequired(), Email(check_deliverability=False)])
    password = PasswordField("Password", validators=[DataRequired()])
    remember = BooleanField("Keep me logged in on this device")
    submit = SubmitField("Log in")


def new_password_field(label: str) -> PasswordField:
    """The one rule for choosing a password (registration and change)."""
    return PasswordField(
        label,
        validators=[
            DataRequired(),
            Length(min=8, max=128, message="Use between 8 and 128 characters."),
        ],
        description="At least 8 characters.",
    )


def repeat_password_field(label: str) -> PasswordField:
    return PasswordField(
        label,
        validators=[DataRequired(), EqualTo("password", message="The two passwords do not match.")],
    )


class RegisterForm(FlaskForm):
    name = StringField("Your name", validators=[DataRequired(), Length(max=120)])
    email = EmailField(
        "Email", validators=[DataRequired(), Email(check_deliverability=False), Length(max=254)]
    )
    password = new_password_field("Password")
    confirm = repeat_password_field("Repeat password")
    submit = SubmitField("Create account")

    def validate_email(self, field):
        if find_user(field.data):
            raise ValidationError("An account with this email already exists. Log in instead.")


class ChangePasswordForm(FlaskForm):
    current = PasswordField("Current password", validators=[DataRequired()])
    password = new_password_field("New password")
    confirm = repeat_password_field("Repeat new password")
    submit = SubmitField("Change password")


class LogoutForm(FlaskForm):
    """No fields: only carries the CSRF token for the POST-only logout button."""


class ResetPasswordForm(FlaskForm):
    password = new_password_field("New password")
    confirm = repeat_password_field("Repeat new password")
    submit = SubmitField("Set new password")


class DeleteAccountForm(FlaskForm):
    password = PasswordField(
        "Your password",
        validators=[DataRequired(message="Type your password to confirm.")],
        description="We ask for it so that nobody else can delete your account.",
    )
    submit = SubmitField("Delete my account")
