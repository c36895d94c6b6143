"""Forms for importing question banks."""

from flask_wtf import FlaskForm
from flask_wtf.file import FileAllowed, FileField, FileRequired
from wtforms import HiddenField, SelectField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, Regexp

from quizapp.imports import IMPORT_FORMATS

ALLOWED_EXTENSIONS = ["yaml", "yml", "txt", "gift", "xml", "csv"]
FORMAT_LABELS = {
    "yaml": "YAML (this app)",
    "gift": "GIFT (Moodle text)",
    "aiken": "Aiken",
    "moodle-xml": "Moodle XML",
    "csv": "CSV (spreadsheet)",
}


class ImportForm(FlaskForm):
    file = FileField(
        "Question file",
        validators=[
            FileRequired("Choose a file to upload."),
            FileAllowed(
                ALLOWED_EXTENSIONS,
                "Upload a .yaml, .txt (GIFT or Aiken), .gift, .xml or .csv file.",
            ),
        ],
        description="Up to 2 MB. GIFT and Aiken files usually end in .txt.",
    )
    module = StringField(
        "Module",
        validators=[
            DataRequired(),
            Length(max=80),
            Regexp(
                r"^[a-z0-9][a-z0-9-]*$",
                message="Use lower-case letters, digits and dashes, e.g. my-module.",
            ),
        ],
        description="The slug of an existing module, or a new one to create.",
    )
    format = SelectField(
        "Format",
        choices=[SelectChoice("", "Detect from the file")]
        + [SelectChoice(f, FORMAT_LABELS[f]) for f in IMPORT_FORMATS],
        default="",
    )


class ConfirmImportForm(FlaskForm):
    token = HiddenField(validators=[DataRequired(), Regexp(r"^[A-Za-z0-9_-]{16,64}$")])


class EvidenceForm(FlaskForm):
    quote = HiddenField(validators=[DataRequired(), Length(max=2000)])
