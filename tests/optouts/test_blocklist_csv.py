"""Blocklist CSV: a preview with a line-by-line report first, nothing written until confirmed; export."""

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from optouts import lists
from optouts.models import BlockedBuyer

CSV = (
    b"amazon_order_id,reason\n111-1234567-1234567,asked not to be contacted\nnot-an-order,x\n"
    b"\n111-1234567-1234567,again\n222-7654321-7654321,\n"
)


def test_parsing_reports_each_bad_line_and_keeps_the_good_ones():
    rows, problems = lists.blocklist_parse_csv(CSV)

    assert [r["amazon_order_id"] for r in rows] == ["111-1234567-1234567", "222-7654321-7654321"]
    assert [(p.line, p.reason) for p in problems] == [
        (3, "not an Amazon order id (like 111-1234567-1234567)"),
        (5, "appears earlier in the file"),
    ]


def test_a_bare_column_with_semicolons_and_a_bom_is_read():
    rows, problems = lists.blocklist_parse_csv("\ufeff111-1234567-1234567;Grund\n".encode())

    assert rows == [{"amazon_order_id": "111-1234567-1234567", "reason": "Grund"}] and problems == []


def test_the_upload_shows_a_preview_and_writes_nothing(client, tenant_a):
    client.force_login(tenant_a.manager)

    response = client.post(reverse("blocklist_import"), {"file": SimpleUploadedFile("list.csv", CSV)})

    page = response.content.decode()
    assert response.status_code == 200 and "not an Amazon order id" in page and "appears earlier" in page
    assert not BlockedBuyer.objects.exists()


def test_confirming_adds_the_previewed_rows(client, tenant_a):
    client.force_login(tenant_a.manager)
    client.post(reverse("blocklist_import"), {"file": SimpleUploadedFile("list.csv", CSV)})

    client.post(reverse("blocklist_import"), {"confirm": "1"})

    assert sorted(BlockedBuyer.objects.filter(seller=tenant_a.seller).values_list("amazon_order_id", flat=True)) == [
        "111-1234567-1234567",
        "222-7654321-7654321",
    ]


def test_the_export_lists_the_sellers_blocklist_only(client, tenant_a, tenant_b):
    lists.blocked_buyer_add(seller=tenant_a.seller, amazon_order_id="111-1234567-1234567", reason="rude")
    lists.blocked_buyer_add(seller=tenant_b.seller, amazon_order_id="999-1234567-1234567")
    client.force_login(tenant_a.viewer)

    body = client.get(reverse("blocklist_export")).content.decode()

    assert "111-1234567-1234567,rude" in body and "999-1234567-1234567" not in body
    rows, problems = lists.blocklist_parse_csv(body.encode())
    assert [r["amazon_order_id"] for r in rows] == ["111-1234567-1234567"] and problems == []


def test_the_export_escapes_cells_a_spreadsheet_would_run_as_formulas(client, tenant_a):
    reasons = [
        '=HYPERLINK("http://evil.example","click")',
        "+1+cmd|' /C calc'!A0",
        "@SUM(A1:A9)",
        "-2+3",
        " =1+1",
        "\t=1+1",
    ]
    for n, reason in enumerate(reasons):
        lists.blocked_buyer_add(seller=tenant_a.seller, amazon_order_id=f"111-1234567-123456{n}", reason=reason)
    client.force_login(tenant_a.viewer)

    body = client.get(reverse("blocklist_export")).content.decode()

    cells = [row.split(",", 1)[1].rsplit(",", 2)[0] for row in body.splitlines()[1:]]
    assert all(cell.lstrip('"').startswith("'") for cell in cells), cells


def test_confirming_says_in_words_how_many_were_added_and_how_many_were_there(client, tenant_a):
    lists.blocked_buyer_add(seller=tenant_a.seller, amazon_order_id="222-7654321-7654321")
    client.force_login(tenant_a.manager)
    client.post(reverse("blocklist_import"), {"file": SimpleUploadedFile("list.csv", CSV)})

    response = client.post(reverse("blocklist_import"), {"confirm": "1"}, follow=True)

    assert "1 buyer added to your blocklist; 1 was already on it." in response.content.decode()
