"""The one catalog of message templates the engine speaks in.

Every message the notation, loader and oracle produce is a `Msg`: a key from `TEMPLATES` and
its parameters. The English template doubles as the gettext msgid, so `trainer/locale/*/
LC_MESSAGES/trainer.po` translates it and the app can show any engine message in Chinese.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

LOCALE_DIR = Path(__file__).parent / "locale"
DOMAIN = "trainer"

TEMPLATES: dict[str, str] = {
    # --- reading an answer ---------------------------------------------------------------
    "empty": "Type an answer.",
    "too_long": "The answer is {length} characters long; the limit is {limit}.",
    "too_deep": "Brackets are nested {depth} deep; the limit is {limit}.",
    "too_complex": "The expression chains more than {limit} operations; split it up.",
    "syntax": "Cannot read this at column {column}.",
    "incomplete": "The answer ends too early: something must follow {op}.",
    "missing_operator": "Two values stand side by side: put an operator between them, "
    "such as W @ x (matrix product) or W * x (elementwise).",
    "unclosed": "A bracket opened here is never closed.",
    "unmatched": "This closing bracket has no opening one.",
    "bad_character": "The character {char!r} is not part of the notation.",
    "implicit_number": "Write {number}*{name} for a product: {text} is not a number.",
    "implicit_product": "{name} is not a name here. Did you mean {suggestion}?",
    "not_allowed": "{construct} is not part of the notation.",
    "unknown_name": "Unknown name {name}.{closest} Known names: {known}.",
    "closest": " Did you mean {closest}?",
    "unknown_function": "Unknown function {name}.{closest} Functions: {known}. To multiply, "
    "put * or @ before the bracket.",
    "assignment": "Type only the expression, without name =.",
    "function_as_name": "{name} is a function: write {name}(...).",
    "not_a_method": ".{name}() is not part of the notation; methods are {methods}.",
    "attribute": ".{name} is not part of the notation; only .T (transpose) is.",
    "keyword": "The keywords are dim= (of {dim_functions}) and keepdim=True (of "
    "{keepdim_functions}); {name}= is not known here.",
    "keepdim_value": "keepdim takes True or False.",
    "keepdim_needs_dim": "keepdim=True keeps a dimension: give {name} the dimension to reduce.",
    "bool_outside_keepdim": "{value} is only the value of keepdim=.",
    "comment": "# is not part of the notation (Python would read the rest as a comment).",
    "number_spelling": "Write numbers in decimal, such as 10 or 0.5: {text} is not part of the "
    "notation.",
    "superscript": "Write a power as x^2 or x**2: {char} is not part of the notation.",
    "grad_outside_walkthrough": "grad(...) names the adjoint of a node in a walkthrough step, "
    "not here.",
    "grad_unknown": "grad({name}) is not known in this step; adjoints here: {known}.",
    "arity": "{name} takes {expected} argument(s), not {given}.",
    "tuple": "A tuple is not a tensor: write [1, 2] for a vector.",
    "literal_entries": "Entries of a tensor literal must be numbers.",
    "ragged": "Rows of a tensor literal must all have the same length.",
    "chained_compare": "Compare two things at a time: a < b, not a < b < c.",
    # --- evaluating an answer ------------------------------------------------------------
    "broadcast": "{op} needs matching shapes (or ones that broadcast): {left} {op} {right}.",
    "matmul_inner": "@ needs matching inner sizes: {left} @ {right}.{fix}",
    "matmul_fix": " With {name} transposed they would match.",
    "matmul_scalar": "@ needs tensors of at least one dimension, not {left} @ {right}; "
    "use * to scale.",
    "needs_vector": "{name} needs vectors, not {shape}.",
    "dot_sizes": "dot needs two vectors of one size: {left} and {right}.",
    "needs_matrix": "{name} needs a matrix, not {shape}.",
    "needs_square": "{name} needs a square matrix, not {shape}.",
    "diag_shape": "diag takes a vector or a matrix, not {shape}.",
    "reduce_dim": "{name} over dimension {dim} needs a tensor with that dimension; "
    "the shape is {shape}.",
    "size_argument": "{name} takes sizes: whole numbers of at least 0, not {value}.",
    "dim_argument": "The dimension of {name} must be a whole number, not {value}.",
    "exponent": "The exponent {value} is outside [{low}, {high}].",
    "number_too_large": "A number in the answer is too large.",
    "too_many_elements": "That would build a tensor of {count} elements; the limit is {limit}.",
    "too_many_dims": "That would build a tensor of {ndim} dimensions; the limit is {limit}.",
    "size_too_large": "That would build a tensor with a dimension of size {size}; the limit is "
    "{limit}.",
    "too_much_work": "This takes too much work to evaluate; the limit is {limit} operations.",
    "cannot_evaluate": "Cannot evaluate {what}: {reason}",
    # --- shape answers -------------------------------------------------------------------
    "shape_syntax": "Write a shape such as (m, n), (n,) or scalar.",
    "after_shape": "The shape ends at its closing bracket; remove what follows it.",
    "shape_unknown": "{name} is not a dimension of this question; dimensions: {known}.",
    # --- verdicts ------------------------------------------------------------------------
    "correct": "Correct.",
    "wrong_choice": "Not this one.",
    "choice_range": "Choose a number from 1 to {count}.",
    "choice_syntax": "Type the number of a choice, from 1 to {count}.",
    "mistake": "{says}",
    "subject_gradient": "The gradient",
    "subject_adjoint": "The adjoint of {node}",
    "transposed": "{subject} has {wrt}'s shape {expected}, not {shape}: yours is transposed.",
    "transposed_shape": "{subject} has {wrt}'s shape {expected}, not the transposed {shape}.",
    "reshaped": "The right values in the wrong shape: {shape} is not {expected}.",
    "missing_sum": "{subject} has {wrt}'s shape {expected}: sum yours over dimension {dim} "
    "(size {size}), adding up the contributions along it.",
    "wrong_shape": "{subject} has {wrt}'s shape {expected}; yours is {shape}.",
    "shape_differs": "{subject} has {wrt}'s shape {expected}; you wrote {shape}.",
    "stopped_early": "That is {gradient}, the gradient at {line}. Carry it on through {line} to "
    "{target}.",
    "stopped_early_on": "That is {gradient}, the gradient at {line}. Carry it on through {line} "
    "to {next}, and on to {target}.",
    "path_missed": "That counts only the path through {kept}. {node} also reaches {of} through "
    "{missed}: add the contributions of every path.",
    "sign": "The sign is flipped.",
    "factor": "Off by a constant factor: yours is {factor} times the right value.",
    "accumulated": "Gradients accumulate: backward runs {count} times without zeroing, so "
    "{wrt}.grad holds {count} times one gradient.",
    "missing_mask": "Right only where the ReLU mask is 1: multiply by step(...) of the "
    "pre-activation.",
    "missing_upstream": "The upstream gradient {upstream} is missing: multiply by it.",
    "through_detach": "detach cuts the graph: no gradient flows through the detached "
    "value, treat it as a constant.",
    "not_finite": "Your answer holds NaN or inf.",
    "this_instance": "this instance",
    "values_differ": "The values differ. For {instance}: yours is {yours}, expected {expected}.",
    "values_differ_many": "The values differ in {count} of {total} entries. For {instance}: "
    "{where}.",
    "difference": "at {index} yours is {yours}, expected {expected}",
    "differences": "{first}; {rest}",
    # --- the walkthrough -----------------------------------------------------------------
    "no_walkthrough_choice": "A choice question has no walkthrough.",
    "no_walkthrough_accumulation": "This question is about accumulating gradients (of is a "
    "list, or backward runs more than once): it has no walkthrough.",
    "no_walkthrough_reassigned": "A forward name is assigned twice, so its adjoint would be "
    "ambiguous: this question has no walkthrough.",
    "for_matrices": "{rule} (matrices)",
    "step_hint": "{node} is used by {users}. Start from {starts} and apply the local rule: "
    "{rules} (g is the adjoint of the result; a and b are the arguments).",
    "step_hint_fanout": "{node} is used by several nodes: {users}. Add one term for each, "
    "starting from {starts}; local rules: {rules} (g is the adjoint of the result; a and b are "
    "the arguments).",
    # --- batch grading -----------------------------------------------------------------
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
    "steps_without_walkthrough": "steps is given, but the question has no walkthrough: {reason}",
    "not_a_step": "{name} is not a step of the walkthrough; its steps are {steps}.",
    "step_invalid": "The step {name} cannot be evaluated: {error}",
    "step_wrong": "The step {name} is judged wrong: {message}",
    # --- question files ------------------------------------------------------------------
    "yaml": "Not valid YAML: {reason}",
    "not_mapping": "A question file is a mapping with deck, title and questions.",
    "unknown_key": "Unknown key {key}.{closest}",
    "missing_key": "Missing required key {key}.",
    "duplicate_key": "The key {key} appears twice.",
    "bad_type": "{key} must be {expected}.",
    "bad_slug": "{key} must be a lowercase slug such as linear-layers, not {value!r}.",
    "bad_level": "level must be a whole number from 1 to 5, not {value!r}.",
    "text_needs_en": "A text mapping needs an en entry.",
    "duplicate_id": "The id {id} is used again (first in {first}).",
    "duplicate_deck": "The deck id {id} is used again (first in {first}).",
    "reserved_name": "{name} cannot be a name here: it is {why}.",
    "bad_dims": "dims maps names to a size or a range lo..hi (sizes 1 to {limit}), not {value!r}.",
    "given_too_large": "{name} could have {count} elements; the limit is {limit}.",
    "undeclared_dim": "The dimension {name} is used in a shape but not declared in dims.",
    "fixed_dims_equal": "Fixed dimensions {first} and {second} are both {size}: one name "
    "serves both sides.",
    "dims_not_distinct": "The ranged dimensions cannot all be drawn distinct (from each "
    "other, the fixed sizes and the integer sizes in shapes).",
    "bad_init": "init must be one of {known}, not {value!r}.",
    "spd_not_square": "init spd needs a square shape, not {shape}.",
    "bad_tensor_spec": "A tensor is a list of sizes, {{shape: [...], init: ...}} or "
    "{{value: [...]}}.",
    "bad_shape_size": "A size in a shape is a whole number from 1 to {limit} or a dimension "
    "name, not {value!r}.",
    "number_too_long": "A number with more than {limit} digits cannot be read.",
    "listed_with_problems": "{count} problem(s) in the files kept questions out of this list; "
    "trainer check lists them.",
    "bad_value": "value must be a number or a (nested) list of numbers.",
    "literal_number": "A literal's entries must be finite numbers that fit a float.",
    "literal_too_deep": "A literal may be nested at most {limit} deep.",
    "nested_too_deep": "The document is nested deeper than {limit} levels.",
    "step_not_a_node": "steps names {name}, which is neither a forward name nor wrt.",
    "bad_forward": "A forward line is name = expression, not {line!r}.",
    "forward_error": "forward line {line!r}: {error}",
    "assign_given": "forward assigns {name}, which is a given tensor.",
    "not_given": "{key} must name a given tensor, not {name}.",
    "not_forward": "of must name a forward result, not {name}.",
    "of_not_scalar": "{of} has shape {shape}, not a scalar: add upstream with a given of "
    "that shape.",
    "upstream_shape": "upstream {upstream} has shape {shape}, but {of} has {of_shape}.",
    "no_gradient": "{of} does not depend on {wrt}: there is no gradient.",
    "needs_field": "{key} is required when ask is {ask}.",
    "bad_ask": "ask must be shape, value, [shape, value] or choice, not {value!r}.",
    "choice_answer": "answer must be the number of one of the {count} choices.",
    "choice_mistake": "A mistake of a choice question names another choice number.",
    "answer_wrong": "The reference answer is judged {verdict}: {message}",
    "answer_invalid": "The reference answer cannot be evaluated: {error}",
    "mistake_correct": "The mistake {answer} is judged correct.",
    "mistake_invalid": "The mistake {answer} cannot be evaluated: {error}",
    "bad_answer_type": "answer must be an expression, a number or a list of numbers.",
    "unreadable": "Cannot read the file: {reason}",
    "empty_file": "The file is empty.",
    # --- course grading ------------------------------------------------------------------
    "at_line": "line {line}: {message}",
    "assignment_not_mapping": "An assignment file is a mapping with assignment, title and "
    "questions.",
    "assignment_no_questions": "questions must list at least one question.",
    "assignment_invalid": "{count} problem(s) in the assignment: nothing was graded.",
    "bad_points": "points must be a number above 0 and at most {limit}, not {value!r}.",
    "bad_parts": "parts must be shape, value or choice, or a list of them without repeats, "
    "not {value!r}.",
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
    "report_unreadable": "Cannot read {path}: {reason}",
    "report_nothing": "No verdict lines in {path} ({skipped} line(s) skipped): give the JSON "
    "lines of trainer grade --assignment.",
    "report_students": "{students} student(s), {parts} part(s).",
    "report_part": "{label}: {right} of {total} right",
    "report_part_unanswered": "{label}: {right} of {total} right ({unanswered} without an answer)",
    "report_code": "    {diagnosis} ×{count}",
    "report_code_example": "    {diagnosis} ×{count}, e.g. {example}",
    "report_skipped": "{count} line(s) skipped: not a verdict object of trainer grade.",
    # --- diagnosis ---------------------------------------------------------------------
    "stopped_mask": "That is {gradient}, the gradient at {line}. The mask is missing: relu is "
    "flat where {operand} ≤ 0, so no gradient gets through there. Multiply by step({operand}): "
    "{next} gets {rule}, {adjoint} being that gradient.{onward}",
    "stopped_sum": "That is {gradient}, the gradient at {line}. {next} was broadcast there, so "
    "add up the contributions over the broadcast dimension: {next} gets {rule}, {adjoint} "
    "being that gradient.{onward}",
    "stopped_matmul": "That is {gradient}, the gradient at {line}. Carry it through the product "
    "to {next}, multiplying by {operand}: by the rule of @, {next} gets {rule}, {adjoint} being "
    "that gradient.{onward}",
    "stopped_onward": " Then carry it on to {target}.",
    "factor_sizes": "Off by a factor of {factor}: yours is {factor} times the right value, "
    "whatever the sizes. A 1/{size} is missing (a mean divides by its count).",
    "factor_sizes_extra": "Off by a factor of {factor}: yours is {factor} times the right "
    "value, whatever the sizes. Divide by {size} once less.",
    "missing_softmax_sum": "Only the diagonal of softmax's Jacobian: with s = softmax(…), the "
    "adjoint is s * (g - sum(s * g, along its dimension, kept)); the row-sum term is missing.",
    # --- bounds --------------------------------------------------------------------------
    "and_more": "{shown} and {count} more",
    "no_walkthrough_too_long": "The walkthrough would have {count} steps; the limit is {limit}: "
    "split the forward pass into smaller questions.",
    "step_error": "step {name}: {error}",
    "step_empty": "--step needs the name of a node of the walkthrough.",
}


@dataclass(frozen=True)
class Msg:
    """A message by key and parameters; `text(lang)` renders it in a language."""

    key: str
    params: Mapping[str, object] = field(default_factory=dict)

    def text(self, lang: str = "en") -> str:
        template = translator(lang)(TEMPLATES[self.key])
        values = {name: render_param(value, lang) for name, value in self.params.items()}
        return close_up(template.format(**values), lang)

    def __str__(self) -> str:
        return self.text()


def closest_hint(name: str, known: Iterable[str]) -> Msg | str:
    """' Did you mean x?' for the closest known name (case counts least), or nothing.

    `G` for `g` is a slip of the shift key, so case-insensitive equality wins outright; then
    difflib's closest match among the lowercased names.
    """
    import difflib

    by_lower: dict[str, str] = {}
    for candidate in sorted(known):
        by_lower.setdefault(candidate.lower(), candidate)
    lowered = name.lower()
    if lowered in by_lower and by_lower[lowered] != name:
        return msg("closest", closest=by_lower[lowered])
    matches = difflib.get_close_matches(lowered, list(by_lower), n=1, cutoff=0.6)
    if matches and by_lower[matches[0]] != name:
        return msg("closest", closest=by_lower[matches[0]])
    return ""


# How each language of the catalog writes a list in a sentence: between items, before the last.
_LIST_WORDS = {"en": (", ", " and "), "zh": ("、", " 和 ")}
LANGUAGES = tuple(_LIST_WORDS)


def spoken_list(items: Iterable[str]) -> dict[str, str]:
    """Names as a sentence lists them, in every language ("a, b and c"; "a、b 和 c"): a
    parameter for a message that names the entries of a table rather than restating them."""
    names = list(items)
    return {
        lang: between.join(names[:-1]) + last + names[-1] if len(names) > 1 else "".join(names)
        for lang, (between, last) in _LIST_WORDS.items()
    }


def listed(items: Iterable[str], most: int | None = None) -> dict[str, str]:
    """Names as a list of options, in every language ("a, b, c"; "a、b、c"); with `most`, at
    most that many, then how many more ("a, b, c and 37 more"), so a list of a thousand nodes
    stays a line."""
    names = list(items)
    if most is None or len(names) <= most:
        return {lang: between.join(names) for lang, (between, _) in _LIST_WORDS.items()}
    return elided(names[:most], len(names) - most)


def elided(shown: Iterable[str], more: int) -> dict[str, str]:
    """Names listed as `listed` lists them, then "and N more" when `more` were left out."""
    names = listed(shown)
    if not more:
        return names
    return {lang: msg("and_more", shown=names[lang], count=more).text(lang) for lang in names}


SHOWN_NAMES = 4  # names a message lists before "and N more"


# Chinese sets no space after its full-width marks, nor between two of its characters; the
# pieces a message or a line is composed of are written with English spacing and closed up.
_HAN = "\u3400-\u4dbf\u4e00-\u9fff"
_CLOSED_UP = {"zh": re.compile(f"(?<=[。：，；？！、]) +|(?<=[{_HAN}]) +(?=[{_HAN}])")}


def close_up(text: str, lang: str) -> str:
    """`text` without the spaces `lang` does not set: "正确。 按任意键" is "正确。按任意键"."""
    closed = _CLOSED_UP.get(lang)
    return closed.sub("", text) if closed else text


def msg(key: str, /, **params: object) -> Msg:
    """Shorthand for building a message; fails at once on a key missing from the catalog."""
    if key not in TEMPLATES:
        raise KeyError(key)
    return Msg(key, params)


def render_param(value: object, lang: str) -> object:
    """Parameters may be nested messages or language-keyed texts; render those too."""
    if isinstance(value, Msg):
        return value.text(lang)
    if isinstance(value, Mapping):
        return pick_text(value, lang)
    return value


def pick_text(text: Mapping[str, str] | None, lang: str) -> str:
    """A language-keyed text field in `lang`, falling back to English."""
    if not text:
        return ""
    return text.get(lang) or text.get("en") or next(iter(text.values()))


@cache
def translator(lang: str) -> Callable[[str], str]:
    """The gettext function for `lang` (identity for English or a missing catalog)."""
    if lang == "en":
        return lambda s: s
    import gettext  # only for a translation: English starts without it

    translation = gettext.translation(DOMAIN, LOCALE_DIR, languages=[lang], fallback=True)
    return translation.gettext
