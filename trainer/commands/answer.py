"""`trainer answer` (one answer, or one walkthrough step) and `trainer steps` (a walkthrough)."""

from __future__ import annotations

import argparse
from typing import Any

from trainer.commands.common import EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE, load_question, usage_error
from trainer.escaping import json_line, printable


def answer(args: argparse.Namespace) -> int:
    from trainer.oracle import AnswerKind, Oracle, TrialError, Walkthrough, no_walkthrough

    question = load_question(args)
    if question is None:
        return EXIT_USAGE
    if args.shape and (question.is_choice or args.step):
        why = "a choice question" if question.is_choice else "a walkthrough step"
        return usage_error(f"{question.id}: --shape does not apply to {why}.")
    oracle = Oracle(question, args.seed)
    try:
        if args.step:
            reason = no_walkthrough(question)
            if reason is not None:
                return usage_error(f"{question.id}: {reason.text()}")
            walkthrough = Walkthrough(oracle)
            nodes = [step.node for step in walkthrough.steps]
            if args.step not in nodes:
                return usage_error(
                    f"{args.step} is not a step of {question.id}; steps: {', '.join(nodes)}"
                )
            verdict = walkthrough.judge(args.step, args.answer)
        else:
            kind = (
                AnswerKind.CHOICE
                if question.is_choice
                else AnswerKind.SHAPE
                if args.shape
                else AnswerKind.VALUE
            )
            verdict = oracle.judge(args.answer, kind)
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
    from trainer.oracle import Oracle, TrialError, Walkthrough, no_walkthrough

    question = load_question(args)
    if question is None:
        return EXIT_USAGE
    reason = no_walkthrough(question)
    if reason is not None:
        return usage_error(f"{question.id}: {reason.text()}")
    walkthrough = Walkthrough(Oracle(question, args.seed))
    try:
        rows: list[dict[str, Any]] = []
        for step in walkthrough.steps:
            row: dict[str, Any] = {
                "node": step.node,
                "line": step.line,
                "shape": step.shape,
                "uses": list(step.uses),
                "users": list(step.users),
                "reference": None,
                "source": None,
            }
            if args.reveal:
                reference = walkthrough.reference(step.node)
                row["reference"], row["source"] = reference.text, reference.source
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
        print(f"   used by {', '.join(row['users'])}; may use {', '.join(row['uses'])}")
        if args.reveal:
            print(f"   reference ({row['source']}): {row['reference'] or '-'}")
    return EXIT_OK
