"""A cache of the loaded bank, so the app's first screen needs neither YAML nor the notation.

The cache is JSON (never pickle: nothing read from disk may run code), keyed by the trainer's
version and the SHA-256 of every question file, so an edit that keeps a file's size and time is
still seen. What it holds is untrusted like any file: every field is checked for its type and
bounds, every message key must be in the catalog, and every question must stand in its file at
its line; on any doubt, or any trouble reading or writing it, the files are simply read again.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Callable, Sequence
from dataclasses import fields, is_dataclass
from pathlib import Path
from types import UnionType
from typing import Any, TypeVar, Union, get_args, get_origin, get_type_hints

from trainer import __version__
from trainer.messages import TEMPLATES, Msg
from trainer.questions.bounds import (
    LITERAL,
    MAX_BACKWARD,
    MAX_LEVEL,
    MAX_LITERAL_DEPTH,
    MAX_SIZE,
    MIN_LEVEL,
)
from trainer.questions.kept import bank_files, write_json
from trainer.questions.model import INITS, Bank, Deck, DimRange, Problem, Question, TensorSpec

FORMAT = 4  # 3: the questions only inside their decks; 4: index tensors (TensorSpec.classes)
T = TypeVar("T")


class _Doubt(Exception):
    """The cache does not hold what a bank of these files would."""


def load_bank_cached(paths: Sequence[Path | str] | None, cache_file: Path) -> Bank:
    """`load_bank(paths)`, from `cache_file` when the files have not changed since."""
    files = bank_files(paths)
    contents = files.contents
    key = [__version__, FORMAT, files.digests]
    try:
        data = json.loads(cache_file.read_text(encoding="utf-8"))
        if isinstance(data, dict) and data.get("key") == key:
            return _Decoder(contents).bank(data["bank"])
    except (OSError, ValueError, KeyError, TypeError, AttributeError, RecursionError, _Doubt):
        pass
    from trainer.questions.loader import load_bank

    bank = load_bank(paths)
    write_json(cache_file, {"key": key, "bank": _encode_bank(bank)})
    return bank


# --- encoding: dataclasses → JSON ------------------------------------------------------------


def _encode_bank(bank: Bank) -> dict[str, Any]:
    """The decks (with their questions) and the problems: `bank.questions` is rebuilt from the
    decks, so writing it too would double what every start reads."""
    return {"decks": _encode(bank.decks), "problems": _encode(bank.problems)}


def _encode(value: Any) -> Any:
    if isinstance(value, Msg):
        return {"__msg__": value.key, "params": _encode(dict(value.params))}
    if isinstance(value, Path):
        return str(value)
    if hasattr(value, "__dataclass_fields__"):
        return {name: _encode(getattr(value, name)) for name in value.__dataclass_fields__}
    if isinstance(value, dict):
        return {str(k): _encode(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_encode(v) for v in value]
    return value


# --- decoding: JSON → dataclasses, trusting nothing ------------------------------------------
#
# The decoder is derived from the model: each dataclass is rebuilt field by field, each field
# read by its type annotation, then held to the bounds its kind has in a question file
# (`bounds.py`, checked by the `_BOUNDED` methods of `_Decoder`). A field of a type no decoder
# knows is an error at once (a TypeError, in the cache tests), never a value trusted unchecked.
#
# JSON gives a fresh object for every value and only strings as keys, so checking a value's
# type is all there is to check; the checks are exact (`type(...) is`) because they run for
# every field of every question on every start.

Decode = Callable[[Any], Any]
_NONE = type(None)


def _check(ok: bool) -> None:
    if not ok:
        raise _Doubt


def _str(value: Any) -> str:
    if type(value) is not str:
        raise _Doubt
    return value


def _int(value: Any) -> int:
    if type(value) is not int:
        raise _Doubt
    return value


def _list(value: Any) -> list[Any]:
    if type(value) is not list:
        raise _Doubt
    return value


def _dict(value: Any) -> dict[str, Any]:
    if type(value) is not dict:
        raise _Doubt
    return value


def _text(value: Any) -> dict[str, str]:
    """A `Text` (the model's only `dict[str, str]`): language → text, with an en entry."""
    if type(value) is not dict or "en" not in value:
        raise _Doubt
    for text in value.values():
        if type(text) is not str:
            raise _Doubt
    return value


def _strings(value: Any) -> tuple[str, ...]:
    for text in _list(value):
        if type(text) is not str:
            raise _Doubt
    return tuple(value)


def _ints(value: Any) -> dict[str, int]:
    for number in _dict(value).values():
        if type(number) is not int:
            raise _Doubt
    return value


def _msg(value: Any, depth: int = 0) -> Msg:
    _check(isinstance(value, dict) and value.get("__msg__") in TEMPLATES and depth < 4)
    params = value["params"]
    _check(isinstance(params, dict))
    return Msg(value["__msg__"], {_str(k): _param(v, depth) for k, v in params.items()})


def _param(value: Any, depth: int) -> object:
    if isinstance(value, dict) and "__msg__" in value:
        return _msg(value, depth + 1)
    if isinstance(value, dict):
        return _text(value)
    _check(isinstance(value, str | int | float) or value is None)
    return value


def _literal(value: Any, depth: int = 0) -> Any:
    """A given's literal value (`TensorSpec.value`, typed `object`): nested numbers, no deeper
    than a literal may be written."""
    if value is None and depth == 0:
        return None
    _check(depth <= MAX_LITERAL_DEPTH)
    if isinstance(value, list):
        return [_literal(v, depth + 1) for v in value]
    _check(isinstance(value, int | float) and not isinstance(value, bool))
    return value


def _hints(cls: type) -> tuple[tuple[str, Any], ...]:
    """A dataclass's fields in constructor order, each with its resolved type."""
    resolved = get_type_hints(cls)
    return tuple((f.name, resolved[f.name]) for f in fields(cls))


_SCALARS: dict[Any, Decode] = {
    str: _str,
    int: _int,
    object: _literal,
    Msg: _msg,
    dict[str, str]: _text,
    dict[str, int]: _ints,
    tuple[str, ...]: _strings,
}


Read = Callable[[Any, "_Decoder"], Any]


class _Builders:
    """One reading function per dataclass of the model, composed from its fields' types.

    Each field's reader is built once a process from the type hints (closures over the decoders
    above), so reading a cache walks no type hints: only the model's own field names and types
    decide what is read, never anything in the cache. `of(X)(data, ctx)` reads one X from
    `data`, with the paths and the checks of the files at hand in `ctx` (a `_Decoder`), and holds
    it to its bounds when `_BOUNDED` has them.
    """

    def __init__(self) -> None:
        self.built: dict[type, Read] = {}

    def of(self, cls: type[T]) -> Callable[[Any, _Decoder], T]:
        if cls not in self.built:
            built = self.built
            built[cls] = lambda data, ctx: built[cls](data, ctx)  # a field of its own type
            fields_read = [(name, self.reader(hint)) for name, hint in _hints(cls)]
            valid = _BOUNDED.get(cls)

            def build(data: Any, ctx: _Decoder) -> Any:
                if type(data) is not dict:
                    raise _Doubt
                result = cls(*[read(data[name], ctx) for name, read in fields_read])
                if valid is not None and not valid(ctx, result):
                    raise _Doubt
                return result

            built[cls] = build
        reader: Callable[[Any, _Decoder], T] = self.built[cls]
        return reader

    def reader(self, hint: Any) -> Read:
        """The function that reads a value of type `hint`."""
        if hint in _SCALARS:
            decode = _SCALARS[hint]
            return lambda value, ctx: decode(value)
        if hint is Path:
            return lambda value, ctx: ctx.path(value)
        origin, args = get_origin(hint), get_args(hint)
        if origin in (Union, UnionType) and len(args) == 2 and _NONE in args:
            inner = self.reader(args[0] if args[1] is _NONE else args[1])
            return lambda value, ctx: None if value is None else inner(value, ctx)
        if origin is tuple and len(args) == 2 and args[1] is Ellipsis:
            item = self.reader(args[0])
            return lambda value, ctx: tuple([item(v, ctx) for v in _list(value)])
        if origin is list and len(args) == 1:
            item = self.reader(args[0])
            return lambda value, ctx: [item(v, ctx) for v in _list(value)]
        if origin is dict and args[0] is str:
            item = self.reader(args[1])
            return lambda value, ctx: {k: item(v, ctx) for k, v in _dict(value).items()}
        if isinstance(hint, type) and is_dataclass(hint):
            self.of(hint)
            built = self.built
            return lambda value, ctx: built[hint](value, ctx)
        raise TypeError(f"the bank cache cannot read a field of type {hint!r}")


@functools.cache
def _builders() -> _Builders:
    return _Builders()


class _Decoder:
    def __init__(self, contents: dict[Path, bytes | None]) -> None:
        read = {path: data for path, data in contents.items() if data is not None}
        self.paths = {str(path): path for path in read}
        self.lines = {path: data.splitlines() for path, data in read.items()}
        self.inits = frozenset((*INITS, LITERAL))

    def read(self, cls: type[T], data: Any) -> T:
        return _builders().of(cls)(data, self)

    # --- what the types do not say -------------------------------------------------------------

    def path(self, value: Any) -> Path:
        """One of the files read (one `Path` object for all its questions)."""
        found = self.paths.get(_str(value))
        if found is None:
            raise _Doubt
        return found

    def stands_at(self, path: Path, line: int, text: str) -> bool:
        """The text really is at that line of the file (no question the file lacks)."""
        lines = self.lines.get(path, [])
        return 1 <= line <= len(lines) and text.encode() in lines[line - 1]

    # The bounds of the fields whose kind bounds them in a question file (`_BOUNDED`).

    def dims_valid(self, d: DimRange) -> bool:
        return 1 <= d.low <= d.high <= MAX_SIZE

    def tensor_valid(self, t: TensorSpec) -> bool:
        return t.init in self.inits

    def question_valid(self, q: Question) -> bool:
        return (
            MIN_LEVEL <= q.level <= MAX_LEVEL
            and 1 <= q.backward <= MAX_BACKWARD
            and self.stands_at(q.path, q.key_lines.get("id", q.line), q.id)
        )

    def bank(self, data: Any) -> Bank:
        bank = Bank()
        for deck in [self.read(Deck, d) for d in _list(data["decks"])]:
            _check(self.stands_at(deck.path, deck.line, deck.id))
            _check(all(q.deck == deck.id and q.path == deck.path for q in deck.questions))
            bank.decks.append(deck)
            for question in deck.questions:
                _check(question.id not in bank.questions)
                bank.questions[question.id] = question
        _check(len({deck.id for deck in bank.decks}) == len(bank.decks))
        bank.problems = [self.read(Problem, p) for p in _list(data["problems"])]
        return bank


_BOUNDED: dict[type, Callable[[_Decoder, Any], bool]] = {
    DimRange: _Decoder.dims_valid,
    TensorSpec: _Decoder.tensor_valid,
    Question: _Decoder.question_valid,
}
