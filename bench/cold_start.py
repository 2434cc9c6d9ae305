"""Benchmark 3: cold start of `trainer answer ID ANSWER` against `python -c "import torch"`.

Both are started fresh, several times each in the same run; medians are compared.
Target: trainer answer <= 1.3x the bare torch import.

Run: python bench/cold_start.py
"""

from __future__ import annotations

from _common import command_seconds, python

from trainer.questions import load_bank


def main() -> None:
    question = next(q for q in load_bank().questions.values() if q.answer and not q.is_choice)
    baseline = command_seconds([python(), "-c", "import torch"], repeat=7)
    ours = command_seconds(
        [python(), "-m", "trainer", "answer", question.id, question.answer], repeat=7
    )
    print(f'python -c "import torch"          : {baseline * 1000:7.0f} ms (median of 7)')
    print(f"trainer answer {question.id} ... : {ours * 1000:7.0f} ms (median of 7)")
    print(f"ratio {ours / baseline:.2f}x (target <= 1.3x)")


if __name__ == "__main__":
    main()
