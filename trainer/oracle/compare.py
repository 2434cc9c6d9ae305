"""Comparing an answer with the truth: exact shapes (no broadcasting), then values within a
relative 1e-9 (with an absolute floor scaled by the truth's largest entry).

Comparisons run on NumPy views of the tensors: on tensors this small the per-call overhead of
torch.allclose dominates grading time. A comparison stops at the first trial that differs
(most of the ladder's comparisons fail at once). NumPy is imported on first use, like torch,
so that the app's first screen does not wait for it.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import numpy as np

RTOL = 1e-9
FLOOR = 1e-12  # the absolute tolerance, as a fraction of the truth's largest entry


def close(answer: np.ndarray, truth: np.ndarray) -> bool:
    """Within `tolerance` of the truth on equal shapes, and false for NaN or inf."""
    return within(answer, truth, tolerance(truth))


def flat(tensors: Sequence[Any]) -> np.ndarray:
    """The trials' tensors as one flat array (their values are never part of a graph)."""
    import numpy as np

    return np.concatenate([t.numpy().ravel() for t in tensors])


def tolerance(truth: np.ndarray) -> np.ndarray:
    """The bound for each entry of one trial's truth: RTOL relative, and an absolute floor of
    FLOOR times its largest entry. Tight enough that a constant as small as a LayerNorm's
    ε = 1e-5 decides a verdict the same way on every seed; scaled by the truth, so rounding in
    a right answer never does. Worked out once for every answer."""
    import numpy as np

    magnitude = np.abs(truth)
    largest = float(magnitude.max()) if magnitude.size else 0.0
    return FLOOR * largest + RTOL * magnitude


def tolerances(truths: Sequence[Any]) -> np.ndarray:
    """`tolerance` of each trial's truth (its own largest entry), flat like `flat(truths)`."""
    import numpy as np

    return np.concatenate([tolerance(t.numpy().ravel()) for t in truths])


def within(answer: np.ndarray, truth: np.ndarray, bound: np.ndarray) -> bool:
    """`close` against a truth whose `tolerance` is known (false for NaN or inf)."""
    import numpy as np

    with np.errstate(invalid="ignore", over="ignore"):
        return bool((np.abs(answer - truth) <= bound).all())


def same_shapes(answers: list[Any], truths: list[Any]) -> bool:
    return all(a.shape == t.shape for a, t in zip(answers, truths, strict=True))


def same(answer: Any, truth: Any) -> bool:
    """One trial: equal shapes and within tolerance."""
    return answer.shape == truth.shape and close(answer.numpy().ravel(), truth.numpy().ravel())


def all_same(answers: Sequence[Any], truths: Sequence[Any | None]) -> bool:
    """Every trial: equal shapes and within tolerance (false for NaN or inf); stops at the
    first trial that differs."""
    import numpy as np

    if len(answers) != len(truths):
        return False
    with np.errstate(invalid="ignore", over="ignore"):
        for answer, truth in zip(answers, truths, strict=True):
            if truth is None or answer.shape != truth.shape:
                return False
            a, t = answer.numpy(), truth.numpy()
            if not (np.abs(a - t) <= tolerance(t)).all():
                return False
    return True


TOO_CLOSE = 1e-6  # a listed mistake this close to the reference cannot be told from it


def too_close(answers: Sequence[Any], truths: Sequence[Any]) -> bool:
    """On some trial, the same shape and values that differ, but by at most TOO_CLOSE relative
    (the largest entry difference over the truth's largest entry): only the tolerance tells
    them apart there, so a seed could decide the verdict. A trial where the two are equal (a
    mask that happened to be all ones) is no such risk: other trials tell them apart."""
    import numpy as np

    with np.errstate(invalid="ignore", over="ignore"):
        for answer, truth in zip(answers, truths, strict=True):
            if answer.shape != truth.shape or truth.numel() == 0:
                continue
            a, t = answer.numpy(), truth.numpy()
            gap = np.abs(a - t)
            if (gap <= tolerance(t)).all():
                continue
            if float(gap.max()) <= TOO_CLOSE * float(np.abs(t).max()):
                return True
    return False


def constant_factor(a: np.ndarray, t: np.ndarray) -> float | None:
    """c when answer = c · truth in every trial (one c for all; both flattened), else None."""
    import numpy as np

    norm = float(t @ t)
    if not np.isfinite(norm) or norm < 1e-12:
        return None
    c = float(a @ t) / norm
    if not np.isfinite(c) or abs(c - 1) < 1e-6 or abs(c) < 1e-9 or not close(a, c * t):
        return None
    return c


def all_finite(values: np.ndarray) -> bool:
    import numpy as np

    return bool(np.isfinite(values).all())


def format_number(value: float) -> str:
    """2, 0.5, 0.125 as they are; anything else to 4 significant digits."""
    if not math.isfinite(value):
        return str(value)
    short = f"{value:.3f}".rstrip("0").rstrip(".")
    if short in ("-0", ""):
        short = "0"
    if abs(float(short) - value) < 1e-9:
        return short
    return f"{value:.4g}"


def format_factor(value: float) -> str:
    """A constant factor with digits enough to tell it from a whole number (1.00005 is not 1),
    and a whole number as one (2.9999999999999996 is 3: rounding, not the learner's)."""
    if abs(value - round(value)) < 1e-9:
        return str(round(value))
    text = format_number(value)
    digits = 4
    while digits < 17 and abs(float(text) - round(value)) < 1e-12:
        digits += 2
        text = f"{value:.{digits}g}"
    return text


SHOWN_ENTRIES = 16  # a tensor with more entries is shown by a few of them, wherever it is shown


def format_tensor(tensor: Any, limit: int = SHOWN_ENTRIES) -> str:
    """Compact nested-list text of a small tensor, e.g. [[1, 0.5], [-2, 3.25]]; a larger one
    shows its first entries of each dimension and … for the rest."""
    width = max(2, round(limit ** (1 / max(tensor.ndim, 1)))) if tensor.numel() > limit else None

    def show(item: Any) -> str:
        if isinstance(item, list):
            shown = item if width is None else item[:width]
            more = ", …" if width is not None and len(item) > width else ""
            return "[" + ", ".join(show(v) for v in shown) + more + "]"
        return format_number(float(item))

    data = tensor.detach()
    if width is not None:  # never turn a million entries into Python lists
        index = tuple(slice(0, width) for _ in range(data.ndim))
        small = data[index].tolist()
        return _with_ellipses(small, list(data.shape), width, show)
    return show(data.tolist())


def _with_ellipses(small: Any, shape: list[int], width: int, show: Any) -> str:
    if not shape:
        return show(small)
    parts = [_with_ellipses(item, shape[1:], width, show) for item in small]
    more = ", …" if shape[0] > width else ""
    return "[" + ", ".join(parts) + more + "]"


def differences(
    answer: Any, truth: Any, count: int = 3
) -> tuple[int, list[tuple[tuple[int, ...], float, float]]]:
    """How many entries differ, and the first `count` of them as (index, yours, expected)."""
    import numpy as np

    a = answer.detach().numpy()
    t = truth.detach().numpy()
    with np.errstate(invalid="ignore", over="ignore"):
        wrong = ~(np.abs(a - t) <= tolerance(t))
    total = int(wrong.sum())
    shown = []
    for index in np.argwhere(wrong)[:count]:
        position = tuple(int(i) for i in index)
        shown.append((position, float(a[position]), float(t[position])))
    return total, shown
