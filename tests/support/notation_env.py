"""A small world of named float64 tensors to evaluate notation in, shared by the notation tests
(each file picks its own names and seed)."""

from __future__ import annotations

from collections.abc import Mapping

import pytest
import torch

from trainer.errors import NotationError
from trainer.notation import Evaluator, Value, shape_text

DIMS = {"m": 3, "n": 4, "k": 5}


class NotationEnv:
    def __init__(self, labels: Mapping[str, tuple[str, ...]], seed: int) -> None:
        generator = torch.Generator().manual_seed(seed)
        self.names: dict[str, Value] = {}
        for name, dims in labels.items():
            shape = tuple(DIMS[d] for d in dims)
            tensor = torch.randn(shape, generator=generator, dtype=torch.float64)
            self.names[name] = Value(tuple(tensor.shape), dims, tensor)
        self.tensors = {name: value.tensor for name, value in self.names.items()}

    def ev(self, text: str) -> Value:
        return Evaluator(self.names, DIMS).evaluate_text(text)

    def shape_of(self, text: str) -> str:
        shapes = {n: Value(v.shape, v.labels) for n, v in self.names.items()}
        return shape_text(Evaluator(shapes, DIMS, build=False).evaluate_text(text).labels)

    def error(self, text: str) -> NotationError:
        with pytest.raises(NotationError) as caught:
            self.ev(text)
        return caught.value
