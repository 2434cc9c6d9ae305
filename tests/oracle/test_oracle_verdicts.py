"""The oracle's verdicts: correct / wrong_shape / wrong_value / invalid, against autograd truth.

Truths are checked against gradients worked out by hand (float64, explicit tolerance), answers
are compared with no broadcasting, and trials are deterministic for a seed.
"""

from __future__ import annotations

import pytest
import torch

from trainer.oracle import Oracle
from trainer.oracle.trials import MIN_TRIALS

F64 = torch.float64


def verdict_of(oracle_for, qid: str, answer: str, kind: str = "value"):
    return oracle_for(qid).judge(answer, kind)


# --- the truth itself ---------------------------------------------------------------------------


def test_at_least_three_float64_trials(oracle_for) -> None:
    assert MIN_TRIALS >= 3
    trials = oracle_for("lin-dw").trials
    assert len(trials) >= 3
    for trial in trials:
        assert all(t.dtype == F64 for t in trial.given.values())
        assert trial.truth.dtype == F64
        assert not trial.truth.requires_grad


HAND_GRADIENTS = {
    # id: the gradient worked out by hand from the trial's given tensors
    "lin-dw": lambda g, d: torch.outer(torch.ones(d["m"], dtype=F64), g["x"]),
    "lin-db": lambda g, d: torch.ones(d["m"], dtype=F64),
    "relu-dw": lambda g, d: torch.outer((g["W"] @ g["x"] + g["b"] > 0).to(F64), g["x"]),
    "vjp-dx": lambda g, d: g["W"].T @ g["g"],
    "vjp-literal": lambda g, d: torch.tensor([2.0, 0.0, 0.0], dtype=F64),
    "accumulate": lambda g, d: 2 * (2 * g["x"]),
    "of-list": lambda g, d: torch.ones_like(g["x"]) + 2 * g["x"],
    "detach-d2l": lambda g, d: g["x"] * g["x"],
    "detach-exp": lambda g, d: torch.exp(g["x"]),
    "batch-dw": lambda g, d: g["X"].sum(0),
    "row-one": lambda g, d: torch.tensor([3.0], dtype=F64),
    "scalar-s": lambda g, d: torch.tensor(3.0, dtype=F64),
    "xtx": lambda g, d: 2 * g["x"],
    "inits": lambda g, d: g["U"] * g["G"] * g["N"],
    "fixed-dims": lambda g, d: torch.outer(g["A"].sum(0), torch.ones(d["n"], dtype=F64)),
}


@pytest.mark.parametrize("qid", sorted(HAND_GRADIENTS))
def test_truth_equals_the_gradient_worked_out_by_hand(oracle_for, qid: str) -> None:
    for trial in oracle_for(qid).trials:
        expected = HAND_GRADIENTS[qid](trial.given, trial.dims)
        assert tuple(trial.truth.shape) == tuple(expected.shape)
        torch.testing.assert_close(trial.truth, expected, rtol=1e-10, atol=1e-12)


@pytest.mark.parametrize("qid", sorted(HAND_GRADIENTS))
def test_the_reference_answer_is_correct(oracle_for, valid_bank, qid: str) -> None:
    verdict = oracle_for(qid).judge_value(valid_bank.questions[qid].answer)
    assert verdict.verdict == "correct", verdict.message_text()
    assert verdict.correct is True
    assert verdict.message_text() == "Correct."


def test_the_truth_has_the_shape_of_wrt(oracle_for) -> None:
    for trial in oracle_for("lin-dw").trials:
        assert tuple(trial.truth.shape) == (trial.dims["m"], trial.dims["n"])


# --- the four verdicts ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "answer",
    [
        "outer(ones(m), x)",
        "ones(m, 1) * x",
        "ones(m, n) * x",
        "torch.outer(ones(m), x)",
        "outer(ones(m), x).T.T",
        "(outer(x, ones(m)))ᵀ",
        "outer(ones(m), x) + 0 * W",
        "outer(ones(m), x) * (1 + 1e-10)",  # within rtol=1e-9
    ],
)
def test_correct(oracle_for, answer: str) -> None:
    verdict = verdict_of(oracle_for, "lin-dw", answer)
    assert verdict.verdict == "correct", verdict.message_text()
    assert verdict.expected_shape == verdict.answer_shape == "(m, n)"


