"""A development mailbox: every outgoing email becomes one .eml file that /_dev/mailbox/ shows."""

import time
import uuid
from email import message_from_bytes, policy
from pathlib import Path

from django.conf import settings
from django.core.mail.backends.base import BaseEmailBackend


class MailboxBackend(BaseEmailBackend):
    def send_messages(self, email_messages):
        directory = Path(settings.MAILBOX_DIR)
        directory.mkdir(parents=True, exist_ok=True)
        for message in email_messages:
            name = f"{time.time_ns():020d}-{uuid.uuid4().hex[:8]}.eml"
            (directory / name).write_bytes(message.message().as_bytes(linesep="\n"))
        return len(email_messages)


def mailbox_messages(limit: int = 50) -> list[dict]:
    """The newest messages first, parsed for display."""
    directory = Path(settings.MAILBOX_DIR)
    if not directory.is_dir():
        return []
    messages = []
    for path in sorted(directory.glob("*.eml"), reverse=True)[:limit]:
        parsed = message_from_bytes(path.read_bytes(), policy=policy.default)
        body = parsed.get_body(preferencelist=("plain", "html"))
        messages.append(
            {
                "id": path.stem,
                "to": parsed["To"],
                "subject": parsed["Subject"],
                "date": parsed["Date"],
                "body": body.get_content() if body else "",
            }
        )
    return messages
