"""The oracle: trials under PyTorch autograd, verdicts and their diagnosis, validity rules."""

from trainer.oracle.checker import Instance, Oracle, Preview
from trainer.oracle.validate import validate, validate_bank
from trainer.oracle.verdicts import CORRECT, INVALID, WRONG_SHAPE, WRONG_VALUE, Verdict

__all__ = [
    "CORRECT",
    "INVALID",
    "WRONG_SHAPE",
    "WRONG_VALUE",
    "Instance",
    "Oracle",
    "Preview",
    "Verdict",
    "validate",
    "validate_bank",
]
