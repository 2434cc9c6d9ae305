"""Verdicts: what the oracle says of one answer, and the one place its JSON is built.

`trainer answer --json`, `trainer grade`, course grading and the app all show a `Verdict`;
malformed grade lines get one too (`Verdict.invalid`), so every verdict object has the same keys.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from trainer.messages import Msg
from trainer.questions.model import AnswerKind


class VerdictKind(StrEnum):
    CORRECT = "correct"
    WRONG_SHAPE = "wrong_shape"
    WRONG_VALUE = "wrong_value"  # also a wrong choice
    INVALID = "invalid"  # could not be read or evaluated: not an attempt


class Diagnosis(StrEnum):
    """The misconception behind a verdict, named by the ladder's rung that recognised it."""

    CORRECT = "correct"
    TRANSPOSED = "transposed"
    OTHER_SHAPE = "other_shape"
    BATCH_SUM = "batch_sum"
    STOPPED_EARLY = "stopped_early"
    PATH_MISSED = "path_missed"
    DETACH = "detach"
    FACTOR = "factor"
    SIGN = "sign"
    MASK = "mask"
    UPSTREAM = "upstream"
    ACCUMULATION = "accumulation"
    MATMUL = "matmul"  # stopped before the rule of an @: the other side's product is missing
    SOFTMAX_SUM = "softmax_sum"  # softmax's backward without its row-sum term
    VALUES_DIFFER = "values_differ"
    WRONG_SHAPE = "wrong_shape"
    WRONG_CHOICE = "wrong_choice"
    INVALID = "invalid"


CORRECT = VerdictKind.CORRECT
WRONG_SHAPE = VerdictKind.WRONG_SHAPE
WRONG_VALUE = VerdictKind.WRONG_VALUE
INVALID = VerdictKind.INVALID


@dataclass(slots=True)
class Verdict:
    """Treat as immutable (not frozen only because frozen dataclasses are slow to build, and a
    batch builds one for every answer)."""

    id: str | None
    kind: AnswerKind
    answer: str | None
    verdict: VerdictKind
    message: Msg | None = None
    diagnosis: Diagnosis = Diagnosis.INVALID
    listed: bool = False  # the message is one of the question's `mistakes`
    expected_shape: str | None = None
    answer_shape: str | None = None
    column: int | None = None  # of an invalid answer's error, 1-based
    step: str | None = None  # the walkthrough node, for a step answer

    @classmethod
    def invalid(
        cls,
        qid: str | None,
        kind: AnswerKind,
        answer: str | None,
        message: Msg,
        *,
        column: int | None = None,
        step: str | None = None,
        expected_shape: str | None = None,
    ) -> Verdict:
        return cls(
            qid,
            kind,
            answer,
            INVALID,
            message,
            Diagnosis.INVALID,
            column=column,
            step=step,
            expected_shape=expected_shape,
        )

    @property
    def correct(self) -> bool:
        return self.verdict == CORRECT

    def message_text(self, lang: str = "en") -> str:
        return self.message.text(lang) if self.message else ""

    def as_json(self, lang: str = "en") -> dict[str, Any]:
        data: dict[str, Any] = {
            "id": self.id,
            "kind": str(self.kind),
            "answer": self.answer,
            "verdict": str(self.verdict),
            "correct": self.correct,
            "message": self.message_text(lang),
            "expected_shape": self.expected_shape,
            "answer_shape": self.answer_shape,
            "diagnosis": str(self.diagnosis),
            "listed": self.listed,
        }
        if self.step is not None:
            data["step"] = self.step
        return data
