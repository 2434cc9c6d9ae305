"""The command line (cli.md): list, check, answer and `python -m trainer`, exit codes and JSON."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace

import pytest

from trainer.cli import main

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
VALID = str(FIXTURES / "valid")
ANSWER_KEYS = [
    "id",
    "kind",
    "answer",
    "verdict",
    "correct",
    "message",
    "expected_shape",
    "answer_shape",
    "diagnosis",
    "listed",
]


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def answer_json(capsys, *argv: str) -> tuple[int, dict]:
    code, out, err = run(capsys, "answer", "--questions", VALID, "--json", *argv)
    assert "Traceback" not in err
    lines = out.strip().splitlines()
    assert len(lines) <= 1
    return code, (json.loads(lines[0]) if lines else {})


# --- list -----------------------------------------------------------------------------------------


def test_list_json_fields(capsys) -> None:
    code, out, _ = run(capsys, "list", "--questions", VALID, "--json")
    assert code == 0
    rows = json.loads(out)
    assert len(rows) == 18 + 12
    for row in rows:
        assert set(row) == {"id", "deck", "level", "tags", "title"}
    first = next(r for r in rows if r["id"] == "lin-dw")
    assert first == {
        "id": "lin-dw",
        "deck": "test-core",
        "level": 1,
        "tags": ["linear", "chain-rule"],
        "title": "∂loss/∂W for y = Wx + b",
    }


def test_list_text(capsys) -> None:
    code, out, _ = run(capsys, "list", "--questions", VALID)
    assert code == 0
    assert len(out.strip().splitlines()) == 18 + 12
    assert "lin-dw" in out and "test-core" in out


def test_list_text_lines_up_the_titles_however_long_the_tags(capsys) -> None:
    _, out, _ = run(capsys, "list")  # the bundled bank: some questions have many tags
    _, listed, _ = run(capsys, "list", "--json")
    rows = json.loads(listed)
    assert max(len(",".join(row["tags"])) for row in rows) > 20
    titles = [row["title"] for row in rows]
    columns = {line.rindex(title) for line, title in zip(out.splitlines(), titles, strict=True)}
    assert len(columns) == 1


def test_list_takes_repeated_questions_options(capsys, tmp_path: Path) -> None:
    other = tmp_path / "other.yaml"
    other.write_text(
        "deck: other\ntitle: t\nquestions:\n"
        "  - {id: other-q, title: t, prompt: p, given: {x: [3]}, forward: [y = sum(x)],"
        " wrt: x, answer: ones(3)}\n",
        encoding="utf-8",
    )
    code, out, _ = run(capsys, "list", "--questions", VALID, "--questions", str(other), "--json")
    assert code == 0
    assert len(json.loads(out)) == 18 + 12 + 1


def test_list_of_the_bundled_bank(capsys) -> None:
    code, out, _ = run(capsys, "list", "--json")
    assert code == 0
    assert len(json.loads(out)) >= 8


def test_list_of_a_missing_folder_is_a_usage_error(capsys, tmp_path: Path) -> None:
    code, _, err = run(capsys, "list", "--questions", str(tmp_path / "missing"))
    assert code == 2
    assert "missing" in err


def test_list_says_when_broken_files_kept_questions_out(capsys, write_deck) -> None:
    """`list` exits 0 whatever the files hold, but an empty list is never left unexplained."""
    path = write_deck("""
- id: too-big
  title: t
  prompt: p
  given: {X: [65, 10]}
  forward: [loss = sum(X)]
  wrt: X
  answer: ones(65, 10)
