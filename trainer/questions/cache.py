"""A cache of the loaded bank, so the app's first screen needs neither YAML nor the notation.

The cache is JSON (never pickle: nothing read from disk may run code), keyed by the trainer's
version and the SHA-256 of every question file, so an edit that keeps a file's size and time is
still seen. What it holds is untrusted like any file: every field is checked for its type and
bounds, every message key must be in the catalog, and every question must stand in its file at
its line; on any doubt, or any trouble reading or writing it, the files are simply read again.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from trainer import __version__
from trainer.messages import TEMPLATES, Msg
from trainer.questions.files import bundled_bank_path, question_files
from trainer.questions.model import (
    INITS,
    Bank,
    Deck,
    DimRange,
    ForwardLine,
    Mistake,
    Problem,
    Question,
    TensorSpec,
)

FORMAT = 3  # 3: the questions only inside their decks


class _Doubt(Exception):
    """The cache does not hold what a bank of these files would."""


def load_bank_cached(paths: Sequence[Path | str] | None, cache_file: Path) -> Bank:
    """`load_bank(paths)`, from `cache_file` when the files have not changed since."""
    files = question_files(paths if paths else [bundled_bank_path()])
    contents = _contents(files)
    key = [__version__, FORMAT, [[str(path), _digest(data)] for path, data in contents.items()]]
    try:
        data = json.loads(cache_file.read_text(encoding="utf-8"))
        if isinstance(data, dict) and data.get("key") == key:
            return _Decoder(contents).bank(data["bank"])
    except (OSError, ValueError, KeyError, TypeError, AttributeError, RecursionError, _Doubt):
        pass
    from trainer.questions.loader import load_bank

    bank = load_bank(paths)
    _write(cache_file, {"key": key, "bank": _encode_bank(bank)})
    return bank


def _contents(files: list[Path]) -> dict[Path, bytes | None]:
    found: dict[Path, bytes | None] = {}
    for path in files:
        try:
            found[path] = path.read_bytes()
        except OSError:
            found[path] = None
    return found


def _digest(data: bytes | None) -> str | None:
    return hashlib.sha256(data).hexdigest() if data is not None else None


def _write(cache_file: Path, data: dict[str, Any]) -> None:
    try:
        cache_file.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=cache_file.parent, suffix=".tmp")  # mode 0600
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            json.dump(data, out, ensure_ascii=False)
        os.replace(temporary, cache_file)
    except (OSError, ValueError, TypeError):
        pass  # a cache that cannot be written costs only time


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


def _check(ok: bool) -> None:
    if not ok:
        raise _Doubt


# JSON gives a fresh object for every value and only strings as keys, so checking a value's
# type is all there is to check; the checks are exact (`type(...) is`) because they run for
# every field of every question on every start.


def _str(value: Any) -> str:
    if type(value) is not str:
        raise _Doubt
    return value


def _int(value: Any) -> int:
    if type(value) is not int:
        raise _Doubt
    return value


def _optional(decode: Callable[[Any], Any], value: Any) -> Any:
    return None if value is None else decode(value)


def _text(value: Any) -> dict[str, str]:
    if type(value) is not dict or "en" not in value:
        raise _Doubt
    for text in value.values():
        if type(text) is not str:
            raise _Doubt
    return value


def _strings(value: Any) -> tuple[str, ...]:
    if type(value) is not list:
        raise _Doubt
    for text in value:
        if type(text) is not str:
            raise _Doubt
    return tuple(value)


def _ints(value: Any) -> dict[str, int]:
    if type(value) is not dict:
        raise _Doubt
    for number in value.values():
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
    _check(depth <= 8)
    if isinstance(value, list):
        return [_literal(v, depth + 1) for v in value]
    _check(isinstance(value, int | float) and not isinstance(value, bool))
    return value


class _Decoder:
    def __init__(self, contents: dict[Path, bytes | None]) -> None:
        self.lines: dict[str, list[bytes]] = {
            str(path): data.splitlines() for path, data in contents.items() if data is not None
        }
        self.paths = {name: Path(name) for name in self.lines}
        self.inits = frozenset((*INITS, "literal"))

    def path(self, value: Any) -> Path:
        """One of the files read (one `Path` object for all its questions)."""
        found = self.paths.get(_str(value))
        if found is None:
            raise _Doubt
        return found

    def stands_at(self, path: str, line: int, text: str) -> None:
        """The text really is at that line of the file (no question the file lacks)."""
        lines = self.lines[path]
        _check(1 <= line <= len(lines) and text.encode() in lines[line - 1])

    def tensor(self, value: Any) -> TensorSpec:
        init = _str(value["init"])
        _check(init in self.inits)
        literal = _literal(value["value"]) if value["value"] is not None else None
        return TensorSpec(
            _str(value["name"]), _strings(value["shape"]), init, literal, _int(value["line"])
        )

    def line(self, value: Any) -> ForwardLine:
        return ForwardLine(_str(value["name"]), _str(value["expression"]), _int(value["line"]))

    def question(self, d: Any) -> Question:
        file = self.path(d["path"])
        path = str(d["path"])
        key_lines = _ints(d["key_lines"])
        qid = _str(d["id"])
        self.stands_at(path, key_lines.get("id", _int(d["line"])), qid)
        level = _int(d["level"])
        _check(1 <= level <= 5)
        return Question(
            id=qid,
            deck=_str(d["deck"]),
            title=_text(d["title"]),
            prompt=_text(d["prompt"]),
            ask=_strings(d["ask"]),
            given={n: self.tensor(s) for n, s in d["given"].items()},
            forward=tuple(self.line(a) for a in d["forward"]),
            wrt=_optional(_str, d["wrt"]),
            of=_strings(d["of"]),
            upstream=_optional(_str, d["upstream"]),
            backward=_int(d["backward"]),
            choices=tuple(_text(c) for c in d["choices"]),
            answer=_optional(_str, d["answer"]),
            dims={
                n: DimRange(_int(r["low"]), _int(r["high"]), _int(r["line"]))
                for n, r in d["dims"].items()
            },
            level=level,
            tags=_strings(d["tags"]),
            hint=_optional(_text, d["hint"]),
            explain=_optional(_text, d["explain"]),
            mistakes=tuple(
                Mistake(_str(m["answer"]), _text(m["says"]), _int(m["line"])) for m in d["mistakes"]
            ),
            steps={n: self.line(s) for n, s in d["steps"].items()},
            path=file,
            line=_int(d["line"]),
            key_lines=key_lines,
        )

    def bank(self, data: Any) -> Bank:
        bank = Bank()
        for d in data["decks"]:
            questions = [self.question(q) for q in d["questions"]]
            path = self.path(d["path"])
            deck_id = _str(d["id"])
            self.stands_at(str(path), _int(d["line"]), deck_id)
            _check(all(q.deck == deck_id and q.path == path for q in questions))
            description = _optional(_text, d["description"])
            deck = Deck(deck_id, _text(d["title"]), description, path, questions, _int(d["line"]))
            bank.decks.append(deck)
            for question in questions:
                _check(question.id not in bank.questions)
                bank.questions[question.id] = question
        _check(len({deck.id for deck in bank.decks}) == len(bank.decks))
        bank.problems = [
            Problem(self.path(p["path"]), _int(p["line"]), _str(p["id"]), _msg(p["msg"]))
            for p in data["problems"]
        ]
        return bank
