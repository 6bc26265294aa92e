"""Errors shown to people: a message that says what is wrong, a hint that says how to fix it."""

from __future__ import annotations


class WorkbenchError(Exception):
    """A problem a person can fix. ``message`` says what is wrong; ``hint`` says what to do."""

    def __init__(self, message: str, *, hint: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint

    def __str__(self) -> str:
        return f"{self.message} {self.hint}" if self.hint else self.message


class UploadError(WorkbenchError):
    """A file could not be read, or its contents cannot be used."""


class ConfigError(WorkbenchError):
    """The matching set-up is incomplete or inconsistent."""


class LinkageError(WorkbenchError):
    """Splink or DuckDB could not complete a step of the run."""


class PairBudgetError(ConfigError):
    """The blocking rules would create more pairs than the machine can handle."""
