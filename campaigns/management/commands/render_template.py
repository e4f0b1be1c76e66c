import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from campaigns import templating

# A template is at most MAX_SOURCE characters, four bytes each at most in UTF-8: past this the file
# is too long whatever it holds, and what was read already says so (the renderer refuses it).
MAX_BYTES = 4 * templating.MAX_SOURCE + 8


class Command(BaseCommand):
    help = (
        "Render files as seller message templates for a synthetic order (not the editor's sample), in the "
        "render processes a send uses, with their memory and time limits; print one JSON object per file, "
        "one a line: {file, ok, text or error, ms}. Exits 0 when every file was read."
    )

    def add_arguments(self, parser):
        parser.add_argument("files", nargs="+")

    def handle(self, *args, files, **options):
        sources, lines = {}, {}
        for index, name in enumerate(files):
            try:
                sources[index] = _read(name)
            except OSError as exc:
                lines[index] = {
                    "file": name,
                    "ok": False,
                    "error": f"cannot read the file: {exc.strerror or exc}",
                    "ms": 0,
                }
        try:
            rendered = templating.render_many([templating.synthetic_job(source) for source in sources.values()])
        except templating.RenderPoolUnavailable as exc:
            rendered = [templating.Rendered(error=f"cannot render: {exc}")] * len(sources)
        for index, result in zip(sources, rendered, strict=True):
            line = {"file": files[index], "ok": result.ok}
            if result.ok:
                line["text"] = result.text
            else:
                line["error"] = str(templating.TemplateRenderError(result.error, result.line))
            lines[index] = {**line, "ms": round(result.ms, 3)}
        for index in range(len(files)):
            self._write(lines[index])
        unread = len(files) - len(sources)
        if unread:
            raise CommandError(f"{unread} of {len(files)} files could not be read", returncode=1)

    def _write(self, line: dict) -> None:
        text = json.dumps(line, ensure_ascii=False)
        for separator in _LINE_BREAKS:  # JSON allows them raw in strings; readers of lines do not
            text = text.replace(separator, f"\\u{ord(separator):04x}")
        try:
            self.stdout.write(text)
        except UnicodeEncodeError:  # a terminal that cannot show the text still gets the line
            self.stdout.write(json.dumps(line, ensure_ascii=True))


# The line breaks of str.splitlines() that json.dumps leaves unescaped (it escapes those below 0x20).
_LINE_BREAKS = ("\x85", "\u2028", "\u2029")


def _read(name: str) -> str:
    with Path(name).open("rb") as file:
        raw = file.read(MAX_BYTES)
    return raw.decode("utf-8-sig", errors="replace")
