"""The backward walkthrough: reverse accumulation of a question, one node at a time.

The steps are the forward nodes on a gradient-carrying path from `wrt` to `of`, in the order
backward visits them (reverse line order is a reverse topological order), then `wrt` itself;
the adjoint of `of` is the seed, shown and not asked. A step answer may name the adjoint of any
node already stepped (`dz`, or `grad(z)`, bound to the true adjoints of the question's own
trials) and is judged like a value answer, with that node's adjoint as the truth.

Each step has a reference: the question's `steps` entry (authored), else one derived from the
notation's derivative rules and shown only once autograd has judged it correct in every trial,
else none (the reveal then shows the adjoint's values instead).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from trainer.messages import LANGUAGES, SHOWN_NAMES, Msg, elided, listed, msg
from trainer.notation import Value, shape_text
from trainer.notation.derive import (
    CannotDerive,
    Deriver,
)
from trainer.notation.limits import MAX_LENGTH
from trainer.notation.nodes import Call, Name, Node, Num, render
from trainer.notation.tidy import TooLargeToTidy
from trainer.oracle.forward import Deadline
from trainer.oracle.lazy import cached_property
from trainer.oracle.oracle import Instance, Names, Oracle, Preview
from trainer.oracle.paths import Paths
from trainer.oracle.step_hints import LocalRule, local_rules
from trainer.oracle.verdicts import Verdict
from trainer.questions.bounds import MAX_STEPS
from trainer.questions.model import Question

AUTHORED, DERIVED, NONE = "authored", "derived", "none"


@dataclass(frozen=True)
class Step:
    node: str
    line: str | None  # its forward line, `z = W1 @ x + b1`; None for wrt, a given
    labels: tuple[str, ...]  # the adjoint's shape: the node's own
    users: tuple[str, ...]  # the later nodes that use it
    uses: tuple[str, ...]  # the adjoint names this step may use
    name: str  # how later steps write its adjoint: dz, or grad(z) where dz is taken
    starts: tuple[str, ...] = ()  # the adjoint names of its users: where its adjoint starts

    @property
    def shape(self) -> str:
        return shape_text(self.labels)

    @property
    def shown_users(self) -> dict[str, str]:
        """The users as a step shows them, in every language: a few, then how many more."""
        return listed(self.users, SHOWN_NAMES)

    @property
    def some_uses(self) -> tuple[str, ...]:
        """The adjoint names a step shows of those it may use (a long chain would list every
        earlier step at every step): a few, in order, its own users' among them first."""
        if len(self.uses) <= SHOWN_NAMES:
            return self.uses
        chosen = [name for name in self.uses if name in self.starts][:SHOWN_NAMES]
        chosen += [name for name in self.uses if name not in chosen][: SHOWN_NAMES - len(chosen)]
        return tuple(name for name in self.uses if name in chosen)

    @property
    def shown_uses(self) -> dict[str, str]:
        """`some_uses` in every language, then how many more it may use."""
        return elided(self.some_uses, len(self.uses) - len(self.some_uses))


@dataclass(frozen=True)
class Reference:
    text: str | None
    source: str  # authored, derived or none
    reason: Msg | None = None  # why none: a bound it could not be written out within


REVEAL_TIME_SHARE = 0.25  # of the question's time limit, for deriving one step's reference


def no_walkthrough(question: Question) -> Msg | None:
    """Why a question has no walkthrough, or None when it has one."""
    if question.is_choice:
        return msg("no_walkthrough_choice")
    if question.is_differential:  # forward accumulation: the walkthrough goes backward
        return msg("no_walkthrough_differential", wrt=question.wrt, of=question.of[0])
    if len(question.of) > 1 or question.backward > 1:
        return msg("no_walkthrough_accumulation")
    paths = Paths(question)
    if paths.reassigned:
        return msg("no_walkthrough_reassigned")
    count = len(paths.on_path - set(question.of)) + 1
    if count > MAX_STEPS:
        return msg("no_walkthrough_too_long", count=count, limit=MAX_STEPS)
    return None


