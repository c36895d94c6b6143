"""Question import/export formats: pure functions from text to question dicts and back.

    result = parse_bytes(upload_bytes, sniff_format(filename, text))
    if result.ok: ... result.questions[i].data is a questions/README.md question dict
    exported = export("moodle-xml", module)   # ExportResult(text, warnings)

Parsers never raise on bad input: every problem is an ImportIssue with its line number.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import wraps
from pathlib import PurePath
from typing import Any

from .aiken import parse_aiken
from .canonical import TYPES, canonical_question
from .csv_format import parse_csv
from .gift_export import export_gift
from .gift_parse import parse_gift
from .model import ExportResult, ImportIssue, ParsedQuestion, ParseResult
from .moodle_xml_export import export_moodle_xml
from .moodle_xml_parse import parse_moodle_xml
from .textutil import strip_bom
from .yaml_format import export_yaml, parse_yaml

__all__ = [
    "EXPORTERS",
    "FORMATS",
    "TYPES",
    "ExportResult",
    "ImportIssue",
    "ParseResult",
    "ParsedQuestion",
    "canonical_question",
    "export",
    "parse",
    "parse_bytes",
    "parse_upload",
    "sniff_format",
]

Parser = Callable[[str], ParseResult]


def _guarded(fmt: str, parser: Parser) -> Parser:
    """Wrap a parser so that even a bug shows up as an error, never as an exception, and so
    that every format gets the same cross-question checks."""

    @wraps(parser)
    def parse_text(text: str) -> ParseResult:
        try:
            result = parser(text)
        except Exception as exc:  # noqa: BLE001 - the contract is "never raise on bad input"
            return ParseResult(fmt, errors=[ImportIssue(None, f"could not read the file: {exc!r}")])
        _check_duplicate_ids(result)
        return result

    return parse_text


def _check_duplicate_ids(result: ParseResult) -> None:
    first_line: dict[Any, int] = {}
    for question in result.questions:
        ident = question.data.get("id")
        if not isinstance(ident, str):
            continue
        if ident in first_line:
            result.warn(
                question.line,
                f"id '{ident}' is also used by the question on line {first_line[ident]}",
            )
        first_line.setdefault(ident, question.line)


FORMATS: dict[str, Parser] = {
    "yaml": _guarded("yaml", parse_yaml),
    "gift": _guarded("gift", parse_gift),
    "aiken": _guarded("aiken", parse_aiken),
    "moodle-xml": _guarded("moodle-xml", parse_moodle_xml),
    "csv": _guarded("csv", parse_csv),
}
EXPORTERS: dict[str, Callable[[dict[str, Any]], ExportResult]] = {
    "yaml": export_yaml,
    "gift": export_gift,
    "moodle-xml": export_moodle_xml,
}
_EXTENSIONS = {".yaml": "yaml", ".yml": "yaml", ".xml": "moodle-xml", ".csv": "csv"}
_AIKEN_ANSWER = re.compile(r"^\s*ANSWER:\s*[A-Z]\s*$", re.MULTILINE)
_AIKEN_OPTION = re.compile(r"^\s*[A-Z][.)]", re.MULTILINE)
_GIFT_BLOCK = re.compile(r"(?<!\\)\{[^{}]*?(?<!\\)\}", re.DOTALL)
_GIFT_MARK = re.compile(r"^\s*(::|\$CATEGORY:)", re.MULTILINE)
_YAML_START = re.compile(r"(slug|title|description|article|questions)\s*:|-\s+(id|type|prompt)\s*:")


def parse(fmt: str, text: str) -> ParseResult:
    """Parse decoded text in a format named in FORMATS."""
    parser = FORMATS.get(fmt)
    if parser is None:
        return ParseResult(
            fmt, errors=[ImportIssue(None, f"unknown format '{fmt}' (known: {', '.join(FORMATS)})")]
        )
    return parser(text)


def parse_bytes(raw: bytes, fmt: str) -> ParseResult:
    """Decode UTF-8 (a BOM is allowed) and parse; any other encoding is refused with the line
    of the first byte that is not UTF-8."""
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        hint = " (it looks like UTF-16)" if raw[:2] in (b"\xff\xfe", b"\xfe\xff") else ""
        message = (
            f"the file is not UTF-8 text{hint}: byte 0x{raw[exc.start]:02x} on line "
            f"{line} cannot be decoded; save the file as UTF-8 and upload it again"
        )
        return ParseResult(fmt, errors=[ImportIssue(line, message)])
    if "\x00" in text:  # never in a text file; PostgreSQL could not store it either
        line = text[: text.index("\x00")].count("\n") + 1
        message = "the file contains a NUL character (\\0), so it is not a text file"
        return ParseResult(fmt, errors=[ImportIssue(line, message)])
    return parse(fmt, strip_bom(text))


def parse_upload(filename: str, raw: bytes) -> ParseResult:
    """Sniff the format of an uploaded file from its name and content, then parse it."""
    text = raw.decode("utf-8", errors="replace")
    return parse_bytes(raw, sniff_format(filename, text))


def sniff_format(filename: str, text: str) -> str:
    """The FORMATS key for a file: by extension, else (.txt, .gift, unknown) by content."""
    extension = PurePath(filename or "").suffix.lower()
    if extension in _EXTENSIONS:
        return _EXTENSIONS[extension]
    body = strip_bom(text).lstrip()
    if body.startswith("<"):
        return "moodle-xml"
    if extension not in (".txt", ".gift") and _YAML_START.match(_first_content_line(body)):
        return "yaml"
    aiken = len(_AIKEN_ANSWER.findall(body)) if _AIKEN_OPTION.search(body) else 0
    gift = len(_GIFT_BLOCK.findall(body)) + len(_GIFT_MARK.findall(body))
    if aiken and aiken >= gift:
        return "aiken"
    return "gift"


def _first_content_line(text: str) -> str:
    """The first line that is not blank and not a YAML (#) comment."""
    for line in text.splitlines():
        if line.strip() and not line.lstrip().startswith("#"):
            return line
    return ""


def export(fmt: str, module: dict[str, Any]) -> ExportResult:
    """Write a module ({slug, title, description, questions}) as "yaml", "gift" or
    "moodle-xml". ValueError for any other format name (a programming error)."""
    exporter = EXPORTERS.get(fmt)
    if exporter is None:
        raise ValueError(f"cannot export to '{fmt}' (can: {', '.join(EXPORTERS)})")
    return exporter(module)
