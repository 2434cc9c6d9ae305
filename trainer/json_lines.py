"""JSON lines: reading them within bounds, and one line of `trainer grade` as a `Request`.

`trainer grade` and `trainer report` read their files the same way (split at \\n only, each
line at most MAX_LINE_BYTES); a line of answers becomes one `Request` for the `Judge`, or, when
it cannot be one, the `invalid` verdict that says why. Every non-blank line gets exactly one
verdict, never a stopped batch.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterator
from typing import Any, BinaryIO

from trainer.errors import TrainerError
from trainer.messages import Msg, msg
from trainer.oracle.judge import SEED_BOUND, Judge, Request, broken, verdict_kind
from trainer.oracle.verdicts import AnswerKind, Verdict

MAX_LINE_BYTES = 1_000_000
_INT_DIGITS = len(str(SEED_BOUND)) + 1  # no integer of a line needs more (with a sign)


def read_lines(handle: BinaryIO) -> Iterator[bytes | None]:
    """Each non-blank line (split at \\n only, as JSON lines are), None for one too long."""
    while True:
        line = handle.readline(MAX_LINE_BYTES + 1)
        if not line:
            return
        if len(line) > MAX_LINE_BYTES and not line.endswith(b"\n"):
            while line and not line.endswith(b"\n"):  # skip the rest of it
                line = handle.readline(MAX_LINE_BYTES)
            yield None
            continue
        if line.strip():
            yield line.rstrip(b"\r\n")


def too_long() -> Verdict:
    """The verdict on a line that `read_lines` gave as None."""
    return _invalid(msg("line_too_long", limit=MAX_LINE_BYTES))


def judge_line(judge: Judge, line: str | bytes) -> Verdict:
    """One line of `trainer grade` input → its verdict."""
    read: Request | Verdict | None = None
    try:
        read = read_line(judge, line)
        return read if isinstance(read, Verdict) else judge.judge(read)
    except TrainerError as error:
        qid = read.qid if isinstance(read, Request) else None
        return broken(qid, AnswerKind.VALUE, None, error)


def read_line(judge: Judge, line: str | bytes) -> Request | Verdict:
    """The request a line makes, or the verdict on a line that makes none."""
    try:
        text = line.decode("utf-8") if isinstance(line, bytes) else line
    except UnicodeDecodeError:
        return _invalid(msg("line_not_utf8"))
    try:
        item = json.loads(text, parse_int=_line_int)
    except (ValueError, RecursionError):  # JSONDecodeError
        return _invalid(msg("line_not_object"))
    if not isinstance(item, dict):
        return _invalid(msg("line_not_object"))
    return _request(judge, item)


def _request(judge: Judge, item: dict[str, Any]) -> Request | Verdict:
    qid, answer = item.get("id"), item.get("answer")
    shape, seed, node = item.get("shape", False), item.get("seed", 0), item.get("step")
    question = judge.questions.get(qid) if isinstance(qid, str) else None
    if question is None:
        known = qid if isinstance(qid, str) else None
        text = answer if isinstance(answer, str) else None
        return Verdict.invalid(known, AnswerKind.VALUE, text, judge.unknown(qid).message())
    kind = AnswerKind.SHAPE if shape is True else AnswerKind.VALUE
    if "kind" in item:  # format v1.2: "kind": "differential" (as "shape": true selects a shape)
        if item["kind"] != AnswerKind.DIFFERENTIAL or shape is True:
            text = answer if isinstance(answer, str) else None
            return Verdict.invalid(qid, verdict_kind(question, kind), text, msg("kind_flag"))
        kind = AnswerKind.DIFFERENTIAL
    if isinstance(answer, (int, float)) and not isinstance(answer, bool):
        answer = str(answer)
    if not isinstance(answer, str):
        return Verdict.invalid(qid, verdict_kind(question, kind), None, msg("answer_not_text"))
    if not isinstance(shape, bool):
        return Verdict.invalid(qid, verdict_kind(question, kind), answer, msg("shape_flag"))
    if isinstance(seed, bool) or not isinstance(seed, int):
        seed = SEED_BOUND  # out of range: the judge's seed gate says so, in its turn
    if node is not None and not isinstance(node, str):
        request = Request(question, answer, kind, seed)
        refused = judge.refusal(request) or judge.step_refusal(question, seed, shape, None)
        assert refused is not None  # a step that names no node never passes
        return judge.refused(refused, request)
    return Request(question, answer, kind, seed, node)


def _line_int(digits: str) -> int | float:
    """An integer of a line; one longer than any seed stays unread (NaN fails every check as
    the wrong type), so a 5,000-digit seed is told it is out of range, not that the line is
    not JSON."""
    return int(digits) if len(digits) <= _INT_DIGITS else math.nan


def _invalid(message: Msg) -> Verdict:
    return Verdict.invalid(None, AnswerKind.VALUE, None, message)
