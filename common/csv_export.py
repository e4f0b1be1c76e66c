"""CSV files we hand to people: every cell safe to open in a spreadsheet.

A spreadsheet runs a cell that starts with "=", "+", "-", "@" (or a tab or carriage return
before one) as a formula: `=HYPERLINK(...)` in a blocklist reason or an order's campaign name
would run on the seller's machine (CSV injection). Such a cell is written with a leading
apostrophe, which spreadsheets show as text (OWASP's advice). Every CSV we write goes through
here.
"""

import csv

from django.http import HttpResponse, StreamingHttpResponse

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n")


def csv_safe(value) -> str:
    text = "" if value is None else str(value)
    # Leading spaces do not stop some spreadsheets from reading a formula.
    return f"'{text}" if text.lstrip(" ").startswith(FORMULA_STARTS) else text


class _Echo:
    """A file-like object whose write() hands the line back, for csv.writer in a generator."""

    def write(self, value):
        return value


def csv_response(rows, *, filename: str) -> HttpResponse:
    """A CSV download of `rows` (an iterable of lists), built in memory: for short lists."""
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    writer = csv.writer(response)
    for row in rows:
        writer.writerow([csv_safe(cell) for cell in row])
    return response


def csv_streaming_response(rows, *, filename: str) -> StreamingHttpResponse:
    """A CSV download streamed row by row, whatever its size."""
    writer = csv.writer(_Echo())
    response = StreamingHttpResponse(
        (writer.writerow([csv_safe(cell) for cell in row]) for row in rows), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
