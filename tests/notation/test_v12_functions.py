"""Format v1.2 of the notation: max/min along a dimension, var/std with a correction (and, as
they land, the index tensors, one_hot, solve, kron, vec, tril, triu and product dimensions):
parsing, shapes in dimension names, values against torch, the preview, and a message (never a
traceback) for every hostile input."""

from __future__ import annotations

import pytest
import torch

from trainer.errors import NotationError
from trainer.notation import Evaluator, Value, parse, shape_text
from trainer.oracle import Oracle, Walkthrough

F64 = torch.float64
DIMS = {"m": 3, "n": 4, "k": 5}
LABELS = {"X": ("m", "n"), "x": ("n",), "T3": ("k", "m", "n"), "S": ("n", "n")}


def _tensors() -> dict[str, Value]:
    gen = torch.Generator().manual_seed(12)
    names = {}
    for name, labels in LABELS.items():
        tensor = torch.randn(tuple(DIMS[d] for d in labels), generator=gen, dtype=F64)
        names[name] = Value(tuple(tensor.shape), labels, tensor)
    return names


NAMES = _tensors()
T = {name: value.tensor for name, value in NAMES.items()}


def ev(text: str) -> Value:
    return Evaluator(NAMES, DIMS).evaluate_text(text)


def shape_of(text: str) -> str:
    shapes = {n: Value(v.shape, v.labels) for n, v in NAMES.items()}
    return shape_text(Evaluator(shapes, DIMS, build=False).evaluate_text(text).labels)


def error_of(text: str) -> str:
    with pytest.raises(NotationError) as caught:
        ev(text)
    return caught.value.msg.text()


# --- max, min, var, std ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("max(X, 1)", lambda: T["X"].amax(1)),
        ("max(X, dim=0, keepdim=True)", lambda: T["X"].amax(0, keepdim=True)),
        ("torch.max(X, 1)", lambda: T["X"].amax(1)),  # the values, not (values, indices)
        ("min(T3, -1)", lambda: T["T3"].amin(-1)),
        ("min(x, 0)", lambda: T["x"].amin(0)),
        ("var(X, 0)", lambda: T["X"].var(0)),
        ("var(X, 0, correction=1)", lambda: T["X"].var(0, correction=1)),
        ("var(X, 1, correction=0)", lambda: T["X"].var(1, correction=0)),
        (
            "var(X, 1, keepdim=True, correction=0)",
            lambda: T["X"].var(1, correction=0, keepdim=True),
        ),
        ("std(T3, 0)", lambda: T["T3"].std(0)),
        ("std(X, dim=1, correction=0)", lambda: T["X"].std(1, correction=0)),
        ("std(x, 0, keepdim=True)", lambda: T["x"].std(0, keepdim=True)),
    ],
)
def test_statistics_match_torch(text: str, expected) -> None:
    value = ev(text)
    assert value.tensor.shape == expected().shape
    torch.testing.assert_close(value.tensor, expected(), rtol=1e-12, atol=1e-12)


@pytest.mark.parametrize(
    ("text", "shape"),
    [
        ("max(X, 1)", "(m,)"),
        ("min(X, 0, keepdim=True)", "(1, n)"),
        ("var(T3, 1)", "(k, n)"),
        ("std(T3, -1, keepdim=True)", "(k, m, 1)"),
        ("max(x, 0)", "()"),
    ],
)
def test_statistics_shapes_in_dimension_names(text: str, shape: str) -> None:
    assert shape_of(text) == shape


@pytest.mark.parametrize(
    ("typed", "normal"),
    [
        ("torch.max(X, dim=1)", "max(X, 1)"),
        ("var(X, 0, correction=1)", "var(X, 0)"),  # the default has one spelling
        ("var(X, dim=0, correction=0, keepdim=True)", "var(X, 0, keepdim=True, correction=0)"),
        ("std(X, 1, correction=0)", "std(X, 1, correction=0)"),
    ],
)
def test_statistics_have_one_spelling(typed: str, normal: str) -> None:
    assert parse(typed).text == normal
    assert parse(parse(typed).text).text == normal


