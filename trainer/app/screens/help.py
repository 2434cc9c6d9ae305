"""Help: the keys of each screen, a cheat sheet of the answer notation, and the local rules.

Both are generated, so they cannot drift from what the app does: the keys from the screens'
bindings (and the app's), the functions from the notation's function table and its signatures,
the local backward rules from the rule table.
What is written here by hand is only the help's own words: a longer phrase for a binding whose
footer label is terse, a sentence for each group of functions, and the operators (which are
syntax, not functions of the table).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any, ClassVar

from textual.app import App, ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.dom import DOMNode
from textual.widgets import Markdown, Static

from trainer.app.screens.base import TrainerModal
from trainer.app.screens.graph import GraphScreen
from trainer.app.screens.home import HomeScreen
from trainer.app.screens.instance import InstanceScreen
from trainer.app.screens.question import QuestionScreen
from trainer.app.screens.question_list import QuestionListScreen, QuestionTable, SearchInput
from trainer.app.screens.statistics import StatisticsScreen
from trainer.app.screens.summary import SummaryScreen
from trainer.app.screens.walkthrough import WalkthroughScreen
from trainer.app.widgets.answer_input import AnswerInput
from trainer.app.widgets.deck_table import DeckTable
from trainer.app.widgets.row_table import RowTable
from trainer.notation.rule_table import backward_rule_rows
from trainer.notation.signatures import METHODS, SIGNATURES, Signature
from trainer.practice.i18n import N_, Labels

# ---- keys -------------------------------------------------------------------------------


@dataclass(frozen=True)
class KeySection:
    """The keys of one screen: the bindings its classes declare, in the help's words."""

    title: str
    owners: tuple[type[DOMNode], ...] = ()
    words: Mapping[str, str] = field(default_factory=dict)
    """A binding's description (or its action, for one without) → what the help says for it;
    bindings given the same words share a row."""


@dataclass(frozen=True)
class KeyRow:
    keys: str
    does: str  # a label, translated when shown


KEY_NAMES = {
    "escape": "Esc",
    "enter": "Enter",
    "question_mark": "?",
    "up": "↑",
    "down": "↓",
    "pageup": "PgUp",
    "pagedown": "PgDn",
    "home": "Home",
    "end": "End",
}


def key_text(key: str) -> str:
    """`ctrl+t` → `Ctrl+T`, `escape` → `Esc`, `d` → `d`: how the help has always written keys."""
    *modifiers, name = key.strip().split("+")
    shown = KEY_NAMES.get(name, name.upper() if modifiers or len(name) > 1 else name)
    return "+".join([*(m.capitalize() for m in modifiers), shown])


def declared_bindings(owner: type[DOMNode], words: Mapping[str, str]) -> Iterator[Binding]:
    """The bindings a help section shows for one class: those the app's own classes declare
    with a description, and any other (Textual's, or one without a description) it has words for."""
    for cls in owner.__mro__:
        ours = cls.__module__.startswith("trainer.")
        for binding in Binding.make_bindings(cls.__dict__.get("BINDINGS", ())):
            if binding.system:
                continue
            if (ours and binding.description) or (binding.description or binding.action) in words:
                yield binding


def key_rows(bindings: Iterable[Binding], words: Mapping[str, str]) -> list[KeyRow]:
    """One row per phrase, its keys joined by ` / ` in the order they were bound."""
    keys_of: dict[str, list[str]] = {}
    for binding in bindings:
        does = words.get(binding.description or binding.action, binding.description)
        shown = keys_of.setdefault(does, [])
        for key in binding.key.split(","):
            if key_text(key) not in shown:
                shown.append(key_text(key))
    return [KeyRow(" / ".join(keys), does) for does, keys in keys_of.items()]


def app_bindings(app_class: type[App[Any]]) -> list[Binding]:
    """What every screen answers to: the app's bindings (Textual's too), and the palette's key,
    which Textual adds when the app starts."""
    bindings = [b for _, b in app_class._merge_bindings() if not b.system]
    if app_class.ENABLE_COMMAND_PALETTE:
        bindings.append(Binding(app_class.COMMAND_PALETTE_BINDING, "command_palette", "palette"))
    return bindings


