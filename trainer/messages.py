"""Messages: a key of the catalog and its parameters, rendered in a language.

Every message the notation, loader and oracle produce is a `Msg`: a key from `TEMPLATES` (the
sections of `trainer.catalog`) and its parameters. The English template doubles as the gettext
msgid, so `trainer/locale/*/LC_MESSAGES/trainer.po` translates it and the app can show any
engine message in Chinese.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from trainer.catalog import CATALOG

LOCALE_DIR = Path(__file__).parent / "locale"
DOMAIN = "trainer"

TEMPLATES: Mapping[str, str] = CATALOG


@dataclass(frozen=True)
class Msg:
    """A message by key and parameters; `text(lang)` renders it in a language."""

    key: str
    params: Mapping[str, object] = field(default_factory=dict)

    def text(self, lang: str = "en") -> str:
        template = translator(lang)(TEMPLATES[self.key])
        values = {name: render_param(value, lang) for name, value in self.params.items()}
        return close_up(template.format(**values), lang)

    def __str__(self) -> str:
        return self.text()


def closest_hint(name: str, known: Iterable[str]) -> Msg | str:
    """' Did you mean x?' for the closest known name (case counts least), or nothing.

    `G` for `g` is a slip of the shift key, so case-insensitive equality wins outright; then
    difflib's closest match among the lowercased names.
    """
    import difflib

    by_lower: dict[str, str] = {}
    for candidate in sorted(known):
        by_lower.setdefault(candidate.lower(), candidate)
    lowered = name.lower()
    if lowered in by_lower and by_lower[lowered] != name:
        return msg("closest", closest=by_lower[lowered])
    matches = difflib.get_close_matches(lowered, list(by_lower), n=1, cutoff=0.6)
    if matches and by_lower[matches[0]] != name:
        return msg("closest", closest=by_lower[matches[0]])
    return ""


# How each language of the catalog writes a list in a sentence: between items, before the last.
_LIST_WORDS = {"en": (", ", " and "), "zh": ("、", " 和 ")}
LANGUAGES = tuple(_LIST_WORDS)


def spoken_list(items: Iterable[str]) -> dict[str, str]:
    """Names as a sentence lists them, in every language ("a, b and c"; "a、b 和 c"): a
    parameter for a message that names the entries of a table rather than restating them."""
    names = list(items)
    return {
        lang: between.join(names[:-1]) + last + names[-1] if len(names) > 1 else "".join(names)
        for lang, (between, last) in _LIST_WORDS.items()
    }


def listed(items: Iterable[str], most: int | None = None) -> dict[str, str]:
    """Names as a list of options, in every language ("a, b, c"; "a、b、c"); with `most`, at
    most that many, then how many more ("a, b, c and 37 more"), so a list of a thousand nodes
    stays a line."""
    names = list(items)
    if most is None or len(names) <= most:
        return {lang: between.join(names) for lang, (between, _) in _LIST_WORDS.items()}
    return elided(names[:most], len(names) - most)


def elided(shown: Iterable[str], more: int) -> dict[str, str]:
    """Names listed as `listed` lists them, then "and N more" when `more` were left out."""
    names = listed(shown)
    if not more:
        return names
    return {lang: msg("and_more", shown=names[lang], count=more).text(lang) for lang in names}


SHOWN_NAMES = 4  # names a message lists before "and N more"


# Chinese sets no space after its full-width marks, nor between two of its characters; the
# pieces a message or a line is composed of are written with English spacing and closed up.
# (Compiled on first use: a few milliseconds that an English start need not spend.)
_HAN = "\u3400-\u4dbf\u4e00-\u9fff"
_CLOSED_UP = {"zh": f"(?<=[。：，；？！、]) +|(?<=[{_HAN}]) +(?=[{_HAN}])"}


def close_up(text: str, lang: str) -> str:
    """`text` without the spaces `lang` does not set: "正确。 按任意键" is "正确。按任意键"."""
    pattern = _CLOSED_UP.get(lang)
    return _compiled(pattern).sub("", text) if pattern else text


@cache
def _compiled(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern)


def msg(key: str, /, **params: object) -> Msg:
    """Shorthand for building a message; fails at once on a key missing from the catalog."""
    if key not in TEMPLATES:
        raise KeyError(key)
    return Msg(key, params)


def render_param(value: object, lang: str) -> object:
    """Parameters may be nested messages or language-keyed texts; render those too."""
    if isinstance(value, Msg):
        return value.text(lang)
    if isinstance(value, Mapping):
        return pick_text(value, lang)
    return value


def pick_text(text: Mapping[str, str] | None, lang: str) -> str:
    """A language-keyed text field in `lang`, falling back to English."""
    if not text:
        return ""
    return text.get(lang) or text.get("en") or next(iter(text.values()))


@cache
def translator(lang: str) -> Callable[[str], str]:
    """The gettext function for `lang` (identity for English or a missing catalog)."""
    if lang == "en":
        return lambda s: s
    import gettext  # only for a translation: English starts without it

    translation = gettext.translation(DOMAIN, LOCALE_DIR, languages=[lang], fallback=True)
    return translation.gettext
