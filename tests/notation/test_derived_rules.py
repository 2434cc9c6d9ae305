"""Every vector-Jacobian rule of the notation against autograd (walkthrough.md section 3).

For each function of trainer/notation/functions.py with a `vjp` and each operator of
`OPERATOR_VJPS`, hypothesis builds one-line questions `y = f(a)` / `y = a OP b` on random distinct
sizes and random shapes (vectors, matrices, 3-D batches, broadcasting, dim and keepdim), seeded
either by `loss = sum(y * g)` or by `upstream: g`, and asserts that the walkthrough's derived
reference for the argument's step has source "derived": composed from the rules, tidied, and
judged correct against the autograd adjoint in every trial. Where the notation cannot write the
adjoint (no unsqueeze: a reduction of an inner dimension of a 3-D tensor, a batched determinant,
a batched product with a vector), the test asserts CannotDerive explicitly: no text and source
"none".
"""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
import torch
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from trainer.notation import Evaluator, Value, parse
from trainer.notation.derive import MACROS, CannotDerive, Deriver
from trainer.notation.evaluate import OPERATOR_VJPS
from trainer.notation.functions import FUNCTIONS
from trainer.notation.nodes import Name, render
from trainer.notation.syntax import parse_rule
from trainer.oracle import Oracle, Reference, Walkthrough
from trainer.oracle.compare import format_tensor
from trainer.questions import Question, load_bank

# A modest, reproducible run by default; TRAINER_RULE_EXAMPLES=300 explores at random.
EXPLORE = os.environ.get("TRAINER_RULE_EXAMPLES")
RULES = settings(
    max_examples=int(EXPLORE or 6),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
    derandomize=EXPLORE is None,
)
DELIBERATELY_WITHOUT_RULE = {"step", "sign", "detach", "ones", "zeros", "eye", "one_hot"}
LABELS = ("m", "n", "k")  # sizes drawn distinct; "j" is the batch dimension of @ and friends
BATCH = "j"

Shape = tuple[str | int, ...]


@dataclass(frozen=True)
class Case:
    """One forward line `y = expression` over `given` (name → (shape, init))."""

    expression: str
    given: dict[str, tuple[Shape, str]]
    args: tuple[str, ...]  # the arguments whose step is checked
    derivable: bool = True


# --- building and running one question ------------------------------------------------------------


def _shape_env(given: dict[str, tuple[Shape, str]], dims: dict[str, int]) -> dict[str, Value]:
    def size(label: str | int) -> int:
        return label if isinstance(label, int) else dims[label]

    return {
        name: Value(tuple(size(d) for d in shape), tuple(str(d) for d in shape))
        for name, (shape, _) in given.items()
    }


def _yaml_shape(labels: tuple[str, ...]) -> list[str | int]:
    return [int(label) if label.isdigit() else label for label in labels]


def load_question(case: Case, dims: dict[str, int], wrt: str, upstream: bool) -> Question:
    labels = Evaluator(_shape_env(case.given, dims), dims, build=False).evaluate_text(
        case.expression
    )
    given = {
        name: {"shape": list(shape), "init": init} for name, (shape, init) in case.given.items()
    }
    given["g"] = {"shape": _yaml_shape(labels.labels), "init": "normal"}
    forward = [f"y = {case.expression}"]
    extra = ["    of: y", "    upstream: g"] if upstream else []
    if not upstream:
        forward.append("loss = sum(y * g)")
    lines = [
        "deck: rules",
        "title: rules",
        "questions:",
        "  - id: rule-case",
        "    title: one rule",
        "    prompt: one rule",
        "    ask: shape",
        f"    dims: {json.dumps(dims)}",
        f"    given: {json.dumps(given, ensure_ascii=False)}",
        "    forward:",
        *(f"      - {json.dumps(line, ensure_ascii=False)}" for line in forward),
        f"    wrt: {wrt}",
        *extra,
    ]
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "rules.yaml"
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
        bank = load_bank([path])
    assert not bank.problems, [p.format() for p in bank.problems]
    return bank.questions["rule-case"]


