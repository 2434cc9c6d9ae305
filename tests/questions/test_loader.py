"""Loading question files into the model: fields, defaults, text fields, file discovery."""

from __future__ import annotations

from pathlib import Path

import pytest

from trainer.questions import Problem, bundled_bank_path, load_bank, load_file, question_files
from trainer.questions.kinds import FieldError, parse_slug

VALID = Path(__file__).resolve().parent.parent / "fixtures" / "valid"


def test_the_valid_fixture_loads_every_question(valid_bank) -> None:
    assert len(valid_bank.questions) == 18 + 12  # core.yaml, v12.yaml
    deck, v12 = valid_bank.decks
    assert v12.id == "test-v12"
    assert deck.id == "test-core"
    assert deck.title == {"en": "Test deck", "zh": "测试题组"}
    assert deck.description == {"en": "Questions the unit tests judge answers against."}
    assert [q.id for q in deck.questions][:3] == ["lin-dw", "lin-db", "lin-dw-bare"]


def test_fields_of_a_question(valid_bank) -> None:
    q = valid_bank.questions["lin-dw"]
    assert q.deck == "test-core"
    assert q.level == 1
    assert q.tags == ("linear", "chain-rule")
    assert q.ask == ("shape", "value")
    assert (q.dims["m"].low, q.dims["m"].high) == (2, 6)
    assert q.given["W"].shape == ("m", "n")
    assert q.given["W"].init == "normal"
    assert [(a.name, a.expression) for a in q.forward] == [("y", "W @ x + b"), ("loss", "sum(y)")]
    assert q.wrt == "W"
    assert q.of == ("loss",)  # default: the last name assigned
    assert q.upstream is None
    assert q.backward == 1
    assert q.answer == "outer(ones(m), x)"
    assert [m.answer for m in q.mistakes] == ["x", "outer(x, ones(m))"]
    assert q.title == {"en": "∂loss/∂W for y = Wx + b"}
    assert q.path == VALID / "core.yaml"


def test_lines_of_a_question_and_its_keys(valid_bank) -> None:
    text = (VALID / "core.yaml").read_text(encoding="utf-8").splitlines()
    q = valid_bank.questions["lin-dw"]
    assert text[q.line - 1].strip() == "- id: lin-dw"
    assert text[q.line_of("answer") - 1].strip().startswith("answer:")
    assert text[q.forward[1].line - 1].strip() == "- loss = sum(y)"
    assert text[q.mistakes[1].line - 1].strip() == "- answer: outer(x, ones(m))"
    assert text[q.given["b"].line - 1].strip() == "b: [m]"


def test_a_forward_block_string_is_one_assignment_a_line(valid_bank) -> None:
    a, b = valid_bank.questions["lin-dw-bare"], valid_bank.questions["lin-dw"]
    assert [(x.name, x.expression) for x in a.forward] == [
        (x.name, x.expression) for x in b.forward
    ]


def test_optional_fields(valid_bank) -> None:
    assert valid_bank.questions["lin-db"].level == 2
    assert valid_bank.questions["vjp-dx"].upstream == "g"
    assert valid_bank.questions["vjp-dx"].of == ("y",)
    assert valid_bank.questions["accumulate"].backward == 2
    assert valid_bank.questions["of-list"].of == ("a", "c")
    assert valid_bank.questions["shape-only"].ask == ("shape",)
    assert valid_bank.questions["shape-only"].answer is None


def test_tensor_specs(valid_bank) -> None:
    given = valid_bank.questions["inits"].given
    assert {name: spec.init for name, spec in given.items()} == {
        "P": "positive",
        "U": "unit",
        "S": "spd",
        "O": "onehot",
        "G": "sign",
        "N": "normal",
    }
    literal = valid_bank.questions["vjp-literal"].given["v"]
    assert literal.value == [1.0, 0.0, 0.0]
    assert literal.shape == ("3",)
    assert valid_bank.questions["vjp-literal"].given["x"].shape == ("3",)
    assert valid_bank.questions["scalar-s"].given["s"].shape == ()


def test_choice_questions(valid_bank) -> None:
    q = valid_bank.questions["memory-choice"]
    assert q.is_choice
    assert q.choices == (
        {"en": "Forward accumulation"},
        {"en": "Reverse accumulation"},
        {"en": "Neither", "zh": "都不是"},
    )
    assert q.answer == "2"
    assert q.mistakes[0].answer == "1"
    assert q.given == {} and q.forward == () and q.wrt is None


def test_text_fields_fall_back_to_english(valid_bank) -> None:
    q = valid_bank.questions["xtx"]
    assert q.mistakes[0].says == {"en": "Missing the factor 2.", "zh": "漏了因数 2。"}
    assert q.text("title", "zh") == "y = xᵀx"  # no zh: English
    assert q.text("title", "en") == "y = xᵀx"


