"""Class labels (format v1.2): `one_hot(y, k)`, the only reader of an index tensor.

An index tensor (a given with `index: k`) holds integers in 0..k-1. The evaluator refuses it
anywhere but as one_hot's first argument, so labels never enter arithmetic: an embedding lookup
is `one_hot(ix, V) @ C`, a picked log-probability `sum(logp * one_hot(y, k), 1)`. No gradient
flows into labels, so one_hot has no vector-Jacobian rule.
"""

from __future__ import annotations

from typing import Any

from trainer.errors import NotationError
from trainer.messages import msg
from trainer.notation.arguments import size_label
from trainer.notation.builder import Builder
from trainer.notation.nodes import Call, Name, render
from trainer.notation.values import Value, shape_text


def one_hot(b: Builder, call: Call, args: list[Value]) -> Value:
    labels, count = args
    if labels.classes is None:
        what, shown = render(call.args[0]), shape_text(labels.labels)
        raise NotationError(msg("one_hot_not_index", what=what, shape=shown), call.column)
    classes = b.whole_number(count, "one_hot", "one_hot_count", 1)
    label, size = labels.classes
    if classes != size:
        raise NotationError(
            msg("one_hot_classes", name=_name(call), classes=label, given=size_label(call.args[1])),
            call.column,
        )
    shape = (*labels.shape, classes)
    names = (*labels.labels, size_label(call.args[1]))

    def make(torch: Any) -> Any:
        return torch.nn.functional.one_hot(labels.tensor, classes).to(torch.float64)

    return b.result(shape, names, make)


def _name(call: Call) -> str:
    first = call.args[0]
    return first.id if isinstance(first, Name) else "the labels"
