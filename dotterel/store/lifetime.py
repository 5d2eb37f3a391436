"""Worker processes die with the process that started them.

`dotterel ingest --workers N` parses in child processes. If the parent is killed
(`kill -9`, the OOM killer), nothing tells them: they would keep hundreds of MB each and
the database file open. `die_with_parent()` is the worker initializer that prevents that;
`workers_die_with_parent()` installs it in every process forked from here afterwards
(spaCy's `nlp.pipe(n_process=N)` forks its own workers and takes no initializer).
"""

from __future__ import annotations

import ctypes
import os
import signal
import sys
import threading
import time

PR_SET_PDEATHSIG = 1  # from <linux/prctl.h>
POLL_SECONDS = 1.0

_installed = False
_forking: int | None = None  # pid of the process that is forking, seen by the child


def die_with_parent(parent: int | None = None) -> None:
    """Make this process end when `parent` (default: its parent now) does.

    A kernel signal on Linux, a polling thread elsewhere. The kernel's signal comes when the
    parent *thread* that started this process ends: for a process started from a passing
    thread, use `watch_parent` instead.
    """
    parent = parent or os.getppid()
    if not _ask_kernel():
        watch_parent(parent)
    if os.getppid() != parent:  # the parent died before the signal was armed
        os._exit(1)


def watch_parent(parent: int) -> None:
    """End this process within a second of `parent` ending, whichever thread started it."""
    threading.Thread(target=_watch, args=(parent,), daemon=True, name="dotterel-parent-watch").start()


def workers_die_with_parent() -> None:
    """Run `die_with_parent` in every child forked from this process from now on (once)."""
    global _installed
    if not _installed:
        os.register_at_fork(before=_note_parent, after_in_child=lambda: die_with_parent(_forking))
        _installed = True


def _note_parent() -> None:
    global _forking
    _forking = os.getpid()


def _ask_kernel() -> bool:
    if not sys.platform.startswith("linux"):
        return False
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        return libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0) == 0
    except (OSError, AttributeError):
        return False


def _watch(parent: int) -> None:
    while os.getppid() == parent:
        time.sleep(POLL_SECONDS)
    os._exit(1)
