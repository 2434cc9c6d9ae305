"""When the garbage collector runs: never over objects that live as long as the process.

Python's collector finds reference cycles by walking every object it tracks. Loading modules,
the bank, the styles or torch makes hundreds of thousands of objects that all live until the
process ends, so walking them again finds nothing and only costs time.
"""

from __future__ import annotations

import gc

_paused = False


def settle_memory() -> None:
    """Before a long batch: what is loaded by now (torch's modules, the bank) lives as long as
    the process, so freeze it out of the collector's sight. Otherwise every full collection
    walks it all again: about 80 ms each with torch loaded, a tenth of the time of grading a
    few thousand answers. Frozen objects are still freed when nothing refers to them. (No
    collection first: one over everything torch has loaded takes longer than it saves.)"""
    gc.freeze()


def pause_collection() -> None:
    """For the practice app's start-up, until its first frame: the collector would otherwise
    run over a hundred times over the modules and styles being loaded (about 20 ms of a
    quarter-second start on the machine we measure on). `resume_collection` ends the pause."""
    global _paused
    if gc.isenabled():
        gc.disable()
        _paused = True


def resume_collection() -> None:
    """End a `pause_collection`: what start-up made is frozen (it lives as long as the app),
    and collection runs again for everything after. Does nothing if there was no pause."""
    global _paused
    if _paused:
        _paused = False
        gc.freeze()
        gc.enable()
