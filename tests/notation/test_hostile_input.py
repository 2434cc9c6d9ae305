"""Hostile and broken input (simpleeval's TestTryingToBreakOut, grown for this notation).

Every attempt gives a NotationError (or an `invalid` verdict through the oracle) quickly: never
another exception, never a hang, never a side effect.
"""

from __future__ import annotations

import contextlib
import time
from pathlib import Path

import pytest

from trainer.errors import NotationError, TrainerError
from trainer.notation import Evaluator, Value, parse
from trainer.questions import load_bank

QUICK = 2.0  # seconds: generous for a loaded CI machine, far below a hang

DIMS = {"m": 3, "n": 4}


@pytest.fixture(autouse=True)
def _no_hangs(time_limit):
    with time_limit(5):
        yield


def shapes_env() -> dict[str, Value]:
    return {"W": Value((3, 4), ("m", "n")), "x": Value((4,), ("n",)), "b": Value((3,), ("m",))}


def refuse(text: str, names: dict[str, Value] | None = None) -> NotationError:
    """Parse and evaluate (shapes only); the input must be refused with a NotationError, fast."""
    start = time.perf_counter()
    try:
        Evaluator(names or shapes_env(), DIMS, build=False).evaluate(parse(text).tree)
    except NotationError as error:
        assert error.text()
        assert time.perf_counter() - start < QUICK
        return error
    pytest.fail(f"{text[:80]!r} was accepted")


ESCAPES = [
    "__import__('os')",
    "__import__('os').system('echo hi')",
    "().__class__",
    "().__class__.__bases__[0].__subclasses__()",
    "x.__class__.__mro__",
    "x.__class__",
    "x.__dict__",
    "x.__init__.__globals__",
    "sum.__globals__",
    "torch.__builtins__",
    "torch.load('evil.pt')",
    "torch.nn.functional.relu(x)",
    "x.numpy()",
    "x.T.__class__",
    "W.t.__self__",
    "(lambda: 1)()",
    "lambda: x",
    "[i for i in x]",
    "{i for i in x}",
    "{i: i for i in x}",
    "(i for i in x)",
    "'abc'",
    "b'abc'",
    "f'{x}'",
    "x if x else x",
    "x and x",
    "not x",
    "x[0]",
    "x[:, None]",
    "x == x",
    "x != x",
    "x // 2",
    "x % 2",
    "x | x",
    "x & x",
    "x << 1",
    "~x",
    "x is x",
    "x in x",
    "(y := x)",
    "{1: 2}",
    "{1}",
    "*x",
    "sum(*x)",
    "sum(**x)",
    "True",
    "None",
    "1j",
    "...",
    "exec('1')",
    "eval('1')",
    "getattr(x, 'T')",
    "globals()",
    "open('/etc/passwd')",
    "breakpoint()",
    "sum(x)(x)",
    "x()",
    "x.T()",
    "x.sum",
    "torch",
    "torch.sum",
    "torch.torch.sum(x)",
    "__builtins__",
    "await x",
    "yield x",
    "x; x",
    "x = 1",
    "import os",
    "del x",
    "# comment only",
    "x.sum(dim=x.__class__)",
]


class TestTryingToBreakOut:
    @pytest.mark.parametrize("text", ESCAPES)
    def test_escape_attempt_is_refused(self, text: str) -> None:
        refuse(text)

    def test_no_side_effect(self, tmp_path: Path) -> None:
        sentinel = tmp_path / "SENTINEL"
        attempts = [
            f"open({str(sentinel)!r}, 'w')",
            f"__import__('os').system('touch {sentinel}')",
            f"__import__('pathlib').Path({str(sentinel)!r}).touch()",
            f"exec(\"open({str(sentinel)!r}, 'w')\")",
            f"torch.save(x, {str(sentinel)!r})",
            f"x.__class__.__init__.__globals__['os'].system('touch {sentinel}')",
        ]
        for text in attempts:
            refuse(text)
        assert not sentinel.exists()

    def test_attribute_chains_never_reach_python_objects(self) -> None:
        for chain in ["x.T.T.__class__", "x.t().__class__", "x.detach().__dict__"]:
            error = refuse(chain)
            assert error.msg.key in ("attribute", "not_a_method")

    def test_escapes_are_invalid_verdicts_through_the_oracle(self, oracle_for) -> None:
        oracle = oracle_for("lin-dw")
        for text in ESCAPES[:12]:
            verdict = oracle.judge_value(text)
            assert verdict.verdict == "invalid", text
            assert verdict.message_text()


