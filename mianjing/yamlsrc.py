"""YAML with line numbers: load a document and remember where each key and item stands."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from .errors import ContentError, Problem

Path_ = tuple  # a path into the document, e.g. ("errata", 0, "source")
_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml when PyYAML has it: 10x faster


def _walk(node: yaml.Node, path: Path_, lines: dict[Path_, int], offset: int) -> None:
    lines.setdefault(path, node.start_mark.line + 1 + offset)
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            sub = path + (key.value,)
            lines[sub] = key.start_mark.line + 1 + offset
            _walk(value, sub, lines, offset)
    elif isinstance(node, yaml.SequenceNode):
        for i, item in enumerate(node.value):
            _walk(item, path + (i,), lines, offset)


def load(text: str, file: str, offset: int = 0) -> tuple[Any, dict[Path_, int]]:
    """Parse YAML; return (data, {path: line}). offset shifts line numbers (front matter)."""
    try:
        node = yaml.compose(text, Loader=_Loader)
        data = yaml.load(text, Loader=_Loader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 + offset if mark else offset + 1
        problem = getattr(exc, "problem", None) or str(exc)
        raise ContentError([Problem(file, line, "YAML", f"not valid YAML: {problem}")]) from None
    lines: dict[Path_, int] = {}
    if node is not None:
        _walk(node, (), lines, offset)
    return data, lines


def load_file(path: Path, root: Path) -> tuple[Any, dict[Path_, int]]:
    return load(path.read_text(encoding="utf-8"), str(path.relative_to(root)))


def split_front_matter(text: str) -> tuple[str | None, str, int]:
    """Return (front matter YAML or None, body, line number where the body starts)."""
    if not text.startswith("---\n"):
        return None, text, 1
    end = text.find("\n---\n", 3)
    if end == -1:
        if text.rstrip().endswith("\n---"):
            end = text.rstrip().rfind("\n---")
        else:
            return "", text, 1  # opened, never closed: the schema reports it
    fm = text[4 : end + 1]
    body_start = fm.count("\n") + 3
    return fm, text[end + 5 :], body_start


def describe(path: Path_) -> str:
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out or "front matter"