class Walkthrough:
    """The steps of one question on its oracle's trials (the same trials it is judged on)."""

    def __init__(self, oracle: Oracle) -> None:
        self.oracle = oracle
        self.question = oracle.question
        self.paths = oracle.paths

    # --- the steps -----------------------------------------------------------------------------

    @property
    def of(self) -> str:
        return self.question.of[0]

    @property
    def seed(self) -> str:
        """The shown adjoint of `of`: 1 for a scalar, else the upstream's name."""
        return self.question.upstream or "1"

    def adjoint_name(self, node: str) -> str:
        q = self.question
        taken = {*q.given, *(line.name for line in q.forward), *q.dims}
        return f"d{node}" if f"d{node}" not in taken else f"grad({node})"

    @cached_property
    def steps(self) -> tuple[Step, ...]:
        q = self.question
        on_path = self.paths.on_path - set(q.of)
        nodes = [name for name in reversed(list(self.paths.lines)) if name in on_path]
        nodes.append(q.wrt or "")
        within = self.paths.on_path
        done = [self.adjoint_name(self.of)]
        steps = []
        for node in nodes:
            line = self.paths.lines.get(node) if node != q.wrt else None
            users = self.paths.users(node, within)
            steps.append(
                Step(
                    node=node,
                    line=f"{node} = {line.expression}" if line else None,
                    labels=self.oracle.shape_of(node).labels,
                    users=users,
                    uses=tuple(done),
                    name=self.adjoint_name(node),
                    starts=tuple(self.adjoint_name(user) for user in users),
                )
            )
            done.append(self.adjoint_name(node))
        return tuple(steps)

    def step(self, node: str) -> Step:
        """The step of `node`; KeyError when `node` is not one."""
        for step in self.steps:
            if step.node == node:
                return step
        raise KeyError(node)

    def _before(self, node: str) -> list[str]:
        """The nodes whose adjoints a step of `node` may use: the seed and earlier steps."""
        names = [self.of]
        for step in self.steps:
            if step.node == node:
                return names
            names.append(step.node)
        raise KeyError(node)

    # --- judging -------------------------------------------------------------------------------

    def bindings(self, node: str) -> tuple[list[Names], list[Names]]:
        """Per trial: the `d` names and the `grad(...)` adjoints a step of `node` may use."""
        before = self._before(node)
        bound: list[Names] = []
        adjoints: list[Names] = []
        for trial in self.oracle.trials:
            values = {
                name: Value(
                    tuple(trial.adjoints[name].shape), self._labels(name), trial.adjoints[name]
                )
                for name in before
            }
            adjoints.append(values)
            bound.append(
                {
                    f"d{name}": value
                    for name, value in values.items()
                    if self.adjoint_name(name).startswith("d")
                }
            )
        return bound, adjoints

    def _labels(self, node: str) -> tuple[str, ...]:
        return self.oracle.shape_names[node].labels

    def judge(self, node: str, answer: str) -> Verdict:
        self.step(node)
        bound, adjoints = self.bindings(node)
        authored = self.question.steps.get(node)
        mistakes = authored.mistakes if authored is not None else ()
        return self.oracle.judge_value(
            answer, node=node, bound=bound, adjoints=adjoints, mistakes=mistakes
        )

    def shape_bindings(self, node: str) -> dict[str, Value]:
        """The adjoint names of a step, by shape only (for the live preview)."""
        found: dict[str, Value] = {}
        for name in self._before(node):
            value = self.oracle.shape_names[name]
            found[name] = Value(value.shape, value.labels)
            if self.adjoint_name(name).startswith("d"):
                found[f"d{name}"] = Value(value.shape, value.labels)
        return found

    def preview(self, node: str, answer: str) -> Preview:
        return self.oracle.preview(answer, "value", bound=self.shape_bindings(node))

    def instance(self, node: str) -> Instance:
        return self.oracle.instance(node=node)

    # --- references ----------------------------------------------------------------------------

    def reference(self, node: str) -> Reference:
        if node not in self._references:
            self._references[node] = self._reference(node)
        return self._references[node]

    @cached_property
    def _references(self) -> dict[str, Reference]:
        return {}

    def _reference(self, node: str) -> Reference:
        authored = self.question.steps.get(node)
        if authored is not None and authored.expression is not None:
            return Reference(authored.expression, AUTHORED)
        deadline = Deadline(self.oracle.time_limit * REVEAL_TIME_SHARE)
        try:
            text = self.derive(node)
        except TooLargeToTidy:
            return Reference(None, NONE, msg("reference_too_large"))
        if deadline.passed:
            return Reference(None, NONE, msg("reference_too_slow", seconds=deadline.seconds))
        if text is not None and len(text) > MAX_LENGTH:  # longer than anyone may type
            return Reference(None, NONE, msg("reference_too_large"))
        if text is not None and self.judge(node, text).correct:
            return Reference(text, DERIVED)
        return Reference(None, NONE)

    def derive(self, node: str) -> str | None:
        """The reference composed from the rules of the notation, not yet checked; None when
        no rule writes it, TooLargeToTidy when it is too large to write out."""
        step = self.step(node)
        shapes = self.oracle.shape_names
        names = dict(shapes)
        adjoint_shapes = {}
        for name in self._before(node):
            adjoint_shapes[name] = Value(shapes[name].shape, shapes[name].labels)
            if self.adjoint_name(name).startswith("d"):
                names[f"d{name}"] = adjoint_shapes[name]
        deriver = Deriver(names, self.oracle.preview_dims, adjoint_shapes)
        uses = [(self.paths.trees[user], user, self._adjoint_tree(user)) for user in step.users]
        try:
            return render(deriver.reference(node, uses))
        except CannotDerive:
            return None
        except RecursionError:  # the tidying bounds keep it off Python's stack: never a trace
            raise TooLargeToTidy from None

    def _adjoint_tree(self, node: str) -> Node:
        if node == self.of:
            if self.question.upstream:
                return Name(0, self.question.upstream)
            return Num(0, 1.0, "1")
        name = self.adjoint_name(node)
        return Name(0, name) if name.startswith("d") else Call(0, "grad", (Name(0, node),))

    # --- hints ---------------------------------------------------------------------------------

    def hint_rules(self, node: str) -> list[LocalRule]:
        """The local rules from a step's users down to it, in the question's names, each
        operation once; those that pass the adjoint on as it is (a sum's) only when they are
        all there is."""
        shapes, dims = self.oracle.shape_names, self.oracle.preview_dims
        rules = {
            rule.text: rule
            for user in self.step(node).users
            for rule in local_rules(self.paths.trees[user], user, node, shapes, dims)
        }
        telling = [rule for rule in rules.values() if not rule.passes_on]
        return telling or list(rules.values())

    def hint(self, node: str, level: int = 0) -> Msg:
        """Which later adjoints to start from and the first `level + 1` local rules to use (a
        second hint gives the next), never the result."""
        step = self.step(node)
        rules = self.hint_rules(node)
        shown = [rule.text for rule in rules[: level + 1]]
        users = [
            self.paths.lines[user].name + " = " + self.paths.lines[user].expression
            for user in step.users
        ]
        key = "step_hint_fanout" if len(step.users) > 1 else "step_hint"
        return msg(
            key,
            node=node,
            users=_clauses(lambda lang: users),
            starts=listed(self.adjoint_name(user) for user in step.users),
            rules=_clauses(lambda lang: shown),
            g=rules[0].g_name if rules else "g",
            more=msg("step_hint_more") if len(rules) > len(shown) else "",
        )


def _clauses(items: Callable[[str], list[str]]) -> dict[str, str]:
    """Items one after another in every language, separated as it separates clauses ("a; b";
    "a；b")."""
    spoken = {}
    for lang in LANGUAGES:
        *before, text = items(lang) or [""]
        for item in reversed(before):
            text = msg("differences", first=item, rest=text).text(lang)
        spoken[lang] = text
    return spoken
