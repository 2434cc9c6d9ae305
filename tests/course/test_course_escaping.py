"""Student and author text in every grading output stays text: no terminal control sequence,
no Markdown or HTML from a key, tag, answer, file name or title, valid JSON and CSV throughout.
"""

from __future__ import annotations

import csv
import io
import json
import unicodedata
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest
from course_support import grade, write
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from trainer.escaping import csv_cell, html_text, markdown

pytestmark = pytest.mark.filterwarnings("ignore::hypothesis.errors.HypothesisWarning")

ESC, BEL = "\x1b", "\x07"
OSC8 = f"{ESC}]8;;javascript:alert(document.domain){BEL}Score: 10/10{ESC}]8;;{BEL}"
IMG = "<img src=x onerror=alert(1)>"
HIDDEN = frozenset({"Cc", "Cf", "Cs", "Zl", "Zp"})  # control, format (bidi), surrogate, breaks
FORMULA = tuple("=+-@")
FORMATS = ("gradescope", "prairielearn", "csv", "jsonl")
HOSTILE = [
    OSC8, IMG, "<b>", "</p>", "[x](//evil.example)", "![i](http://e.invalid/p.png)",
    "\n# Score: 10/10\n", "# h", "\n", "\r\n", "\t", "\u202e", "\u2066", "\u200f", "\x85",
    "\u2028", "\x00", "\x9b", "*", "_", "`", "|", "&lt;", "1. ", "- ", "    ", "=", "+", "@",
]  # fmt: skip
hostile = st.lists(
    st.sampled_from(HOSTILE) | st.text(st.characters(codec="utf-8"), max_size=3), max_size=5
).map("".join)
EXAMPLE = settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)


def assignment(folder: Path, title: str = "Homework") -> Path:
    """Two questions, one whose id a hostile key nearly matches; `title` as the author wrote it."""
    return write(
        folder,
        "a.yaml",
        f"assignment: hw\ntitle: {yaml_text(title)}\nquestions:\n"
        "  - {id: act-relu-layer-dw, points: 2, parts: [shape, value]}\n"
        "  - {id: act-relu}\n",
    )


def strings(data: Any) -> list[str]:
    """Every string in a JSON value, its keys included."""
    if isinstance(data, str):
        return [data]
    if isinstance(data, dict):
        return [s for key, value in data.items() for s in [key, *strings(value)]]
    if isinstance(data, list):
        return [s for item in data for s in strings(item)]
    return []


def unescaped(text: str, chars: str) -> bool:
    """Whether one of `chars` stands in `text` without a Markdown backslash before it."""
    index = 0
    while index < len(text):
        if text[index] == "\\":
            index += 2
        elif text[index] in chars:
            return True
        else:
            index += 1
    return False


def hidden(text: str, allowed: str = "") -> list[str]:
    return [c for c in text if c not in allowed and unicodedata.category(c) in HIDDEN]


def check_markdown(text: str) -> None:
    assert not unescaped(text, "<>[]`*!|"), text
    for line in text.split("\n"):
        assert not line.lstrip(" ").startswith("#"), text


def check(fmt: str, out: str) -> None:
    """The output of `fmt` is valid and holds nothing a renderer would obey."""
    if fmt == "jsonl":
        for line in out.splitlines():
            json.loads(line)
        assert not hidden(out, "\n")
        return
    if fmt == "csv":
        for row in csv.reader(io.StringIO(out)):
            for cell in row:
                assert not hidden(cell), cell
                assert not cell.startswith(FORMULA), cell
        return
    assert out.endswith("}\n")
    data = json.loads(out)
    assert not hidden(out, "\n"), "no raw control or bidi character in the file"
    for text in strings(data):
        assert not hidden(text, "\n"), text
    if fmt == "gradescope":
        check_markdown(data["output"])
        for test in data["tests"]:
            check_markdown(test["output"])
            assert "\n" not in test["output"]
            assert not hidden(test["name"])
    else:
        for text in strings(data):
            assert ESC not in text and "<" not in text and ">" not in text, text
        assert all("\n" not in test["message"] for test in data["tests"])


