"""What a seller is told about a template: a problem found on save, or an error while rendering."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class TemplateProblem:
    """One thing wrong with a template, for the editor: the template line (1-based), why, and the
    column (1-based) where it is known."""

    line: int
    message: str
    column: int | None = None

    def __str__(self):
        return f"{where(self.line, self.column)}: {self.message}"

    @property
    def where(self) -> str:
        return where(self.line, self.column)


class TemplateRenderError(Exception):
    """A template could not be rendered: a syntax error, an unknown name, a limit reached."""

    def __init__(self, message: str, line: int | None = None, column: int | None = None):
        super().__init__(message)
        self.message = message
        self.line = line
        self.column = column

    def __str__(self):
        return f"{where(self.line, self.column)}: {self.message}" if self.line else self.message


def where(line: int, column: int | None) -> str:
    """ "Line 3" or "Line 3, column 12"."""
    return f"Line {line}, column {column}" if column else f"Line {line}"
