"""The notation's values: every operator and function of the spec table against torch by hand.

float64 throughout, exact shapes (no broadcasting of the result before comparing), and an
explicit tolerance, the micrograd way.
"""

from __future__ import annotations

import pytest
import torch

from trainer.errors import NotationError
from trainer.notation import Evaluator, Value, parse

F64 = torch.float64
DIMS = {"m": 3, "n": 4, "k": 5}
LABELS = {
    "W": ("m", "n"),
    "A": ("m", "n"),
    "x": ("n",),
    "y": ("n",),
    "b": ("m",),
    "S": ("n", "n"),
    "P": ("n",),
    "T3": ("k", "m", "n"),
    "s": (),
}


def _tensors() -> dict[str, torch.Tensor]:
    g = torch.Generator().manual_seed(1234)
    t = {
        name: torch.randn(tuple(DIMS[d] for d in labels), generator=g, dtype=F64)
        for name, labels in LABELS.items()
    }
    t["P"] = 0.5 + torch.rand(4, generator=g, dtype=F64)
    a = torch.randn(4, 4, generator=g, dtype=F64)
    t["S"] = a @ a.T / 4 + torch.eye(4, dtype=F64)
    t["W"][0, 0] = 0.0  # a zero entry, so that comparisons and relu meet their edge
    return t


T = _tensors()


def env(requires_grad: bool = False) -> dict[str, Value]:
    names = {}
    for name, labels in LABELS.items():
        tensor = T[name].clone().requires_grad_(requires_grad)
        names[name] = Value(tuple(tensor.shape), labels, tensor)
    return names


def ev(text: str, names: dict[str, Value] | None = None) -> Value:
    return Evaluator(names if names is not None else env(), DIMS).evaluate_text(text)


def tensor_of(value: Value) -> torch.Tensor:
    if value.const is not None:
        return torch.tensor(value.const, dtype=F64)
    return value.tensor


def assert_same(value: Value, expected: torch.Tensor) -> None:
    got = tensor_of(value)
    assert got.dtype == F64
    assert tuple(got.shape) == tuple(expected.shape)  # exact: no broadcasting
    assert tuple(value.shape) == tuple(expected.shape)  # the shape rule agrees with torch
    torch.testing.assert_close(got, expected.to(F64), rtol=1e-10, atol=1e-12)


W, A, x, y, b, S, P, T3 = (T[k] for k in ("W", "A", "x", "y", "b", "S", "P", "T3"))

