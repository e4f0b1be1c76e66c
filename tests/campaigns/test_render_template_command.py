"""`python manage.py render_template FILE...` (a contract): one JSON line per file, never a crash."""

import json
import os
import random
import subprocess
import sys
from io import StringIO

from django.core.management import call_command

from .test_render_pool import HOARD, memory_only

SAMPLE_ID = "113-4567890-1234567"


def run(*paths) -> list[dict]:
    out = StringIO()
    call_command("render_template", *[str(p) for p in paths], stdout=out)
    return [json.loads(line) for line in out.getvalue().splitlines()]


def test_a_template_renders_for_an_order_unlike_the_editors_sample(tmp_path):
    source = tmp_path / "hello.txt"
    source.write_text(
        "Order {{ order_id }} on {{ marketplace }}, {{ purchase_date|date('long') }}: "
        "{% for p in products %}{{ p.title }}; {% endfor %}"
        f"{{% if order_id != '{SAMPLE_ID}' %}}not the sample{{% endif %}}"
    )

    [line] = run(source)

    assert set(line) == {"file", "ok", "text", "ms"}
    assert line["file"] == str(source) and line["ok"] is True
    assert SAMPLE_ID not in line["text"] and line["text"].endswith("not the sample")
    assert "Amazon.co.uk" in line["text"] and "Stainless steel" not in line["text"]
    assert isinstance(line["ms"], float | int) and line["ms"] >= 0


def test_errors_and_budgets_come_back_as_errors(tmp_path, settings):
    memory_only(settings)
    (tmp_path / "bomb.txt").write_text("{{ ((1).to_bytes(10000,'big') * 10000)|length }}")
    (tmp_path / "hoard.txt").write_text(HOARD)
    (tmp_path / "broken.txt").write_text("Hello\n{{ order_id ")

    bomb, hoard, broken = run(tmp_path / "bomb.txt", tmp_path / "hoard.txt", tmp_path / "broken.txt")

    assert set(bomb) == {"file", "ok", "error", "ms"} and bomb["ok"] is False
    assert bomb["error"].startswith("Line 1: not allowed: a template cannot use bytes values")
    assert hoard["error"] == "the template used more than 64 MB of memory"
    assert broken["ok"] is False and broken["error"].startswith("Line 2:")


def test_binary_and_huge_files_never_crash_it(tmp_path):
    rng = random.Random(16)
    for n in range(5):
        (tmp_path / f"random{n}.bin").write_bytes(bytes(rng.randrange(256) for _ in range(4000)))
    (tmp_path / "huge.txt").write_bytes(b"{{ order_id }}" * 1_000_000)
    (tmp_path / "nul.txt").write_bytes(b"\x00\xff\xfe{{ '\\ud800' }}{% raw %}")
    files = sorted(tmp_path.iterdir())

    lines = run(*files)

    assert [line["file"] for line in lines] == [str(f) for f in files]
    assert all(isinstance(line["ok"], bool) and ("text" in line) == line["ok"] for line in lines)
    huge = next(line for line in lines if line["file"].endswith("huge.txt"))
    assert huge["error"] == "Line 1: the template is longer than 20,000 characters"


def test_exit_status_is_not_zero_only_when_a_file_cannot_be_read(tmp_path):
    good = tmp_path / "good.txt"
    good.write_text("Hi {{ order_id }}")
    command = [sys.executable, "manage.py", "render_template"]

    ok = subprocess.run([*command, str(good)], capture_output=True, text=True, timeout=60, env=os.environ)
    missing = subprocess.run(
        [*command, str(good), str(tmp_path / "missing.txt"), str(tmp_path)],
        capture_output=True,
        text=True,
        timeout=60,
        env=os.environ,
    )

    assert ok.returncode == 0 and json.loads(ok.stdout)["ok"] is True
    assert missing.returncode == 1
    lines = [json.loads(line) for line in missing.stdout.splitlines()]
    assert [line["ok"] for line in lines] == [True, False, False]
    assert lines[1]["error"].startswith("cannot read the file")
