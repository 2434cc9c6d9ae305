"""Chinese punctuation in the zh catalogue and in the text composed from its pieces at run time.

Chinese text takes full-width marks (：，；？！ and （…）) and no space after them. Code and
placeholders keep ASCII (`x.T`, `(m, n)`, `{name}`), so every rule looks only at the characters
next to a Chinese character: that is what tells a sentence from notation.
"""

from __future__ import annotations

import re

import polib
import pytest

from trainer.messages import LOCALE_DIR, close_up, msg
from trainer.oracle import AnswerKind, Verdict
from trainer.oracle.verdicts import CORRECT, INVALID, WRONG_VALUE
from trainer.practice.i18n import Labels

PO = LOCALE_DIR / "zh" / "LC_MESSAGES" / "trainer.po"
HAN = "\u3400-\u4dbf\u4e00-\u9fff"
FULL_STOPS = "。：，；？！、"
PLACEHOLDER = re.compile(r"\{([a-z_]+)(![rs])?\}")
OPTIONAL = {"closest", "fix"}  # the pieces the engine leaves empty when it has nothing to add
RULES = {
    "ASCII mark after a Chinese character": re.compile(f"[{HAN}][:,;?!]"),
    "a piece that starts with a space before Chinese": re.compile(f"^ [{HAN}]"),
    "space after a full-width mark": re.compile(f"[{FULL_STOPS}] "),
    "half-width brackets around Chinese": re.compile(f"\\([^()]*[{HAN}][^()]*\\)"),
}


def faults(text: str) -> list[str]:
    """Each rule `text` breaks, with the offending characters."""
    return [f"{rule}: {m.group()!r}" for rule, rx in RULES.items() for m in rx.finditer(text)]


@pytest.fixture(scope="module")
def catalog() -> dict[str, str]:
    return {entry.msgid: entry.msgstr for entry in polib.pofile(str(PO)) if entry.msgid}


@pytest.mark.parametrize(
    ("text", "broken"),
    [
        ("提示: 请乘以 g", True),
        ("数值错误。 数值不同", True),
        ("形状 (m, n) 不对", False),
        ("转置（对向量不起作用）", False),
        ("矩阵乘积(也适用于向量)", True),
        ("请写成 {name}(...)。", False),
        ("x.T @ g 的形状是 (n,)；请乘以 g", False),
        ("第 {line} 行：{message}", False),
    ],
)
def test_the_rules_tell_sentences_from_notation(text: str, broken: bool) -> None:
    assert bool(faults(text)) is broken


def test_the_catalogue_keeps_chinese_punctuation(catalog: dict[str, str]) -> None:
    found = {msgid: faults(text) for msgid, text in catalog.items() if faults(text)}
    assert not found, found


def test_an_empty_placeholder_leaves_no_space_after_a_full_width_mark(
    catalog: dict[str, str],
) -> None:
    """`。{closest} 已知` reads `。 已知` when there is no closest name to suggest."""

    def fill(m: re.Match[str]) -> str:
        return "" if m.group(1) in OPTIONAL else "X"

    emptied = {msgid: PLACEHOLDER.sub(fill, text) for msgid, text in catalog.items()}
    found = {msgid: faults(text) for msgid, text in emptied.items() if faults(text)}
    assert not found, found


def test_composed_engine_messages_keep_chinese_punctuation() -> None:
    composed = [
        msg("unknown_name", name="g", closest=msg("closest", closest="G"), known="G、x"),
        msg("unknown_name", name="q", closest="", known="G、x"),
        msg("unknown_id", id="'lin-dx'", closest=msg("closest", closest="lin-dw")),
        msg("values_differ", instance=msg("this_instance"), yours="1.0", expected="2.0"),
        msg("matmul_inner", left="(m, n)", right="(m,)", fix=msg("matmul_fix", name="W")),
        msg("matmul_inner", left="(m, n)", right="(m,)", fix=""),
    ]
    for message in composed:
        assert not faults(message.text("zh")), message.text("zh")


