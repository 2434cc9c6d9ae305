"""A question, a verdict and a walkthrough as lines of plain text, in the order a screen
reader meets them. Each function returns text; `Terminal.say` makes it ASCII and safe."""

from __future__ import annotations

from trainer.messages import pick_text
from trainer.notation import shape_text
from trainer.oracle import (
    CORRECT,
    INVALID,
    WRONG_SHAPE,
    WRONG_VALUE,
    Instance,
    Step,
    Verdict,
)
from trainer.practice.i18n import CLASS_LABELS, INIT_NAMES, N_, Labels
from trainer.practice.outcomes import AFTER_HELP, FIRST_TRY, REVEALED, SKIPPED, StepRecord
from trainer.practice.parts import part_prompt
from trainer.practice.session import Summary
from trainer.questions import Question
from trainer.questions.model import AnswerKind

PROMPTS = {
    AnswerKind.SHAPE: "shape> ",
    AnswerKind.VALUE: "answer> ",
    AnswerKind.CHOICE: "choice> ",
    AnswerKind.DIFFERENTIAL: "differential> ",
}
"""The prompts, the same in every language (scripts wait for them)."""


def step_prompt(step: Step) -> str:
    return f"step {step.name}> "


def question_lines(question: Question, deck: str, number: int, total: int, t: Labels) -> str:
    """Title, level and tags, the prompt, the given tensors, the forward pass, the choices."""
    q, lang = question, t.lang
    lines = [
        t(
            "{what}: {text}",
            what=t("Question {number} of {total}", number=number, total=total),
            text=t("{what}: {text}", what=deck, text=q.text("title", lang)),
        ),
        t("level {level}", level=q.level)
        + (", " + t("tags: {tags}", tags=", ".join(q.tags)) if q.tags else ""),
        q.text("prompt", lang).strip(),
    ]
    if q.given:
        lines.append(t("Given"))
        for name, spec in q.given.items():
            line = f"  {name}  {shape_text(spec.shape)}"
            if spec.value is not None:
                line += f"  = {spec.value}"
            elif spec.classes is not None:
                line += f"  ({t(CLASS_LABELS, classes=spec.classes)})"
            elif spec.init in INIT_NAMES:
                line += f"  ({t(INIT_NAMES[spec.init])})"
            if name == q.wrt:
                line += f"  ({t('wrt')})"
            lines.append(line)
    if q.dims:
        sizes = ", ".join(
            f"{name} = {r.low}" if r.fixed else f"{name} in {r.low}..{r.high}"
            for name, r in q.dims.items()
        )
        lines.append(t("Sizes: {sizes}", sizes=sizes))
    if q.forward:
        lines.append(t("Forward pass"))
        lines += [f"  {line.name} = {line.expression}" for line in q.forward]
    for index, choice in enumerate(q.choices, 1):
        lines.append(f"{index}. {pick_text(choice, lang)}")
    return "\n".join(lines)


def part_line(question: Question, part: AnswerKind, t: Labels) -> str:
    return part_prompt(question, part, t)


_HEADLINES = {
    WRONG_SHAPE: N_("Wrong shape."),
    WRONG_VALUE: N_("Wrong value."),
    INVALID: N_("Cannot check this answer:"),
}


def verdict_line(verdict: Verdict, t: Labels) -> str:
    """One line: the verdict, then the checker's message."""
    message = verdict.message_text(t.lang)
    if verdict.verdict == CORRECT:
        return message or t("Correct.")
    headline = t(_HEADLINES[verdict.verdict])
    return t.join(headline, message) if message else headline


