"""Shared test set-up: question fixture folders are data, never collected as tests; no test
reaches the user's data folder; and the helpers every engine test shares (a time limit, decks
written to a temporary folder, the valid fixture bank and its oracles)."""

from __future__ import annotations

import contextlib
import itertools
import signal
import textwrap
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from trainer.questions import Bank, Question, load_bank

collect_ignore_glob = ["fixtures/*", "fixtures/**/*", "app/questions/*", "app/questions/**/*"]


@pytest.fixture(autouse=True, scope="session")
def own_data_folder(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """A data folder of this test process's own (each xdist worker has its own temporary
    root), so a test that forgets to pass one neither writes to the user's progress nor shares
    a database with a test running in parallel. Tests that need a folder still make theirs."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("TRAINER_DATA_DIR", str(tmp_path_factory.mktemp("data")))
        yield


FIXTURES = Path(__file__).resolve().parent / "fixtures"
VALID = FIXTURES / "valid"
BROKEN = FIXTURES / "broken"


class Hang(BaseException):
    """Raised by time_limit; a BaseException so that no `except Exception` in the engine eats it."""


@contextmanager
def _time_limit(seconds: float) -> Iterator[None]:
    """Fail (instead of hanging the suite) when the body runs longer than `seconds`."""

    def expire(signum, frame):
        raise Hang(f"still running after {seconds} s: a hang")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


@pytest.fixture(scope="session")
def time_limit() -> Callable[[float], contextlib.AbstractContextManager]:
    """`with time_limit(5): ...` fails the test instead of hanging the whole suite."""
    return _time_limit


def deck_text(questions: str, deck: str = "tmp-deck") -> str:
    """A deck file around a YAML list of questions (given dedented, starting with `- id:`)."""
    body = textwrap.indent(textwrap.dedent(questions).strip("\n"), "  ")
    return f"deck: {deck}\ntitle: Temporary deck\nquestions:\n{body}\n"


@pytest.fixture(scope="session")
def valid_bank() -> Bank:
    bank = load_bank([VALID])
    assert not bank.problems, [p.format() for p in bank.problems]
    return bank


@pytest.fixture(scope="session")
def oracle_for(valid_bank: Bank) -> Callable:
    """oracle_for(id, seed=0): one Oracle per (id, seed) for the session; trials built once."""
    from trainer.oracle import Oracle

    cache: dict = {}

    def get(qid: str, seed: int = 0) -> Oracle:
        if (qid, seed) not in cache:
            cache[qid, seed] = Oracle(valid_bank.questions[qid], seed)
        return cache[qid, seed]

    return get


@pytest.fixture
def write_deck(tmp_path: Path) -> Callable[..., Path]:
    """write_deck(questions_yaml, name="deck.yaml", deck=...) → the path of a new deck file."""

    def write(questions: str, name: str = "deck.yaml", deck: str | None = None) -> Path:
        path = tmp_path / name
        path.write_text(deck_text(questions, deck or Path(name).stem), encoding="utf-8")
        return path

    return write


@pytest.fixture
def make_question(write_deck: Callable[..., Path]) -> Callable[[str], Question]:
    """make_question(one_question_yaml) → the loaded Question (failing if the loader objects)."""
    numbers = itertools.count()

    def make(question: str) -> Question:
        path = write_deck(question, name=f"q{next(numbers)}.yaml")
        bank = load_bank([path])
        assert not bank.problems, [p.format() for p in bank.problems]
        (loaded,) = bank.questions.values()
        return loaded

    return make
