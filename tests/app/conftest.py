"""UI test set-up: the real app from `make_app`, on a small question folder, a temporary data
folder and a clock the tests control; no cursor blink, no user locale."""

from __future__ import annotations

import asyncio
import inspect
from collections.abc import Callable
from pathlib import Path

import pytest
from ui_helpers import START, VALID, FakeClock

from trainer.app.app import TrainerApp
from trainer.app.factory import make_app
from trainer.app.widgets.answer_input import AnswerInput
from trainer.practice.config import AppConfig


@pytest.fixture(autouse=True)
def isolated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Progress goes to tmp_path, the language is English unless asked, the cursor is steady."""
    monkeypatch.setenv("TRAINER_DATA_DIR", str(tmp_path / "env-data"))
    for name in ("TRAINER_LANG", "LANGUAGE", "LC_ALL", "LC_MESSAGES"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("LANG", "C.UTF-8")
    monkeypatch.setattr(AnswerInput, "BLINK", False)


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock(START)


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    return tmp_path / "data"


@pytest.fixture
def make(data_dir: Path, clock: FakeClock) -> Callable[..., TrainerApp]:
    """Build the app as `trainer practice --questions VALID --seed 0 --data-dir DIR` would."""

    def build(**options: object) -> TrainerApp:
        fields: dict[str, object] = {
            "question_paths": [VALID],
            "seed": 0,
            "data_dir": data_dir,
        }
        fields.update(options)
        return make_app(AppConfig(**fields), clock=clock)  # type: ignore[arg-type]

    return build


@pytest.hookimpl(tryfirst=True)
def pytest_pyfunc_call(pyfuncitem: pytest.Function) -> bool | None:
    """Run `async def` tests in a fresh event loop (what pytest-asyncio does, without a plugin
    and its loop-scope settings): `App.run_test` needs nothing more."""
    function = pyfuncitem.obj
    if not inspect.iscoroutinefunction(function):
        return None
    wanted = inspect.signature(function).parameters
    asyncio.run(function(**{name: pyfuncitem.funcargs[name] for name in wanted}))
    return True
