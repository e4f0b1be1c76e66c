"""Validation on save: everything wrong with a template, before a seller can keep it.

The static checks first (syntax, forbidden tags, unknown names), then trial renders: full orders
in three locales, and an order with no ship or delivery date and no total yet, which templates
must cope with too. The render processes add two checks of their own (child.py): the methods that
make bytes, wherever they stand, and a render for an order unlike the sample.
"""

from __future__ import annotations

from sellers.marketplaces import MARKETPLACES

from .checks import analyse, compile_template, parse, unknown_variable
from .context import VARIABLES, sample_context
from .errors import TemplateProblem, TemplateRenderError
from .rendering import render

# Trial renders: full orders in three locales, then an order with no ship or delivery date and no
# total yet (templates must cope with those too).
_TRIALS = (
    ("ATVPDKIKX0DER", False, ""),
    ("A1PA6795UKMFR9", False, " (in a German order)"),
    ("A1VC38T7YXB528", False, " (in a Japanese order)"),
    ("ATVPDKIKX0DER", True, " (for an order not shipped yet, with no delivery date or total)"),
)


def validate(source: str) -> list[TemplateProblem]:
    """Everything wrong with a template, sorted by line; an empty list means it can be saved."""
    if not source.strip():
        return [TemplateProblem(1, "The message is empty.")]
    try:
        tree = parse(source)
    except TemplateRenderError as error:
        return [TemplateProblem(error.line or 1, error.message, error.column)]
    uses, problems = analyse(tree)
    reported = set()
    for line, name in uses:
        if name not in VARIABLES and (line, name) not in reported:
            reported.add((line, name))
            problems.append(TemplateProblem(line, unknown_variable(name)))
    if not problems:
        problems.extend(_trial_problems(source))
    return sorted(problems, key=lambda problem: (problem.line, problem.column or 0))


def _trial_problems(source: str) -> list[TemplateProblem]:
    compiled = compile_template(source)
    if compiled.problems:
        return list(compiled.problems)
    outputs = []
    for marketplace_id, sparse, situation in _TRIALS:
        market = MARKETPLACES[marketplace_id]
        try:
            outputs.append(
                render(
                    source,
                    sample_context(marketplace_id, sparse=sparse),
                    locale=market.language,
                    time_zone=market.time_zone,
                )
            )
        except TemplateRenderError as error:
            return [TemplateProblem(error.line or 1, error.message + situation)]
    if not any(output.strip() for output in outputs):
        return [TemplateProblem(1, "The message is empty.")]
    return []
