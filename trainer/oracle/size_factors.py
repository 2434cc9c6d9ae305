"""The factors the sizes put in a gradient (a mean's n, attention's √d): an answer off by one
of them in every trial, whatever the sizes drawn, forgot (or doubled) that division."""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from functools import partial
from itertools import combinations


@dataclass(frozen=True)
class SizeFactor:
    """A factor the sizes put in a gradient: `size` (n, √d, n·d) or its inverse."""

    size: str
    value: Callable[[Mapping[str, int]], float]
    inverse: bool = False

    @property
    def text(self) -> str:
        if not self.inverse:
            return self.size
        return f"1/{self.size}" if "·" not in self.size else f"1/({self.size})"

    def at(self, dims: Mapping[str, int]) -> float:
        return 1.0 / self.value(dims) if self.inverse else self.value(dims)


def _size(names: tuple[str, ...], dims: Mapping[str, int]) -> float:
    return float(math.prod(dims[name] for name in names))


def _root(name: str, dims: Mapping[str, int]) -> float:
    return math.sqrt(dims[name])


def size_factors(dims: Sequence[str]) -> list[SizeFactor]:
    """n, 1/n, √d, 1/√d for each size, and n·d, 1/(n·d) for each pair."""
    sizes: list[SizeFactor] = []
    for name in dims:
        sizes.append(SizeFactor(name, partial(_size, (name,))))
        sizes.append(SizeFactor(f"√{name}", partial(_root, name)))
    for first, second in combinations(dims, 2):
        sizes.append(SizeFactor(f"{first}·{second}", partial(_size, (first, second))))
    return [replace(size, inverse=inverse) for size in sizes for inverse in (False, True)]
