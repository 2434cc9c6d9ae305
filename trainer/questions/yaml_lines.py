"""Untrusted YAML files: read within bounds, through the safe loader, with the line of every
key and list entry kept.

Question files, assignments and submissions all come through `read_yaml`, so one set of bounds
holds for every file a user is handed: its size, valid UTF-8, no NUL bytes, a node budget
against alias bombs ("billion laughs") and a nesting depth that no later step recurses past.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import yaml

from trainer.errors import ProblemError
from trainer.messages import msg

# libyaml's loader is much faster, with the same safe constructors
_Loader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

MAX_FILE_BYTES = 2_000_000
MAX_NODES = 200_000  # aliases can expand a small file enormously
MAX_NESTING = 64  # mappings and lists inside each other


class YMap(dict[Any, Any]):
    """A mapping that knows its own line, each key's line, and keys given twice."""

    line: int = 0

    def __init__(self) -> None:
        super().__init__()
        self.key_lines: dict[Any, int] = {}
        self.duplicates: list[tuple[Any, int]] = []


class YList(list[Any]):
    """A list that knows its own line and each entry's line."""

    line: int = 0

    def __init__(self) -> None:
        super().__init__()
        self.item_lines: list[int] = []


class SourceError(ProblemError):
    """A file that cannot be read as YAML at all; `line` is where, when the parser knows (0 for
    a file that cannot be read, whose problem is the whole file's)."""


def read_text(path: Path) -> str:
    """A file's text: at most MAX_FILE_BYTES, valid UTF-8, no NUL bytes (raises SourceError)."""
    try:
        if not path.is_file():  # a folder, a FIFO (it would wait for a writer) or a device
            raise SourceError(msg("unreadable", reason="not a regular file"))
        with path.open("rb") as handle:  # never more than the limit, whatever stat says
            raw = handle.read(MAX_FILE_BYTES + 1)
    except OSError as error:
        raise SourceError(msg("unreadable", reason=first_line(error))) from None
    return decode(raw)


def decode(raw: bytes) -> str:
    if len(raw) > MAX_FILE_BYTES:
        raise SourceError(msg("unreadable", reason=f"larger than {MAX_FILE_BYTES} bytes"))
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        raise SourceError(msg("unreadable", reason=first_line(error))) from None
    if "\x00" in text:
        raise SourceError(msg("unreadable", reason="it holds NUL bytes (a binary file?)"))
    return text


def read_yaml(path: Path) -> Any:
    """Parse one file's YAML document (None for an empty one); raises SourceError."""
    return load_with_lines(read_text(path))


def load_with_lines(text: str) -> Any:
    """Parse one YAML document into plain data with line numbers (1-based) attached."""
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return None
        converter = _Converter(loader)
        try:
            return converter.convert(node, 0)
        except ValueError as error:  # a scalar Python cannot hold, e.g. a 5,000-digit integer
            if "digits" in str(error):
                why = msg("number_too_long", limit=sys.get_int_max_str_digits())
            else:
                why = msg("yaml", reason=first_line(error))
            raise SourceError(why, converter.line) from None
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None) or getattr(error, "context_mark", None)
        line = mark.line + 1 if mark is not None else 1
        reason = getattr(error, "problem", None) or first_line(error)
        raise SourceError(msg("yaml", reason=reason), line) from None
    except RecursionError:
        raise SourceError(msg("yaml", reason="the document is nested too deep"), 1) from None
    finally:
        loader.dispose()


class _Converter:
    def __init__(self, loader: Any) -> None:
        self.loader = loader
        self.budget = MAX_NODES
        self.line = 1  # of the node being converted

    def convert(self, node: yaml.Node, depth: int) -> Any:
        self.budget -= 1
        line = self.line = node.start_mark.line + 1
        if self.budget < 0:
            raise SourceError(msg("yaml", reason="the document expands too far"), line)
        if depth > MAX_NESTING:
            raise SourceError(msg("nested_too_deep", limit=MAX_NESTING), line)
        if isinstance(node, yaml.MappingNode):
            result = YMap()
            result.line = line
            for key_node, value_node in node.value:
                key = self.convert(key_node, depth + 1)
                if isinstance(key, list | dict):
                    key = str(key)
                if key in result:
                    result.duplicates.append((key, key_node.start_mark.line + 1))
                result[key] = self.convert(value_node, depth + 1)
                result.key_lines[key] = key_node.start_mark.line + 1
            return result
        if isinstance(node, yaml.SequenceNode):
            items = YList()
            items.line = line
            for item in node.value:
                items.append(self.convert(item, depth + 1))
                items.item_lines.append(item.start_mark.line + 1)
            return items
        return self.loader.construct_object(node, deep=True)


def first_line(error: BaseException) -> str:
    text = str(error).strip()
    return text.splitlines()[0] if text else type(error).__name__
