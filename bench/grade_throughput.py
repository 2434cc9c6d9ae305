"""Benchmark 1: grading throughput of `trainer grade` against a plain-torch loop.

Both sides grade the same answers to the same questions after start-up, with each
question's truths computed once: trainer through its notation, oracle and JSON output; the
baseline with the forward pass, backward pass and answers written by hand in torch.
Targets: ≥ 5,000 answers/s with every answer text distinct; ≤ 3× the time per answer of the
plain loop with its truths built once (the bare torch work of evaluating and comparing one
answer over the trials). Timed in CPU time of this process, as the median of interleaved
rounds, so that other work on the machine moves the figures less.

Run: python bench/grade_throughput.py
"""

from __future__ import annotations

import json
import random
import time

import torch
from _common import answers_for

from trainer.collector import settle_memory
from trainer.escaping import json_line
from trainer.json_lines import judge_line
from trainer.oracle import Judge
from trainer.questions import Bank, DimRange, ForwardLine, Question, TensorSpec, load_bank

F64 = torch.float64


def hand_questions() -> list[tuple[Question, dict]]:
    """A few questions with their forward pass and answers also written by hand in torch."""

    def q(qid, dims, given, forward, wrt, answers, upstream=None):
        question = Question(
            id=qid,
            deck="bench",
            title={"en": qid},
            prompt={"en": qid},
            given={  # a shape, or (shape, init)
                n: TensorSpec(n, tuple(s[0]), s[1])
                if isinstance(s, tuple)
                else TensorSpec(n, tuple(s))
                for n, s in given.items()
            },
            forward=tuple(ForwardLine(*line.split(" = ", 1)) for line in forward),
            wrt=wrt,
            of=(forward[-1].split(" = ")[0],),
            upstream=upstream,
            answer=next(iter(answers)),
            dims={k: DimRange(*v) for k, v in dims.items()},
        )
        return question, answers

    return [
        q(
            "lin-dw",
            {"m": (2, 6), "n": (2, 6)},
            {"W": ["m", "n"], "x": ["n"], "b": ["m"]},
            ["y = W @ x + b", "loss = sum(y)"],
            "W",
            {
                "outer(ones(m), x)": lambda t, d: torch.outer(
                    torch.ones(d["m"], dtype=F64), t["x"]
                ),
                "outer(x, ones(m))": lambda t, d: torch.outer(
                    t["x"], torch.ones(d["m"], dtype=F64)
                ),
                "x": lambda t, d: t["x"],
            },
        ),
        q(
            "relu-dx",
            {"m": (2, 6), "n": (2, 6)},
            {"W": ["m", "n"], "x": ["n"], "b": ["m"], "g": ["m"]},
            ["z = W @ x + b", "h = relu(z)", "loss = dot(g, h)"],
            "x",
            {
                "W.T @ (g * step(z))": lambda t, d: (
                    t["W"].T @ (t["g"] * (t["W"] @ t["x"] + t["b"] > 0).to(F64))
                ),
                "W.T @ g": lambda t, d: t["W"].T @ t["g"],
                "W @ g": lambda t, d: t["g"],
            },
        ),
        q(
            "softmax-ce",
            {"n": (2, 8)},
            {"z": ["n"], "y": (["n"], "onehot")},
            ["p = softmax(z)", "loss = -sum(y * log(p))"],
            "z",
            {
                "softmax(z) - y": lambda t, d: torch.softmax(t["z"], -1) - t["y"],
                "y - softmax(z)": lambda t, d: t["y"] - torch.softmax(t["z"], -1),
                "softmax(z)": lambda t, d: torch.softmax(t["z"], -1),
            },
        ),
        q(
            "trace-ax",
            {"n": (2, 6)},
            {"A": ["n", "n"], "X": ["n", "n"]},
            ["loss = trace(A @ X)"],
            "X",
            {
                "A.T": lambda t, d: t["A"].T,
                "A": lambda t, d: t["A"],
                "2 * A.T": lambda t, d: 2 * t["A"].T,
            },
        ),
    ]


def hand_truths(question: Question, trial_dims: list[dict], seed: int = 0):
    """Per trial: given tensors and the autograd truth, forward pass written by hand."""
    trials = []
    for index, dims in enumerate(trial_dims):
        gen = torch.Generator().manual_seed(index + 1000 * seed)
        tensors = {
            name: torch.randn(tuple(dims[s] for s in spec.shape), generator=gen, dtype=F64)
            for name, spec in question.given.items()
        }
        if question.id == "softmax-ce":
            tensors["y"] = torch.zeros(dims["n"], dtype=F64)
            tensors["y"][0] = 1
        leaf = tensors[question.wrt].clone().requires_grad_(True)
        t = {**tensors, question.wrt: leaf}
        if question.id == "lin-dw":
            loss = (t["W"] @ t["x"] + t["b"]).sum()
        elif question.id == "relu-dx":
            loss = torch.dot(t["g"], torch.relu(t["W"] @ t["x"] + t["b"]))
        elif question.id == "softmax-ce":
            loss = -(t["y"] * torch.log(torch.softmax(t["z"], -1))).sum()
        else:
            loss = torch.trace(t["A"] @ t["X"])
        loss.backward()
        trials.append((tensors, dims, leaf.grad))
    return trials


