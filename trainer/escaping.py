"""Text from files and learners, made safe to show: control characters escaped, JSON that any
output can encode.

A title holding `ESC]0;…BEL` or `ESC[2J` would retitle or clear the learner's terminal if printed
as is; here it prints as `\\x1b]0;…\\x07`, the way `--json` shows it. A lone surrogate (JSON
allows `"\\ud800"`) cannot be written as UTF-8, so such an object is written with ASCII escapes.
"""

from __future__ import annotations

import json
import unicodedata
from typing import Any

_KEEP = frozenset("\n\t")


def printable(text: str, *, keep_newlines: bool = False) -> str:
    """`text` with every control, format and surrogate character written as an escape."""
    if text.isprintable() and "\n" not in text:
        return text
    out = []
    for char in text:
        shown = char.isprintable() or unicodedata.category(char) == "Zs"  # 　 in Chinese text
        if shown or (keep_newlines and char in _KEEP):
            out.append(char)
        else:
            out.append(char.encode("unicode_escape", "backslashreplace").decode("ascii"))
    return "".join(out)


# Raw in a JSON string, yet a line break to `str.splitlines` and to many JSON-lines readers.
_LINE_BREAKS = {"\x85": "\\u0085", "\u2028": "\\u2028", "\u2029": "\\u2029"}


def json_line(data: Any, *, indent: int | None = None) -> str:
    """JSON text of `data`: readable UTF-8, or ASCII escapes when it holds lone surrogates;
    one line always (unless indented), whatever line separators its strings hold."""
    text = json.dumps(data, ensure_ascii=False, indent=indent)
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return json.dumps(data, ensure_ascii=True, indent=indent)
    for char, escape in _LINE_BREAKS.items():
        text = text.replace(char, escape)
    return text
