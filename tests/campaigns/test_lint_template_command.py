"""`manage.py lint_template FILE... [--critical]`: one JSON line per file, whatever the file holds."""

import json
import subprocess
import sys
from io import StringIO
from pathlib import Path

from django.core.management import call_command

ROOT = Path(__file__).resolve().parents[2]


def run(*args):
    out = StringIO()
    call_command("lint_template", *[str(arg) for arg in args], stdout=out)
    return [json.loads(line) for line in out.getvalue().splitlines()]


def test_one_json_line_per_file_in_order(tmp_path):
    clean = tmp_path / "clean.j2"
    clean.write_text("Hello {{ buyer_name }},\nyour order {{ order_id }} ships on Monday.\nBest regards", "utf-8")
    bad = tmp_path / "bad.j2"
    bad.write_text(
        "Hello,\nplease leave a 5-star review!\nMail us: help@myshop.com\nCheck out our other products.", "utf-8"
    )

    lines = run(clean, bad)

    assert lines[0] == {"file": str(clean), "blocking": [], "warnings": []}
    assert lines[1]["file"] == str(bad)
    assert [(f["rule"], f["text"], f["line"]) for f in lines[1]["blocking"]] == [
        ("positive_only_review", "5-star", 2),
        ("email_address", "help@myshop.com", 3),
    ]
    assert [(f["rule"], f["text"]) for f in lines[1]["warnings"]] == [("marketing", "Check out our other products")]
    assert all(f["message"] for f in lines[1]["blocking"] + lines[1]["warnings"])


def test_prohibited_content_blocks_in_the_same_json_shape(tmp_path):
    thanks = tmp_path / "thanks.j2"
    thanks.write_text("Hi {{ buyer_name }},\n\nThank you for your order!\n\nBest regards,\n{{ seller_name }}", "utf-8")
    shipped = tmp_path / "shipped.j2"
    shipped.write_text("Hallo,\nIhre Bestellung wurde heute versandt.\nFolgen Sie uns auf Instagram!", "utf-8")

    lines = run(thanks, shipped)

    assert [(f["rule"], f["text"], f["line"]) for f in lines[0]["blocking"]] == [
        ("thank_you_only", "Thank you for your order", 3)
    ]
    assert [(f["rule"], f["text"], f["line"]) for f in lines[1]["blocking"]] == [
        ("shipment_confirmation", "Ihre Bestellung wurde heute versandt", 2),
        ("follow_invitation", "Folgen Sie uns auf Instagram", 3),
    ]
    assert all(set(f) == {"rule", "text", "line", "message"} for line in lines for f in line["blocking"])


def test_critical_lints_as_a_critical_message(tmp_path):
    template = tmp_path / "delivery.j2"
    template.write_text("Your delivery is planned for Monday. Please leave a review after it arrives.", "utf-8")

    (plain,) = run(template)
    (critical,) = run(template, "--critical")

    assert plain["blocking"] == []
    assert [f["rule"] for f in critical["blocking"]] == ["non_critical_content_in_critical_kind"]


def test_quoted_text_is_written_as_is(tmp_path):
    template = tmp_path / "ja.j2"
    template.write_text("星5のレビューをお願いします。", "utf-8")
    out = StringIO()

    call_command("lint_template", str(template), stdout=out)

    assert '"text": "星5"' in out.getvalue()


def test_a_missing_file_gets_an_error_and_the_others_are_still_linted(tmp_path):
    template = tmp_path / "t.j2"
    template.write_text("Call +49 30 1234567", "utf-8")
    missing = tmp_path / "missing.j2"

    lines = run(missing, template)

    assert lines[0]["file"] == str(missing)
    assert lines[0]["blocking"] == [] and lines[0]["warnings"] == []
    assert lines[0]["error"].startswith("cannot read the file")
    assert [f["rule"] for f in lines[1]["blocking"]] == ["phone_number"]


def test_a_directory_gets_an_error(tmp_path):
    (line,) = run(tmp_path)

    assert "error" in line and line["blocking"] == []


def test_binary_empty_and_non_utf8_files_are_linted_without_fuss(tmp_path):
    binary = tmp_path / "image.png"
    binary.write_bytes(bytes(range(256)) * 40 + b"\x00\xff\xfe{{ \x80 {% #}")
    empty = tmp_path / "empty.j2"
    empty.write_bytes(b"")
    latin1 = tmp_path / "latin1.j2"
    latin1.write_bytes("Über eine positive Bewertung freuen wir uns. Grüße".encode("latin-1"))

    lines = run(binary, empty, latin1)

    assert [line["file"] for line in lines] == [str(binary), str(empty), str(latin1)]
    assert all("error" not in line for line in lines)
    assert lines[1] == {"file": str(empty), "blocking": [], "warnings": []}
    assert [f["rule"] for f in lines[2]["blocking"]] == ["positive_only_review"]


def test_a_huge_file_is_linted_from_its_start(tmp_path):
    huge = tmp_path / "huge.j2"
    huge.write_bytes(b"Mail us: help@myshop.com\n" + b"a perfectly ordinary line of text\n" * 60_000)

    (line,) = run(huge)

    assert line["truncated"] is True
    assert [f["rule"] for f in line["blocking"]] == ["email_address"]


def test_the_command_exits_0_even_when_a_file_is_unreadable(tmp_path):
    template = tmp_path / "t.j2"
    template.write_text("Hello", "utf-8")

    command = [sys.executable, "manage.py", "lint_template", str(tmp_path / "nope.j2"), str(template)]
    result = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=60)

    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert result.returncode == 0
    assert [line["file"] for line in lines] == [str(tmp_path / "nope.j2"), str(template)]
