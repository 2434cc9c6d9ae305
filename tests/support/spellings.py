"""The ways a reference answer can be spelled in prose, for tests that look for it in a text
(a hint, a mistake's words, a checker's message): as written, as the notation normalises it,
in ASCII, with ⊙ and ᵀ, and as printed maths (gᵀx, X⁻ᵀ, abᵀ), white space removed."""

from __future__ import annotations

import contextlib
import re

from trainer.errors import NotationError
from trainer.notation import parse
from trainer.notation.ascii_math import to_ascii
from trainer.notation.nodes import (
    PREC_ATOM,
    PREC_PRODUCT,
    PREC_SUM,
    PREC_UNARY,
    Binary,
    Call,
    Node,
    Transpose,
    Unary,
    precedence,
    render,
)

SHORTEST = 3  # a spelling shorter than this (2x, gx) is searched for as a word of its own


def squeeze(text: str) -> str:
    return re.sub(r"\s+", "", text)


def math_spellings(text: str) -> set[str]:
    """`det(X) * inv(X).T` as a page would print it, det(X)X⁻ᵀ; `outer(g, x)` as gxᵀ;
    `W.T @ (g * step(z))` as Wᵀ(g⊙step(z)) and Wᵀ(gstep(z)); `g @ x` (two vectors) as gᵀx."""
    text = re.sub(r"outer\((\w+),(\w+)\)", r"\1\2ᵀ", squeeze(text))
    text = re.sub(r"inv\((\w+)\)", r"\1⁻¹", text)
    text = text.replace(".T", "ᵀ").replace("⁻¹ᵀ", "⁻ᵀ")
    products = {text.replace("@", ""), re.sub(r"(\w+)@(\w+)", r"\1ᵀ\2", text)}
    return {p.replace("*", s) for p in products for s in ("", "⊙")}


_SUBSCRIPTS = str.maketrans("0123456789", "₀₁₂₃₄₅₆₇₈₉")


def printed(node: Node, times: str = "⊙") -> str:
    """A tree as a page prints it: products side by side (`times` for *), ᵀ and ⁻¹ raised,
    outer(a, b) as abᵀ, W2 as W₂; the rest as the notation writes it."""

    def wrapped(child: Node, level: int) -> str:
        text = printed(child, times)
        return f"({text})" if precedence(child) < level else text

    def raised(child: Node) -> str:  # what a superscript sits on: a name, a call, a bracket
        return wrapped(child, PREC_ATOM)

    if isinstance(node, Binary) and node.op in ("*", "@", "/"):
        between = {"*": times, "@": "", "/": "/"}[node.op]

        def factor(child: Node, right: bool) -> str:
            # side by side, a product of another kind needs its brackets: Wᵀ(g⊙step(z))
            other = isinstance(child, Binary) and child.op != node.op
            return wrapped(child, PREC_PRODUCT + (other or (right and node.op == "/")))

        return factor(node.left, False) + between + factor(node.right, True)
    if isinstance(node, Binary) and node.op in ("+", "-"):
        return printed(node.left, times) + node.op + wrapped(node.right, PREC_SUM + 1)
    if isinstance(node, Unary):
        return node.op + wrapped(node.operand, PREC_UNARY)
    if isinstance(node, Transpose):
        if isinstance(node.operand, Call) and node.operand.func == "inv":
            return raised(node.operand.args[0]) + "⁻ᵀ"
        return raised(node.operand) + "ᵀ"
    if isinstance(node, Call) and node.func == "outer" and len(node.args) == 2:
        return raised(node.args[0]) + raised(node.args[1]) + "ᵀ"
    if isinstance(node, Call) and node.func == "inv" and len(node.args) == 1:
        return raised(node.args[0]) + "⁻¹"
    if isinstance(node, Call):
        return node.func + "(" + ",".join(printed(arg, times) for arg in node.args) + ")"
    return re.sub(r"(?<=[A-Za-z])\d+$", lambda d: d.group().translate(_SUBSCRIPTS), render(node))


def answer_spellings(answer: str) -> set[str]:
    """The reference answer as written, as the notation normalises it, in ASCII, with ⊙ and
    ᵀ, and as printed maths; white space removed."""
    spellings = {answer, to_ascii(answer)}
    with contextlib.suppress(NotationError):
        tree = parse(answer).tree
        spellings.add(render(tree))
        spellings.update(printed(tree, times) for times in ("⊙", ""))
    for spelling in list(spellings):
        spellings.add(spelling.replace("*", "⊙").replace(".T", "ᵀ"))
        spellings.update(math_spellings(spelling))
    return {squeeze(s) for s in spellings}


def is_bare_name(answer: str) -> bool:
    """A one-letter (or one-name) answer such as `a` or `u` cannot be searched for in prose:
    the word "a" is English. Those texts are reviewed by hand."""
    return re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", answer.strip()) is not None


def leaked(text: str, spellings: set[str]) -> list[str]:
    """The spellings of a reference that `text` contains, white space aside; one shorter than
    `SHORTEST` (4x, 3) only as a word of its own, so that "yours is -3" does not contain 3."""
    squeezed = squeeze(text)
    found = []
    for spelling in spellings:
        if len(spelling) >= SHORTEST:
            hit = spelling in squeezed
        else:
            word = rf"(?<![\w.\-−]){re.escape(spelling)}(?![\w.(])"
            hit = spelling != "" and re.search(word, text) is not None
        if hit:
            found.append(spelling)
    return sorted(found)
