"""The oracle: trials under PyTorch autograd, verdicts and their diagnosis, validity rules,
the backward walkthrough and the computation graph."""

from trainer.oracle.evidence import gradient_label
from trainer.oracle.forward import TrialError
from trainer.oracle.judge import Judge, Refusal, Request
from trainer.oracle.oracle import Instance, Oracle, Preview
from trainer.oracle.validate import validate, validate_bank, validate_question
from trainer.oracle.verdicts import (
    CORRECT,
    INVALID,
    WRONG_SHAPE,
    WRONG_VALUE,
    AnswerKind,
    Diagnosis,
    Verdict,
    VerdictKind,
)
from trainer.oracle.walkthrough import Reference, Step, Walkthrough, no_walkthrough

__all__ = [
    "CORRECT",
    "INVALID",
    "WRONG_SHAPE",
    "WRONG_VALUE",
    "AnswerKind",
    "Diagnosis",
    "Instance",
    "Judge",
    "Oracle",
    "Preview",
    "Reference",
    "Refusal",
    "Request",
    "Step",
    "TrialError",
    "Verdict",
    "VerdictKind",
    "Walkthrough",
    "gradient_label",
    "no_walkthrough",
    "validate",
    "validate_bank",
    "validate_question",
]
