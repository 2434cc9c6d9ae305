"""Question files: the model, the loader (rules 1-3 of the format) and the schema."""

from trainer.questions.fields import json_schema
from trainer.questions.loader import bundled_bank_path, load_bank, load_file, question_files
from trainer.questions.model import (
    Assignment,
    Bank,
    Deck,
    DimRange,
    Mistake,
    Problem,
    Question,
    TensorSpec,
    Text,
)

__all__ = [
    "Assignment",
    "Bank",
    "Deck",
    "DimRange",
    "Mistake",
    "Problem",
    "Question",
    "TensorSpec",
    "Text",
    "bundled_bank_path",
    "json_schema",
    "load_bank",
    "load_file",
    "question_files",
]
