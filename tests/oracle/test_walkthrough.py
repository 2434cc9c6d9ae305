"""The backward walkthrough (walkthrough.md sections 1-2): which steps, in which order, their
adjoints (checked against hand-computed values and against retain_grad() run here), and how a
step answer is judged, with `dX` and `grad(X)` bound to the true adjoints."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
import torch
from walkthrough_questions import CHAIN, MLP, UPSTREAM

from trainer.cli import main
from trainer.oracle import Oracle, Reference, Walkthrough, no_walkthrough
from trainer.oracle.compare import SHOWN_ENTRIES
from trainer.oracle.trials import Trial
from trainer.oracle.validate import validate_question
from trainer.questions import Question

VALID = str(Path(__file__).resolve().parent.parent / "fixtures" / "valid")

F64 = torch.float64
EXACT = {"rtol": 0.0, "atol": 1e-12}  # the same float64 arithmetic, another order


def close(actual: torch.Tensor, expected: torch.Tensor) -> bool:
    return actual.shape == expected.shape and torch.allclose(actual, expected, **EXACT)


@pytest.fixture
def walk(make_question: Callable[[str], Question]) -> Callable[..., Walkthrough]:
    def make(text: str, seed: int = 0) -> Walkthrough:
        return Walkthrough(Oracle(make_question(text), seed))

    return make


FANOUT = """
- id: fanout
  title: u is used twice
  dims: {n: 2..6}
  given: {x: [n], w: [n]}
  forward:
    - u = x * w
    - y = sin(u)
    - z = u * u
    - loss = sum(y + z)
  wrt: x
  prompt: What is ∂loss/∂x?
  answer: (cos(u) + 2 * u) * w
"""

CUT = """
- id: cut
  title: A detached branch
  dims: {n: 2..6}
  given: {x: [n]}
  forward:
    - u = x * x
    - c = detach(u) * 3
    - v = sin(x)
    - loss = sum(c * v)
  wrt: x
  prompt: What is ∂loss/∂x?
  answer: c * cos(x)
"""

BATCH = """
- id: batch
  title: A batch of matrices
  dims: {b: 2..4, k: 2..6, n: 2..6, m: 2..6}
  given: {X: [b, k, n], W: [n, m], c: [m]}
  forward:
    - H = X @ W + c
    - A = tanh(H)
    - loss = sum(A)
  wrt: W
  prompt: What is ∂loss/∂W?
  answer: sum(X.T @ (1 - A^2), 0)
"""

BATCH3 = """
- id: batch3
  title: Two batches of matrices
  dims: {b: 2..4, m: 2..6, n: 2..6, k: 2..6}
  given: {A: [b, m, n], B: [b, n, k]}
  forward:
    - C = A @ B
    - loss = sum(C * C)
  wrt: B
  prompt: What is ∂loss/∂B?
  answer: 2 * A.T @ C
"""

NAMED_DZ = """
- id: named-dz
  title: dz is a given
  dims: {n: 2..6}
  given: {x: [n], dz: [n]}
  forward:
    - z = x * dz
    - loss = sum(sin(z))
  wrt: x
  prompt: What is ∂loss/∂x?
  answer: cos(z) * dz
