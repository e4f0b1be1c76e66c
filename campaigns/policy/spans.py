"""Spans of the folded text (start, end), and the overlap tests the rules share."""

from __future__ import annotations

from bisect import bisect_right

Span = tuple[int, int]
Hit = tuple[str, int, int]  # (rule, start, end)


def overlaps(span: Span, spans: list[Span]) -> bool:
    return any(start < span[1] and span[0] < end for start, end in spans)


def clear_of(spans: list[Span], others: list[Span]) -> list[bool]:
    """For each span, whether it overlaps none of others; n log n, for any number of either."""
    merged: list[Span] = []
    for start, end in sorted(others):
        if merged and start < merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    starts = [start for start, _end in merged]
    clear = []
    for start, end in spans:
        index = bisect_right(starts, end - 1) - 1  # the last of others that starts before the span ends
        clear.append(index < 0 or merged[index][1] <= start)
    return clear
