"""The derivation macros of format v1.2's linear algebra (`linalg.py`), expanded into the
notation on shapes: the notation has no reshape, so a block sum of a Kronecker product, and
stacking a vector back into a matrix's columns, are products with `kron` of `ones` and `eye`.

- `times_t(u, v)`: `u @ v.T`, or `outer(u, v)` when both are vectors (the solve rule);
- `block_sums(h)` of `kron(a, b)` (a (m, n), b (p, q)): each (p, q) block of h summed, an
  (m, n) matrix, `kron(eye(m), ones(1, p)) @ h @ kron(eye(n), ones(q, 1))`;
- `block_total(h)`: the (p, q) blocks of h added up, `kron(ones(1, m), eye(p)) @ h @
  kron(ones(n, 1), eye(q))` (for vectors, the left factor alone);
- `unvec(g, a)` for a of shape (m, n): `(kron(ones(1, n), eye(m)) * g) @ kron(eye(n), ones(m, 1))`,
  whose (i, j) entry is g[j·m + i].
"""

from __future__ import annotations

from collections.abc import Callable

from trainer.notation.nodes import Binary, Call, Name, Node, Num, Transpose

V12_MACROS = frozenset({"times_t", "block_sums", "block_total", "unvec"})

Labels = Callable[[Node], tuple[str, ...] | None]


class NoExpansion(Exception):
    """The shapes do not allow the macro (the derivation then has no reference)."""


def size_node(label: str) -> Node:
    """A size as the notation writes it: a number, a dimension name, or a product `m * p`."""
    if "*" in label:
        factors = [size_node(factor) for factor in label.split("*")]
        product = factors[0]
        for factor in factors[1:]:
            product = Binary(0, "*", product, factor)
        return product
    return Num(0, float(label), label) if label.isdigit() else Name(0, label)


def filled(fill: str, labels: tuple[str, ...]) -> Node:
    if not labels:
        return Num(0, 1.0, "1")
    return Call(0, fill, tuple(size_node(label) for label in labels))


def expand(name: str, args: tuple[Node, ...], node: Node, labels: Labels) -> Node:
    """One macro of V12_MACROS at `node` (the call whose rule it is part of)."""
    if name == "times_t":
        u, v = args
        if labels(u) is None or labels(v) is None:
            raise NoExpansion
        if len(labels(u) or ()) == 1 and len(labels(v) or ()) == 1:
            return Call(0, "outer", (u, v))
        return Binary(0, "@", u, Transpose(0, v))
    if not isinstance(node, Call) or len(node.args) not in (1, 2):
        raise NoExpansion
    shapes = [labels(arg) for arg in node.args]
    if any(shape is None for shape in shapes):
        raise NoExpansion
    if name == "unvec":
        rows, columns = shapes[0] or ("", "")
        spread = _kron(filled("ones", ("1", columns)), _eye(rows))
        gather = _kron(_eye(columns), filled("ones", (rows, "1")))
        return Binary(0, "@", Binary(0, "*", spread, args[0]), gather)
    a, b = shapes[0] or (), shapes[1] or ()
    (h,) = args
    right: Node | None
    if name == "block_sums":
        left = _kron(_eye(a[0]), filled("ones", ("1", b[0])))
        right = _kron(_eye(a[1]), filled("ones", (b[1], "1"))) if len(a) == 2 else None
    else:
        left = _kron(filled("ones", ("1", a[0])), _eye(b[0]))
        right = _kron(filled("ones", (a[1], "1")), _eye(b[1])) if len(a) == 2 else None
    product = Binary(0, "@", left, h)
    return Binary(0, "@", product, right) if right is not None else product


def _eye(label: str) -> Node:
    return Call(0, "eye", (size_node(label),))


def _kron(left: Node, right: Node) -> Node:
    return Call(0, "kron", (left, right))