def check_case(case: Case, dims: dict[str, int], wrt: str, upstream: bool) -> None:
    question = load_question(case, dims, wrt, upstream)
    walkthrough = Walkthrough(Oracle(question))
    nodes = [step.node for step in walkthrough.steps]
    assert nodes == ([wrt] if upstream else ["y", wrt])
    what = f"y = {case.expression} with {case.given}, dims {dims}, wrt {wrt}, upstream {upstream}"
    derived = walkthrough.derive(wrt)
    reference = walkthrough.reference(wrt)
    if case.derivable:
        verdict = walkthrough.judge(wrt, derived).message_text() if derived else "CannotDerive"
        assert reference == Reference(derived, "derived"), f"{what}: {derived!r}: {verdict}"
    else:
        assert derived is None, f"{what}: expected CannotDerive, derived {derived!r}"
        assert reference == Reference(None, "none"), what
        # the reveal then shows the adjoint's values on the smallest trial instead
        oracle = walkthrough.oracle
        smallest = oracle.trials[oracle.smallest_trial]
        assert walkthrough.instance(wrt).expected == format_tensor(smallest.adjoints[wrt])
    if not upstream:
        assert walkthrough.reference("y") == Reference("g", "derived")


# --- strategies -----------------------------------------------------------------------------------

sizes = st.lists(st.integers(2, 7), min_size=4, max_size=4, unique=True).map(
    lambda s: dict(zip((*LABELS, BATCH), s, strict=True))
)
label = st.sampled_from(LABELS)


def shapes(low: int, high: int) -> st.SearchStrategy[Shape]:
    return st.lists(label, min_size=low, max_size=high).map(tuple)


def elementwise(name: str, init: str = "normal") -> st.SearchStrategy[Case]:
    return shapes(0, 3).map(lambda shape: Case(f"{name}(a)", {"a": (shape, init)}, ("a",)))


def _spell_dim(draw: Callable, name: str, dim: int | None, keepdim: bool) -> str:
    if dim is None:
        return draw(st.sampled_from([f"{name}(a)", f"a.{name}()"]))
    keep = ", keepdim=True" if keepdim else ""
    return draw(
        st.sampled_from(
            [f"{name}(a, {dim}{keep})", f"{name}(a, dim={dim}{keep})", f"a.{name}({dim}{keep})"]
        )
    )


def unreduce_derivable(ndim: int, dim: int | None, keepdim: bool, reduces_one: bool) -> bool:
    """Where the notation can spread a reduced adjoint back (it has no unsqueeze): over all
    entries, a kept dimension, the first dimension, or the last of a matrix (an outer product)."""
    if not reduces_one or keepdim or ndim <= 1:
        return True
    position = (ndim - 1) if dim is None else dim % ndim
    return position == 0 or (ndim == 2 and position == 1)


@st.composite
def reduction(draw: Callable, name: str) -> Case:
    """sum, mean: of all entries, or along a dimension (negative too), kept or not."""
    shape = draw(shapes(1, 3))
    ndim = len(shape)
    dim = draw(st.none() | st.integers(-ndim, ndim - 1))
    keepdim = dim is not None and draw(st.booleans())
    derivable = unreduce_derivable(ndim, dim, keepdim, reduces_one=dim is not None)
    return Case(_spell_dim(draw, name, dim, keepdim), {"a": (shape, "normal")}, ("a",), derivable)


@st.composite
def along(draw: Callable, name: str) -> Case:
    """softmax and log_softmax along the last dimension or a given one (negative too)."""
    shape = draw(shapes(1, 3))
    dim = draw(st.none() | st.integers(-len(shape), len(shape) - 1))
    return Case(_spell_dim(draw, name, dim, False), {"a": (shape, "normal")}, ("a",))


@st.composite
def logsumexp(draw: Callable) -> Case:
    shape = draw(shapes(1, 3))
    ndim = len(shape)
    dim = draw(st.none() | st.integers(-ndim, ndim - 1))
    keepdim = dim is not None and draw(st.booleans())
    derivable = unreduce_derivable(ndim, dim, keepdim, reduces_one=True)
    text = _spell_dim(draw, "logsumexp", dim, keepdim)
    return Case(text, {"a": (shape, "normal")}, ("a",), derivable)


@st.composite
def statistic(draw: Callable, name: str) -> Case:
    """max, min, var, std (format v1.2): along a dimension (negative too), kept or not, var and
    std with either correction."""
    shape = draw(shapes(1, 3))
    ndim = len(shape)
    dim = draw(st.integers(-ndim, ndim - 1))
    keepdim = draw(st.booleans())
    text = draw(st.sampled_from([f"{name}(a, {dim}", f"{name}(a, dim={dim}"]))
    text += ", keepdim=True" * keepdim
    if name in ("var", "std"):
        text += draw(st.sampled_from(["", ", correction=0", ", correction=1"]))
    derivable = unreduce_derivable(ndim, dim, keepdim, reduces_one=True)
    return Case(text + ")", {"a": (shape, "normal")}, ("a",), derivable)


