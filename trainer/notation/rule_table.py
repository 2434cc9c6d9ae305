"""The local backward rules as a reader scans them: one row per operator and function.

Generated from the rule table itself (`OPERATOR_VJPS` next to the operators, `Function.vjp`
next to each function), so the help's table and the derivation cannot disagree; the macros
read in PyTorch's words, as a hint shows them.
"""

from __future__ import annotations

from collections.abc import Sequence

from trainer.notation.derive import shown_rule
from trainer.notation.evaluate import OPERATOR_VJPS
from trainer.notation.functions import FUNCTIONS
from trainer.notation.signatures import SIGNATURES

_OPERATOR_FORMS = {
    "+": "a + b",
    "-": "a - b",
    "*": "a * b",
    "/": "a / b",
    "**": "a ** b",
    "neg": "-a",
    "T": "a.T",
}
_ARGUMENTS = ("a", "b")


def _rules(rules: Sequence[str | None]) -> str:
    """`a: g * b; b: g * a`: what each argument that carries gradient gets."""
    return "; ".join(
        f"{_ARGUMENTS[index]}: {shown_rule(rule)}"
        for index, rule in enumerate(rules)
        if rule is not None
    )


def _function_form(name: str, arity: int) -> str:
    if SIGNATURES[name].dim:
        return f"{name}(a, d)"
    return f"{name}({', '.join(_ARGUMENTS[:arity])})"


def backward_rule_rows() -> list[tuple[str, str]]:
    """(operation, what its arguments get) for every rule of the table that carries gradient;
    `g` is the adjoint of the result and `out` the result."""
    rows = []
    for op, rules in OPERATOR_VJPS.items():
        if op.startswith("@ "):
            left, right = op[2:].split("-")
            form = f"a @ b ({left} @ {right})"
        else:
            form = _OPERATOR_FORMS[op]
        rows.append((form, _rules(rules)))
    for name, function in FUNCTIONS.items():
        if any(rule is not None for rule in function.vjp):
            rows.append((_function_form(name, len(function.vjp)), _rules(function.vjp)))
    return rows
