"""One copy of each table: the facts other modules read from the function table, the
signatures and the operator rules, rather than restating them."""

from __future__ import annotations

import re

import pytest

from trainer.errors import NotationError
from trainer.messages import spoken_list
from trainer.notation import functions, parse
from trainer.notation.derive import _has_dim
from trainer.notation.evaluate import OPERATOR_VJPS
from trainer.notation.functions import FUNCTIONS
from trainer.notation.nodes import Call, Name
from trainer.notation.signatures import (
    ALONG_LAST,
    DIM_FUNCTIONS,
    KEEPDIM_FUNCTIONS,
    METHODS,
    SIGNATURES,
)
from trainer.notation.values import Value
from trainer.oracle import counterfactual
from trainer.oracle.paths import Paths
from trainer.oracle.step_hints import local_rules
from trainer.questions import Question
from trainer.questions.model import ForwardLine


def test_the_functions_that_take_a_dimension_are_read_from_the_signatures() -> None:
    expected = ("sum", "mean", "softmax", "log_softmax", "logsumexp", "max", "min", "var", "std")
    assert expected == DIM_FUNCTIONS
    assert KEEPDIM_FUNCTIONS == ("sum", "mean", "logsumexp", "max", "min", "var", "std")
    assert set(ALONG_LAST) == {"softmax", "log_softmax", "logsumexp"}
    assert set(KEEPDIM_FUNCTIONS) <= set(DIM_FUNCTIONS) >= ALONG_LAST


@pytest.mark.parametrize("name", sorted(SIGNATURES))
def test_a_call_has_a_dimension_exactly_when_its_signature_takes_one(name: str) -> None:
    two = Call(0, name, (Name(0, "x"), Name(0, "n")))
    assert _has_dim(two) is SIGNATURES[name].dim
    assert _has_dim(Call(0, name, (Name(0, "x"),))) is False


def test_the_counterfactual_tables_live_with_the_ladder_and_change_only_their_functions() -> None:
    assert not hasattr(functions, "WITHOUT_MASK") and not hasattr(functions, "THROUGH_DETACH")
    changed = {n for n in FUNCTIONS if counterfactual.WITHOUT_MASK[n] is not FUNCTIONS[n]}
    assert changed == {"relu", "step"}
    changed = {n for n in FUNCTIONS if counterfactual.THROUGH_DETACH[n] is not FUNCTIONS[n]}
    assert changed == {"detach"}


def _question(*lines: str) -> Question:
    forward = tuple(
        ForwardLine(*(part.strip() for part in line.split("=", 1)), i)
        for i, line in enumerate(lines)
    )
    return Question("q", "d", {"en": "t"}, {"en": "p"}, forward=forward, wrt="x", of=("y",))


def test_the_counterfactuals_apply_by_the_forward_facts_of_paths() -> None:
    masked = _question("h = relu(x)", "y = sum(h)")
    compared = _question("h = x * (x > 0)", "y = sum(h)")
    detached = _question("h = detach(x) * x", "y = sum(h)")
    plain = _question("y = sum(x * x)")
    for question, mask, detach in [
        (masked, True, False),
        (compared, True, False),
        (detached, False, True),
        (plain, False, False),
    ]:
        paths = Paths(question)
        assert counterfactual.applies(question, counterfactual.MASK, paths) is mask
        assert counterfactual.applies(question, counterfactual.DETACH, paths) is detach
    assert Paths(masked).calls == {"relu", "sum"}
    assert Paths(compared).compares and not Paths(masked).compares


def test_a_reassigned_name_is_one_fact_of_paths() -> None:
    assert Paths(_question("h = x", "h = 2 * h", "y = sum(h)")).reassigned
    assert not Paths(_question("h = x", "y = sum(h)")).reassigned


@pytest.mark.parametrize(
    ("left", "right", "case"),
    [
        ("W", "x", "@ matrix-vector"),
        ("u", "W", "@ vector-matrix"),
        ("u", "v", "@ vector-vector"),
        ("W", "X", "@ matrix-matrix"),
    ],
)
def test_the_hint_of_a_product_is_the_rule_table_s_for_its_kinds(
    left: str, right: str, case: str
) -> None:
    """The rule a hint shows for an @ is the table's rule for those operands' kinds, written
    in the operands' names: one rule, in one place."""
    names = {
        "W": Value((3, 4), ("m", "n")),
        "X": Value((4, 5), ("n", "k")),
        "x": Value((4,), ("n",)),
        "u": Value((3,), ("m",)),
        "v": Value((3,), ("m",)),
    }
    tree = parse(f"{left} @ {right}").tree
    for index, name in enumerate((left, right)):
        table = OPERATOR_VJPS[case][index]
        assert table is not None
        expected = re.sub(r"\bb\b", right, re.sub(r"\ba\b", left, table))
        (rule,) = local_rules(tree, "y", name, names, {"m": 3, "n": 4, "k": 5})
        assert rule.text == f"{left} @ {right} → {name}: {expected}"


def _refusal(answer: str) -> NotationError:
    with pytest.raises(NotationError) as caught:
        parse(answer)
    return caught.value


def test_the_keyword_message_names_the_signatures_dimension_functions() -> None:
    error = _refusal("x.sum(axis=0)")
    assert error.msg.key == "keyword"
    assert error.msg.params["dim_functions"] == spoken_list(DIM_FUNCTIONS)
    assert error.msg.params["keepdim_functions"] == spoken_list(KEEPDIM_FUNCTIONS)
    assert error.msg.text() == (
        "The keywords are dim= (of sum, mean, softmax, log_softmax, logsumexp, max, min, "
        "var and std), keepdim=True (of sum, mean, logsumexp, max, min, var and std) and "
        "correction=0 or 1 (of var and std); axis= is not known here."
    )
    assert error.msg.text("zh") == (
        "关键字只有 dim=（用于 sum、mean、softmax、log_softmax、logsumexp、max、min、var 和 std）、"
        "keepdim=True（用于 sum、mean、logsumexp、max、min、var 和 std）和 correction=0 或 1"
        "（用于 var 和 std）；这里不认识 axis=。"
    )


def test_the_method_message_names_the_method_table() -> None:
    error = _refusal("x.foo()")
    assert error.msg.text() == (
        ".foo() is not part of the notation; methods are .sum(), .mean(), .t(), .detach(), "
        ".softmax(), .log_softmax() and .logsumexp()."
    )
    assert error.msg.text("zh").endswith(
        "有 .sum()、.mean()、.t()、.detach()、.softmax()、.log_softmax() 和 .logsumexp()。"
    )
    assert error.msg.params["methods"] == spoken_list(f".{name}()" for name in METHODS)


@pytest.mark.parametrize(
    ("items", "en", "zh"),
    [
        ([], "", ""),
        (["a"], "a", "a"),
        (["a", "b"], "a and b", "a 和 b"),
        (["a", "b", "c"], "a, b and c", "a、b 和 c"),
    ],
)
def test_a_spoken_list(items: list[str], en: str, zh: str) -> None:
    assert spoken_list(items) == {"en": en, "zh": zh}