@st.composite
def solve(draw: Callable) -> Case:
    """solve(A, B) on a symmetric positive definite A (well conditioned), B a vector or a
    matrix."""
    p, q = draw(label), draw(label)
    b = draw(st.sampled_from([(p,), (p, q)]))
    return Case("solve(a, b)", {"a": ((p, p), "spd"), "b": (b, "normal")}, ("a", "b"))


@st.composite
def kron(draw: Callable) -> Case:
    """kron of two vectors or two matrices (sizes multiply: m*n)."""
    ndim = draw(st.sampled_from([1, 2]))
    a = tuple(draw(label) for _ in range(ndim))
    b = tuple(draw(label) for _ in range(ndim))
    return Case("kron(a, b)", {"a": (a, "normal"), "b": (b, "normal")}, ("a", "b"))


@st.composite
def triangle(draw: Callable, name: str) -> Case:
    shape = draw(st.sampled_from([(draw(label), draw(label)), (BATCH, draw(label), draw(label))]))
    return Case(f"{name}(a)", {"a": (shape, "normal")}, ("a",))


@st.composite
def two_vectors(draw: Callable, name: str, same: bool) -> Case:
    p = draw(label)
    q = p if same else draw(label)
    return Case(f"{name}(a, b)", {"a": ((p,), "normal"), "b": ((q,), "normal")}, ("a", "b"))


@st.composite
def diag(draw: Callable) -> Case:
    """diag of a vector, or of a square matrix (a non-square one: see below)."""
    p = draw(label)
    shape = draw(st.sampled_from([(p,), (p, p)]))
    return Case("diag(a)", {"a": (shape, "normal")}, ("a",))


@st.composite
def square(draw: Callable, name: str) -> Case:
    """trace on any matrix, inv and det on square matrices and on a batch of them."""
    p = draw(label)
    batched = name != "trace" and draw(st.booleans())
    shape = (BATCH, p, p) if batched else (p, p)
    if name == "trace":  # torch.trace sums the diagonal of a non-square matrix too
        shape = (p, draw(label | st.just(1)))
    init = "spd" if name == "inv" and not batched else "normal"
    derivable = not (name == "det" and batched)  # g * out needs unsqueezing to (j, 1, 1)
    return Case(f"{name}(a)", {"a": (shape, init)}, ("a",), derivable)


@st.composite
def broadcast_pair(draw: Callable) -> tuple[Shape, Shape]:
    """Two shapes that broadcast together: each the full shape with leading dimensions dropped
    and some dimensions replaced by 1."""
    full = draw(shapes(0, 3))

    def operand() -> Shape:
        kept = full[draw(st.integers(0, len(full))) :]
        return tuple(1 if draw(st.booleans()) and draw(st.booleans()) else d for d in kept)

    return operand(), operand()


@st.composite
def binary(draw: Callable, op: str) -> Case:
    left, right = draw(broadcast_pair())
    init = "positive" if op in ("/", "**") else "normal"
    given = {"a": (left, init), "b": (right, init)}
    if op == "**":
        form = draw(st.sampled_from(["a ** b", "a ^ b", "a ** 3", "a ^ 0.5", "2 ** b"]))
        args = tuple(name for name in ("a", "b") if name in form)
        return Case(form, {name: given[name] for name in args}, args)
    return Case(f"a {op} b", given, ("a", "b"))


@st.composite
def neg(draw: Callable) -> Case:
    text = draw(st.sampled_from(["-a", "-(-(-a))"]))
    return Case(text, {"a": (draw(shapes(0, 3)), "normal")}, ("a",))


@st.composite
def transpose(draw: Callable) -> Case:
    text = draw(st.sampled_from(["a.T", "a^T", "aᵀ", "a.t()"]))
    return Case(text, {"a": (draw(shapes(1, 3)), "normal")}, ("a",))


