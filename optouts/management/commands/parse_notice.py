import json
from pathlib import Path

from django.core.management.base import BaseCommand

from optouts.parser import parse


class Command(BaseCommand):
    help = "Parse files as Amazon opt-out notices; print one JSON object per file, one a line."

    def add_arguments(self, parser):
        parser.add_argument("files", nargs="+")

    def handle(self, *args, files, **options):
        unread = 0
        for name in files:
            try:
                raw = Path(name).read_bytes()
            except OSError as exc:
                unread += 1
                line = {
                    "file": name,
                    "is_optout": False,
                    "order_ids": [],
                    "language": None,
                    "reason": f"cannot read the file: {exc.strerror or exc}",
                    "relay_addresses": [],
                }
            else:
                line = {"file": name, **parse(raw).as_dict()}
            self.stdout.write(json.dumps(line, ensure_ascii=False))
        if unread:
            raise SystemExit(1)
