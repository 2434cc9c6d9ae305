"""The engine stands apart from the UI (harlequin's test): importing it pulls in no Textual, and
the parts the app needs at start-up pull in no torch either (torch takes over a second)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

VALID = Path(__file__).resolve().parent.parent / "fixtures" / "valid"


def loaded_after(code: str) -> dict[str, bool]:
    """Run `code` in a fresh interpreter; which heavy modules did it import?"""
    probe = (
        f"{code}\n"
        "import json, sys\n"
        "print(json.dumps({m: m in sys.modules for m in ('textual', 'torch', 'numpy')}))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, timeout=120, check=False
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_the_engine_imports_no_textual() -> None:
    loaded = loaded_after(
        "import trainer.notation, trainer.questions, trainer.oracle, trainer.cli, "
        "trainer.messages, trainer.json_lines, trainer.errors"
    )
    assert not loaded["textual"]


def test_using_the_engine_imports_no_textual() -> None:
    loaded = loaded_after(
        "from trainer.questions import load_bank\n"
        "from trainer.oracle import Oracle, validate_bank\n"
        f"bank = load_bank([{str(VALID)!r}])\n"
        "validate_bank(bank)\n"
        "Oracle(bank.questions['lin-dw']).judge_value('W')\n"
    )
    assert not loaded["textual"]
    assert loaded["torch"]  # judging does need torch: the probe really ran


def test_notation_questions_and_cli_import_no_torch() -> None:
    loaded = loaded_after(
        "import trainer.notation, trainer.questions, trainer.cli, trainer.messages"
    )
    assert not loaded["torch"]
    assert not loaded["textual"]


def test_loading_the_bank_and_previewing_an_answer_need_no_torch() -> None:
    """The app shows "read as ... — shape (m, n)" while torch is still loading."""
    loaded = loaded_after(
        "from trainer.questions import load_bank\n"
        "from trainer.oracle import Oracle\n"
        f"bank = load_bank([{str(VALID)!r}])\n"
        "oracle = Oracle(bank.questions['lin-dw'])\n"
        "p = oracle.preview('Wᵀ @ ones(m)')\n"
        "assert (p.text, p.shape) == ('W.T @ ones(m)', '(n,)'), p\n"
        "assert not oracle.preview('Wx').ok\n"
        "assert oracle.preview('m x n', 'shape').shape == '(m, n)'\n"
    )
    assert not loaded["torch"]


def test_trainer_list_needs_no_torch() -> None:
    loaded = loaded_after(
        "import contextlib, io\n"
        "from trainer.cli import main\n"
        "with contextlib.redirect_stdout(io.StringIO()):\n"
        f"    assert main(['list', '--questions', {str(VALID)!r}]) == 0\n"
    )
    assert not loaded["torch"]
    assert not loaded["textual"]
