"""The inbound SMTP receiver under load: a concurrent loopback client, every message accounted for.

Figures: messages_per_s (goal >= 200) and lost (goal 0): messages the server accepted with 250
but did not store, plus messages it refused for good.
"""

import concurrent.futures
import smtplib
import socket
import subprocess
import sys
import time

from benchlib import ROOT, figure, setup_django

BENCH = "smtp"
MESSAGES = 2000
CLIENTS = 16


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def main():
    setup_django("bench_smtp")
    import os

    from optouts import inbound_mail
    from optouts.models import InboundMessage
    from sellers.models import Seller
    from tests.optouts.notice_samples import gmail_forward, notice, wire

    seller = Seller.objects.create(name="Bench seller")
    address = inbound_mail.inbound_address_text(inbound_mail.inbound_address_for(seller))
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "manage.py", "run_inbound_smtp", "--port", str(port), "--rate", "1000000"],
        cwd=ROOT,
        env=os.environ.copy(),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        for _ in range(100):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                break
            except OSError:
                time.sleep(0.1)
        bodies = [wire(gmail_forward(notice("en", f"111-{n:07d}-{n:07d}"), to=address)) for n in range(MESSAGES)]
        refused = []

        def send_share(share):
            with smtplib.SMTP("127.0.0.1", port, timeout=30) as client:
                for raw in share:
                    for attempt in range(5):
                        try:
                            client.sendmail("owner@bench.example", [address], raw)
                            break
                        except smtplib.SMTPResponseException as exc:
                            if 400 <= exc.smtp_code < 500 and attempt < 4:
                                time.sleep(0.2)  # a 4xx asks the sender to retry, as real MTAs do
                                continue
                            refused.append(exc.smtp_code)
                            break

        started = time.perf_counter()
        with concurrent.futures.ThreadPoolExecutor(CLIENTS) as pool:
            list(pool.map(send_share, [bodies[i::CLIENTS] for i in range(CLIENTS)]))
        elapsed = time.perf_counter() - started
        with open(f"/proc/{server.pid}/stat") as stat:
            fields = stat.read().rsplit(")", 1)[1].split()
        server_cpu = (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
        stored = InboundMessage.objects.filter(seller=seller).count()
        rate = MESSAGES / elapsed
        lost = MESSAGES - stored
        figure(BENCH, "messages_per_s", rate, "messages/s", 200, rate >= 200)
        figure(BENCH, "lost", lost, "messages", 0, lost == 0)
        print(
            f"\nsmtp: {MESSAGES} messages from {CLIENTS} concurrent connections in {elapsed:.1f} s "
            f"({rate:.0f}/s); stored {stored}; refused for good {len(refused)}; "
            f"receiver CPU {server_cpu:.1f} s since it started."
        )
    finally:
        server.terminate()
        server.wait(timeout=10)


if __name__ == "__main__":
    main()