@st.composite
def matmul(draw: Callable, case: str) -> Case:
    p, q, r = draw(label), draw(label), draw(label)
    derivable = True
    if case == "matrix-vector":
        a, b = draw(st.sampled_from([((p, q), (q,)), ((BATCH, p, q), (q,))]))
        derivable = len(a) == 2  # a batch times a vector: the adjoint needs an unsqueeze
    elif case == "vector-matrix":
        a, b = draw(st.sampled_from([((p,), (p, q)), ((p,), (BATCH, p, q))]))
        derivable = len(b) == 2
    elif case == "vector-vector":
        a, b = (p,), (p,)
    else:
        a, b = draw(
            st.sampled_from(
                [
                    ((p, q), (q, r)),
                    ((BATCH, p, q), (BATCH, q, r)),
                    ((BATCH, p, q), (q, r)),
                    ((p, q), (BATCH, q, r)),
                    ((BATCH, p, q), (1, q, r)),
                ]
            )
        )
    given = {"a": (a, "normal"), "b": (b, "normal")}
    return Case("a @ b", given, ("a", "b"), derivable)


FUNCTION_CASES: dict[str, st.SearchStrategy[Case]] = {
    "sum": reduction("sum"),
    "mean": reduction("mean"),
    "outer": two_vectors("outer", same=False),
    "dot": two_vectors("dot", same=True),
    "diag": diag(),
    "trace": square("trace"),
    "inv": square("inv"),
    "det": square("det"),
    "norm": shapes(1, 3).map(lambda s: Case("norm(a)", {"a": (s, "normal")}, ("a",))),
    "relu": elementwise("relu"),
    "sigmoid": elementwise("sigmoid"),
    "tanh": elementwise("tanh"),
    "exp": elementwise("exp"),
    "log": elementwise("log", "positive"),
    "sqrt": elementwise("sqrt", "positive"),
    "abs": elementwise("abs"),
    "sin": elementwise("sin"),
    "cos": elementwise("cos"),
    "softmax": along("softmax"),
    "log_softmax": along("log_softmax"),
    "logsumexp": logsumexp(),
    "max": statistic("max"),
    "min": statistic("min"),
    "var": statistic("var"),
    "std": statistic("std"),
    "solve": solve(),
    "kron": kron(),
    "vec": st.tuples(label, label).map(lambda s: Case("vec(a)", {"a": (s, "normal")}, ("a",))),
    "tril": triangle("tril"),
    "triu": triangle("triu"),
}

OPERATOR_CASES: dict[str, st.SearchStrategy[Case]] = {
    "+": binary("+"),
    "-": binary("-"),
    "*": binary("*"),
    "/": binary("/"),
    "**": binary("**"),
    "neg": neg(),
    "T": transpose(),
    "@ matrix-vector": matmul("matrix-vector"),
    "@ vector-matrix": matmul("vector-matrix"),
    "@ vector-vector": matmul("vector-vector"),
    "@ matrix-matrix": matmul("matrix-matrix"),
}


# --- the tables are covered -----------------------------------------------------------------------


def test_every_function_has_a_rule_or_is_deliberately_without_one() -> None:
    """Adding a function without a rule (or with a rule but no case here) fails this test."""
    with_rule = {name for name, f in FUNCTIONS.items() if any(rule for rule in f.vjp)}
    without = {name for name, f in FUNCTIONS.items() if not any(rule for rule in f.vjp)}
    assert without == DELIBERATELY_WITHOUT_RULE
    assert with_rule == set(FUNCTION_CASES)
    assert with_rule | without == set(FUNCTIONS)


def test_every_operator_rule_has_a_case() -> None:
    assert set(OPERATOR_CASES) == set(OPERATOR_VJPS)


def test_every_rule_of_both_tables_parses_in_the_notation() -> None:
    rules = [rule for f in FUNCTIONS.values() for rule in f.vjp if rule]
    rules += [rule for pair in OPERATOR_VJPS.values() for rule in pair if rule]
    assert len(rules) >= 30
    for rule in rules:
        assert render(parse_rule(rule, MACROS)), rule


def test_the_rules_of_a_function_are_one_per_argument() -> None:
    """A rule for a dimension argument would claim a gradient flows into an integer."""
    for name in ("sum", "mean", "softmax", "log_softmax", "logsumexp", "max", "min", "var", "std"):
        assert FUNCTIONS[name].vjp[1] is None, name
    assert len(FUNCTIONS["outer"].vjp) == len(FUNCTIONS["dot"].vjp) == 2


# --- every rule against autograd ------------------------------------------------------------------


