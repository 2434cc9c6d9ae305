"""The graph view: the forward pass as a tree from `of` down to the given tensors, each node with
its shape; once the question is answered or revealed, each node's gradient too — reverse
accumulation runs from the root of this tree down to `wrt`. The data comes from the engine
(`build_graph`, on the trial's own backward pass); this screen only draws it."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.widgets import Static, Tree
from textual.widgets.tree import TreeNode

from trainer.app.messages import GraphBuilt
from trainer.app.screens.base import TrainerModal
from trainer.app.text import plain
from trainer.oracle import gradient_label
from trainer.oracle.graph import Graph
from trainer.practice.engine import EngineError, PracticeEngine
from trainer.practice.i18n import N_
from trainer.questions import Question


class GraphScreen(TrainerModal[None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,ctrl+g,q", "app.pop_screen", N_("Close"))
    ]

    def __init__(self, question: Question, with_gradients: bool) -> None:
        super().__init__()
        self.question = question
        self.with_gradients = with_gradients

    def compose(self) -> ComposeResult:
        q = self.question
        t = self.t
        with Vertical(classes="dialog", id="graph-dialog"):
            with Vertical(classes="dialog-head"):
                yield Static(t("Computation graph"), classes="dialog-title")
                yield Static(t("Loading…"), id="graph-legend")
            label = t("backward from {roots} to {wrt}", roots=", ".join(q.of), wrt=q.wrt)
            tree: Tree[str] = Tree(Text(label), id="graph-tree")
            tree.show_root = True
            yield tree
            yield Static(t("Esc to close"), classes="dialog-keys")

    def on_mount(self) -> None:
        self.query_one(Tree).focus()
        self._build(self.app.engine, self.question, self.with_gradients)

    @work(
        thread=True,
        exclusive=True,
        exit_on_error=False,
        group="graph",
        description="Building the computation graph",
    )
    def _build(self, engine: PracticeEngine, question: Question, gradients: bool) -> None:
        try:
            self.post_message(GraphBuilt(engine.graph(question, gradients)))
        except EngineError as error:
            self.post_message(GraphBuilt(error=error.text))

    @on(GraphBuilt)
    def _built(self, message: GraphBuilt) -> None:
        legend = self.query_one("#graph-legend", Static)
        graph = message.graph
        if graph is None:
            legend.update(plain(message.error or ""))
            return
        t = self.t
        sizes = ", ".join(f"{name} = {size}" for name, size in graph.dims.items())
        lines = [
            t("Shapes in dimension names; values for sizes {sizes}.", sizes=sizes)
            if sizes
            else t("Shapes and values of the question's tensors.")
        ]
        if self.with_gradients:
            lines.append(t("∂ marks the gradient that reaches each node on the way back."))
        else:
            lines.append(t("Gradients are shown once the question is answered or revealed."))
        legend.update(Text("\n".join(lines)))
        tree: Tree[str] = self.query_one(Tree)
        for root in graph.roots:
            self._add(tree.root, graph, root)
        tree.root.expand_all()

    def _add(self, parent: TreeNode[str], graph: Graph, name: str) -> None:
        node = graph.nodes[name]
        label = Text(name, style="bold yellow" if name == graph.wrt else "bold")
        if node.expression is not None:
            label.append_text(plain(f" = {node.expression}"))
        label.append(f"  {node.shape}", style="cyan")
        if node.expression is None:
            label.append("  " + self.t("given"), style="dim")
        if name == graph.wrt:
            label.append("  ← " + self.t("wrt"), style="bold yellow")
        if node.grad_shape is not None:
            grad = gradient_label(self.question, name)
            label.append(f"   {grad} {node.grad_shape}", style="green")
            if node.grad is not None:
                label.append(f" = {node.grad}", style="green")
        if node.inputs:
            branch = parent.add(label, data=name, expand=True)
            for child in node.inputs:
                self._add(branch, graph, child)
        else:
            parent.add_leaf(label, data=name)
