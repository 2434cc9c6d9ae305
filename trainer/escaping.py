"""Text from files and learners, made safe to show: one function per place it is shown, and
JSON that any output can encode.

A title holding `ESC]0;…BEL` or `ESC[2J` would retitle or clear the learner's terminal if printed
as is; here it prints as `\\x1b]0;…\\x07`, the way `--json` shows it. A lone surrogate (JSON
allows `"\\ud800"`) cannot be written as UTF-8, so such an object is written with ASCII escapes.
"""

from __future__ import annotations

import json
import re
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


SHOWN_CHARS = 40  # of a name the user typed, echoed back in a message


def shortened(text: str, limit: int = SHOWN_CHARS) -> str:
    """A prefix of `text` to echo back (a pasted 100 kB name is not repeated whole), ending in
    … where cut; escape it for its destination as any text."""
    return text if len(text) <= limit else text[:limit] + "…"


# Markdown's inline syntax (emphasis, code, links, images, HTML, tables, entities, headings).
_MARKDOWN = frozenset("\\`*_[]<>!|~#&")
# What starts a block at the head of a line: an indented code block, a list item, a setext rule.
_BLOCK_START = re.compile(r"\A( *)([-+=]|[0-9]+[.)])?")
# Lookalikes for PrairieLearn: its converter escapes HTML itself, so entities would show as such.
_HTML_LOOKALIKES = str.maketrans({"<": "\uff1c", ">": "\uff1e"})


def markdown(text: str) -> str:
    """`text` for a Markdown field (Gradescope): shown literally, as one inline run.

    Control characters become escapes first, so a newline cannot start a heading or a block;
    then every syntax character is backslash-escaped, and a list or code-block start defused.
    """
    escaped = "".join("\\" + char if char in _MARKDOWN else char for char in printable(text))
    return _BLOCK_START.sub(_defused, escaped, count=1)


def _defused(start: re.Match[str]) -> str:
    """A line's head that would open a block, as text: spaces as entities, the mark escaped."""
    indent, mark = start[1], start[2] or ""
    return "&#32;" * len(indent) + (mark[:-1] + "\\" + mark[-1] if mark else "")


def html_text(text: str) -> str:
    """`text` for PrairieLearn, which shows messages through an ANSI-to-HTML converter: no
    control character (an OSC 8 sequence would become a live link), no raw `<` or `>`."""
    return printable(text).translate(_HTML_LOOKALIKES)


_FORMULA_START = frozenset("=+-@\t\r")  # a spreadsheet would run such a cell as a formula


def csv_cell(text: str) -> str:
    """`text` for a grade book's cell: no control or bidi character (`cat` would obey them),
    and never a formula."""
    shown = printable(text)
    return "'" + shown if text[:1] in _FORMULA_START or shown[:1] in _FORMULA_START else shown


def json_line(data: Any, *, indent: int | None = None) -> str:
    """JSON text of `data`: readable UTF-8, or ASCII escapes when it holds lone surrogates;
    one line always (unless indented), and no raw control, format (bidi) or line-separator
    character, so `cat` of the file can neither be steered nor split."""
    text = json.dumps(data, ensure_ascii=False, indent=indent)
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return json.dumps(data, ensure_ascii=True, indent=indent)
    for char in set(text):  # JSON escapes C0 itself; DEL, C1, bidi and U+2028 it leaves raw
        if char != "\n" and not char.isprintable() and unicodedata.category(char) != "Zs":
            text = text.replace(char, json.dumps(char)[1:-1])
    return text


# A terminal escape sequence: CSI (ESC [ ... final), OSC (ESC ] ... BEL or ST), or ESC and one
# character; C1's CSI (U+009B) too.
_ESCAPE_SEQUENCE = re.compile(
    r"(\x1b\[|\x9b)[0-?]*[ -/]*[@-~]?|\x1b\][^\x07\x1b]*(\x07|\x1b\\)?|\x1b[ -~]?"
)
_LINE_BREAKS = re.compile(r"\s*[\r\n\v\f\x85\u2028\u2029]+\s*")


def pasted_line(text: str) -> str:
    """A paste for the one-line answer box: escape sequences and every other control, format
    (bidi) or separator character removed, and its lines joined by one space (an answer
    copied across lines reads the same: spaces mean nothing in the notation)."""
    text = _LINE_BREAKS.sub(" ", _ESCAPE_SEQUENCE.sub("", text)).replace("\t", " ")
    kept = (c for c in text if c.isprintable() or unicodedata.category(c) == "Zs")
    return "".join(kept).strip()
