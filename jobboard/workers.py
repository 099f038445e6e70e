"""Worker processes that die with the build that started them.

Reading and rendering fork worker processes (ProcessPoolExecutor). If the
build is killed with SIGKILL, no clean-up code runs: the workers, reparented
to PID 1, would wait forever on the pool's pipe, which their siblings keep
open. So each worker binds its life to its parent's as it starts:
- on Linux, prctl(PR_SET_PDEATHSIG, SIGKILL): the kernel kills the worker
  when its parent dies. The parent may have died between the fork and the
  prctl call; the worker then checks that its parent is still the build and
  exits at once if not.
- elsewhere (or if prctl is unavailable), a daemon thread polls the parent
  pid and ends the worker once the parent is gone.

Linux sends the signal when the *thread* that forked the worker exits, not
only the process: pools here are created and used by one thread, which
outlives them.
"""

from __future__ import annotations

import ctypes
import multiprocessing
import os
import signal
import sys
import threading
import time
from concurrent.futures import ProcessPoolExecutor

_PR_SET_PDEATHSIG = 1
WATCHDOG_SECONDS = 0.5


def pool(workers: int) -> ProcessPoolExecutor:
    """A pool of forked workers that end when the current process ends."""
    return ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork"),
                               initializer=bind_to_parent, initargs=(os.getpid(),))


def bind_to_parent(parent: int) -> None:
    """Pool initializer: the worker dies with the process `parent`."""
    if not _set_death_signal():
        threading.Thread(target=_watch, args=(parent,), daemon=True,
                         name="parent-watchdog").start()
    if os.getppid() != parent:  # the parent died before the death signal was set
        os._exit(1)


def _set_death_signal() -> bool:
    if sys.platform != "linux":
        return False
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        return libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0) == 0
    except (AttributeError, OSError):
        return False


def _watch(parent: int) -> None:
    while os.getppid() == parent:
        time.sleep(WATCHDOG_SECONDS)
    os._exit(1)
