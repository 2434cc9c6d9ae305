"""`trainer answer` (one answer, or one walkthrough step) and `trainer steps` (a walkthrough)."""

from __future__ import annotations

import argparse
from typing import Any

from trainer.commands.common import EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE, load_question, usage_error
from trainer.escaping import json_line, printable
from trainer.messages import SHOWN_NAMES


def answer(args: argparse.Namespace) -> int:
    from trainer.messages import msg
    from trainer.oracle import AnswerKind, TrialError
    from trainer.oracle.judge import Judge, Request

    question = load_question(args)
    if question is None:
        return EXIT_USAGE
    if args.step is not None and not args.step.strip():
        return usage_error(msg("step_empty").text())
    if args.shape and args.differential:
        return usage_error("--shape and --differential are two parts: give one of them.")
    kind = AnswerKind.SHAPE if args.shape else AnswerKind.VALUE
    if args.differential:
        kind = AnswerKind.DIFFERENTIAL
    request = Request(question, args.answer, kind, args.seed, args.step)
    judge = Judge()
    try:
        refused = judge.refusal(request)
        if refused is not None:
            return usage_error(refused.usage())
        verdict = judge.judge(request)
    except TrialError as error:
        return usage_error(error.problem(question.path, question.id, question.line).format())
    if args.json:
        print(json_line(verdict.as_json()))
    else:
        print(f"{verdict.verdict}: {printable(verdict.message_text())}")
    if verdict.correct:
        return EXIT_OK
    return EXIT_USAGE if verdict.verdict == "invalid" else EXIT_PROBLEMS


def steps(args: argparse.Namespace) -> int:
    """The walkthrough of a question: each step's node, line, shape, names and users."""
    from trainer.oracle import TrialError, no_walkthrough
    from trainer.oracle.judge import Judge

    question = load_question(args)
    if question is None:
        return EXIT_USAGE
    reason = no_walkthrough(question)
    if reason is not None:
        return usage_error(f"{question.id}: {reason.text()}")
    walkthrough = Judge().walkthrough(question, args.seed)
    assert walkthrough is not None  # no_walkthrough said it has one
    try:
        rows: list[dict[str, Any]] = []
        for step in walkthrough.steps:
            row: dict[str, Any] = {
                "node": step.node,
                "line": step.line,
                "shape": step.shape,
                "uses": list(step.some_uses),
                "users": list(step.users[:SHOWN_NAMES]),
                "reference": None,
                "source": None,
            }
            # elided as the text is, saying how many were left out: a long chain's output
            # grows with its length, not with its square
            for key, more in (
                ("uses_more", len(step.uses) - len(step.some_uses)),
                ("users_more", len(step.users) - SHOWN_NAMES),
            ):
                if more > 0:
                    row[key] = more
            if args.reveal:
                reference = walkthrough.reference(step.node)
                row["reference"], row["source"] = reference.text, reference.source
                if reference.reason is not None:  # a bound it could not be written within
                    row["reason"] = reference.reason.text()
            rows.append(row)
    except TrialError as error:
        return usage_error(error.problem(question.path, question.id, question.line).format())
    start = {"node": walkthrough.of, "adjoint": walkthrough.seed}
    if args.json:
        print(json_line({"id": question.id, "start": start, "steps": rows}))
        return EXIT_OK
    seed = f"{walkthrough.adjoint_name(walkthrough.of)} = {walkthrough.seed}"
    print(f"{question.id}: backward from {walkthrough.of} ({seed}) to {question.wrt}")
    for number, row in enumerate(rows, 1):
        line = row["line"] or f"{row['node']} (given)"
        print(f"{number}. {row['node']}  {row['shape']}  {line}")
        step = walkthrough.steps[number - 1]
        print(f"   used by {step.shown_users['en']}; may use {step.shown_uses['en']}")
        if args.reveal:
            why = f" ({row['reason']})" if "reason" in row else ""
            print(f"   reference ({row['source']}): {row['reference'] or '-'}{why}")
    return EXIT_OK