def solution_lines(
    question: Question, t: Labels, revealed: bool, shape: str | None, walked: bool
) -> str:
    """What a done question shows: the solution when revealed, else the reference; then the
    explanation."""
    q, lang = question, t.lang
    lines = []
    if revealed:
        lines.append(t("Solution"))
        if shape is not None:
            lines.append(t("  shape: {shape}", shape=shape))
        if q.is_choice and q.answer:
            lines.append(f"  {q.answer}. {pick_text(q.choices[int(str(q.answer)) - 1], lang)}")
        elif q.answer is not None:
            lines.append(t("  value: {answer}", answer=q.answer))
    elif q.answer is not None and not q.is_choice and (q.asks(AnswerKind.VALUE) or walked):
        lines.append(t("Reference answer: {answer}", answer=q.answer))
    explain = q.text("explain", lang).strip()
    if explain:
        lines.append(explain)
    return "\n".join(lines)


def instance_lines(instance: Instance, wrt: str, t: Labels) -> str:
    lines = [t("A small numeric instance")]
    if instance.dims:
        sizes = ", ".join(f"{name} = {size}" for name, size in instance.dims.items())
        lines.append(t("Sizes: {sizes}", sizes=sizes))
    lines.append(t("Given"))
    lines += [f"  {name} = {value}" for name, value in instance.given.items()]
    lines.append(t("Expected {wrt}.grad", wrt=wrt))
    lines.append(instance.expected)
    if instance.yours is not None:
        lines.append(t("Yours: {answer}", answer=instance.yours))
    return "\n".join(lines)


def chain_lines(
    question: Question,
    of_line: str,
    seed: str,
    steps: tuple[Step, ...],
    records: list[StepRecord],
    t: Labels,
) -> str:
    """The forward pass in the order backward visits it, each done step with its answer."""
    lines = [t("Backward from {of} to {wrt}", of=of_line.split(" = ")[0], wrt=question.wrt or "")]
    lines.append(f"  {of_line}   {seed}")
    for step, record in zip(steps, records, strict=True):
        line = "  " + (step.line or t("{node} (given)", node=step.node))
        if record.answer is not None:
            line += f"   {step.name} = {record.answer}"
            if record.revealed:
                line += f"  ({t('revealed')})"
        lines.append(line)
    return "\n".join(lines)


def step_lines(step: Step, number: int, total: int, t: Labels) -> str:
    return "\n".join(
        [
            t(
                "Step {number} of {total}: {name}, the adjoint of {node} — shape {shape}",
                number=number,
                total=total,
                name=step.name,
                node=step.node,
                shape=step.shape,
            ),
            t(
                "used by {users}; you may use {names}",
                users=", ".join(step.users),
                names=", ".join(step.uses),
            ),
        ]
    )


CAME_BACK = N_("Came back after a miss, right first time")

OUTCOME_LABELS = (
    (FIRST_TRY, "Right first time"),
    (AFTER_HELP, "Right after a hint or a retry"),
    (REVEALED, "Revealed"),
    (SKIPPED, "Skipped"),
)


def summary_lines(summary: Summary, t: Labels) -> str:
    counts = [("Questions", summary.total)]
    counts += [(label, summary.counts.get(key, 0)) for key, label in OUTCOME_LABELS]
    counts += [("Answers checked", summary.attempts), ("Answers right", summary.correct)]
    lines = [t("Session summary")]
    lines += [t("{what}: {text}", what=t(label), text=count) for label, count in counts]
    if summary.came_back:
        right = f"{summary.came_back_right}/{summary.came_back}"
        lines.append(t("{what}: {text}", what=t(CAME_BACK), text=right))
    return "\n".join(lines)


def accuracy_lines(accuracy: dict[str, tuple[int, int]], t: Labels) -> str:
    """Right first time, per tag: what the practice model knows of the learner's skills."""
    if not accuracy:
        return t("No answers yet to count.")
    lines = [t("Accuracy per tag (right first time)")]
    for tag, (right, seen) in accuracy.items():
        share = f"{right}/{seen} ({round(100 * right / seen)}%)"
        lines.append("  " + t("{what}: {text}", what=tag, text=share))
    return "\n".join(lines)
