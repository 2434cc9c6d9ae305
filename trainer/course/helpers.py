"""The helper processes of a grading pool, and what is said when one of them fails.

`multiprocessing` runs a resource tracker beside the pool. When it is killed, the next use of a
lock starts another with a warning, and the new tracker prints a `KeyError` traceback for every
lock it is told to forget but never saw: pages of tracebacks on standard error about results
that are right. While `tracker_watched` is active the tracker is started with its standard
error closed to the learner's screen (nothing it says concerns a grade), and a restart is
counted, for the command to say in one line.
"""

from __future__ import annotations

import contextlib
import os
import sys
import threading
import warnings
from collections.abc import Callable, Iterator

_guard = threading.RLock()  # over the warnings filters and file descriptor 2, the process's own;
# reentrant: a lock freed by the garbage collector in the middle of a start asks for a start
# (CPython gh-109629), which the tracker refuses itself; a plain Lock would deadlock there


@contextlib.contextmanager
def tracker_watched() -> Iterator[Callable[[], bool]]:
    """Within it, the resource tracker starts silenced; the value says whether it restarted."""
    from multiprocessing import resource_tracker

    tracker = getattr(resource_tracker, "_resource_tracker", None)
    start = getattr(tracker, "ensure_running", None)
    if tracker is None or start is None:  # another Python: it keeps its own ways
        yield lambda: False
        return
    restarts = 0

    def ensure_running() -> None:
        nonlocal restarts
        with _guard:
            before = getattr(tracker, "_pid", None)
            with _stderr_closed(), warnings.catch_warnings():
                warnings.filterwarnings("ignore", "resource_tracker", UserWarning)
                start()
            if before is not None and getattr(tracker, "_pid", None) != before:
                restarts += 1

    # the tracker's lock users call its method; the fork server calls the module's copy of it
    setattr(tracker, "ensure_running", ensure_running)  # noqa: B010 (mypy: a method)
    resource_tracker.ensure_running = ensure_running
    try:
        yield lambda: restarts > 0
    finally:
        resource_tracker.ensure_running = start
        delattr(tracker, "ensure_running")  # the class's method again


@contextlib.contextmanager
def _stderr_closed() -> Iterator[None]:
    """File descriptor 2 on the null device: what a process started meanwhile inherits."""
    with contextlib.suppress(ValueError, OSError):
        sys.stderr.flush()
    saved = os.dup(2)
    null = os.open(os.devnull, os.O_WRONLY)
    try:
        os.dup2(null, 2)
        yield
    finally:
        os.dup2(saved, 2)
        os.close(saved)
        os.close(null)
