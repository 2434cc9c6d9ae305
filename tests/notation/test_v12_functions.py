"""Format v1.2 of the notation: max/min along a dimension, var/std with a correction (and, as
they land, the index tensors, one_hot, solve, kron, vec, tril, triu and product dimensions):
parsing, shapes in dimension names, values against torch, the preview, and a message (never a
traceback) for every hostile input."""

from __future__ import annotations

import pytest
import torch
from notation_env import DIMS, NotationEnv

from trainer.errors import NotationError
from trainer.notation import Evaluator, Value, parse, shape_text
from trainer.oracle import Oracle, Walkthrough

F64 = torch.float64
LABELS = {"X": ("m", "n"), "x": ("n",), "T3": ("k", "m", "n"), "S": ("n", "n")}


ENV = NotationEnv(LABELS, seed=12)
NAMES = ENV.names
T = ENV.tensors
ev = ENV.ev
shape_of = ENV.shape_of


def error_of(text: str) -> str:
    return ENV.error(text).msg.text()


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


# --- index tensors and one_hot -----------------------------------------------------------------

CLASSES = {"n": 6, "k": 3, "d": 2}


def _labels_env() -> dict[str, Value]:
    y = torch.tensor([2, 0, 1, 1, 0, 2])
    return {
        "y": Value((6,), ("n",), y, classes=("k", 3)),
        "Z": Value((6, 3), ("n", "k"), torch.randn(6, 3, dtype=F64)),
    }


def ev_labels(text: str, build: bool = True) -> Value:
    names = _labels_env()
    if not build:
        names = {n: Value(v.shape, v.labels, classes=v.classes) for n, v in names.items()}
    return Evaluator(names, CLASSES, build=build).evaluate_text(text)


def labels_error(text: str) -> str:
    with pytest.raises(NotationError) as caught:
        ev_labels(text)
    return caught.value.msg.text()


def test_one_hot_matches_torch_and_reads_in_dimension_names() -> None:
    value = ev_labels("one_hot(y, k)")
    expected = torch.nn.functional.one_hot(torch.tensor([2, 0, 1, 1, 0, 2]), 3).to(F64)
    assert value.tensor.dtype == F64
    assert torch.equal(value.tensor, expected)
    assert shape_text(ev_labels("one_hot(y, k)", build=False).labels) == "(n, k)"
    assert shape_text(ev_labels("sum(Z * one_hot(y, k), 1)", build=False).labels) == "(n,)"
    assert parse("torch.one_hot(y, k)").text == "one_hot(y, k)"


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ("y", "y is an index tensor (class labels in 0..k-1): it can only be read as one_hot"),
        ("y + 1", "never in arithmetic"),
        ("Z * y", "never in arithmetic"),
        ("sum(y)", "never in arithmetic"),
        ("one_hot(y + 0, k)", "never in arithmetic"),
        ("one_hot(y.T, k)", "never in arithmetic"),
        ("one_hot(Z, k)", "one_hot reads an index tensor (a given with index:), not Z of shape"),
        ("one_hot(2, k)", "not 2 of shape ()"),
        ("one_hot(y, 2.5)", "one_hot takes the number of classes second"),
        ("one_hot(y, 0)", "one_hot takes the number of classes second"),
        ("one_hot(y, Z)", "one_hot takes the number of classes second"),
        ("one_hot(y, n)", "y holds labels in 0..k-1: write one_hot(y, k), not n classes"),
        ("one_hot(y, 4)", "not 4 classes"),
        ("one_hot(y)", "one_hot takes 2 argument(s), not 1"),
        ("one_hot(y, k, keepdim=True)", "keepdim= is not known here"),
        ("y.sum()", "never in arithmetic"),
    ],
)
def test_hostile_labels_get_a_message(text: str, says: str) -> None:
    assert says in labels_error(text)


