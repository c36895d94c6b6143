"""The app's own YAML: a module file as in questions/README.md, or a bare list of questions."""

from __future__ import annotations

from typing import Any

import yaml

from .canonical import canonical_question
from .model import ExportResult, ParseResult
from .textutil import strip_bom

MODULE_KEYS = ("slug", "title", "description", "article")


def parse_yaml(text: str) -> ParseResult:
    result = ParseResult("yaml")
    loaded = _load(strip_bom(text), result)
    if loaded is None:
        return result
    node, data = loaded
    if isinstance(data, dict):
        result.module = {k: v for k, v in data.items() if k != "questions"}
        items_node = next((v for k, v in node.value if k.value == "questions"), None)
        if items_node is None:
            result.error(node.start_mark.line + 1, "the module has no 'questions' list")
            return result
        node, data = items_node, data["questions"]
    if not isinstance(data, list):
        result.error(
            node.start_mark.line + 1,
            "expected a module (a mapping with 'questions') or a list of questions",
        )
        return result
    for number, (item_node, item) in enumerate(zip(node.value, data, strict=True), start=1):
        line = item_node.start_mark.line + 1
        if not isinstance(item, dict):
            result.error(line, f"question {number} is not a mapping of keys to values")
            continue
        question = canonical_question(item)
        if question.get("category"):
            result.add_category(question["category"])
        result.add(line, question)
    return result


def _load(text: str, result: ParseResult) -> tuple[yaml.Node, Any] | None:
    """The document's node tree (for line numbers) and its data, built from the same parse."""
    loader = None
    try:
        loader = yaml.SafeLoader(text)  # its reader already refuses control characters
        node = loader.get_single_node()
        if node is None:
            result.error(1, "the file is empty")
            return None
        return node, loader.construct_document(node)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        message = f"YAML syntax error: {exc.problem}"
        if exc.context and exc.context_mark:
            message += f" ({exc.context} started on line {exc.context_mark.line + 1})"
        result.error(mark.line + 1 if mark else None, message)
    except yaml.YAMLError as exc:
        result.error(None, f"YAML error: {exc}")
    finally:
        if loader is not None:
            loader.dispose()
    return None


class _Dumper(yaml.SafeDumper):
    """Multi-line texts as `|` blocks, which teachers can read and edit."""


def _represent_str(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _represent_str)


def export_yaml(module: dict[str, Any]) -> ExportResult:
    out = {k: module[k] for k in MODULE_KEYS if k in module}
    out |= {k: v for k, v in module.items() if k not in MODULE_KEYS and k != "questions"}
    out["questions"] = [canonical_question(q) for q in module.get("questions") or []]
    text = yaml.dump(out, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=100)
    return ExportResult(text, [])
