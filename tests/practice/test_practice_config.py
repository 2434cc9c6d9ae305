"""Resolving the language and the data folder from options, environment and locale."""

from __future__ import annotations

from pathlib import Path

import pytest

from trainer.practice.config import resolve_lang
from trainer.practice.locations import data_dir


@pytest.mark.parametrize(
    ("requested", "environ", "lang"),
    [
        ("zh", {"TRAINER_LANG": "en"}, "zh"),  # --lang first
        (None, {"TRAINER_LANG": "zh", "LANG": "en_US.UTF-8"}, "zh"),  # then TRAINER_LANG
        (None, {"LANG": "zh_CN.UTF-8"}, "zh"),  # then the locale
        (None, {"LC_ALL": "zh_TW", "LANG": "en_GB"}, "zh"),
        (None, {"LANGUAGE": "zh-Hans:en"}, "zh"),
        (None, {"LANG": "de_DE.UTF-8"}, "en"),  # no catalog: English
        (None, {"LANG": "C"}, "en"),
        (None, {}, "en"),
    ],
)
def test_language(requested: str | None, environ: dict[str, str], lang: str) -> None:
    assert resolve_lang(requested, environ) == lang


def test_data_folder(tmp_path: Path) -> None:
    assert data_dir(tmp_path / "opt", {"TRAINER_DATA_DIR": "/elsewhere"}) == tmp_path / "opt"
    assert data_dir(None, {"TRAINER_DATA_DIR": str(tmp_path)}) == tmp_path
    assert data_dir(None, {}).name == "trainer"  # the platform's user data folder
