"""A cache of the loaded bank, so the app's first screen needs neither YAML nor the notation.

The cache is JSON (never pickle: nothing read from disk may run code), keyed by the trainer's
version and every question file's path, size and modification time; any difference, or any
trouble reading or writing it, simply means loading the files again.
"""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from trainer import __version__
from trainer.catalog import Msg
from trainer.questions.files import bundled_bank_path, question_files
from trainer.questions.model import (
    Assignment,
    Bank,
    Deck,
    DimRange,
    Mistake,
    Problem,
    Question,
    TensorSpec,
)

FORMAT = 1


def load_bank_cached(paths: Sequence[Path | str] | None, cache_file: Path) -> Bank:
    """`load_bank(paths)`, from `cache_file` when the files have not changed since."""
    key = _key(paths)
    try:
        data = json.loads(cache_file.read_text(encoding="utf-8"))
        if data.get("key") == key:
            return _bank(data["bank"])
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        pass
    from trainer.questions.loader import load_bank

    bank = load_bank(paths)
    _write(cache_file, {"key": key, "bank": _encode(bank)})
    return bank


def _key(paths: Sequence[Path | str] | None) -> list:
    files = []
    for path in question_files(paths if paths else [bundled_bank_path()]):
        try:
            stat = path.stat()
            files.append([str(path.resolve()), stat.st_size, stat.st_mtime_ns])
        except OSError:
            files.append([str(path), None, None])
    return [__version__, FORMAT, files]


def _write(cache_file: Path, data: dict) -> None:
    try:
        cache_file.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=cache_file.parent, suffix=".tmp")
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            json.dump(data, out, ensure_ascii=False)
        os.replace(temporary, cache_file)
    except OSError:
        pass  # a cache that cannot be written costs only time


# --- encoding: dataclasses → JSON, and back --------------------------------------------------


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


def _msg(data: Any) -> Any:
    if isinstance(data, dict) and "__msg__" in data:
        return Msg(data["__msg__"], {k: _msg(v) for k, v in data["params"].items()})
    return data


def _question(d: dict) -> Question:
    return Question(
        id=d["id"],
        deck=d["deck"],
        title=d["title"],
        prompt=d["prompt"],
        ask=tuple(d["ask"]),
        given={n: TensorSpec(**{**s, "shape": tuple(s["shape"])}) for n, s in d["given"].items()},
        forward=tuple(Assignment(**a) for a in d["forward"]),
        wrt=d["wrt"],
        of=tuple(d["of"]),
        upstream=d["upstream"],
        backward=d["backward"],
        choices=tuple(d["choices"]),
        answer=d["answer"],
        dims={n: DimRange(**r) for n, r in d["dims"].items()},
        level=d["level"],
        tags=tuple(d["tags"]),
        hint=d["hint"],
        explain=d["explain"],
        mistakes=tuple(Mistake(**m) for m in d["mistakes"]),
        path=Path(d["path"]),
        line=d["line"],
        key_lines=d["key_lines"],
    )


def _bank(data: dict) -> Bank:
    bank = Bank()
    for d in data["decks"]:
        questions = [_question(q) for q in d["questions"]]
        deck = Deck(d["id"], d["title"], d["description"], Path(d["path"]), questions, d["line"])
        bank.decks.append(deck)
        bank.questions.update((q.id, q) for q in questions)
    bank.problems = [
        Problem(Path(p["path"]), p["line"], p["id"], _msg(p["msg"])) for p in data["problems"]
    ]
    return bank
