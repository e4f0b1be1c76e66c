"""Opt-out lookups against a global table of 10 million buyers in PostgreSQL.

Figures: batch_10k_ms (a batch check of 10,000 buyer keys, goal < 20 ms) and single_ms (one
check, goal < 1 ms), medians of repeated runs through the same service the planner and the send
gate call (optouts.services.optedout_keys).
"""

import argparse
import random
import statistics
import time

from benchlib import figure, setup_django

BENCH = "optout_lookup"


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--entries", type=int, default=10_000_000)
    args = parser.parse_args()
    setup_django("bench_optout_lookup")

    from django.db import connection

    from optouts import services
    from sellers.buyers import buyer_key

    started = time.perf_counter()
    with connection.cursor() as cursor:
        # The table's own key format: hex HMAC-SHA256. Generated in the database for speed.
        cursor.execute("ALTER TABLE optouts_optout SET UNLOGGED")
        cursor.execute(
            "INSERT INTO optouts_optout (buyer_key, source, first_order_id, created_at) "
            "SELECT encode(sha256(('buyer-' || i)::bytea), 'hex'), 'amazon_notice', '', now() "
            "FROM generate_series(1, %s) AS i",
            [args.entries],
        )
        cursor.execute("ALTER TABLE optouts_optout SET LOGGED")
        cursor.execute("VACUUM ANALYZE optouts_optout")
    print(f"{args.entries:,} opt-outs loaded in {time.perf_counter() - started:.0f} s", flush=True)

    import hashlib

    def stored_key(i):
        return hashlib.sha256(f"buyer-{i}".encode()).hexdigest()

    rng = random.Random(1)
    batches, singles = [], []
    # Warm the index into shared buffers first, as a running service's would be.
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM optouts_optout WHERE buyer_key > ''")
    for round_number in range(30):
        # Half the keys are on the table, half are not (fresh HMACs), as for a real seller's orders.
        keys = [stored_key(rng.randint(1, args.entries)) if n % 2 else buyer_key(f"new-{rng.random()}@marketplace.amazon.de")
                for n in range(10_000)]
        t0 = time.perf_counter()
        found = services.optedout_keys(keys)
        if round_number >= 5:
            batches.append((time.perf_counter() - t0) * 1000)
        assert len(found) >= 4990
    for _ in range(200):
        key = stored_key(rng.randint(1, args.entries))
        t0 = time.perf_counter()
        found = services.optedout_keys([key])
        singles.append((time.perf_counter() - t0) * 1000)
        assert found == {key}
    batch_ms, single_ms = statistics.median(batches), statistics.median(singles)
    figure(BENCH, "batch_10k_ms", batch_ms, "ms", 20, batch_ms < 20)
    figure(BENCH, "single_ms", single_ms, "ms", 1, single_ms < 1)
    print(f"\noptout_lookup: {args.entries:,} entries; batch of 10,000 keys median {batch_ms:.1f} ms "
          f"(p90 {sorted(batches)[int(len(batches) * 0.9)]:.1f}); single key median {single_ms:.3f} ms.")


if __name__ == "__main__":
    main()
