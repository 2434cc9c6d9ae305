"""The teachers' page and its examples: every file it shows is the file it names, every command
it shows prints what it shows, and the Gradescope and PrairieLearn graders run end to end on the
example files (in tmp_path, their fixed paths overridden by the environment)."""

from __future__ import annotations

import json
import os
import re
import shlex
import shutil
import stat
import subprocess
import sys
import zipfile
from pathlib import Path

import doc_examples
import pytest
from course_support import (
    ASSIGNMENT,
    DOCS,
    EXAMPLES,
    PARTLY_WRONG,
    RIGHT,
    UNREADABLE,
    run,
    source_env,
)

PAGE = DOCS / "teaching.md"
FENCE = re.compile(r"^```(\w*)(?: title=\"([^\"]+)\")?\n(.*?)^```$", re.MULTILINE | re.DOTALL)
FILE_LANGUAGES = {"yaml", "bash", "sh", "json", "html", "dockerfile"}
GRADESCOPE = EXAMPLES / "gradescope"
PRAIRIELEARN = EXAMPLES / "prairielearn"
SCRIPTS = [
    GRADESCOPE / "setup.sh",
    GRADESCOPE / "run_autograder",
    GRADESCOPE / "make_autograder.sh",
    PRAIRIELEARN / "serverFilesCourse" / "trainer" / "run.sh",
]


def blocks() -> list[tuple[str, str | None, str]]:
    return FENCE.findall(PAGE.read_text(encoding="utf-8"))


@pytest.fixture
def trainer_bin(tmp_path: Path) -> Path:
    """A `trainer` program that runs this source tree's trainer, as an installed one would."""
    folder = tmp_path / "bin"
    folder.mkdir()
    program = folder / "trainer"
    program.write_text(f'#!/bin/sh\nexec "{sys.executable}" -m trainer "$@"\n', encoding="utf-8")
    program.chmod(0o755)
    return program


def shell(command: list[str] | str, cwd: Path, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        command,
        cwd=cwd,
        shell=isinstance(command, str),
        executable="/bin/bash" if isinstance(command, str) else None,
        env=source_env(**env),
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )


# --- the page --------------------------------------------------------------------------------


def test_every_file_shown_is_the_file_it_names() -> None:
    titled = [(language, title, body) for language, title, body in blocks() if title]
    assert len(titled) >= 11
    for language, title, body in titled:
        assert (DOCS / title).read_text(encoding="utf-8") == body, f"{title} differs from the page"
        assert language in FILE_LANGUAGES


def test_every_file_example_names_its_file() -> None:
    untitled = [language for language, title, _ in blocks() if not title]
    assert untitled, "the console sessions"
    assert set(untitled) == {"console"}, "a shell, YAML or JSON example is a file it names"


def test_every_example_file_is_on_the_page() -> None:
    shown = {title for _, title, _ in blocks() if title}
    files = {
        str(path.relative_to(DOCS))
        for path in EXAMPLES.rglob("*")
        if path.is_file() and path.parent.name not in ("questions", "broken")  # authoring.md's
    }
    copy = "examples/prairielearn/questions/hw-backprop/tests/assignment.yaml"  # checked below
    assert files - shown == {copy}


def test_the_page_stands_on_its_own() -> None:
    text = PAGE.read_text(encoding="utf-8")
    assert "shared/" not in text
    assert not re.search(r"\bspec\b|specification|spec/", text, re.IGNORECASE)
    assert "grading.md" not in text


def test_the_prairielearn_question_carries_the_example_assignment() -> None:
    copy = PRAIRIELEARN / "questions" / "hw-backprop" / "tests" / "assignment.yaml"
    assert copy.read_bytes() == ASSIGNMENT.read_bytes()


def test_the_scripts_are_executable_bash() -> None:
    for script in SCRIPTS:
        assert script.stat().st_mode & stat.S_IXUSR, f"{script} is not executable"
        assert script.read_text(encoding="utf-8").startswith("#!/usr/bin/env bash\n")
        result = subprocess.run(["bash", "-n", str(script)], capture_output=True, timeout=30)
        assert result.returncode == 0, result.stderr


def test_the_prairielearn_question_files_are_valid() -> None:
    info = json.loads((PRAIRIELEARN / "questions/hw-backprop/info.json").read_text("utf-8"))
    options = info["externalGradingOptions"]
    assert info["gradingMethod"] == "External"
    assert options["enabled"] is True
    assert options["entrypoint"] == "/grade/serverFilesCourse/trainer/run.sh"
    assert options["serverFilesCourse"] == ["trainer/"]
    html = (PRAIRIELEARN / "questions/hw-backprop/question.html").read_text("utf-8")
    assert '<pl-file-editor file-name="answers.yaml"' in html
    assert "<pl-external-grader-results>" in html


