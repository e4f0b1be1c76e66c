"""Every number that bounds what one render may build or spend, in one place.

The sandbox enforces them (guards.py for sizes, render_state.py for the CPU clock). What the
sandbox cannot bound, the render processes' OS limits do: pool.Limits, set from settings.
"""

# Amazon's Messaging API accepts at most 2,000 characters of text (800 for customization
# details, 400 for a digital access key); the per-type limit is checked where the message type is
# known. The renderer's own cap is five times the largest Amazon accepts: high enough that no real
# template comes near it (so the error a seller sees is Amazon's limit, from the editor's checks,
# not ours), low enough that no render builds more than a few kB. It bounds every intermediate
# string too, and MAX_DATA every list or mapping a template builds.
MAX_OUTPUT = 10_000  # characters of rendered text, and of any string built on the way
MAX_DATA = 20_000  # items and characters in any list or mapping a template builds, nested ones included
MAX_SOURCE = 20_000  # characters of template source
TIME_BUDGET = 0.1  # seconds of CPU per render; a real template renders in well under 1 ms
MAX_RANGE = 1_000  # items from range(); message templates loop over a handful of products
MAX_ARGUMENT = 10_000  # largest whole number passed to a filter or method (widths, counts)
MAX_INT_BITS = 128  # whole numbers computed by a template stay below 2**128 (about 3.4e38)