@pytest.mark.parametrize(
    ("answer", "shape"),
    [("x", "(n,)"), ("outer(x, ones(m))", "(n, m)"), ("W @ x", "(m,)"), ("sum(W)", "()")],
)
def test_wrong_shape(oracle_for, answer: str, shape: str) -> None:
    verdict = verdict_of(oracle_for, "lin-dw", answer)
    assert verdict.verdict == "wrong_shape"
    assert verdict.correct is False
    assert verdict.expected_shape == "(m, n)"
    assert verdict.answer_shape == shape
    assert verdict.message_text()


@pytest.mark.parametrize(
    "answer", ["W", "2 * outer(ones(m), x)", "ones(m, n)", "outer(ones(m), x) * 1.001"]
)
def test_wrong_value(oracle_for, answer: str) -> None:
    verdict = verdict_of(oracle_for, "lin-dw", answer)
    assert verdict.verdict == "wrong_value"
    assert verdict.answer_shape == "(m, n)"
    assert verdict.message_text()


@pytest.mark.parametrize(
    ("answer", "column"),
    [("W @ W", 3), ("Wx", 1), ("q", 1), ("x +", None), ("outer(ones(m), x", None), ("", None)],
)
def test_invalid(oracle_for, answer: str, column: int | None) -> None:
    verdict = verdict_of(oracle_for, "lin-dw", answer)
    assert verdict.verdict == "invalid"
    assert verdict.correct is False
    assert verdict.message_text()
    assert verdict.answer_shape is None
    if column is not None:
        assert verdict.column == column


def test_a_size_mismatch_is_invalid_in_dimension_names(oracle_for) -> None:
    verdict = verdict_of(oracle_for, "lin-dw", "W @ b")
    assert verdict.verdict == "invalid"
    assert verdict.message_text() == (
        "@ needs matching inner sizes: (m, n) @ (m,). With W transposed they would match."
    )


@pytest.mark.parametrize(
    "answer",
    [
        "outer(ones(m), x) / 0",
        "0 / 0 * W",
        "log(-1 * ones(m, n))",
        "outer(ones(m), x) + 1e400",
        "outer(ones(m), x) * exp(1000)",
    ],
)
def test_nan_or_inf_is_wrong_value(oracle_for, answer: str) -> None:
    verdict = verdict_of(oracle_for, "lin-dw-bare", answer)
    assert verdict.verdict == "wrong_value"
    assert verdict.message.key == "not_finite"


def test_a_nan_of_the_wrong_shape_is_wrong_shape(oracle_for) -> None:
    assert verdict_of(oracle_for, "lin-dw-bare", "x / 0").verdict == "wrong_shape"


def test_forward_names_and_dimension_names_can_be_used_in_answers(oracle_for) -> None:
    for answer in ["outer(step(z), x)", "outer(z > 0, x)", "outer(h > 0, x)", "outer(step(h), x)"]:
        assert verdict_of(oracle_for, "relu-dw", answer).verdict == "correct", answer


def test_answers_are_judged_on_values_not_on_graph(oracle_for) -> None:
    """Answers are constants: `u` (a detached forward value) and `x * x` are the same answer."""
    assert verdict_of(oracle_for, "detach-d2l", "x * x").verdict == "correct"
    assert verdict_of(oracle_for, "detach-d2l", "detach(y)").verdict == "correct"
    assert verdict_of(oracle_for, "detach-d2l", "3 * x * x").verdict == "wrong_value"


# --- no broadcasting before comparing -----------------------------------------------------------