@pytest.mark.parametrize(
    ("yaml_answer", "stored"),
    [
        ("3", "3"),
        ("-1.5", "-1.5"),
        ("[2, 0, 0]", "[2, 0, 0]"),
        ("[[1, 2], [3, 4]]", "[[1, 2], [3, 4]]"),
    ],
)
def test_numeric_answers_are_literals(make_question, yaml_answer: str, stored: str) -> None:
    q = make_question(
        f"""\
        - id: numeric
          title: t
          prompt: p
          given: {{x: [3]}}
          forward: [y = sum(x)]
          wrt: x
          answer: {yaml_answer}
        """
    )
    assert q.answer.replace(".0", "") == stored.replace(".0", "")


@pytest.mark.parametrize("yaml_answer", ["true", "null", "{a: 1}", "[1, [2]]", "[a, b]", "[]"])
def test_other_non_string_answers_are_errors(write_deck, yaml_answer: str) -> None:
    path = write_deck(
        f"""\
        - id: odd-answer
          title: t
          prompt: p
          given: {{x: [3]}}
          forward: [y = sum(x)]
          wrt: x
          answer: {yaml_answer}
        """
    )
    bank = load_bank([path])
    assert "odd-answer" not in bank.questions
    (problem,) = bank.problems
    assert problem.line == 10  # the answer: line


def test_an_id_with_capitals_is_refused_at_its_line(write_deck) -> None:
    """Ids are lowercase, as the schema and the message say: wx-plus-b-dW does not load."""
    path = write_deck(
        """\
        - id: wx-plus-b-dW
          title: t
          prompt: p
          given: {x: [3]}
          forward: [y = sum(x)]
          wrt: x
          answer: ones(3)
        """
    )
    bank = load_bank([path])
    assert "wx-plus-b-dW" not in bank.questions
    (problem,) = bank.problems
    assert (problem.id, problem.msg.key) == ("wx-plus-b-dW", "bad_slug")
    assert problem.line == 4  # the `- id:` line
    assert "lowercase slug" in problem.format()


@pytest.mark.parametrize("slug", ["a", "0", "lin-wx-b-dw", "2x-1", "a--b"])
def test_lowercase_letters_digits_and_dashes_are_a_slug(slug: str) -> None:
    assert parse_slug(slug, 1, "id") == slug


@pytest.mark.parametrize("slug", ["A", "Lin-DW", "-a", "a_b", "a b", "é", "", 3, None])
def test_anything_else_is_not_a_slug(slug: object) -> None:
    with pytest.raises(FieldError):
        parse_slug(slug, 1, "id")


def test_tags_and_level_defaults(make_question) -> None:
    q = make_question(
        """\
        - id: defaults
          title: t
          prompt: p
          given: {x: [3]}
          forward: [y = sum(x)]
          wrt: x
          answer: ones(3)
        """
    )
    assert (q.level, q.tags, q.ask, q.backward, q.mistakes, q.hint) == (
        1,
        (),
        ("shape", "value"),
        1,
        (),
        None,
    )


def test_question_files_are_found_recursively_in_sorted_order(tmp_path: Path) -> None:
    for name in ["b.yaml", "a/c.yml", "a/b/z.yaml", "notes.txt", "a/readme.md", "c.YAML.bak"]:
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("x", encoding="utf-8")
    found = question_files([tmp_path])
    assert [p.relative_to(tmp_path).as_posix() for p in found] == [
        "a/b/z.yaml",
        "a/c.yml",
        "b.yaml",
    ]
    assert question_files([tmp_path / "b.yaml", tmp_path]) == found  # no file twice


def test_load_file_returns_the_deck_and_its_problems(tmp_path: Path) -> None:
    path = tmp_path / "a.yaml"
    path.write_text("deck: a\ntitle: t\nquestions:\n  - id: q\n    title: t\n", encoding="utf-8")
    deck, problems = load_file(path)
    assert deck is not None and deck.questions == []
    assert problems and all(isinstance(p, Problem) for p in problems)
    assert problems[0].format().startswith(f"{path}:4: q: ")


def test_problem_format_and_json() -> None:
    from trainer.messages import msg

    problem = Problem(Path("q/a.yaml"), 7, "qid", msg("missing_key", key="prompt"))
    assert problem.format() == "q/a.yaml:7: qid: Missing required key prompt."
    assert problem.as_json() == {
        "file": "q/a.yaml",
        "line": 7,
        "id": "qid",
        "message": "Missing required key prompt.",
    }


def test_the_bundled_bank_loads_without_problems() -> None:
    bank = load_bank()
    assert bank.problems == []
    assert len(bank.questions) >= 8
    assert bundled_bank_path().is_dir()
