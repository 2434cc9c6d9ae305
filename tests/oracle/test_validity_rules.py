"""Validity rules: one broken file per rule, each reported as FILE:LINE: ID: message at the
right line, while the valid question beside it still loads.

Each file of tests/fixtures/broken says what it expects in its header (`# expect:` a part of the
message, `# id:` the id reported) and marks the line the problem belongs to with `# <-`.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from trainer.cli import main
from trainer.oracle import validate_bank
from trainer.questions import load_bank

BROKEN = Path(__file__).resolve().parent.parent / "fixtures" / "broken"
BROKEN_FILES = sorted(BROKEN.glob("*.yaml"))
PROBLEM_LINE = re.compile(r"^(?P<file>.+?):(?P<line>\d+): (?P<id>\S+): (?P<message>.+)$")
SUMMARY = re.compile(r"^\d+ valid question\(s\) in \d+ file\(s\); \d+ problem\(s\)\.$")

# Files that cannot carry a header.
SPECIAL = {"empty.yaml": ("The file is empty.", "-", 1)}


def expectation(path: Path) -> tuple[str, str, int]:
    if path.name in SPECIAL:
        return SPECIAL[path.name]
    text = path.read_text(encoding="utf-8")
    header = dict(re.findall(r"^# (expect|id): (.*)$", text, re.MULTILINE))
    marked = [i for i, line in enumerate(text.splitlines(), 1) if line.rstrip().endswith("# <-")]
    assert len(marked) == 1, f"{path.name} marks {len(marked)} lines"
    return header["expect"], header["id"], marked[0]


def run_check(capsys, *args: str) -> tuple[int, list[re.Match], list[str]]:
    code = main(["check", *args])
    out = capsys.readouterr().out.splitlines()
    problems = [m for m in map(PROBLEM_LINE.match, out) if m and not SUMMARY.match(m.string)]
    return code, problems, out


def test_there_is_a_broken_file_for_every_rule() -> None:
    assert len(BROKEN_FILES) >= 40


@pytest.mark.parametrize("path", BROKEN_FILES, ids=[p.stem for p in BROKEN_FILES])
def test_each_broken_file_is_reported_at_the_right_line(capsys, path: Path) -> None:
    message, qid, line = expectation(path)
    code, problems, out = run_check(capsys, str(path))
    assert code == 1
    assert SUMMARY.match(out[-1]), out[-1]
    assert len(problems) == 1, out
    (problem,) = problems
    assert problem["file"] == str(path)
    assert problem["id"] == qid
    assert message in problem["message"]
    assert int(problem["line"]) == line, f"{problem.string}\nexpected line {line}"


BESIDE_A_VALID_ONE = [p for p in BROKEN_FILES if f"ok-{p.stem}" in p.read_text(encoding="utf-8")]


@pytest.mark.parametrize("path", BESIDE_A_VALID_ONE, ids=[p.stem for p in BESIDE_A_VALID_ONE])
def test_the_valid_question_beside_a_broken_one_still_loads(path: Path) -> None:
    ok_id = f"ok-{path.stem}"
    bank = load_bank([path])
    validate_bank(bank)
    assert ok_id in bank.questions
    assert [p for p in bank.problems if p.id == ok_id] == []


def test_all_broken_files_together() -> None:
    """A bad file never stops the others: every problem is reported, every valid question loads."""
    bank = load_bank([BROKEN])
    validate_bank(bank)
    reported = {p.path.name for p in bank.problems}
    assert reported == {p.name for p in BROKEN_FILES}
    oks = {f"ok-{p.stem}" for p in BROKEN_FILES if f"ok-{p.stem}" in p.read_text("utf-8")}
    assert oks <= set(bank.questions)
    assert not any(qid.startswith("bad-") for qid in bank.questions)


def test_check_json_lists_file_line_id_message(capsys) -> None:
    path = BROKEN / "answer-wrong.yaml"
    code = main(["check", str(path), "--json"])
    data = json.loads(capsys.readouterr().out)
    assert code == 1
    assert isinstance(data, list) and len(data) == 1
    assert set(data[0]) == {"file", "line", "id", "message"}
    assert data[0]["file"] == str(path)
    assert data[0]["line"] == expectation(path)[2]
    assert data[0]["id"] == "bad-answer-wrong"
    assert isinstance(data[0]["line"], int)


# --- whole files: binary, NUL, non-UTF-8 --------------------------------------------------------


@pytest.mark.parametrize(
    "content",
    [
        bytes(range(256)),
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR",
        b"deck: a\x00\ntitle: t\nquestions: []\n",
        "deck: caf\u00e9\n".encode("latin-1"),
    ],
    ids=["all-bytes", "png", "nul", "latin-1"],
)
def test_binary_files_are_reported_not_fatal(tmp_path: Path, capsys, content: bytes) -> None:
    (tmp_path / "binary.yaml").write_bytes(content)
    (tmp_path / "good.yaml").write_text(
        "deck: good\ntitle: t\nquestions:\n"
        "  - {id: good-q, title: t, prompt: p, dims: {n: 2..4}, given: {x: [n]},"
        " forward: [y = sum(x)], wrt: x, answer: ones(n)}\n",
        encoding="utf-8",
    )
    code, problems, _ = run_check(capsys, str(tmp_path))
    assert code == 1
    assert [(p["file"], p["line"], p["id"]) for p in problems] == [
        (str(tmp_path / "binary.yaml"), "1", "-")
    ]
    assert "good-q" in load_bank([tmp_path]).questions


def test_a_file_that_is_only_comments_is_empty(tmp_path: Path) -> None:
    (tmp_path / "comments.yaml").write_text("# nothing here\n\n# at all\n", encoding="utf-8")
    bank = load_bank([tmp_path])
    assert [(p.line, p.id, p.msg.key) for p in bank.problems] == [(1, "-", "empty_file")]


@pytest.mark.parametrize(
    "text",
    ["just a string\n", "42\n", "- id: q\n  title: t\n", "null\n", "[]\n"],
    ids=["string", "number", "bare-list-of-questions", "null", "empty-list"],
)
def test_a_file_that_is_not_a_mapping(tmp_path: Path, text: str) -> None:
    (tmp_path / "odd.yaml").write_text(text, encoding="utf-8")
    bank = load_bank([tmp_path])
    assert len(bank.problems) == 1
    assert bank.problems[0].line == 1
    assert bank.problems[0].id == "-"


# --- rule 2: ids unique across everything loaded together ------------------------------------

QUESTION = """\
  - id: {qid}
    title: {title}
    prompt: p
    dims: {{n: 2..4}}
    given: {{x: [n]}}
    forward: [y = sum(x)]
    wrt: x
    answer: ones(n)
