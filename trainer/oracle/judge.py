"""One judge for every surface: a typed `Request` in, a `Verdict` out.

The command line, JSON lines, course marking, the practice app and the validation of question
files each read their own input into a `Request` once; the `Judge` owns what they share: the
pool of oracles and walkthroughs (trials built once per question and seed, bounded by count and
by the elements they hold), the memo of verdicts (an answer typed again, in any spelling of the
same expression, is judged once) and every gate an answer passes before it reaches an oracle.
A gate that refuses is a `Refusal`, which renders both as a verdict's message and as the
command line's own usage text, so each surface keeps its words for one fact written here once.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Mapping
from dataclasses import dataclass, replace
from enum import Enum

from trainer.errors import NotationError, TrainerError
from trainer.escaping import shortened
from trainer.messages import SHOWN_NAMES, Msg, closest_hint, listed, msg
from trainer.notation import parse
from trainer.oracle.differential import judge_differential
from trainer.oracle.forward import TIME_LIMIT
from trainer.oracle.oracle import Oracle
from trainer.oracle.verdicts import AnswerKind, Verdict
from trainer.oracle.walkthrough import Walkthrough, no_walkthrough
from trainer.questions.model import Question

MAX_ORACLES = 64  # (question, seed) pairs kept with their trials (an assignment's questions)
MAX_KEPT_ELEMENTS = 20_000_000  # and the elements of all their trials together
MAX_VERDICTS = 50_000  # answers remembered, to judge a repeated one once
SEED_BOUND = 2**63  # seeds are 64-bit integers


@dataclass(frozen=True)
class Request:
    """One answer to judge: to a question (or its id in the judge's bank), of a kind, at a
    seed; with `node`, an answer to that step of the question's walkthrough."""

    question: Question | str
    text: str
    kind: AnswerKind = AnswerKind.VALUE
    seed: int = 0
    node: str | None = None

    @property
    def qid(self) -> str:
        return self.question if isinstance(self.question, str) else self.question.id


class Gate(Enum):
    UNKNOWN_ID = "unknown_id"
    SHAPE_ON_CHOICE = "shape_on_choice"
    SEED = "seed"
    NO_WALKTHROUGH = "no_walkthrough"  # or a shape flag on a step
    NOT_A_STEP = "not_a_step"
    PART = "part"  # a differential to a gradient question, or a gradient to a differential one


@dataclass(frozen=True)
class Refusal:
    """Why a request never reaches an oracle, with what each surface needs to say so."""

    gate: Gate
    qid: str
    reason: Msg | None = None  # NO_WALKTHROUGH: why the question has none (None: it has one)
    shape: bool = False  # NO_WALKTHROUGH: a shape answer was asked of a step
    node: str | None = None
    nodes: tuple[str, ...] = ()  # NOT_A_STEP: the walkthrough's steps
    hint: Msg | str = ""  # UNKNOWN_ID: the closest known id
    shown: str = ""  # UNKNOWN_ID: the id as the message quotes it

    def message(self) -> Msg:
        """As a verdict's message (JSON lines, course marking, question files)."""
        if self.gate is Gate.UNKNOWN_ID:
            return msg("unknown_id", id=self.shown, closest=self.hint)
        if self.gate is Gate.SHAPE_ON_CHOICE:
            return msg("shape_flag")
        if self.gate is Gate.SEED:
            return msg("seed_not_int")
        if self.gate is Gate.PART:
            return msg("part_differential" if self.shape else "part_gradient", id=self.qid)
        if self.gate is Gate.NO_WALKTHROUGH:
            return self.reason or msg("step_flag")
        return msg("not_a_step", name=self.shown_node, steps=listed(self.nodes, SHOWN_NAMES))

    @property
    def shown_node(self) -> str:
        """The node as typed, cut short: a pasted name is not echoed whole."""
        return shortened(self.node or "")

    def usage(self) -> str:
        """As `trainer answer` says it: the question's id first, the option by its name."""
        if self.gate is Gate.SHAPE_ON_CHOICE:
            return f"{self.qid}: --shape does not apply to a choice question."
        if self.gate is Gate.NO_WALKTHROUGH and self.shape:
            return f"{self.qid}: --shape does not apply to a walkthrough step."
        if self.gate is Gate.NO_WALKTHROUGH and self.reason is not None:
            return f"{self.qid}: {self.reason.text()}"
        if self.gate is Gate.PART and self.shape:
            return f"{self.qid} asks for a differential: answer it with --differential."
        if self.gate is Gate.PART:
            return f"{self.qid}: --differential does not apply here; it asks for a gradient."
        if self.gate is Gate.NOT_A_STEP:
            steps = listed(self.nodes, SHOWN_NAMES)["en"]
            return f"{self.shown_node} is not a step of {self.qid}; steps: {steps}"
        return f"{self.qid}: {self.message().text()}"


def broken(qid: str | None, kind: AnswerKind, text: str | None, error: TrainerError) -> Verdict:
    """The verdict on an answer to a question that cannot be run."""
    return Verdict.invalid(qid, kind, text, msg("question_broken", error=error.msg))


def verdict_kind(question: Question, kind: AnswerKind, node: str | None = None) -> AnswerKind:
    """The kind a verdict names: a step, the choice of a choice question, else as asked."""
    if node is not None:
        return AnswerKind.STEP
    if kind != AnswerKind.SHAPE and question.is_choice:
        return AnswerKind.CHOICE
    return kind


class Judge:
    """Judges requests; safe to share between threads (the pool and memo are guarded; the work
    on one oracle is the caller's to serialise, as the practice engine does per question)."""

    def __init__(
        self,
        questions: Mapping[str, Question] | None = None,
        *,
        bounded: bool = True,
        time_limit: float = TIME_LIMIT,
    ) -> None:
        self.questions: Mapping[str, Question] = questions if questions is not None else {}
        self.bounded = bounded
        self.time_limit = time_limit
        self._pool: OrderedDict[tuple[str, int], tuple[Oracle, Walkthrough | None]] = OrderedDict()
        self._verdicts: OrderedDict[tuple[object, ...], Verdict] = OrderedDict()
        self._guard = threading.Lock()  # over the pool and the memo only

    # --- the pool ----------------------------------------------------------------------------

    def question(self, question: Question | str) -> Question | None:
        if isinstance(question, str):
            return self.questions.get(question)
        return question

    def _entry(self, question: Question, seed: int) -> tuple[Oracle, Walkthrough | None]:
        key = (question.id, seed)
        with self._guard:
            entry = self._pool.get(key)
            if entry is not None:
                self._pool.move_to_end(key)
                return entry
            oracle = Oracle(question, seed, time_limit=self.time_limit)
            walkthrough = Walkthrough(oracle) if no_walkthrough(question) is None else None
            self._pool[key] = entry = (oracle, walkthrough)
            self._evict()
            return entry

    def oracle(self, question: Question, seed: int = 0) -> Oracle:
        return self._entry(question, seed)[0]

    def walkthrough(self, question: Question, seed: int = 0) -> Walkthrough | None:
        """The question's walkthrough on its oracle's trials; None when it has none."""
        return self._entry(question, seed)[1]

    def forget(self, question_id: str) -> None:
        """Drop a question's oracles (at every seed) and the verdicts judged on them."""
        with self._guard:
            for entry in [k for k in self._pool if k[0] == question_id]:
                del self._pool[entry]
            for memo in [k for k in self._verdicts if k[0] == question_id]:
                del self._verdicts[memo]

    def _evict(self) -> None:
        """Forget the oracles used longest ago while too many, or too large, are kept."""
        while (
            self.bounded
            and len(self._pool) > 1
            and (
                len(self._pool) > MAX_ORACLES
                or sum(oracle.size for oracle, _ in self._pool.values()) > MAX_KEPT_ELEMENTS
            )
        ):
            self._pool.popitem(last=False)

    # --- the gates ---------------------------------------------------------------------------

    def unknown(self, qid: object) -> Refusal:
        """An id not in the bank, with the closest one it has."""
        hint = closest_hint(str(qid), self.questions)
        known = qid if isinstance(qid, str) else ""
        return Refusal(Gate.UNKNOWN_ID, known, hint=hint, shown=repr(qid)[:200])

    def refusal(self, request: Request) -> Refusal | None:
        """The first gate the request does not pass, or None when it may be judged."""
        question = self.question(request.question)
        if question is None:
            return self.unknown(request.question)
        shape = request.kind == AnswerKind.SHAPE
        if shape and question.is_choice:
            return Refusal(Gate.SHAPE_ON_CHOICE, question.id)
        if not -SEED_BOUND <= request.seed < SEED_BOUND:
            return Refusal(Gate.SEED, question.id)
        differential = request.kind == AnswerKind.DIFFERENTIAL
        if not question.is_choice and (differential or request.kind == AnswerKind.VALUE):
            wrong = differential != question.is_differential
            if (request.node is None and wrong) or (request.node is not None and differential):
                # `shape` says which: a differential question asked for a gradient
                return Refusal(Gate.PART, question.id, shape=question.is_differential and wrong)
        if request.node is None:
            return None
        return self.step_refusal(question, request.seed, shape, request.node)

    def step_refusal(
        self, question: Question, seed: int, shape: bool, node: str | None
    ) -> Refusal | None:
        """The gates of a step: the question has a walkthrough, the answer is not a shape, and
        `node` is one of its steps (None: the step named no node at all)."""
        reason = no_walkthrough(question)
        if reason is not None or shape or node is None:
            return Refusal(Gate.NO_WALKTHROUGH, question.id, reason, shape, node)
        walkthrough = self.walkthrough(question, seed)
        assert walkthrough is not None  # no_walkthrough said it has one
        nodes = tuple(step.node for step in walkthrough.steps)
        if node not in nodes:
            return Refusal(Gate.NOT_A_STEP, question.id, node=node, nodes=nodes)
        return None

    def refused(self, refusal: Refusal, request: Request) -> Verdict:
        """A refusal as a verdict: of a step once the gates of the step are reached."""
        text, message = request.text, refusal.message()
        question = self.question(request.question)
        if question is None:
            return Verdict.invalid(request.qid, AnswerKind.VALUE, text, message)
        if refusal.gate in (Gate.NO_WALKTHROUGH, Gate.NOT_A_STEP):
            return Verdict.invalid(question.id, AnswerKind.STEP, text, message, step=request.node)
        kind = verdict_kind(question, request.kind)
        return Verdict.invalid(question.id, kind, text, message)

    # --- judging -----------------------------------------------------------------------------

    def judge(self, request: Request) -> Verdict:
        """The verdict on the request; raises TrainerError when its question cannot be run."""
        question = self.question(request.question)
        refused = self.refusal(request)
        if refused is not None:
            return self.refused(refused, request)
        assert question is not None  # the first gate
        kind = verdict_kind(question, request.kind, request.node)
        key = (question.id, request.seed, kind, request.node, _normal_form(request.text, kind))
        with self._guard:
            known = self._verdicts.get(key)
        if known is None:
            oracle, walkthrough = self._entry(question, request.seed)
            built = oracle.size > 0
            if request.node is not None:
                assert walkthrough is not None  # the walkthrough gate
                known = walkthrough.judge(request.node, request.text)
            elif kind == AnswerKind.DIFFERENTIAL:
                known = judge_differential(oracle, request.text)
            else:
                known = oracle.judge(request.text, kind)
            with self._guard:
                self._verdicts[key] = known
                if len(self._verdicts) > MAX_VERDICTS:
                    self._verdicts.popitem(last=False)
                if not built:
                    self._evict()  # its trials were just built: it weighs what they hold now
        if known.answer == request.text:
            return known
        return replace(known, answer=request.text)


def _normal_form(answer: str, kind: AnswerKind) -> str:
    """One key for every spelling of one expression (`x.T`, `xᵀ`, spacing): the same answer
    is judged once. Text that does not parse keys as typed (its message names columns)."""
    if kind not in (AnswerKind.VALUE, AnswerKind.STEP, AnswerKind.DIFFERENTIAL):
        return answer
    try:
        return "\x00" + parse(answer).text
    except NotationError:
        return answer
