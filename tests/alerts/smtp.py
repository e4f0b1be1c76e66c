"""A real SMTP server for the tests (aiosmtpd, the library of our inbound receiver) that can fail."""

from email import message_from_bytes, policy

from aiosmtpd.controller import Controller


class Receiver:
    """Accepts mail into `messages`; answers 451 to the next `fail_next` messages and 550 to `refuse`."""

    def __init__(self):
        self.messages = []
        self.fail_next = 0
        self.failed = 0
        self.refuse: set[str] = set()

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address in self.refuse:
            return "550 5.1.1 No such mailbox here"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        if self.fail_next > 0:
            self.fail_next -= 1
            self.failed += 1
            return "451 4.3.0 Mail server busy, try again later"
        self.messages.append(message_from_bytes(envelope.content, policy=policy.default))
        return "250 Message accepted"


def start(port: int) -> tuple[Controller, Receiver]:
    receiver = Receiver()
    controller = Controller(receiver, hostname="127.0.0.1", port=port)
    controller.start()
    return controller, receiver