def test_the_wrong_value_message_reads_as_a_sentence() -> None:
    text = msg("values_differ", instance="n=2", yours="[1.]", expected="[2.]").text("zh")
    assert text == "数值不对：当 n=2 时，你的结果是 [1.]，正确结果应为 [2.]。"
    known = msg("unknown_name", name="g", closest="", known="W、x").text("zh")
    assert known == "无法识别名称 g。可用的名称：W、x。"


def test_a_walkthrough_hint_speaks_chinese(oracle_for) -> None:
    from trainer.oracle.walkthrough import Walkthrough

    walkthrough = Walkthrough(oracle_for("relu-dw"))
    for step in walkthrough.steps:
        text = walkthrough.hint(step.node).text("zh")
        assert "matrices" not in text and not faults(text), text
        english = walkthrough.hint(step.node).text("en")
        assert "(g is the adjoint of that operation's result)" in english


def test_close_up_is_for_chinese_only() -> None:
    assert close_up("正确。 按任意键", "zh") == "正确。按任意键"
    assert close_up("当 本例 时", "zh") == "当本例时"
    assert close_up("当 n=2 时", "zh") == "当 n=2 时"
    assert close_up("Correct. Press any key", "en") == "Correct. Press any key"


def test_labels_join_pieces_as_the_language_does() -> None:
    zh, en = Labels("zh"), Labels("en")
    assert zh.join(zh("✓ Correct."), zh("Press any key for the next question.")) == (
        "✓ 正确。按任意键进入下一题。"
    )
    assert en.join(en("✓ Correct."), en("Press any key for the next question.")) == (
        "✓ Correct. Press any key for the next question."
    )
    assert zh.join(zh("Hint:"), "请乘以 g。") == "提示：请乘以 g。"
    assert en.join(en("Hint:"), "multiply by g.") == "Hint: multiply by g."
    assert zh.join("x", "y") == "x y"  # notation keeps its spaces


@pytest.mark.parametrize("kind", [CORRECT, WRONG_VALUE, INVALID])
def test_the_verdict_line_joins_its_headline_and_message(kind) -> None:
    from trainer.app.widgets.verdict import verdict_text

    message = msg("values_differ", instance="n=2", yours="[1.]", expected="[2.]")
    verdict = Verdict("q", AnswerKind.VALUE, "x", kind, message)
    zh = verdict_text(verdict, Labels("zh")).plain
    assert not faults(zh), zh
    en = verdict_text(verdict, Labels("en")).plain
    if kind != CORRECT:
        assert en.endswith(" The values differ. For n=2: yours is [1.], expected [2.].")
        assert "。数值不对" in zh or "：数值不对" in zh


def test_composed_app_lines_keep_chinese_punctuation(catalog: dict[str, str]) -> None:
    t = Labels("zh")
    lines = [
        t.join(t("Revealed."), t("Press any key for the summary.")),
        t.join(t("✓ Walked through to the end."), t("Press any key for the next question.")),
        t.join(t("Hint:"), msg("missing_upstream", upstream="g").text("zh")),
    ]
    for line in lines:
        assert not faults(line), line


def test_the_answer_history_keeps_chinese_punctuation() -> None:
    """The question screen's list of checked answers: "形状 1：(n,)  （正确）"."""
    from trainer.app.widgets.question_text import history_text

    history = {
        "shape": [("(n,)", Verdict("q", AnswerKind.SHAPE, "(n,)", CORRECT, None))],
        "value": [("x", Verdict("q", AnswerKind.VALUE, "x", WRONG_VALUE, None))],
    }
    zh = history_text(["shape", "value"], history, Labels("zh")).plain
    assert not faults(zh), zh
    assert "形状 1：(n,)  （" in zh
    en = history_text(["shape", "value"], history, Labels("en")).plain
    assert "✓ Shape 1: (n,)  (correct)" in en and "✗ Value 1: x  (wrong value)" in en
