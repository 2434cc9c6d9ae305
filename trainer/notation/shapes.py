"""Shape answers: `(m, n)`, `[m, n]`, `m x n`, `m×n`, `m, n`, `(n,)`, `n`, `()`, `scalar`; a
size may be a product of dimensions, `(m*n,)` (format v1.2)."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

from trainer.errors import NotationError
from trainer.messages import listed, msg
from trainer.notation.limits import MAX_LENGTH, TooLong
from trainer.notation.values import shape_text, sizes_of

_FACTOR = r"(?:[A-Za-z_]\w*|\d+)"
_COMPONENT = re.compile(rf"{_FACTOR}(?:\s*\*\s*{_FACTOR})*")  # m, 3, or a product m*n
# `x` separates sizes when spaced, or between digits (3x4); `×` needs no spaces.
_X_SEPARATOR = re.compile(r"\s+x\s+|(?<=\d)x(?=\d)|×")


@dataclass(frozen=True)
class ShapeAnswer:
    components: tuple[str, ...]  # dimension names or digits

    @property
    def text(self) -> str:
        return shape_text(self.components)

    def sizes(self, dims: Mapping[str, int]) -> tuple[int, ...]:
        return sizes_of(self.components, dims)


def _column_of(part: str, text: str) -> int | None:
    """The 1-based column of a bad component in the text as typed (its end, if it is empty)."""
    if not part:
        doubled = text.find(",,")
        return doubled + 2 if doubled >= 0 else None
    index = text.find(part)
    return index + 1 if index >= 0 else None


def parse_shape(text: str, dim_names: set[str] | frozenset[str]) -> ShapeAnswer:
    """Read a shape answer; any name that is not a dimension of the question is invalid."""
    source = text.strip()
    if not source:
        raise NotationError(msg("empty"))
    if len(source) > MAX_LENGTH:
        raise TooLong(len(source))
    inner = source
    if len(inner) >= 2 and (inner[0], inner[-1]) in (("(", ")"), ("[", "]")):
        inner = inner[1:-1].strip()
    elif inner[0] in "([":
        closer = source.find(")" if inner[0] == "(" else "]")
        if closer != -1:  # closed, then more: "(n,)abc"
            raise NotationError(msg("after_shape"), _column_of(source[closer + 1 :].strip(), text))
        raise NotationError(msg("unclosed"), text.find(inner[0]) + 1)
    elif inner[-1] in ")]":
        raise NotationError(msg("unmatched"), text.rfind(inner[-1]) + 1)
    if inner == "" or source.lower() == "scalar":
        return ShapeAnswer(())
    parts = _X_SEPARATOR.split(inner) if _X_SEPARATOR.search(inner) else inner.split(",")
    parts = [part.strip() for part in parts]
    if len(parts) > 1 and parts[-1] == "" and "," in inner:
        parts = parts[:-1]  # the trailing comma of (n,)
    for part in parts:
        if not _COMPONENT.fullmatch(part):
            raise NotationError(msg("shape_syntax"), _column_of(part, text))
    known = listed(sorted(dim_names)) if dim_names else "none"
    components = []
    for part in parts:
        factors = [factor.strip() for factor in part.split("*")]
        for factor in factors:
            if not factor.isdigit() and factor not in dim_names:
                unknown = msg("shape_unknown", name=factor, known=known)
                raise NotationError(unknown, _column_of(factor, text))
        components.append("*".join(str(int(f)) if f.isdigit() else f for f in factors))
    return ShapeAnswer(tuple(components))
