"""The plain line mode as a learner and a script meet it: a real `python -m trainer practice`
process, through a pseudo-terminal and through pipes, in English and Chinese; then the progress
database holds the attempts and reviews an app session would have written."""

from __future__ import annotations

from pathlib import Path

import pytest
from plain_driver import SMALL, PtySession, stored, through_pipes

# Mixed practice over the three small decks: level 1 interleaved (t-dot, t-sum, t-bias), then
# level 2 (t-linear, t-choice, t-relu-layer); each lapse comes back three questions later (or at
# the end), so t-dot and t-sum return before t-choice, t-linear after it, t-relu-layer last.
SESSION = [
    "(n,)",  # t-dot: the shape, right
    "x",  # the value, wrong: a listed mistake
    ":hint",
    "a",  # right after a hint
    ":reveal",  # t-sum
    ":skip",  # t-bias
    "(n, m)",  # t-linear: transposed
    "(m, n)",
    "outer(ones(m), x)",
    "(n,)",  # t-dot is back: right first time now
    "a",
    "ones(n)",  # t-sum is back
    ":nonsense",  # an unknown command: a message, not an attempt
    "2",  # t-choice: right first time
    "(m, n)",  # t-linear is back
    "outer(ones(m), x)",
    ":walk",  # t-relu-layer, step by step
    "2 * g",  # dh, wrong
    "g",  # dh
    ":hint",  # dz
    ":reveal",
    "outer(dz, x)",  # dW
    ":quit",  # t-relu-layer is back (a step was wrong): leave it for another day
]
ATTEMPTS = [
    ("t-dot", "shape", "(n,)", "correct", False),
    ("t-dot", "value", "x", "wrong_value", False),
    ("t-dot", "value", "a", "correct", True),
    ("t-linear", "shape", "(n, m)", "wrong_shape", False),
    ("t-linear", "shape", "(m, n)", "correct", False),
    ("t-linear", "value", "outer(ones(m), x)", "correct", False),
    ("t-dot", "shape", "(n,)", "correct", False),
    ("t-dot", "value", "a", "correct", False),
    ("t-sum", "value", "ones(n)", "correct", False),
    ("t-choice", "choice", "2", "correct", False),
    ("t-linear", "shape", "(m, n)", "correct", False),
    ("t-linear", "value", "outer(ones(m), x)", "correct", False),
    ("t-relu-layer", "walk:h", "2 * g", "wrong_value", False),
    ("t-relu-layer", "walk:h", "g", "correct", True),
    ("t-relu-layer", "walk:W", "outer(dz, x)", "correct", False),
]
OUTCOMES = [
    ("t-dot", "after_help"),
    ("t-sum", "revealed"),
    ("t-bias", "skipped"),
    ("t-linear", "after_help"),
    ("t-dot", "first_try"),
    ("t-sum", "first_try"),
    ("t-choice", "first_try"),
    ("t-linear", "first_try"),
    ("t-relu-layer", "after_help"),
]
SAYS = {
    "en": [
        "Wrong value.",
        "Hint:",
        "Revealed.",
        "Skipped.",
        "transposed",
        "Unknown command",
        "Walked through to the end.",
        "Why: z is used by h = relu(z)",
        "Composed, the steps give the answer: outer(g * step(z), x)",
        "Session summary",
        "Back again: you missed this one earlier in the session.",
        "Came back after a miss, right first time: 3/3",
        "Next review tomorrow",
    ],
    "zh": [
        "数值不对。",
        "提示：",
        "已跳过。",
        "没有命令",
        "逐步反向传播已到最后一步。",
        "理由：",
        "把各步代入合起来，就得到这道题的答案：outer(g * step(z), x)",
        "再次出现：",
        "下次复习：明天",
    ],
}


def assert_stored_like_an_app_session(data_dir: Path) -> None:
    attempts, reviews = stored(data_dir)
    assert [(a.question_id, a.part, a.answer, a.verdict, a.hint_used) for a in attempts] == ATTEMPTS
    assert [(r.question_id, r.outcome) for r in reviews] == OUTCOMES
    assert len({a.session_id for a in attempts} | {r.session_id for r in reviews}) == 1
    unrated = [r.question_id for r in reviews if r.rating is None]
    # a skip of a question never tried is no review of it; a lapse is rated once, not on its
    # return in the same session
    assert unrated == ["t-bias", "t-dot", "t-sum", "t-linear"]


