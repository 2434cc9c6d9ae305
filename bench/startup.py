"""Benchmark: how fast the practice app starts and checks answers, against a minimal Textual app.

Both apps run as real processes in a pseudo-terminal (120x40), started fresh several times in
the same run, and are timed the same way, from the outside: from just before the process is
started until a marker text appears in what it writes to the terminal.

- home:   process start -> the home screen's deck list is drawn, on a usual start (the data
          folder of an earlier run: progress, the cached bank and the home screen's summary, so
          the first frame is drawn from the summary and the bank read after it; the benchmark
          checks that no usual start had to rebuild the summary) and on the very first;
          beside a stock Textual app that draws the same widgets (header, a line, an 8-row
          table, footer: process start -> its last row is drawn) and a minimal one (one label);
- first verdict: process start -> the verdict on a shape answer typed as soon as the first
          question appeared (torch loads in the background, so this includes the wait for it);
- verdict on Enter: Enter -> the verdict drawn, once torch is loaded and the app is idle.

Targets: home (usual start) <= 1.1x the stock app with the same widgets; verdict on Enter
< 50 ms. The ratio is the median of the ratios of each round, the apps of a round started one
right after the other: this machine's speed drifts from minute to minute, and a ratio within a
round cancels most of that drift.

Run:  python bench/startup.py [--repeat N]
"""

from __future__ import annotations

import argparse
import contextlib
import fcntl
import os
import pty
import re
import select
import signal
import statistics
import struct
import sys
import tempfile
import termios
import time
from pathlib import Path

COLUMNS, ROWS = 120, 40
MINIMAL = """
from textual.app import App
from textual.widgets import Label

class Minimal(App):
    def compose(self):
        yield Label("minimal app ready")

Minimal().run()
"""
# The reference of the target: a stock Textual app with the widgets the home screen is made of
# (header, the line above the table, an 8-row table, footer), so that the ratio is what the
# trainer itself adds (its modules, the bank, the progress database, its styles).
SAME_WIDGETS = """
from textual.app import App
from textual.widgets import DataTable, Footer, Header, Static

class SameWidgets(App):
    BINDINGS = [("d", "bell", "Review due"), ("m", "bell", "Mixed practice"), ("q", "quit", "Quit")]

    def compose(self):
        yield Header()
        yield Static("Choose a deck and press Enter.")
        table = DataTable(cursor_type="row")
        table.add_columns("Deck", "Questions", "Mastered", "Due today")
        for i in range(8):
            table.add_row(f"Deck {i} of the same widgets", "15", "0/15", "0")
        yield table
        yield Footer()

SameWidgets().run()
"""
ANSI = re.compile(
    rb"\x1b(\[[0-9;?<>=$]*[ -/]*[@-~]|\][^\x07\x1b]*(\x07|\x1b\\)|[()][0-9A-Za-z]|[=>78MDEc])"
)


class Terminal:
    """A child process on a pty; `wait_for` returns when a text has appeared on its screen."""

    def __init__(self, argv: list[str], env: dict[str, str]) -> None:
        self.started = time.monotonic()
        pid, fd = pty.fork()
        if pid == 0:  # the child: size the terminal, then become the program
            fcntl.ioctl(0, termios.TIOCSWINSZ, struct.pack("HHHH", ROWS, COLUMNS, 0, 0))
            os.execvpe(argv[0], argv, env)
        self.pid, self.fd = pid, fd
        self.seen = b""

    def _read(self, timeout: float) -> None:
        ready, _, _ = select.select([self.fd], [], [], timeout)
        if ready:
            try:
                chunk = os.read(self.fd, 1 << 16)
            except OSError:  # the child is gone
                chunk = b""
            self.seen += ANSI.sub(b"", chunk)

    def wait_for(self, text: str, timeout: float = 30.0) -> float:
        """Seconds since the process started, when `text` was first drawn."""
        marker = text.encode()
        deadline = time.monotonic() + timeout
        while marker not in self.seen:
            if time.monotonic() > deadline:
                raise TimeoutError(f"{text!r} never appeared; last output: {self.seen[-400:]!r}")
            self._read(0.05)
        now = time.monotonic()
        self.seen = self.seen[self.seen.index(marker) + len(marker) :]
        return now - self.started

    def drain(self, seconds: float) -> None:
        end = time.monotonic() + seconds
        while time.monotonic() < end:
            self._read(0.05)

    def type(self, keys: str) -> float:
        os.write(self.fd, keys.encode())
        return time.monotonic() - self.started

    def close(self) -> None:
        try:
            os.write(self.fd, b"\x11")  # ctrl+q
            self.drain(0.5)
        finally:
            with contextlib.suppress(ProcessLookupError):
                os.kill(self.pid, signal.SIGTERM)
            os.waitpid(self.pid, 0)
            os.close(self.fd)


def environment() -> dict[str, str]:
    env = dict(os.environ, TERM="xterm-256color", COLUMNS=str(COLUMNS), LINES=str(ROWS))
    env.pop("TEXTUAL", None)
    # Both apps start from compiled bytecode, as an installed package does (pip compiles it
    # at install); a machine that sets PYTHONDONTWRITEBYTECODE would otherwise recompile the
    # trainer's own modules on every start while Textual's come precompiled.
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    return env


def compile_trainer() -> None:
    import compileall

    import trainer

    compileall.compile_dir(os.path.dirname(trainer.__file__), quiet=1)


def time_same_widgets() -> float:
    terminal = Terminal([sys.executable, "-c", SAME_WIDGETS], environment())
    try:
        return terminal.wait_for("Deck 7 of the same widgets")
    finally:
        terminal.close()