@pytest.mark.parametrize(
    ("qid", "answer", "verdict"),
    [
        ("row-one", "[3]", "correct"),
        ("row-one", "3", "wrong_shape"),  # () is not (1,)
        ("row-one", "[[3]]", "wrong_shape"),  # (1, 1) is not (1,)
        ("scalar-s", "3", "correct"),
        ("scalar-s", "[3]", "wrong_shape"),  # (1,) is not ()
        ("scalar-s", "[[3]]", "wrong_shape"),
        ("xtx", "2 * x", "correct"),
        ("xtx", "2 * ones(1, n) * x", "wrong_shape"),  # (1, n) is not (n,)
        ("xtx", "2 * ones(n, 1) * x", "wrong_shape"),
        ("lin-db", "ones(m)", "correct"),
        ("lin-db", "1", "wrong_shape"),  # a scalar 1 broadcasts to the truth, but is not it
        ("lin-db", "ones(1, m)", "wrong_shape"),
        ("lin-db", "ones(m, 1)", "wrong_shape"),
        ("lin-dw", "ones(1, m, n) * x", "wrong_shape"),
        ("vjp-literal", "[2, 0, 0]", "correct"),
        ("vjp-literal", "[[2, 0, 0]]", "wrong_shape"),
        ("vjp-literal", "[2, 0]", "wrong_shape"),
    ],
)
def test_no_broadcasting_before_comparing(oracle_for, qid: str, answer: str, verdict: str) -> None:
    assert verdict_of(oracle_for, qid, answer).verdict == verdict


# --- upstream, backward, of, detach ---------------------------------------------------------------


def test_upstream_gives_a_vector_jacobian_product(oracle_for) -> None:
    assert verdict_of(oracle_for, "vjp-dx", "W.T @ g").verdict == "correct"
    assert verdict_of(oracle_for, "vjp-dx", "g @ W").verdict == "correct"
    assert verdict_of(oracle_for, "vjp-dx", "W.T @ ones(m)").verdict == "wrong_value"
    assert verdict_of(oracle_for, "vjp-literal", "2 * v").verdict == "correct"
    assert verdict_of(oracle_for, "vjp-literal", "[2, 2, 2]").verdict == "wrong_value"


def test_backward_twice_accumulates(oracle_for) -> None:
    assert verdict_of(oracle_for, "accumulate", "4 * x").verdict == "correct"
    assert verdict_of(oracle_for, "accumulate", "2 * x").verdict == "wrong_value"


def test_of_as_a_list_accumulates_each_backward(oracle_for) -> None:
    assert verdict_of(oracle_for, "of-list", "ones(n) + 2 * x").verdict == "correct"
    assert verdict_of(oracle_for, "of-list", "2 * x").verdict == "wrong_value"
    assert verdict_of(oracle_for, "of-list", "ones(n)").verdict == "wrong_value"


def test_detach_is_a_constant_for_the_gradient(oracle_for) -> None:
    assert verdict_of(oracle_for, "detach-d2l", "u").verdict == "correct"
    assert verdict_of(oracle_for, "detach-exp", "exp(x)").verdict == "correct"
    assert verdict_of(oracle_for, "detach-exp", "exp(x) * (x + 1)").verdict == "wrong_value"


# --- trials: deterministic, distinct sizes, every init ---------------------------------------


def test_trials_are_deterministic_for_a_seed(valid_bank) -> None:
    q = valid_bank.questions["inits"]
    a, b = Oracle(q, seed=7).trials, Oracle(q, seed=7).trials
    for ta, tb in zip(a, b, strict=True):
        assert ta.dims == tb.dims
        for name in ta.given:
            assert torch.equal(ta.given[name], tb.given[name])
        assert torch.equal(ta.truth, tb.truth)


def test_another_seed_draws_other_trials(valid_bank) -> None:
    q = valid_bank.questions["lin-dw"]
    a, b = Oracle(q, seed=1).trials, Oracle(q, seed=2).trials
    assert any(
        ta.dims != tb.dims or not torch.equal(ta.given["x"], tb.given["x"])
        for ta, tb in zip(a, b, strict=True)
    )


def test_messages_are_deterministic_for_a_seed(valid_bank) -> None:
    q = valid_bank.questions["lin-dw-bare"]
    first = Oracle(q, seed=3).judge_value("W").message_text()
    assert Oracle(q, seed=3).judge_value("W").message_text() == first


