"""YAML through the safe loader, keeping the line of every key and list entry."""

from __future__ import annotations

from typing import Any

import yaml

try:
    _Loader = yaml.CSafeLoader  # libyaml: much faster, same safe constructors
except AttributeError:  # pragma: no cover - PyYAML without libyaml
    _Loader = yaml.SafeLoader

MAX_NODES = 200_000  # aliases can expand a small file enormously ("billion laughs")


class YMap(dict):
    """A mapping that knows its own line, each key's line, and keys given twice."""

    line: int = 0

    def __init__(self) -> None:
        super().__init__()
        self.key_lines: dict[Any, int] = {}
        self.duplicates: list[tuple[Any, int]] = []


class YList(list):
    """A list that knows its own line and each entry's line."""

    line: int = 0

    def __init__(self) -> None:
        super().__init__()
        self.item_lines: list[int] = []


class TooLarge(Exception):
    pass


def load_with_lines(text: str) -> Any:
    """Parse one YAML document into plain data with line numbers (1-based) attached."""
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return None
        budget = [MAX_NODES]
        return _convert(node, loader, budget)
    finally:
        loader.dispose()


def _convert(node: yaml.Node, loader: Any, budget: list[int]) -> Any:
    budget[0] -= 1
    if budget[0] < 0:
        raise TooLarge
    line = node.start_mark.line + 1
    if isinstance(node, yaml.MappingNode):
        result = YMap()
        result.line = line
        for key_node, value_node in node.value:
            key = _convert(key_node, loader, budget)
            if isinstance(key, list | dict):
                key = str(key)
            if key in result:
                result.duplicates.append((key, key_node.start_mark.line + 1))
            result[key] = _convert(value_node, loader, budget)
            result.key_lines[key] = key_node.start_mark.line + 1
        return result
    if isinstance(node, yaml.SequenceNode):
        items = YList()
        items.line = line
        for item in node.value:
            items.append(_convert(item, loader, budget))
            items.item_lines.append(item.start_mark.line + 1)
        return items
    return loader.construct_object(node, deep=True)
