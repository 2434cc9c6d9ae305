"""Reading the text before the parser does: Unicode spellings rewritten (with the column of each
character kept, for the caret), bracket depth bounded, and everything Python's tokenizer would
take but the notation does not list refused; and Python's syntax errors turned into messages
a learner can act on.
"""

from __future__ import annotations

import re
import unicodedata

from trainer.errors import NotationError
from trainer.messages import msg
from trainer.notation.limits import MAX_DEPTH, TooDeep

# Unicode spellings of the notation, rewritten before parsing (column map kept).
_SPELLINGS = {"⊙": "*", "∘": "*", "ᵀ": ".T", "−": "-", "\n": " ", "\t": " ", "\r": " "}
_IMPLICIT_NUMBER = re.compile(r"(?<![\w.])(\d+(?:\.\d*)?)([A-Za-z_]\w*)")
_IDENT = re.compile(r"\w")
# Number spellings Python reads but the notation does not list: 0x1, 0o7, 0b1, 1_000.
_PYTHON_ONLY_NUMBER = re.compile(r"(?<![\w.])(?:0[xXoObB]\w*|\d+(?:_\w+)+)")
_BARS = re.compile("[|‖]")
_SUPERSCRIPTS = {"⁰": "0", "¹": "1", "²": "2", "³": "3", "⁴": "4", "⁵": "5", "⁶": "6", "⁷": "7",
                 "⁸": "8", "⁹": "9", "⁻": "-"}  # fmt: skip


def check_depth(source: str) -> None:
    depth = deepest = 0
    for char in source:
        if char in "([{":
            depth += 1
            deepest = max(deepest, depth)
        elif char in ")]}":
            depth -= 1
    if deepest > MAX_DEPTH:
        raise TooDeep(deepest)


def check_tokens(text: str, columns: list[int]) -> None:
    """Refuse what Python's tokenizer would read but the notation does not list.

    A `#` would silently end the answer as a comment, `0x1` and `1_0` are Python's number
    spellings, `²` is not a power, and Python folds look-alike letters (`ｘ` is `x` to it).
    """
    comment = text.find("#")
    if comment >= 0:
        raise NotationError(msg("comment"), columns[comment])
    bar = _BARS.search(text)
    if bar:  # ||x|| or |x|: the textbook's norm and absolute value
        raise NotationError(msg("bars", char=bar.group()), columns[bar.start()])
    odd = _PYTHON_ONLY_NUMBER.search(text)
    if odd:
        raise NotationError(msg("number_spelling", text=odd.group()), columns[odd.start()])
    if text.isascii():
        return
    for index, char in enumerate(text):
        if char.isascii():
            continue
        if char in _SUPERSCRIPTS:
            raise NotationError(msg("superscript", char=char), columns[index])
        is_letter = ("a" + char).isidentifier()
        if not is_letter or unicodedata.normalize("NFKC", char) != char:
            shown = char if char.isprintable() else f"U+{ord(char):04X}"
            raise NotationError(msg("bad_character", char=shown), columns[index])


_REWRITTEN = re.compile("[" + re.escape("".join(_SPELLINGS)) + "^]")


def rewrite(source: str) -> tuple[str, list[int]]:
    """Rewrite ⊙ ∘ ᵀ ^T ^ into Python spellings; map each output char to its input column."""
    if not _REWRITTEN.search(source):  # most answers: nothing to rewrite, columns as typed
        return source, list(range(1, len(source) + 2))
    out: list[str] = []
    columns: list[int] = []
    i = 0
    while i < len(source):
        char = source[i]
        replacement, width = _SPELLINGS.get(char), 1
        if char == "^":
            follows_t = source[i + 1 : i + 2] == "T"
            if follows_t and not _IDENT.match(source[i + 2 : i + 3] or " "):
                replacement, width = ".T", 2
            else:
                replacement = "**"
        text = replacement if replacement is not None else char
        if text == ".T" and _IDENT.match(source[i + width : i + width + 1] or " "):
            text = ".T "  # Wᵀx: keep x a name of its own, so the error can say what to write
        out.append(text)
        columns.extend([i + 1] * len(text))
        i += width
    columns.append(len(source) + 1)
    return "".join(out), columns


def syntax_error(error: SyntaxError, text: str, columns: list[int]) -> NotationError:
    for match in _IMPLICIT_NUMBER.finditer(text):
        number, name = match.groups()
        if re.fullmatch(r"[eE]\d*|j", name):
            continue
        column = columns[match.start()]
        return NotationError(
            msg("implicit_number", number=number, name=name, text=match.group()), column
        )
    offset = (error.offset or 1) - 1
    char_index = len(text.encode()[:offset].decode(errors="ignore"))
    column = columns[min(char_index, len(columns) - 1)]
    reason = error.msg or ""
    if "never closed" in reason:
        return NotationError(msg("unclosed"), column)
    stripped = text.rstrip()
    if stripped and stripped[-1] in "+-*/@,(=<>[":
        return NotationError(msg("incomplete", op=stripped[-1]), columns[len(stripped) - 1])
    if "unmatched" in reason or "does not match" in reason:
        return NotationError(msg("unmatched"), column)
    if here_is_assignment(text, char_index):
        return NotationError(msg("assignment"), column)
    before = text[:char_index].rstrip()
    here = text[char_index : char_index + 1]
    side_by_side = before[-1:].isalnum() or before[-1:] in (")", "]", "_")
    if "forgot a comma" in reason or (side_by_side and (here.isalnum() or here in "([_")):
        return NotationError(msg("missing_operator"), column)
    if "character" in reason and char_index < len(text):
        char = text[char_index]
        shown = char if char.isprintable() else f"U+{ord(char):04X}"
        return NotationError(msg("bad_character", char=shown), column)
    return NotationError(msg("syntax", column=column), column)


def here_is_assignment(text: str, index: int) -> bool:
    """A lone = (not ==, <=, >=) at the error: the learner typed `x = ...`."""
    spot = text.find("=", index)
    return (
        spot != -1
        and text[spot + 1 : spot + 2] != "="
        and text[spot - 1 : spot] not in ("<", ">", "=", "!")
        and text[index:spot].strip() == ""
    )