@pytest.mark.parametrize(("count", "classes"), [(6, 3), (3, 3), (2, 5), (5, 4), (1, 3), (40, 7)])
def test_labels_are_drawn_with_every_class_and_repeats(count: int, classes: int) -> None:
    from trainer.oracle.trials import class_labels

    for seed in range(20):
        labels = class_labels(count, classes, torch.Generator().manual_seed(seed)).tolist()
        assert len(labels) == count
        assert all(0 <= label < classes for label in labels)
        if count >= classes:
            assert set(labels) == set(range(classes))
        if count >= 2 and count != classes:
            assert len(set(labels)) < count, labels  # some class repeats


EMBEDDING = """\
  - id: emb
    title: t
    prompt: p
    dims: {n: 5..8, V: 2..4, d: 2..3}
    given:
      ix: {shape: [n], index: V}
      C: [V, d]
      G: [n, d]
    forward:
      - E = one_hot(ix, V) @ C
      - loss = sum(E * G)
    wrt: C
    answer: one_hot(ix, V).T @ G
"""


@pytest.mark.parametrize("seed", range(1, 6))
def test_repeated_tokens_accumulate_in_an_embeddings_gradient(tmp_path, seed: int) -> None:
    question = _question(tmp_path, EMBEDDING)
    oracle = Oracle(question, seed)
    for trial in oracle.trials:
        ix = trial.given["ix"]
        assert ix.dtype == torch.int64 and len(set(ix.tolist())) < len(ix)
        expected = torch.zeros_like(trial.truth).index_add_(0, ix, trial.given["G"])
        torch.testing.assert_close(trial.truth, expected, rtol=1e-12, atol=1e-12)
    assert oracle.judge_value("one_hot(ix, V).T @ G").correct
    assert oracle.preview("one_hot(ix, V) @ C").shape == "(n, d)"
    walkthrough = Walkthrough(oracle)
    assert walkthrough.derive("C") == "one_hot(ix, V).T @ dE"


@pytest.mark.parametrize(
    ("spec", "says"),
    [
        ("{shape: [n], index: 0}", "index is the number of classes"),
        ("{shape: [n], index: 2.5}", "index is the number of classes"),
        ("{shape: [n], index: [k]}", "index is the number of classes"),
        ("{shape: [n], index: q}", "The dimension q is used in a shape but not declared"),
        ("{shape: [n], index: k, init: normal}", "An index tensor holds class labels"),
        ("{value: [1, 2], index: k}", "A tensor is a list of sizes"),
        ("{index: k}", "A tensor is a list of sizes"),
    ],
)
def test_hostile_index_specs_are_reported(tmp_path, spec: str, says: str) -> None:
    from trainer.questions import load_bank

    (tmp_path / "q.yaml").write_text(
        "deck: v12\ntitle: v12\nquestions:\n"
        "  - {id: q, title: t, prompt: p, dims: {n: 3..5, k: 2}, given: {x: [n], y: " + spec + "},"
        " forward: [loss = sum(x)], wrt: x, answer: ones(n)}\n",
        encoding="utf-8",
    )
    problems = load_bank([tmp_path]).problems
    assert [says in p.msg.text() for p in problems] == [True], [p.format() for p in problems]


@pytest.mark.parametrize("key", ["wrt", "upstream"])
def test_labels_have_no_gradient_to_ask_for(tmp_path, key: str) -> None:
    from trainer.questions import load_bank

    wrt = "y" if key == "wrt" else "x"
    upstream = ", of: h, upstream: y" if key == "upstream" else ""
    (tmp_path / "q.yaml").write_text(
        "deck: v12\ntitle: v12\nquestions:\n"
        "  - {id: q, title: t, prompt: p, dims: {n: 3..5, k: 2}, given: {x: [n], y: "
        "{shape: [n], index: k}}, forward: [h = x * 2], wrt: " + wrt + upstream + ", ask: shape}\n",
        encoding="utf-8",
    )
    problems = load_bank([tmp_path]).problems
    assert [p.msg.key for p in problems] == ["index_not_float"]
    assert f"{key} names y, an index tensor" in problems[0].msg.text()