def test_trials_of_one_question_differ_from_each_other(oracle_for) -> None:
    trials = oracle_for("lin-dw").trials
    xs = [t.given["x"] for t in trials]
    assert not all(x.shape == xs[0].shape and torch.equal(x, xs[0]) for x in xs[1:])


def test_inits(oracle_for) -> None:
    for trial in oracle_for("inits").trials:
        g = trial.given
        assert bool(((g["P"] >= 0.5) & (g["P"] < 2)).all())
        assert bool(((g["U"] > 0) & (g["U"] < 1)).all())
        s = g["S"]
        assert s.shape[0] == s.shape[1]
        torch.testing.assert_close(s, s.T)
        assert bool((torch.linalg.eigvalsh(s) > 0).all())
        o = g["O"]
        assert set(o.unique().tolist()) <= {0.0, 1.0}
        assert o.sum(-1).tolist() == [1.0] * o.shape[0]  # one-hot in each row
        assert set(g["G"].unique().tolist()) <= {-1.0, 1.0}
        assert g["N"].dtype == F64


def test_a_literal_value_is_the_same_in_every_trial(oracle_for) -> None:
    for trial in oracle_for("vjp-literal").trials:
        assert trial.given["v"].tolist() == [1.0, 0.0, 0.0]


def test_a_onehot_vector_has_a_single_one(make_question) -> None:
    q = make_question(
        """\
        - id: onehot-vector
          title: t
          prompt: p
          dims: {n: 3..9}
          given:
            y: {shape: [n], init: onehot}
            x: [n]
          forward: ["loss = dot(y, x)"]
          wrt: x
          answer: y
        """
    )
    for trial in Oracle(q, seed=4).trials:
        assert trial.given["y"].sum().item() == 1.0
        assert set(trial.given["y"].unique().tolist()) == {0.0, 1.0}


# --- choice questions -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("answer", "verdict"),
    [
        ("2", "correct"),
        (" 2 ", "correct"),
        ("1", "wrong_value"),
        ("3", "wrong_value"),
        ("4", "invalid"),
        ("0", "invalid"),
        ("-1", "invalid"),
        ("two", "invalid"),
        ("", "invalid"),
        ("2.5", "invalid"),
    ],
)
def test_choice_verdicts(oracle_for, answer: str, verdict: str) -> None:
    result = oracle_for("memory-choice").judge(answer, "choice")
    assert result.verdict == verdict
    assert result.kind == "choice"
    assert result.message_text()


def test_a_wrong_choice_with_a_listed_mistake_says_its_text(oracle_for) -> None:
    result = oracle_for("memory-choice").judge_choice("1")
    assert result.message_text().startswith("Forward mode carries one tangent")
    assert oracle_for("memory-choice").judge_choice("3").message_text() == "Not this one."


# --- what the app shows -------------------------------------------------------------------------


def test_preview_reads_the_answer_and_its_shape(oracle_for) -> None:
    preview = oracle_for("lin-dw").preview("Wᵀ @ ones(m)")
    assert preview.ok
    assert (preview.text, preview.shape) == ("W.T @ ones(m)", "(n,)")
    shape = oracle_for("lin-dw").preview("m x n", "shape")
    assert (shape.text, shape.shape) == ("(m, n)", "(m, n)")


def test_preview_errors_have_a_column(oracle_for) -> None:
    preview = oracle_for("lin-dw").preview("W @ 2x")
    assert not preview.ok
    assert preview.column == 5
    assert "2*x" in preview.error.text()


def test_instance_shows_the_smallest_trial(oracle_for) -> None:
    oracle = oracle_for("lin-dw")
    instance = oracle.instance("W")
    smallest = min(oracle.trials, key=lambda t: t.truth.numel())
    assert instance.dims == smallest.dims
    assert set(instance.given) == {"W", "x", "b"}
    assert instance.expected.startswith("[[")
    assert instance.yours is not None and instance.yours.startswith("[[")
    assert oracle.instance("W @").yours is None
