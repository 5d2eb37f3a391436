"""The record a reader yields instead of raising, so one bad input never stops a batch."""

from __future__ import annotations

from dataclasses import dataclass

ERROR = "error"  # the input was skipped
WARNING = "warning"  # the input was read, but something in it was dropped


@dataclass(frozen=True)
class ReadError:
    """A problem with one input: where it is, what was wrong and what to do about it."""

    origin: str  # "path/file.jsonl:12", "path/file.txt" or "<stdin>"
    message: str
    level: str = ERROR

    @property
    def skipped(self) -> bool:
        """True when the input was not read at all (an error, not a warning)."""
        return self.level == ERROR

    def __str__(self) -> str:
        return f"{self.origin}: {self.level}: {self.message}"