CASES = [
    # names, dimension names (integers), literals
    ("W", W),
    ("m", torch.tensor(3.0, dtype=F64)),
    ("x * n", x * 4),
    ("2", torch.tensor(2.0, dtype=F64)),
    ("0.5", torch.tensor(0.5, dtype=F64)),
    ("[1, 2, 3]", torch.tensor([1.0, 2.0, 3.0], dtype=F64)),
    ("[[1, 2], [3, 4]]", torch.tensor([[1.0, 2.0], [3.0, 4.0]], dtype=F64)),
    ("[-1, 2.5]", torch.tensor([-1.0, 2.5], dtype=F64)),
    # + - * / @ ** and unary minus
    ("W + A", W + A),
    ("W - A", W - A),
    ("W * A", W * A),
    ("W / (A * A + 1)", W / (A * A + 1)),
    ("W @ x", W @ x),
    ("x @ y", x @ y),
    ("W @ S", W @ S),
    ("W @ W.T", W @ W.T),
    ("x ** 2", x**2),
    ("P ** -1", P**-1),
    ("P ** 0.5", P**0.5),
    ("-x", -x),
    ("x - -y", x + y),
    ("x + 1", x + 1),
    ("W * x", W * x),  # broadcasting follows PyTorch
    ("ones(m, 1) * x", torch.ones(3, 1, dtype=F64) * x),
    # ⊙ and ∘ are *
    ("W ⊙ A", W * A),
    ("W ∘ A", W * A),
    # transposes: .T, ᵀ, ^T; a no-op on vectors; the last two axes of a 3-D tensor
    ("W.T", W.T),
    ("Wᵀ", W.T),
    ("W^T", W.T),
    ("xᵀ", x),
    ("x.T", x),
    ("T3.T", T3.transpose(-1, -2)),
    ("(W @ S)ᵀ", (W @ S).T),
    # ^ other than ^T is power; X^-1 is elementwise
    ("x^2", x**2),
    ("P^-1", 1 / P),
    ("P^0.5", torch.sqrt(P)),
    # comparisons give 0.0 and 1.0
    ("W > 0", (W > 0).to(F64)),
    ("W < 0", (W < 0).to(F64)),
    ("W >= 0", (W >= 0).to(F64)),
    ("W <= 0", (W <= 0).to(F64)),
    ("x > y", (x > y).to(F64)),
    # reductions
    ("sum(W)", W.sum()),
    ("sum(W, 0)", W.sum(0)),
    ("sum(W, 1)", W.sum(1)),
    ("sum(W, -1)", W.sum(-1)),
    ("mean(W)", W.mean()),
    ("mean(W, 0)", W.mean(0)),
    ("mean(W, 1)", W.mean(1)),
    ("sum(T3, 0)", T3.sum(0)),
    # constructors (arguments are sizes)
    ("ones(n)", torch.ones(4, dtype=F64)),
    ("ones(m, n)", torch.ones(3, 4, dtype=F64)),
    ("zeros(m)", torch.zeros(3, dtype=F64)),
    ("zeros(2, 3)", torch.zeros(2, 3, dtype=F64)),
    ("eye(n)", torch.eye(4, dtype=F64)),
    ("eye(3)", torch.eye(3, dtype=F64)),
    # linear algebra
    ("outer(b, x)", torch.outer(b, x)),
    ("dot(x, y)", torch.dot(x, y)),
    ("diag(x)", torch.diag(x)),
    ("diag(S)", torch.diagonal(S)),
    ("trace(S)", torch.trace(S)),
    ("inv(S)", torch.linalg.inv(S)),
    ("det(S)", torch.linalg.det(S)),
    ("norm(x)", torch.sqrt((x * x).sum())),
    ("norm(W)", torch.sqrt((W * W).sum())),  # Frobenius
    # elementwise
    ("relu(W)", torch.clamp(W, min=0)),
    ("step(W)", (W > 0).to(F64)),
    ("sigmoid(W)", 1 / (1 + torch.exp(-W))),
    ("tanh(W)", torch.tanh(W)),
    ("exp(W)", torch.exp(W)),
    ("log(P)", torch.log(P)),
    ("sqrt(P)", torch.sqrt(P)),
    ("abs(W)", torch.abs(W)),
    ("sign(W)", torch.sign(W)),
    # along the last dimension
    ("softmax(x)", torch.exp(x) / torch.exp(x).sum()),
    ("softmax(W)", torch.exp(W) / torch.exp(W).sum(-1, keepdim=True)),
    ("log_softmax(W)", W - torch.log(torch.exp(W).sum(-1, keepdim=True))),
    ("logsumexp(x)", torch.log(torch.exp(x).sum())),
    ("logsumexp(W)", torch.log(torch.exp(W).sum(-1))),
    # detach: same values
    ("detach(x)", x),
    # PyTorch spellings
    ("torch.outer(b, x)", torch.outer(b, x)),
    ("torch.sum(W)", W.sum()),
    ("torch.exp(x)", torch.exp(x)),
    ("torch.ones(m, n)", torch.ones(3, 4, dtype=F64)),
    ("x.sum()", x.sum()),
    ("W.sum(0)", W.sum(0)),
    ("W.sum(dim=0)", W.sum(0)),
    ("W.sum(dim=1)", W.sum(1)),
    ("sum(W, dim=1)", W.sum(1)),
    ("W.mean()", W.mean()),
    ("W.mean(dim=0)", W.mean(0)),
    ("mean(W, dim=1)", W.mean(1)),
    ("W.t()", W.T),
    ("x.detach()", x),
    ("W.t() @ b", W.T @ b),
    # precedence as in Python/PyTorch
    ("-x ** 2", -(x**2)),
    ("2 * x + 1", 2 * x + 1),
    ("2 ** 3 ** 2", torch.tensor(2.0**9, dtype=F64)),
    ("W @ x + b", W @ x + b),
    ("x * 2 > 1", ((x * 2) > 1).to(F64)),
]


