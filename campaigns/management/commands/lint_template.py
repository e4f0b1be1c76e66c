import json
from pathlib import Path

from django.core.management.base import BaseCommand

from campaigns.policy import lint

# A template is at most a few kB (campaigns/templating/limits.py: MAX_SOURCE, 20,000 characters);
# past this the file is not a template, and only its start is linted.
MAX_BYTES = 1024 * 1024


class Command(BaseCommand):
    help = (
        "Lint files as seller message templates against Amazon's communication guidelines; "
        "print one JSON object per file, one a line. Always exits 0."
    )

    def add_arguments(self, parser):
        parser.add_argument("files", nargs="+")
        parser.add_argument(
            "--critical",
            action="store_true",
            help="lint as a critical message (customization, delivery, address problem), "
            "which must not ask for reviews or promote anything",
        )

    def handle(self, *args, files, critical, **options):
        for name in files:
            line = {"file": name, **_lint_file(name, critical_kind=True if critical else None)}
            try:
                self.stdout.write(json.dumps(line, ensure_ascii=False))
            except UnicodeEncodeError:  # a terminal that cannot show the quoted text still gets the line
                self.stdout.write(json.dumps(line, ensure_ascii=True))


def _lint_file(name: str, *, critical_kind: bool | None) -> dict:
    try:
        with Path(name).open("rb") as file:
            raw = file.read(MAX_BYTES + 1)
    except OSError as exc:
        return {"blocking": [], "warnings": [], "error": f"cannot read the file: {exc.strerror or exc}"}
    truncated = len(raw) > MAX_BYTES
    source = raw[:MAX_BYTES].decode("utf-8-sig", errors="replace")
    try:
        result = lint(source, critical_kind=critical_kind).to_dict()
    except Exception as exc:  # noqa: BLE001 - one bad file must not stop the others
        return {"blocking": [], "warnings": [], "error": f"cannot lint the file ({type(exc).__name__})"}
    if truncated:
        result["truncated"] = True  # only the first MAX_BYTES were linted
    return result
