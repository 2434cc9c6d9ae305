"""Why an answer is wrong: the diagnosis ladder as one ordered table of rungs.

Each rung is a function of the `Evidence` that returns a message or nothing, and its name is the
diagnosis code course grading reports. A listed mistake supplies its own text, but the code is
still worked out by the automatic rungs, so that a class can be counted by misconception
whatever the authors wrote. Most specific first (the order docs/authoring.md explains):
stopped early and a path missed right after listed mistakes, then transposed, another shape, a
missing sum, a detach, a sign or factor, a mask, the upstream, and last the shape or the values.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from itertools import combinations
from typing import Any

from trainer.messages import SHOWN_NAMES, Msg, listed, msg
from trainer.oracle.compare import (
    all_finite,
    all_same,
    constant_factor,
    flat,
    format_factor,
    same,
)
from trainer.oracle.counterfactual import (
    DETACH,
    MASK,
    SOFTMAX_SUM,
    UPSTREAM,
    along_some_paths,
    alternates,
)
from trainer.oracle.evidence import Evidence, gradient_label
from trainer.oracle.next_step import IDENTITY, next_step
from trainer.oracle.size_factors import size_factors
from trainer.oracle.value_diff import values_differ as show_values_differ
from trainer.oracle.verdicts import Diagnosis as D

MAX_PATH_SUBSETS = 30  # runs a fan-out may cost one diagnosis (within half its Allowance)


@dataclass(frozen=True)
class Finding:
    message: Msg
    code: D
    listed: bool = False


@dataclass(frozen=True)
class Rung:
    """A rung finds a message (its code is the rung's), or a `Finding` naming its own code."""

    code: D
    find: Callable[[Evidence], Msg | Finding | None]


def listed_mistake(e: Evidence) -> Msg | None:
    for mistake, values in e.mistakes:
        if all_same(list(e.answers), values):
            return msg("mistake", says=mistake.says)
    return None


def stopped_early(e: Evidence) -> Msg | Finding | None:
    """The answer is the adjoint of a node between the target and `of`: named by the rule of
    the step not taken (a mask, a broadcast's sum, a product's side) where it has a code. A
    node whose way on to the target is the identity is a path missed, not a step skipped."""
    q, target = e.question, e.target.name
    downstream = e.paths.downstream(target)
    if q.upstream is None:  # "that is ∂loss/∂loss" would tell nobody anything
        downstream = downstream - set(q.of)
    for node in [name for name in e.paths.lines if name in downstream]:
        adjoints = e.adjoints(node)
        if adjoints is None or not all_same(list(e.answers), adjoints):
            continue
        next_node = e.paths.next_towards(node, target)
        trial = e.trials[0]
        skipped = next_step(e.paths.trees[node], node, next_node, trial.values, trial.dims)
        if skipped.code == IDENTITY:
            continue
        line = f"{node} = {e.paths.lines[node].expression}"
        label = gradient_label(q, node)
        if skipped.code in STOPPED_MESSAGES and skipped.rule is not None:
            onward = "" if next_node == target else msg("stopped_onward", target=target)
            message = msg(
                STOPPED_MESSAGES[skipped.code],
                gradient=label,
                line=line,
                next=next_node,
                operand=skipped.operand,
                onward=onward,
            )
            return Finding(message, D(skipped.code))
        if next_node == target:
            return msg("stopped_early", gradient=label, line=line, target=target)
        return msg("stopped_early_on", gradient=label, line=line, next=next_node, target=target)
    return None


STOPPED_MESSAGES: dict[D | str, str] = {
    D.MASK: "stopped_mask",
    D.BATCH_SUM: "stopped_sum",
    D.MATMUL: "stopped_matmul",
}


def path_missed(e: Evidence) -> Msg | None:
    """The answer follows only some of the paths of a node used by several later nodes."""
    q, target = e.question, e.target.name
    between = e.paths.downstream(target)
    tried = 0
    for node in (target, *(name for name in e.paths.lines if name in between)):
        users = e.paths.users(node, between)
        for size in range(1, len(users)):
            for kept in combinations(users, size):
                tried += 1
                if tried > MAX_PATH_SUBSETS:
                    return None
                found = along_some_paths(q, e.paths, e.trials, node, kept, target, e.allowance)
                if found is None or not all_same(list(e.answers), found):
                    continue
                missed = [user for user in users if user not in kept]
                return msg(
                    "path_missed",
                    kept=listed(kept, SHOWN_NAMES),
                    node=node,
                    of=" / ".join(q.of),
                    missed=listed(missed, SHOWN_NAMES),
                )
    return None


def transposed(e: Evidence) -> Msg | None:
    answers = list(e.answers)
    if all(a.ndim >= 2 for a in answers) and all_same(
        [a.transpose(-1, -2) for a in answers], e.truths
    ):
        # a square answer has the gradient's shape: "(n, n), not (n, n)" would contradict itself
        return _shape_message(
            "transposed_square" if e.shape == e.target.expected else "transposed", e
        )
    return None


def other_shape(e: Evidence) -> Msg | None:
    """The right values in another shape: (1, n) for (n,)."""
    if all(
        tuple(a.shape) != tuple(t.shape) and a.numel() == t.numel() and same(a.reshape(t.shape), t)
        for a, t in zip(e.answers, e.truths, strict=True)
    ):
        return msg("reshaped", shape=e.shape, expected=e.target.expected)
    return None


def batch_sum(e: Evidence) -> Msg | None:
    """Summed over one dimension (kept or not), the answer is the truth."""
    ndim = e.answers[0].ndim
    shape, truth = tuple(e.answers[0].shape), tuple(e.truths[0].shape)
    for dim in range(ndim):
        for keepdim in (False, True):
            summed = shape[:dim] + (1,) * keepdim + shape[dim + 1 :]
            if summed != truth:  # the shapes alone say no: nothing to add up
                continue
            if all(
                a.ndim == ndim
                and tuple(a.sum(dim, keepdim=keepdim).shape) == tuple(t.shape)
                and same(a.sum(dim, keepdim=keepdim), t)
                for a, t in zip(e.answers, e.truths, strict=True)
            ):
                return _shape_message("missing_sum", e, dim=dim, size=e.labels[dim])
    return None


def not_finite(e: Evidence) -> Msg | None:
    return msg("not_finite") if e.same_shape and not all_finite(e.flat_answers) else None


def _counterfactual(kind: str) -> Callable[[Evidence], bool]:
    def matches(e: Evidence) -> bool:
        if not e.same_shape:
            return False
        found = alternates(e.question, e.paths, e.trials, kind, e.target.name, e.allowance)
        return found is not None and all_same(list(e.answers), found)

    return matches


def through_detach(e: Evidence) -> Msg | None:
    # Differentiating through a detach can look like a constant factor (detach(x*x)*x gives
    # 3x² against x²); the detach is the real explanation, so it is tried first.
    return msg("through_detach") if _counterfactual(DETACH)(e) else None


def sign(e: Evidence) -> Msg | None:
    return msg("sign") if e.factor is not None and abs(e.factor + 1) < 1e-6 else None


def accumulation(e: Evidence) -> Msg | None:
    q = e.question
    if e.factor is not None and q.backward > 1 and abs(e.factor * q.backward - 1) < 1e-6:
        return msg("accumulated", count=q.backward, wrt=q.wrt)
    return None


def factor(e: Evidence) -> Msg | None:
    if e.factor is None:
        return None
    return msg("factor", factor=format_factor(e.factor), subject=e.target.subject)


def size_factor(e: Evidence) -> Msg | None:
    """A factor that follows the sizes (a mean's n, attention's √d), the same in every trial."""
    if e.factor is not None or not e.same_shape:
        return None
    factors = [
        constant_factor(flat([a]), flat([t])) for a, t in zip(e.answers, e.truths, strict=True)
    ]
    if any(f is None for f in factors):
        return None
    for size in size_factors(list(e.question.dims)):
        if all(
            abs(f - size.at(trial.dims)) < 1e-6 * max(1.0, abs(f))
            for f, trial in zip(factors, e.trials, strict=True)
            if f is not None
        ):
            key = "factor_sizes_extra" if size.inverse else "factor_sizes"
            return msg(key, factor=size.text, size=size.size)
    return None


def softmax_sum(e: Evidence) -> Msg | None:
    return msg("missing_softmax_sum") if _counterfactual(SOFTMAX_SUM)(e) else None


def mask(e: Evidence) -> Msg | None:
    return msg("missing_mask") if _counterfactual(MASK)(e) else None


def upstream(e: Evidence) -> Msg | None:
    if _counterfactual(UPSTREAM)(e):
        return msg("missing_upstream", upstream=e.question.upstream)
    return None


def transposed_shape(e: Evidence) -> Msg | None:
    if not e.same_shape and all(
        a.ndim >= 2 and t.ndim >= 2 and tuple(a.shape) == (*t.shape[:-2], t.shape[-1], t.shape[-2])
        for a, t in zip(e.answers, e.truths, strict=True)
    ):
        return _shape_message("transposed_shape", e)
    return None


def wrong_shape(e: Evidence) -> Msg | None:
    return None if e.same_shape else _shape_message("wrong_shape", e)


def values_differ(e: Evidence) -> Msg:
    return show_values_differ(e.answers, e.truths, e.instance_label)


def _shape_message(key: str, e: Evidence, **extra: Any) -> Msg:
    return msg(
        key,
        subject=e.target.subject,
        wrt=e.target.name,
        expected=e.target.expected,
        shape=e.shape,
        **extra,
    )


VALUE_LADDER: tuple[Rung, ...] = (
    Rung(D.STOPPED_EARLY, stopped_early),
    Rung(D.PATH_MISSED, path_missed),
    Rung(D.TRANSPOSED, transposed),
    Rung(D.OTHER_SHAPE, other_shape),
    Rung(D.BATCH_SUM, batch_sum),
    Rung(D.VALUES_DIFFER, not_finite),
    Rung(D.DETACH, through_detach),
    Rung(D.SIGN, sign),
    Rung(D.ACCUMULATION, accumulation),
    Rung(D.FACTOR, factor),
    Rung(D.FACTOR, size_factor),
    Rung(D.MASK, mask),
    Rung(D.SOFTMAX_SUM, softmax_sum),
    Rung(D.UPSTREAM, upstream),
    Rung(D.TRANSPOSED, transposed_shape),
    Rung(D.WRONG_SHAPE, wrong_shape),
    Rung(D.VALUES_DIFFER, values_differ),
)


def diagnose(e: Evidence, ladder: Sequence[Rung] = VALUE_LADDER) -> Finding:
    """The first rung that recognises the answer names it; a listed mistake gives the text."""
    listed = listed_mistake(e)
    for rung in ladder:
        found = rung.find(e)
        if found is not None:
            if not isinstance(found, Finding):
                found = Finding(found, rung.code)
            if listed is not None:
                return Finding(listed, found.code, listed=True)
            return found
    raise AssertionError("the last rung always answers")  # pragma: no cover


# --- shape answers -----------------------------------------------------------------------------


@dataclass(frozen=True)
class ShapeEvidence:
    target_name: str
    expected: str
    sizes: Sequence[tuple[int, ...]]  # the answer's sizes in each trial
    truths: Sequence[tuple[int, ...]]
    text: str
    mistakes: Sequence[tuple[Msg, Sequence[tuple[int, ...]]]] = ()


def diagnose_shape(e: ShapeEvidence) -> Finding:
    listed = next(
        (
            says
            for says, sizes in e.mistakes
            if list(sizes) == list(e.sizes) and list(sizes) != list(e.truths)
        ),
        None,
    )
    swapped = all(
        len(t) >= 2 and tuple(s) == (*t[:-2], t[-1], t[-2])
        for s, t in zip(e.sizes, e.truths, strict=True)
    )
    params = {
        "subject": msg("subject_gradient"),
        "wrt": e.target_name,
        "expected": e.expected,
        "shape": e.text,
    }
    code, message = (
        (D.TRANSPOSED, msg("transposed_shape", **params))
        if swapped
        else (D.WRONG_SHAPE, msg("shape_differs", **params))
    )
    return Finding(listed, code, listed=True) if listed is not None else Finding(message, code)