def test_ties_split_the_gradient_as_pytorch_does() -> None:
    """amax sends each row's adjoint to its maximal entries, evenly: the reference built from
    the rule agrees with autograd on a literal full of ties."""
    rows = [[1.0, 3.0, 3.0], [2.0, 0.5, 2.0], [4.0, 4.0, 4.0]]
    x = torch.tensor(rows, dtype=F64, requires_grad=True)
    x.amax(1).sum().backward()
    assert x.grad is not None
    names = {"X": Value((3, 3), ("3", "3"), x.detach())}
    names["y"] = Evaluator(names, {}).evaluate_text("max(X, 1)")
    rule = "(X >= outer(y, ones(3))) / sum(X >= outer(y, ones(3)), 1, keepdim=True)"
    ours = Evaluator(names, {}).evaluate_text(rule).tensor
    torch.testing.assert_close(ours, x.grad, rtol=0, atol=0)
    assert x.grad.tolist()[2] == [1 / 3, 1 / 3, 1 / 3]


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ("max(X)", "max takes 2 argument(s), not 1"),
        ("max(0, x)", "relu(a - b) + b"),
        ("max(X, x)", "reduces a tensor x along dimension d"),
        (
            "min(X, 2)",
            "min over dimension 2 needs a tensor with that dimension; the shape is (m, n)",
        ),
        ("max(X, 0.5)", "The dimension of max must be a whole number, not 0.5"),
        ("var(X, 1, correction=2)", "correction takes 0 or 1"),
        ("var(X, 1, correction=0.0)", "correction takes 0 or 1"),
        ("var(X, 1, correction=True)", "correction takes 0 or 1"),
        ("var(X, 1, correction=x)", "correction takes 0 or 1"),
        ("var(X, 1, unbiased=False)", "unbiased= is not known here"),
        ("sum(X, 1, correction=0)", "correction=0 or 1 (of var and std); correction= is not"),
        ("max(X, 1, correction=0)", "correction= is not known here"),
        ("var(X, 1, 1)", "var takes 2 argument(s), not 3"),
        ("var(ones(1, n), 0)", "var with correction=1 needs more than 1 entries along dimension 0"),
        ("std(ones(n, 1), 1, correction=0)", None),  # one entry is enough without a correction
    ],
)
def test_hostile_statistics_get_a_message(text: str, says: str | None) -> None:
    if says is None:
        assert ev(text).tensor.shape == (4,)
        return
    assert says in error_of(text)


def _question(tmp_path, body: str):
    from trainer.questions import load_bank

    (tmp_path / "q.yaml").write_text("deck: v12\ntitle: v12\nquestions:\n" + body, encoding="utf-8")
    bank = load_bank([tmp_path])
    assert not bank.problems, [p.format() for p in bank.problems]
    return next(iter(bank.questions.values()))


BATCHNORM_VAR = """\
  - id: bn-var
    title: t
    prompt: p
    dims: {n: 3..6, k: 2..4}
    given: {X: [n, k], G: [k]}
    forward:
      - v = var(X, 0)
      - loss = sum(v * G)
    wrt: X
    answer: 2 * (X - mean(X, 0, keepdim=True)) * G / (n - 1)
"""


def test_bessels_correction_decides_the_verdict(tmp_path) -> None:
    oracle = Oracle(_question(tmp_path, BATCHNORM_VAR))
    assert oracle.judge_value("2 * (X - mean(X, 0, keepdim=True)) * G / (n - 1)").correct
    wrong = oracle.judge_value("2 * (X - mean(X, 0, keepdim=True)) * G / n")
    assert wrong.verdict == "wrong_value"


def test_the_walkthrough_derives_var_with_its_correction(tmp_path) -> None:
    walkthrough = Walkthrough(Oracle(_question(tmp_path, BATCHNORM_VAR)))
    derived = walkthrough.derive("X")
    assert derived == "dv * 2 * (X - mean(X, 0, keepdim=True)) / (n - 1)"
    assert walkthrough.reference("X").source == "derived"
