"""Why an answer is wrong: the diagnosis ladder of the format's section 3, most specific first.

1. a listed mistake the answer equals; 2. transposed; 3. the right values in another shape;
4. a missing sum over a (batch) dimension; 5. differentiating through a detach (before the
factor, which it can look like); 6. a constant factor or flipped sign (with the accumulation of
several backward passes named as such); 7. a missing ReLU mask; 8. a missing upstream factor;
then the shape or the values, shown on the smallest trial.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from trainer.catalog import Msg, msg
from trainer.notation import Value, shape_text
from trainer.oracle.compare import (
    all_finite,
    all_same,
    constant_factor,
    format_number,
    format_tensor,
    same,
)

if TYPE_CHECKING:
    from trainer.oracle.checker import Oracle


def diagnose_value(oracle: Oracle, answers: list[Value]) -> Msg:
    """The message for a value answer judged wrong (its tensors, one per trial)."""
    q = oracle.question
    tensors = [a.tensor for a in answers]
    truths = oracle.truths
    wrt, expected = q.wrt, oracle.expected_shape
    shape = shape_text(answers[0].labels)

    says = oracle.matching_mistake(tensors)
    if says is not None:
        return msg("mistake", says=says)
    if all(t.ndim == 2 for t in tensors) and all_same([t.T for t in tensors], truths):
        return msg("transposed", wrt=wrt, expected=expected, shape=shape)
    if _reshaped(tensors, truths):
        return msg("reshaped", shape=shape, expected=expected)
    summed = _missing_sum(tensors, truths)
    if summed is not None:
        return msg(
            "missing_sum", dim=summed, size=answers[0].labels[summed], wrt=wrt, expected=expected
        )
    if all(tuple(a.shape) == tuple(t.shape) for a, t in zip(tensors, truths, strict=True)):
        return _same_shape_diagnosis(oracle, tensors, truths)
    if all(t.ndim == 2 for t in tensors) and all(
        tuple(a.shape) == tuple(reversed(t.shape)) for a, t in zip(tensors, truths, strict=True)
    ):
        return msg("transposed_shape", wrt=wrt, expected=expected, shape=shape)
    return msg("wrong_shape", wrt=wrt, expected=expected, shape=shape)


def _same_shape_diagnosis(oracle: Oracle, tensors: list[Any], truths: list[Any]) -> Msg:
    q = oracle.question
    if not all_finite(tensors):
        return msg("not_finite")
    # Differentiating through a detach can look like a constant factor (detach(x*x)*x gives
    # 3x² against x²); the detach is the real explanation, so it is tried first.
    if _matches_alternate(oracle, tensors, "detach"):
        return msg("through_detach")
    factor = constant_factor(tensors, truths)
    if factor is not None:
        if abs(factor + 1) < 1e-6:
            return msg("sign")
        if q.backward > 1 and abs(factor * q.backward - 1) < 1e-6:
            return msg("accumulated", count=q.backward, wrt=q.wrt)
        return msg("factor", factor=format_number(factor))
    if _matches_alternate(oracle, tensors, "mask"):
        return msg("missing_mask")
    if _matches_alternate(oracle, tensors, "upstream"):
        return msg("missing_upstream", upstream=q.upstream)
    index = oracle.smallest_trial
    return msg(
        "values_differ",
        instance=oracle.instance_label(index),
        yours=format_tensor(tensors[index]),
        expected=format_tensor(truths[index]),
    )


def _matches_alternate(oracle: Oracle, tensors: list[Any], kind: str) -> bool:
    """The answer equals the gradient of a counterfactual forward pass (see trials.py)."""
    alternates = [oracle.alternate(trial, kind) for trial in oracle.trials]
    return all(a is not None for a in alternates) and all_same(tensors, alternates)


def _reshaped(tensors: list[Any], truths: list[Any]) -> bool:
    return all(
        tuple(a.shape) != tuple(t.shape) and a.numel() == t.numel() and same(a.reshape(t.shape), t)
        for a, t in zip(tensors, truths, strict=True)
    )


def _missing_sum(tensors: list[Any], truths: list[Any]) -> int | None:
    ndim = tensors[0].ndim
    for dim in range(ndim):
        if all(
            a.ndim == ndim and tuple(a.sum(dim).shape) == tuple(t.shape) and same(a.sum(dim), t)
            for a, t in zip(tensors, truths, strict=True)
        ):
            return dim
    return None


def diagnose_shape(oracle: Oracle, sizes: list[tuple[int, ...]], shape: str) -> Msg:
    """The message for a shape answer judged wrong (its sizes, one per trial)."""
    q = oracle.question
    says = oracle.matching_shape_mistake(sizes)
    if says is not None:
        return msg("mistake", says=says)
    truths = [tuple(t.truth.shape) for t in oracle.trials]
    if all(len(t) == 2 and s == tuple(reversed(t)) for s, t in zip(sizes, truths, strict=True)):
        return msg("transposed_shape", wrt=q.wrt, expected=oracle.expected_shape, shape=shape)
    return msg("shape_differs", wrt=q.wrt, expected=oracle.expected_shape, shape=shape)


__all__ = ["diagnose_shape", "diagnose_value", "format_number"]
