"""Forms for adding an article and correcting how it was cleaned."""

from __future__ import annotations

from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import DateField, SelectField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import URL, DataRequired, Length, Optional

from quizapp.articles.upload import MAX_BYTES

FORMAT_CHOICES = [
    SelectChoice("", "Detect from the file"),
    SelectChoice("text", "Text copied from a news site"),
    SelectChoice("markdown", "Markdown"),
    SelectChoice("html", "Saved web page (HTML)"),
]


def _strip(value: str | None) -> str:
    return (value or "").strip()


class ArticleForm(FlaskForm):
    """A new article: a file or pasted text, and optionally its title and source."""

    file = FileField(
        "Article file", description="Up to 2 MB: a .txt, .md or saved .html page, in UTF-8."
    )
    text = TextAreaField(
        "…or paste the text",
        validators=[Length(max=MAX_BYTES)],
        description="Paste the article as copied from the site; the first line is its title.",
        render_kw={"rows": 8},
    )
    format = SelectField("Format", choices=FORMAT_CHOICES, default="")
    title = StringField(
        "Title",
        validators=[Length(max=300)],
        filters=[_strip],
        description="Leave empty to use the article's own title.",
    )
    source_url = StringField(
        "Source address",
        validators=[Optional(), Length(max=500), URL(message="Give a web address (https://…).")],
        filters=[_strip],
    )


class DetailsForm(FlaskForm):
    """Title, source and date of an article."""

    title = StringField("Title", validators=[DataRequired(), Length(max=300)], filters=[_strip])
    source_url = StringField(
        "Source address",
        validators=[Optional(), Length(max=500), URL(message="Give a web address (https://…).")],
        filters=[_strip],
    )
    dated = DateField("Date of the article", validators=[Optional()])
