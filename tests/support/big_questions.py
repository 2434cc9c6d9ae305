"""Questions generated at a size: the long chains, wide fan-outs and large tensors that the
walkthrough's and the oracle's bounds are about (the tests and `bench/bounds.py` share them)."""

from __future__ import annotations


def _question(qid: str, dims: str, given: str, forward: list[str], wrt: str, answer: str) -> str:
    lines = "\n".join(f"    - {line}" for line in forward)
    return (
        f"- id: {qid}\n  title: {qid}\n  dims: {dims}\n  given: {given}\n  forward:\n{lines}\n"
        f"  wrt: {wrt}\n  prompt: What is the gradient?\n  answer: {answer}\n"
    )


def chain(nodes: int) -> str:
    """x through `nodes` lines of `h = h * 1.0`, then summed: `nodes + 1` walkthrough steps."""
    forward = ["h0 = x * 1.0", *(f"h{i} = h{i - 1} * 1.0" for i in range(1, nodes))]
    return _question(
        f"chain-{nodes}", "{n: 2..4}", "{x: [n]}", [*forward, f"loss = sum(h{nodes - 1})"], "x",
        "ones(n)",
    )  # fmt: skip


def fanout(users: int) -> str:
    """x used by `users` lines `a_i = x * c_i`, summed one by one into loss."""
    forward = [f"a{i} = x * {1 + i % 3}.0" for i in range(users)]
    forward += ["s0 = sum(a0)", *(f"s{i} = s{i - 1} + sum(a{i})" for i in range(1, users))]
    total = sum(1 + i % 3 for i in range(users))
    return _question(
        f"fanout-{users}", "{n: 2..4}", "{x: [n]}", [*forward, f"loss = s{users - 1}"], "x",
        f"{total} * ones(n)",
    )  # fmt: skip


def wide(sizes: tuple[int, int, int] = (62, 63, 64)) -> str:
    """Six branches from one X (249,984 entries at the default sizes), one of them a relu."""
    a, b, c = sizes
    forward = [
        "s = sin(X)", "co = cos(X)", "e = exp(X / 10)", "t = tanh(X)", "sg = sigmoid(X)",
        "r = relu(X)", "loss = sum(s * co * e * t * sg + r)",
    ]  # fmt: skip
    answer = (
        "(co * co - s * s) * e * t * sg + s * co * e * t * sg / 10"
        " + s * co * e * (1 - t * t) * sg + s * co * e * t * sg * (1 - sg) + step(X)"
    )
    return _question(
        "wide", f"{{a: {a}..{a}, b: {b}..{b}, c: {c}..{c}}}", "{X: [a, b, c]}", forward, "X",
        answer,
    )  # fmt: skip