"""


def _deck(deck: str, *questions: tuple[str, str], header: str = "") -> str:
    body = "".join(QUESTION.format(qid=q, title=t) for q, t in questions)
    return f"{header}deck: {deck}\ntitle: t\nquestions:\n{body}"


def test_duplicate_ids_across_files_first_in_sorted_path_order_wins(tmp_path: Path, capsys) -> None:
    later = tmp_path / "b.yaml"
    first = tmp_path / "a" / "z.yaml"  # "a/z.yaml" sorts before "b.yaml"
    first.parent.mkdir()
    later.write_text(_deck("deck-b", ("only-b", "b"), ("shared", "from b")), encoding="utf-8")
    first.write_text(_deck("deck-a", ("shared", "from a"), ("only-a", "a")), encoding="utf-8")

    bank = load_bank([tmp_path])
    assert bank.questions["shared"].text("title") == "from a"
    assert {"only-a", "only-b", "shared"} == set(bank.questions)

    code, problems, _ = run_check(capsys, str(tmp_path))
    assert code == 1
    assert len(problems) == 1
    (problem,) = problems
    assert problem["file"] == str(later)
    assert problem["id"] == "shared"
    assert int(problem["line"]) == 12  # the later question's `- id:` line
    assert str(first) in problem["message"]


def test_duplicate_ids_in_one_file(tmp_path: Path) -> None:
    (tmp_path / "a.yaml").write_text(_deck("deck-a", ("q", "one"), ("q", "two")), "utf-8")
    bank = load_bank([tmp_path])
    assert bank.questions["q"].text("title") == "one"
    assert [(p.id, p.line) for p in bank.problems] == [("q", 12)]


def test_duplicate_deck_ids_are_reported_at_the_deck_key(tmp_path: Path) -> None:
    (tmp_path / "a.yaml").write_text(_deck("same", ("qa", "a")), "utf-8")
    (tmp_path / "b.yaml").write_text(_deck("same", ("qb", "b"), header="# a comment\n\n"), "utf-8")
    bank = load_bank([tmp_path])
    assert "qa" in bank.questions
    (problem,) = bank.problems
    assert problem.path.name == "b.yaml"
    assert problem.line == 3  # the `deck:` line, after two lines of comments


def test_problems_of_one_question_do_not_hide_those_of_another(tmp_path: Path, capsys) -> None:
    """Collect every problem (harlequin's Problems), never stop at the first."""
    text = _deck("deck-a", ("q1", "t"), ("q2", "t"), ("q3", "t"))
    text = text.replace("answer: ones(n)", "answer: 3 * ones(n)", 1)  # q1 wrong
    text = text.replace("wrt: x\n    answer: ones(n)", "wrt: z\n    answer: ones(n)", 1)  # q2
    (tmp_path / "a.yaml").write_text(text, "utf-8")
    code, problems, _ = run_check(capsys, str(tmp_path))
    assert code == 1
    assert [p["id"] for p in problems] == ["q1", "q2"]


def test_several_problems_in_one_question_are_all_reported(tmp_path: Path) -> None:
    (tmp_path / "a.yaml").write_text(
        "deck: a\ntitle: t\nquestions:\n"
        "  - id: q\n"
        "    title: {zh: 标题}\n"
        "    prompt: p\n"
        "    levle: 2\n"
        "    dims: {n: 2..4}\n"
        "    given: {x: [n]}\n"
        "    forward: [y = sum(x)]\n"
        "    wrt: x\n"
        "    answer: ones(n)\n",
        "utf-8",
    )
    bank = load_bank([tmp_path])
    assert sorted((p.line, p.msg.key) for p in bank.problems) == [
        (5, "text_needs_en"),
        (7, "unknown_key"),
    ]
    assert "Did you mean level?" in bank.problems[-1].format() or any(
        "Did you mean level?" in p.format() for p in bank.problems
    )


def test_a_forward_block_string_reports_its_own_line(tmp_path: Path) -> None:
    (tmp_path / "a.yaml").write_text(
        "deck: a\ntitle: t\nquestions:\n"
        "  - id: q\n"
        "    title: t\n"
        "    prompt: p\n"
        "    dims: {n: 2..4}\n"
        "    given: {x: [n]}\n"
        "    forward: |\n"
        "      h = 2 * x\n"
        "      y = sum(h +)\n"
        "    wrt: x\n"
        "    answer: 2 * ones(n)\n",
        "utf-8",
    )
    bank = load_bank([tmp_path])
    assert [(p.id, p.line) for p in bank.problems] == [("q", 11)]


def test_check_with_a_missing_path_is_a_usage_error(tmp_path: Path, capsys) -> None:
    assert main(["check", str(tmp_path / "nope")]) == 2
    assert "nope" in capsys.readouterr().err


def test_check_of_a_valid_folder_exits_0(capsys) -> None:
    valid = BROKEN.parent / "valid"
    assert main(["check", str(valid)]) == 0
    out = capsys.readouterr().out.splitlines()
    assert len(out) == 1 and SUMMARY.match(out[0])
    assert out[0].endswith("; 0 problem(s).")
