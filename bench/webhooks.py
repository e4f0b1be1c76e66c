"""Outgoing webhooks against a real HTTP receiver on loopback (issue 19).

- events_per_s: 1,000 sellers with one endpoint each and 5 events each recorded while no worker
  runs; then a real Celery worker delivers them: events per second from the receiver's first
  2xx to its last (goal 500).
- p99_delivery_s: with the worker running, 2,000 events recorded one a transaction at a steady
  pace across the sellers: the 99th percentile from each event's commit to the receiver's 2xx
  (goal 5).
- With the receiver answering 503 for 10 minutes of simulated time (the deliverer's clock runs 60
  times faster than the wall's) while 100 sellers' 2,000 events happen, then answering again:
  `lost` (events never answered 2xx), `duplicates` (a webhook-id delivered again after a 2xx) and
  `out_of_order` (endpoints whose 2xx arrivals are not in the events' order), goal 0 each.
"""

import argparse
import json
import os
import random
import subprocess
import sys
import tempfile
import threading
import time
from datetime import timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from benchlib import ROOT, figure, percentile, setup_django

BENCH = "webhooks"
SPEED = 60.0  # simulated seconds per real second in the outage phase


# -- the receiver (its own process, so it never shares the deliverer's interpreter) ---------------
def serve(port_file: str) -> None:
    lock = threading.Lock()
    state = {"down": False, "records": [], "ok_ids": set(), "duplicates": 0}

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"
        # As production servers do (nginx, gunicorn): without it the answer's body waits for the
        # client's delayed ACK of its headers, 40 ms a request on Linux.
        disable_nagle_algorithm = True

        def do_POST(self):
            body = self.rfile.read(int(self.headers.get("content-length") or 0))
            if self.path.startswith("/_"):
                with lock:
                    state["down"] = self.path == "/_down"
                return self._answer(200, b"ok")
            arrived = time.time()
            message_id = self.headers.get("webhook-id", "")
            data = json.loads(body)["data"]
            with lock:
                status = 503 if state["down"] else 200
                if status == 200:
                    if message_id in state["ok_ids"]:
                        state["duplicates"] += 1
                    state["ok_ids"].add(message_id)
                    state["records"].append((self.path, message_id, data.get("n"), data.get("probe"), arrived))
            self._answer(status, b"ok" if status == 200 else b"down for maintenance")

        def do_GET(self):
            with lock:
                payload = json.dumps({"records": state["records"], "duplicates": state["duplicates"]}).encode()
                if self.path == "/_reset":
                    state.update(records=[], ok_ids=set(), duplicates=0)
            self._answer(200, payload)

        def _answer(self, status, body):
            self.send_response(status)
            self.send_header("content-length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    Path(port_file).write_text(str(server.server_address[1]))
    server.serve_forever()


class ReceiverProcess:
    def __init__(self, work: Path):
        port_file = work / "receiver-port"
        self.process = subprocess.Popen(
            [sys.executable, __file__, "--serve", str(port_file)], cwd=ROOT, start_new_session=True
        )
        deadline = time.monotonic() + 20
        while not port_file.exists() or not port_file.read_text():
            if time.monotonic() > deadline:
                raise RuntimeError("the receiver did not start")
            time.sleep(0.05)
        self.base = f"http://127.0.0.1:{port_file.read_text()}"

    def call(self, method: str, path: str) -> dict:
        import httpx

        response = httpx.request(method, self.base + path, timeout=30)
        return response.json() if method == "GET" else {}

    def records(self, reset=False) -> tuple[list, int]:
        got = self.call("GET", "/_reset" if reset else "/_records")
        return got["records"], got["duplicates"]

    def stop(self):
        self.process.terminate()
        self.process.wait(timeout=10)


class Worker:
    """A real Celery worker on the default queue: the webhooks deliverer runs in it."""

    def __init__(self):
        env = {**os.environ, "LOG_LEVEL": "WARNING", "PYTHONWARNINGS": "ignore"}
        env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        self.process = subprocess.Popen(
            [
                sys.executable, "-m", "celery", "-A", "config", "worker", "--concurrency", "1", "--pool", "prefork",
                "--without-gossip", "--without-mingle", "--without-heartbeat", "--loglevel", "WARNING",
                "-n", f"webhooks-bench-{os.getpid()}@%h",
            ],
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            start_new_session=True,
        )  # fmt: skip

    def stop(self):
        """A warm shutdown, as a deploy does: the running deliverer finishes its slice first."""
        import signal

        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(timeout=120)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)


