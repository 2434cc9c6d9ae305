"""Drawing dimension sizes: every ranged dimension distinct from all other sizes of a trial."""

from __future__ import annotations

import random
from collections.abc import Mapping, Sequence

from trainer.notation.values import sizes_of
from trainer.questions.model import DimRange, Question


def draw_dims(
    dims: Mapping[str, DimRange], literal_sizes: set[int], rng: random.Random
) -> dict[str, int]:
    """One trial's sizes; fixed ones as declared, ranged ones distinct (random backtracking)."""
    taken = {d.low for d in dims.values() if d.fixed} | set(literal_sizes)
    sizes = {name: d.low for name, d in dims.items() if d.fixed}
    ranged = [name for name, d in dims.items() if not d.fixed]
    result = _assign(ranged, dims, taken, rng)
    if result is None:
        raise ValueError("dimensions cannot be drawn distinct")
    sizes.update(result)
    return {name: sizes[name] for name in dims}


def literal_sizes(question: Question) -> set[int]:
    """Integer sizes written in shapes (and literal values' sizes): ranged dims avoid them."""
    sizes = {int(s) for spec in question.given.values() for s in spec.shape if s.isdigit()}
    classes = {spec.classes for spec in question.given.values() if spec.classes is not None}
    return sizes | {int(k) for k in classes if k.isdigit()}


def largest_sizes(shape: Sequence[str], dims: Mapping[str, DimRange]) -> tuple[int, ...]:
    """A shape at the top of every range: the most a trial can ever build."""
    return sizes_of(shape, {name: d.high for name, d in dims.items()})


def can_draw_distinct(dims: Mapping[str, DimRange], literal_sizes: set[int]) -> bool:
    try:
        draw_dims(dims, literal_sizes, random.Random(0))
    except ValueError:
        return False
    return True


def _assign(
    names: list[str], dims: Mapping[str, DimRange], taken: set[int], rng: random.Random
) -> dict[str, int] | None:
    """A random matching of names to distinct free sizes (Kuhn's augmenting paths), or None."""
    candidates: dict[str, list[int]] = {}
    for name in names:
        sizes = [s for s in range(dims[name].low, dims[name].high + 1) if s not in taken]
        rng.shuffle(sizes)
        candidates[name] = sizes
    owner: dict[int, str] = {}

    def augment(name: str, seen: set[int]) -> bool:
        for size in candidates[name]:
            if size in seen:
                continue
            seen.add(size)
            if size not in owner or augment(owner[size], seen):
                owner[size] = name
                return True
        return False

    order = list(names)
    rng.shuffle(order)
    if not all(augment(name, set()) for name in order):
        return None
    return {name: size for size, name in owner.items()}
