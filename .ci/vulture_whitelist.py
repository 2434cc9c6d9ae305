"""Names vulture cannot see used: each is reached from outside trainer/'s own code.

vulture reads this file as code that uses the names below (`_` is any object). Keep a name here
only with its reason; anything else vulture reports is dead and should go.
"""

# ruff: noqa: B018, F821
from trainer.app.app import TrainerApp
from trainer.course.assignment import Assignment
from trainer.notation.evaluate import Evaluator
from trainer.practice.i18n import Labels
from trainer.questions.model import Question

TrainerApp.search_themes  # overrides Textual's App.search_themes (the "Theme" command)
TrainerApp.TEXTUAL_LABELS  # Textual's own labels, here for the catalog scan to find
_.parameters  # an argument of Textual's check_action, which the override ignores
Labels.__call__  # `labels("...")`
Question.prompt  # a field read by name: question.text("prompt")
Assignment.slug  # the assignment's id, read by tests and by callers of load_assignment
Evaluator.evaluate_text  # an entry point the notation's tests use

# trainer.questions: a module __getattr__ loads the public names lazily
__getattr__

# trainer/cli.py dispatches commands by name: ("questions", "list_questions")
list_questions

AnswerInput._on_paste  # Textual calls it on a bracketed paste (events.Paste)
styles.max_height  # Textual reads it when laying out the deck table
