"""What the oracle shows before and beside a verdict: how an answer is read (the preview) and
a small numeric instance. Plain data, so the app's widgets can name them without torch."""

from __future__ import annotations

from dataclasses import dataclass

from trainer.messages import Msg


@dataclass(frozen=True)
class Preview:
    """How an answer is read, before it is submitted (needs no torch)."""

    text: str | None = None  # normalised expression or shape
    shape: str | None = None  # in dimension names
    error: Msg | None = None
    column: int | None = None

    @property
    def ok(self) -> bool:
        return self.error is None


@dataclass(frozen=True)
class Instance:
    """A small numeric instance: sizes, given tensors, the expected gradient (and yours)."""

    dims: dict[str, int]
    given: dict[str, str]
    expected: str
    yours: str | None = None