""")
    code, out, err = run(capsys, "list", "--questions", str(path))
    assert code == 0 and out == ""
    assert "1 problem(s) in the files kept questions out of this list; trainer check" in err
    code, out, _ = run(capsys, "check", str(path))
    assert code == 1
    assert "too-big: A size in a shape is a whole number from 1 to 64" in out
    assert "not 65." in out


# --- check --------------------------------------------------------------------------------------


def test_check_exit_codes(capsys) -> None:
    assert run(capsys, "check", VALID)[0] == 0
    assert run(capsys, "check", str(FIXTURES / "broken" / "answer-wrong.yaml"))[0] == 1
    assert run(capsys, "check", str(FIXTURES / "nope.yaml"))[0] == 2
    assert run(capsys, "check", "--questions", VALID)[0] == 0


def test_check_of_the_bundled_bank_exits_0(capsys) -> None:
    code, out, _ = run(capsys, "check")
    assert code == 0, out
    assert out.strip().endswith("0 problem(s).")


def test_check_json_of_a_valid_bank_is_an_empty_list(capsys) -> None:
    code, out, _ = run(capsys, "check", VALID, "--json")
    assert code == 0
    assert json.loads(out) == []


def test_usage_errors_exit_2(capsys) -> None:
    for argv in (["check", "--bogus"], ["answer"], ["answer", "lin-dw"], ["list", "extra"]):
        with pytest.raises(SystemExit) as exit_:
            main(argv)
        assert exit_.value.code == 2, argv
    capsys.readouterr()


# --- answer -------------------------------------------------------------------------------------


def test_answer_correct_exits_0(capsys) -> None:
    code, data = answer_json(capsys, "lin-dw", "outer(ones(m), x)")
    assert code == 0
    assert list(data) == ANSWER_KEYS
    assert data == {
        "id": "lin-dw",
        "kind": "value",
        "answer": "outer(ones(m), x)",
        "verdict": "correct",
        "correct": True,
        "message": "Correct.",
        "expected_shape": "(m, n)",
        "answer_shape": "(m, n)",
        "diagnosis": "correct",
        "listed": False,
    }


def test_answer_wrong_exits_1_with_the_cli_md_example(capsys) -> None:
    code, data = answer_json(capsys, "lin-dw", "outer(x, ones(m))")
    assert code == 1
    assert data == {
        "id": "lin-dw",
        "kind": "value",
        "answer": "outer(x, ones(m))",
        "verdict": "wrong_shape",
        "correct": False,
        "message": "Transposed. The gradient must have W's shape (m, n), not (n, m).",
        "expected_shape": "(m, n)",
        "answer_shape": "(n, m)",
        "diagnosis": "transposed",  # worked out even though a listed mistake gave the text
        "listed": True,
    }


def test_answer_wrong_value_exits_1(capsys) -> None:
    code, data = answer_json(capsys, "lin-dw", "W")
    assert code == 1
    assert data["verdict"] == "wrong_value"


def test_answer_invalid_exits_2(capsys) -> None:
    code, data = answer_json(capsys, "lin-dw", "W @ b")
    assert code == 2
    assert data["verdict"] == "invalid"
    assert data["message"] == (
        "@ needs matching inner sizes: (m, n) @ (m,). With W transposed they would match."
    )
    assert data["answer_shape"] is None


def test_answer_unknown_id_exits_2_with_a_suggestion(capsys) -> None:
    code, _, err = run(capsys, "answer", "--questions", VALID, "lin-dx", "x")
    assert code == 2
    assert "lin-dx" in err
    assert "lin-dw" in err or "lin-db" in err
    assert "Traceback" not in err


def test_answer_shape(capsys) -> None:
    code, data = answer_json(capsys, "lin-dw", "m x n", "--shape")
    assert code == 0
    assert data["kind"] == "shape"
    assert data["answer_shape"] == "(m, n)"
    code, data = answer_json(capsys, "lin-dw", "(n, m)", "--shape")
    assert code == 1 and data["verdict"] == "wrong_shape"
    code, data = answer_json(capsys, "lin-dw", "(m, k)", "--shape")
    assert code == 2 and data["verdict"] == "invalid"


def test_answer_shape_on_any_gradient_question(capsys) -> None:
    """--shape works whatever the question's ask; a value answer works on ask: shape too."""
    assert answer_json(capsys, "xtx", "(n,)", "--shape")[0] == 0
    assert answer_json(capsys, "shape-only", "outer(ones(m), x)")[0] == 0


def test_answer_choice(capsys) -> None:
    code, data = answer_json(capsys, "memory-choice", "2")
    assert code == 0
    assert data["kind"] == "choice"
    assert data["expected_shape"] is None and data["answer_shape"] is None
    code, data = answer_json(capsys, "memory-choice", "1")
    assert code == 1 and data["verdict"] == "wrong_value"
    code, data = answer_json(capsys, "memory-choice", "7")
    assert code == 2 and data["verdict"] == "invalid"


def test_shape_on_a_choice_question_is_a_usage_error(capsys) -> None:
    code, _, err = run(capsys, "answer", "--questions", VALID, "memory-choice", "2", "--shape")
    assert code == 2
    assert err.strip()
    assert "Traceback" not in err


@pytest.mark.parametrize("answer", ["-2*x", "-x", "-2 * x", "-(2*x)"])
def test_an_answer_starting_with_a_minus_is_an_answer_not_an_option(capsys, answer: str) -> None:
    """`trainer answer xtx -2*x`: negative gradients are common answers (e.g. -y / p)."""
    code, data = answer_json(capsys, "xtx", answer)
    assert code == 1, "a usage error instead of a verdict"
    assert data["verdict"] == "wrong_value"
    assert data["answer"] == answer


def test_questions_option_before_the_subcommand(capsys) -> None:
    code, out, _ = run(capsys, "--questions", VALID, "answer", "xtx", "2*x")
    assert code == 0
    assert out.startswith("correct")


def test_answer_text_output(capsys) -> None:
    code, out, _ = run(capsys, "answer", "--questions", VALID, "lin-dw", "x")
    assert code == 1
    assert out.startswith("wrong_shape: That is one row.")


def test_answer_seed_is_deterministic(capsys) -> None:
    first = answer_json(capsys, "lin-dw-bare", "W", "--seed", "3")[1]["message"]
    again = answer_json(capsys, "lin-dw-bare", "W", "--seed", "3")[1]["message"]
    other = answer_json(capsys, "lin-dw-bare", "W", "--seed", "4")[1]["message"]
    assert first == again
    assert first != other