@pytest.mark.parametrize(("lang", "said"), [("en", "class labels in 0..V-1"), ("zh", "类别标签")])
def test_the_question_shows_an_index_tensor_with_its_classes(valid_bank, lang, said) -> None:
    from trainer.app.widgets.question_text import given_text
    from trainer.plain.render import question_lines
    from trainer.practice.i18n import Labels

    question = valid_bank.questions["v12-embedding"]
    plain = question_lines(question, "v12", 1, 1, Labels(lang))
    assert f"  ix  (n,)  ({Labels(lang)('class labels in 0..{classes}-1', classes='V')})" in plain
    assert said in plain
    assert said in given_text(question, Labels(lang)).plain


# --- solve, kron, vec, tril, triu and product dimensions ----------------------------------------


@pytest.mark.parametrize(
    ("text", "expected", "shape"),
    [
        ("solve(S, X.T)", lambda: torch.linalg.solve(T["S"], T["X"].T), "(n, m)"),
        ("solve(S, x)", lambda: torch.linalg.solve(T["S"], T["x"]), "(n,)"),
        ("kron(X, S)", lambda: torch.kron(T["X"], T["S"]), "(m*n, n*n)"),
        ("kron(x, x)", lambda: torch.kron(T["x"], T["x"]), "(n*n,)"),
        (
            "kron(ones(1, m), X)",
            lambda: torch.kron(torch.ones(1, 3, dtype=F64), T["X"]),
            "(m, m*n)",
        ),
        ("vec(X)", lambda: T["X"].T.reshape(-1), "(m*n,)"),
        (
            "vec(X) @ kron(x, ones(m))",
            lambda: T["X"].T.reshape(-1) @ torch.kron(T["x"], torch.ones(3, dtype=F64)),
            "()",
        ),
        ("tril(X)", lambda: torch.tril(T["X"]), "(m, n)"),
        ("triu(T3)", lambda: torch.triu(T["T3"]), "(k, m, n)"),
        ("tril(ones(n, n))", lambda: torch.tril(torch.ones(4, 4, dtype=F64)), "(n, n)"),
        ("ones(m * n)", lambda: torch.ones(12, dtype=F64), "(m*n,)"),
    ],
)
def test_linear_algebra_matches_torch(text: str, expected, shape: str) -> None:
    value = ev(text)
    torch.testing.assert_close(value.tensor, expected(), rtol=1e-10, atol=1e-12)
    assert shape_of(text) == shape


def test_vec_stacks_the_columns() -> None:
    names = {"X": Value((2, 3), ("m", "n"), torch.tensor([[1.0, 2, 3], [4, 5, 6]], dtype=F64))}
    assert Evaluator(names, {"m": 2, "n": 3}).evaluate_text("vec(X)").tensor.tolist() == [
        1.0,
        4.0,
        2.0,
        5.0,
        3.0,
        6.0,
    ]


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ("solve(X, x)", "solve needs a square matrix, not (m, n)"),
        ("solve(S, X)", "needs a square A and a B with as many rows"),
        ("solve(S, T3)", "(n, n) and (k, m, n)"),
        ("solve(x, x)", "solve needs a square matrix, not (n,)"),
        ("solve(zeros(n, n), x)", "Cannot evaluate the answer"),
        ("kron(X, x)", "kron takes two vectors or two matrices, not (m, n) and (n,)"),
        ("kron(T3, T3)", "kron takes two vectors or two matrices"),
        ("kron(2, x)", "kron takes two vectors or two matrices, not () and (n,)"),
        ("kron(kron(X, X), kron(X, X))", None),  # 81 x 256: within the bounds
        ("kron(kron(kron(X, X), kron(X, X)), kron(X, X))", "That would build a tensor of"),
        ("vec(x)", "vec needs a matrix, not (n,)"),
        ("vec(T3)", "vec needs a matrix, not (k, m, n)"),
        ("tril(x)", "tril needs a matrix, not (n,)"),
        ("triu(2)", "triu needs a matrix, not ()"),
        ("tril(X, 1)", "tril takes 1 argument(s), not 2"),
        ("kron(X, S, keepdim=True)", "keepdim= is not known here"),
    ],
)
def test_hostile_linear_algebra_gets_a_message(text: str, says: str | None) -> None:
    if says is None:
        assert ev(text).tensor.shape == (81, 256)
        return
    assert says in error_of(text)