def plain_loop(items, repeat: int, cache_truths: bool) -> tuple[float, int]:
    """The baseline grader written by hand: per answer, 3 trials of forward, backward, the
    answer and allclose (or, with cache_truths, the truths built once per question)."""
    start = time.perf_counter()
    graded = 0
    trial_dims = [{"m": 3 + i, "n": 5 + i} for i in range(3)]
    for question, answers in items:
        trials = hand_truths(question, trial_dims)
        for _ in range(repeat):
            for make in answers.values():
                if not cache_truths:
                    trials = hand_truths(question, trial_dims)
                ok = True
                for tensors, dims, truth in trials:
                    with torch.no_grad():
                        value = make(tensors, dims)
                    ok = ok and value.shape == truth.shape and bool(torch.allclose(value, truth))
                graded += 1
                json.dumps({"correct": ok})
    return time.perf_counter() - start, graded


def distinct(text: str, number: int) -> str:
    """The same answer typed differently every time (spacing), as a class types it: no line
    repeats another, so neither the verdict cache nor the parse cache can answer it."""
    return " " * (number % 7) + text + " " * (number // 7)


def trainer_loop(items, repeat: int) -> tuple[float, int]:
    """trainer's grader on the same answers, every line's text distinct and its verdict cache
    emptied before each line, so every answer is read and judged anew (the truths stay cached,
    as in `trainer grade`)."""
    bank = Bank(questions={q.id: q for q, _ in items})
    lines = [
        json.dumps({"id": q.id, "answer": distinct(text, number)})
        for number in range(repeat)
        for q, answers in items
        for text in answers
    ]
    judge = Judge(bank.questions)
    for q, _ in items:
        judge.oracle(q, 0).trials  # noqa: B018 - after start-up: the truths are built
    settle_memory()  # as `trainer grade` does once it has loaded
    start = time.perf_counter()
    for line in lines:
        judge._verdicts.clear()
        json_line(judge_line(judge, line).as_json())
    return time.perf_counter() - start, len(lines)


def class_corpus(bank: Bank, questions: int = 24, per_question: int = 100) -> list[str]:
    """What a class of 100 hands in for 24 questions: mostly the right answer, the listed
    mistakes, spacing variants and slips, so many lines repeat."""
    rng = random.Random(7)
    chosen = [q for q in bank.questions.values() if not q.is_choice and q.answer][:questions]
    lines = []
    for question in chosen:
        pool = answers_for(question)
        for student in range(per_question):
            item = dict(rng.choice(pool))
            if student % 4 == 0 and not item.get("shape"):
                item["answer"] = " ".join(item["answer"].split()).replace(" ", "")
            lines.append(json.dumps(item))
    return lines


def grade_lines(bank: Bank, lines: list[str], judge_every_line: bool) -> float:
    judge = Judge(bank.questions)
    start = time.perf_counter()
    for line in lines:
        if judge_every_line:
            judge._verdicts.clear()
        json.dumps(judge_line(judge, line).as_json())
    return time.perf_counter() - start


def median_rounds(plain, ours, rounds: int = 5) -> tuple[float, float]:
    """(plain, ours) seconds per answer: the round with the median ratio of rounds that run
    both one after the other."""
    results = []
    for _ in range(rounds):
        plain_s, plain_n = plain()
        ours_s, ours_n = ours()
        results.append((plain_s / plain_n, ours_s / ours_n))
    results.sort(key=lambda pair: pair[1] / pair[0])
    return results[len(results) // 2]


def main() -> None:
    time.perf_counter = time.process_time  # CPU time of this process (see the docstring)
    items = hand_questions()
    plain_loop(items, 2, True)
    trainer_loop(items, 2)  # warm both (first torch calls are slow)
    naive_s, naive_n = plain_loop(items, 40, False)
    cached, ours = median_rounds(
        lambda: plain_loop(items, 150, True), lambda: trainer_loop(items, 150)
    )
    per = {"naive": naive_s / naive_n, "cached": cached, "ours": ours}
    print("Same 4 questions, 12 answers (2/3 wrong, so diagnosed), every answer judged:")
    print(f"  plain torch loop, forward/backward per answer : {1 / per['naive']:>8,.0f} answers/s")
    print(f"  plain torch loop, truths built once           : {1 / per['cached']:>8,.0f} answers/s")
    print(f"  trainer grade (notation, oracle, diagnosis)   : {1 / per['ours']:>8,.0f} answers/s")
    print(f"  trainer / plain per-answer loop = {per['ours'] / per['naive']:.2f}x time per answer")
    print(
        f"  trainer / plain cached-truth loop = {per['ours'] / per['cached']:.2f}x (target <= 3x;"
        " median of 5 rounds)"
    )
    right = [(q, dict(list(answers.items())[:1])) for q, answers in items]  # no diagnosis
    plain, ours = median_rounds(
        lambda: plain_loop(right, 300, True), lambda: trainer_loop(right, 300)
    )
    print(
        "  right answers only (nothing to diagnose): trainer / plain cached-truth loop = "
        f"{ours / plain:.2f}x"
    )
    bank = load_bank()
    lines = class_corpus(bank)
    grade_lines(bank, lines, True)  # warm the first calls of every torch kernel used
    realistic = grade_lines(bank, lines, False)
    unique = grade_lines(bank, lines, True)
    print(
        f"A class's batch: {len(lines)} answers over {len(lines) // 100} questions of the bundled "
        "bank (truths built inside the timing):"
    )
    print(f"  trainer grade: {len(lines) / realistic:>8,.0f} answers/s (target >= 5,000)")
    print(
        f"  the same with every line judged anew (no repeat cache): {len(lines) / unique:,.0f} "
        "answers/s"
    )


if __name__ == "__main__":
    main()