@pytest.mark.parametrize(
    "hostile",
    ["__import__('os').system('echo hi')", "x ** 99999999", "ones(100000, 100000)", "x" * 1000,
     "(" * 200, "x + " * 25_000 + "x"],
    ids=["import", "exponent", "ones", "long-name", "parentheses", "100kb"],
)  # fmt: skip
def test_hostile_answers_exit_2_without_a_traceback(capsys, hostile: str) -> None:
    code, data = answer_json(capsys, "lin-dw", hostile)
    assert code == 2
    assert data["verdict"] == "invalid"


def test_answer_to_a_question_that_cannot_run_is_a_usage_error(capsys) -> None:
    """check would report it; answer says so on stderr instead of a traceback."""
    broken = str(FIXTURES / "broken" / "of-not-scalar.yaml")
    code, _, err = run(capsys, "answer", "--questions", broken, "bad-of-not-scalar", "x")
    assert code == 2
    assert "of-not-scalar.yaml" in err
    assert "Traceback" not in err


# --- python -m trainer, in a real process -------------------------------------------------------


def _python(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1"}
    return subprocess.run(
        [sys.executable, "-m", "trainer", *args],
        input=stdin,
        capture_output=True,
        text=True,
        timeout=120,
        env=env,
        check=False,
    )


def test_python_m_trainer_list() -> None:
    result = _python("list", "--questions", VALID, "--json")
    assert result.returncode == 0, result.stderr
    assert len(json.loads(result.stdout)) == 18 + 12


def test_python_m_trainer_answer_and_check() -> None:
    result = _python("answer", "--questions", VALID, "xtx", "2*x", "--json")
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["verdict"] == "correct"
    result = _python("check", str(FIXTURES / "broken"))
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert result.stdout.strip().splitlines()[-1].endswith("problem(s).")


def test_python_m_trainer_schema() -> None:
    result = _python("schema")
    assert result.returncode == 0
    assert json.loads(result.stdout)["$schema"].startswith("https://json-schema.org/")


def test_an_unknown_command_is_named(capsys) -> None:
    assert main(["steps-of", "lin-dw"]) == 2
    err = capsys.readouterr().err
    assert "unknown command 'steps-of'" in err and "steps" in err


def test_terminal_codes_in_files_are_printed_escaped(capsys, tmp_path) -> None:
    path = tmp_path / "codes.yaml"
    path.write_text(
        'deck: codes\ntitle: t\nquestions:\n  - id: q\n    title: "\\e]0;owned\\a\\e[2J"\n'
        "    prompt: p\n    given: {x: [3]}\n    forward: [loss = sum(x)]\n    wrt: x\n"
        '    answer: ones(3)\n    "\\e[31mbad": 1\n',
        encoding="utf-8",
    )
    main(["list", "--questions", str(tmp_path)])
    main(["check", str(tmp_path)])
    out = capsys.readouterr().out
    assert "\x1b" not in out and "\x07" not in out
    assert "\\x1b[31mbad" in out


def test_the_practice_app_stopping_on_an_error_exits_1_with_the_reason(capsys, monkeypatch) -> None:
    class Crashed:
        return_code = 1
        _exception = RuntimeError("the screen broke")
        progress = SimpleNamespace(close=lambda: None)
        bank_loaded = False  # it broke before the bank was read

        def run(self) -> None:
            pass

    monkeypatch.setattr("trainer.app.factory.make_app", lambda config: Crashed())
    monkeypatch.setattr("trainer.plain.terminal.plain_wanted", lambda *args: False)
    assert main([]) == 1
    err = capsys.readouterr().err
    assert err.strip() == "trainer: the practice app stopped after RuntimeError: the screen broke"


@pytest.mark.parametrize(
    "argv",
    [
        ["--lang", "zh", "--deck", "vectors", "--seed", "3"],
        ["practice", "--lang", "zh", "--deck", "vectors", "--seed", "3"],
        ["--lang=zh", "--deck=vectors", "--seed=3"],
    ],
)
def test_a_bare_trainer_takes_the_practice_options(monkeypatch, argv: list[str]) -> None:
    """`trainer --lang zh` is `trainer practice --lang zh`: the value is no command name."""
    import gc

    seen = []

    class Quit:
        return_code = 0
        progress = SimpleNamespace(close=lambda: None)
        bank_loaded = False  # quit on the home screen, before the bank was read

        def run(self) -> None:
            pass

    def make_app(config):
        seen.append(config)
        return Quit()

    monkeypatch.setattr("trainer.app.factory.make_app", make_app)
    monkeypatch.setattr("trainer.plain.terminal.plain_wanted", lambda *args: False)
    assert main(argv) == 0
    (config,) = seen
    assert (config.lang, config.decks, config.seed) == ("zh", ["vectors"], 3)
    assert gc.isenabled()  # the start-up pause ends even when no frame was drawn
