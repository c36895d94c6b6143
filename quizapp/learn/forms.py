from flask_wtf import FlaskForm


class ActionForm(FlaskForm):
    """No fields: carries the CSRF token for POST-only buttons (start, save, submit)."""
