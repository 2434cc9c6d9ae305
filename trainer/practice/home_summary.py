"""What the home screen shows, kept small in the data folder: the first frame needs no bank.

The summary holds the decks' titles, descriptions and counts (questions, mastered, due today),
the notices of the filters and the lines of the skipped files, in the run's language. It is
kept under a key: the bank's files (the fingerprint the bank cache uses), the filters, the
language, the progress (the last review's number and the number of scheduled questions: every
change of a schedule comes with a review) and the day (what is due changes at midnight). Any
change of these, and the home screen is drawn from the bank as on a first run, and the summary
rebuilt. The file is untrusted: read within a bound, each field checked for its type and its
bounds; anything else, and it is ignored.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from trainer import __version__
from trainer.messages import pick_text
from trainer.practice.i18n import N_, Labels
from trainer.practice.outlook import outlook, review_text, weakest_text
from trainer.practice.practice_bank import PracticeBank
from trainer.practice.progress import DeckCounts, Progress
from trainer.practice.scheduler import start_of_tomorrow
from trainer.practice.store import CardRecord
from trainer.questions.kept import BankFiles, read_json, write_json

FORMAT = 1
LIMIT = 1 << 20  # bytes of the file: a summary of a thousand decks fits in a tenth of it
MAX_DECKS = 1000
MAX_TEXT = 20_000  # characters of one title, description, notice or problem line
MAX_NOTICES = 20
MAX_PROBLEM_LINES = 20  # lines of skipped files shown; the rest are counted
MAX_COUNT = 1 << 20  # questions in one deck
REVIEW_KEY = N_("Press d to review them.")
NEXT_KEY = N_("Press d for what to practise next.")


class _Doubt(Exception):
    """The file does not hold a summary as this trainer writes one."""


@dataclass(frozen=True)
class SummaryDeck:
    deck_id: str
    title: str  # in the run's language, like the description
    description: str
    counts: DeckCounts


@dataclass(frozen=True)
class HomeSummary:
    decks: list[SummaryDeck]
    notices: list[str] = field(default_factory=list)  # filters that matched nothing
    skipped: int = 0  # files or questions skipped as invalid
    problems: list[str] = field(default_factory=list)  # their first lines, `FILE:LINE: ID: …`
    more: int = 0  # lines left out after those
    outlook: str = ""  # what is due today, or the next review and what `d` practises instead

    def deck(self, deck_id: str | None) -> SummaryDeck | None:
        return next((deck for deck in self.decks if deck.deck_id == deck_id), None)


def summarize(bank: PracticeBank, progress: Progress, lang: str) -> HomeSummary:
    """The summary of the bank as it stands, with the progress as it stands."""
    cards = progress.cards()
    labels = Labels(lang)
    problems = bank.problems
    return HomeSummary(
        decks=[
            SummaryDeck(
                deck.id,
                pick_text(deck.title, lang),
                pick_text(deck.description, lang),
                progress.deck_counts(deck.id, deck.questions, cards),
            )
            for deck in bank.decks
        ],
        notices=[labels(notice.text, **notice.params) for notice in bank.notices],
        skipped=len({(p.path, p.id) for p in problems}),
        problems=[p.format(lang) for p in problems[:MAX_PROBLEM_LINES]],
        more=max(0, len(problems) - MAX_PROBLEM_LINES),
        outlook=outlook_line(bank, progress, cards, labels),
    )


def outlook_line(
    bank: PracticeBank, progress: Progress, cards: dict[str, CardRecord], t: Labels
) -> str:
    """What is due today, or when the next review is and what `d` practises instead."""
    questions = bank.questions()
    if not questions:
        return ""
    now = progress.clock()
    seen = outlook(questions, cards, progress.tag_accuracy(questions), now)
    line = review_text(seen, now.astimezone().date(), t)
    if seen.due_today:
        return t.join(line, t(REVIEW_KEY))
    return t.join(line, t(NEXT_KEY), weakest_text(seen, t))


class SummaryFile:
    """The summary file of one run: its key is made of the run's bank files, filters and
    language, and of the progress and the day at the moment it is read or written."""

    def __init__(self, path: Path, files: BankFiles, run: list[object]) -> None:
        self.path = path
        self.files = files
        self.run = run  # the filters and the language
        self._kept: tuple[list[object], HomeSummary] | None = None

    def key(self, progress: Progress) -> list[object] | None:
        """None when the progress is kept in memory only: nothing to find again next time."""
        stamp = progress.stamp()
        if stamp is None:
            return None
        day = start_of_tomorrow(progress.clock()).isoformat()
        return [__version__, FORMAT, self.files.digests, self.run, stamp, day]

    def read(self, progress: Progress) -> HomeSummary | None:
        """The summary kept for this bank, progress and day, or None."""
        key = self.key(progress)
        data = read_json(self.path, LIMIT)
        if key is None or type(data) is not dict or data.get("key") != key:
            return None
        try:
            summary = _summary(data.get("summary"))
        except (_Doubt, KeyError):
            return None
        self._kept = (key, summary)
        return summary

    def keep(self, summary: HomeSummary, progress: Progress) -> None:
        """Write `summary` unless the file already holds it under the same key."""
        key = self.key(progress)
        if key is None or self._kept == (key, summary):
            return
        write_json(self.path, {"key": key, "summary": asdict(summary)})
        self._kept = (key, summary)


# --- reading, trusting nothing ---------------------------------------------------------------


def _summary(data: Any) -> HomeSummary:
    data = _dict(data)
    decks = [_deck(d) for d in _list(data["decks"], MAX_DECKS)]
    _check(len({d.deck_id for d in decks}) == len(decks))
    return HomeSummary(
        decks=decks,
        notices=[_text(n) for n in _list(data["notices"], MAX_NOTICES)],
        skipped=_count(data["skipped"]),
        problems=[_text(p) for p in _list(data["problems"], MAX_PROBLEM_LINES)],
        more=_count(data["more"]),
        outlook=_text(data["outlook"]),
    )


def _deck(data: Any) -> SummaryDeck:
    data = _dict(data)
    counts = _dict(data["counts"])
    deck_id = _text(data["deck_id"])
    numbers = {name: _count(counts[name]) for name in _COUNTED}
    _check(bool(deck_id) and deck_id == _text(counts["deck_id"]) and numbers["questions"] > 0)
    _check(all(numbers[name] <= numbers["questions"] for name in _COUNTED))
    return SummaryDeck(
        deck_id,
        _text(data["title"]),
        _text(data["description"]),
        DeckCounts(deck_id=deck_id, **numbers),
    )


_COUNTED = ("questions", "attempted", "mastered", "due")


def _check(ok: bool) -> None:
    if not ok:
        raise _Doubt


def _typed(kind: type, bound: Callable[[Any], bool]) -> Callable[[Any], Any]:
    def read(value: Any) -> Any:
        _check(type(value) is kind and bound(value))  # exact: a bool is no count
        return value

    return read


_text: Callable[[Any], str] = _typed(str, lambda s: len(s) <= MAX_TEXT)
_count: Callable[[Any], int] = _typed(int, lambda n: 0 <= n <= MAX_COUNT)
_dict: Callable[[Any], dict[str, Any]] = _typed(dict, lambda d: True)


def _list(value: Any, most: int) -> list[Any]:
    _check(type(value) is list and len(value) <= most)
    result: list[Any] = value
    return result
