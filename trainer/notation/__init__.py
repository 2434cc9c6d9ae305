"""The answer notation: one parser and evaluator for forward lines, answers and mistakes."""

from trainer.notation.evaluate import Evaluator, torch_module
from trainer.notation.syntax import Expression, parse
from trainer.notation.values import Value, constant, shape_text

__all__ = ["Evaluator", "Expression", "Value", "constant", "parse", "shape_text", "torch_module"]
