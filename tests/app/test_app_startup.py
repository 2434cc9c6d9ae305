"""Start-up promises that an in-process test cannot see: the home screen is built without
torch, and the app's model modules (store, scheduler, session...) need no Textual."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
QUESTIONS = ROOT / "tests" / "app" / "questions" / "valid"


def run(code: str) -> str:
    result = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def test_the_home_screen_draws_without_torch(tmp_path: Path) -> None:
    """With the torch loader held back, the home screen still draws every deck."""
    out = run(f"""
        import asyncio, sys
        from pathlib import Path
        from trainer.app.app import TrainerApp
        from trainer.practice.config import AppConfig
        from trainer.app.factory import make_app

        TrainerApp.load_torch = lambda self: None
        app = make_app(AppConfig(question_paths=[Path({str(QUESTIONS)!r})],
                                 data_dir=Path({str(tmp_path)!r})))

        async def main():
            async with app.run_test() as pilot:
                await pilot.pause()
                table = app.screen.query_one("#decks")
                print(type(app.screen).__name__, table.row_count, "torch" in sys.modules)

        asyncio.run(main())
    """)
    assert out == "HomeScreen 2 False"


def test_what_the_first_frame_imports_leaves_the_oracle_and_notation_out() -> None:
    """The home screen draws from its summary: the modules it needs must not pull in the
    oracle, the notation or the question model (a screen's base class once imported the answer
    box, and with it the oracle: 45 ms of every start)."""
    out = run("""
        import sys
        import trainer.cli, trainer.app.factory, trainer.app.app, trainer.app.screens.home
        heavy = ("trainer.oracle", "trainer.notation", "trainer.questions.model")
        print(sorted(m for m in heavy if m in sys.modules))
    """)
    assert out == "[]"


def test_the_model_modules_import_no_textual() -> None:
    modules = [
        "config",
        "locations",
        "i18n",
        "store",
        "scheduler",
        "session",
        "outcomes",
        "progress",
        "practice_bank",
    ]
    out = run(f"""
        import importlib, sys
        for name in {modules!r}:
            importlib.import_module("trainer.practice." + name)
        print(sorted(m for m in sys.modules if m.split(".")[0] in ("textual", "torch")))
    """)
    assert out == "[]"


def test_the_collector_paused_for_start_up_runs_again_after_the_first_frame(
    tmp_path: Path,
) -> None:
    """`trainer practice` pauses the garbage collector while it loads; the app's first frame
    freezes what was loaded and turns collection back on, so a session never runs without it."""
    out = run(f"""
        import asyncio, gc
        from pathlib import Path
        from trainer.app.app import TrainerApp
        from trainer.practice.config import AppConfig
        from trainer.app.factory import make_app
        from trainer.collector import pause_collection

        TrainerApp.load_torch = lambda self: None
        pause_collection()
        paused = not gc.isenabled()
        app = make_app(AppConfig(question_paths=[Path({str(QUESTIONS)!r})],
                                 data_dir=Path({str(tmp_path)!r})))

        async def main():
            async with app.run_test() as pilot:
                await pilot.pause()
                print(paused, gc.isenabled(), gc.get_freeze_count() > 0)

        asyncio.run(main())
    """)
    assert out == "True True True"


def test_resuming_without_a_pause_changes_nothing() -> None:
    out = run("""
        import gc
        from trainer.collector import resume_collection
        gc.disable()
        resume_collection()
        print(gc.isenabled(), gc.get_freeze_count())
    """)
    assert out == "False 0"
