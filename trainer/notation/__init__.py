"""The answer notation: one parser and evaluator for forward lines, answers and mistakes."""

from trainer.notation.builder import torch_module
from trainer.notation.evaluate import Evaluator
from trainer.notation.syntax import Expression, parse
from trainer.notation.values import Value, constant, shape_text, sizes_of

__all__ = [
    "Evaluator",
    "Expression",
    "Value",
    "constant",
    "parse",
    "shape_text",
    "sizes_of",
    "torch_module",
]
