"""What the loader and `trainer check` say of a question file.

Part of the one message catalog (`trainer.catalog`); the English template is the gettext msgid.
"""

from __future__ import annotations

FILES: dict[str, str] = {
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
    "bad_tensor_spec": "A tensor is a list of sizes, {{shape: [...], init: ...}}, "
    "{{shape: [...], index: k}} or {{value: [...]}}.",
    "bad_index": "index is the number of classes: a dimension name or a whole number from 1 "
    "to {limit}, not {value!r}.",
    "differential_and_value": "A differential question asks for df instead of the gradient: "
    "ask [differential] or [shape, differential], with the differential as its answer.",
    "differential_of": "A differential question differentiates one of once, with no upstream: "
    "{key} does not apply.",
    "differential_name": "{name} is the change of {wrt} that a differential is written in: it "
    "cannot also be a given, a dimension or a forward name.",
    "index_with_init": "An index tensor holds class labels: it takes no init.",
    "index_not_float": "{key} names {name}, an index tensor of class labels: it has no "
    "gradient. Ask for the gradient of a float tensor.",
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
    "bad_ask": "ask must be shape, value, [shape, value], choice or (a differential) "
    "[differential] or [shape, differential], not {value!r}.",
    "choice_answer": "answer must be the number of one of the {count} choices.",
    "choice_mistake": "A mistake of a choice question names another choice number.",
    "answer_wrong": "The reference answer is judged {verdict}: {message}",
    "answer_invalid": "The reference answer cannot be evaluated: {error}",
    "mistake_correct": "The mistake {answer} is judged correct.",
    "mistake_invalid": "The mistake {answer} cannot be evaluated: {error}",
    "mistake_too_close": "The mistake {answer} comes within 1e-6 (relative) of the reference "
    "on a trial: only the tolerance tells them apart there, so a seed could decide.",
    "bad_answer_type": "answer must be an expression, a number or a list of numbers.",
    "unreadable": "Cannot read the file: {reason}",
    "empty_file": "The file is empty.",
}
