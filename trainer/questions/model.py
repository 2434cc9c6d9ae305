"""The question model: plain dataclasses the loader fills and the oracle and app read.

`Problem` is the one problem type of every file (`trainer.errors`); the bank holds its own.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path

from trainer.errors import Problem
from trainer.messages import pick_text

Text = dict[str, str]  # language code → text; always has "en"


class AnswerKind(StrEnum):
    """What an answer is an answer to: one of a question's `ask` parts, or a walkthrough step.

    Defined here once; the loader reads `ask` into these, the oracle judges by them, and every
    surface (command line, JSON lines, course parts, the app) names its part with them."""

    VALUE = "value"
    SHAPE = "shape"
    CHOICE = "choice"
    STEP = "step"  # one step of the backward walkthrough
    DIFFERENTIAL = "differential"  # df for a change d<wrt> (forward mode, format v1.2)


INITS = ("normal", "positive", "unit", "spd", "onehot", "sign")


@dataclass(frozen=True)
class TensorSpec:
    """One `given` tensor: its shape in dimension names/integers, how to fill it, or a literal."""

    name: str
    shape: tuple[str, ...]  # dimension names or digits; for a literal, its sizes as digits
    init: str = "normal"
    value: object = None  # a number or nested list when the tensor is a literal
    line: int = 0
    classes: str | None = None  # an index tensor (`index: k`): labels in 0..k-1, k a dim or digits


@dataclass(frozen=True)
class ForwardLine:
    """One forward line, `name = expression` (also an authored walkthrough step)."""

    name: str
    expression: str
    line: int = 0


@dataclass(frozen=True)
class Mistake:
    answer: str  # an expression, a shape (ask: shape) or a choice number (ask: choice)
    says: Text
    line: int = 0


@dataclass(frozen=True)
class AuthoredStep:
    """A `steps` entry: the step's reference in the author's spelling (None: derived), and the
    wrong answers to that step that deserve their own feedback."""

    name: str
    expression: str | None
    line: int = 0
    mistakes: tuple[Mistake, ...] = ()


@dataclass(frozen=True)
class DimRange:
    low: int
    high: int
    line: int = field(default=0, compare=False)

    @property
    def fixed(self) -> bool:
        return self.low == self.high


@dataclass
class Question:
    id: str
    deck: str
    title: Text
    prompt: Text
    ask: tuple[str, ...] = ("shape", "value")
    given: dict[str, TensorSpec] = field(default_factory=dict)
    forward: tuple[ForwardLine, ...] = ()
    wrt: str | None = None
    of: tuple[str, ...] = ()
    upstream: str | None = None
    backward: int = 1
    choices: tuple[Text, ...] = ()
    answer: str | None = None
    dims: dict[str, DimRange] = field(default_factory=dict)
    level: int = 1
    tags: tuple[str, ...] = ()
    hint: Text | None = None
    explain: Text | None = None
    mistakes: tuple[Mistake, ...] = ()
    steps: dict[str, AuthoredStep] = field(default_factory=dict)  # node → reference, mistakes
    path: Path = Path()
    line: int = 0
    key_lines: dict[str, int] = field(default_factory=dict)

    def asks(self, kind: AnswerKind | str) -> bool:
        """Whether `kind` is one of the parts this question asks for."""
        return kind in self.ask

    @property
    def is_choice(self) -> bool:
        return self.ask == (AnswerKind.CHOICE,)

    @property
    def shape_only(self) -> bool:
        """The question asks for the gradient's shape and nothing more."""
        return self.ask == (AnswerKind.SHAPE,)

    @property
    def is_differential(self) -> bool:
        """It asks for the differential of `of` (forward mode) instead of a gradient."""
        return AnswerKind.DIFFERENTIAL in self.ask

    @property
    def direction(self) -> str:
        """The name of the change of wrt a differential is written in: dA for wrt A."""
        return f"d{self.wrt}"

    @property
    def dim_names(self) -> frozenset[str]:
        return frozenset(self.dims)

    def line_of(self, key: str) -> int:
        """The line of a key of this question, or the question's own line."""
        return self.key_lines.get(key, self.line)

    def text(self, name: str, lang: str = "en") -> str:
        return pick_text(getattr(self, name), lang)


@dataclass
class Deck:
    id: str
    title: Text
    description: Text | None
    path: Path
    questions: list[Question] = field(default_factory=list)
    line: int = 1  # of the `deck:` key


@dataclass
class Bank:
    """Everything loaded together: the decks, the valid questions by id, and every problem."""

    decks: list[Deck] = field(default_factory=list)
    questions: dict[str, Question] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
