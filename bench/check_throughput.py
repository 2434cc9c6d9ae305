"""Benchmark 2: `trainer check` on a generated bank of 1,000 questions.

The bank is the bundled one's gradient questions copied under new ids until there are 1,000,
in 10 files. Reported after start-up (torch imported, one warm-up check), against a baseline
measured in the same run: building the trials alone (draw, forward, backward), the autograd
work no checker can skip. Target: >= 300 questions/s.

Run: python bench/check_throughput.py
"""

from __future__ import annotations

import re
import tempfile
import time
from pathlib import Path

from trainer.oracle import validate_bank
from trainer.oracle.trials import build_trials
from trainer.questions import bundled_bank_path, load_bank, question_files

TARGET = 1000


def generate(folder: Path) -> int:
    """Write 10 deck files holding TARGET questions copied from the bundled bank."""
    blocks = []
    for path in question_files([bundled_bank_path()]):
        text = path.read_text(encoding="utf-8")
        body = text.split("\nquestions:\n", 1)[1]
        for block in re.split(r"\n(?=  - id: )", "\n" + body):
            if block.strip() and "ask: choice" not in block:
                blocks.append(block.strip("\n"))
    count = 0
    for file_index in range(10):
        parts = [f"deck: generated-{file_index}\ntitle: Generated {file_index}\nquestions:"]
        for _ in range(TARGET // 10):
            block = blocks[count % len(blocks)]
            parts.append(re.sub(r"- id: (\S+)", rf"- id: \1-copy{count}", block, count=1))
            count += 1
        (folder / f"deck-{file_index}.yaml").write_text("\n".join(parts) + "\n", encoding="utf-8")
    return count


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        count = generate(folder)
        validate_bank(load_bank([folder]))  # warm-up: first calls of each torch kernel
        start = time.perf_counter()
        bank = load_bank([folder])
        loaded = time.perf_counter()
        problems = validate_bank(bank)
        checked = time.perf_counter()
        bank = load_bank([folder])
        trials_start = time.perf_counter()
        for question in bank.questions.values():
            if not question.is_choice:
                build_trials(question)
        trials_only = time.perf_counter() - trials_start
    total = checked - start
    print(
        f"{count} questions: load {loaded - start:.3f} s, running checks {checked - loaded:.3f} s, "
        f"{len(problems)} problem(s)"
    )
    print(f"trainer check: {count / total:,.0f} questions/s (target >= 300)")
    print(
        f"baseline, trials alone (draw, forward, backward): {count / trials_only:,.0f} "
        f"questions/s; check takes {total / trials_only:.2f}x the trials' time"
    )


if __name__ == "__main__":
    main()
