"""What a seller is told about a template: a problem found on save, or an error while rendering."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class TemplateProblem:
    """One thing wrong with a template, for the editor: the template line (1-based) and why."""

    line: int
    message: str

    def __str__(self):
        return f"Line {self.line}: {self.message}"


class TemplateRenderError(Exception):
    """A template could not be rendered: a syntax error, an unknown name, a limit reached."""

    def __init__(self, message: str, line: int | None = None):
        super().__init__(message)
        self.message = message
        self.line = line

    def __str__(self):
        return f"Line {self.line}: {self.message}" if self.line else self.message