@pytest.mark.parametrize("name", sorted(FUNCTION_CASES))
@RULES
@given(data=st.data())
def test_function_rule_is_judged_correct_by_autograd(name: str, data: st.DataObject) -> None:
    case = data.draw(FUNCTION_CASES[name], label="case")
    wrt = data.draw(st.sampled_from(case.args), label="wrt")
    upstream = data.draw(st.booleans(), label="upstream")
    check_case(case, data.draw(sizes, label="dims"), wrt, upstream)


@pytest.mark.parametrize("name", sorted(OPERATOR_CASES))
@RULES
@given(data=st.data())
def test_operator_rule_is_judged_correct_by_autograd(name: str, data: st.DataObject) -> None:
    case = data.draw(OPERATOR_CASES[name], label="case")
    wrt = data.draw(st.sampled_from(case.args), label="wrt")
    upstream = data.draw(st.booleans(), label="upstream")
    check_case(case, data.draw(sizes, label="dims"), wrt, upstream)


# --- fixed cases: each family at least once, whatever hypothesis draws ----------------------------

DIMS = {"m": 3, "n": 5, "k": 2, "j": 4}
FIXED = [
    Case("sum(a, -1)", {"a": (("m", "n"), "normal")}, ("a",)),
    Case("mean(a, dim=-2, keepdim=True)", {"a": (("k", "m", "n"), "normal")}, ("a",)),
    Case("softmax(a, -2)", {"a": (("k", "m", "n"), "normal")}, ("a",)),
    Case("log_softmax(a, dim=-1)", {"a": (("m", "n"), "normal")}, ("a",)),
    Case("logsumexp(a, -1)", {"a": (("m", "n"), "normal")}, ("a",)),
    Case("a * b", {"a": (("m", 1), "normal"), "b": ((1, "n"), "normal")}, ("a", "b")),
    Case("a / b", {"a": (("k", "m", "n"), "normal"), "b": (("m", 1), "positive")}, ("a", "b")),
    Case("a - b", {"a": ((), "normal"), "b": (("m", "n"), "normal")}, ("a", "b")),
    Case("a ** b", {"a": (("m", "n"), "positive"), "b": (("n",), "positive")}, ("a", "b")),
    Case("a @ b", {"a": (("j", "m", "n"), "normal"), "b": (("j", "n", "k"), "normal")}, ("a", "b")),
    Case("a @ b", {"a": (("j", "m", "n"), "normal"), "b": (("n", "k"), "normal")}, ("a", "b")),
    Case("inv(a)", {"a": (("j", "n", "n"), "normal")}, ("a",)),
    Case("diag(a)", {"a": (("n", "n"), "normal")}, ("a",)),
    Case("trace(a)", {"a": (("m", "n"), "normal")}, ("a",)),
    Case("trace(a)", {"a": (("n", "m"), "normal")}, ("a",)),
]


@pytest.mark.parametrize("case", FIXED, ids=lambda c: f"{c.expression} {list(c.given.values())}")
@pytest.mark.parametrize("upstream", [False, True], ids=["loss", "upstream"])
def test_fixed_rule_cases_are_derived(case: Case, upstream: bool) -> None:
    for wrt in case.args:
        check_case(case, DIMS, wrt, upstream)


# --- where the notation cannot write the adjoint --------------------------------------------------

CANNOT = [
    ("sum(a, 1)", {"a": ("k", "m", "n")}),
    ("sum(a, 2)", {"a": ("k", "m", "n")}),
    ("mean(a, -1)", {"a": ("k", "m", "n")}),
    ("logsumexp(a)", {"a": ("k", "m", "n")}),
    ("logsumexp(a, 1)", {"a": ("k", "m", "n")}),
    ("det(a)", {"a": ("k", "n", "n")}),
    ("a @ b", {"a": ("k", "m", "n"), "b": ("n",)}),
    ("a @ b", {"a": ("n",), "b": ("k", "n", "m")}),
]


@pytest.mark.parametrize(("expression", "shapes_"), CANNOT, ids=[f"{e} {s}" for e, s in CANNOT])
def test_adjoints_the_notation_cannot_write_raise_cannot_derive(expression, shapes_) -> None:
    dims = {"m": 3, "n": 5, "k": 2}
    names = {name: Value(tuple(dims[d] for d in shape), shape) for name, shape in shapes_.items()}
    names["y"] = Evaluator(names, dims, build=False).evaluate_text(expression)
    names["dy"] = names["y"]
    deriver = Deriver(names, dims)
    tree = parse(expression).tree
    for target in shapes_:
        with pytest.raises(CannotDerive):
            deriver.reference(target, [(tree, "y", Name(0, "dy"))])