def console_sessions() -> list[list[tuple[str, str]]]:
    return doc_examples.console_sessions(PAGE.read_text(encoding="utf-8"))


def test_every_command_on_the_page_prints_what_the_page_shows(
    tmp_path, capsys, monkeypatch, trainer_bin
) -> None:
    shutil.copytree(EXAMPLES, tmp_path / "examples")
    monkeypatch.chdir(tmp_path)
    path = f"{trainer_bin.parent}{os.pathsep}{os.environ['PATH']}"
    sessions = console_sessions()
    assert sum(len(s) for s in sessions) >= 8
    for session in sessions:
        for command, shown in session:
            words = shlex.split(command)
            if words[0] == "trainer" and not set(command) & set("<>|&;$*"):
                result = run(capsys, *words[1:])  # in this process: torch is loaded once
                printed = result.out + result.err
            else:
                done = shell(command, tmp_path, PATH=path)
                printed = done.stdout + done.stderr
                assert done.returncode == 0, printed
            assert printed == shown, command
    assert (tmp_path / "try" / "results" / "results.json").is_file()
    schema = json.loads((tmp_path / "assignment.schema.json").read_text(encoding="utf-8"))
    assert schema["title"] == "trainer assignment file"


# --- Gradescope end to end ------------------------------------------------------------------


def autograder(tmp_path: Path, submission: Path | None, name: str = "answers.yaml") -> Path:
    """/autograder as Gradescope lays it out: source/ (the unzipped autograder), submission/."""
    root = tmp_path / "autograder"
    (root / "source").mkdir(parents=True)
    (root / "submission").mkdir()
    for script in ["setup.sh", "run_autograder"]:
        shutil.copy2(GRADESCOPE / script, root / "source" / script)
    shutil.copy(ASSIGNMENT, root / "source" / "assignment.yaml")
    if submission is not None:
        shutil.copy(submission, root / "submission" / name)
    return root


def run_autograder(root: Path, trainer_bin: Path) -> dict:
    done = shell(
        ["bash", str(root / "source" / "run_autograder")],
        root,
        AUTOGRADER_ROOT=str(root),
        TRAINER=str(trainer_bin),
    )
    assert done.returncode == 0, done.stderr
    return json.loads((root / "results" / "results.json").read_text(encoding="utf-8"))


def test_gradescope_grades_the_partly_wrong_example(tmp_path, trainer_bin) -> None:
    results = run_autograder(autograder(tmp_path, PARTLY_WRONG, "partly-wrong.yaml"), trainer_bin)
    assert results["score"] == 1.0
    assert [(t["name"], t["status"]) for t in results["tests"]] == [
        ("lin-wx-b-dw · shape", "passed"),
        ("lin-wx-b-dw · value", "failed"),
        ("act-relu · value", "failed"),
        ("c-requires-grad · choice", "failed"),
    ]


def test_gradescope_grades_the_right_example_in_full(tmp_path, trainer_bin) -> None:
    results = run_autograder(autograder(tmp_path, RIGHT), trainer_bin)
    assert results["score"] == 5.0
    assert {t["status"] for t in results["tests"]} == {"passed"}


def test_gradescope_reports_an_unreadable_submission(tmp_path, trainer_bin) -> None:
    results = run_autograder(autograder(tmp_path, UNREADABLE), trainer_bin)
    assert results["score"] == 0.0
    assert results["output"].startswith("This submission cannot be graded: line 2: Not valid")


def test_gradescope_reports_a_missing_submission(tmp_path, trainer_bin) -> None:
    results = run_autograder(autograder(tmp_path, None), trainer_bin)
    assert results["score"] == 0.0
    assert "There is no file answers.yaml to grade" in results["output"]


def test_gradescope_finds_a_json_submission(tmp_path, trainer_bin) -> None:
    root = autograder(tmp_path, None)
    answers = {"act-relu": "g * step(z)", "c-requires-grad": 2}
    (root / "submission" / "mine.json").write_text(json.dumps(answers), encoding="utf-8")
    assert run_autograder(root, trainer_bin)["score"] == 3.0


def test_gradescope_fails_the_run_when_the_assignment_is_invalid(tmp_path, trainer_bin) -> None:
    root = autograder(tmp_path, RIGHT)
    (root / "source" / "assignment.yaml").write_text("assignment: a\nquestions: [nope]\n")
    done = shell(
        ["bash", str(root / "source" / "run_autograder")],
        root,
        AUTOGRADER_ROOT=str(root),
        TRAINER=str(trainer_bin),
    )
    assert done.returncode == 2
    assert "Unknown question id 'nope'" in done.stderr
    assert not (root / "results" / "results.json").exists()