def time_minimal() -> float:
    terminal = Terminal([sys.executable, "-c", MINIMAL], environment())
    try:
        return terminal.wait_for("minimal app ready")
    finally:
        terminal.close()


def first_questions() -> tuple[str, list[tuple[str, str]]]:
    """The first deck's title and, for its first two questions as the app orders them, the
    answers to type: (text, a marker of the verdict it gets). Read from the bundled bank, so
    the benchmark follows the bank as it changes."""
    from datetime import UTC, datetime

    from trainer.oracle import Judge
    from trainer.practice.session import plan_deck
    from trainer.questions import load_bank

    deck = load_bank().decks[0]
    answers = []
    for question in plan_deck(deck.questions, {}, datetime.now(UTC))[:2]:
        assert question.ask == ("shape", "value") and question.answer, question.id
        shape = Judge().oracle(question).expected_shape
        answers += [
            (shape, "Now the value"),
            (f"2*({question.answer})", "✗"),
            (question.answer, "Press any key"),
        ]
    return deck.title["en"], answers


def time_usual_start(deck: str, data: str) -> float:
    """Process start -> home drawn, with the data folder of an earlier run (its progress, its
    cache of the parsed bank, the home screen's summary): how the app starts for a learner on
    any day but the first."""
    argv = [sys.executable, "-m", "trainer", "practice", "--data-dir", data, "--seed", "0"]
    terminal = Terminal(argv, dict(environment(), TRAINER_LANG="en"))
    try:
        return terminal.wait_for(deck)
    finally:
        terminal.close()


def time_trainer(deck: str, answers: list[tuple[str, str]]) -> tuple[float, float, list[float]]:
    """(home drawn, first verdict, [Enter -> verdict, ...]) for one fresh start."""
    with tempfile.TemporaryDirectory() as data:
        argv = [sys.executable, "-m", "trainer", "practice", "--data-dir", data, "--seed", "0"]
        terminal = Terminal(argv, dict(environment(), TRAINER_LANG="en"))
        try:
            home = terminal.wait_for(deck)
            terminal.type("\r")  # start the first deck
            terminal.wait_for("Shape of")
            (shape, marker), *rest = answers
            terminal.type(shape + "\r")  # typed at once: queued until torch is loaded
            first = terminal.wait_for(marker)
            terminal.drain(3.0)  # let the background check of the bank finish: the app is idle
            latencies = []
            for number, (answer, marker) in enumerate(rest, 2):
                if number == 4:  # the second question
                    terminal.type(" ")
                    terminal.wait_for("Shape of")
                sent = terminal.type(answer + "\r")
                latencies.append(terminal.wait_for(marker) - sent)
            return home, first, latencies
        finally:
            terminal.close()


def summary_stamp(data: str) -> int:
    """When the home screen's summary was last written (it is rewritten only when rebuilt)."""
    from trainer.practice.locations import home_summary_path

    path = home_summary_path(Path(data))
    if not path.exists():
        raise SystemExit(f"the first start left no home summary in {data}")
    return path.stat().st_mtime_ns


def ms(seconds: float) -> str:
    return f"{seconds * 1000:7.0f} ms"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=11, help="rounds (fresh starts of each app)")
    repeat = parser.parse_args().repeat

    deck, answers = first_questions()
    compile_trainer()
    kept = tempfile.TemporaryDirectory()
    time_minimal(), time_trainer(deck, answers)  # warm the file cache; not counted
    time_usual_start(deck, kept.name)  # the learner's first day: fills the data folder
    summary = summary_stamp(kept.name)
    minimal, widgets, home, usual, first, latencies = [], [], [], [], [], []
    for round_ in range(repeat):  # interleaved, so all see the same machine load
        minimal.append(time_minimal())
        if round_ % 2:  # the pair of the ratio in either order, so neither always goes first
            usual.append(time_usual_start(deck, kept.name))
            widgets.append(time_same_widgets())
        else:
            widgets.append(time_same_widgets())
            usual.append(time_usual_start(deck, kept.name))
        h, f, lat = time_trainer(deck, answers)
        home.append(h)
        first.append(f)
        latencies.extend(lat)
    if summary_stamp(kept.name) != summary:
        raise SystemExit("a usual start rebuilt the home summary: it was not drawn from it")
    kept.cleanup()

    base, same, again = (statistics.median(t) for t in (minimal, widgets, usual))
    ratios = [u / w for u, w in zip(usual, widgets, strict=True)]
    print(f"{repeat} rounds, each app started fresh once a round, {COLUMNS}x{ROWS} pty")
    print("medians (min..max):")
    print(f"minimal Textual app, label drawn  : {span(minimal)}")
    print(f"stock app, same widgets as home   : {span(widgets)}  = {same / base:.2f}x minimal")
    print(f"trainer, home drawn, usual start  : {span(usual)}  = {again / base:.2f}x minimal")
    fastest = min(usual) / min(widgets)
    print(
        f"  ratio home / same widgets       : {statistics.median(ratios):7.2f}x   (target <= 1.1x;"
        f" rounds {min(ratios):.2f}..{max(ratios):.2f}, fastest starts {fastest:.2f}x)"
    )
    print(f"trainer, home drawn, first start  : {span(home)}  (reads the YAML files)")
    print(
        f"trainer, first answer checked     : {ms(statistics.median(first))}"
        "  (from process start; includes loading torch)"
    )
    print(
        f"verdict on Enter, torch loaded    : {ms(statistics.median(latencies))}"
        f"  (max {ms(max(latencies)).strip()}, {len(latencies)} answers; target < 50 ms)"
    )


def span(times: list[float]) -> str:
    return f"{ms(statistics.median(times))}  ({ms(min(times)).strip()} .. {ms(max(times)).strip()})"


if __name__ == "__main__":
    main()
