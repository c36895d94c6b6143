"""Result types shared by every import and export format."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass
class ImportIssue:
    """One problem (or note) about a place in an imported file; line is 1-based."""

    line: int | None
    message: str

    def __str__(self) -> str:
        return self.message if self.line is None else f"line {self.line}: {self.message}"


@dataclass
class ParsedQuestion:
    """A question read from a file: the line where it starts and its canonical dict."""

    line: int
    data: dict[str, Any]


@dataclass
class ParseResult:
    """Everything a parser found. The import is usable only when `errors` is empty.

    `skipped` lists questions that are valid in the source format but that the app cannot
    hold (essays, descriptions...); `warnings` lists data that was dropped or changed on the
    way in; `module` holds slug/title/description when the file names its module.
    """

    format: str
    questions: list[ParsedQuestion] = field(default_factory=list)
    skipped: list[ImportIssue] = field(default_factory=list)
    errors: list[ImportIssue] = field(default_factory=list)
    categories: list[str] = field(default_factory=list)
    warnings: list[ImportIssue] = field(default_factory=list)
    module: dict[str, Any] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not self.errors

    def add(self, line: int, data: dict[str, Any]) -> None:
        self.questions.append(ParsedQuestion(line, data))

    def error(self, line: int | None, message: str) -> None:
        self.errors.append(ImportIssue(line, message))

    def skip(self, line: int | None, message: str) -> None:
        self.skipped.append(ImportIssue(line, message))

    def warn(self, line: int | None, message: str) -> None:
        self.warnings.append(ImportIssue(line, message))

    def add_category(self, path: str) -> None:
        if path not in self.categories:
            self.categories.append(path)


@dataclass
class ExportResult:
    """An exported file's text, and what could not be written faithfully."""

    text: str
    warnings: list[str] = field(default_factory=list)


class Fault(Exception):
    """Raised inside a parser to abandon one question; caught and turned into an ImportIssue."""

    def __init__(self, line: int | None, message: str) -> None:
        super().__init__(message)
        self.line = line
        self.message = message
