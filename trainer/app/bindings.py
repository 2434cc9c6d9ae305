"""Key bindings shown in the app's language (the footer and the command palette)."""

from __future__ import annotations

from dataclasses import replace

from textual.dom import DOMNode

from trainer.practice.i18n import Labels


def translate_bindings(node: DOMNode, labels: Labels) -> None:
    """Show a node's key descriptions in the app's language.

    Textual's bindings are class attributes built once, before the language is known, and the
    footer shows `Binding.description` as is; so each screen swaps in translated copies of its
    own bindings when it is created. (`_bindings` is the node's private copy of the map.)
    """
    if labels.lang == "en":
        return
    table = node._bindings.key_to_bindings
    for key, bindings in table.items():
        table[key] = [
            replace(
                binding,
                description=labels(binding.description) if binding.description else "",
                tooltip=labels(binding.tooltip) if binding.tooltip else "",
            )
            for binding in bindings
        ]
