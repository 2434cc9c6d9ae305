"""How a wrong value is shown: a trial where it differs, by its sizes, and the few entries that
differ there (index, yours, expected), in digits enough to tell the two numbers apart.

Whole tensors side by side hide the point: 0.8993 against 0.8993 (the same to four digits) or
the one entry in a hundred that is off. Which entries differ is `compare`'s rule; this module
only chooses the trial and the words. A gradient that is the same in every trial (a question
of literal numbers) is the answer itself: there the message names where yours is off, never
the expected numbers.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from trainer.messages import Msg, msg
from trainer.oracle.compare import differences, format_number, same

SHOWN_DIFFERENCES = 3  # entries a message names; the count says how many more differ
MOST_DIGITS = 17  # a double's significant digits: two different doubles differ by then


def differing_trial(answers: Sequence[Any], truths: Sequence[Any]) -> int:
    """The smallest trial where the answer differs (a mask may agree on a small trial: the
    message then shows a trial that tells); the smallest trial when none differs alone."""
    by_size = sorted(range(len(truths)), key=lambda i: (truths[i].numel(), i))
    wrong = [i for i in by_size if not same(answers[i], truths[i])]
    return wrong[0] if wrong else by_size[0]


def told_apart(yours: float, expected: float) -> tuple[str, str]:
    """Both numbers as `format_number` writes them, or with more digits until they differ."""
    mine, theirs = format_number(yours), format_number(expected)
    digits = 4
    while mine == theirs and yours != expected and digits < MOST_DIGITS:
        digits += 1
        mine, theirs = f"{yours:.{digits}g}", f"{expected:.{digits}g}"
    return mine, theirs


def index_text(position: tuple[int, ...]) -> str:
    return "[" + ", ".join(str(i) for i in position) + "]"


def values_differ(
    answers: Sequence[Any], truths: Sequence[Any], instance: Callable[[int], object]
) -> Msg:
    """The message of a value that is wrong for no reason the ladder knows: `instance(i)`
    names trial i's sizes."""
    index = differing_trial(answers, truths)
    yours, truth = answers[index], truths[index]
    count, shown = differences(yours, truth, SHOWN_DIFFERENCES)
    hidden = len(truths) > 1 and all(same(t, truths[0]) for t in truths)
    if truth.numel() == 1:
        mine, theirs = told_apart(float(yours.reshape(-1)[0]), float(truth.reshape(-1)[0]))
        if hidden:
            return msg("values_differ_own", instance=instance(index), yours=mine)
        return msg("values_differ", instance=instance(index), yours=mine, expected=theirs)
    where: Msg | str = ""
    for position, mine_value, expected_value in reversed(shown):
        mine, theirs = told_apart(mine_value, expected_value)
        at = index_text(position)
        entry = (
            msg("difference_own", index=at, yours=mine)
            if hidden
            else msg("difference", index=at, yours=mine, expected=theirs)
        )
        where = entry if where == "" else msg("differences", first=entry, rest=where)
    return msg(
        "values_differ_many",
        count=count,
        total=truth.numel(),
        instance=instance(index),
        where=where,
    )
