"""The render in progress: the buyer's locale, the marketplace's time zone, and the CPU deadline.

`rendering.render` sets it in a context variable for the length of one render. The formatting
filters read the locale and time zone from it, and every guard calls `tick()`: the clock is read
on every output chunk, every call, every intercepted operator, every filter, and on entering (and
every 256 items of) every loop, so a render stops after TIME_BUDGET of CPU wherever it is.
"""

from __future__ import annotations

import contextvars
import time
from zoneinfo import ZoneInfo

from babel import Locale

from .errors import TemplateRenderError
from .limits import TIME_BUDGET


class RenderState:
    __slots__ = ("locale", "zone", "deadline", "cpu_started")

    def __init__(self, locale: Locale, zone: ZoneInfo):
        self.locale = locale
        self.zone = zone
        self.cpu_started = time.thread_time()
        self.deadline = time.perf_counter() + TIME_BUDGET

    def overtime(self):
        """The wall clock passed the deadline: stop if the render really used its CPU budget.

        A worker thread that was merely descheduled (or paused by the garbage collector of
        another thread) gets the rest of its budget back instead of a spurious failure.
        """
        used = time.thread_time() - self.cpu_started
        if used >= TIME_BUDGET:
            raise TemplateRenderError(
                f"rendering took longer than {TIME_BUDGET * 1000:.0f} ms; simplify the loops in the template"
            )
        self.deadline = time.perf_counter() + (TIME_BUDGET - used)


CURRENT: contextvars.ContextVar[RenderState | None] = contextvars.ContextVar("template_render", default=None)


def tick():
    state = CURRENT.get()
    if state is not None and time.perf_counter() > state.deadline:
        state.overtime()


def current() -> RenderState:
    """The render in progress, for the formatting filters."""
    state = CURRENT.get()
    if state is None:  # only while compiling: refusing keeps the filter out of constant folding
        raise RuntimeError("formatting filters need a locale: they run only inside render()")
    return state
