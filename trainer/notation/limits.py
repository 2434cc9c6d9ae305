"""The bounds on untrusted answers, each with the named error that refuses it.

Every limit of the notation is written here once; the parser, the evaluator, the loader and
the oracle import the number and raise the error, so a message and its limit never drift apart.
"""

from __future__ import annotations

from trainer.errors import NotationError
from trainer.messages import msg

MAX_LENGTH = 1000  # characters, after trimming surrounding white space
MAX_DEPTH = 50  # brackets as typed
MAX_CHAIN = 200  # operations in one chain (the converter's recursion)
MAX_EXPONENT = 16  # |number exponent|
MAX_ELEMENTS = 1_000_000  # of any one intermediate result
MAX_SIZE = MAX_ELEMENTS  # of any one dimension: a (0, 10**9) tensor is refused too
MAX_DIMS = 8  # dimensions of any one result
MAX_WORK = 50_000_000  # multiply-adds of one evaluation, estimated from shapes


class LimitError(NotationError):
    """An answer refused by a bound before anything is built."""


class TooLong(LimitError):
    def __init__(self, length: int) -> None:
        super().__init__(msg("too_long", length=length, limit=MAX_LENGTH))


class TooDeep(LimitError):
    def __init__(self, depth: int) -> None:
        super().__init__(msg("too_deep", depth=depth, limit=MAX_DEPTH))


class TooComplex(LimitError):
    def __init__(self, column: int | None = None) -> None:
        super().__init__(msg("too_complex", limit=MAX_CHAIN), column)


class ExponentOutOfRange(LimitError):
    def __init__(self, value: str, column: int | None = None) -> None:
        super().__init__(msg("exponent", value=value, low=-MAX_EXPONENT, high=MAX_EXPONENT), column)


class NumberTooLarge(LimitError):
    def __init__(self, column: int | None = None) -> None:
        super().__init__(msg("number_too_large"), column)


class TooManyElements(LimitError):
    def __init__(self, count: int, limit: int = MAX_ELEMENTS) -> None:
        super().__init__(msg("too_many_elements", count=count, limit=limit))


class SizeTooLarge(LimitError):
    def __init__(self, size: int) -> None:
        super().__init__(msg("size_too_large", size=size, limit=MAX_SIZE))


class TooManyDims(LimitError):
    def __init__(self, ndim: int) -> None:
        super().__init__(msg("too_many_dims", ndim=ndim, limit=MAX_DIMS))


class TooMuchWork(LimitError):
    def __init__(self, limit: int = MAX_WORK) -> None:
        super().__init__(msg("too_much_work", limit=limit))