def grade_all(capsys, folder: Path, submission: Path, title: str = "Homework") -> None:
    task = assignment(folder, title)
    for fmt in FORMATS:
        result = grade(capsys, submission, assignment=task, format=fmt)
        assert result.code in {0, 1, 2}, result.err
        check(fmt, result.out)


def yaml_text(text: str) -> str:
    """`text` as a YAML double-quoted scalar, every character not shown as is escaped."""
    shown = (
        "\\" + char if char in '"\\' else char if char.isprintable() else f"\\U{ord(char):08x}"
        for char in text
    )
    return '"' + "".join(shown) + '"'


@EXAMPLE
@given(text=hostile)
def test_hostile_keys_stay_text(tmp_path_factory, capsys, text) -> None:
    folder = tmp_path_factory.mktemp("keys")
    body = (
        f"{yaml_text('act-relu-layer-d' + text)}: g\n"  # a near miss of an id
        f"{yaml_text(text)}: x\n"
        f"act-relu-layer-dw: {{{yaml_text('shap' + text)}: '(m, n)', {yaml_text(text)}: 1}}\n"
    )
    grade_all(capsys, folder, write(folder, "s.yaml", body))


@EXAMPLE
@given(text=hostile)
def test_hostile_answers_and_titles_stay_text(tmp_path_factory, capsys, text) -> None:
    folder = tmp_path_factory.mktemp("answers")
    body = f"act-relu: {yaml_text(text)}\nact-relu-layer-dw: {{value: {yaml_text('W' + text)}}}\n"
    grade_all(capsys, folder, write(folder, "s.yaml", body), title=text or "Homework")


@EXAMPLE
@given(text=hostile)
def test_hostile_tags_stay_text(tmp_path_factory, capsys, text) -> None:
    folder = tmp_path_factory.mktemp("tags")
    body = f"act-relu: !x{quote(text, safe='')} g\n"
    grade_all(capsys, folder, write(folder, "s.yaml", body))


@EXAMPLE
@given(text=hostile)
def test_hostile_file_names_stay_text(tmp_path_factory, capsys, text) -> None:
    folder = tmp_path_factory.mktemp("names")
    name = text.replace("/", "∕").replace("\x00", "0").encode("utf-8", "replace")[:200]
    stem = name.decode("utf-8", "ignore") or "s"
    if stem in {".", ".."}:
        stem = "s"
    grade_all(capsys, folder, write(folder, stem + ".yaml", "act-relu: g\nstray: 1\n"))
    grade_all(capsys, folder, folder / (stem + "-missing.yaml"))  # not handed in: named


def test_an_osc8_link_in_a_key_is_no_link_on_prairielearn(tmp_path, capsys) -> None:
    path = write(tmp_path, "s.yaml", f"{yaml_text(OSC8)}: x\n{yaml_text('act-relu' + OSC8)}: g\n")
    data = grade(capsys, path, format="prairielearn").json()
    shown = "\\x1b]8;;javascript:alert(document.domain)\\x07Score: 10/10\\x1b]8;;\\x07"
    assert f"line 1: {shown} is not a question" in data["message"]
    assert ESC not in json.dumps(data, ensure_ascii=False)
    assert BEL not in json.dumps(data, ensure_ascii=False)


def test_an_osc8_link_in_a_near_miss_is_no_link_in_the_test_message(tmp_path, capsys) -> None:
    path = write(tmp_path, "s.yaml", f"{yaml_text('act-relu' + ESC + ']8;;' + BEL)}: g\n")
    task = assignment(tmp_path)
    data = grade(capsys, path, assignment=task, format="prairielearn").json()
    (relu,) = [t for t in data["tests"] if t["name"] == "act-relu · value"]
    assert (
        relu["message"] == "no answer (line 1 has act-relu\\x1b]8;;\\x07: did you mean act-relu?)"
    )


