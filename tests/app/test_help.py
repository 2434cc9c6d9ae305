"""The help is generated from the tables: every function of the notation and every key the app
binds appears in it, in English and in Chinese, and nothing it explains has gone stale."""

from __future__ import annotations

import importlib
import inspect
import pkgutil
import re

import pytest
from textual.binding import Binding
from textual.dom import DOMNode

import trainer.app
from trainer.app.app import TrainerApp
from trainer.app.screens import help as help_screen
from trainer.app.screens.help import (
    FUNCTION_GROUPS,
    cheat_sheet,
    declared_bindings,
    function_rows,
    key_table,
    key_text,
)
from trainer.notation.functions import FUNCTIONS
from trainer.notation.signatures import METHODS, SIGNATURES, Signature
from trainer.practice.i18n import Labels


def app_classes() -> list[type[DOMNode]]:
    """Every screen, widget and app class of trainer.app that declares bindings of its own."""
    found: dict[str, type[DOMNode]] = {}
    for info in pkgutil.walk_packages(trainer.app.__path__, "trainer.app."):
        module = importlib.import_module(info.name)
        for _, cls in inspect.getmembers(module, inspect.isclass):
            ours = issubclass(cls, DOMNode) and cls.__module__ == info.name
            if ours and cls.__dict__.get("BINDINGS"):
                found[f"{cls.__module__}.{cls.__qualname__}"] = cls
    return list(found.values())


def described(cls: type[DOMNode]) -> list[Binding]:
    return [b for b in Binding.make_bindings(cls.__dict__["BINDINGS"]) if b.description]


def test_the_scan_finds_the_app_and_its_screens() -> None:
    names = {cls.__name__ for cls in app_classes()}
    assert {"TrainerApp", "HomeScreen", "QuestionScreen", "WalkthroughScreen"} <= names
    assert {"HelpScreen", "AnswerInput", "DeckTable", "SummaryScreen"} <= names


@pytest.mark.parametrize("cls", app_classes(), ids=lambda cls: cls.__name__)
def test_every_binding_with_a_description_is_in_the_help(cls: type[DOMNode]) -> None:
    table = key_table(TrainerApp)
    sections = {section.title: section for section in help_screen._sections()}
    for binding in described(cls):
        owners = [
            title
            for title, section in sections.items()
            if cls in section.owners or (cls is TrainerApp and not section.owners)
        ]
        assert owners, f"{cls.__name__} has keys but no section of the help"
        words = sections[owners[0]].words
        does = words.get(binding.description, binding.description)
        rows = [row for title, row in table if title in owners and row.does == does]
        assert rows, f"{cls.__name__}: {binding.key} ({binding.description}) is not in the help"
        shown = rows[0].keys.split(" / ")
        for key in binding.key.split(","):
            assert key_text(key) in shown, (cls.__name__, key, rows[0])


def test_the_help_has_no_words_for_a_binding_that_is_gone() -> None:
    for section in help_screen._sections():
        if section.owners:
            bindings = [
                b for owner in section.owners for b in declared_bindings(owner, section.words)
            ]
        else:
            bindings = help_screen.app_bindings(TrainerApp)
        named = {b.description for b in bindings} | {b.action for b in bindings}
        stale = set(section.words) - named
        assert not stale, f"{section.title}: words for no binding: {stale}"


def test_the_apps_own_and_textuals_keys_are_everywhere() -> None:
    everywhere = {
        row.keys: row.does for title, row in key_table(TrainerApp) if title == "Everywhere"
    }
    assert everywhere == {"Ctrl+Q": "quit", "F1": "this help", "Ctrl+P": "command palette"}


def test_keys_are_written_as_the_help_always_wrote_them() -> None:
    assert [key_text(k) for k in ("ctrl+t", "escape", "d", "question_mark", "f1", "pageup")] == [
        "Ctrl+T",
        "Esc",
        "d",
        "?",
        "F1",
        "PgUp",
    ]
    rows = {row.keys: row.does for title, row in key_table(TrainerApp) if title == "Home"}
    assert rows["d / m"] == "review what is due / mixed practice"  # one phrase, one row
    assert rows["Enter"] == "start the selected deck"  # the screen's and the table's, once


def test_the_groups_name_only_functions_of_the_table_and_cover_it() -> None:
    grouped = [name for group in FUNCTION_GROUPS for name in group.names]
    assert len(grouped) == len(set(grouped)), "a function in two groups"
    assert set(grouped) == set(SIGNATURES) == set(FUNCTIONS) | {"grad"}
    assert all(means for _, means in function_rows()), "a function the help has no words for"


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_every_function_of_the_table_is_in_the_cheat_sheet(lang: str) -> None:
    sheet = cheat_sheet(Labels(lang), TrainerApp)
    notation = sheet.split("## ")[2]
    for name in SIGNATURES:
        assert re.search(rf"`(X\.)?{name}[(`]", notation), f"{name} is not in the help ({lang})"
    for method in METHODS.keys() - {"t"}:
        assert f"`X.{method}(" in notation
    assert "`A.t()`" in notation


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_every_key_is_in_the_cheat_sheet(lang: str) -> None:
    labels = Labels(lang)
    sheet = cheat_sheet(labels, TrainerApp)
    for title, row in key_table(TrainerApp):
        assert f"| {labels(title)} | {row.keys} | {labels(row.does)} |" in sheet
    if lang == "zh":
        assert "| 题目 | Ctrl+B | 逐步反向传播，每次求一个节点的伴随量 |" in sheet


def test_a_function_added_to_the_table_shows_up_even_without_words() -> None:
    table = {**SIGNATURES, "softplus": Signature(1, 1)}
    rows = function_rows(table)
    assert ("`softplus(x)`", "") in rows
    keep = {**SIGNATURES, "amax": Signature(1, 2, dim=True, keepdim=True)}
    assert any("`amax(X, 1, keepdim=True)`" in write for write, _ in function_rows(keep))


def test_usages_follow_the_signatures() -> None:
    rows = dict(function_rows())
    assert rows["`sum(x)`, `sum(X, 1)`"] == "sum of all entries, or along a dimension"
    assert rows["`outer(a, b)`, `dot(a, b)`"] == "outer and dot product of vectors"
    assert rows["`dh`, `grad(h)`"].startswith("in a walkthrough step")


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_local_backward_rules_are_the_rule_table_s(lang: str) -> None:
    """Every function that carries gradient, and every operator, has its row; the @ rows are
    one per kind of operands, as the derivation uses them."""
    sheet = cheat_sheet(Labels(lang), TrainerApp)
    rules = sheet.split("## ")[-1]
    assert rules.startswith(Labels(lang)("Local backward rules"))
    for name, function in FUNCTIONS.items():
        if any(rule is not None for rule in function.vjp):
            assert re.search(rf"\| `{name}\(", rules), f"{name} has no rule row ({lang})"
    assert "| `a @ b (matrix @ vector)` | `a: outer(g, b); b: a.T @ g` |" in rules
    assert "| `relu(a)` | `a: g * step(a)` |" in rules
    for flat in ("step", "sign", "detach"):  # no gradient flows through them: no row
        assert f"| `{flat}(a)` |" not in rules
