"""What a learner types: reading it, evaluating it, and shape answers.

Part of the one message catalog (`trainer.catalog`); the English template is the gettext msgid.
"""

from __future__ import annotations

ANSWERS: dict[str, str] = {
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
    "keyword": "The keywords are dim= (of {dim_functions}), keepdim=True (of "
    "{keepdim_functions}) and correction=0 or 1 (of {correction_functions}); {name}= is not "
    "known here.",
    "correction_value": "correction takes 0 or 1: the variance divides by the count of entries "
    "minus correction.",
    "keepdim_value": "keepdim takes True or False.",
    "keepdim_needs_dim": "keepdim=True keeps a dimension: give {name} the dimension to reduce.",
    "bool_outside_keepdim": "{value} is only the value of keepdim=.",
    "comment": "# is not part of the notation (Python would read the rest as a comment).",
    "number_spelling": "Write numbers in decimal, such as 10 or 0.5: {text} is not part of the "
    "notation.",
    "bars": "Write norm(x) for a norm and abs(x) for an absolute value: {char} is not part of "
    "the notation.",
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
    "solve_sizes": "solve(A, B) needs a square A and a B with as many rows (a vector, or "
    "matrices batched as A is): {left} and {right}.",
    "kron_shapes": "kron takes two vectors or two matrices, not {left} and {right}.",
    "index_in_arithmetic": "{name} is an index tensor (class labels in 0..{classes}-1): it "
    "can only be read as one_hot({name}, {classes}), never in arithmetic.",
    "one_hot_not_index": "one_hot reads an index tensor (a given with index:), not {what} of "
    "shape {shape}.",
    "one_hot_count": "{name} takes the number of classes second: a dimension such as k, not "
    "{value}.",
    "one_hot_classes": "{name} holds labels in 0..{classes}-1: write one_hot({name}, "
    "{classes}), not {given} classes.",
    "extreme_of_two": "{name}(x, d) reduces a tensor x along dimension d (its largest or "
    "smallest entries); for the larger of two values entry by entry write relu(a - b) + b "
    "(relu(x) is max(x, 0)).",
    "spread_entries": "{name} with correction={correction} needs more than {correction} "
    "entries along dimension {dim}; the shape is {shape}.",
    # --- shape answers -------------------------------------------------------------------
    "shape_syntax": "Write a shape such as (m, n), (n,) or scalar.",
    "after_shape": "The shape ends at its closing bracket; remove what follows it.",
    "shape_unknown": "{name} is not a dimension of this question; dimensions: {known}.",
}
