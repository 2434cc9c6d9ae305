"""What the parser needs to know of the notation's functions: names, arities and keywords.

The function table (`functions.py`) holds the shape rules, torch operations and derivative
rules; this module holds only what reading an answer needs, so the parser never imports the
evaluator's machinery.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Signature:
    min_args: int
    max_args: int
    dim: bool = False  # the last argument is a dimension, also written dim=
    keepdim: bool = False  # keepdim=True keeps the reduced dimension (with a dimension given)
    last: bool = False  # without a dimension it works along the last one (else over all entries)
    correction: bool = False  # correction=0 or 1: var and std divide by (entries - correction)

    @property
    def arity(self) -> str:
        if self.min_args == self.max_args:
            return str(self.min_args)
        return f"{self.min_args}-{self.max_args}"


_ONE = Signature(1, 1)

SIGNATURES: dict[str, Signature] = {
    "sum": Signature(1, 2, dim=True, keepdim=True),
    "mean": Signature(1, 2, dim=True, keepdim=True),
    "ones": Signature(1, 8),
    "zeros": Signature(1, 8),
    "eye": Signature(1, 2),
    "outer": Signature(2, 2),
    "dot": Signature(2, 2),
    "diag": _ONE,
    "trace": _ONE,
    "inv": _ONE,
    "det": _ONE,
    "norm": _ONE,
    "relu": _ONE,
    "step": _ONE,
    "sigmoid": _ONE,
    "tanh": _ONE,
    "exp": _ONE,
    "log": _ONE,
    "sqrt": _ONE,
    "abs": _ONE,
    "sign": _ONE,
    "sin": _ONE,
    "cos": _ONE,
    "softmax": Signature(1, 2, dim=True, last=True),
    "log_softmax": Signature(1, 2, dim=True, last=True),
    "logsumexp": Signature(1, 2, dim=True, keepdim=True, last=True),
    "detach": _ONE,
    # format v1.2
    "max": Signature(2, 2, dim=True, keepdim=True),
    "min": Signature(2, 2, dim=True, keepdim=True),
    "var": Signature(2, 2, dim=True, keepdim=True, correction=True),
    "std": Signature(2, 2, dim=True, keepdim=True, correction=True),
    "one_hot": Signature(2, 2),
    "solve": Signature(2, 2),
    "kron": Signature(2, 2),
    "vec": _ONE,
    "tril": _ONE,
    "triu": _ONE,
    "grad": _ONE,  # grad(name): the adjoint of a node, in a walkthrough step only
}

# x.sum() and friends: method name → function name ("t" is the transpose).
METHODS: dict[str, str] = {
    "sum": "sum",
    "mean": "mean",
    "t": "t",
    "detach": "detach",
    "softmax": "softmax",
    "log_softmax": "log_softmax",
    "logsumexp": "logsumexp",
}

FUNCTION_NAMES = frozenset(SIGNATURES)
# Which functions take a dimension (and keepdim=, and default to the last one), read from the
# signatures above so that the parser, the derivative rules and the messages agree.
DIM_FUNCTIONS = tuple(name for name, s in SIGNATURES.items() if s.dim)
KEEPDIM_FUNCTIONS = tuple(name for name, s in SIGNATURES.items() if s.keepdim)
ALONG_LAST = frozenset(name for name, s in SIGNATURES.items() if s.last)
CORRECTION_FUNCTIONS = tuple(name for name, s in SIGNATURES.items() if s.correction)
CORRECTIONS = (0, 1)  # the values correction= takes; 1 (Bessel's) is the default
