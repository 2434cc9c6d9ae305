"""A finished walkthrough composed back into one answer: the steps substituted into each other.

The last step's reference names the adjoints of later nodes (`outer(dz, x)`), and each of those
was a step of its own (`dz = dh * step(z)`, `dh = W2.T @ do`, `do = o`); writing each adjoint out
in place gives the question's answer in the given names, `outer((W2.T @ o) * step(z), x)`. That
closes the walkthrough's loop: the chain of local rules *is* the gradient. It is shown only when
the oracle judges it right, and only while it stays within an answer's length, since a node used
many times is written out as many times.
"""

from __future__ import annotations

from trainer.errors import NotationError
from trainer.notation import Evaluator, parse
from trainer.notation.limits import MAX_LENGTH
from trainer.notation.nodes import Call, Name, Node, Num, map_tree, render
from trainer.notation.tidy import Shapes, TooLargeToTidy, tidy
from trainer.oracle.walkthrough import Walkthrough


def composed(walkthrough: Walkthrough) -> str | None:
    """The question's answer written as the walkthrough's steps composed, or None when a step
    has no reference, the text grows past an answer's length, or it is not judged right."""
    question = walkthrough.question
    seed: Node = Name(0, question.upstream) if question.upstream else Num(0, 1.0, "1")
    written: dict[str, Node] = {walkthrough.of: seed}  # node → its adjoint in given names
    spelled = {walkthrough.adjoint_name(walkthrough.of): walkthrough.of}

    def substituted(node: Node) -> Node:
        if isinstance(node, Name) and node.id in spelled:
            return written[spelled[node.id]]
        if isinstance(node, Call) and node.func == "grad" and isinstance(node.args[0], Name):
            return written.get(node.args[0].id, node)
        return node

    try:
        for step in walkthrough.steps:
            reference = walkthrough.reference(step.node).text
            if reference is None:
                return None
            tree = map_tree(parse(reference).tree, substituted)
            if len(render(tree)) > MAX_LENGTH:
                return None
            written[step.node] = tree
            spelled[step.name] = step.node
        answer = tidy(written[question.wrt or ""], _labels(walkthrough))
    except (NotationError, RecursionError, TooLargeToTidy):
        return None
    text = render(answer)
    if len(text) > MAX_LENGTH or not walkthrough.oracle.judge_value(text).correct:
        return None
    return text


def _labels(walkthrough: Walkthrough) -> Shapes:
    names = dict(walkthrough.oracle.shape_names)
    dims = walkthrough.oracle.preview_dims

    def labels(node: Node) -> tuple[str, ...] | None:
        try:
            return Evaluator(names, dims, build=False).evaluate(node).labels
        except NotationError:
            return None

    return labels
