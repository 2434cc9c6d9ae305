"""The app's bank cache: the same bank as loading the files, rebuilt when a file changes."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

from trainer.questions import load_bank, load_bank_cached

DECK = """\
deck: cached
title: {en: Cached, zh: 缓存}
questions:
  - id: q1
    title: d sum(x)
    prompt: p
    dims: {n: 2..5}
    given: {x: [n], v: {value: [1.0, 0.0]}}
    forward: [loss = sum(x)]
    wrt: x
    answer: ones(n)
    mistakes:
      - {answer: x, says: {en: not x, zh: 不是 x}}
"""


def _files(tmp_path: Path) -> tuple[Path, Path]:
    folder = tmp_path / "questions"
    folder.mkdir()
    (folder / "a.yaml").write_text(DECK, encoding="utf-8")
    (folder / "broken.yaml").write_text("- a list\n", encoding="utf-8")
    return folder, tmp_path / "data" / "bank-cache.json"


def test_a_cached_bank_equals_the_loaded_one(tmp_path: Path) -> None:
    folder, cache = _files(tmp_path)
    first = load_bank_cached([folder], cache)
    assert cache.exists()
    second = load_bank_cached([folder], cache)
    loaded = load_bank([folder])
    assert second.questions == loaded.questions
    assert [d.id for d in second.decks] == ["cached"]
    assert second.decks[0].title == {"en": "Cached", "zh": "缓存"}
    assert [p.format("zh") for p in second.problems] == [p.format("zh") for p in loaded.problems]
    assert first.questions == second.questions


def test_the_cache_holds_each_question_once(tmp_path: Path) -> None:
    """Every start reads the whole file: the questions by id are rebuilt, not stored again."""
    import json

    folder, cache = _files(tmp_path)
    load_bank_cached([folder], cache)
    stored = json.loads(cache.read_text(encoding="utf-8"))["bank"]
    assert set(stored) == {"decks", "problems"}
    assert cache.read_text(encoding="utf-8").count('"id": "q1"') == 1


def test_a_changed_file_is_read_again(tmp_path: Path) -> None:
    folder, cache = _files(tmp_path)
    load_bank_cached([folder], cache)
    path = folder / "a.yaml"
    path.write_text(DECK.replace("title: d sum(x)", "title: changed"), encoding="utf-8")
    os.utime(path, ns=(1, 2))  # a different mtime even on coarse clocks
    assert load_bank_cached([folder], cache).questions["q1"].title == {"en": "changed"}


def test_a_corrupt_cache_is_ignored_and_rewritten(tmp_path: Path) -> None:
    folder, cache = _files(tmp_path)
    cache.parent.mkdir()
    cache.write_text("{not json", encoding="utf-8")
    assert "q1" in load_bank_cached([folder], cache).questions
    assert cache.read_text(encoding="utf-8").startswith("{")
    assert "q1" in load_bank_cached([folder], cache).questions


def test_an_unwritable_cache_costs_only_time(tmp_path: Path) -> None:
    folder, _ = _files(tmp_path)
    blocked = tmp_path / "file-not-folder"
    blocked.write_text("", encoding="utf-8")
    assert "q1" in load_bank_cached([folder], blocked / "bank-cache.json").questions


def test_a_cache_hit_reads_no_yaml(tmp_path: Path) -> None:
    import subprocess

    folder, cache = _files(tmp_path)
    load_bank_cached([folder], cache)
    code = (
        "import sys; from trainer.questions import load_bank_cached; from pathlib import Path;"
        f"bank = load_bank_cached([Path({str(folder)!r})], Path({str(cache)!r}));"
        "assert 'q1' in bank.questions;"
        "print('yaml' in sys.modules, 'trainer.notation' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["False", "False"]


def _edit_cache(cache: Path, change) -> None:
    import json

    data = json.loads(cache.read_text(encoding="utf-8"))
    change(data["bank"])
    cache.write_text(json.dumps(data), encoding="utf-8")


def test_an_edit_that_keeps_size_and_time_is_seen(tmp_path: Path) -> None:
    folder, cache = _files(tmp_path)
    path = folder / "a.yaml"
    load_bank_cached([folder], cache)
    stat = path.stat()
    path.write_text(DECK.replace("title: d sum(x)", "title: D SUM(X)"), encoding="utf-8")
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    assert path.stat().st_size == stat.st_size
    assert load_bank_cached([folder], cache).questions["q1"].title == {"en": "D SUM(X)"}


def test_a_question_injected_into_the_cache_never_appears(tmp_path: Path) -> None:
    import copy

    folder, cache = _files(tmp_path)
    load_bank_cached([folder], cache)

    def inject(bank: dict) -> None:
        question = copy.deepcopy(bank["decks"][0]["questions"][0])
        question["id"] = "injected"
        question["prompt"] = {"en": "[@click=app.quit]click[/]"}
        bank["decks"][0]["questions"].append(question)

    _edit_cache(cache, inject)
    bank = load_bank_cached([folder], cache)
    assert set(bank.questions) == {"q1"}


def test_a_bad_problem_entry_in_the_cache_falls_back_to_the_files(tmp_path: Path) -> None:
    folder, cache = _files(tmp_path)
    load_bank_cached([folder], cache)

    def spoil(bank: dict) -> None:
        bank["problems"][0]["msg"] = {"__msg__": "no-such-key", "params": {}}

    _edit_cache(cache, spoil)
    bank = load_bank_cached([folder], cache)
    assert [p.msg.key for p in bank.problems] == [p.msg.key for p in load_bank([folder]).problems]
    assert "q1" in bank.questions


def test_wrongly_typed_cache_fields_fall_back_to_the_files(tmp_path: Path) -> None:
    folder, cache = _files(tmp_path)
    load_bank_cached([folder], cache)

    def spoil(bank: dict) -> None:
        bank["decks"][0]["questions"][0]["title"] = ["not", "a", "text"]
        bank["decks"][0]["questions"][0]["level"] = True

    _edit_cache(cache, spoil)
    assert load_bank_cached([folder], cache).questions["q1"].title == {"en": "d sum(x)"}


# --- the decoder is derived from the model and held to the field kinds' bounds ---------------


Q = ("decks", 0, "questions", 0)
SPOILED = [
    ((*Q, "level"), 0),
    ((*Q, "level"), 6),
    ((*Q, "backward"), 0),
    ((*Q, "backward"), 17),
    ((*Q, "dims", "n", "low"), 0),
    ((*Q, "dims", "n", "high"), 65),
    ((*Q, "dims", "n", "low"), 6),  # above its high
    ((*Q, "given", "v", "init"), "gaussian"),
    ((*Q, "given", "v", "value"), [[[[[[[[[1.0]]]]]]]]]),  # nine deep
    ((*Q, "given", "v", "value"), [True, 0.0]),
    ((*Q, "mistakes", 0, "says"), {"zh": "不是 x"}),
    ((*Q, "ask"), "shape"),
    ((*Q, "id"), "not-in-the-file"),
    ((*Q, "path"), "/elsewhere.yaml"),
    ((*Q, "line"), "4"),
    ((*Q, "wrt"), 3),
    ((*Q, "steps"), []),
    (("decks", 0, "line"), 99),
    (("problems", 0, "line"), None),
]


@pytest.mark.parametrize(
    ("where", "value"), SPOILED, ids=[f"{'.'.join(map(str, w))}={v!r}" for w, v in SPOILED]
)
def test_a_field_out_of_its_kind_s_bounds_falls_back_to_the_files(
    tmp_path: Path, where: tuple, value: object
) -> None:
    import json

    def change(bank: dict) -> None:
        target = bank
        for key in where[:-1]:
            target = target[key]
        target[where[-1]] = value

    folder, cache = _files(tmp_path)
    load_bank_cached([folder], cache)
    written = cache.read_text(encoding="utf-8")
    _edit_cache(cache, change)
    assert cache.read_text(encoding="utf-8") != written
    bank = load_bank_cached([folder], cache)
    loaded = load_bank([folder])
    assert bank.questions == loaded.questions and bank.problems == loaded.problems
    assert json.loads(cache.read_text(encoding="utf-8")) == json.loads(written)  # read again


def test_the_bundled_bank_decodes_to_what_the_loader_builds(tmp_path: Path) -> None:
    cache = tmp_path / "bank-cache.json"
    load_bank_cached(None, cache)
    cached, loaded = load_bank_cached(None, cache), load_bank(None)
    assert cached.decks == loaded.decks and cached.problems == loaded.problems
    assert list(cached.questions) == list(loaded.questions)


def test_a_model_field_of_a_type_the_cache_cannot_read_fails_at_once() -> None:
    from dataclasses import dataclass

    from trainer.questions.cache import _Builders

    @dataclass
    class Odd:
        sizes: set[int]

    with pytest.raises(TypeError, match="cannot read a field"):
        _Builders().of(Odd)