# -- the bench -------------------------------------------------------------------------------------
def make_sellers(count: int, receiver_base: str) -> list:
    from sellers.models import Seller
    from webhooks import services

    sellers = Seller.objects.bulk_create([Seller(name=f"Webhook seller {i}") for i in range(count)])
    for i, seller in enumerate(sellers):
        services.endpoint_create(
            seller=seller, url=f"{receiver_base}/hooks/{i}", format="standard", event_types=["message.sent"]
        )
    return sellers


OUTAGE = -1  # the probe of the outage phase's events


def record(seller, n: int, probe=None) -> float:
    """One event in its own transaction; returns the moment it committed."""
    from django.db import transaction

    from eventlog.services import record_event

    with transaction.atomic():
        record_event(seller, "message.sent", {"order_id": f"111-{n:07d}-0000001", "n": n, "probe": probe})
    return time.time()


def wait_for(receiver: ReceiverProcess, count: int, timeout: float, probe=None) -> list:
    """The receiver's records once `count` distinct messages (of `probe`, if given) got a 2xx."""
    deadline = time.monotonic() + timeout
    while True:
        records, _ = receiver.records()
        wanted = {r[1] for r in records if probe is None or r[3] == probe}
        if len(wanted) >= count or time.monotonic() > deadline:
            return records
        time.sleep(0.5)


def cpu_seconds(pids) -> float:
    """CPU seconds used so far by these processes and their children (a worker's pool)."""
    tick, total = os.sysconf("SC_CLK_TCK"), 0.0
    for pid in filter(str.isdigit, os.listdir("/proc")):
        try:
            with open(f"/proc/{pid}/stat") as stat:
                fields = stat.read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(pid) in pids or int(fields[1]) in pids:  # fields[1]: the parent's pid
            total += (int(fields[11]) + int(fields[12])) / tick
    return total


def throughput(receiver: ReceiverProcess, sellers: list, per_seller: int) -> tuple[float, int]:
    from webhooks import tasks

    for n in range(per_seller):
        for seller in sellers:
            record(seller, n)
    total = per_seller * len(sellers)
    worker = Worker()
    before = {"worker": cpu_seconds({worker.process.pid}), "receiver": cpu_seconds({receiver.process.pid})}
    tasks.start_deliverer()
    records = wait_for(receiver, total, 600)
    arrivals = sorted(r[4] for r in records)
    rate = (len(arrivals) - 1) / max(1e-9, arrivals[-1] - arrivals[0]) if len(arrivals) > 1 else 0.0
    used = {
        "worker": cpu_seconds({worker.process.pid}) - before["worker"],
        "receiver": cpu_seconds({receiver.process.pid}) - before["receiver"],
    }
    print(
        f"throughput: {len(records)} of {total} delivered in {arrivals[-1] - arrivals[0]:.1f} s; CPU ms per event: "
        + ", ".join(f"{name} {1000 * seconds / max(1, total):.2f}" for name, seconds in used.items())
        + f" (worker start included); load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores",
        flush=True,
    )
    return rate, worker


def latency(receiver: ReceiverProcess, sellers: list, count: int, pace: float) -> list[float]:
    receiver.records(reset=True)
    committed = {}
    started = time.monotonic()
    for probe in range(count):
        committed[probe] = record(random.choice(sellers), 1000 + probe, probe=probe)
        ahead = started + (probe + 1) / pace - time.monotonic()
        if ahead > 0:
            time.sleep(ahead)
    records = wait_for(receiver, count, 120)
    return [r[4] - committed[r[3]] for r in records if r[3] is not None]


class SimulatedClock:
    def __init__(self, speed: float):
        from django.utils import timezone

        self.speed, self.real, self.start = speed, time.monotonic(), timezone.now()

    def __call__(self):
        return self.start + timedelta(seconds=(time.monotonic() - self.real) * self.speed)

    def minutes(self) -> float:
        return (time.monotonic() - self.real) * self.speed / 60