def assert_transcript(text: str, lang: str) -> None:
    for said in SAYS[lang]:
        assert said in text, said
    assert "step dh> " in text and "step dz> " in text
    assert "Traceback" not in text
    assert "\x1b" not in text  # no colour unless asked, no cursor movement
    for symbol in "ᵀ⊙∂Σ∈─│":
        assert symbol not in text  # ASCII mathematics, no box drawing
    assert "dloss/dW" in text


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_whole_session_through_pipes(tmp_path: Path, lang: str) -> None:
    """No --plain: standard input is a pipe, so the plain mode is chosen."""
    args = [*SMALL, "--seed", "0", "--data-dir", str(tmp_path), "--lang", lang]
    result = through_pipes(args, SESSION)
    assert result.returncode == 0, result.stderr
    assert_transcript(result.stdout, lang)
    assert "answer> x\n" in result.stdout  # the reply shown where no terminal echoes it
    assert_stored_like_an_app_session(tmp_path)


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_whole_session_through_a_pseudo_terminal(tmp_path: Path, lang: str) -> None:
    args = [*SMALL, "--plain", "--seed", "0", "--data-dir", str(tmp_path), "--lang", lang]
    session = PtySession(args)
    for reply in SESSION:
        session.answer(reply)
    assert session.finish() == 0
    assert_transcript(session.text, lang)
    assert_stored_like_an_app_session(tmp_path)


def test_quit_keeps_a_tried_question_as_a_lapse(tmp_path: Path) -> None:
    args = [*SMALL, "--seed", "0", "--data-dir", str(tmp_path)]
    result = through_pipes(args, ["(n,)", "x", ":quit", "never read"])
    assert result.returncode == 0, result.stderr
    attempts, reviews = stored(tmp_path)
    assert [a.answer for a in attempts] == ["(n,)", "x"]
    assert [(r.question_id, r.outcome) for r in reviews] == [("t-dot", "skipped")]
    assert reviews[0].rating is not None  # tried and wrong: rated as a lapse, as in the app


def test_the_end_of_input_quits_cleanly_with_progress_kept(tmp_path: Path) -> None:
    args = [*SMALL, "--seed", "0", "--data-dir", str(tmp_path), "--lang", "zh"]
    result = through_pipes(args, ["(n,)", "a"])
    assert result.returncode == 0 and result.stderr == ""
    attempts, reviews = stored(tmp_path)
    assert [a.verdict for a in attempts] == ["correct", "correct"]
    assert [(r.question_id, r.outcome) for r in reviews] == [("t-dot", "first_try")]
    assert "第 2 题" in result.stdout  # the next question was asked before input ended


def test_nonsense_input_gets_a_message(tmp_path: Path) -> None:
    replies = ["\x1b[2J\x07", "(" * 5000, "x" * 50_000, "", ":", "(n,)", "W @@ x", "\udcff"]
    args = [*SMALL, "--seed", "0", "--data-dir", str(tmp_path)]
    result = through_pipes(
        args, [r.encode("utf-8", "surrogateescape").decode("utf-8", "replace") for r in replies]
    )
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stdout + result.stderr
    assert "\x1b" not in result.stdout and "\x07" not in result.stdout
    assert "\\x1b[2J\\x07" in result.stdout  # echoed escaped


def test_term_dumb_chooses_the_plain_mode_and_ctrl_c_quits_cleanly(tmp_path: Path) -> None:
    args = [*SMALL, "--seed", "0", "--data-dir", str(tmp_path)]
    session = PtySession(args, TERM="dumb")  # a terminal, but one that cannot be drawn on
    session.answer("(n,)")
    session.interrupt()
    assert session.finish() == 0
    assert "Type :help for the commands." in session.text
    assert "Traceback" not in session.text
    attempts, _ = stored(tmp_path)
    assert [a.answer for a in attempts] == ["(n,)"]


def test_the_bundled_bank_in_english_prints_ascii(tmp_path: Path) -> None:
    result = through_pipes(
        ["--plain", "--seed", "1", "--data-dir", str(tmp_path)], [":numbers", ":skip", ":help"]
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.isascii(), sorted({c for c in result.stdout if not c.isascii()})
    assert result.stdout.count("Question 1 of ") == 1 and "Question 2 of " in result.stdout
    assert ":skills" in result.stdout


def test_a_reveal_too_large_to_write_out_says_so_at_the_prompt(tmp_path: Path) -> None:
    from big_questions import deck, power

    folder = tmp_path / "power"
    folder.mkdir()
    (folder / "power.yaml").write_text(deck(power(30), "power"), encoding="utf-8")
    replies = [":walk", "ones(n)", ":reveal", "dx * 2", ":quit"]
    args = ["--plain", "--questions", str(folder), "--data-dir", str(tmp_path / "data")]
    run = through_pipes(args, replies)
    assert "This step's reference is too large to write out. Revealed: [" in run.stdout
    assert "step dw> " in run.stdout and "Traceback" not in run.stderr
