"""Question files: the model, the loader (the checks that need no torch) and the schema.

Names are loaded on first use (PEP 562), so `from trainer.questions import Question` costs
only the model: the app draws its first screen without importing YAML or the notation.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING

_WHERE = {
    "ForwardLine": "model",
    "Bank": "model",
    "Deck": "model",
    "DimRange": "model",
    "Mistake": "model",
    "Problem": "model",
    "Question": "model",
    "TensorSpec": "model",
    "Text": "model",
    "bundled_bank_path": "files",
    "question_files": "files",
    "json_schema": "fields",
    "load_bank": "loader",
    "load_file": "loader",
    "load_bank_cached": "cache",
}

__all__ = [
    "Bank",
    "Deck",
    "DimRange",
    "ForwardLine",
    "Mistake",
    "Problem",
    "Question",
    "TensorSpec",
    "Text",
    "bundled_bank_path",
    "json_schema",
    "load_bank",
    "load_bank_cached",
    "load_file",
    "question_files",
]


def __getattr__(name: str) -> object:
    if name not in _WHERE:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(import_module(f"trainer.questions.{_WHERE[name]}"), name)
    globals()[name] = value
    return value


if TYPE_CHECKING:
    from trainer.questions.cache import load_bank_cached
    from trainer.questions.fields import json_schema
    from trainer.questions.files import bundled_bank_path, question_files
    from trainer.questions.loader import load_bank, load_file
    from trainer.questions.model import (
        Bank,
        Deck,
        DimRange,
        ForwardLine,
        Mistake,
        Problem,
        Question,
        TensorSpec,
        Text,
    )
