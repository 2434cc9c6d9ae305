"""The Chinese catalog: complete for the engine's messages and the app's labels, placeholders
intact, and the committed .mo compiled from the committed .po.

After editing trainer.po, compile it:  msgfmt --check -o trainer.mo trainer.po
(or: python -c "import polib; polib.pofile('trainer.po').save_as_mofile('trainer.mo')").
"""

from __future__ import annotations

import ast
import string
from pathlib import Path

import polib
import pytest

from trainer.messages import LOCALE_DIR, TEMPLATES, msg
from trainer.practice.i18n import Labels

PACKAGE = Path(__file__).resolve().parents[2] / "trainer"
APP = PACKAGE / "app"
FACES = (APP, PACKAGE / "plain", PACKAGE / "practice")  # the faces, and labels they share
PO = LOCALE_DIR / "zh" / "LC_MESSAGES" / "trainer.po"
MO = PO.with_suffix(".mo")
LABEL_CALLS = {"t", "labels", "N_"}  # self.t(...), self.app.labels(...), N_(...)


def app_labels() -> dict[str, str]:
    """Every literal label the app translates, with where it is used."""
    found: dict[str, str] = {}
    for path in sorted(p for face in FACES for p in face.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not (isinstance(node, ast.Call) and node.args):
                continue
            first, func = node.args[0], node.func
            name = getattr(func, "id", None) or getattr(func, "attr", None)
            if (
                name in LABEL_CALLS
                and isinstance(first, ast.Constant)
                and isinstance(first.value, str)
            ):
                found.setdefault(first.value, f"{path.relative_to(PACKAGE)}:{node.lineno}")
    return found


def fields(text: str) -> set[tuple[str, str | None]]:
    return {(name, conv) for _, name, _, conv in string.Formatter().parse(text) if name is not None}


@pytest.fixture(scope="module")
def catalog() -> dict[str, str]:
    po = polib.pofile(str(PO))
    assert not po.obsolete_entries() and not po.fuzzy_entries()
    return {entry.msgid: entry.msgstr for entry in po}


def test_the_mo_is_compiled_from_the_po(catalog: dict[str, str]) -> None:
    compiled = {entry.msgid: entry.msgstr for entry in polib.mofile(str(MO)) if entry.msgid}
    assert compiled == catalog, "trainer.mo is stale: recompile it from trainer.po (see above)"


@pytest.mark.parametrize("key", sorted(TEMPLATES))
def test_every_engine_message_has_chinese(key: str, catalog: dict[str, str]) -> None:
    template = TEMPLATES[key]
    assert catalog.get(template), f"no zh translation of {key}: {template!r}"
    assert fields(catalog[template]) == fields(template)


def test_every_app_label_has_chinese(catalog: dict[str, str]) -> None:
    labels = app_labels()
    assert len(labels) > 100  # the scan really finds the labels
    missing = {text: where for text, where in labels.items() if not catalog.get(text)}
    assert not missing, f"labels without a zh translation: {missing}"
    wrong = [text for text in labels if text in catalog and fields(catalog[text]) != fields(text)]
    assert not wrong, f"placeholders differ: {wrong}"


def test_messages_and_labels_render_in_chinese() -> None:
    error = msg("matmul_inner", left="(m, n)", right="(m,)", fix="")
    assert error.text("zh") == "@ 需要内侧维度大小一致：(m, n) @ (m,)。"
    assert error.text("en") == "@ needs matching inner sizes: (m, n) @ (m,)."
    assert Labels("zh")("Question {number} of {total}", number=2, total=5) == "第 2 题，共 5 题"
    assert Labels("en")("Question {number} of {total}", number=2, total=5) == "Question 2 of 5"
    assert Labels("fr")("Statistics") == "Statistics"  # no catalog: English