"""


# --- 1. the steps and their adjoints ------------------------------------------------------------


def test_chain_steps_run_from_of_towards_wrt_and_the_seed_is_no_step(walk) -> None:
    walkthrough = walk(CHAIN)
    assert walkthrough.of == "loss" and walkthrough.seed == "1"
    steps = walkthrough.steps
    assert [s.node for s in steps] == ["h", "z", "W"]
    assert [s.line for s in steps] == ["h = relu(z)", "z = W @ x + b", None]
    assert [s.shape for s in steps] == ["(m,)", "(m,)", "(m, n)"]
    assert [s.users for s in steps] == [("loss",), ("h",), ("z",)]
    assert [s.uses for s in steps] == [("dloss",), ("dloss", "dh"), ("dloss", "dh", "dz")]
    assert [s.name for s in steps] == ["dh", "dz", "dW"]
    with pytest.raises(KeyError):
        walkthrough.step("loss")


def test_chain_adjoints_equal_hand_computed_values(walk) -> None:
    walkthrough = walk(CHAIN)
    for trial in walkthrough.oracle.trials:
        W, x, b = trial.given["W"], trial.given["x"], trial.given["b"]
        z = W @ x + b
        mask = (z > 0).to(F64)
        m, n = W.shape
        assert trial.dims["m"] == m and trial.dims["n"] == n and m != n
        assert close(trial.adjoints["loss"], torch.tensor(1.0, dtype=F64))
        assert close(trial.adjoints["h"], torch.ones(m, dtype=F64))
        assert close(trial.adjoints["z"], mask)
        expected_w = mask[:, None] * x[None, :]
        assert close(trial.adjoints["W"], expected_w)
        assert trial.truth is trial.adjoints["W"]


def test_chain_adjoints_equal_what_retain_grad_leaves(walk) -> None:
    walkthrough = walk(CHAIN)
    for trial in walkthrough.oracle.trials:
        W, x, b = (trial.given[name].clone().requires_grad_(True) for name in ("W", "x", "b"))
        z = W @ x + b
        z.retain_grad()
        h = torch.relu(z)
        h.retain_grad()
        h.sum().backward()
        for name, tensor in {"W": W, "x": x, "b": b, "z": z, "h": h}.items():
            assert close(trial.adjoints[name], tensor.grad), name


def test_a_fanout_step_lists_both_users_and_its_adjoint_adds_both_paths(walk) -> None:
    walkthrough = walk(FANOUT)
    assert [s.node for s in walkthrough.steps] == ["z", "y", "u", "x"]
    assert walkthrough.step("u").users == ("y", "z")
    assert walkthrough.step("x").users == ("u",)
    for trial in walkthrough.oracle.trials:
        x, w = trial.given["x"], trial.given["w"]
        u = x * w
        assert close(trial.adjoints["u"], torch.cos(u) + 2 * u)
        assert close(trial.adjoints["x"], (torch.cos(u) + 2 * u) * w)
        # and against retain_grad, run here
        xr = x.clone().requires_grad_(True)
        ur = xr * w
        ur.retain_grad()
        (torch.sin(ur) + ur * ur).sum().backward()
        assert close(trial.adjoints["u"], ur.grad)
        assert close(trial.adjoints["x"], xr.grad)
    reference = walkthrough.reference("u")
    assert reference.source == "derived"
    assert "dy" in reference.text and "dz" in reference.text
    hint = walkthrough.hint("u")
    assert hint.key == "step_hint_fanout"
    assert "y = sin(u); z = u * u" in hint.text() and "dy, dz" in hint.text()


def test_one_path_alone_is_not_the_fanout_adjoint(walk) -> None:
    walkthrough = walk(FANOUT)
    assert walkthrough.judge("u", "dy * cos(u) + dz * 2 * u").correct
    assert not walkthrough.judge("u", "dy * cos(u)").correct
    assert not walkthrough.judge("u", "dz * 2 * u").correct


def test_an_upstream_is_the_seed_and_named_d_of(walk, write_deck, capsys) -> None:
    walkthrough = walk(UPSTREAM)
    assert walkthrough.of == "y" and walkthrough.seed == "g"
    assert [s.node for s in walkthrough.steps] == ["z", "x"]
    assert walkthrough.step("z").uses == ("dy",)
    for trial in walkthrough.oracle.trials:
        W, x, g = trial.given["W"], trial.given["x"], trial.given["g"]
        dz = g * (1 - torch.tanh(W @ x) ** 2)
        assert close(trial.adjoints["y"], g)
        assert close(trial.adjoints["z"], dz)
        assert close(trial.adjoints["x"], W.T @ dz)
    assert walkthrough.judge("z", "dy * (1 - y^2)").correct
    assert walkthrough.judge("z", "g * (1 - y^2)").correct
    assert walkthrough.reference("x") == Reference("W.T @ dz", "derived")
    path = write_deck(UPSTREAM)
    code = main(["steps", "--questions", str(path), "vjp-chain", "--json"])
    out = json.loads(capsys.readouterr().out)
    assert code == 0
    assert out["start"] == {"node": "y", "adjoint": "g"}
    assert [row["node"] for row in out["steps"]] == ["z", "x"]


def test_a_detached_branch_has_no_step(walk) -> None:
    walkthrough = walk(CUT)
    assert [s.node for s in walkthrough.steps] == ["v", "x"]
    assert walkthrough.step("x").users == ("v",)
    for node in ("u", "c"):
        with pytest.raises(KeyError):
            walkthrough.step(node)
        with pytest.raises(KeyError):
            walkthrough.judge(node, "x")
    for trial in walkthrough.oracle.trials:
        x = trial.given["x"]
        assert "u" not in trial.adjoints  # autograd agrees: nothing flows back into u
        assert close(trial.adjoints["x"], 3 * x * x * torch.cos(x))
    assert walkthrough.reference("x") == Reference("dv * cos(x)", "derived")


def test_a_detached_use_inside_a_line_adds_nothing(walk) -> None:
    walkthrough = walk(
        """
        - id: half-cut
          title: u times its detached self
          dims: {n: 2..6}
          given: {x: [n]}
          forward:
            - u = x * x
            - y = detach(u) * u
            - loss = sum(y)
          wrt: x
          prompt: What is ∂loss/∂x?
          answer: 2 * x * u
        """
    )
    assert [s.node for s in walkthrough.steps] == ["y", "u", "x"]
    for trial in walkthrough.oracle.trials:
        x = trial.given["x"]
        assert close(trial.adjoints["u"], x * x)
        assert close(trial.adjoints["x"], 2 * x**3)
    assert walkthrough.reference("u").source == "derived"


def test_batched_matrix_products_have_batched_adjoints(walk) -> None:
    walkthrough = walk(BATCH)
    assert [s.node for s in walkthrough.steps] == ["A", "H", "W"]
    assert [s.shape for s in walkthrough.steps] == ["(b, k, m)", "(b, k, m)", "(n, m)"]
    for trial in walkthrough.oracle.trials:
        X, W, c = trial.given["X"], trial.given["W"], trial.given["c"]
        dH = 1 - torch.tanh(X @ W + c) ** 2
        assert close(trial.adjoints["H"], dH)
        assert close(trial.adjoints["W"], torch.einsum("bkn,bkm->nm", X, dH))
        _assert_kept_when_small(trial, "X", dH @ W.T)
        assert close(trial.adjoints["c"], dH.sum(dim=(0, 1)))
        Xr = X.clone().requires_grad_(True)
        Hr = Xr @ W + c
        Hr.retain_grad()
        torch.tanh(Hr).sum().backward()
        assert close(trial.adjoints["H"], Hr.grad)
        _assert_kept_when_small(trial, "X", Xr.grad)
    for step in walkthrough.steps:
        assert walkthrough.reference(step.node).source == "derived", step.node
    assert walkthrough.judge("W", "sum(X.T @ dH, 0)").correct
    assert not walkthrough.judge("W", "X.T @ dH").correct  # the batch is not summed


def test_a_batch_times_a_batch_has_the_batched_transpose_rule(walk) -> None:
    walkthrough = walk(BATCH3)
    assert [s.node for s in walkthrough.steps] == ["C", "B"]
    for trial in walkthrough.oracle.trials:
        A, B = trial.given["A"], trial.given["B"]
        C = A @ B
        assert close(trial.adjoints["C"], 2 * C)
        assert close(trial.adjoints["B"], A.transpose(-1, -2) @ (2 * C))
        _assert_kept_when_small(trial, "A", (2 * C) @ B.transpose(-1, -2))
    assert walkthrough.reference("B") == Reference("A.T @ dC", "derived")


def _assert_kept_when_small(trial: Trial, name: str, expected: torch.Tensor) -> None:
    """A gradient reaches `name`, which nobody asks for (it is not wrt nor on the way): its
    adjoint is kept only when small enough for the graph view to show, and then right."""
    assert name in trial.reached
    if expected.numel() <= SHOWN_ENTRIES:
        assert close(trial.adjoints[name], expected)
    else:
        assert name not in trial.adjoints


NO_WALKTHROUGH = [
    ("memory-choice", "no_walkthrough_choice"),
    ("of-list", "no_walkthrough_accumulation"),
    ("accumulate", "no_walkthrough_accumulation"),
]


@pytest.mark.parametrize(("qid", "key"), NO_WALKTHROUGH)
def test_questions_without_walkthrough_say_why_and_steps_exits_2(
    valid_bank, capsys, qid: str, key: str
) -> None:
    reason = no_walkthrough(valid_bank.questions[qid])
    assert reason is not None and reason.key == key
    code = main(["steps", "--questions", VALID, qid])
    captured = capsys.readouterr()
    assert code == 2
    assert captured.out == ""
    assert reason.text() in captured.err
    code = main(["answer", "--questions", VALID, qid, "1", "--step", "x"])
    assert code == 2
    assert reason.text() in capsys.readouterr().err


def test_a_reassigned_name_has_no_walkthrough(make_question) -> None:
    question = make_question(
        """
        - id: twice
          title: y assigned twice
          dims: {n: 2..6}
          given: {x: [n]}
          forward:
            - y = x * 2
            - y = y * 3
            - loss = sum(y)
          wrt: x
          prompt: What is ∂loss/∂x?
          answer: 6 * ones(n)
        """
    )
    reason = no_walkthrough(question)
    assert reason is not None and reason.key == "no_walkthrough_reassigned"


def test_gradient_questions_of_the_fixtures_have_a_walkthrough(valid_bank) -> None:
    with_one = {qid for qid, q in valid_bank.questions.items() if no_walkthrough(q) is None}
    assert {"lin-dw", "relu-dw", "vjp-dx", "detach-d2l", "shape-only"} <= with_one
    assert with_one.isdisjoint({qid for qid, _ in NO_WALKTHROUGH})


def test_the_steps_do_not_depend_on_the_seed(walk) -> None:
    first, other = walk(MLP, seed=0), walk(MLP, seed=7)
    assert first.steps == other.steps
    assert [s.node for s in first.steps] == ["o", "h", "z", "W1"]
    assert [t.dims for t in first.oracle.trials] != [t.dims for t in other.oracle.trials]


# --- 2. judging a step ------------------------------------------------------------------------


def test_a_right_step_is_correct_however_written(walk) -> None:
    walkthrough = walk(CHAIN)
    for answer in ("dh * step(z)", "grad(h) * step(z)", "step(z)", "dloss * (z > 0)"):
        verdict = walkthrough.judge("z", answer)
        assert verdict.correct, (answer, verdict.message_text())
        assert verdict.as_json()["kind"] == "step" and verdict.as_json()["step"] == "z"
        assert verdict.diagnosis == "correct"


def test_a_step_of_the_wrong_shape_is_told_in_terms_of_the_step(walk) -> None:
    verdict = walk(CHAIN).judge("z", "outer(dh, x)")
    assert verdict.verdict == "wrong_shape" and verdict.diagnosis == "wrong_shape"
    assert verdict.expected_shape == "(m,)" and verdict.answer_shape == "(m, n)"
    assert verdict.message_text() == "The adjoint of z has z's shape (m,); yours is (m, n)."


def test_a_transposed_step_is_told_in_terms_of_the_step(walk) -> None:
    verdict = walk(CHAIN).judge("W", "outer(x, dz)")
    assert verdict.verdict == "wrong_shape" and verdict.diagnosis == "transposed"
    assert verdict.message_text() == (
        "The adjoint of W has W's shape (m, n), not (n, m): yours is transposed."
    )


@pytest.mark.parametrize(
    ("node", "answer", "diagnosis", "text"),
    [
        ("z", "-dh * step(z)", "sign", "The sign is flipped."),
        ("z", "2 * dh * step(z)", "factor", "yours is 2 times the right value"),
        ("W", "outer(dh, x)", "mask", "Right only where the ReLU mask is 1"),
        ("z", "dh * step(-z)", "values_differ", "The values differ in"),
    ],
)
def test_a_step_of_the_wrong_value_goes_down_the_same_ladder(
    walk, node: str, answer: str, diagnosis: str, text: str
) -> None:
    verdict = walk(CHAIN).judge(node, answer)
    assert verdict.verdict == "wrong_value"
    assert verdict.diagnosis == diagnosis
    assert text in verdict.message_text()


def test_a_missing_batch_sum_in_a_step_is_named(walk) -> None:
    verdict = walk(BATCH).judge("W", "X.T @ dH")
    assert verdict.verdict == "wrong_shape"
    assert verdict.diagnosis == "batch_sum"
    assert "The adjoint of W has W's shape (n, m): sum yours over dimension 0" in (
        verdict.message_text()
    )


@pytest.mark.parametrize(
    ("answer", "key", "says"),
    [
        ("dh +", "incomplete", "something must follow +"),
        ("dW", "unknown_name", "Unknown name dW"),  # a later step's adjoint is not bound yet
        ("dz", "unknown_name", "Unknown name dz"),  # nor the step's own
        ("grad(W)", "grad_unknown", "adjoints here: grad(loss), grad(h)."),
        ("grad(z)", "grad_unknown", "adjoints here: grad(loss), grad(h)."),
    ],
)
def test_an_invalid_step_costs_nothing(walk, answer: str, key: str, says: str) -> None:
    verdict = walk(CHAIN).judge("z", answer)
    assert verdict.verdict == "invalid" and verdict.diagnosis == "invalid"
    assert not verdict.correct
    assert verdict.step == "z" and verdict.expected_shape == "(m,)"
    assert verdict.message.key == key
    assert says in verdict.message_text()


def test_a_later_step_is_judged_with_the_true_earlier_adjoints(walk) -> None:
    """No earlier step answered at all, or answered wrong: dz is still the true ∂loss/∂z."""
    walkthrough = walk(MLP)
    assert walkthrough.judge("W1", "outer(dz, x)").correct
    assert walkthrough.judge("W1", "outer(dh * step(z), x)").correct
    assert walkthrough.judge("W1", "outer((W2.T @ do) * step(z), x)").correct
    assert walkthrough.judge("W1", "outer(grad(z), x)").correct
    wrong = walk(MLP)
    assert not wrong.judge("z", "dh").correct
    assert not wrong.judge("h", "W2 @ do").correct
    assert wrong.judge("W1", "outer(dz, x)").correct


def test_step_bindings_are_the_autograd_adjoints_of_every_trial(walk) -> None:
    walkthrough = walk(MLP)
    bound, adjoints = walkthrough.bindings("W1")
    trials = walkthrough.oracle.trials
    assert len(bound) == len(adjoints) == len(trials)
    for names, grads, trial in zip(bound, adjoints, trials, strict=True):
        assert set(names) == {"dloss", "do", "dh", "dz"}
        assert set(grads) == {"loss", "o", "h", "z"}
        for node in ("loss", "o", "h", "z"):
            assert names[f"d{node}"].tensor is trial.adjoints[node]
            assert grads[node].tensor is trial.adjoints[node]
        o = trial.values["o"].tensor
        assert close(names["do"].tensor, o)  # ∂(½‖o‖²)/∂o = o, by hand
    assert set(walkthrough.bindings("h")[0][0]) == {"dloss", "do"}


def test_grad_names_the_adjoint_where_d_plus_name_is_taken(walk) -> None:
    walkthrough = walk(NAMED_DZ)
    assert [s.name for s in walkthrough.steps] == ["grad(z)", "dx"]
    assert walkthrough.step("x").uses == ("dloss", "grad(z)")
    assert walkthrough.judge("x", "grad(z) * dz").correct
    verdict = walkthrough.judge("x", "dz")  # the given dz keeps its meaning
    assert verdict.verdict == "wrong_value"
    bound, adjoints = walkthrough.bindings("x")
    for names, grads, trial in zip(bound, adjoints, walkthrough.oracle.trials, strict=True):
        assert "dz" not in names
        assert grads["z"].tensor is trial.adjoints["z"]
        assert close(trial.adjoints["z"], torch.cos(trial.given["x"] * trial.given["dz"]))
    assert walkthrough.reference("x") == Reference("grad(z) * dz", "derived")
    assert walkthrough.preview("x", "grad(z) * dz").shape == "(n,)"


def test_grad_is_refused_outside_a_walkthrough(walk, capsys) -> None:
    oracle = walk(CHAIN).oracle
    verdict = oracle.judge_value("outer(grad(z), x)")
    assert verdict.verdict == "invalid"
    assert verdict.message.key == "grad_outside_walkthrough"
    code = main(["answer", "--questions", VALID, "relu-dw", "outer(grad(z), x)"])
    captured = capsys.readouterr()
    assert code == 2
    assert captured.out.startswith("invalid: grad(...) names the adjoint of a node")
    code = main(["answer", "--questions", VALID, "relu-dw", "outer(grad(z), x)", "--step", "W"])
    assert code == 0


def test_the_preview_reads_a_step_with_its_adjoint_names(walk) -> None:
    walkthrough = walk(CHAIN)
    preview = walkthrough.preview("z", "dh ⊙ step(z)")
    assert preview.ok and preview.text == "dh * step(z)" and preview.shape == "(m,)"
    assert walkthrough.preview("W", "outer(grad(z), x)").shape == "(m, n)"
    assert not walkthrough.preview("z", "dz").ok


def test_a_hint_names_users_and_rules_never_the_result(walk) -> None:
    walkthrough = walk(CHAIN)
    hint = walkthrough.hint("W")
    assert hint.key == "step_hint"
    text = hint.text()
    assert "z = W @ x + b" in text and "dz" in text
    assert "W @ x → W: outer(g, x)" in text  # the rule for a matrix times a vector
    assert walkthrough.reference("W").text not in text


def test_an_authored_step_is_the_reference_and_checked_like_an_answer(make_question) -> None:
    authored = CHAIN + '  steps: {z: "dh * (z > 0)"}\n'
    question = make_question(authored)
    walkthrough = Walkthrough(Oracle(question))
    assert walkthrough.reference("z") == Reference("dh * (z > 0)", "authored")
    assert walkthrough.reference("W") == Reference("outer(dz, x)", "derived")
    assert validate_question(question) == []
    wrong_text = authored.replace("- id: chain", "- id: chain-wrong")
    wrong = make_question(wrong_text.replace("dh * (z > 0)", "dh"))
    problems = validate_question(wrong)
    assert [p.msg.key for p in problems] == ["step_wrong"]
    assert problems[0].line == wrong.steps["z"].line


@pytest.mark.parametrize(
    ("given", "forward", "node", "expected"),
    [
        ("{a: [m, n]}", ["loss = sum(a * ones(m, n))"], "a", "ones(m, n)"),
        ("{a: [m, n]}", ["loss = sum(-(ones(m, n) * a))"], "a", "-ones(m, n)"),
        ("{a: [n]}", ["y = a * 1", "loss = sum(y * ones(n))"], "y", "ones(n)"),
        ("{a: [n]}", ["loss = sum(outer(a, ones(m)) * outer(ones(n), ones(m)))"], "a", None),
        ("{a: [m, n]}", ["loss = sum(a, -1) @ ones(m)"], "a", None),
    ],
)
def test_references_through_ones_and_negative_dims_are_derived(
    walk, given: str, forward: list[str], node: str, expected: str | None
) -> None:
    """Regressions: tidy once turned `ones * ones` into the number 1 (shape lost), and a
    negative dimension (`sum(a, -1)`) could not be derived at all."""
    lines = "\n".join(f"    - {line}" for line in forward)
    walkthrough = walk(
        f"""
