"""Progress of long stages on stderr.

On a terminal: one bar redrawn in place (stage, count, rate, time left).
Not a terminal (CI, a log file): a plain line every PLAIN_EVERY seconds and at the end
of each stage. `--quiet`: nothing (`Progress(enabled=False)`).
Hand-written: a dozen lines do not warrant a dependency.
"""
from __future__ import annotations

import sys
import time
from typing import TextIO

PLAIN_EVERY = 5.0     # seconds between plain lines
REDRAW_EVERY = 0.1    # seconds between bar redraws
BAR_WIDTH = 24


class Progress:
    def __init__(self, enabled: bool = True, stream: TextIO | None = None,
                 tty: bool | None = None) -> None:
        self.stream = stream or sys.stderr
        self.enabled = enabled
        self.tty = self.stream.isatty() if tty is None else tty
        self.stage = ""
        self.total = 0
        self.done = 0
        self.start = self.last = 0.0

    # a plain message (the old Progress callable's interface)
    def __call__(self, message: str) -> None:
        self.note(message)

    def note(self, message: str) -> None:
        if self.enabled:
            self._clear()
            print(f"  {message}", file=self.stream, flush=True)

    def begin(self, stage: str, total: int) -> None:
        self.stage, self.total, self.done = stage, total, 0
        self.start = self.last = time.perf_counter()
        if self.enabled and self.tty:
            self._draw(self.start)

    def advance(self, count: int = 1) -> None:
        self.done += count
        if not self.enabled:
            return
        now = time.perf_counter()
        if now - self.last >= (REDRAW_EVERY if self.tty else PLAIN_EVERY):
            self.last = now
            self._draw(now)

    def end(self) -> None:
        if not self.enabled or not self.stage:
            return
        now = time.perf_counter()
        if self.tty:
            self._draw(now)
            self.stream.write("\n")
        else:
            print(f"  {self._line(now)}", file=self.stream)
        self.stream.flush()
        self.stage = ""

    def _line(self, now: float) -> str:
        elapsed = max(now - self.start, 1e-9)
        rate = self.done / elapsed
        text = f"{self.stage}: {self.done}/{self.total}, {rate:.0f}/s, {elapsed:.1f} s"
        if self.done < self.total and rate > 0:
            text += f", {(self.total - self.done) / rate:.0f} s left"
        return text

    def _draw(self, now: float) -> None:
        if not self.tty:
            print(f"  {self._line(now)}", file=self.stream, flush=True)
            return
        share = self.done / self.total if self.total else 1.0
        filled = int(BAR_WIDTH * min(share, 1.0))
        bar = "█" * filled + "·" * (BAR_WIDTH - filled)
        self.stream.write(f"\r\033[K  {bar} {share:4.0%} {self._line(now)}")
        self.stream.flush()

    def _clear(self) -> None:
        if self.tty and self.stage:
            self.stream.write("\r\033[K")


def silent() -> Progress:
    return Progress(enabled=False)
