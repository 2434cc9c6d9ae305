"""Comparing an answer with the truth: exact shapes (no broadcasting), then allclose."""

from __future__ import annotations

from typing import Any

from trainer.notation import torch_module

RTOL = 1e-5
ATOL = 1e-8


def same(answer: Any, truth: Any) -> bool:
    """Spec rule: equal shapes and torch.allclose(rtol=1e-5, atol=1e-8), no NaN or inf."""
    torch = torch_module()
    if tuple(answer.shape) != tuple(truth.shape):
        return False
    if not bool(torch.isfinite(answer).all()):
        return False
    return bool(torch.allclose(answer, truth, rtol=RTOL, atol=ATOL))


def all_same(answers: list[Any], truths: list[Any | None]) -> bool:
    return all(t is not None and same(a, t) for a, t in zip(answers, truths, strict=True))


def constant_factor(answers: list[Any], truths: list[Any]) -> float | None:
    """c when answer = c · truth in every trial (one c for all), else None."""
    torch = torch_module()
    factor = None
    for answer, truth in zip(answers, truths, strict=True):
        if tuple(answer.shape) != tuple(truth.shape):
            return None
        norm = float((truth * truth).sum())
        if norm < 1e-12:
            return None
        c = float((answer * truth).sum()) / norm
        if not same(answer, c * truth):
            return None
        if factor is not None and abs(c - factor) > 1e-6 * max(1.0, abs(factor)):
            return None
        factor = c
    if factor is None or abs(factor - 1) < 1e-6 or abs(factor) < 1e-9:
        return None
    return factor if torch is not None else None


def format_number(value: float) -> str:
    if abs(value - round(value)) < 1e-9:
        return str(int(round(value)))
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
