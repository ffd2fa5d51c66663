"""What every forked worker of a build does first (ingest and render pools)."""
from __future__ import annotations

import ctypes
import os
import signal

_PR_SET_PDEATHSIG = 1


def detach_worker() -> None:
    """Make a pool worker end with its parent and not hold the parent's build lock.

    A worker forked from a build inherits the descriptor of the build lock (an flock
    held while any copy is open): if the build is killed, a worker still alive would
    keep the next build out. On Linux the kernel kills the worker when the parent
    dies; and the worker closes its copy of the lock descriptor at once.
    """
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
    except (OSError, AttributeError):  # not Linux: the lock descriptor is still closed
        pass
    try:
        fds = os.listdir("/proc/self/fd")
    except OSError:
        return
    for fd in fds:
        try:
            if os.readlink(f"/proc/self/fd/{fd}").endswith("build.lock"):
                os.close(int(fd))
        except OSError:
            continue
