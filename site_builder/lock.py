"""One build at a time: an exclusive lock on a file next to the output."""
from __future__ import annotations

import fcntl
import os
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

from .errors import SiteError


@contextmanager
def build_lock(path: Path) -> Iterator[None]:
    """Hold an exclusive, non-blocking lock on `path` for the duration of a build.

    The operating system drops the lock when the process ends, however it ends, so a
    killed build never leaves a stale lock behind.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    handle = open(path, "a+")
    try:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise SiteError(str(path), "another build is writing this site",
                            hint="wait for it to finish; the lock goes when it ends") from None
        handle.seek(0)
        handle.truncate()
        handle.write(f"{os.getpid()}\n")
        handle.flush()
        yield
    finally:
        handle.close()
