"""Benchmark: time and peak memory of checking a question, diagnosing a wrong answer to it, and
revealing its walkthrough, on the generated questions the bounds are about.

Each command runs in a fresh process (`trainer check`, `trainer answer`, `trainer steps
--reveal`), timed by the wall clock, its peak resident memory read from the operating system
for that process alone. The baseline, in the same run, is the check of the same question: the
diagnosis and the reveal are printed as ratios to it. A bare `import torch` is measured too, to
show what of the memory is the question's own.

Questions (tests/support/big_questions.py):
- wide: six branches from one X of 249,984 entries, one a relu (diagnosis: `sin(X)`);
- masked: a relu whose mask is never seen both ways on a large X (the trials stop at what a
  question may keep);
- chain-99: a walkthrough of 100 steps (its reveal judges each);
- fanout-49: x used by 49 lines (a reference of 49 terms; `1 * ones(n)` misses paths);
- power-30: a reference too large to write out (the reveal says so).

Run:  python bench/bounds.py [--repeat N]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests" / "support"))

from big_questions import chain, deck, fanout, masked, power, wide

# (question id, its YAML, a wrong answer)
CASES = [
    ("wide", wide(), "sin(X)"),
    ("masked", masked(), "sin(X)"),
    ("chain-99", chain(99), "2 * ones(n)"),
    ("fanout-49", fanout(49), "1 * ones(n)"),
    ("power-30", power(30), "x"),
]


def measure(argv: list[str]) -> tuple[float, float]:
    """(seconds, peak MB) of one command in a process of its own."""
    start = time.perf_counter()
    process = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, _, usage = os.wait4(process.pid, 0)
    return time.perf_counter() - start, usage.ru_maxrss / 1024


def median(argv: list[str], repeat: int) -> tuple[float, float]:
    runs = [measure(argv) for _ in range(repeat)]
    return statistics.median(t for t, _ in runs), max(m for _, m in runs)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=3)
    repeat = parser.parse_args().repeat
    trainer = [sys.executable, "-m", "trainer"]
    torch_s, torch_mb = median([sys.executable, "-c", "import torch, numpy"], repeat)
    print(f"import torch: {torch_s:.2f} s, {torch_mb:.0f} MB (in every figure below)")
    print(f"{'question':<10} {'check':>16}  {'diagnosis':>22}  {'reveal':>22}")
    with tempfile.TemporaryDirectory() as folder:
        for qid, text, wrong in CASES:
            path = Path(folder) / f"{qid}.yaml"
            path.write_text(deck(text, qid), encoding="utf-8")
            source = ["--questions", str(path)]
            check = median([*trainer, "check", str(path)], repeat)
            diagnosis = median([*trainer, "answer", *source, qid, wrong], repeat)
            reveal = median([*trainer, "steps", *source, qid, "--reveal"], repeat)
            cells = [f"{check[0]:5.2f} s {check[1]:5.0f} MB"]
            for seconds, mb in (diagnosis, reveal):
                cells.append(f"{seconds / check[0]:4.2f}× time {mb / check[1]:4.2f}× memory")
            print(f"{qid:<10} {cells[0]:>16}  {cells[1]:>22}  {cells[2]:>22}")


if __name__ == "__main__":
    main()
