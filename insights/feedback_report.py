"""Amazon's seller feedback report (GET_SELLER_FEEDBACK_DATA) read into plain values.

A tab-separated flat file, one per marketplace, with the columns Date, Rating, Comments, Your
Response, Order ID and Rater Email, headed in English or in the marketplace's language (or, in old
downloads, not headed at all). A bad row is reported with its line and never stops the others. The
rater's email is never read.
"""

import re
from dataclasses import dataclass
from datetime import date, timedelta

from django.utils import timezone

from sellers.order_ids import is_order_id

# Header names Amazon used (SP-API, and the older Seller Central download), lower-cased.
HEADER_FIELDS = {
    "date": "date",
    "feedback date": "date",
    "rating": "rating",
    "comments": "comment",
    "comment": "comment",
    "your response": "response",
    "response": "response",
    "order id": "order_id",
    "order-id": "order_id",
    "orderid": "order_id",
    "rater email": "rater_email",
    "rater-email": "rater_email",
}
# The documented column order, for a report whose header is in the marketplace's language.
DOCUMENTED_COLUMNS = ["date", "rating", "comment", "response", "order_id", "rater_email"]
REQUIRED = {"date", "rating", "order_id"}
# Day order of the report's dates where it is not day-month-year (Seller Central's own formats).
MONTH_FIRST = {"ATVPDKIKX0DER"}  # Amazon.com: 11/3/26
YEAR_FIRST = {"A1VC38T7YXB528"}  # Amazon.co.jp: 2026/11/03


# -- parsing ---------------------------------------------------------------------------------
@dataclass(frozen=True)
class ReportedFeedback:
    amazon_order_id: str
    rating: int
    comment: str
    left_on: date


@dataclass(frozen=True)
class BadRow:
    line: int
    problem: str

    def as_dict(self) -> dict:
        return {"line": self.line, "problem": self.problem}


def parse_report_date(value: str, marketplace_id: str) -> date:
    """A report date in the marketplace's convention (11/3/26, 03.11.26, 03/11/2026, 2026/11/03, 2026-11-03)."""
    text = value.strip().split(" ")[0].split("T")[0]
    parts = re.split(r"[./-]", text)
    if len(parts) != 3 or not all(p.isdigit() for p in parts):
        raise ValueError(f"'{value}' is not a date")
    numbers = [int(p) for p in parts]
    if len(parts[0]) == 4:
        candidates = [(numbers[0], numbers[1], numbers[2])]
    else:
        year = numbers[2] + 2000 if len(parts[2]) <= 2 else numbers[2]
        month_first, day_first = (year, numbers[0], numbers[1]), (year, numbers[1], numbers[0])
        preferred = month_first if marketplace_id in MONTH_FIRST else day_first
        candidates = [preferred, day_first if preferred == month_first else month_first]
    for year, month, day in candidates:
        try:
            return date(year, month, day)
        except ValueError:
            continue
    raise ValueError(f"'{value}' is not a date")


def _columns(header: list[str]) -> dict[str, int] | None:
    names = [HEADER_FIELDS.get(cell.strip().lower()) for cell in header]
    found = {name: index for index, name in enumerate(names) if name}
    if REQUIRED <= set(found):
        return found
    return None


def parse_feedback_report(
    text: str, marketplace_id: str, *, today: date | None = None
) -> tuple[list[ReportedFeedback], list[BadRow]]:
    """The report's feedback and the rows that could not be read (with their line and why).

    A bad row never stops the others. The rater's email is not read.
    """
    today = today or timezone.now().date()
    lines = text.lstrip("\ufeff").splitlines()
    numbered = [(number, line) for number, line in enumerate(lines, start=1) if line.strip()]
    if not numbered:
        return [], []
    layout = _layout(numbered)
    if isinstance(layout, BadRow):
        return [], [layout]
    columns, width, rows = layout
    found: dict[str, ReportedFeedback] = {}
    bad: list[BadRow] = []
    for number, line in rows:
        cells = line.split("\t")
        while len(cells) > width and not cells[-1].strip():
            cells.pop()
        if len(cells) != width:
            # A tab or a line break inside a comment splits a flat file's row: which field is
            # which can no longer be told.
            bad.append(BadRow(number, f"it has {len(cells)} fields where the header has {width}"))
            continue
        row = _feedback_row({name: cells[index].strip() for name, index in columns.items()}, marketplace_id, today)
        if isinstance(row, str):
            bad.append(BadRow(number, row))
        else:
            found[row.amazon_order_id] = row
    return list(found.values()), bad


def _layout(numbered: list[tuple[int, str]]) -> tuple[dict[str, int], int, list[tuple[int, str]]] | BadRow:
    """(column of each field, fields per row, the data rows) from the first line, or why none can be read."""
    first_number, first_line = numbered[0]
    header = first_line.split("\t")
    columns, width, rows = _columns(header), len(header), numbered[1:]
    if columns is not None:
        return columns, width, rows
    documented = {name: index for index, name in enumerate(DOCUMENTED_COLUMNS)}
    if len(header) == len(DOCUMENTED_COLUMNS):
        if is_order_id(header[4].strip()):
            return documented, width, numbered  # no header at all
        return documented, width, rows  # a header in the marketplace's language: the documented order
    return BadRow(
        first_number, f"The report's header is not one we know, so no row could be read: {first_line[:200]!r}"
    )


def _feedback_row(cell: dict[str, str], marketplace_id: str, today: date) -> ReportedFeedback | str:
    """One row's feedback, or what is wrong with it."""
    order_id = cell.get("order_id", "")
    if not is_order_id(order_id):
        return f"'{order_id[:40]}' is not an Amazon order id"
    try:
        rating = int(cell.get("rating", ""))
    except ValueError:
        return f"the rating '{cell.get('rating', '')[:20]}' is not a number"
    if not 1 <= rating <= 5:
        return f"the rating {rating} is not between 1 and 5"
    try:
        left_on = parse_report_date(cell.get("date", ""), marketplace_id)
    except ValueError as exc:
        return str(exc)
    if left_on > today + timedelta(days=1):
        return f"the date {cell.get('date', '')} is in the future"
    return ReportedFeedback(order_id, rating, cell.get("comment", "")[:5000], left_on)
