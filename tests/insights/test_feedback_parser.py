"""Reading Amazon's feedback report: every readable row is kept, every bad row is reported, none is fatal."""

from datetime import date

import pytest

from insights.feedback_report import parse_feedback_report, parse_report_date

US, DE, UK, JP = "ATVPDKIKX0DER", "A1PA6795UKMFR9", "A1F83G8C2ARO7P", "A1VC38T7YXB528"
HEADER = "Date\tRating\tComments\tYour Response\tOrder ID\tRater Email"
TODAY = date(2026, 11, 20)


def report(*rows, header=HEADER, newline="\n"):
    return newline.join([header, *rows]) + newline


def parse(text, marketplace=US):
    return parse_feedback_report(text, marketplace, today=TODAY)


def test_a_report_as_amazon_sends_it_is_read_row_by_row():
    text = report(
        "11/3/26\t1\tNever arrived.\t\t111-1234567-1234567\tabc123@marketplace.amazon.com",
        "11/4/26\t3\tOK but late\tSorry!\t112-7654321-7654321\tdef456@marketplace.amazon.com",
    )

    found, bad = parse(text)

    assert bad == []
    assert [(f.amazon_order_id, f.rating, f.comment, f.left_on) for f in found] == [
        ("111-1234567-1234567", 1, "Never arrived.", date(2026, 11, 3)),
        ("112-7654321-7654321", 3, "OK but late", date(2026, 11, 4)),
    ]


def test_the_raters_email_is_not_read_at_all():
    found, _ = parse(report("11/3/26\t1\tBad\t\t111-1234567-1234567\tabc123@marketplace.amazon.com"))

    assert "abc123" not in repr(found)


@pytest.mark.parametrize(
    ("value", "marketplace", "expected"),
    [
        ("11/3/26", US, date(2026, 11, 3)),
        ("11/03/2026", US, date(2026, 11, 3)),
        ("03/11/26", UK, date(2026, 11, 3)),
        ("03.11.26", DE, date(2026, 11, 3)),
        ("2026/11/03", JP, date(2026, 11, 3)),
        ("2026-11-03", UK, date(2026, 11, 3)),
        # A day that cannot be a month settles the order whatever the marketplace's habit.
        ("25/10/26", US, date(2026, 10, 25)),
    ],
)
def test_dates_are_read_in_the_marketplaces_convention(value, marketplace, expected):
    assert parse_report_date(value, marketplace) == expected


def test_windows_line_endings_and_a_byte_order_mark_are_fine():
    text = "\ufeff" + report("11/3/26\t2\tLate\t\t111-1234567-1234567\tx@marketplace.amazon.com", newline="\r\n")

    found, bad = parse(text)

    assert [f.rating for f in found] == [2] and bad == []


def test_a_header_in_the_marketplaces_language_falls_back_to_the_documented_columns():
    header = "日付\t評価\tコメント\t回答\t注文番号\t評価者のメールアドレス"
    text = report("2026/11/03\t1\t届きませんでした\t\t250-1234567-1234567\tx@marketplace.amazon.co.jp", header=header)

    found, bad = parse(text, JP)

    assert [(f.amazon_order_id, f.comment) for f in found] == [
        ("250-1234567-1234567", "届きませんでした")
    ] and bad == []


def test_the_older_ten_column_download_is_read_by_its_header():
    header = "Date\tRating\tComments\tYour Response\tArrived on Time\tItem as Described\tCustomer Service\tOrder ID\tRater Email\tRater Role"
    row = "11/3/26\t2\tLate\t\tNo\tYes\tYes\t111-1234567-1234567\tx@marketplace.amazon.com\tBuyer"

    found, bad = parse(report(row, header=header))

    assert [(f.amazon_order_id, f.rating) for f in found] == [("111-1234567-1234567", 2)] and bad == []


def test_bad_rows_are_reported_with_their_line_and_the_others_kept():
    text = report(
        "11/3/26\t1\tGood row\t\t111-1234567-1234567\tx@marketplace.amazon.com",
        "11/3/26\tfive\tBad rating\t\t111-0000000-0000001\tx@marketplace.amazon.com",
        "11/3/26\t9\tOut of range\t\t111-0000000-0000002\tx@marketplace.amazon.com",
        "someday\t2\tBad date\t\t111-0000000-0000003\tx@marketplace.amazon.com",
        "11/3/26\t2\tBad order id\t\tnot-an-order\tx@marketplace.amazon.com",
        "11/3/26\t2\tBroken by a line break in the comment",
        "12/30/26\t2\tIn the future\t\t111-0000000-0000004\tx@marketplace.amazon.com",
        "11/3/26\t2\tA tab\tinside\t\t111-0000000-0000005\tx@marketplace.amazon.com",
    )

    found, bad = parse(text)

    assert [f.amazon_order_id for f in found] == ["111-1234567-1234567"]
    assert [row.line for row in bad] == [3, 4, 5, 6, 7, 8, 9]
    problems = " | ".join(row.problem for row in bad)
    assert "'five' is not a number" in problems and "9 is not between 1 and 5" in problems
    assert "'someday' is not a date" in problems and "'not-an-order' is not an Amazon order id" in problems
    assert "3 fields where the header has 6" in problems and "in the future" in problems
    assert "7 fields where the header has 6" in problems
    assert "x@marketplace" not in problems


def test_an_unknown_header_is_one_bad_row_not_a_crash():
    found, bad = parse("this is not a report\nat all\n")

    assert found == [] and len(bad) == 1 and "header" in bad[0].problem


def test_an_empty_document_has_nothing_and_nothing_bad():
    assert parse("") == ([], [])
    assert parse(report()) == ([], [])


def test_an_order_listed_twice_is_kept_once():
    row = "11/3/26\t2\tLate\t\t111-1234567-1234567\tx@marketplace.amazon.com"

    found, bad = parse(report(row, row.replace("\t2\t", "\t1\t")))

    assert [(f.amazon_order_id, f.rating) for f in found] == [("111-1234567-1234567", 1)] and bad == []
