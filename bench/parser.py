"""Notice parser throughput on one core over a mixed corpus.

Figure: messages_per_s (goal >= 2000). The corpus mixes notices in every language whose wording
the parser knows, in each way sellers forward them; notices recognised only by Amazon's headers
(German, Spanish, Arabic) as Amazon mails them, auto-forwarded, redirected and attached; and mail
that is not a notice (buyer messages, other Amazon mail, phishing, junk).
"""

import os
import statistics
import time
from email.message import EmailMessage

from benchlib import ROOT, figure

BENCH = "parser"


def corpus() -> list[bytes]:
    import sys

    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    from tests.optouts.notice_samples import (
        attached_forward,
        gmail_auto_forward,
        gmail_forward,
        notice,
        outlook_forward,
        outlook_redirect,
        quoted_reply,
        wire,
    )

    messages = []
    for n, language in enumerate(["en", "fr", "ja", "it"] * 3):
        order = f"11{n % 10}-{n:07d}-{n * 7 % 10_000_000:07d}"
        for shape in (lambda m: m, gmail_forward, outlook_forward, attached_forward, quoted_reply):
            messages.append(wire(shape(notice(language, order))))
    for n, language in enumerate(["de", "es", "ar"] * 4):
        order = f"30{n % 10}-{n:07d}-{n * 3 % 10_000_000:07d}"
        for shape in (lambda m: m, gmail_auto_forward, outlook_redirect, attached_forward):
            messages.append(wire(shape(notice(language, order, html_only=n % 2 == 1))))
    for n in range(30):
        other = EmailMessage()
        other["From"] = "buyer@marketplace.amazon.com" if n % 2 else "newsletter@example.com"
        other["Subject"] = f"Question about order 111-{n:07d}-1234567"
        other.set_content("Hello, when will my parcel arrive? " * (1 + n % 5))
        messages.append(wire(other))
    messages.append(b"\xff\xfe garbage" * 100)
    return messages


def main():
    from optouts.parser import parse

    messages = corpus()
    rounds = []
    for _ in range(5):
        started = time.perf_counter()
        for _ in range(5):
            for raw in messages:
                parse(raw)
        rounds.append(5 * len(messages) / (time.perf_counter() - started))
    rate = statistics.median(rounds)
    figure(BENCH, "messages_per_s", rate, "messages/s", 2000, rate >= 2000)
    print(
        f"\nparser: {len(messages)} messages ({sum(map(len, messages)) // 1024} kB) per round; "
        f"median of 5 rounds {rate:.0f} messages/s on one core (rounds: {', '.join(f'{r:.0f}' for r in rounds)})."
    )


if __name__ == "__main__":
    main()
