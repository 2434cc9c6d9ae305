"""Batch grading: JSON lines of answers in, one verdict object per line out.

Each question's trials are built once per (id, seed) and reused for every line that names it,
and an answer typed again (in any spelling of the same expression) is judged once; both caches
are bounded, so grading many seeds of a
large question holds only a few oracles at a time. Every non-blank line gets exactly one
verdict: a malformed one an `invalid` verdict with a message, never a stopped batch.
"""

from __future__ import annotations

import json
import math
from collections import OrderedDict
from typing import Any

from trainer.errors import NotationError, TrainerError
from trainer.messages import Msg, closest_hint, msg
from trainer.notation import parse
from trainer.oracle import AnswerKind, Oracle, Verdict, Walkthrough, no_walkthrough
from trainer.questions import Bank

MAX_ORACLES = 64  # (question, seed) pairs kept with their trials (an assignment's questions)
MAX_KEPT_ELEMENTS = 20_000_000  # and the elements of all their trials together
MAX_VERDICTS = 50_000  # answers remembered, to judge a repeated one once
SEED_BOUND = 2**63  # seeds are 64-bit integers
_INT_DIGITS = len(str(SEED_BOUND)) + 1  # no integer of a line needs more (with a sign)


def _line_int(digits: str) -> int | float:
    """An integer of a line; one longer than any seed stays unread (NaN fails every check as
    the wrong type), so a 5,000-digit seed is told it is out of range, not that the line is
    not JSON."""
    return int(digits) if len(digits) <= _INT_DIGITS else math.nan


class Grader:
    def __init__(self, bank: Bank) -> None:
        self.bank = bank
        self._oracles: OrderedDict[tuple[str, int], tuple[Oracle, Walkthrough | None]] = (
            OrderedDict()
        )
        self._verdicts: OrderedDict[tuple[object, ...], dict[str, Any]] = OrderedDict()

    def oracle(self, qid: str, seed: int) -> tuple[Oracle, Walkthrough | None]:
        key = (qid, seed)
        if key in self._oracles:
            self._oracles.move_to_end(key)
            return self._oracles[key]
        question = self.bank.questions[qid]
        oracle = Oracle(question, seed)
        walkthrough = Walkthrough(oracle) if no_walkthrough(question) is None else None
        self._oracles[key] = (oracle, walkthrough)
        self._evict()
        return oracle, walkthrough

    def _evict(self) -> None:
        """Forget the oracles used longest ago while too many, or too large, are kept."""
        while len(self._oracles) > 1 and (
            len(self._oracles) > MAX_ORACLES
            or sum(oracle.size for oracle, _ in self._oracles.values()) > MAX_KEPT_ELEMENTS
        ):
            self._oracles.popitem(last=False)

    def grade_line(self, line: str | bytes) -> dict[str, Any]:
        """One line of `trainer grade` input → its verdict object."""
        try:
            text = line.decode("utf-8") if isinstance(line, bytes) else line
        except UnicodeDecodeError:
            return _invalid(None, None, msg("line_not_utf8"))
        try:
            item = json.loads(text, parse_int=_line_int)
        except (ValueError, RecursionError):  # JSONDecodeError
            return _invalid(None, None, msg("line_not_object"))
        if not isinstance(item, dict):
            return _invalid(None, None, msg("line_not_object"))
        try:
            return self.grade_item(item)
        except TrainerError as error:
            qid = item.get("id") if isinstance(item.get("id"), str) else None
            return _invalid(qid, None, msg("question_broken", error=error.msg))

    def grade_item(self, item: dict[str, Any]) -> dict[str, Any]:
        qid, answer = item.get("id"), item.get("answer")
        shape, seed, step = item.get("shape", False), item.get("seed", 0), item.get("step")
        if not isinstance(qid, str) or qid not in self.bank.questions:
            known = qid if isinstance(qid, str) else None
            hint = closest_hint(str(qid), self.bank.questions)
            return _invalid(known, answer, msg("unknown_id", id=repr(qid)[:200], closest=hint))
        question = self.bank.questions[qid]
        kind = AnswerKind.CHOICE if question.is_choice else AnswerKind.VALUE
        if shape is True:
            kind = AnswerKind.SHAPE
        if isinstance(answer, (int, float)) and not isinstance(answer, bool):
            answer = str(answer)
        if not isinstance(answer, str):
            return _invalid(qid, None, msg("answer_not_text"), kind)
        if not isinstance(shape, bool) or (shape and question.is_choice):
            return _invalid(qid, answer, msg("shape_flag"), kind)
        if (
            isinstance(seed, bool)
            or not isinstance(seed, int)
            or not -SEED_BOUND <= seed < SEED_BOUND
        ):
            return _invalid(qid, answer, msg("seed_not_int"), kind)
        if step is not None:
            return self._grade_step(qid, answer, seed, step, shape)
        key = (qid, seed, kind, _normal_form(answer, kind))
        if key not in self._verdicts:
            oracle, _ = self.oracle(qid, seed)
            built = oracle.size > 0
            self._remember(key, oracle.judge(answer, kind).as_json())
            if not built:
                self._evict()  # its trials were just built: it weighs what they hold now
        return {**self._verdicts[key], "answer": answer}

    def _grade_step(
        self, qid: str, answer: str, seed: int, step: object, shape: bool
    ) -> dict[str, Any]:
        kind = AnswerKind.STEP
        question = self.bank.questions[qid]
        reason = no_walkthrough(question)
        if reason is not None or shape or not isinstance(step, str):
            message = reason or msg("step_flag")
            return _invalid(qid, answer, message, kind, step if isinstance(step, str) else None)
        key = (qid, seed, kind, step, _normal_form(answer, AnswerKind.VALUE))
        if key not in self._verdicts:
            _, walkthrough = self.oracle(qid, seed)
            assert walkthrough is not None
            nodes = [s.node for s in walkthrough.steps]
            if step not in nodes:
                message = msg("not_a_step", name=step, steps=", ".join(nodes))
                return _invalid(qid, answer, message, kind, step)
            self._remember(key, walkthrough.judge(step, answer).as_json())
        return {**self._verdicts[key], "answer": answer}

    def _remember(self, key: tuple[object, ...], verdict: dict[str, Any]) -> None:
        self._verdicts[key] = verdict
        if len(self._verdicts) > MAX_VERDICTS:
            self._verdicts.popitem(last=False)


def _normal_form(answer: str, kind: AnswerKind) -> str:
    """One key for every spelling of one expression (`x.T`, `xᵀ`, spacing): the same answer
    is judged once. Text that does not parse keys as typed (its message names columns)."""
    if kind != AnswerKind.VALUE:
        return answer
    try:
        return "\x00" + parse(answer).text
    except NotationError:
        return answer


def _invalid(
    qid: str | None,
    answer: Any,
    message: Msg,
    kind: AnswerKind = AnswerKind.VALUE,
    step: str | None = None,
) -> dict[str, Any]:
    text = answer if isinstance(answer, str) else None
    return Verdict.invalid(qid, kind, text, message, step=step).as_json()
