"""A tensor's text laid out for a terminal: one matrix row a line, each column right-aligned,
and a matrix too wide for the view split into blocks of columns (as numpy prints one), a
vector wrapped between its entries; so nothing is cut at the right edge and no row wraps
into the next."""

from __future__ import annotations

from collections.abc import Callable


def rows_of(value: str) -> list[str]:
    """A nested list's text split into its top-level rows ("[[1, 2], [3, 4]]" -> "[1, 2]",
    "[3, 4]"), so a matrix is drawn one row per line; a vector or number stays whole."""
    if not value.startswith("[["):
        return [value]
    rows, depth, start = [], 0, 1
    for index, char in enumerate(value):
        if char == "[":
            depth += 1
        elif char == "]":
            depth -= 1
        elif char == "," and depth == 1:
            rows.append(value[start:index].strip())
            start = index + 1
    rows.append(value[start:-1].strip())
    return rows


def entries_of(rows: list[str]) -> list[list[str] | None] | None:
    """The entries of each row of a matrix or of a vector, its only row (None for a row
    elided as "…"); None for a number or a deeper tensor."""
    if not rows[0].startswith("[") or any("[" in row[1:] for row in rows):
        return None
    return [row[1:-1].split(", ") if row.startswith("[") else None for row in rows]


def column_widths(cells: list[list[str] | None]) -> list[int]:
    widths: list[int] = []
    for entries in cells:
        for column, entry in enumerate(entries or ()):
            if column == len(widths):
                widths.append(0)
            widths[column] = max(widths[column], len(entry))
    return widths


def column_blocks(widths: list[int], room: int) -> list[tuple[int, int]]:
    """Ranges [start, end) of columns whose row, "[a, b, …]", fits in `room` cells (at least
    one column a block, however narrow the room)."""
    blocks: list[tuple[int, int]] = []
    start, used = 0, 1
    for column, width in enumerate(widths):
        cost = width + (2 if column > start else 0)
        if column > start and used + cost + 1 > room:
            blocks.append((start, column))
            start, used, cost = column, 1, width
        used += cost
    blocks.append((start, len(widths)))
    return blocks


def _row(entries: list[str], widths: list[int], block: tuple[int, int]) -> str:
    start, end = block
    pairs = zip(entries[start:end], widths[start:end], strict=False)
    shown = ", ".join(entry.rjust(width) for entry, width in pairs)
    opening = "[" if start == 0 else " "
    closing = "]" if end >= len(entries) else ","
    return opening + shown + closing


def tensor_lines(value: str, indent: str, width: int, heading: Callable[[int, int], str]) -> str:
    """A tensor's text under its name, indented, in at most `width` cells a line where it can
    be: a matrix wider than that comes in blocks of columns, each under `heading(first, last)`
    (columns counted from 1)."""
    rows = rows_of(value)
    cells = entries_of(rows)
    if cells is None:
        return "".join(f"{indent}{row}\n" for row in rows)
    widths = column_widths(cells)
    blocks = column_blocks(widths, width - len(indent))
    if len(cells) == 1 and cells[0]:  # a vector: wrapped between entries, under its start
        return "".join(f"{indent}{_row(cells[0], widths, block)}\n" for block in blocks)
    lines: list[str] = []
    for block in blocks:
        if len(blocks) > 1:
            lines.append(indent + heading(block[0] + 1, block[1]))
        lines += [indent + (_row(e, widths, block) if e else "…") for e in cells]
    return "".join(f"{line}\n" for line in lines)