def fake_tools(folder: Path) -> Path:
    """apt-get and python3.11 that record their arguments; the venv's pip records too."""
    folder.mkdir()
    log = folder / "log"
    (folder / "apt-get").write_text(f'#!/bin/sh\necho "apt-get $*" >> "{log}"\n')
    (folder / "python3.11").write_text(
        "#!/bin/sh\n"
        f'echo "python3.11 $*" >> "{log}"\n'
        'mkdir -p "$3/bin"\n'
        f'printf \'#!/bin/sh\\necho "pip $*" >> "{log}"\\n\' > "$3/bin/pip"\n'
        'chmod +x "$3/bin/pip"\n'
    )
    for tool in ["apt-get", "python3.11"]:
        (folder / tool).chmod(0o755)
    return log


def test_setup_installs_cpu_torch_then_trainer_from_the_zip(tmp_path) -> None:
    source = tmp_path / "source"
    source.mkdir()
    (source / "trainer-0.1.0-py3-none-any.whl").write_bytes(b"")
    log = fake_tools(tmp_path / "tools")
    venv = tmp_path / "venv"
    done = shell(
        ["bash", str(GRADESCOPE / "setup.sh")],
        tmp_path,
        PATH=f"{log.parent}{os.pathsep}{os.environ['PATH']}",
        AUTOGRADER_SOURCE=str(source),
        TRAINER_VENV=str(venv),
    )
    assert done.returncode == 0, done.stderr
    assert log.read_text().splitlines() == [
        "apt-get update",
        "apt-get install -y python3.11 python3.11-venv",
        f"python3.11 -m venv {venv}",
        "pip install torch --index-url https://download.pytorch.org/whl/cpu",
        f"pip install {source}/trainer-0.1.0-py3-none-any.whl",
    ]


def test_make_autograder_zips_the_four_files_at_the_root(tmp_path) -> None:
    wheel = tmp_path / "trainer-0.1.0-py3-none-any.whl"
    wheel.write_bytes(b"a wheel")
    out = tmp_path / "autograder.zip"
    done = shell(
        ["bash", str(GRADESCOPE / "make_autograder.sh"), str(wheel)],
        tmp_path,
        AUTOGRADER_ZIP=str(out),
    )
    assert done.returncode == 0, done.stderr
    with zipfile.ZipFile(out) as archive:
        assert sorted(archive.namelist()) == [
            "assignment.yaml",
            "run_autograder",
            "setup.sh",
            "trainer-0.1.0-py3-none-any.whl",
        ]
        assert archive.read("assignment.yaml") == ASSIGNMENT.read_bytes()
        assert archive.read("run_autograder") == (GRADESCOPE / "run_autograder").read_bytes()
        mode = archive.getinfo("run_autograder").external_attr >> 16
        assert mode & stat.S_IXUSR


# --- PrairieLearn end to end ----------------------------------------------------------------


def grade_folder(tmp_path: Path, submission: Path | None) -> Path:
    """/grade as PrairieLearn lays it out for the example question."""
    root = tmp_path / "grade"
    shutil.copytree(PRAIRIELEARN / "serverFilesCourse", root / "serverFilesCourse")
    shutil.copytree(PRAIRIELEARN / "questions" / "hw-backprop" / "tests", root / "tests")
    (root / "student").mkdir()
    if submission is not None:
        shutil.copy(submission, root / "student" / "answers.yaml")
    return root


def run_prairielearn(root: Path, trainer_bin: Path) -> dict:
    done = shell(
        ["bash", str(root / "serverFilesCourse" / "trainer" / "run.sh")],
        root,
        GRADE_ROOT=str(root),
        TRAINER=str(trainer_bin),
    )
    assert done.returncode == 0, done.stderr
    return json.loads((root / "results" / "results.json").read_text(encoding="utf-8"))


def test_prairielearn_grades_the_examples(tmp_path, trainer_bin) -> None:
    right = run_prairielearn(grade_folder(tmp_path / "a", RIGHT), trainer_bin)
    assert (right["gradable"], right["score"]) == (True, 1.0)
    partly = run_prairielearn(grade_folder(tmp_path / "b", PARTLY_WRONG), trainer_bin)
    assert (partly["gradable"], partly["score"]) == (True, 0.2)
    assert [t["points"] for t in partly["tests"]] == [1.0, 0.0, 0.0, 0.0]


def test_prairielearn_marks_the_unreadable_example_not_gradable(tmp_path, trainer_bin) -> None:
    results = run_prairielearn(grade_folder(tmp_path, UNREADABLE), trainer_bin)
    assert results["gradable"] is False
    assert results["format_errors"] == ["line 2: Not valid YAML: did not find expected ',' or '}'"]


def test_prairielearn_reports_a_missing_file(tmp_path, trainer_bin) -> None:
    results = run_prairielearn(grade_folder(tmp_path, None), trainer_bin)
    assert results["gradable"] is False
    assert "There is no file answers.yaml to grade" in results["format_errors"][0]
