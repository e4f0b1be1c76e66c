"""Measuring what hostile email costs: the parser's time per megabyte, the memory of resolving pending notices.

`measure_parse` times `optouts.parser.parse` on the emails of bench/hostile_corpus.py in a child
process, one email at a time with a deadline, so that a parser that blows up is reported rather
than waited for. `measure_resolve_peak_mb` measures the memory of the periodic pass over pending
notice orders in a child process: its peak resident size over its resident size before it started.
Both need the project's Django settings; the second a migrated database (`DATABASE_URL`).
"""

import json
import os
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

from hostile_corpus import KB, MB, RECEIVER_LIMIT, SHAPES, mail, pending_notice

ROOT = Path(__file__).resolve().parent.parent


def _child_env() -> dict:
    env = os.environ.copy()
    env.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    env["PYTHONPATH"] = os.pathsep.join([str(ROOT), str(ROOT / "bench"), env.get("PYTHONPATH", "")])
    return env


def measure_parse(
    sizes=(64 * KB, MB, RECEIVER_LIMIT),
    names=None,
    *,
    timeout_s: float = 60.0,
    progress: Callable[[dict], None] | None = None,
) -> list[dict]:
    """Parse every email of the corpus once in a child process; one dict per email:
    {"name", "bytes", "ms", "ms_per_mb", "reason"}. An email whose parse outlives `timeout_s` is
    reported with ms = its deadline and reason "timed out" (the child is killed and a new one goes on
    with the next email)."""
    todo = [(name, size) for name in (names or SHAPES) for size in sizes]
    results: list[dict] = []
    while todo:
        child = subprocess.Popen(
            [sys.executable, __file__, "--parse-worker"],
            cwd=ROOT,
            env=_child_env(),
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        try:
            while todo:
                name, size = todo[0]
                child.stdin.write(json.dumps([name, size]) + "\n")
                child.stdin.flush()
                line = _read_line(child, timeout_s)
                todo.pop(0)
                if line is None:
                    result = {
                        "name": f"{name}@{size // KB}k",
                        "bytes": size,
                        "ms": timeout_s * 1000,
                        "ms_per_mb": timeout_s * 1000 / (size / MB),
                        "reason": "timed out",
                    }
                    results.append(result)
                    if progress:
                        progress(result)
                    break
                result = json.loads(line)
                results.append(result)
                if progress:
                    progress(result)
        finally:
            child.kill()
            child.wait()
    return results


def _read_line(child, timeout_s: float) -> str | None:
    import selectors

    with selectors.DefaultSelector() as selector:
        selector.register(child.stdout, selectors.EVENT_READ)
        if not selector.select(timeout_s):
            return None
    return child.stdout.readline() or None


REPEAT = 3


def _parse_worker():
    import django

    django.setup()
    from optouts.parser import parse

    # First use builds a few tables (combining marks, codec names): a worker does it once, not per message.
    parse(mail("e\u0301 \ufb01".encode(), content_type=b"text/plain; charset=utf-8"))

    for line in sys.stdin:
        name, size = json.loads(line)
        raw = SHAPES[name](size)
        timings = []
        for _ in range(REPEAT):  # the median of three: one slow run on a busy machine is not the parser's
            started = time.perf_counter()
            result = parse(raw)
            timings.append((time.perf_counter() - started) * 1000)
        ms = sorted(timings)[len(timings) // 2]
        print(
            json.dumps(
                {
                    "name": f"{name}@{size // KB}k",
                    "bytes": len(raw),
                    "ms": round(ms, 3),
                    "ms_per_mb": round(ms / (len(raw) / MB), 3),
                    "reason": result.reason[:200],
                }
            ),
            flush=True,
        )


def measure_resolve_peak_mb(order_count: int = 10_000, *, raw_bytes: int = MB, timeout_s: float = 600.0) -> dict:
    """Memory (MB) of resolving `order_count` pending notice orders that never sync.

    One child process (on `DATABASE_URL`, already migrated) stores a notice whose raw mail is
    `raw_bytes` and names the orders, and records a pending row per order as the notice flow does;
    a second one runs the periodic pass (notices_resolve() over every seller) and reports its peak
    resident size over its resident size just before: the first child's own allocations cannot
    count. Returned: {"peak_mb", "rows": pending rows, "raw_mb": the notice's size, "resolved": rows
    resolved (0: none of the orders ever synced), "seconds"}.
    """
    for step in ("--resolve-setup", "--resolve-worker"):
        output = subprocess.run(
            [sys.executable, __file__, step, str(order_count), str(raw_bytes)],
            cwd=ROOT,
            env=_child_env(),
            capture_output=True,
            text=True,
            timeout=timeout_s,
            check=False,
        )
        if output.returncode != 0:
            raise RuntimeError(f"{step} failed: {output.stderr[-2000:]}")
    return json.loads(output.stdout.strip().splitlines()[-1])


def _resident_mb() -> float:
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / MB


def _resolve_setup(order_count: int, raw_bytes: int):
    import django

    django.setup()
    from optouts.models import InboundMessage, NoticeOrder
    from sellers.models import Seller

    raw, ids = pending_notice(order_count, raw_bytes=raw_bytes)
    seller = Seller.objects.create(name=f"Hostile seller {time.time_ns()}")
    message = InboundMessage.objects.create(
        seller=seller,
        source="smtp",
        recipient="token@inbound.localhost",
        sha256=InboundMessage.digest(raw),
        size=len(raw),
        raw=raw,
        status=InboundMessage.Status.PARSED,
        status_reason="hostile bench",
    )
    # The rows _record_notice_orders leaves for a notice naming these orders (as it did before notices
    # were capped at parser.MAX_ORDER_IDS, or as many capped notices do), in bulk.
    NoticeOrder.objects.bulk_create(
        [NoticeOrder(seller=seller, message=message, amazon_order_id=order_id) for order_id in ids], batch_size=2000
    )


def _resolve_worker(order_count: int, raw_bytes: int):
    import resource

    import django

    django.setup()
    from django.db import connection

    from optouts import inbound_mail

    connection.ensure_connection()
    before = _resident_mb()
    started = time.perf_counter()
    resolved = inbound_mail.notices_resolve()
    seconds = time.perf_counter() - started
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / KB  # kB on Linux
    print(
        json.dumps(
            {
                "peak_mb": round(max(0.0, peak - before), 3),
                "rows": order_count,
                "raw_mb": round(raw_bytes / MB, 3),
                "resolved": resolved,
                "seconds": round(seconds, 3),
            }
        )
    )


if __name__ == "__main__":
    sys.path[:0] = [str(ROOT)]
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    if sys.argv[1:2] == ["--parse-worker"]:
        _parse_worker()
    elif sys.argv[1:2] == ["--resolve-setup"]:
        _resolve_setup(int(sys.argv[2]), int(sys.argv[3]))
    elif sys.argv[1:2] == ["--resolve-worker"]:
        _resolve_worker(int(sys.argv[2]), int(sys.argv[3]))
