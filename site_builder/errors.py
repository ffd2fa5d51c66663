"""Errors that name the file (and line) they come from.

Every stage reports problems as `SiteError`s; a build collects them in an
`ErrorLog` so one bad file never hides the others, and the CLI prints them all.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path


@dataclass(frozen=True)
class SiteError(Exception):
    path: str
    message: str
    line: int | None = None
    hint: str | None = None

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        text = f"{where}: {self.message}"
        return f"{text} (hint: {self.hint})" if self.hint else text


@dataclass
class ErrorLog:
    """Collects errors (the file could not be used) and warnings (it was used, with a remark)."""

    errors: list[SiteError] = field(default_factory=list)
    warnings: list[SiteError] = field(default_factory=list)

    def error(self, path: str | Path, message: str, line: int | None = None,
              hint: str | None = None) -> None:
        self.errors.append(SiteError(str(path), message, line, hint))

    def warn(self, path: str | Path, message: str, line: int | None = None,
             hint: str | None = None) -> None:
        self.warnings.append(SiteError(str(path), message, line, hint))

    def extend(self, other: "ErrorLog") -> None:
        self.errors.extend(other.errors)
        self.warnings.extend(other.warnings)

    def __bool__(self) -> bool:
        return bool(self.errors)
