"""Files kept beside a bank (its cache, the home screen's summary): keyed by the bank's files,
written at once, read within a bound.

A bank is identified by each file's path and the SHA-256 of its bytes, so an edit that keeps a
file's size and time is still seen. What such a file holds is untrusted like any file: the
reader gives up (None) on anything unreadable, too big or not JSON, and the caller rebuilds.
Kept apart from the cache so the summary checks its file without importing the question model.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from trainer.questions.files import bundled_bank_path, question_files


@dataclass(frozen=True)
class BankFiles:
    contents: dict[Path, bytes | None]  # None: a file that could not be read
    digests: list[list[str | None]]  # [path, SHA-256 or None] in path order, as JSON keeps it


def bank_files(paths: Sequence[Path | str] | None) -> BankFiles:
    """The files of the bank at `paths` (the bundled bank when none), each read once."""
    files = question_files(paths if paths else [bundled_bank_path()])
    contents: dict[Path, bytes | None] = {}
    for path in files:
        try:
            contents[path] = path.read_bytes()
        except OSError:
            contents[path] = None
    digests = [[str(path), _digest(data)] for path, data in contents.items()]
    return BankFiles(contents, digests)


def _digest(data: bytes | None) -> str | None:
    return hashlib.sha256(data).hexdigest() if data is not None else None


def read_json(path: Path, limit: int) -> Any:
    """The JSON value in `path`, or None when it is missing, longer than `limit` bytes,
    not UTF-8, not JSON, or nested too deep to read."""
    try:
        with path.open("rb") as handle:
            data = handle.read(limit + 1)
        if len(data) > limit:
            return None
        return json.loads(data.decode("utf-8"))
    except (OSError, ValueError, RecursionError):
        return None


def write_json(path: Path, data: dict[str, Any]) -> None:
    """Replace `path` with `data` at once (never half written), readable by its owner only;
    a file that cannot be written costs only time."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=path.parent, suffix=".tmp")  # mode 0600
        try:
            with os.fdopen(handle, "w", encoding="utf-8") as out:
                json.dump(data, out, ensure_ascii=False)
            os.replace(temporary, path)
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(temporary)  # no half-written file left beside it
            raise
    except (OSError, ValueError, TypeError):
        pass
