"""What the oracle says of an answer: verdicts, walkthrough steps, diagnoses, bounds.

Part of the one message catalog (`trainer.catalog`); the English template is the gettext msgid.
"""

from __future__ import annotations

VERDICTS: dict[str, str] = {
    # --- verdicts ------------------------------------------------------------------------
    "correct": "Correct.",
    "wrong_choice": "Not this one.",
    "choice_range": "Choose a number from 1 to {count}.",
    "choice_syntax": "Type the number of a choice, from 1 to {count}.",
    "mistake": "{says}",
    "subject_gradient": "The gradient",
    "subject_adjoint": "The adjoint of {node}",
    "subject_differential": "The differential d{of}",
    "part_differential": "{id} asks for a differential (df in terms of the change of wrt), "
    "not a gradient: answer it as a differential.",
    "part_gradient": "{id} asks for a gradient, not a differential.",
    "no_walkthrough_differential": "A differential is worked forward, from d{wrt} to d{of}: "
    "the walkthrough goes backward, for gradients.",
    "transposed": "{subject} has {wrt}'s shape {expected}, not {shape}: yours is transposed.",
    "transposed_square": "{subject} is the transpose of yours: both have {wrt}'s shape "
    "{expected}, but your rows are its columns.",
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
    "values_differ_own": "The values differ. For {instance}: yours is {yours}.",
    "difference_own": "at {index} yours is {yours}",
    # --- the walkthrough -----------------------------------------------------------------
    "no_walkthrough_choice": "A choice question has no walkthrough.",
    "no_walkthrough_accumulation": "This question is about accumulating gradients (of is a "
    "list, or backward runs more than once): it has no walkthrough.",
    "no_walkthrough_reassigned": "A forward name is assigned twice, so its adjoint would be "
    "ambiguous: this question has no walkthrough.",
    "step_hint": "{node} is used by {users}. Start from {starts} and apply the local rules, "
    "one operation at a time: {rules} ({g} is the adjoint of that operation's result).{more}",
    "step_hint_fanout": "{node} is used by several nodes: {users}. Add one term for each, "
    "starting from {starts}; local rules: {rules} ({g} is the adjoint of that operation's "
    "result).{more}",
    "step_hint_more": " Ask for a hint again for the next rule.",
    # --- diagnosis ---------------------------------------------------------------------
    "stopped_mask": "That is {gradient}, the gradient at {line}. The mask is missing: relu is "
    "flat where {operand} ≤ 0, so no gradient gets through there. On the way to {next}, "
    "multiply by relu's derivative, step({operand}).{onward}",
    "stopped_sum": "That is {gradient}, the gradient at {line}. {next} was broadcast there, so "
    "add up the contributions over the broadcast dimension on the way to {next}.{onward}",
    "stopped_matmul": "That is {gradient}, the gradient at {line}. Carry it through the product "
    "to {next} by the rule of @: multiply it by {operand}, on the side and with the transposes "
    "that give {next}'s shape.{onward}",
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
    "reference_too_large": "This step's reference is too large to write out.",
    "reference_too_slow": "Working out this step's reference takes more than {seconds} seconds.",
}
