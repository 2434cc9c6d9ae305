"""Differentials (forward mode, format v1.2): df, the change of `of` for a change d<wrt> of wrt.

A differential question's trials (`forward_mode.py`) draw, besides the given tensors, a random
direction d<wrt> of wrt's shape (a fresh one per trial); the truth is the Jacobian-vector
product PyTorch computes. An answer is an expression in d<wrt> and the question's names,
judged like a gradient: the same tolerance, the ladder's shape rungs, listed mistakes (written
in d<wrt> too), then "values differ". `of` may be any tensor; the shape step asks for its
shape. The judge (`judge.py`) sends differential answers here.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from trainer.errors import NotationError
from trainer.messages import msg
from trainer.notation import Value, shape_text
from trainer.oracle.compare import flat, same_shapes, tolerances, within
from trainer.oracle.evidence import Evidence, Target
from trainer.oracle.forward_mode import trial_directions
from trainer.oracle.ladder import (
    Rung,
    diagnose,
    factor,
    not_finite,
    other_shape,
    sign,
    transposed,
    transposed_shape,
    values_differ,
    wrong_shape,
)
from trainer.oracle.oracle import Oracle
from trainer.oracle.verdicts import (
    CORRECT,
    WRONG_SHAPE,
    WRONG_VALUE,
    AnswerKind,
    Diagnosis,
    Verdict,
)
from trainer.questions.model import Mistake

Names = Mapping[str, Value]

# The rungs that speak of a differential: its shape (transposed, reshaped), a sign or a factor;
# the others name a gradient's misconceptions (a missing sum, a mask, the upstream).
DIFFERENTIAL_LADDER: tuple[Rung, ...] = (
    Rung(Diagnosis.TRANSPOSED, transposed),
    Rung(Diagnosis.OTHER_SHAPE, other_shape),
    Rung(Diagnosis.VALUES_DIFFER, not_finite),
    Rung(Diagnosis.SIGN, sign),
    Rung(Diagnosis.FACTOR, factor),
    Rung(Diagnosis.TRANSPOSED, transposed_shape),
    Rung(Diagnosis.WRONG_SHAPE, wrong_shape),
    Rung(Diagnosis.VALUES_DIFFER, values_differ),
)


def directions(oracle: Oracle) -> Sequence[Names]:
    return trial_directions(oracle.question, oracle.trials)


def target(oracle: Oracle) -> Target:
    of = oracle.question.of[0]
    return Target(of, oracle.shape_of(of).labels, differential=True)


def judge_differential(oracle: Oracle, answer: str) -> Verdict:
    """A differential answer against the JVP in every trial."""
    q, aim = oracle.question, target(oracle)
    kind = AnswerKind.DIFFERENTIAL
    base: dict[str, Any] = {"id": q.id, "kind": kind, "answer": answer}
    base["expected_shape"] = aim.expected
    bound = directions(oracle)
    try:
        values = oracle.evaluate(answer, bound)
    except NotationError as error:
        return Verdict.invalid(
            q.id, kind, answer, error.msg, column=error.column, expected_shape=aim.expected
        )
    tensors = [v.tensor for v in values]
    base["answer_shape"] = shape_text(values[0].labels)
    truths = oracle.truths
    if same_shapes(tensors, truths) and within(flat(tensors), flat(truths), tolerances(truths)):
        return Verdict(**base, verdict=CORRECT, message=msg("correct"), diagnosis=Diagnosis.CORRECT)
    mistakes = mistake_values(oracle, q.mistakes, bound)
    evidence = Evidence(q, oracle.paths, aim, oracle.trials, tensors, values[0].labels, mistakes)
    finding = diagnose(evidence, DIFFERENTIAL_LADDER)
    return Verdict(
        **base,
        verdict=WRONG_VALUE if evidence.same_shape else WRONG_SHAPE,
        message=finding.message,
        diagnosis=finding.code,
        listed=finding.listed,
    )


def mistake_values(
    oracle: Oracle, mistakes: Sequence[Mistake], bound: Sequence[Names] | None = None
) -> list[tuple[Mistake, list[Any]]]:
    """The listed mistakes that evaluate (in d<wrt>), with their tensors in every trial."""
    bound = bound if bound is not None else directions(oracle)
    found = []
    for mistake in mistakes:
        try:
            found.append((mistake, [v.tensor for v in oracle.evaluate(mistake.answer, bound)]))
        except NotationError:
            continue
    return found
