"""`cached_property` without a lock.

Python 3.11's `functools.cached_property` holds one lock per property of a class, shared by every
instance: while one oracle builds its trials (which may take seconds), every other oracle's
`trials` waits for it. The app checks the bank in one thread while it judges the learner's
answers in another, so that lock would make a slow question hold up every answer. Python 3.12
dropped the lock; this is that version. Two threads reading a fresh property at once may both
compute it (the second result wins), which is harmless for the values cached here.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Generic, TypeVar, overload

T = TypeVar("T")


class cached_property(Generic[T]):
    def __init__(self, func: Callable[[Any], T]) -> None:
        self.func = func
        self.name = func.__name__
        self.__doc__ = func.__doc__

    def __set_name__(self, owner: type, name: str) -> None:
        self.name = name

    @overload
    def __get__(self, instance: None, owner: type | None = None) -> cached_property[T]: ...

    @overload
    def __get__(self, instance: object, owner: type | None = None) -> T: ...

    def __get__(self, instance: object | None, owner: type | None = None) -> Any:
        if instance is None:
            return self
        value = self.func(instance)
        instance.__dict__[self.name] = value
        return value
