"""What batch grading and the course tools say of grade lines and submissions.

Part of the one message catalog (`trainer.catalog`); the English template is the gettext msgid.
"""

from __future__ import annotations

GRADING: dict[str, str] = {
    # --- batch grading -----------------------------------------------------------------
    "kind_flag": "kind may only be differential (a differential answer), and not with shape.",
    "line_not_object": "This line is not a JSON object with id and answer.",
    "unknown_id": "Unknown question id {id}.{closest}",
    "answer_not_text": "answer must be a string.",
    "shape_flag": "shape must be true or false, and does not apply to a choice question.",
    "seed_not_int": "seed must be an integer from -2**63 to 2**63 - 1.",
    "line_not_utf8": "This line is not valid UTF-8.",
    "line_too_long": "This line is longer than {limit} bytes.",
    "step_flag": "step must name a node of the walkthrough, and does not go with shape.",
    "question_broken": "The question cannot be run: {error}",
    "too_slow": "Checking this question takes more than {seconds} seconds: make its sizes or "
    "its forward pass smaller.",
    "question_too_much_work": "The forward and backward passes take too much work; the limit "
    "is {limit} operations a trial.",
    "question_peak_memory": "One trial of this question would hold {count} elements at once "
    "(its values and their gradients); the limit is {limit}: make its sizes or its forward "
    "pass smaller.",
    "question_kept_memory": "The {trials} trials of this question would keep {count} elements "
    "together; the limit is {limit}: make its sizes or its forward pass smaller.",
    "steps_without_walkthrough": "steps is given, but the question has no walkthrough: {reason}",
    "not_a_step": "{name} is not a step of the walkthrough; its steps are {steps}.",
    "step_invalid": "The step {name} cannot be evaluated: {error}",
    "step_wrong": "The step {name} is judged wrong: {message}",
    # --- course grading ------------------------------------------------------------------
    "at_line": "line {line}: {message}",
    "assignment_not_mapping": "An assignment file is a mapping with assignment, title and "
    "questions.",
    "assignment_no_questions": "questions must list at least one question.",
    "assignment_invalid": "{count} problem(s) in the assignment: nothing was graded.",
    "bad_points": "points must be a number above 0 and at most {limit}, not {value!r}.",
    "bad_parts": "parts must be shape, value, differential or choice, or a list of them "
    "without repeats, not {value!r}.",
    "part_differential_only": "{id} asks for a differential: its parts are shape and "
    "differential, not {part}.",
    "part_choice_only": "{id} is a choice question: its one part is choice, not {part}.",
    "part_not_choice": "{id} asks for a gradient: its parts are shape and value, not choice.",
    "assigned_twice": "{id} is already in the assignment (line {line}).",
    "question_not_loaded": "The question {id} does not load: {problem}",
    "question_not_runnable": "The question {id} cannot be graded: {problem}",
    "no_answer": "no answer",
    "no_answer_near": "no answer (line {line} has {key}: did you mean {name}?)",
    "ungradable": "This submission cannot be graded: {reason}",
    "submission_missing": "There is no file {name} to grade: hand in the answers as one YAML "
    "or JSON file.",
    "submission_not_mapping": "A submission maps question ids to answers (such as act-relu: "
    "g * step(z)), but this file is not a mapping.",
    "submission_unknown_id": "{key} is not a question of this assignment, so its answer is "
    "not graded.{closest}",
    "submission_unknown_part": "{id} has no part {key} here (its parts are {parts}), so it is "
    "not graded.{closest}",
    "submission_bad_key": "{key} is not a question id, so its answer is not graded.",
    "submission_duplicate": "{key} is given twice; the last one is graded.",
    "more_notes": "And {count} more notes like these.",
    "answer_not_text_value": "The answer to {label} is {what}, not text: write it in quotes.",
    "what_bool": "true or false",
    "what_list": "a list",
    "what_mapping": "a mapping",
    "what_other": "a value of another kind",
    "summary": "{title}: {points} of {max} points.",
    "usage_no_submission": "grade --assignment needs at least one submission file.",
    "usage_one_submission": "--format {format} writes the results of one submission; "
    "{count} were given.",
    "usage_jobs": "--jobs must be a whole number of processes (0 for every core), not {jobs}.",
    "cannot_write": "Cannot write {path}: {reason}",
    "worker_died": "A grading process ended abruptly (out of memory?), so nothing was written; "
    "try again with fewer --jobs.",
    "helper_restarted": "The helper process of the grading pool (its resource tracker) ended "
    "during grading and was started again; the results are complete.",
    "report_unreadable": "Cannot read {path}: {reason}",
    "report_nothing": "No verdict lines in {path} ({skipped} line(s) skipped): give the JSON "
    "lines of trainer grade --assignment.",
    "report_students": "{students} student(s), {parts} part(s).",
    "report_part": "{label}: {right} of {total} right",
    "report_part_unanswered": "{label}: {right} of {total} right ({unanswered} without an answer)",
    "report_code": "    {diagnosis} ×{count}",
    "report_code_example": "    {diagnosis} ×{count}, e.g. {example}",
    "report_skipped": "{count} line(s) skipped: not a verdict object of trainer grade.",
}
