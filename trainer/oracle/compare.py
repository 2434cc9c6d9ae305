"""Comparing an answer with the truth: exact shapes (no broadcasting), then allclose.

Comparisons run on NumPy views of the tensors, all trials at once: on tensors this small the
per-call overhead of torch.allclose dominates grading time. NumPy is imported on first use,
like torch, so that the app's first screen does not wait for it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import numpy as np

RTOL = 1e-5
ATOL = 1e-8


def close(answer: np.ndarray, truth: np.ndarray) -> bool:
    """torch.allclose(rtol=1e-5, atol=1e-8) on equal shapes, and false for NaN or inf."""
    import numpy as np

    with np.errstate(invalid="ignore", over="ignore"):
        return bool(np.all(np.abs(answer - truth) <= ATOL + RTOL * np.abs(truth)))


def flat(tensors: list[Any]) -> np.ndarray:
    import numpy as np

    return np.concatenate([t.detach().numpy().ravel() for t in tensors])


def same_shapes(answers: list[Any], truths: list[Any]) -> bool:
    return all(a.shape == t.shape for a, t in zip(answers, truths, strict=True))


def same(answer: Any, truth: Any) -> bool:
    """One trial: equal shapes and allclose."""
    return answer.shape == truth.shape and close(
        answer.detach().numpy().ravel(), truth.detach().numpy().ravel()
    )


def all_same(answers: list[Any], truths: list[Any | None]) -> bool:
    """Every trial: equal shapes and allclose."""
    if any(t is None for t in truths) or not same_shapes(answers, truths):
        return False
    return close(flat(answers), flat(truths))


def constant_factor(answers: list[Any], truths: list[Any]) -> float | None:
    """c when answer = c · truth in every trial (one c for all), else None."""
    if not same_shapes(answers, truths):
        return None
    import numpy as np

    a, t = flat(answers), flat(truths)
    norm = float(t @ t)
    if not np.isfinite(norm) or norm < 1e-12:
        return None
    c = float(a @ t) / norm
    if not np.isfinite(c) or abs(c - 1) < 1e-6 or abs(c) < 1e-9 or not close(a, c * t):
        return None
    return c


def all_finite(tensors: list[Any]) -> bool:
    import numpy as np

    return bool(np.isfinite(flat(tensors)).all())


def format_number(value: float) -> str:
    if abs(value - round(value)) < 1e-9:
        return str(round(value))
    for digits in (1, 2, 3):
        if abs(value - round(value, digits)) < 1e-9:
            return f"{value:.{digits}f}"
    return f"{value:.4g}"


def format_tensor(tensor: Any) -> str:
    """Compact nested-list text of a small tensor, e.g. [[1, 0.5], [-2, 3.25]]."""
    data = tensor.detach().tolist()

    def show(item: Any) -> str:
        if isinstance(item, list):
            return "[" + ", ".join(show(v) for v in item) + "]"
        if item != item or item in (float("inf"), float("-inf")):
            return str(item)
        return format_number(item)

    return show(data)