@pytest.mark.parametrize(("text", "expected"), CASES, ids=[c[0] for c in CASES])
def test_value_matches_torch(text: str, expected: torch.Tensor) -> None:
    assert_same(ev(text), expected)


@pytest.mark.parametrize(("text", "expected"), CASES, ids=[c[0] for c in CASES])
def test_shape_only_evaluation_agrees(text: str, expected: torch.Tensor) -> None:
    """build=False (the preview, no tensors) computes the same shape as the real evaluation."""
    names = {name: Value(v.shape, v.labels) for name, v in env().items()}
    value = Evaluator(names, DIMS, build=False).evaluate(parse(text).tree)
    assert tuple(value.shape) == tuple(expected.shape)
    assert value.tensor is None


def test_comparison_gives_float_zero_and_one() -> None:
    value = ev("W > 0")
    assert value.tensor.dtype == F64
    assert set(value.tensor.unique().tolist()) <= {0.0, 1.0}


def test_step_is_zero_at_zero_and_the_derivative_of_relu() -> None:
    value = ev("step([-1, 0, 2])")
    assert value.tensor.tolist() == [0.0, 0.0, 1.0]
    z = torch.tensor([-1.0, 0.5, 2.0], dtype=F64, requires_grad=True)
    torch.relu(z).sum().backward()
    names = {"z": Value((3,), ("3",), z.detach())}
    assert Evaluator(names, {}).evaluate_text("step(z)").tensor.tolist() == z.grad.tolist()


def test_transpose_of_a_3d_tensor_swaps_the_last_two_labels() -> None:
    assert ev("T3.T").labels == ("k", "n", "m")


@pytest.mark.parametrize("text", ["detach(x)", "x.detach()", "detach(x * 2)"])
def test_detach_cuts_the_graph(text: str) -> None:
    names = env(requires_grad=True)
    value = ev(text, names)
    assert not value.tensor.requires_grad


def test_gradient_through_detach_treats_it_as_a_constant() -> None:
    names = env(requires_grad=True)
    out = ev("sum(detach(x * x) * x)", names)
    (grad,) = torch.autograd.grad(out.tensor, [names["x"].tensor])
    torch.testing.assert_close(grad, x * x)


def test_autograd_flows_through_the_notation() -> None:
    """Forward lines are evaluated with autograd: the gradient of sum(relu(W @ x + b))."""
    names = env(requires_grad=True)
    out = ev("sum(relu(W @ x + b))", names)
    (grad,) = torch.autograd.grad(out.tensor, [names["W"].tensor])
    expected = torch.outer((W @ x + b > 0).to(F64), x)
    torch.testing.assert_close(grad, expected)


def test_numbers_are_kept_as_plain_numbers_until_needed() -> None:
    value = ev("2 * 3 + m")
    assert value.const == 9.0
    assert value.shape == ()


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("sum(x, 1)", "reduce_dim"),
        ("sum(x, 0.5)", "dim_argument"),
        ("ones(0.5)", "size_argument"),
        ("ones(-1)", "size_argument"),
        ("outer(W, x)", "needs_vector"),
        ("dot(x, b)", "dot_sizes"),
        ("trace(x)", "needs_matrix"),
        ("inv(W)", "needs_square"),
        ("det(W)", "needs_square"),
        ("diag(T3)", "diag_shape"),
        ("relu(x, x)", "arity"),
        ("sum()", "arity"),
        ("x @ 2", "matmul_scalar"),
        ("[[1, 2], [3]]", "ragged"),
        ("[x, x]", "literal_entries"),
        ("(1, 2)", "tuple"),
        ("1 < x < 2", "chained_compare"),
        ("sum", "function_as_name"),
        ("x.sum(axis=0)", "keyword"),
        ("relu(x, dim=0)", "keyword"),
        ("x.foo()", "not_a_method"),
        ("x.shape", "attribute"),
    ],
)
def test_misuse_is_a_notation_error_with_its_own_message(text: str, key: str) -> None:
    with pytest.raises(NotationError) as error:
        ev(text)
    assert error.value.msg.key == key, error.value.text()
    assert error.value.text()  # renders


def test_keyword_dim_alone_is_not_the_tensor() -> None:
    """sum(dim=0) has no tensor to sum; it must not be read as sum(0)."""
    with pytest.raises(NotationError):
        ev("sum(dim=0)")