def _sections() -> tuple[KeySection, ...]:
    this_help = N_("this help")
    due_or_mixed = N_("review what is due / mixed practice")
    statistics_or_quit = N_("statistics / quit")
    hint_or_reveal = N_("hint / reveal this step")
    first_or_last = N_("first / last row")
    return (
        KeySection(
            N_("Home"),
            (HomeScreen, DeckTable, RowTable),
            {
                "Start deck": N_("start the selected deck"),
                "Find": N_("find a question: search and filter every question"),
                "First row": first_or_last,
                "Last row": first_or_last,
                "Review due": due_or_mixed,
                "Mixed practice": due_or_mixed,
                "Statistics": statistics_or_quit,
                "Quit": statistics_or_quit,
                "Help": this_help,
            },
        ),
        KeySection(
            N_("Question list"),
            (QuestionListScreen, SearchInput, QuestionTable),
            {
                "Practise": N_("practise the highlighted question, then the ones below it"),
                "Back": N_("back to the decks"),
                "Search": N_("search by id or title"),
                "To the list": N_("from the search box to the list"),
                "First row": first_or_last,
                "Last row": first_or_last,
            },
        ),
        KeySection(
            N_("Question"),
            (AnswerInput, QuestionScreen),
            {
                "Submit": N_("check the answer"),
                "Earlier answer": N_("earlier answers"),
                "Later answer": N_("earlier answers"),
                "Hint": N_("hint"),
                "Reveal": N_("reveal the solution"),
                "Walk through": N_("walk through the backward pass, one node at a time"),
                "Numbers": N_("a small numeric instance"),
                "Graph": N_("the computation graph"),
                "Skip": N_("skip to the next question"),
                "End session": N_("end the session"),
                "scroll_body('page_up')": N_("scroll the question"),
                "scroll_body('page_down')": N_("scroll the question"),
                "Help": this_help,
            },
        ),
        KeySection(
            N_("Walkthrough"),
            (WalkthroughScreen,),
            {
                "Hint": hint_or_reveal,
                "Reveal step": hint_or_reveal,
                "Back to the question": N_("back to the question"),
                "Help": this_help,
            },
        ),
        KeySection(N_("Session summary"), (SummaryScreen,)),
        KeySection(N_("Statistics"), (StatisticsScreen,)),
        KeySection(N_("Graph"), (GraphScreen,)),
        KeySection(N_("Numbers"), (InstanceScreen,)),
        KeySection(N_("Help"), (HelpScreen,)),
        KeySection(
            N_("Everywhere"),
            words={"Help": this_help, "palette": N_("command palette"), "Quit": N_("quit")},
        ),
    )


def key_table(app_class: type[App[Any]]) -> list[tuple[str, KeyRow]]:
    """Every row of the keys table with its section's title (the app's keys last)."""
    table: list[tuple[str, KeyRow]] = []
    for section in _sections():
        if section.owners:
            found = [b for owner in section.owners for b in declared_bindings(owner, section.words)]
        else:
            found = app_bindings(app_class)
        table += [(section.title, row) for row in key_rows(found, section.words)]
    return table


# ---- the notation -----------------------------------------------------------------------


@dataclass(frozen=True)
class FunctionGroup:
    """Functions of the table the help explains in one sentence."""

    names: tuple[str, ...]
    means: str
    bare: bool = False  # list the names alone (a long group of one-argument functions)
    argument: str = "x"
    before: tuple[str, ...] = ()  # other spellings of the same thing, shown first
    calls: tuple[str, ...] = ()  # how it is called, when its signature does not say


FUNCTION_GROUPS = (
    FunctionGroup(("sum",), N_("sum of all entries, or along a dimension")),
    FunctionGroup(("mean",), N_("mean of all entries, or along a dimension")),
    FunctionGroup(("ones", "zeros", "eye"), N_("constructors; the arguments are sizes")),
    FunctionGroup(("outer", "dot"), N_("outer and dot product of vectors")),
    FunctionGroup(("diag", "trace", "inv", "det", "norm"), N_("linear algebra")),
    FunctionGroup(
        ("relu", "step", "sigmoid", "tanh", "exp", "log", "sqrt", "abs", "sign", "sin", "cos"),
        N_("elementwise functions; step(z) is 1 where z > 0, the derivative of relu"),
        bare=True,
    ),
    FunctionGroup(
        ("softmax", "log_softmax", "logsumexp"),
        N_("along the last dimension, or the one given; also X.softmax(dim=0)"),
    ),
    FunctionGroup(("detach",), N_("the same values, with no gradient flowing back through it")),
    FunctionGroup(
        ("max", "min"),
        N_(
            "the largest / smallest entries along a dimension; the gradient goes to them, "
            "split among ties"
        ),
    ),
    FunctionGroup(
        ("var", "std"),
        N_(
            "variance / standard deviation along a dimension, dividing by n - 1 "
            "(correction=0: by n)"
        ),
    ),
    FunctionGroup(
        ("solve", "kron", "vec", "tril", "triu"),
        N_(
            "solve(A, B) is inv(A) @ B without the inverse; the Kronecker product; the columns "
            "stacked, of size m*n; the lower / upper triangle (tril(ones(n, n)) is a causal mask)"
        ),
        calls=("solve(A, B)", "kron(A, B)", "vec(X)", "tril(X)", "triu(X)"),
    ),
    FunctionGroup(
        ("one_hot",),
        N_("class labels y (a given with index: k) as 0/1 rows; labels are read only here"),
        calls=("one_hot(y, k)", "one_hot(ix, V) @ C"),
    ),
    FunctionGroup(
        ("grad",),
        N_("in a walkthrough step: the adjoint of a node already stepped"),
        argument="h",
        before=("dh",),
    ),
)

