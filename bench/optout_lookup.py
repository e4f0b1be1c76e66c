"""Opt-out lookups against a global table of 10 million buyers in PostgreSQL.

Figures: batch_10k_ms (a batch check of 10,000 buyer keys, goal < 20 ms) and single_ms (one
check, goal < 1 ms), medians of repeated runs through the service the planner calls
(optouts.suppression.optedout_keys, in bulk). A batch that large is answered by the in-memory copy of
the table (optouts.mirror) plus its read of the rows recorded since the copy was loaded.
batch_10k_ms times the copy at the end of its life, with an hour of arrivals to re-read;
batch_10k_fresh_ms a fresh copy; batch_10k_table_ms the same batches asked of the table alone
(the path of small batches and web pages); mirror_load_s the copy's load, paid once an hour and
after each removal in each planning process.
"""

import argparse
import random
import resource
import statistics
import time

from benchlib import figure, percentile, setup_django

BENCH = "optout_lookup"


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--entries", type=int, default=10_000_000)
    args = parser.parse_args()
    setup_django("bench_optout_lookup")

    from django.db import connection
    from django.test import override_settings

    from optouts import suppression
    from optouts.mirror import mirror
    from sellers.buyers import buyer_key

    started = time.perf_counter()
    with connection.cursor() as cursor:
        # The table's own key format: hex HMAC-SHA256. Generated in the database for speed.
        cursor.execute("ALTER TABLE optouts_optout SET UNLOGGED")
        cursor.execute(
            "INSERT INTO optouts_optout (buyer_key, source, first_order_id, created_at, recorded_at) "
            # Learned over the past year, three seconds apart, oldest first: a real table grows
            # over time, and the copy's checks re-read only its newest rows.
            "SELECT encode(sha256(('buyer-' || i)::bytea), 'hex'), 'amazon_notice', '', "
            "now() - (%s - i) * interval '3 seconds', now() - (%s - i) * interval '3 seconds' "
            "FROM generate_series(1, %s) AS i",
            [args.entries, args.entries, args.entries],
        )
        cursor.execute("ALTER TABLE optouts_optout SET LOGGED")
        cursor.execute("VACUUM ANALYZE optouts_optout")
    print(f"{args.entries:,} opt-outs loaded in {time.perf_counter() - started:.0f} s", flush=True)

    import hashlib

    def stored_key(i):
        return hashlib.sha256(f"buyer-{i}".encode()).hexdigest()

    def new_key():
        return buyer_key(f"new-{rng.random()}@marketplace.amazon.de")

    rng = random.Random(1)
    # Half the keys of a batch are on the table, half are not (fresh HMACs), as for a real seller's orders.
    rounds = [
        [stored_key(rng.randint(1, args.entries)) if n % 2 else new_key() for n in range(10_000)] for _ in range(30)
    ]
    on_the_table = [set(keys[1::2]) for keys in rounds]
    # Warm the index into shared buffers first, as a running service's would be.
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM optouts_optout WHERE buyer_key > ''")

    rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    t0 = time.perf_counter()
    mirror().optedout(set(rounds[0]))
    load_s = time.perf_counter() - t0
    load_growth_mb = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - rss_before) / 1024

    def timed_batches(check):
        timings = []
        for round_number, keys in enumerate(rounds):
            t0 = time.perf_counter()
            found = check(keys)
            if round_number >= 5:
                timings.append((time.perf_counter() - t0) * 1000)
            assert found == on_the_table[round_number]
        return timings

    fresh_batches = timed_batches(lambda keys: suppression.optedout_keys(keys, bulk=True))
    # The copy at the end of its life (OPTOUT_MIRROR_MAX_AGE, an hour): every check re-reads the
    # hour's arrivals, 1,200 at the table's rate.
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO optouts_optout (buyer_key, source, first_order_id, created_at) "
            "SELECT encode(sha256(('arrival-' || i)::bytea), 'hex'), 'amazon_notice', '', now() "
            "FROM generate_series(1, 1200) AS i"
        )
    batches = timed_batches(lambda keys: suppression.optedout_keys(keys, bulk=True))
    assert mirror().loads == 1, "the copy reloaded during the timed checks"
    with override_settings(OPTOUT_MIRROR_MIN_BATCH=0):
        table_batches = timed_batches(lambda keys: suppression.optedout_keys(keys, bulk=True))
    singles = []
    for _ in range(200):
        key = stored_key(rng.randint(1, args.entries))
        t0 = time.perf_counter()
        found = suppression.optedout_keys([key])
        singles.append((time.perf_counter() - t0) * 1000)
        assert found == {key}
    batch_ms, single_ms = statistics.median(batches), statistics.median(singles)
    figure(BENCH, "batch_10k_ms", batch_ms, "ms", 20, batch_ms < 20)
    figure(BENCH, "single_ms", single_ms, "ms", 1, single_ms < 1)
    table_ms, fresh_ms = statistics.median(table_batches), statistics.median(fresh_batches)
    figure(BENCH, "batch_10k_fresh_ms", fresh_ms, "ms")
    figure(BENCH, "batch_10k_table_ms", table_ms, "ms")
    figure(BENCH, "mirror_load_s", load_s, "s")
    print(
        f"\noptout_lookup: {args.entries:,} entries; batch of 10,000 keys median {batch_ms:.1f} ms "
        f"(p90 {percentile(batches, 0.9):.1f}) with an hour's 1,200 arrivals to re-read, {fresh_ms:.1f} ms "
        f"on a fresh copy, {table_ms:.1f} ms asked of the table alone; "
        f"copy of the table loaded in {load_s:.1f} s ({mirror().size:,} keys, peak memory +{load_growth_mb:.0f} MB); "
        f"single key median {single_ms:.3f} ms."
    )


if __name__ == "__main__":
    main()
