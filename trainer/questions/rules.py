"""The checks on a whole question once its fields have parsed: `ask` has what it needs, no name
is reserved or used twice, and every dimension is declared and drawable (docs/question-format.md
names each). No torch: these run at load time; the checks that run the question need the
oracle (`trainer.oracle.validate`)."""

from __future__ import annotations

import math
from collections.abc import Iterable

from trainer.errors import NotationError, Problem
from trainer.messages import Msg, msg
from trainer.notation.limits import MAX_ELEMENTS
from trainer.notation.shapes import parse_shape
from trainer.notation.signatures import FUNCTION_NAMES
from trainer.questions.dims import can_draw_distinct, largest_sizes, literal_sizes
from trainer.questions.model import AnswerKind, Question

_RESERVED = {"T": "the transpose", "torch": "the torch prefix"}


def question_rules(q: Question) -> Iterable[Problem]:
    """Every problem of the question as a whole, each at its key's line (else the question's)."""
    for message, line in _found(q):
        yield Problem(q.path, line or q.line, q.id, message)


def _found(q: Question) -> Iterable[tuple[Msg, int]]:
    yield from _ask_rules(q)
    if q.is_choice:
        return
    yield from _name_rules(q)
    yield from _dim_rules(q)
    if q.shape_only:
        yield from _shape_mistake_rules(q)


def choice_number(answer: str, count: int) -> int | None:
    return int(answer) if answer.isdigit() and 1 <= int(answer) <= count else None


def _ask_rules(q: Question) -> Iterable[tuple[Msg, int]]:
    if q.is_choice:
        if not q.choices:
            yield (msg("needs_field", key="choices", ask="choice"), q.line)
            return
        if q.answer is None:
            yield (msg("needs_field", key="answer", ask="choice"), q.line)
        elif choice_number(q.answer, len(q.choices)) is None:
            yield (msg("choice_answer", count=len(q.choices)), q.line_of("answer"))
        for mistake in q.mistakes:
            number = choice_number(mistake.answer, len(q.choices))
            if number is None or mistake.answer == q.answer:
                yield (msg("choice_mistake"), mistake.line)
        return
    for key in ("given", "forward", "wrt"):
        if not getattr(q, key):
            yield (msg("needs_field", key=key, ask="/".join(q.ask)), q.line)
    answered = q.asks(AnswerKind.VALUE) or q.is_differential
    if answered and q.answer is None:
        yield (msg("needs_field", key="answer", ask="/".join(q.ask)), q.line)
    if q.is_differential:
        yield from _differential_rules(q)


def _differential_rules(q: Question) -> Iterable[tuple[Msg, int]]:
    """A differential question asks for df in d<wrt> (its `answer`), not for a gradient: one
    `of`, no upstream or repeated backward, and d<wrt> free for the change of wrt."""
    if q.asks(AnswerKind.VALUE):
        yield (msg("differential_and_value"), q.line_of("ask"))
    if len(q.of) > 1 or q.upstream is not None or q.backward != 1:
        key = "of" if len(q.of) > 1 else "upstream" if q.upstream is not None else "backward"
        yield (msg("differential_of", key=key), q.line_of(key))
    names = {*q.given, *q.dims, *(line.name for line in q.forward)}
    if q.wrt and q.direction in names:
        yield (msg("differential_name", name=q.direction, wrt=q.wrt), q.line_of("wrt"))


def _name_rules(q: Question) -> Iterable[tuple[Msg, int]]:
    lines = {name: spec.line for name, spec in q.given.items()}
    lines.update({name: dim.line for name, dim in q.dims.items()})
    for name in [*q.given, *q.dims]:
        why = _RESERVED.get(name) or (
            "a function of the notation" if name in FUNCTION_NAMES else None
        )
        if why:
            yield (msg("reserved_name", name=name, why=why), lines[name])
    if "x" in q.dims:
        why = "the separator of sizes in m x n"
        yield (msg("reserved_name", name="x", why=why), q.dims["x"].line)
    for name in set(q.given) & set(q.dims):
        why = "both a given and a dimension"
        yield (msg("reserved_name", name=name, why=why), q.dims[name].line)
    if q.wrt and q.wrt not in q.given:
        yield (msg("not_given", key="wrt", name=q.wrt), q.line_of("wrt"))
    if q.upstream and q.upstream not in q.given:
        yield (msg("not_given", key="upstream", name=q.upstream), q.line_of("upstream"))
    for key, asked in (("wrt", q.wrt), ("upstream", q.upstream)):
        if asked is not None and asked in q.given and q.given[asked].classes is not None:
            yield (msg("index_not_float", key=key, name=asked), q.line_of(key))
    assigned = {line.name for line in q.forward}
    for line in q.forward:
        if line.name in q.given:
            yield (msg("assign_given", name=line.name), line.line)
    for name in q.of:
        if name not in assigned:
            yield (msg("not_forward", name=name), q.line_of("of"))
    for name, step in q.steps.items():
        if name not in assigned and name != q.wrt:
            yield (msg("step_not_a_node", name=name), step.line)


def _dim_rules(q: Question) -> Iterable[tuple[Msg, int]]:
    for spec in q.given.values():
        sizes = [*spec.shape, *([spec.classes] if spec.classes is not None else [])]
        for factor in [factor for size in sizes for factor in size.split("*")]:
            if not factor.isdigit() and factor not in q.dims:
                yield (msg("undeclared_dim", name=factor), spec.line)
    for name, spec in q.given.items():
        if all(s.isdigit() or s in q.dims for size in spec.shape for s in size.split("*")):
            largest = math.prod(largest_sizes(spec.shape, q.dims))
            if largest > MAX_ELEMENTS:
                yield (
                    msg("given_too_large", name=name, count=largest, limit=MAX_ELEMENTS),
                    spec.line,
                )
    fixed: dict[int, str] = {}
    for name, dim in q.dims.items():
        if dim.fixed:
            if dim.low in fixed:
                yield (
                    msg("fixed_dims_equal", first=fixed[dim.low], second=name, size=dim.low),
                    dim.line,
                )
            fixed[dim.low] = name
    if not can_draw_distinct(q.dims, literal_sizes(q)):
        yield (msg("dims_not_distinct"), q.line_of("dims"))


def _shape_mistake_rules(q: Question) -> Iterable[tuple[Msg, int]]:
    for mistake in q.mistakes:
        try:
            parse_shape(mistake.answer, q.dim_names)
        except NotationError as error:
            yield (msg("mistake_invalid", answer=mistake.answer, error=error.msg), mistake.line)
