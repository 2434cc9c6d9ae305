"""`trainer grade`: JSON lines of answers in, one verdict object per line out, in input order."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from trainer.cli import main
from trainer.json_lines import judge_line
from trainer.oracle import Judge
from trainer.oracle import oracle as oracle_module

VALID = str(Path(__file__).resolve().parent.parent / "fixtures" / "valid")
KEYS = {
    "id", "kind", "answer", "verdict", "correct", "message", "expected_shape", "answer_shape",
    "diagnosis", "listed",
}  # fmt: skip

LINES = [
    {"id": "lin-dw", "answer": "outer(ones(m), x)"},
    {"id": "lin-dw", "answer": "outer(x, ones(m))"},
    {"id": "lin-dw", "answer": "(m, n)", "shape": True},
    {"id": "xtx", "answer": "x", "seed": 3},
    {"id": "memory-choice", "answer": "2"},
    {"id": "memory-choice", "answer": 1},
    {"id": "lin-dw", "answer": "W @ W"},
]
EXPECTED = ["correct", "wrong_shape", "correct", "wrong_value", "correct", "wrong_value", "invalid"]


def stdin(text: str | bytes) -> io.TextIOWrapper:
    """Standard input as the process has it: text over a byte buffer."""
    data = text.encode("utf-8", "surrogatepass") if isinstance(text, str) else text
    return io.TextIOWrapper(io.BytesIO(data), encoding="utf-8")


def grade(capsys, monkeypatch, text: str | bytes, *argv: str) -> tuple[int, list[dict], str]:
    monkeypatch.setattr("sys.stdin", stdin(text))
    code = main(["grade", "--questions", VALID, *argv])
    captured = capsys.readouterr()
    out = [json.loads(line) for line in captured.out.splitlines()]
    return code, out, captured.err


def test_verdicts_in_input_order(capsys, monkeypatch) -> None:
    text = "".join(json.dumps(item) + "\n" for item in LINES)
    code, out, _ = grade(capsys, monkeypatch, text)
    assert code == 0
    assert [o["verdict"] for o in out] == EXPECTED
    assert [o["id"] for o in out] == [item["id"] for item in LINES]
    for o in out:
        assert set(o) == KEYS
    assert out[1]["message"].startswith("Transposed.")
    assert out[2]["kind"] == "shape"
    assert out[4]["kind"] == "choice"
    assert out[5]["answer"] == "1"


def test_each_verdict_is_what_answer_json_prints(capsys, monkeypatch) -> None:
    item = LINES[1]
    _, (graded,), _ = grade(capsys, monkeypatch, json.dumps(item) + "\n")
    main(["answer", "--questions", VALID, item["id"], item["answer"], "--json"])
    assert json.loads(capsys.readouterr().out) == graded


MALFORMED = [
    "not json",
    "[1, 2]",
    '"a string"',
    "42",
    "null",
    '{"answer": "x"}',
    '{"id": "nope", "answer": "x"}',
    '{"id": "lin-dw"}',
    '{"id": "lin-dw", "answer": null}',
    '{"id": "lin-dw", "answer": ["x"]}',
    '{"id": "lin-dw", "answer": "x", "shape": "yes"}',
    '{"id": "lin-dw", "answer": "x", "seed": "one"}',
    '{"id": "lin-dw", "answer": "x", "seed": 1.5}',
    '{"id": "memory-choice", "answer": "2", "shape": true}',
    '{"id": ["lin-dw"], "answer": "x"}',
    '{"id": "lin-dw", "answer": "__import__(\'os\')"}',
    '{"id": "lin-dw", "answer": "' + "x" * 1000 + '"}',
    "[" * 100_000,
    "{" * 5000,
]


@pytest.mark.parametrize("bad", MALFORMED, ids=range(len(MALFORMED)))
def test_a_malformed_line_gets_an_invalid_verdict_and_the_batch_continues(
    capsys, monkeypatch, bad: str
) -> None:
    good = json.dumps({"id": "xtx", "answer": "2 * x"})
    code, out, err = grade(capsys, monkeypatch, f"{good}\n{bad}\n{good}\n")
    assert code == 0
    assert "Traceback" not in err
    assert [o["verdict"] for o in out] == ["correct", "invalid", "correct"]
    assert set(out[1]) == KEYS
    assert out[1]["message"]
    assert out[1]["correct"] is False


def test_input_from_a_file_and_output_to_a_file(capsys, tmp_path: Path) -> None:
    answers = tmp_path / "answers.jsonl"
    answers.write_text("".join(json.dumps(item) + "\n" for item in LINES), encoding="utf-8")
    out = tmp_path / "verdicts.jsonl"
    code = main(["grade", str(answers), "--out", str(out), "--questions", VALID])
    assert code == 0
    assert capsys.readouterr().out == ""
    verdicts = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [v["verdict"] for v in verdicts] == EXPECTED


@pytest.mark.parametrize("kind", ["missing", "folder"])
def test_unreadable_input_exits_2(capsys, tmp_path: Path, kind: str) -> None:
    path = tmp_path / "answers.jsonl"
    if kind == "folder":
        path.mkdir()
    code = main(["grade", str(path), "--questions", VALID])
    captured = capsys.readouterr()
    assert code == 2
    assert captured.err.strip()
    assert "Traceback" not in captured.err


def test_an_unwritable_out_file_exits_2(capsys, tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr("sys.stdin", stdin(json.dumps(LINES[0]) + "\n"))
    code = main(
        ["grade", "--out", str(tmp_path / "no" / "such" / "dir.jsonl"), "--questions", VALID]
    )
    assert code == 2
    assert capsys.readouterr().err.strip()


def test_empty_input_gives_no_output(capsys, monkeypatch) -> None:
    code, out, _ = grade(capsys, monkeypatch, "")
    assert (code, out) == (0, [])


def test_blank_lines_are_skipped(capsys, monkeypatch) -> None:
    """Spec ambiguity resolved: JSON Lines readers skip blank lines (a trailing newline, a
    separating empty line); every non-blank line gets exactly one verdict, in order."""
    good = json.dumps({"id": "xtx", "answer": "2 * x"})
    code, out, _ = grade(capsys, monkeypatch, f"\n{good}\n\n   \n{good}\n\n")
    assert code == 0
    assert [o["verdict"] for o in out] == ["correct", "correct"]


def test_crlf_input(capsys, monkeypatch) -> None:
    good = json.dumps({"id": "xtx", "answer": "2 * x"})
    code, out, _ = grade(capsys, monkeypatch, f"{good}\r\n{good}\r\n")
    assert code == 0
    assert [o["verdict"] for o in out] == ["correct", "correct"]


def test_trials_are_built_once_per_question_and_seed(valid_bank, monkeypatch) -> None:
    calls: list[str] = []
    original = oracle_module.build_trials

    def counting(question, *args, **kwargs):
        calls.append(question.id)
        return original(question, *args, **kwargs)

    monkeypatch.setattr(oracle_module, "build_trials", counting)
    judge = Judge(valid_bank.questions)
    answers = ["2 * x", "x", "3 * x", "(n,)", "2*x", "x + x"] * 5
    for answer in answers:
        judge_line(judge, json.dumps({"id": "xtx", "answer": answer}))
    judge_line(judge, json.dumps({"id": "xtx", "answer": "x", "seed": 1}))
    assert calls == ["xtx", "xtx"]  # seed 0 once, seed 1 once


def test_a_batch_is_deterministic(capsys, monkeypatch) -> None:
    text = "".join(
        json.dumps({"id": "lin-dw-bare", "answer": "W", "seed": s}) + "\n" for s in (0, 1, 0)
    )
    _, out, _ = grade(capsys, monkeypatch, text)
    assert out[0] == out[2]
    assert out[0]["message"] != out[1]["message"]


def test_grade_with_a_missing_questions_folder_exits_2(capsys, tmp_path: Path) -> None:
    code = main(["grade", "--questions", str(tmp_path / "nope")])
    assert code == 2


# --- every non-blank line gets exactly one verdict --------------------------------------------

GOOD = json.dumps({"id": "xtx", "answer": "2 * x"})


@pytest.mark.parametrize(
    ("bad", "key"),
    [
        ('{"id": "xtx", "answer": "x", "seed": ' + "9" * 5000 + "}", "seed_not_int"),
        ('{"id": "xtx", "answer": "x", "seed": ' + "9" * 21 + "}", "seed_not_int"),
        ('{"id": "xtx", "answer": "x", "seed": ' + str(2**63) + "}", "seed_not_int"),
        ('{"id": "xtx", "answer": "x", "seed": ' + str(-(2**63) - 1) + "}", "seed_not_int"),
        ('{"id": "xtx", "answer": "x", "step": 3}', "step_flag"),
        ('{"id": "xtx", "answer": "x", "step": "nope"}', "not_a_step"),
        ('{"id": "memory-choice", "answer": "1", "step": "x"}', "no_walkthrough_choice"),
    ],
    ids=[
        "5000-digit-seed",
        "21-digit-seed",
        "seed-2**63",
        "seed-below",
        "step-number",
        "step-unknown",
        "step-choice",
    ],
)
def test_an_odd_line_gets_its_own_invalid_verdict(capsys, monkeypatch, bad: str, key: str) -> None:
    from trainer.messages import TEMPLATES

    code, out, err = grade(capsys, monkeypatch, f"{GOOD}\n{bad}\n{GOOD}\n")
    assert code == 0 and "Traceback" not in err
    assert [o["verdict"] for o in out] == ["correct", "invalid", "correct"]
    assert out[1]["message"].startswith(TEMPLATES[key].split("{")[0])


def test_a_lone_surrogate_is_echoed_as_json_not_a_crash(capsys, monkeypatch) -> None:
    lines = '{"id": "\\ud800", "answer": "x"}\n{"id": "xtx", "answer": "\\udc80x"}\n' + GOOD
    code, out, err = grade(capsys, monkeypatch, lines)
    assert code == 0 and "Traceback" not in err
    assert [o["verdict"] for o in out] == ["invalid", "invalid", "correct"]
    assert out[1]["answer"] == "\udc80x"


def test_a_raw_line_separator_inside_a_string_stays_in_its_line(capsys, monkeypatch) -> None:
    line = '{"id": "xtx", "answer": "2 *\u2028x"}'
    code, out, _ = grade(capsys, monkeypatch, line + "\n" + GOOD + "\n")
    assert code == 0
    assert len(out) == 2
    assert out[1]["verdict"] == "correct"


def test_invalid_utf8_gets_a_verdict_from_a_file_and_from_stdin_alike(
    capsys, monkeypatch, tmp_path: Path
) -> None:
    data = GOOD.encode() + b'\n{"id": "xtx", "answer": "\xff"}\n' + GOOD.encode() + b"\n"
    _, from_stdin, _ = grade(capsys, monkeypatch, data)
    path = tmp_path / "answers.jsonl"
    path.write_bytes(data)
    code = main(["grade", str(path), "--questions", VALID])
    from_file = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert code == 0
    assert from_file == from_stdin
    assert [o["verdict"] for o in from_file] == ["correct", "invalid", "correct"]
    assert "UTF-8" in from_file[1]["message"]


def test_grading_many_seeds_keeps_a_bounded_number_of_oracles(valid_bank) -> None:
    from trainer.oracle.judge import MAX_ORACLES

    judge = Judge(valid_bank.questions)
    for seed in range(40):
        judge_line(judge, json.dumps({"id": "lin-dw", "answer": "x", "seed": seed}))
    assert len(judge._pool) <= MAX_ORACLES


def test_step_lines_are_judged_like_trainer_answer_step(capsys, monkeypatch) -> None:
    line = {"id": "relu-dw", "answer": "dh * step(z)", "step": "z"}
    _, (graded,), _ = grade(capsys, monkeypatch, json.dumps(line) + "\n")
    assert graded["kind"] == "step" and graded["step"] == "z"
    main(["answer", "--questions", VALID, "relu-dw", "dh * step(z)", "--step", "z", "--json"])
    assert json.loads(capsys.readouterr().out) == graded


def test_large_trials_are_forgotten_before_memory_runs_out(tmp_path: Path, monkeypatch) -> None:
    import trainer.oracle.judge as judging
    from trainer.questions import load_bank

    monkeypatch.setattr(judging, "MAX_KEPT_ELEMENTS", 1_000)  # about four of these oracles
    bank = load_bank([VALID])
    judge = Judge(bank.questions)
    for seed in range(10):
        judge_line(judge, json.dumps({"id": "lin-dw", "answer": "x", "seed": seed}))
    kept = [oracle.size for oracle, _ in judge._pool.values()]
    assert 1 <= len(kept) < 10
    assert sum(kept) <= 1_000
