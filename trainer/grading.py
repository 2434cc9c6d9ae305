"""Batch grading: JSON lines of answers in, one verdict object per line out.

Each question's trials and truths are built once per (id, seed) and reused for every line
that names it, and an answer typed again (a class types the same few answers) is judged once.
A malformed line gets an `invalid` verdict and never stops the batch.
"""

from __future__ import annotations

import json
from typing import Any

from trainer.catalog import Msg, closest_hint, msg
from trainer.oracle import Oracle
from trainer.oracle.trials import TrialError
from trainer.questions import Bank


class Grader:
    def __init__(self, bank: Bank) -> None:
        self.bank = bank
        self._oracles: dict[tuple[str, int], Oracle] = {}
        self._verdicts: dict[tuple[str, int, str, str], dict[str, Any]] = {}

    def oracle(self, qid: str, seed: int) -> Oracle:
        key = (qid, seed)
        if key not in self._oracles:
            self._oracles[key] = Oracle(self.bank.questions[qid], seed)
        return self._oracles[key]

    def grade_line(self, line: str) -> dict[str, Any]:
        try:
            item = json.loads(line)
        except (json.JSONDecodeError, RecursionError):
            return _invalid(None, None, msg("line_not_object"))
        if not isinstance(item, dict):
            return _invalid(None, None, msg("line_not_object"))
        qid, answer = item.get("id"), item.get("answer")
        shape, seed = item.get("shape", False), item.get("seed", 0)
        kind = "shape" if shape is True else "value"
        if not isinstance(qid, str) or qid not in self.bank.questions:
            hint = closest_hint(str(qid), self.bank.questions)
            known = qid if isinstance(qid, str) else None
            return _invalid(known, answer, msg("unknown_id", id=repr(qid), closest=hint))
        question = self.bank.questions[qid]
        kind = "choice" if question.is_choice else kind
        if isinstance(answer, int | float) and not isinstance(answer, bool):
            answer = str(answer)
        if not isinstance(answer, str):
            return _invalid(qid, None, msg("answer_not_text"), kind)
        if not isinstance(shape, bool) or (shape and question.is_choice):
            return _invalid(qid, answer, msg("shape_flag"), kind)
        if isinstance(seed, bool) or not isinstance(seed, int):
            return _invalid(qid, answer, msg("seed_not_int"), kind)
        key = (qid, seed, kind, answer)
        if key in self._verdicts:
            return dict(self._verdicts[key])
        try:
            verdict = self.oracle(qid, seed).judge(answer, kind).as_json()
        except TrialError as error:
            return _invalid(qid, answer, msg("question_broken", error=error.msg), kind)
        self._verdicts[key] = verdict
        return dict(verdict)


def _invalid(qid: str | None, answer: Any, message: Msg, kind: str = "value") -> dict[str, Any]:
    return {
        "id": qid,
        "kind": kind,
        "answer": answer if isinstance(answer, str) else None,
        "verdict": "invalid",
        "correct": False,
        "message": message.text(),
        "expected_shape": None,
        "answer_shape": None,
    }
