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
from trainer.catalog import TEMPLATES, Msg
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

FORMAT = 2


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
    _write(cache_file, {"key": key, "bank": _encode(bank)})
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


def _str(value: Any) -> str:
    _check(isinstance(value, str))
    return str(value)


def _int(value: Any) -> int:
    _check(isinstance(value, int) and not isinstance(value, bool))
    return int(value)


def _optional(decode: Callable[[Any], Any], value: Any) -> Any:
    return None if value is None else decode(value)


def _text(value: Any) -> dict[str, str]:
    _check(isinstance(value, dict) and "en" in value)
    return {_str(k): _str(v) for k, v in value.items()}


def _strings(value: Any) -> tuple[str, ...]:
    _check(isinstance(value, list))
    return tuple(_str(v) for v in value)


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

    def path(self, value: Any) -> Path:
        _check(_str(value) in self.lines)
        return Path(value)

    def stands_at(self, path: str, line: int, text: str) -> None:
        """The text really is at that line of the file (no question the file lacks)."""
        lines = self.lines[path]
        _check(1 <= line <= len(lines) and text.encode() in lines[line - 1])

    def tensor(self, value: Any) -> TensorSpec:
        init = _str(value["init"])
        _check(init in (*INITS, "literal"))
        literal = _literal(value["value"]) if value["value"] is not None else None
        return TensorSpec(
            _str(value["name"]), _strings(value["shape"]), init, literal, _int(value["line"])
        )

    def line(self, value: Any) -> ForwardLine:
        return ForwardLine(_str(value["name"]), _str(value["expression"]), _int(value["line"]))

    def question(self, d: Any) -> Question:
        path = str(self.path(d["path"]))
        key_lines = {_str(k): _int(v) for k, v in d["key_lines"].items()}
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
            given={_str(n): self.tensor(s) for n, s in d["given"].items()},
            forward=tuple(self.line(a) for a in d["forward"]),
            wrt=_optional(_str, d["wrt"]),
            of=_strings(d["of"]),
            upstream=_optional(_str, d["upstream"]),
            backward=_int(d["backward"]),
            choices=tuple(_text(c) for c in d["choices"]),
            answer=_optional(_str, d["answer"]),
            dims={
                _str(n): DimRange(_int(r["low"]), _int(r["high"]), _int(r["line"]))
                for n, r in d["dims"].items()
            },
            level=level,
            tags=_strings(d["tags"]),
            hint=_optional(_text, d["hint"]),
            explain=_optional(_text, d["explain"]),
            mistakes=tuple(
                Mistake(_str(m["answer"]), _text(m["says"]), _int(m["line"])) for m in d["mistakes"]
            ),
            steps={_str(n): self.line(s) for n, s in d["steps"].items()},
            path=Path(path),
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
