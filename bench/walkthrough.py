"""Benchmark: opening a walkthrough and judging one of its steps, once torch is loaded.

Measured on the bundled two-layer MLP (act-mlp-dw1) with its trials already built, as they are
in the app once the bank has been checked; the baseline, in the same run, is judging the
question's own value answer, the check a learner waits for on every Enter.

- open: the walkthrough's steps, adjoint names, the first step's preview and hint (what the
  screen needs to draw), from a fresh `Walkthrough` on the question's oracle;
- judge a step: one step answer judged against the autograd adjoints in every trial;
- reveal a step: its derived reference, composed and then judged against autograd.

And in the app itself (headless, in this process, torch loaded and the bank checked): from the
key that opens the walkthrough to its screen drawn, and from Enter on a step to its verdict.

Target (issue 10): under 50 ms each.

Run:  python bench/walkthrough.py [--repeat N]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from collections.abc import Callable

from trainer.oracle import Judge, Walkthrough
from trainer.questions import load_bank

QUESTION = "act-mlp-dw1"
DECK = "activations"


def milliseconds(run: Callable[[], object], repeat: int) -> tuple[float, float]:
    """(median, maximum) of `repeat` runs, in ms."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        run()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times), max(times)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=50)
    repeat = parser.parse_args().repeat
    question = load_bank().questions[QUESTION]
    oracle = Judge().oracle(question, 3)
    oracle.trials  # noqa: B018 - built once, as the app's bank check does
    first = Walkthrough(oracle).steps[0].node

    def open_walkthrough() -> None:
        walkthrough = Walkthrough(oracle)
        step = walkthrough.steps[0]
        walkthrough.preview(step.node, "W2.T @ do")
        walkthrough.hint(step.node)

    def judge_step() -> None:
        Walkthrough(oracle).judge("z", "dh * step(z)")

    def reveal_step() -> None:
        Walkthrough(oracle).reference("z")

    def judge_value() -> None:
        oracle.judge_value(question.answer or "")

    for run in (open_walkthrough, judge_step, reveal_step, judge_value):
        run()  # warm the first calls of every torch kernel used
    rows = [
        ("open the walkthrough", open_walkthrough),
        ("judge a step", judge_step),
        ("reveal a step (derive + check)", reveal_step),
        ("baseline: judge the value answer", judge_value),
    ]
    baseline, _ = milliseconds(judge_value, repeat)
    print(
        f"{QUESTION}: {len(Walkthrough(oracle).steps)} steps (first: {first}), "
        f"{len(oracle.trials)} trials, medians of {repeat}"
    )
    for label, run in rows:
        median, worst = milliseconds(run, repeat)
        ratio = median / baseline
        print(f"  {label:<34} {median:7.2f} ms  (max {worst:6.2f} ms, {ratio:4.1f}x the baseline)")
    app_open, app_judge = in_the_app(max(3, repeat // 10))
    print(f"  in the app: ctrl+b to the walkthrough drawn  {app_open * 1000:7.1f} ms (median)")
    print(f"  in the app: Enter to a step's verdict        {app_judge * 1000:7.1f} ms (median)")
    print("target: under 50 ms each")


def in_the_app(repeat: int) -> tuple[float, float]:
    """Medians, in a real app on a pty (as bench/startup.py times it): ctrl+b to the
    walkthrough drawn, and Enter on a step to its verdict, once torch is loaded and idle."""
    from startup import Terminal, compile_trainer, environment

    compile_trainer()
    opened, judged = [], []
    with tempfile.TemporaryDirectory() as data:
        argv = [sys.executable, "-m", "trainer", "practice", "--data-dir", data, "--seed", "0"]
        argv += ["--deck", DECK]
        terminal = Terminal(argv, dict(environment(), TRAINER_LANG="en"))
        try:
            terminal.wait_for("Choose a deck")
            terminal.type("\r")
            terminal.wait_for("Shape of")
            terminal.drain(6.0)  # torch loads and the bank is checked: the app is idle
            for _ in range(repeat):
                sent = terminal.type("\x02")  # ctrl+b
                opened.append(terminal.wait_for("Step 1 of") - sent)
                terminal.drain(0.3)
                for size in (1, 2):  # two answers, so that each verdict is a new text
                    sent = terminal.type(f"{size} * ones({size})\r")
                    judged.append(terminal.wait_for(f"yours is ({size},)") - sent)
                    terminal.drain(0.3)
                terminal.type("\x1b")  # back to the question
                terminal.wait_for("Shape of")
                terminal.drain(0.3)
        finally:
            terminal.close()
    return statistics.median(opened), statistics.median(judged)


if __name__ == "__main__":
    main()