def outage(receiver: ReceiverProcess, sellers: list, per_seller: int, down_minutes: float) -> dict:
    from webhooks.delivery import Deliverer

    receiver.records(reset=True)
    receiver.call("POST", "/_down")
    clock = SimulatedClock(SPEED)
    deliverer = Deliverer(clock=clock)
    report = {}
    runner = threading.Thread(target=lambda: report.update(r=deliverer.run(seconds=180, idle_exit=20)), daemon=True)
    runner.start()
    half = per_seller // 2
    for n in range(half):  # before and during the outage
        for seller in sellers:
            record(seller, n, probe=OUTAGE)
    while clock.minutes() < down_minutes / 2:
        time.sleep(0.1)
    for n in range(half, per_seller):
        for seller in sellers:
            record(seller, n, probe=OUTAGE)
    while clock.minutes() < down_minutes:
        time.sleep(0.1)
    receiver.call("POST", "/_up")
    back_at = clock.minutes()
    total = per_seller * len(sellers)
    records = wait_for(receiver, total, 150, probe=OUTAGE)
    finished_at = clock.minutes()
    strays = [r for r in records if r[3] != OUTAGE]  # none expected: the worker before finished its work
    records = [r for r in records if r[3] == OUTAGE]
    runner.join(timeout=200)
    _, duplicates = receiver.records()
    by_endpoint: dict[str, list] = {}
    for path, _, n, _, _arrived in sorted(records, key=lambda r: r[4]):
        by_endpoint.setdefault(path, []).append(n)
    out_of_order = sum(1 for ns in by_endpoint.values() if ns != sorted(ns) or len(set(ns)) != len(ns))
    delivered_ids = {r[1] for r in records}
    print(
        f"outage: receiver down {back_at:.1f} simulated minutes; {len(delivered_ids)} of {total} delivered "
        f"{finished_at - back_at:.1f} simulated minutes after it came back ({len(strays)} earlier events again)",
        flush=True,
    )
    return {"lost": total - len(delivered_ids), "duplicates": duplicates, "out_of_order": out_of_order}


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--serve")
    parser.add_argument("--sellers", type=int, default=1000)
    parser.add_argument("--per-seller", type=int, default=5)
    parser.add_argument("--latency-events", type=int, default=2000)
    parser.add_argument("--pace", type=float, default=200.0, help="events per second in the latency phase")
    parser.add_argument("--outage-sellers", type=int, default=100)
    parser.add_argument("--outage-per-seller", type=int, default=20)
    parser.add_argument("--down-minutes", type=float, default=10.0)
    args = parser.parse_args()
    if args.serve:
        serve(args.serve)
        return
    os.environ.setdefault("WEBHOOK_ALLOW_LOOPBACK", "true")
    setup_django("bench_webhooks")
    work = Path(tempfile.mkdtemp(prefix="bench-webhooks-"))
    receiver = ReceiverProcess(work)
    worker = None
    try:
        started = time.perf_counter()
        sellers = make_sellers(args.sellers, receiver.base)
        print(f"{len(sellers)} sellers with an endpoint each in {time.perf_counter() - started:.0f} s", flush=True)
        rate, worker = throughput(receiver, sellers, args.per_seller)
        delays = latency(receiver, sellers, args.latency_events, args.pace)
        worker.stop()
        worker = None
        faults = outage(receiver, sellers[: args.outage_sellers], args.outage_per_seller, args.down_minutes)
        p99 = percentile(delays, 0.99) if delays else float("inf")
        figure(BENCH, "events_per_s", rate, "events/s", 500, rate >= 500)
        figure(BENCH, "p99_delivery_s", p99, "s", 5, p99 <= 5)
        figure(BENCH, "lost", faults["lost"], "events", 0, faults["lost"] == 0)
        figure(BENCH, "duplicates", faults["duplicates"], "events", 0, faults["duplicates"] == 0)
        figure(BENCH, "out_of_order", faults["out_of_order"], "endpoints", 0, faults["out_of_order"] == 0)
        print(
            f"\n{BENCH}: {args.sellers} sellers; {args.per_seller * args.sellers} events drained at {rate:.0f}/s; "
            f"{len(delays)} events at {args.pace:.0f}/s: median {percentile(delays, 0.5):.3f} s, "
            f"p99 {p99:.3f} s from commit to 2xx; outage of {args.down_minutes:g} simulated minutes over "
            f"{args.outage_sellers} endpoints: {faults}.",
            flush=True,
        )
    finally:
        if worker is not None:
            worker.stop()
        receiver.stop()


if __name__ == "__main__":
    main()
