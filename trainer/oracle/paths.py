"""The computation graph of a question as the chain rule sees it: which later nodes use each
node where gradient flows (not through detach, step, sign or a comparison), and which nodes lie
on a path from a node to `of`. Read from the forward lines alone: no torch."""

from __future__ import annotations

from dataclasses import dataclass

from trainer.notation import parse
from trainer.notation.derive import carrying_names
from trainer.notation.nodes import Call, Compare, Node, walk
from trainer.oracle.lazy import cached_property
from trainer.questions.model import ForwardLine, Question


@dataclass(frozen=True)
class Paths:
    question: Question

    @cached_property
    def lines(self) -> dict[str, ForwardLine]:
        return {line.name: line for line in self.question.forward}

    @cached_property
    def trees(self) -> dict[str, Node]:
        return {line.name: parse(line.expression).tree for line in self.question.forward}

    @cached_property
    def calls(self) -> frozenset[str]:
        """Every function the forward pass calls."""
        return frozenset(
            node.func
            for tree in self.trees.values()
            for node in walk(tree)
            if isinstance(node, Call)
        )

    @cached_property
    def compares(self) -> bool:
        """Whether the forward pass holds a comparison (a mask written as `u > 0.25`)."""
        return any(isinstance(node, Compare) for tree in self.trees.values() for node in walk(tree))

    @cached_property
    def reassigned(self) -> bool:
        """A name assigned twice: its adjoint would be ambiguous."""
        return len(self.lines) != len(self.question.forward)

    @cached_property
    def uses(self) -> dict[str, frozenset[str]]:
        """Forward name → the earlier names its line uses where gradient flows."""
        return {name: frozenset(carrying_names(tree)) for name, tree in self.trees.items()}

    def users(self, name: str, within: frozenset[str] | None = None) -> tuple[str, ...]:
        """The forward nodes (in line order, optionally only those `within`) that use `name`."""
        key = (name, within)
        if key not in self._users:
            self._users[key] = tuple(
                node
                for node in self.lines
                if name in self.uses[node] and (within is None or node in within)
            )
        return self._users[key]

    @cached_property
    def _users(self) -> dict[tuple[str, frozenset[str] | None], tuple[str, ...]]:
        return {}

    def downstream(self, name: str) -> frozenset[str]:
        """The forward nodes on a path from `name` to `of` (gradient-carrying), not `name`."""
        if name not in self._downstream:
            self._downstream[name] = self._reach(name)
        return self._downstream[name]

    @cached_property
    def _downstream(self) -> dict[str, frozenset[str]]:
        return {}

    def _reach(self, name: str) -> frozenset[str]:
        reached: set[str] = set()
        frontier = {name}
        for node in self.lines:  # line order is a topological order
            if self.uses[node] & frontier:
                reached.add(node)
                frontier.add(node)
        reaching = set(self.question.of)
        for node in reversed(list(self.lines)):
            if node in reaching:
                reaching |= self.uses[node]
        return frozenset(reached & reaching)

    @cached_property
    def on_path(self) -> frozenset[str]:
        """The forward nodes between `wrt` and `of`."""
        return self.downstream(self.question.wrt or "")

    def next_towards(self, node: str, target: str) -> str:
        """The input of `node`'s line that carries its adjoint on towards `target`."""
        inputs = self.uses.get(node, frozenset())
        if target in inputs:
            return target
        between = self.downstream(target)
        for candidate in self.lines:
            if candidate in inputs and candidate in between:
                return candidate
        return target
