"""The app's own labels, through the same gettext catalog as the engine's messages.

Every label's msgid is its English text, so English needs no catalog and a missing translation
shows English. Strings defined at class level (key bindings, command names) are marked with `N_`
and translated when shown.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from trainer.catalog import translator

if TYPE_CHECKING:
    from textual.dom import DOMNode


def N_(text: str) -> str:
    """Mark a string for the catalog without translating it yet."""
    return text


class Labels:
    """Translate an app label into one language: `labels("Due: {count}", count=3)`."""

    def __init__(self, lang: str) -> None:
        self.lang = lang
        self._gettext = translator(lang)

    def __call__(self, text: str, /, **params: object) -> str:
        translated = self._gettext(text)
        return translated.format(**params) if params else translated


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
