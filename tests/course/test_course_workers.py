"""`trainer grade --jobs 2` when a process of its pool is killed (the issue's
"killing the multiprocessing helper"): each case is said in one line on standard error, never
a traceback. A killed worker or fork server means some submissions were never graded, so
nothing is written (exit 2); a killed resource tracker is started again by multiprocessing and
the results are whole (exit 0, every line written).

Each test runs the real command in a child process, waits until the process to kill exists
(found among the command's own descendants) and kills it with SIGKILL: the fork server as soon
as it starts, before it has forked a worker (it imports torch first, for seconds).
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from course_support import ASSIGNMENT, PARTLY_WRONG, source_env

SUBMISSIONS = 400  # enough that grading outlasts the wait for its processes
PARTS = 4  # parts of the example assignment: one output line each per submission
WORKER_DIED = "trainer: A grading process ended abruptly (out of memory?)"
RESTARTED = (
    "trainer: The helper process of the grading pool (its resource tracker) ended during "
    "grading and was started again; the results are complete."
)

pytestmark = pytest.mark.skipif(
    not Path("/proc/self/task").exists() or sys.platform != "linux",
    reason="finds the pool's processes through /proc",
)


def _children(pid: int) -> list[int]:
    try:
        text = Path(f"/proc/{pid}/task/{pid}/children").read_text()
    except OSError:
        return []
    return [int(child) for child in text.split()]


def _command(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode()
    except OSError:
        return ""


def _find(root: int, which: str) -> int | None:
    """The tracker, the fork server or a worker (a child of the fork server) of `root`."""
    for child in _children(root):
        command = _command(child)
        if which == "tracker" and "resource_tracker" in command:
            return child
        if which == "forkserver" and "forkserver" in command:
            return child
        if which == "worker" and "forkserver" in command:
            workers = _children(child)
            if workers:
                return workers[0]
    return None


def _grade_and_kill(tmp_path: Path, which: str) -> subprocess.CompletedProcess[str]:
    files = []
    for number in range(SUBMISSIONS):
        files.append(tmp_path / f"student-{number:03}.yaml")
        shutil.copy(PARTLY_WRONG, files[-1])
    argv = [sys.executable, "-m", "trainer", "grade", "--assignment", str(ASSIGNMENT), "--jobs"]
    child = subprocess.Popen(
        [*argv, "2", *map(str, files)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=source_env(TRAINER_DATA_DIR=str(tmp_path / "data")),
        start_new_session=True,  # its pool in a group of its own, for the finally below
    )
    try:
        deadline = time.monotonic() + 60
        target = None
        while target is None and child.poll() is None and time.monotonic() < deadline:
            target = _find(child.pid, which)
            time.sleep(0.01)
        assert target is not None, f"no {which} was seen before grading ended"
        os.kill(target, signal.SIGKILL)
        out, err = child.communicate(timeout=120)
    finally:
        if child.poll() is None:  # a hang fails the test, never the suite: end the whole group
            os.killpg(child.pid, signal.SIGKILL)
            child.communicate(timeout=30)
    return subprocess.CompletedProcess(child.args, child.returncode, out, err)


@pytest.mark.parametrize("which", ["worker", "forkserver"])
def test_a_killed_worker_or_fork_server_is_one_line(tmp_path: Path, which: str) -> None:
    result = _grade_and_kill(tmp_path, which)
    assert result.returncode == 2
    assert result.stdout == ""
    assert result.stderr.startswith(WORKER_DIED)
    assert result.stderr.count("\n") == 1, result.stderr


def test_a_killed_resource_tracker_is_one_line_and_the_results_are_whole(tmp_path: Path) -> None:
    result = _grade_and_kill(tmp_path, "tracker")
    assert "Traceback" not in result.stderr and "KeyError" not in result.stderr
    assert result.stderr.count("\n") == 1, result.stderr
    if result.stderr.startswith(WORKER_DIED):  # on a loaded machine the tracker's death can
        assert result.returncode == 2  # take a worker with it: then nothing is written,
        assert result.stdout == ""  # as for a killed worker, never a partial result
        return
    assert result.stderr == RESTARTED + "\n"
    assert result.returncode == 0
    assert len(result.stdout.splitlines()) == SUBMISSIONS * PARTS
