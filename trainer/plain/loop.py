"""A plain practice session from start to summary: plan it as the app plans a deck (one deck
chosen) or mixed practice (several), ask each question in turn, record everything through the
same progress, and end cleanly on `:quit`, the end of input or Ctrl-C."""

from __future__ import annotations

from trainer.plain.commands import Next
from trainer.plain.question import QuestionPrompt
from trainer.plain.render import summary_lines
from trainer.plain.sitting import Sitting
from trainer.plain.terminal import Terminal
from trainer.practice.i18n import Labels
from trainer.practice.opening import OpenedPractice
from trainer.practice.outlook import outlook, review_text, weakest_text
from trainer.practice.session import DECK, MIXED, Session
from trainer.practice.sitting import plan_sitting


def run_plain(opened: OpenedPractice, terminal: Terminal) -> None:
    """The whole session; progress is written as it goes, so any way out keeps it."""
    t = Labels(opened.engine.lang)
    for notice in opened.notices:
        terminal.say(t(notice.text, **notice.params), "note")
    bank, progress = opened.bank, opened.progress
    mode = DECK if len(bank.decks) == 1 else MIXED
    now = progress.clock()
    terminal.say(outlook_lines(opened, t))
    deck_id = bank.decks[0].id if bank.decks else None
    questions = plan_sitting(bank, mode, progress.cards(), now, deck_id)
    if not questions:
        terminal.say(t("No questions to practise."))
        return
    session = Session(mode, questions, now, progress.start_session(mode))
    sitting = Sitting(opened, terminal, session, t)
    progress.on_trouble = lambda notice: terminal.say(t(notice.text, **notice.params), "note")
    sitting.start_background()
    try:
        terminal.say(t("Type :help for the commands."))
        _ask_all(sitting)
    finally:
        sitting.stop_background()
        progress.end_session(session.session_id)
    if session.results:
        terminal.say()
        terminal.say(summary_lines(session.summary(progress.clock()), t))
        terminal.say(outlook_lines(opened, t))


def outlook_lines(opened: OpenedPractice, t: Labels) -> str:
    """What is due today or when the next review is, and the weakest tags when nothing is."""
    questions, progress = opened.bank.questions(), opened.progress
    now = progress.clock()
    seen = outlook(questions, progress.cards(), progress.tag_accuracy(questions), now)
    lines = [review_text(seen, now.astimezone().date(), t)]
    if not seen.due_today and seen.weakest:
        lines.append(weakest_text(seen, t))
    return "\n".join(lines)


def _ask_all(sitting: Sitting) -> None:
    session = sitting.session
    while not session.finished:
        sitting.drop_invalid()
        question = session.current
        if question is None:
            return
        sitting.say()
        prompt = QuestionPrompt(sitting, question, session.index + 1, len(session.questions))
        try:
            ended = prompt.run()
        except KeyboardInterrupt:  # between two prompts: the question is finished or untried
            return
        if ended is Next.QUIT:
            return
