"""The parts of a question as the screens show them, as Text: every text from the file goes in
literally (never as markup), the app's own styling around it."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from rich.text import Text

from trainer.app.text import plain
from trainer.messages import pick_text
from trainer.notation import shape_text
from trainer.oracle import Verdict
from trainer.practice.i18n import CLASS_LABELS, INIT_NAMES, N_, Labels
from trainer.questions import Question
from trainer.questions.model import AnswerKind

PART_NAMES = {
    "shape": N_("Shape"),
    "value": N_("Value"),
    "choice": N_("Choice"),
    "differential": N_("Differential"),
}
VERDICT_NAMES = {
    "correct": N_("correct"),
    "wrong_shape": N_("wrong shape"),
    "wrong_value": N_("wrong value"),
    "invalid": N_("invalid"),
}


def title_text(question: Question, deck_title: str, lang: str) -> Text:
    text = plain(deck_title + " · ", style="dim")
    text.append_text(plain(question.text("title", lang), style="bold"))
    return text


def meta_text(question: Question, t: Labels) -> Text:
    text = Text(t("level {level}", level=question.level))
    if question.tags:
        text.append(" · " + t("tags: {tags}", tags=""))
        text.append_text(plain(", ".join(question.tags)))
    return text


def given_text(question: Question, t: Labels) -> Text:
    text = Text(t("Given") + "\n", style="bold")
    for name, spec in question.given.items():
        text.append(f"  {name}", style="bold cyan")
        text.append(f"  {shape_text(spec.shape)}")
        if spec.value is not None:
            text.append(f"  = {spec.value}", style="dim")
        elif spec.classes is not None:
            text.append(f"  ({t(CLASS_LABELS, classes=spec.classes)})", style="dim")
        elif spec.init in INIT_NAMES:
            text.append(f"  ({t(INIT_NAMES[spec.init])})", style="dim")
        if name == question.wrt:
            text.append("  ← " + t("wrt"), style="bold yellow")
        text.append("\n")
    if question.dims:
        sizes = ", ".join(
            f"{name} = {r.low}" if r.fixed else f"{name} ∈ {r.low}..{r.high}"
            for name, r in question.dims.items()
        )
        text.append(t("Sizes: {sizes}", sizes=sizes), style="dim")
    text.rstrip()
    return text


def forward_text(question: Question, t: Labels) -> Text:
    text = Text(t("Forward pass") + "\n", style="bold")
    for line in question.forward:
        text.append_text(plain(f"  {line.name} = {line.expression}\n"))
    text.rstrip()
    return text


def choices_text(question: Question, lang: str) -> Text:
    text = Text()
    for number, choice in enumerate(question.choices, 1):
        text.append(f"{number}. ")
        text.append_text(plain(pick_text(choice, lang) + "\n"))
    text.rstrip()
    return text


def solution_text(
    question: Question, t: Labels, lang: str, revealed: bool, shape: str | None, walked: bool
) -> Text:
    """What a done question shows: the solution when revealed, else the reference; then the
    explanation."""
    q = question
    text = Text()
    if revealed:
        text.append(t("Solution") + "\n", style="bold")
        if shape is not None:
            text.append(t("  shape: {shape}", shape=shape) + "\n")
        if q.is_choice:
            choice = q.choices[int(str(q.answer)) - 1] if q.answer else {}
            text.append_text(plain(f"  {q.answer}. {pick_text(choice, lang)}\n"))
        elif q.answer is not None:
            text.append_text(plain(t("  value: {answer}", answer=q.answer) + "\n"))
    elif q.answer is not None and not q.is_choice and (q.asks(AnswerKind.VALUE) or walked):
        text.append_text(plain(t("Reference answer: {answer}", answer=q.answer) + "\n", "bold"))
    explain = q.text("explain", lang)
    if explain:
        text.append_text(plain(explain.rstrip() + "\n"))
    text.rstrip()
    return text


def history_text(
    parts: Sequence[str],
    history: Mapping[str, Sequence[tuple[str, Verdict]]],
    t: Labels,
    current: str | None = None,
) -> Text:
    """The learner's earlier checked answers, part by part, dimmed as history: each typed
    answer shown literally. The last answer to the `current` part is left out: its verdict
    stands alone under the answer box, so an old "✓" never reads as the verdict on a new
    answer."""
    text = Text(t("Earlier answers") + "\n", style="bold dim")
    for part in parts:
        earlier = history[part][:-1] if part == current else history[part]
        for number, (answer, verdict) in enumerate(earlier, 1):
            mark = "✓" if verdict.correct else "✗"
            label = t("{part} {number}:", part=t(PART_NAMES[part]), number=number)
            text.append(f"  {mark} {label}{t.gap(label, answer)}", style="dim")
            text.append_text(plain(answer, "dim"))
            aside = t("({note})", note=t(VERDICT_NAMES[verdict.verdict]))
            text.append(f"  {aside}\n", style="dim")
    text.rstrip()
    return text
