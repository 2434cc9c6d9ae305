"""Driving `python -m trainer practice` as a learner or a script would: through pipes, or
through a pseudo-terminal answering each prompt as it appears."""

from __future__ import annotations

import os
import re
import select
import signal
import subprocess
import sys
import time
from pathlib import Path

from trainer.practice.locations import database_path
from trainer.practice.store import Attempt, Review, Store

ROOT = Path(__file__).resolve().parents[2]
QUESTIONS = ROOT / "tests" / "app" / "questions"
SMALL = ["--questions", str(QUESTIONS / "valid"), "--questions", str(QUESTIONS / "walk")]
PROMPT = re.compile(r"(shape|answer|choice|step \S+)> $")
WAIT = 300.0  # seconds for a prompt: torch's import on a busy machine; never reached when well


def environment(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("TRAINER_", "LC_"))}
    env.update({"LANG": "C.UTF-8", "PYTHONIOENCODING": "utf-8", "TERM": "xterm"}, **extra)
    env.pop("LANGUAGE", None)
    return env


def through_pipes(
    args: list[str], replies: list[str], **env: str
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "trainer", "practice", *args],
        input="".join(reply + "\n" for reply in replies),
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=environment(**env),
        cwd=ROOT,
        timeout=WAIT,
    )


class PtySession:
    """A process on a pseudo-terminal; `answer` waits for a prompt, then types one line."""

    def __init__(self, args: list[str], **env: str) -> None:
        master, slave = os.openpty()
        self.master = master
        self.process = subprocess.Popen(
            [sys.executable, "-m", "trainer", "practice", *args],
            stdin=slave,
            stdout=slave,
            stderr=slave,
            env=environment(**env),
            cwd=ROOT,
            start_new_session=True,
        )
        os.close(slave)
        self.output = b""
        self.mark = 0  # where the output after the last reply starts

    def _read(self, deadline: float) -> bool:
        ready, _, _ = select.select([self.master], [], [], max(0.0, deadline - time.monotonic()))
        if not ready:
            return False
        try:
            chunk = os.read(self.master, 65536)
        except OSError:  # the child closed the terminal
            chunk = b""
        if not chunk:
            return False
        self.output += chunk
        return True

    @property
    def text(self) -> str:
        return self.output.decode("utf-8", "replace").replace("\r\n", "\n")

    def wait_prompt(self) -> None:
        """Until the output since the last reply ends at a prompt."""
        deadline = time.monotonic() + WAIT
        while not PROMPT.search(self.output[self.mark :].decode("utf-8", "replace")):
            if not self._read(deadline):
                raise AssertionError(f"no prompt; output so far:\n{self.text[-2000:]}")

    def answer(self, reply: str) -> None:
        self.wait_prompt()
        self.mark = len(self.output)
        os.write(self.master, reply.encode() + b"\r")

    def interrupt(self) -> None:
        self.wait_prompt()
        self.mark = len(self.output)
        self.process.send_signal(signal.SIGINT)  # what Ctrl-C sends to the foreground process

    def finish(self) -> int:
        deadline = time.monotonic() + WAIT
        while self._read(deadline):
            pass
        code = self.process.wait(timeout=WAIT)
        os.close(self.master)
        return code


def stored(data_dir: Path) -> tuple[list[Attempt], list[Review]]:
    store = Store.open(database_path(data_dir))
    try:
        return store.attempts(), store.reviews()
    finally:
        store.close()
