"""The rule of the step not taken: what an answer that stopped at a node on the way still owes.

When an answer is the adjoint of a node between the variable and the output, the learner
skipped the next local rule. Naming that rule (the relu's mask, the sum that undoes a
broadcast, a side of a product) is what tells a teacher which misconception it was, so the
code of such an answer comes from here. The rule is also worked out as an expression, in the
operands' own names and for their kinds (an outer product for two vectors): a step the
notation can write has a message of its code, which names the rule in words and the operand,
never that expression (for a walkthrough step it is the step's answer).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from trainer.errors import NotationError
from trainer.notation import Evaluator, Value
from trainer.notation.derive import CannotDerive, Deriver
from trainer.notation.nodes import Binary, Call, Name, Node, Unary, children, render, walk
from trainer.oracle.verdicts import Diagnosis as D

MASKS = frozenset({"relu"})
IDENTITY = "identity"  # every rule on the way passes g as it is: nothing was skipped there


@dataclass(frozen=True)
class NextStep:
    code: D | str  # a Diagnosis, or IDENTITY
    rule: str | None  # the skipped step applied to the adjoint, `dh * step(z)`; None: no rule
    operand: str  # what the rule is applied to: relu's argument, the product's other side


def adjoint_spelling(node: str, taken: set[str]) -> str:
    """How a step writes the adjoint of `node`: dz, or grad(z) where dz is already a name."""
    return f"d{node}" if f"d{node}" not in taken else f"grad({node})"


def _path(tree: Node, name: str) -> list[tuple[Node, int]] | None:
    """The (node, child index) pairs from the root down to the first use of `name`."""
    if isinstance(tree, Name):
        return [] if tree.id == name else None
    for index, child in enumerate(children(tree)):
        if not any(isinstance(n, Name) and n.id == name for n in walk(child)):
            continue
        rest = _path(child, name)
        if rest is not None:
            return [(tree, index), *rest]
    return None


def _uses(tree: Node, name: str) -> int:
    return sum(isinstance(n, Name) and n.id == name for n in walk(tree))


def next_step(
    tree: Node,
    node: str,
    towards: str,
    names: Mapping[str, Value],
    dims: Mapping[str, int],
) -> NextStep:
    """The rule of `node = tree` that carries the adjoint of `node` back to `towards`."""
    path = _path(tree, towards) or []

    def labels(sub: Node) -> tuple[str, ...] | None:
        try:
            return Evaluator(names, dims, build=False).evaluate(sub).labels
        except NotationError:
            return None

    code: D | str = IDENTITY
    operand = towards
    for at, index in path:
        if isinstance(at, Call) and at.func in MASKS:
            code, operand = D.MASK, render(at.args[0])
            break
        if isinstance(at, Binary) and at.op == "@":
            code, operand = D.MATMUL, render(children(at)[1 - index])
            break
        if isinstance(at, Binary) and at.op in "+-" and labels(at) != labels(children(at)[index]):
            code = D.BATCH_SUM
            break
        if (isinstance(at, Binary) and at.op in "+-") or isinstance(at, Unary):
            continue
        code = D.STOPPED_EARLY  # another rule (a function, a product): no code of its own
        break
    if code == IDENTITY and _uses(tree, towards) > 1:  # h = x + A @ x: one term is not all
        code = D.STOPPED_EARLY
    taken = {*names, *dims}
    spelled = adjoint_spelling(node, taken)
    adjoint: Node = (
        Name(0, spelled) if spelled.startswith("d") else Call(0, "grad", (Name(0, node),))
    )
    env = dict(names)
    own = names.get(node)
    extra: dict[str, Value] = {}
    if own is not None:
        shaped = Value(own.shape, own.labels)
        if spelled.startswith("d"):
            env[spelled] = shaped
        extra[node] = shaped
    try:
        rule: str | None = render(
            Deriver(env, dims, extra).reference(towards, [(tree, node, adjoint)])
        )
    except (CannotDerive, NotationError):
        rule = None
    return NextStep(code, rule, operand)
