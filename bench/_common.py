"""Helpers shared by the benchmark scripts: timing and a corpus of answers from the bank."""

from __future__ import annotations

import json
import statistics
import subprocess
import sys
import time
from collections.abc import Callable

from trainer.questions import Question


def median_seconds(run: Callable[[], object], repeat: int = 5) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        run()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def command_seconds(argv: list[str], repeat: int = 5) -> float:
    """Median wall time of a command, started fresh each time."""

    def run() -> None:
        subprocess.run(argv, check=False, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

    run()  # warm the file cache
    return median_seconds(run, repeat)


def answers_for(question: Question) -> list[dict]:
    """Answers a class would type: the reference, every listed mistake, and slips of syntax."""
    lines = []
    if question.answer is not None and not question.is_choice:
        lines.append({"id": question.id, "answer": question.answer})
        lines.append({"id": question.id, "answer": f"({question.answer}).T"})
        lines.append({"id": question.id, "answer": f"2 * ({question.answer})"})
    for mistake in question.mistakes:
        lines.append(
            {"id": question.id, "answer": mistake.answer, "shape": question.ask == ("shape",)}
        )
    lines.append({"id": question.id, "answer": "(m, n)", "shape": True})
    lines.append({"id": question.id, "answer": "2x +"})
    return [line for line in lines if not (question.is_choice and line.get("shape"))]


def write_lines(lines: list[dict], path) -> None:
    path.write_text("".join(json.dumps(line) + "\n" for line in lines), encoding="utf-8")


def python() -> str:
    return sys.executable
