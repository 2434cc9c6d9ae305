"""The bounds of a question's fields, written once: the field kinds (`kinds.py`) parse and
publish them in the schema, and the bank cache checks what it reads against them.

Apart from `kinds.py`, which imports the notation and YAML, so that the cache (read before the
app's first screen) can check a bound without importing either.
"""

from __future__ import annotations

MIN_LEVEL, MAX_LEVEL = 1, 5
MAX_SIZE = 64  # a dimension's size: checks stay instant
MAX_BACKWARD = 16
# A literal's nesting: at most as many dimensions as any tensor of the notation may have
# (its MAX_DIMS, which kinds.py checks this against; the notation is not imported here).
MAX_LITERAL_DEPTH = 8
LITERAL = "literal"  # the init of a given written as a literal value (not one of INITS)
# The steps of one walkthrough (the nodes on the path, and wrt): what it prints and judges
# grows with them, and a hundred steps is already more than anyone walks through.
MAX_STEPS = 100