def test_an_img_tag_in_a_yaml_tag_is_text_in_every_gradescope_test(tmp_path, capsys) -> None:
    path = write(tmp_path, "s.yaml", "act-relu: !x%3Cimg%20src%3Dx%20onerror%3Dalert(1)%3E g\n")
    data = grade(capsys, path, format="gradescope").json()
    assert data["tests"]
    for text in [data["output"], *(t["output"] for t in data["tests"])]:
        assert "\\<img src=x onerror=alert(1)\\>" in text
        assert not unescaped(text, "<>")


@pytest.mark.parametrize("key", ["<b>shape", "[act-relu-layer-dw](//evil.example)"])
def test_a_near_miss_key_is_text_in_the_did_you_mean_note(tmp_path, capsys, key) -> None:
    body = f"act-relu-layer-dw: {{{yaml_text(key)}: '(m, n)'}}\n{yaml_text(key)}: 1\n"
    path = write(tmp_path, "s.yaml", body)
    data = grade(capsys, path, assignment=assignment(tmp_path), format="gradescope").json()
    outputs = [data["output"], *(t["output"] for t in data["tests"])]
    assert any("did you mean" in text.lower() for text in outputs)
    for text in outputs:
        check_markdown(text)
    assert markdown(key) in data["output"]


def test_a_key_with_newlines_forges_no_heading(tmp_path, capsys) -> None:
    key = "act-relu-layer-d\n# Score: 10/10\n"
    path = write(tmp_path, "s.yaml", f"{yaml_text(key)}: g\n")
    data = grade(capsys, path, assignment=assignment(tmp_path), format="gradescope").json()
    outputs = [data["output"], *(t["output"] for t in data["tests"])]
    assert any("\\# Score: 10/10" in text for text in outputs)
    for text in outputs:
        check_markdown(text)


def test_escape_and_bidi_characters_reach_no_output(tmp_path, capsys) -> None:
    key = f"{ESC}]0;pwned{BEL}\u202eevil"
    shown = "\\x1b]0;pwned\\x07\\u202eevil"
    path = write(tmp_path, "s.yaml", f"act-relu: g\n{yaml_text(key)}: 1\n")
    outputs = {fmt: grade(capsys, path, format=fmt).out for fmt in ("gradescope", "prairielearn")}
    for out in outputs.values():
        assert not hidden(out, "\n")
    assert markdown(shown) in json.loads(outputs["gradescope"])["output"]
    assert shown in json.loads(outputs["prairielearn"])["message"]
    book = grade(capsys, path, format="csv").out
    assert not hidden(book, "\n")
    assert list(csv.reader(io.StringIO(book)))[1][-1].startswith(f"line 2: {shown} is not")


def test_a_formula_note_is_still_neutralised(tmp_path, capsys) -> None:
    path = write(tmp_path, "=cmd.yaml", "act-relu: g\n")
    _, row = list(csv.reader(io.StringIO(grade(capsys, path, format="csv").out)))
    assert row[0] == "'=cmd"


def test_each_destination_has_its_escape() -> None:
    assert markdown("# a\n<b>[x](y)") == "\\# a\\\\n\\<b\\>\\[x\\](y)"
    assert markdown("1. a") == "1\\. a"
    assert markdown("    code") == "&#32;" * 4 + "code"
    assert html_text(f"{OSC8}<b>") == (
        "\\x1b]8;;javascript:alert(document.domain)\\x07Score: 10/10\\x1b]8;;\\x07＜b＞"
    )
    assert csv_cell("\u202e=1") == "\\u202e=1"
    assert csv_cell("\t=1") == "'\\t=1"
    assert csv_cell("@SUM(1)") == "'@SUM(1)"
