"""The local rules a walkthrough step's hint shows, in the question's own names.

A hint names the operations between a node and the adjoints it starts from, and gives each
operation's vector-Jacobian rule instantiated on that operation's operands (`W2 @ h → h:
W2.T @ g`), by the same rule table and for the same operand kinds the derivation uses, so the
rule shown for a dot product of two vectors is the vector rule, not the matrix one. `g` stands
for the adjoint of the operation's result, never for an adjoint the step may use: the hint
shows how, the learner still writes what. Rules come one at a time; a second hint gives the next.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass

from trainer.errors import NotationError
from trainer.notation import Evaluator, Value
from trainer.notation.derive import CannotDerive, Deriver, rule_of
from trainer.notation.nodes import Name, Node, children, render, walk
from trainer.notation.tidy import TooLargeToTidy, tidy

_G_SPELLINGS = ("g", "g_out", "g_result")  # the first not already a name of the question


@dataclass(frozen=True)
class LocalRule:
    """One operation's rule: `form` the operation and the operand it sends the adjoint to,
    `rule` that operand's adjoint with `g` (spelled `g_name`) for the result's."""

    form: str
    rule: Node
    g_name: str
    g_value: Value  # the shape `g` has: the operation's result's

    @property
    def passes_on(self) -> bool:
        """The rule is `g` itself: the operation (a sum's term, a unary +) passes it on."""
        return isinstance(self.rule, Name) and self.rule.id == self.g_name

    @property
    def text(self) -> str:
        return f"{self.form}: {render(self.rule)}"


def g_spelling(taken: set[str]) -> str:
    return next(name for name in _G_SPELLINGS if name not in taken)


def local_rules(
    tree: Node,
    root: str,
    name: str,
    names: Mapping[str, Value],
    dims: Mapping[str, int],
) -> list[LocalRule]:
    """The rules met from the root of `root = tree` down to each use of `name`, root first."""
    g_name = g_spelling({*names, *dims})
    found: list[LocalRule] = []
    for node, index in _operations(tree, name):
        try:
            result = Evaluator(names, dims, build=False).evaluate(node)
            g_value = Value(result.shape, result.labels)
            env = {**names, g_name: g_value}
            deriver = Deriver(env, dims)
            rule = rule_of(node, index, deriver.labels)
            if rule is None:
                continue
            child = children(node)[index]
            instantiated = deriver.instantiate(rule, node, Name(0, g_name), tree, root)
            shaped = tidy(deriver.unbroadcast(instantiated, child), deriver.labels)
        except (CannotDerive, NotationError, TooLargeToTidy):
            continue
        form = f"{render(node)} → {render(child)}"
        found.append(LocalRule(form, shaped, g_name, g_value))
    return found


def _operations(tree: Node, name: str) -> Iterator[tuple[Node, int]]:
    """(operation, operand index) for every operand on the way from the root to `name`."""
    for node in walk(tree):
        for index, child in enumerate(children(node)):
            if any(isinstance(n, Name) and n.id == name for n in walk(child)):
                yield node, index
