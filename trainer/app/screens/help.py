"""Help: the keys of each screen and a cheat sheet of the answer notation."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.widgets import Markdown, Static

from trainer.app.screens.base import TrainerModal
from trainer.practice.i18n import N_, Labels

NOTATION = [
    ("`W @ x`, `A @ B`", N_("matrix product (vectors too)")),
    ("`x * y`, `x ⊙ y`, `x ∘ y`", N_("elementwise product; broadcasting as in PyTorch")),
    ("`+ - / **`, `x^2`", N_("elementwise arithmetic and powers")),
    ("`A.T`, `Aᵀ`, `A^T`, `A.t()`", N_("transpose (a no-op on a vector)")),
    ("`sum(x)`, `sum(X, 0)`, `X.sum(dim=1)`", N_("sum of all entries, or along a dimension")),
    ("`mean(x)`, `mean(X, 1)`", N_("mean of all entries, or along a dimension")),
    (
        "`sum(X, 1, keepdim=True)`, `X.mean(dim=1, keepdim=True)`",
        N_("keep the reduced dimension with size 1: X - mean(X, 1, keepdim=True) centres each row"),
    ),
    ("`ones(m)`, `zeros(m, n)`, `eye(n)`", N_("constructors; the arguments are sizes")),
    ("`outer(a, b)`, `dot(a, b)`", N_("outer and dot product of vectors")),
    ("`diag(v)`, `trace(A)`, `inv(A)`, `det(A)`, `norm(x)`", N_("linear algebra")),
    (
        "`relu`, `step`, `sigmoid`, `tanh`, `exp`, `log`, `sqrt`, `abs`, `sign`, `sin`, `cos`",
        N_("elementwise functions; step(z) is 1 where z > 0, the derivative of relu"),
    ),
    (
        "`softmax(x)`, `softmax(X, 0)`, `log_softmax(X, 1)`, `logsumexp(X, 1, keepdim=True)`",
        N_("along the last dimension, or the one given; also X.softmax(dim=0)"),
    ),
    ("`z > 0`, `<`, `>=`, `<=`", N_("comparison, giving 0.0 and 1.0")),
    ("`[1, 2]`, `[[1, 0], [0, 1]]`", N_("tensor literals")),
    ("`m`, `n`", N_("dimension names stand for their sizes")),
    ("`torch.outer(a, b)`", N_("PyTorch spellings are accepted too")),
    ("`dh`, `grad(h)`", N_("in a walkthrough step: the adjoint of a node already stepped")),
]
SHAPES = [
    ("`(m, n)`, `[m, n]`, `m x n`, `m×n`", N_("a matrix of m rows and n columns")),
    ("`(n,)`, `(n)`, `n`", N_("a vector of length n")),
    ("`()`, `[]`, `scalar`", N_("a scalar")),
]
KEYS = [
    (N_("Home"), "Enter", N_("start the selected deck")),
    (N_("Home"), "d / m", N_("review what is due / mixed practice")),
    (N_("Home"), "s / q", N_("statistics / quit")),
    (N_("Question"), "Enter", N_("check the answer")),
    (N_("Question"), "↑ / ↓", N_("earlier answers")),
    (N_("Question"), "Ctrl+T", N_("hint")),
    (N_("Question"), "Ctrl+R", N_("reveal the solution")),
    (N_("Question"), "Ctrl+B", N_("walk through the backward pass, one node at a time")),
    (N_("Question"), "Ctrl+N", N_("a small numeric instance")),
    (N_("Question"), "Ctrl+G", N_("the computation graph")),
    (N_("Question"), "Ctrl+S", N_("skip to the next question")),
    (N_("Question"), "Esc", N_("end the session")),
    (N_("Question"), "PgUp / PgDn", N_("scroll the question")),
    (N_("Walkthrough"), "Ctrl+T / Ctrl+R", N_("hint / reveal this step")),
    (N_("Walkthrough"), "Esc", N_("back to the question")),
    (N_("Everywhere"), "? / F1", N_("this help")),
    (N_("Everywhere"), "Ctrl+P", N_("command palette")),
    (N_("Everywhere"), "Ctrl+Q", N_("quit")),
]


def cheat_sheet(t: Labels) -> str:
    """The help as Markdown in the app's language (the notation itself is never translated)."""
    lines = [f"## {t('Keys')}", "", f"| | {t('Key')} | {t('Does')} |", "|---|---|---|"]
    lines += [f"| {t(where)} | {key} | {t(does)} |" for where, key, does in KEYS]
    lines += ["", f"## {t('Answer notation')}", "", f"| {t('Write')} | {t('Means')} |", "|---|---|"]
    lines += [f"| {write} | {t(means)} |" for write, means in NOTATION]
    lines += ["", f"## {t('Shapes')}", "", f"| {t('Write')} | {t('Means')} |", "|---|---|"]
    lines += [f"| {write} | {t(means)} |" for write, means in SHAPES]
    lines += [
        "",
        t(
            "`(1, n)` is not `(n,)`. Names come from the question: its given tensors, "
            "its forward results and its dimensions."
        ),
    ]
    return "\n".join(lines)


class HelpScreen(TrainerModal[None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q,question_mark,f1", "app.pop_screen", N_("Close"))
    ]

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="help-dialog"):
            yield Static(self.t("Help"), classes="dialog-title")
            with VerticalScroll(id="help-scroll"):
                yield Markdown(cheat_sheet(self.t), id="help-text")
            yield Static(self.t("Esc to close"), classes="dialog-keys")

    def on_mount(self) -> None:
        self.query_one(VerticalScroll).focus()
