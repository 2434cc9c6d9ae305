"""Engine work off the UI thread: one helper for every screen (judging, numbers, graphs,
walkthrough steps), talking back only by posting an `EngineReply`."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from textual.dom import DOMNode
from textual.message import Message

from trainer.practice.engine import EngineError


@dataclass
class EngineReply(Message):
    """Engine work for `key` finished: its `result`, or the `error` to show instead."""

    key: str
    result: object = None
    error: str | None = None


def run_engine(node: DOMNode, key: str, work: Callable[[], object], description: str) -> None:
    """Run `work` in a thread worker (one at a time per `key`); post the reply to `node`.

    `work` calls the engine, which waits for torch and turns every failure into an
    `EngineError`, so a reply always comes.
    """

    def run() -> None:
        try:
            result = work()
        except EngineError as error:
            node.post_message(EngineReply(key, error=error.text))
            return
        node.post_message(EngineReply(key, result))

    node.run_worker(
        run, thread=True, exclusive=True, group=key, exit_on_error=False, description=description
    )
