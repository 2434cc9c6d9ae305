"""At 80x24 and 120x40 the question screen, the walkthrough and the dialogs over them keep
what they need in view or within a scroll, in English and in Chinese: a prompt longer than the
terminal, a diagnosis longer than the verdict's share of it, a numeric instance of an 11×6 and
of a 12×12 matrix (the largest the view shows whole), and the computation graph."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from rich.cells import cell_len
from textual.containers import VerticalScroll
from textual.widgets import Static, Tree
from ui_helpers import (
    LAYOUT,
    VALID,
    answer,
    assert_fits,
    assert_reachable,
    assert_reached_by,
    assert_shown,
    first_question,
    footer_line,
    text_of,
    type_answer,
    wait_until,
)

from trainer.app.app import TrainerApp
from trainer.app.screens.graph import GraphScreen
from trainer.app.screens.instance import InstanceScreen
from trainer.app.screens.walkthrough import WalkthroughScreen
from trainer.app.widgets.answer_box import AnswerBox
from trainer.app.widgets.verdict import VerdictScroll
from trainer.practice.i18n import Labels

Make = Callable[..., TrainerApp]
SIZES = [(80, 24), (120, 40)]
sizes = pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
langs = pytest.mark.parametrize("lang", ["en", "zh"])

LONG = {
    "en": ("Last line of the prompt", "Last words of the message."),
    "zh": ("题目的最后一行", "这是消息的最后一句。"),
}


def assert_box_in_view(app: TrainerApp) -> None:
    """The answer box is drawn whole inside the terminal, above the footer."""
    box = app.screen.query_one(AnswerBox).input
    assert box.region.height == 3 and box.region.bottom <= app.size.height - 1


async def assert_whole_verdict(pilot, box: AnswerBox) -> None:
    """The verdict's last word comes into view in its scroll, the answer box staying put;
    when it is longer than its room, Tab reaches it and End scrolls it (Shift+Tab goes back
    to the answer)."""
    last_word = text_of(box.verdict).split()[-1]
    scroll = box.query_one(VerdictScroll)
    if scroll.max_scroll_y > 0:
        await pilot.press("tab")
        assert pilot.app.focused is scroll
        await pilot.press("end")
        assert_shown(pilot.app, last_word)
        await pilot.press("shift+tab")
        assert pilot.app.focused is box.input
    await assert_reachable(pilot, scroll, last_word)
    assert_box_in_view(pilot.app)


@sizes
@langs
async def test_a_long_prompt_and_a_long_diagnosis_can_be_read_whole(
    make: Make, size: tuple[int, int], lang: str
) -> None:
    app = make(question_paths=[LAYOUT / "long.yaml"], lang=lang)
    t = Labels(lang)
    prompt_end, message_end = LONG[lang]
    async with app.run_test(size=size) as pilot:
        screen = await first_question(pilot)
        assert_fits(app)
        assert_shown(app, "∂loss/∂W")
        assert_box_in_view(app)
        footer = footer_line(app)
        assert f"esc {t('End session')}" in footer and f"? {t('Help')}" in footer
        await answer(pilot, "(m, n)")
        await answer(pilot, "outer(x, ones(m))")
        assert message_end in text_of(screen.box.verdict)
        assert_fits(app)
        await assert_whole_verdict(pilot, screen.box)
        await assert_reached_by(pilot, "pagedown", prompt_end)  # the answer box keeps the focus
        assert_box_in_view(app)


@sizes
@langs
async def test_the_walkthrough_keeps_its_chain_box_and_whole_verdict(
    make: Make, size: tuple[int, int], lang: str
) -> None:
    app = make(question_paths=[VALID.parent / "walk"], lang=lang)
    t = Labels(lang)
    async with app.run_test(size=size) as pilot:
        await first_question(pilot)
        await pilot.press("ctrl+b")
        await wait_until(pilot, lambda: isinstance(app.screen, WalkthroughScreen))
        walk = app.screen
        assert isinstance(walk, WalkthroughScreen)
        await type_answer(pilot, "g")
        await wait_until(pilot, lambda: walk.index == 1)
        await type_answer(pilot, "dh * z")
        await wait_until(pilot, lambda: not walk.checking and bool(text_of(walk.box.verdict)))
        assert_fits(app)
        assert_shown(app, "h = relu(z)", "← dz ?", "dloss = 1")
        footer = footer_line(app)
        assert f"esc {t('Back to the question')}" in footer and f"? {t('Help')}" in footer
        await assert_whole_verdict(pilot, walk.box)


async def open_instance(pilot, wrong: str) -> InstanceScreen:
    """On a matrix question: the right shape, a wrong value, then the numbers, once built."""
    await first_question(pilot)
    await answer(pilot, "(m, n)" if "wide" in wrong else "(n, n)")
    await answer(pilot, wrong.removeprefix("wide:"))
    await pilot.press("ctrl+n")
    app = pilot.app
    await wait_until(pilot, lambda: isinstance(app.screen, InstanceScreen))
    screen = app.screen
    assert isinstance(screen, InstanceScreen)
    await wait_until(pilot, lambda: "[" in text_of(screen.query_one("#instance-body", Static)))
    return screen


@sizes
@langs
@pytest.mark.parametrize(
    ("deck", "wrong"), [("wide.yaml", "wide:outer(x, y)"), ("square.yaml", "outer(x, y)")]
)
async def test_a_matrix_instance_is_never_cut_nor_wrapped(
    make: Make, size: tuple[int, int], lang: str, deck: str, wrong: str
) -> None:
    app = make(question_paths=[LAYOUT / deck], lang=lang)
    t = Labels(lang)
    async with app.run_test(size=size) as pilot:
        screen = await open_instance(pilot, wrong)
        assert_fits(app)
        assert_shown(app, t("A small numeric instance"), t("Esc to close"))
        body = screen.query_one("#instance-body", Static)
        lines = text_of(body).rstrip().splitlines()
        assert max(cell_len(line) for line in lines) <= body.content_size.width
        assert len(lines) == body.content_size.height  # no line wrapped in two
        await assert_reachable(pilot, screen.query_one(VerticalScroll), lines[-1].strip())
        assert_shown(app, t("Esc to close"))


@sizes
@langs
async def test_the_graph_of_a_matrix_question_shows_every_node(
    make: Make, size: tuple[int, int], lang: str
) -> None:
    app = make(question_paths=[LAYOUT / "wide.yaml"], lang=lang)
    t = Labels(lang)
    async with app.run_test(size=size) as pilot:
        await first_question(pilot)
        await pilot.press("ctrl+g")
        await wait_until(pilot, lambda: isinstance(app.screen, GraphScreen))
        tree = app.screen.query_one(Tree)
        await wait_until(pilot, lambda: bool(tree.root.children))
        assert_fits(app)
        assert_shown(app, t("Computation graph"), t("Esc to close"), "y = W @ x")
        await assert_reachable(pilot, tree, f"x  (n,)  {t('given')}")


@sizes
async def test_a_long_walkthrough_keeps_the_step_asked_in_view(
    make: Make, size: tuple[int, int]
) -> None:
    app = make(question_paths=[LAYOUT / "chain.yaml"])
    async with app.run_test(size=size) as pilot:
        await first_question(pilot)
        await pilot.press("ctrl+b")
        await wait_until(pilot, lambda: isinstance(app.screen, WalkthroughScreen))
        walk = app.screen
        assert isinstance(walk, WalkthroughScreen)
        for number, step in enumerate(walk.steps[:-1]):
            assert walk.index == number
            await pilot.pause()
            assert_shown(app, f"← {step.name} ?")
            await pilot.press("ctrl+r")
            await wait_until(pilot, lambda n=number: walk.index == n + 1)
        await pilot.pause()
        assert_shown(app, f"← {walk.steps[-1].name} ?")
        assert_box_in_view(app)


@sizes
async def test_the_graphs_longest_label_is_reached_by_scrolling_sideways(
    make: Make, size: tuple[int, int]
) -> None:
    """Once revealed, each node carries its gradient's values: a label wider than the dialog
    scrolls sideways (→ on the tree), so its last entries can be read."""
    app = make(question_paths=[LAYOUT / "wide.yaml"])
    async with app.run_test(size=size) as pilot:
        await first_question(pilot)
        await pilot.press("ctrl+r", "ctrl+r", "ctrl+g")
        await wait_until(pilot, lambda: isinstance(app.screen, GraphScreen))
        tree = app.screen.query_one(Tree)
        await wait_until(pilot, lambda: bool(tree.root.children))
        labels = []
        nodes = list(tree.root.children)
        while nodes:
            node = nodes.pop()
            labels.append(str(node.label))
            nodes += node.children
        longest = max(labels, key=cell_len)
        assert longest.endswith("]")  # a gradient's values
        while tree.scroll_x < tree.max_scroll_x:
            await pilot.press("right")
        assert_shown(app, longest[-12:])


async def test_the_verdict_keeps_its_share_when_the_terminal_shrinks(make: Make) -> None:
    app = make(question_paths=[LAYOUT / "long.yaml"])
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await first_question(pilot)
        await answer(pilot, "(m, n)")
        await answer(pilot, "outer(x, ones(m))")
        scroll = screen.box.query_one(VerdictScroll)
        assert scroll.max_scroll_y == 0  # the whole message in view
        await pilot.resize_terminal(80, 24)
        await wait_until(pilot, lambda: app.size == (80, 24))
        assert_fits(app)
        assert scroll.region.height < 10 and scroll.max_scroll_y > 0
        await assert_whole_verdict(pilot, screen.box)