class TestResourceBombs:
    def test_huge_exponent(self) -> None:
        assert refuse("x ** 99999999").msg.key == "exponent"

    def test_exponent_tower(self) -> None:
        refuse("2 ** 2 ** 2 ** 2 ** 2")
        refuse("9 ** 16 ** 16")

    def test_power_of_power_chain(self) -> None:
        refuse("((9 ** 16) ** 16) ** 16")
        refuse("(((9 ** 16) ** 16) ** 16) ** 16 * x")

    def test_huge_constructor(self) -> None:
        assert refuse("ones(100000, 100000)").msg.key == "too_many_elements"
        refuse("zeros(100000, 100000, 100000)")
        refuse("eye(100000)")
        refuse("ones(1e308)")

    def test_work_bombs(self) -> None:
        """Each result is allowed in size, but the work to build it is not."""
        refuse("ones(1000, 1000) @ ones(1000, 1000)")
        refuse("inv(eye(1000))")
        refuse("det(eye(1000))")

    def test_many_allowed_intermediates_add_up(self) -> None:
        refuse(" + ".join(["sum(outer(ones(1000), ones(1000)))"] * 60))

    def test_200_nested_parentheses(self) -> None:
        assert refuse("(" * 200 + "x" + ")" * 200).msg.key == "too_deep"

    def test_deeply_nested_lists_and_calls(self) -> None:
        refuse("[" * 200 + "1" + "]" * 200)
        refuse("sum(" * 200 + "x" + ")" * 200)
        refuse("[" * 9 + "1" + "]" * 9)  # 9 dimensions

    def test_100_kb_answer(self) -> None:
        assert refuse("x + " * 25_000 + "x").msg.key == "too_long"
        assert refuse("(" * 100_000).msg.key == "too_long"

    def test_long_sum_chain(self) -> None:
        text = "+".join(["x"] * 500)  # 999 characters: within the length limit
        start = time.perf_counter()
        try:
            value = Evaluator(shapes_env(), DIMS, build=False).evaluate(parse(text).tree)
            assert value.shape == (4,)
        except NotationError:
            pass
        assert time.perf_counter() - start < QUICK

    def test_long_unary_chain(self) -> None:
        refuse_or_fine("-" * 998 + "x")
        refuse_or_fine("x" + ".T" * 499)
        refuse_or_fine("x" + "**1" * 333)

    def test_long_number(self) -> None:
        refuse_or_fine("1" * 1000)
        refuse_or_fine("1" * 400 + " * x")

    def test_long_name(self) -> None:
        """A 1,000-letter name made of known names must not recurse once per letter."""
        assert refuse("x" * 1000).msg.key in ("unknown_name", "implicit_product")

    def test_name_splitting_is_not_exponential(self, time_limit) -> None:
        """With names a and aa, 'a'*60 + 'b' has ~10^12 ways to split: it must still be fast."""
        names = {"a": Value((2,), ("n",)), "aa": Value((2,), ("n",))}
        with time_limit(QUICK):
            refuse("a" * 60 + "b", names)

    def test_null_byte_and_odd_characters(self) -> None:
        for text in ["x\x00", "\x00", "\ufeffx", "x\u202e+x", "\x1b[31mx", "x\r\n+ 1\r"]:
            refuse_or_fine(text)


def refuse_or_fine(text: str) -> None:
    """Either a value or a NotationError, quickly; nothing else."""
    start = time.perf_counter()
    with contextlib.suppress(NotationError):
        Evaluator(shapes_env(), DIMS, build=False).evaluate(parse(text).tree)
    assert time.perf_counter() - start < QUICK


