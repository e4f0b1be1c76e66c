"""Seller-written message templates: validated on save, rendered per order in the buyer's language.

Sellers write the text of their messages as Jinja2 templates. A template is untrusted code that our
workers run thousands of times, so it runs in a sandbox that can reach nothing but the order's own
plain data, within fixed limits of time and size, in a render process whose memory and CPU the
OS bounds. Import from here; the modules, in the order a render meets them:

- context.py: the variables (VARIABLES) and the plain data of one order (order_context), the
  editor's sample order and the synthetic order validation renders too.
- checks.py: parsing, the static checks (forbidden tags, unknown names) and compiling, once per text.
- environment.py: the sandbox itself, `ImmutableSandboxedEnvironment` with every guard wired in.
- limits.py: every number that bounds a render; guards.py enforces the sizes, render_state.py the
  CPU clock (and holds the buyer's locale and time zone); values.py the kinds of value (no bytes).
- formatting.py: the `date` and `money` filters, in the buyer's locale.
- rendering.py and validation.py: one render, and the checks on save, in this process.
- pool.py: where every render and validation runs, in render processes (child.py) forked from a
  zygote that imports only this package; protocol.py is what the two sides share.
- errors.py: TemplateProblem (found on save) and TemplateRenderError (while rendering).

render(), render_many() and validate() here run in the pool (RenderPoolUnavailable when no render
process can be had); rendering.render and validation.validate are what the render processes call.
"""

from .context import (
    VARIABLES,
    Money,
    Product,
    order_context,
    sample_context,
    synthetic_context,
    synthetic_job,
)
from .errors import TemplateProblem, TemplateRenderError
from .limits import MAX_SOURCE
from .pool import Rendered, RenderPoolUnavailable, render, render_many, validate

__all__ = [
    "MAX_SOURCE",
    "VARIABLES",
    "Money",
    "Product",
    "RenderPoolUnavailable",
    "Rendered",
    "TemplateProblem",
    "TemplateRenderError",
    "order_context",
    "render",
    "render_many",
    "sample_context",
    "synthetic_context",
    "synthetic_job",
    "validate",
]