@pytest.mark.parametrize("shape", [("m", "n"), ("n", "m")], ids=["wide", "tall"])
@pytest.mark.parametrize("upstream", [False, True], ids=["loss", "upstream"])
def test_diag_of_a_non_square_matrix_is_derived(shape: tuple[str, str], upstream: bool) -> None:
    check_case(Case("diag(a)", {"a": (shape, "normal")}, ("a",)), DIMS, "a", upstream)


def test_the_adjoint_of_diag_of_a_non_square_matrix_is_writable() -> None:
    """What the missing case would write, checked against autograd here."""
    case = Case("diag(a)", {"a": (("m", "n"), "normal")}, ("a",))
    walkthrough = Walkthrough(Oracle(load_question(case, DIMS, "a", upstream=True)))
    assert DIMS["m"] < DIMS["n"]
    assert walkthrough.judge("a", "diag(g) @ eye(m, n)").correct
    tall = Case("diag(a)", {"a": (("n", "m"), "normal")}, ("a",))
    walkthrough = Walkthrough(Oracle(load_question(tall, DIMS, "a", upstream=True)))
    assert walkthrough.judge("a", "eye(n, m) @ diag(g)").correct


def test_a_name_no_use_reaches_cannot_be_derived() -> None:
    dims = {"n": 3}
    names = {"x": Value((3,), ("n",)), "y": Value((3,), ("n",)), "dy": Value((3,), ("n",))}
    with pytest.raises(CannotDerive):
        Deriver(names, dims).reference("x", [(parse("detach(x) * 2").tree, "y", Name(0, "dy"))])


# --- tidying keeps values and reads like a person's -----------------------------------------------

TIDY = [
    ("W @ x + b", "W", "outer(dy, x)"),
    ("W @ x + b", "b", "dy"),
    ("(A.T).T @ x", "A", "outer(dy, x)"),
    ("a * 1 + 0", "a", "dy"),
    ("-(-a)", "a", "dy"),
    ("a + a", "a", "2 * dy"),
    ("relu(a)", "a", "dy * step(a)"),
]


@pytest.mark.parametrize(("expression", "target", "expected"), TIDY)
def test_derived_references_are_tidied(expression: str, target: str, expected: str) -> None:
    dims = {"m": 3, "n": 5}
    labels = {"W": ("m", "n"), "A": ("m", "n"), "x": ("n",), "b": ("m",), "a": ("m",)}
    names = {n: Value(tuple(dims[d] for d in s), s) for n, s in labels.items()}
    names["y"] = Evaluator(names, dims, build=False).evaluate_text(expression)
    names["dy"] = names["y"]
    derived = Deriver(names, dims).reference(target, [(parse(expression).tree, "y", Name(0, "dy"))])
    assert render(derived) == expected


def test_a_derived_outer_product_agrees_with_hand_computed_values() -> None:
    """The rule `g @ b.T` of a matrix-vector product, checked by hand in float64."""
    case = Case("a @ b", {"a": (("m", "n"), "normal"), "b": (("n",), "normal")}, ("a", "b"))
    question = load_question(case, {"m": 3, "n": 5, "k": 2, "j": 4}, "a", upstream=True)
    walkthrough = Walkthrough(Oracle(question))
    assert walkthrough.reference("a") == Reference("outer(g, b)", "derived")
    for trial in walkthrough.oracle.trials:
        g, b = trial.given["g"], trial.given["b"]
        expected = g[:, None] * b[None, :]
        assert torch.allclose(trial.adjoints["a"], expected, rtol=0, atol=1e-12)


def test_a_wrong_rule_is_judged_and_never_shown(monkeypatch) -> None:
    """The safety net of section 3: a derived text is shown only once autograd agrees."""
    from dataclasses import replace

    monkeypatch.setitem(FUNCTIONS, "sin", replace(FUNCTIONS["sin"], vjp=("g * sin(a)",)))
    case = Case("sin(a)", {"a": (("n",), "normal")}, ("a",))
    walkthrough = Walkthrough(Oracle(load_question(case, DIMS, "a", upstream=True)))
    assert walkthrough.derive("a") == "g * sin(a)"
    assert walkthrough.reference("a") == Reference(None, "none")
