"""The one way to build the app, used by the `trainer` command and by the tests alike."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import datetime

from trainer.app.app import TrainerApp
from trainer.practice.config import AppConfig
from trainer.practice.opening import open_app, utc_now


def make_app(
    config: AppConfig,
    *,
    clock: Callable[[], datetime] = utc_now,
    environ: Mapping[str, str] | None = None,
) -> TrainerApp:
    """Build the practice app on what `open_app` opens (see there); `clock` (returning
    aware datetimes) and `environ` are there for tests."""
    return TrainerApp(open_app(config, clock=clock, environ=environ))
