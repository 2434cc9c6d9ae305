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


def wide(sizes: tuple[int, ...] = (62, 63, 64), qid: str = "wide") -> str:
    """Six branches from one X (249,984 entries at the default sizes), one of them a relu."""
    forward = [
        "s = sin(X)", "co = cos(X)", "e = exp(X / 10)", "t = tanh(X)", "sg = sigmoid(X)",
        "r = relu(X)", "loss = sum(s * co * e * t * sg + r)",
    ]  # fmt: skip
    answer = (
        "(co * co - s * s) * e * t * sg + s * co * e * t * sg / 10"
        " + s * co * e * (1 - t * t) * sg + s * co * e * t * sg * (1 - sg) + step(X)"
    )
    return _question(qid, *_fixed(sizes), forward, "X", answer)


def _fixed(sizes: tuple[int, ...]) -> tuple[str, str]:
    """dims fixed at `sizes` (named a, b, c ...), and X of that shape."""
    names = "abcdefgh"[: len(sizes)]
    dims = ", ".join(f"{name}: {size}..{size}" for name, size in zip(names, sizes, strict=True))
    return f"{{{dims}}}", f"{{X: [{', '.join(names)}]}}"


def masked(sizes: tuple[int, ...] = (62, 63, 64)) -> str:
    """A mask that is never seen both ways (X + 6 is almost never below 0), so the trials go on
    being added, and a relu on a large X: the trials stop at what a question may keep."""
    forward = ["h = relu(X + 6)", "u = sin(X)", "loss = sum(h * u)"]
    return _question("masked", *_fixed(sizes), forward, "X", "step(X + 6) * u + h * cos(X)")


def power(factors: int) -> str:
    """x = 2w multiplied by itself `factors` times in one line: the product rule writes
    `factors` terms of `factors - 1` factors each, a reference too large to write out (and a
    step after it, w)."""
    product = " * ".join(["x"] * factors)
    half = (factors - 1) // 2  # an exponent may be at most 16
    return (
        f"- id: power-{factors}\n  title: x to the {factors}\n  dims: {{n: 2..4}}\n"
        "  given:\n    w: {shape: [n], init: unit}\n"
        f"  forward:\n    - x = 2 * w\n    - y = {product}\n    - loss = sum(y)\n  wrt: w\n"
        "  prompt: What is the gradient?\n"
        f"  answer: {2 * factors} * x**{half} * x**{factors - 1 - half}\n"
    )


def over_kept() -> str:
    """Three trials of this would keep more than a question may (7M elements each)."""
    return wide((62, 63, 64, 2), "over-kept")


def over_peak() -> str:
    """Within the forward bound (20 results of 999,936 elements), but not with the given X
    and a gradient of each as well (42M)."""
    terms = " + ".join(f"sin(X * {i})" for i in range(1, 8))
    return _question(
        "over-peak", *_fixed((62, 63, 64, 4)), [f"loss = sum({terms})"], "X", "ones(a, b, c, d)"
    )


def deck(questions: str, name: str = "big") -> str:
    """A deck file around generated questions (what `trainer check` and the bench read)."""
    body = "\n".join(f"  {line}" if line else line for line in questions.splitlines())
    return f"deck: {name}\ntitle: Generated questions\nquestions:\n{body}\n"
