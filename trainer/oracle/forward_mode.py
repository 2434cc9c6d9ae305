"""Forward mode (format v1.2): the trials of a differential question, whose truth is the
Jacobian-vector product of `of` in a random direction d<wrt>, drawn afresh for every trial.

PyTorch computes it with dual numbers (forward-mode autograd), or with the double-backward
trick where an operation has no forward rule. Judging differentials is `differential.py`'s.
"""

from __future__ import annotations

import warnings
from collections.abc import Mapping, Sequence
from typing import Any

from trainer.messages import msg
from trainer.notation import Value, torch_module
from trainer.oracle.forward import Deadline, Sides, TrialError, given_value, run_forward
from trainer.oracle.trials import Trial, draw_trial_dims, make_tensor, trial_seed
from trainer.questions.model import Question


def differential_trial(
    question: Question,
    seed: int,
    index: int,
    deadline: Deadline,
    sides: Sides,
    asked: frozenset[str] = frozenset(),
) -> Trial:
    """One trial of a differential question: sizes, given tensors and a direction d<wrt>, the
    forward values, and the JVP as the truth (kept as the adjoint of `of`, what the ladder's
    evidence reads)."""
    torch = torch_module()
    dims = draw_trial_dims(question, seed, index)
    generator = torch.Generator().manual_seed(trial_seed(question, seed, index))
    given = {name: make_tensor(spec, dims, generator) for name, spec in question.given.items()}
    wrt, of = question.wrt or "", question.of[0]
    direction = torch.randn(given[wrt].shape, generator=generator, dtype=torch.float64)
    names, work = run_forward(question, dims, given, set(), deadline=deadline, sides=sides)
    tangent = _jvp(question, dims, given, direction)
    if tangent is None:
        raise TrialError(msg("no_gradient", of=of, wrt=wrt), question.line_of("wrt"))
    values = {
        name: given_value(question.given[name], dims, given[name]) if name in given else value
        for name, value in names.items()
    }  # a given's value is the given tensor itself, as in a gradient question's trial
    truth = tangent.detach()
    return Trial(dims, given, values, truth, {of: truth}, work=2 * work, direction=direction)


def _jvp(question: Question, dims: Mapping[str, int], given: Mapping[str, Any], dx: Any) -> Any:
    """∂of/∂wrt applied to dx: forward mode, or the double-backward trick where an operation
    has no forward rule; None when `of` does not depend on wrt."""
    import torch.autograd.forward_ad as forward_ad

    torch = torch_module()
    wrt, of = question.wrt or "", question.of[0]
    try:
        with forward_ad.dual_level(), warnings.catch_warnings():
            warnings.simplefilter("ignore", DeprecationWarning)  # torch's own, not the author's
            dual = {**given, wrt: forward_ad.make_dual(given[wrt], dx)}
            names, _ = run_forward(question, dims, dual, set())
            out = names[of].tensor
            tangent = forward_ad.unpack_dual(out).tangent if out is not None else None
            return None if tangent is None else tangent.clone()
    except (TrialError, NotImplementedError, RuntimeError):
        pass
    names, _ = run_forward(question, dims, given, {wrt})
    out, leaf = names[of].tensor, names[wrt].tensor
    if out is None or not getattr(out, "requires_grad", False):
        return None
    seed = torch.zeros_like(out, requires_grad=True)
    (pulled,) = torch.autograd.grad(out, leaf, seed, create_graph=True, allow_unused=True)
    if pulled is None:
        return None
    (pushed,) = torch.autograd.grad(pulled, seed, dx, allow_unused=True)
    return torch.zeros_like(out) if pushed is None else pushed


def trial_directions(question: Question, trials: Sequence[Trial]) -> list[dict[str, Value]]:
    """Each trial's d<wrt>, bound for the answers (labelled as wrt); none for other questions."""
    if not question.is_differential:
        return [{} for _ in trials]
    labels = question.given[question.wrt or ""].shape
    return [
        {question.direction: Value(tuple(t.direction.shape), labels, t.direction)} for t in trials
    ]


def direction_shape(question: Question, names: Mapping[str, Value]) -> dict[str, Value]:
    """d<wrt> by its shape alone (the preview), from the shapes of the question's names."""
    own = names[question.wrt or ""]
    return {question.direction: Value(own.shape, own.labels)}
