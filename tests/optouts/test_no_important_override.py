"""Amazon removed the "[Important]" subject-line override of buyer opt-outs: nothing we show or write offers it.

Critical messages now reach an opted-out buyer whatever their subject, and anything else is blocked whatever its
subject. The parser may still recognise old notices that mention the override; the sandbox, which is Amazon, may
write Amazon's words.
"""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
# The bracketed word of the override in the marketplaces' languages ("[Important]", "[Importante]", "[重要]", ...).
OVERRIDE = re.compile(
    r"\[\s*(?:important|importante|wichtig|belangrijk|ważne|viktigt|önemli|重要|هام|مهم)\s*\]", re.IGNORECASE
)
APPS = ["api", "campaigns", "common", "config", "demo", "insights", "messaging", "notices", "optouts", "sellers"]
AMAZONS_OWN_WORDS = {Path("optouts/notice_phrases.py")}


def product_text():
    yield ROOT / "README.md"
    for folder in ["templates", "static/css", "static/js", *APPS]:
        for path in sorted((ROOT / folder).rglob("*")):
            if path.suffix in {".py", ".html", ".txt", ".md", ".js", ".css"} and path.is_file():
                if path.relative_to(ROOT) not in AMAZONS_OWN_WORDS:
                    yield path


def test_the_product_text_is_read():
    names = {path.relative_to(ROOT).as_posix() for path in product_text()}

    assert {"README.md", "templates/optouts/optout_list.html", "optouts/parser.py"} <= names


def test_no_product_text_offers_the_important_override():
    offers = [
        f"{path.relative_to(ROOT)}:{number}: {line.strip()}"
        for path in product_text()
        for number, line in enumerate(path.read_text(encoding="utf-8", errors="replace").splitlines(), start=1)
        if OVERRIDE.search(line)
    ]

    assert offers == []