def test_the_work_bound_counts_kron_before_building_it() -> None:
    from trainer.notation.limits import TooMuchWork

    big = {"A": Value((30, 30), ("p", "p"))}
    evaluator = Evaluator(big, {"p": 30}, build=False, max_work=500_000)
    with pytest.raises(TooMuchWork):
        evaluator.evaluate_text("kron(A, A) + kron(A, A)")  # 810,000 entries, twice


@pytest.mark.parametrize(
    ("typed", "shape", "sizes"),
    [
        ("(m*n,)", "(m*n,)", (12,)),
        ("(m * n)", "(m*n,)", (12,)),
        ("m*n x k", "(m*n, k)", (12, 5)),
        ("[2*m, n*k*m]", "(2*m, n*k*m)", (6, 60)),
        ("(n*m,)", "(n*m,)", (12,)),  # the same size: judged by sizes, so it is right too
    ],
)
def test_product_dimensions_in_shape_answers(typed: str, shape: str, sizes: tuple) -> None:
    from trainer.notation.shapes import parse_shape

    answer = parse_shape(typed, frozenset(DIMS))
    assert answer.text == shape
    assert answer.sizes(DIMS) == sizes


@pytest.mark.parametrize(
    ("typed", "says"),
    [
        ("(m*q,)", "q is not a dimension of this question"),
        ("(m*,)", "Write a shape such as"),
        ("(*m,)", "Write a shape such as"),
        ("(m**n,)", "Write a shape such as"),
        ("(m*" + "m*" * 400 + "m,)", None),  # long but within the length bound: just a size
    ],
)
def test_hostile_product_shape_answers(typed: str, says: str | None) -> None:
    from trainer.notation.shapes import parse_shape

    if says is None:
        assert parse_shape(typed, frozenset(DIMS)).sizes(DIMS) == (3**402,)
        return
    with pytest.raises(NotationError) as caught:
        parse_shape(typed, frozenset(DIMS))
    assert says in caught.value.msg.text()


@pytest.mark.parametrize(
    ("shape", "says"),
    [
        ("[m*n]", None),
        ("[m * n, 2*n]", None),
        ("[m*q]", "The dimension q is used in a shape but not declared"),
        ("[m*m*m*m*m]", "could have 33554432 elements; the limit is 1000000"),
        ("[m*0]", "A size in a shape is a whole number from 1 to 64"),
        ("[m*65]", "A size in a shape is a whole number from 1 to 64"),
        ("[m*m*m*m*m*m*m*m*m]", "A size in a shape is a whole number from 1 to 64"),
        ("['m*']", "A size in a shape is a whole number from 1 to 64"),
    ],
)
def test_product_dimensions_in_given_shapes(tmp_path, shape: str, says: str | None) -> None:
    from trainer.questions import load_bank

    (tmp_path / "q.yaml").write_text(
        "deck: v12\ntitle: v12\nquestions:\n"
        "  - {id: q, title: t, prompt: p, dims: {m: 2..32, n: 3}, given: {x: " + shape + "},"
        " forward: [loss = sum(x)], wrt: x, ask: shape}\n",
        encoding="utf-8",
    )
    problems = load_bank([tmp_path]).problems
    if says is None:
        assert problems == []
        return
    assert [says in p.msg.text() for p in problems] == [True], [p.format() for p in problems]


def test_a_product_dimension_is_drawn_and_judged(valid_bank) -> None:
    oracle = Oracle(valid_bank.questions["v12-vec-shape"])
    for trial in oracle.trials:
        assert tuple(trial.given["w"].shape) == (trial.dims["m"] * trial.dims["n"],)
    assert oracle.judge_shape("(m*n,)").correct
    assert oracle.judge_shape("n*m").correct
    assert oracle.judge_shape("(m, n)").message_text() == (
        "w is a vector of m·n entries; its gradient has w's shape."
    )
    assert oracle.expected_shape == "(m*n,)"
