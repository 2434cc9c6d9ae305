"""One question at the plain prompt: its parts (shape, value or choice) in turn, each reply
judged by the engine and recorded as the app records it; the commands of `commands.py`.

The outcome follows the app's rules (`practice.outcomes`): right first time with no hint, no
numbers and no wrong try; revealed; skipped; a finished walkthrough answers the question.
"""

from __future__ import annotations

from trainer.messages import pick_text
from trainer.oracle import INVALID, no_walkthrough
from trainer.plain.commands import Next, find_command, is_command
from trainer.plain.render import (
    PROMPTS,
    instance_lines,
    part_line,
    question_lines,
    solution_lines,
    verdict_line,
)
from trainer.plain.sitting import Sitting
from trainer.plain.walk import WalkPrompt
from trainer.practice.engine import EngineError
from trainer.practice.outcomes import REVEALED, SKIPPED, QuestionResult, solved_outcome
from trainer.practice.session import RETURNING
from trainer.questions import Question
from trainer.questions.model import AnswerKind


class QuestionPrompt:
    def __init__(self, sitting: Sitting, question: Question, number: int, total: int) -> None:
        self.sitting = sitting
        self.question = question
        self.number = number
        self.total = total
        self.t = sitting.labels
        self.parts = [AnswerKind(part) for part in question.ask]
        self.part_index = 0
        self.attempts = 0
        self.correct = 0
        self.walk_missed = False
        self.hint_used = False
        self.last_wrong: str | None = None  # the last wrong value answer, for :numbers
        self.started = sitting.now()

    @property
    def part(self) -> AnswerKind:
        return self.parts[self.part_index]

    def run(self) -> Next:
        """Ask until the question is done (Next.DONE) or the session ends (Next.QUIT); the end
        of input and Ctrl-C end it too, the question counted as a skip if it was tried."""
        q, say = self.question, self.sitting.say
        deck = self.sitting.opened.bank.deck(q.deck)
        title = pick_text(deck.title, self.t.lang) if deck else q.deck
        say(question_lines(q, title, self.number, self.total, self.t))
        if self.sitting.session.returning:
            say(self.t(RETURNING))
        try:
            return self._ask()
        except KeyboardInterrupt:
            say()
            return self.quit()

    def _ask(self) -> Next:
        shown = -1
        while True:
            if shown != self.part_index:
                self.sitting.say(part_line(self.question, self.part, self.t))
                shown = self.part_index
            reply = self.sitting.terminal.ask(PROMPTS[self.part])
            if reply is None:
                self.sitting.say()
                return self.quit()
            if is_command(reply):
                command = find_command(reply)
                if command is None:
                    self.sitting.unknown(reply)
                    continue
                next_step = command.run(self)
            else:
                next_step = self._answer(reply)
            if next_step is not Next.ASK:
                return next_step

    def _answer(self, reply: str) -> Next:
        verdict = self.sitting.engine.judge(self.question, reply, self.part)
        tone = "good" if verdict.correct else "note" if verdict.verdict == INVALID else "bad"
        self.sitting.say(verdict_line(verdict, self.t), tone)
        if verdict.verdict == INVALID:
            return Next.ASK  # not an attempt, as in the app
        now = self.sitting.now()
        seconds, self.started = (now - self.started).total_seconds(), now
        self.attempts += 1
        self.correct += verdict.correct
        self.sitting.record_attempt(
            self.question, self.part, reply, verdict.verdict, self.hint_used, seconds
        )
        if not verdict.correct:
            if self.part == AnswerKind.VALUE:
                self.last_wrong = reply
            return Next.ASK
        if self.part_index + 1 < len(self.parts):
            self.part_index += 1
            return Next.ASK
        return self._done(revealed=False)

    # --- finishing ------------------------------------------------------------------------------

    def _done(self, revealed: bool, walked: bool = False) -> Next:
        q = self.question
        shape = self.sitting.engine.expected_shape(q) if q.asks(AnswerKind.SHAPE) else None
        solution = solution_lines(q, self.t, revealed, shape, walked)
        if solution:
            self.sitting.say(solution)
        outcome = (
            REVEALED if revealed else solved_outcome(self.hint_used, self.attempts, self.correct)
        )
        self.sitting.finish(self._result(outcome))
        return Next.DONE

    def _result(self, outcome: str) -> QuestionResult:
        q = self.question
        parts = tuple(self.parts)
        return QuestionResult(
            q.id,
            q.deck,
            outcome,
            q.tags,
            self.attempts,
            self.correct,
            self.hint_used,
            parts,
            self.walk_missed,
        )

    # --- the commands ---------------------------------------------------------------------------

    def hint(self) -> Next:
        hint = self.question.text("hint", self.t.lang).strip()
        if not hint:
            self.sitting.say(self.t("This question has no hint."))
            return Next.ASK
        self.hint_used = True
        self.sitting.say(self.t.join(self.t("Hint:"), hint))
        return Next.ASK

    def reveal(self) -> Next:
        self.sitting.say(self.t("Revealed."))
        return self._done(revealed=True)

    def numbers(self) -> Next:
        if self.question.is_choice:
            self.sitting.say(self.t("A choice question has no numbers."))
            return Next.ASK
        try:
            instance = self.sitting.engine.instance(self.question, self.last_wrong)
        except EngineError as error:
            self.sitting.say(error.text, "note")
            return Next.ASK
        self.hint_used = True  # the expected values are the answer, in numbers
        self.sitting.say(instance_lines(instance, self.question.wrt or "", self.t))
        return Next.ASK

    def walk(self) -> Next:
        why_not = no_walkthrough(self.question)
        if why_not is not None:
            self.sitting.say(why_not.text(self.t.lang))
            return Next.ASK
        ended, walked = WalkPrompt(self.sitting, self.question).run()
        if ended is Next.QUIT:
            return self.quit()
        if walked is None:  # left before the end: back to the question
            self.sitting.say(part_line(self.question, self.part, self.t))
            return Next.ASK
        self.walk_missed = walked.missed
        if not walked.first_try:
            self.hint_used = True  # right after help: a hard recall
        self.attempts += 1
        self.correct += 1
        self.sitting.say(self.t("Walked through to the end."), "good")
        return self._done(revealed=False, walked=True)

    def skip(self) -> Next:
        self.sitting.say(self.t("Skipped."))
        self.sitting.finish(self._result(SKIPPED))
        return Next.DONE

    def skills(self) -> Next:
        return self.sitting.skills()

    def help(self) -> Next:
        return self.sitting.help()

    def quit(self) -> Next:
        """End the session; a question with checked answers still counts, as a skip (a lapse
        when one of them was wrong), as when the app's session is ended."""
        if self.attempts:
            self.sitting.finish(self._result(SKIPPED))
        return Next.QUIT
