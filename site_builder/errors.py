"""Errors that name the file (and line) they come from.

Every stage reports problems as `SiteError`s; a build collects them in an
`ErrorLog` so one bad file never hides the others, and the CLI prints them all.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path


class SiteError(Exception):
    """A problem with something the user gave (a file, a folder, a setting), printed as
    one line `path[:line]: message (hint: ...)`.

    A plain exception with attributes, not a frozen dataclass: Python sets
    `__traceback__` and `__context__` on whatever it raises, so a frozen instance cannot
    be raised through a context manager (build_lock) or re-raised. It pickles (its
    arguments are its fields), so a worker process can hand one back. `others`: more
    problems of the same input, reported with it (each on a line of its own).
    """

    def __init__(self, path: str | Path, message: str, line: int | None = None,
                 hint: str | None = None, others: "tuple[SiteError, ...]" = ()) -> None:
        super().__init__(str(path), message, line, hint, tuple(others))
        self.path = str(path)
        self.message = message
        self.line = line
        self.hint = hint
        self.others = tuple(others)

    def first_line(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        text = f"{where}: {self.message}"
        return f"{text} (hint: {self.hint})" if self.hint else text

    def lines(self) -> list[str]:
        """This problem and the others, one line each."""
        return [self.first_line()] + [line for other in self.others for line in other.lines()]

    def __str__(self) -> str:
        return "\n".join(self.lines())

    def __repr__(self) -> str:
        return (f"SiteError({self.path!r}, {self.message!r}, {self.line!r}, {self.hint!r}"
                + (f", others={self.others!r})" if self.others else ")"))

    def __eq__(self, other: object) -> bool:
        return isinstance(other, SiteError) and self.args == other.args

    def __hash__(self) -> int:
        return hash(self.args)


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


def check_folder(path: Path, what: str, option: str | None, hint: str) -> None:
    """A folder the build reads must exist and be a folder: else a SiteError that says
    which `what` (e.g. "seeds folder") it is, with `hint` when it is missing and how to
    give another (`option`, e.g. "--seeds") when it is a file."""
    if not path.exists():
        raise SiteError(str(path), f"{what} not found", hint=hint)
    if not path.is_dir():
        raise SiteError(str(path), f"{what} is a file, not a folder",
                        hint=f"pass {option} with a folder" if option
                        else "rename or remove the file")