OPERATORS = [
    ("`W @ x`, `A @ B`", N_("matrix product (vectors too)")),
    ("`x * y`, `x ⊙ y`, `x ∘ y`", N_("elementwise product; broadcasting as in PyTorch")),
    ("`+ - / **`, `x^2`", N_("elementwise arithmetic and powers")),
    ("`A.T`, `Aᵀ`, `A^T`, `A.t()`", N_("transpose (a no-op on a vector)")),
]
LITERALS = [
    ("`z > 0`, `<`, `>=`, `<=`", N_("comparison, giving 0.0 and 1.0")),
    ("`[1, 2]`, `[[1, 0], [0, 1]]`", N_("tensor literals")),
    ("`m`, `n`", N_("dimension names stand for their sizes")),
    ("`dA`", N_("in a differential: the change of wrt, dA for A")),
]
KEEPDIM = N_(
    "keep the reduced dimension with size 1: X - mean(X, 1, keepdim=True) centres each row"
)
SPELLINGS = N_("PyTorch spellings are accepted too")
SHAPES = [
    ("`(m, n)`, `[m, n]`, `m x n`, `m×n`", N_("a matrix of m rows and n columns")),
    ("`(n,)`, `(n)`, `n`", N_("a vector of length n")),
    ("`(m*n,)`", N_("a size that is a product of dimensions, as of vec(X) and kron")),
    ("`()`, `[]`, `scalar`", N_("a scalar")),
]


def usages(name: str, signature: Signature, argument: str = "x") -> list[str]:
    """How a function of the table is called, from its signature."""
    if signature.correction:
        return [f"{name}(X, 1)", f"{name}(X, 1, correction=0)"]
    if signature.dim and signature.min_args == 2:
        return [f"{name}(X, 1)"]
    if signature.dim:
        return [f"{name}({argument})", f"{name}(X, 1)"]
    if signature.min_args == signature.max_args == 2:
        return [f"{name}(a, b)"]
    if signature.max_args > signature.min_args:  # sizes: ones(m, n)
        return [f"{name}(m, n)"]
    return [f"{name}({argument})"]


def _code(items: Iterable[str]) -> str:
    return ", ".join(f"`{item}`" for item in items)


def function_rows(signatures: Mapping[str, Signature] = SIGNATURES) -> list[tuple[str, str]]:
    """The notation's functions, a row per group; a function no group names gets a row of its
    own, so the help never leaves one out."""
    rows: list[tuple[str, str]] = []
    grouped: set[str] = set()
    for group in FUNCTION_GROUPS:
        names = [name for name in group.names if name in signatures]
        grouped.update(names)
        if group.bare:
            write = _code(names)
        else:
            calls = list(group.calls) or [
                u for n in names for u in usages(n, signatures[n], group.argument)
            ]
            write = _code([*group.before, *calls])
        if names:
            rows.append((write, group.means))
    rows += [(_code(usages(n, s)), "") for n, s in signatures.items() if n not in grouped]
    keep = [f"{name}(X, 1, keepdim=True)" for name, s in signatures.items() if s.keepdim]
    rows.append((_code(keep), KEEPDIM))
    methods = [
        f"X.{method}(dim=1)" if signatures[name].dim else f"X.{method}()"
        for method, name in METHODS.items()
        if name in signatures
    ]
    rows.append((_code(["torch.outer(a, b)", *methods]), SPELLINGS))
    return rows


def _table(header: tuple[str, ...], rows: Iterable[tuple[str, ...]]) -> list[str]:
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    return lines + ["| " + " | ".join(row) + " |" for row in rows]


def cheat_sheet(t: Labels, app_class: type[App[Any]]) -> str:
    """The help as Markdown in the app's language (the notation itself is never translated)."""
    keys = [(t(where), row.keys, t(row.does)) for where, row in key_table(app_class)]
    notation = [*OPERATORS, *function_rows(), *LITERALS]
    write_means = (t("Write"), t("Means"))
    lines = [f"## {t('Keys')}", "", *_table(("", t("Key"), t("Does")), keys)]
    lines += ["", f"## {t('Answer notation')}", ""]
    lines += _table(write_means, [(write, t(means) if means else "") for write, means in notation])
    lines += ["", f"## {t('Shapes')}", ""]
    lines += _table(write_means, [(write, t(means)) for write, means in SHAPES])
    lines += [
        "",
        t(
            "`(1, n)` is not `(n,)`. Names come from the question: its given tensors, "
            "its forward results and its dimensions."
        ),
    ]
    rules = [(f"`{form}`", f"`{gets}`") for form, gets in backward_rule_rows()]
    lines += ["", f"## {t('Local backward rules')}", ""]
    lines += _table((t("Operation"), t("Its arguments get")), rules)
    lines += [
        "",
        t("g is the adjoint of the result, out the result itself, d the dimension it works along."),
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
                yield Markdown(cheat_sheet(self.t, type(self.app)), id="help-text")
            yield Static(self.t("Esc to close"), classes="dialog-keys")

    def on_mount(self) -> None:
        self.query_one(VerticalScroll).focus()
