"""The backward walkthrough at the plain prompt: the forward pass in the order backward visits
it, then one `step dz> ` prompt per node, each reply judged against the true adjoints (so a
slip in one step never spoils the next) and recorded as the app records a step."""

from __future__ import annotations

from trainer.oracle import INVALID
from trainer.plain.commands import Next, find_command, is_command
from trainer.plain.render import chain_lines, instance_lines, step_lines, step_prompt, verdict_line
from trainer.plain.sitting import Sitting
from trainer.practice.engine import EngineError
from trainer.practice.outcomes import StepRecord, Walked, step_part, walked
from trainer.questions import Question


class WalkPrompt:
    def __init__(self, sitting: Sitting, question: Question) -> None:
        self.sitting = sitting
        self.question = question
        self.t = sitting.labels
        self.walkthrough = sitting.engine.walkthrough(question)
        self.steps = self.walkthrough.steps
        self.records = [StepRecord() for _ in self.steps]
        self.index = 0
        self.started = sitting.now()

    def run(self) -> tuple[Next, Walked | None]:
        """(Next.DONE, how it went) after the last step; (Next.ASK, None) when the
        learner went back to the question; (Next.QUIT, None) when the session ends."""
        self.sitting.say(self._chain())
        try:
            ended = self._ask()
        except KeyboardInterrupt:
            self.sitting.say()
            ended = Next.QUIT
        if ended is not Next.DONE:
            return ended, None
        self.sitting.say(self.t("The chain rule is written out:"))
        self.sitting.say(self._chain())
        self._say_composed()
        return Next.DONE, walked(self.records)

    def _say_composed(self) -> None:
        try:
            answer = self.sitting.engine.composed(self.question)
        except EngineError:
            return
        if answer is not None:
            self.sitting.say(self.t("Composed, the steps give the answer: {answer}", answer=answer))

    def _chain(self) -> str:
        w = self.walkthrough
        line = next(line for line in self.question.forward if line.name == w.of)
        seed = f"{w.adjoint_name(w.of)} = {w.seed}"
        return chain_lines(
            self.question,
            f"{line.name} = {line.expression}",
            seed,
            self.steps,
            self.records,
            self.t,
        )

    def _ask(self) -> Next:
        shown = -1
        while self.index < len(self.steps):
            step = self.steps[self.index]
            if shown != self.index:
                self.sitting.say(step_lines(step, self.index + 1, len(self.steps), self.t))
                shown = self.index
            reply = self.sitting.terminal.ask(step_prompt(step))
            if reply is None:
                self.sitting.say()
                return Next.QUIT
            if is_command(reply):
                command = find_command(reply)
                if command is None:
                    self.sitting.unknown(reply)
                    continue
                next_step = command.run(self)
                if next_step is not Next.ASK:
                    return next_step
            else:
                self._answer(reply)
        return Next.DONE

    def _answer(self, reply: str) -> None:
        q, node = self.question, self.steps[self.index].node
        verdict = self.sitting.engine.judge(q, reply, "step", node)
        tone = "good" if verdict.correct else "note" if verdict.verdict == INVALID else "bad"
        self.sitting.say(verdict_line(verdict, self.t), tone)
        if verdict.verdict == INVALID:
            return
        record = self.records[self.index]
        record.attempts += 1
        now = self.sitting.now()
        seconds, self.started = (now - self.started).total_seconds(), now
        self.sitting.record_attempt(
            q, step_part(node), reply, verdict.verdict, record.helped, seconds
        )
        if not verdict.correct:
            record.helped = record.missed = True
            return
        record.answer = reply
        self.index += 1

    # --- the commands ---------------------------------------------------------------------------

    def hint(self) -> Next:
        record = self.records[self.index]
        record.helped = True
        hint = self.sitting.engine.step_hint(
            self.question, self.steps[self.index].node, record.hints
        )
        record.hints += 1
        self.sitting.say(self.t.join(self.t("Hint:"), hint.text(self.t.lang)))
        return Next.ASK

    def reveal(self) -> Next:
        engine, node = self.sitting.engine, self.steps[self.index].node
        try:
            reference = engine.reference(self.question, node)
            instance = (
                engine.instance(self.question, None, node) if reference.text is None else None
            )
        except EngineError as error:
            self.sitting.say(error.text, "note")
            return Next.ASK
        record = self.records[self.index]
        record.helped = record.revealed = record.missed = True
        record.answer = reference.text or (instance.expected if instance is not None else "?")
        said = self.t("Revealed: {answer}", answer=record.answer)
        if reference.reason is not None:  # a bound it could not be written out within
            said = self.t.join(reference.reason.text(self.t.lang), said)
        self.sitting.say(said)
        why = engine.step_why(self.question, node).text(self.t.lang)
        self.sitting.say(self.t("Why: {reason}", reason=why))
        self.index += 1
        return Next.ASK

    def numbers(self) -> Next:
        node = self.steps[self.index].node
        try:
            instance = self.sitting.engine.instance(self.question, None, node)
        except EngineError as error:
            self.sitting.say(error.text, "note")
            return Next.ASK
        self.records[self.index].helped = True  # the step's values, in numbers
        self.sitting.say(instance_lines(instance, node, self.t))
        return Next.ASK

    def walk(self) -> Next:
        self.sitting.say(self.t("You are in the walkthrough already."))
        return Next.ASK

    def skip(self) -> Next:
        """Leave the walkthrough for the question (done steps are recorded already)."""
        self.sitting.say(self.t("Back to the question."))
        return Next.BACK

    def skills(self) -> Next:
        return self.sitting.skills()

    def help(self) -> Next:
        return self.sitting.help()

    def quit(self) -> Next:
        return Next.QUIT
