"""Verdicts: what the oracle says of one answer, as the CLI's JSON and the app show it."""

from __future__ import annotations

from dataclasses import dataclass

from trainer.catalog import Msg

CORRECT = "correct"
WRONG_SHAPE = "wrong_shape"
WRONG_VALUE = "wrong_value"
INVALID = "invalid"


@dataclass(frozen=True)
class Verdict:
    id: str
    kind: str  # value, shape or choice
    answer: str
    verdict: str
    message: Msg | None = None
    expected_shape: str | None = None
    answer_shape: str | None = None
    normalised: str | None = None  # how the answer was read
    column: int | None = None  # of an invalid answer's error, 1-based

    @property
    def correct(self) -> bool:
        return self.verdict == CORRECT

    def message_text(self, lang: str = "en") -> str:
        return self.message.text(lang) if self.message else ""

    def as_json(self, lang: str = "en") -> dict:
        return {
            "id": self.id,
            "kind": self.kind,
            "answer": self.answer,
            "verdict": self.verdict,
            "correct": self.correct,
            "message": self.message_text(lang),
            "expected_shape": self.expected_shape,
            "answer_shape": self.answer_shape,
        }