class TestBombsThroughTheOracle:
    """With real tensors (build=True) the same bombs are `invalid` verdicts, built nothing."""

    @pytest.mark.parametrize(
        "text",
        [
            "x ** 99999999",
            "ones(100000, 100000)",
            "(" * 200 + "x" + ")" * 200,
            "x + " * 25_000 + "x",
            "ones(1000, 1000) @ ones(1000, 1000)",
            "__import__('os')",
            "x" * 1000,
        ],
        ids=["exponent", "ones", "parentheses", "100kb", "matmul", "import", "long-name"],
    )
    def test_invalid_verdict(self, oracle_for, text: str) -> None:
        start = time.perf_counter()
        verdict = oracle_for("lin-dw").judge_value(text)
        assert verdict.verdict == "invalid"
        assert verdict.correct is False
        assert time.perf_counter() - start < QUICK

    def test_a_huge_but_allowed_answer_is_judged_not_crashed(self, oracle_for) -> None:
        verdict = oracle_for("lin-dw").judge_value("sum(ones(1000, 1000)) * W")
        assert verdict.verdict == "wrong_value"


class TestHostileFiles:
    """Question files are untrusted too: safe YAML, bounded size, forward lines in the notation."""

    def test_python_tags_do_nothing(self, tmp_path: Path) -> None:
        sentinel = tmp_path / "PWNED"
        (tmp_path / "evil.yaml").write_text(
            f"deck: !!python/object/apply:os.system ['touch {sentinel}']\n"
            "title: !!python/name:os.system\n"
            "questions: []\n",
            encoding="utf-8",
        )
        bank = load_bank([tmp_path])
        assert bank.problems
        assert not sentinel.exists()

    def test_forward_lines_cannot_escape(self, tmp_path: Path) -> None:
        sentinel = tmp_path / "PWNED"
        (tmp_path / "evil.yaml").write_text(
            "deck: evil\ntitle: t\nquestions:\n"
            "  - id: evil\n    title: t\n    prompt: p\n    dims: {n: 2..4}\n"
            "    given: {x: [n]}\n"
            "    forward:\n"
            f"      - \"y = __import__('os').system('touch {sentinel}')\"\n"
            "    wrt: x\n    answer: x\n",
            encoding="utf-8",
        )
        bank = load_bank([tmp_path])
        assert [p.id for p in bank.problems] == ["evil"]
        assert not sentinel.exists()

    def test_billion_laughs(self, tmp_path: Path) -> None:
        lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
        for prev, name in zip("abcdefgh", "bcdefghi", strict=True):
            lines.append(f"{name}: &{name} [" + ",".join([f"*{prev}"] * 9) + "]")
        (tmp_path / "laughs.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")
        start = time.perf_counter()
        bank = load_bank([tmp_path])
        assert time.perf_counter() - start < QUICK
        assert len(bank.problems) == 1

    def test_deeply_nested_yaml(self, tmp_path: Path) -> None:
        (tmp_path / "deep.yaml").write_text("[" * 5000 + "]" * 5000 + "\n", encoding="utf-8")
        bank = load_bank([tmp_path])
        assert len(bank.problems) == 1

    def test_huge_file(self, tmp_path: Path) -> None:
        path = tmp_path / "huge.yaml"
        with path.open("w", encoding="utf-8") as out:
            out.write("deck: huge\ntitle: t\nquestions: []\ndescription: '")
            out.write("x" * 5_000_000)
            out.write("'\n")
        start = time.perf_counter()
        bank = load_bank([tmp_path])
        assert time.perf_counter() - start < QUICK
        assert len(bank.problems) == 1

    @pytest.mark.parametrize("init", ["normal", "positive", "unit", "onehot", "sign"])
    def test_a_given_too_large_to_build_is_a_problem_not_an_out_of_memory(
        self, tmp_path: Path, monkeypatch, init: str
    ) -> None:
        """Six dimensions of at most 64 each make ~10^10 elements (80 GB): `trainer check` was
        killed by the kernel. Limits are checked before anything is built, for files too."""
        import math

        import torch

        def guard(real):
            def build(*args, **kwargs):
                sizes = next((a for a in args if isinstance(a, tuple | list | torch.Size)), ())
                sizes = kwargs.get("size", sizes)
                if math.prod(sizes) > 1_000_000:
                    pytest.fail(f"the trials built a tensor of shape {tuple(sizes)}")
                return real(*args, **kwargs)

            return build

        for name in ("randn", "rand", "randint", "zeros", "ones", "empty"):
            monkeypatch.setattr(torch, name, guard(getattr(torch, name)))
        (tmp_path / "big.yaml").write_text(
            "deck: big\ntitle: t\nquestions:\n"
            "  - id: huge-given\n    title: t\n    prompt: p\n"
            "    dims: {a: 60..64, b: 50..55, c: 40..45, d: 30..35, e: 20..25, f: 10..15}\n"
            f"    given:\n      x: {{shape: [a, b, c, d, e, f], init: {init}}}\n"
            "    forward: [y = sum(x)]\n    wrt: x\n    answer: ones(a, b, c, d, e, f)\n",
            encoding="utf-8",
        )
        from trainer.oracle import validate_bank

        bank = load_bank([tmp_path])
        validate_bank(bank)
        assert [p.id for p in bank.problems] == ["huge-given"]
        assert "huge-given" not in bank.questions

    def test_unreadable_file(self, tmp_path: Path, monkeypatch) -> None:
        path = tmp_path / "secret.yaml"
        path.write_text("deck: a\ntitle: t\nquestions: []\n", encoding="utf-8")
        real_open = Path.open

        def denied(self: Path, *args, **kwargs):  # chmod 0 does not stop root, who runs CI
            if self.name == "secret.yaml":
                raise PermissionError(13, "Permission denied", str(self))
            return real_open(self, *args, **kwargs)

        monkeypatch.setattr(Path, "open", denied)
        bank = load_bank([tmp_path])
        assert len(bank.problems) == 1
        assert bank.problems[0].line == 1
        assert "Permission denied" in bank.problems[0].format()

    def test_a_fifo_or_a_device_is_never_read(self, tmp_path: Path) -> None:
        import os

        os.mkfifo(tmp_path / "pipe.yaml")  # opening it would wait for a writer forever
        (tmp_path / "zero.yaml").symlink_to("/dev/zero")  # reading it would never end
        assert load_bank([tmp_path]).problems == []  # in a folder: not question files at all
        bank = load_bank([tmp_path / "pipe.yaml", tmp_path / "zero.yaml"])  # named: refused
        assert sorted(p.path.name for p in bank.problems) == ["pipe.yaml", "zero.yaml"]
        assert all("not a regular file" in p.format() for p in bank.problems)

    def test_errors_are_only_trainer_errors(self, tmp_path: Path) -> None:
        """Nothing in a file escapes as a Python exception from the loader."""
        for i, text in enumerate(
            [
                "deck: [a, b]\ntitle: t\nquestions: []\n",
                "deck: a\ntitle: t\nquestions: {a: 1}\n",
                "deck: a\ntitle: t\nquestions: [1, 2, null]\n",
                "deck: a\ntitle: t\nquestions:\n  - {id: q, title: t, prompt: p, given: 1}\n",
                "deck: a\ntitle: t\nquestions:\n  - {id: q, title: t, prompt: p, dims: [1]}\n",
                "? [a, b]\n: c\n",
                "deck: a\ntitle: t\nquestions:\n  - id: q\n    title: t\n    prompt: p\n"
                "    given: {x: {value: [[1, 2], [3]]}}\n    forward: [y = sum(x)]\n    wrt: x\n"
                "    answer: ones(2)\n",
            ]
        ):
            (tmp_path / f"f{i}.yaml").write_text(text, encoding="utf-8")
        try:
            bank = load_bank([tmp_path])
        except TrainerError:
            pytest.fail("load_bank reports problems, it does not raise")
        assert len({p.path for p in bank.problems}) == 7
