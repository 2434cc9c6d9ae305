"""The app's own labels, through the same gettext catalog as the engine's messages.

Every label's msgid is its English text, so English needs no catalog and a missing translation
shows English. Strings defined at class level (key bindings, command names) are marked with `N_`
and translated when shown (`bindings.py`). No Textual here: the engine's messages use it too.
"""

from __future__ import annotations

from trainer.messages import close_up, translator


def N_(text: str) -> str:
    """Mark a string for the catalog without translating it yet."""
    return text


INIT_NAMES = {
    "positive": N_("positive entries"),
    "unit": N_("entries in (0, 1)"),
    "spd": N_("symmetric positive definite"),
    "onehot": N_("one-hot"),
    "sign": N_("entries ±1"),
}
"""How a given tensor's `init` is described to the learner, on every face."""
CLASS_LABELS = N_("class labels in 0..{classes}-1")  # an index tensor (`index: k`)


class Labels:
    """Translate an app label into one language: `labels("Due: {count}", count=3)`."""

    def __init__(self, lang: str) -> None:
        self.lang = lang
        self._gettext = translator(lang)

    def __call__(self, text: str, /, **params: object) -> str:
        translated = self._gettext(text)
        return translated.format(**params) if params else translated

    def gap(self, left: str, right: str) -> str:
        """The space between two pieces of a line, or none where the language sets none."""
        return " " if close_up(left[-1:] + " " + right[:1], self.lang).count(" ") else ""

    def join(self, *pieces: str) -> str:
        """Translated pieces as one line: "Correct. Press any key"; "正确。按任意键"."""
        line = ""
        for piece in pieces:
            line = line + self.gap(line, piece) + piece if line else piece
        return line