- id: ones-case
  title: ones
  dims: {{m: 2..6, n: 2..6}}
  given: {given}
  forward:
{lines}
  wrt: a
  prompt: What is ∂loss/∂a?
  ask: shape
"""
    )
    reference = walkthrough.reference(node)
    assert reference.source == "derived", walkthrough.derive(node)
    if expected is not None:
        assert reference.text == expected


def test_a_step_missing_the_upstream_is_named(walk) -> None:
    walkthrough = walk(UPSTREAM)
    for node, answer in (("z", "1 - y^2"), ("x", "W.T @ (1 - y^2)")):
        verdict = walkthrough.judge(node, answer)
        assert verdict.diagnosis == "upstream", (node, verdict.message_text())
        assert verdict.message_text() == "The upstream gradient g is missing: multiply by it."


def test_a_step_through_a_detach_is_named(walk) -> None:
    verdict = walk(CUT).judge("x", "dv * cos(x) + 6 * x * v")
    assert verdict.verdict == "wrong_value" and verdict.diagnosis == "detach"


def test_a_step_missing_the_relu_mask_under_a_later_layer_is_named_mask(walk) -> None:
    walkthrough = walk(MLP)
    verdict = walkthrough.judge("W1", "outer(dh, x)")  # dz = dh * step(z), the mask forgotten
    assert verdict.verdict == "wrong_value"
    assert verdict.diagnosis == "mask", verdict.message_text()


def test_the_bundled_mlp_mask_mistake_is_counted_as_mask() -> None:
    from trainer.questions import load_bank

    verdict = Oracle(load_bank().questions["act-mlp-dw1"]).judge_value("outer(W2.T @ o, x)")
    assert verdict.listed
    assert verdict.diagnosis == "mask"
