"""The graph view: the forward pass as a tree from `of` down to the given tensors, each node with
its shape; once the question is answered or revealed, each node's gradient too — reverse
accumulation runs from the root of this tree down to `wrt`. The data comes from the engine's
`build_graph`; this screen only draws it."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Static, Tree
from textual.widgets.tree import TreeNode

from trainer.app.i18n import N_, translate_bindings
from trainer.app.messages import GraphBuilt
from trainer.errors import TrainerError
from trainer.oracle import Oracle
from trainer.oracle.graph import Graph, build_graph


class GraphScreen(ModalScreen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,ctrl+g,q", "app.pop_screen", N_("Close"))
    ]

    def __init__(self, oracle: Oracle, with_gradients: bool) -> None:
        super().__init__()
        self.oracle = oracle
        self.with_gradients = with_gradients
        self.t = self.app.labels
        translate_bindings(self, self.t)

    def compose(self) -> ComposeResult:
        q = self.oracle.question
        t = self.t
        with Vertical(classes="dialog", id="graph-dialog"):
            yield Static(t("Computation graph"), classes="dialog-title")
            yield Static(t("Loading…"), id="graph-legend")
            tree: Tree[str] = Tree(
                t("backward from {roots} to {wrt}", roots=", ".join(q.of), wrt=q.wrt),
                id="graph-tree",
            )
            tree.show_root = True
            yield tree
            yield Static(t("Esc to close"), classes="dialog-keys")

    def on_mount(self) -> None:
        self.query_one(Tree).focus()
        self.build()

    @work(
        thread=True,
        exclusive=True,
        exit_on_error=False,
        group="graph",
        description="Building the computation graph",
    )
    def build(self) -> None:
        self.app.torch_ready.wait()
        if self.app.torch_error:
            self.post_message(GraphBuilt(error=self.app.torch_error))
            return
        try:
            with self.app.oracle_lock:
                graph = build_graph(self.oracle, with_gradients=self.with_gradients)
                dims = self.oracle.trials[self.oracle.smallest_trial].dims
        except TrainerError as error:
            self.post_message(GraphBuilt(error=error.text(self.app.lang)))
            return
        self.dims = dict(dims)
        self.post_message(GraphBuilt(graph))

    @on(GraphBuilt)
    def _built(self, message: GraphBuilt) -> None:
        legend = self.query_one("#graph-legend", Static)
        if message.graph is None:
            legend.update(message.error or "")
            return
        t = self.t
        sizes = ", ".join(f"{name} = {size}" for name, size in self.dims.items())
        lines = [
            t("Shapes in dimension names; values for sizes {sizes}.", sizes=sizes)
            if sizes
            else t("Shapes and values of the question's tensors.")
        ]
        if self.with_gradients:
            lines.append(t("∂ marks the gradient that reaches each node on the way back."))
        else:
            lines.append(t("Gradients are shown once the question is answered or revealed."))
        legend.update("\n".join(lines))
        tree: Tree[str] = self.query_one(Tree)
        for root in message.graph.roots:
            self._add(tree.root, message.graph, root)
        tree.root.expand_all()

    def _add(self, parent: TreeNode[str], graph: Graph, name: str) -> None:
        node = graph.nodes[name]
        q = self.oracle.question
        simple = len(graph.roots) == 1 and q.upstream is None and q.backward == 1
        grad = f"∂{graph.roots[0]}/∂{name}" if simple else f"{name}.grad"
        label = Text(name, style="bold yellow" if name == graph.wrt else "bold")
        if node.expression is not None:
            label.append(f" = {node.expression}")
        label.append(f"  {node.shape}", style="cyan")
        if node.expression is None:
            label.append("  " + self.t("given"), style="dim")
        if name == graph.wrt:
            label.append("  ← " + self.t("wrt"), style="bold yellow")
        if node.grad_shape is not None:
            label.append(f"   {grad} {node.grad_shape}", style="green")
            if node.grad is not None:
                label.append(f" = {node.grad}", style="green")
        if node.inputs:
            branch = parent.add(label, data=name, expand=True)
            for child in node.inputs:
                self._add(branch, graph, child)
        else:
            parent.add_leaf(label, data=name)
