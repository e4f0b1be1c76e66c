"""The campaign planner over a large database.

Figures: plan_100k_due_s (1,000,000 stored orders across 1,000 sellers with 2,000 active
campaigns; one pass creates the dispatches for 100,000 due orders, goal < 10 s) and idle_pass_ms
(the next passes, with nothing due, goal < 200 ms; median of 9).
"""

import argparse
import time
from datetime import timedelta

from benchlib import figure, median, setup_django

BENCH = "planner"


def load(sellers: int, orders_per_seller: int, due_per_seller: int):
    from django.db import connection
    from django.utils import timezone

    from campaigns.models import Campaign
    from sellers.models import AmazonConnection, Seller

    now = timezone.now()
    seller_rows = Seller.objects.bulk_create([Seller(name=f"Bench seller {i}") for i in range(sellers)])
    AmazonConnection.objects.bulk_create(
        [
            AmazonConnection(
                seller=s,
                selling_partner_id=f"A{i:08d}",
                region="NA",
                marketplace_ids=["ATVPDKIKX0DER"],
                expires_at=now + timedelta(days=300),
                backfill_status="done",
            )
            for i, s in enumerate(seller_rows)
        ]
    )
    campaigns = []
    for s in seller_rows:
        # Every seller runs the usual review request, and a message campaign for one product line.
        campaigns.append(
            Campaign(
                seller=s,
                name="Review request",
                kind="review_request",
                state="active",
                trigger="delivered",
                delay_minutes=7 * 24 * 60,
                send_days=list(range(7)),
                send_from_hour=0,
                send_until_hour=24,
                priority=10,
            )
        )
        campaigns.append(
            Campaign(
                seller=s,
                name="Delay update",
                kind="unexpected_problem",
                state="active",
                trigger="shipped",
                delay_minutes=0,
                send_days=list(range(5)),
                send_from_hour=9,
                send_until_hour=17,
                include_skus=["SKU-PREORDER"],
                priority=20,
            )
        )
    Campaign.objects.bulk_create(campaigns)
    with connection.cursor() as cursor:
        cursor.execute("CREATE TEMP TABLE bench_conn (n int, seller_id uuid, connection_id uuid)")
        cursor.execute(
            "INSERT INTO bench_conn SELECT row_number() OVER (ORDER BY id), seller_id, id FROM sellers_amazonconnection"
        )
        # Per seller: `due` orders delivered 8-29 days ago (due for the review request), the rest
        # delivered 60-400 days ago (history the planner must not pay for).
        cursor.execute(
            """
            INSERT INTO sellers_order (id, seller_id, connection_id, amazon_order_id, marketplace_id, purchased_at,
                last_updated_at, fulfillment_channel, status, earliest_delivery, latest_delivery, shipped_at,
                package_status, is_delivered, is_returned, is_business, has_promotion, replaces_order_id,
                total_amount, currency, buyer_key, buyer_key_kind, items, fingerprint, synced_at)
            SELECT gen_random_uuid(), c.seller_id, c.connection_id,
                   lpad((c.n %% 1000)::text, 3, '0') || '-' || lpad(c.n::text, 7, '0') || '-' || lpad(o.i::text, 7, '0'),
                   'ATVPDKIKX0DER', d.delivered - interval '4 days', d.delivered, 'MERCHANT', 'SHIPPED',
                   d.delivered - interval '1 day', d.delivered, d.delivered - interval '2 days', 'DELIVERED', true,
                   false, false, false, '', 25.00, 'USD', encode(sha256(('buyer-' || c.n || '-' || o.i)::bytea), 'hex'),
                   'anonymized_email',
                   '[{"order_item_id": "1", "asin": "B0BENCH001", "sku": "SKU-1", "title": "Trail bottle", "quantity": 1, "unit_price": "25.00"}]'::jsonb,
                   '', %(now)s - interval '90 days'
            FROM bench_conn c CROSS JOIN generate_series(1, %(per)s) AS o(i)
            CROSS JOIN LATERAL (SELECT CASE WHEN o.i <= %(due)s
                THEN %(now)s - interval '8 days' - (o.i * interval '1 day' * 21 / %(due)s)
                ELSE %(now)s - interval '60 days' - (o.i * interval '1 day' * 340 / %(per)s) END AS delivered) d
        """,
            {"now": now, "per": orders_per_seller, "due": due_per_seller},
        )
        cursor.execute("VACUUM ANALYZE sellers_order")
        # Start the measured pass from a quiet database, not in the middle of the load's checkpoint.
        cursor.execute("CHECKPOINT")
        cursor.execute("SELECT count(*) FROM sellers_order")
        return cursor.fetchone()[0]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--sellers", type=int, default=1000)
    parser.add_argument("--orders-per-seller", type=int, default=1000)
    parser.add_argument("--due-per-seller", type=int, default=100)
    args = parser.parse_args()
    setup_django("bench_planner")

    from campaigns import planner
    from campaigns.models import Dispatch

    started = time.perf_counter()
    stored = load(args.sellers, args.orders_per_seller, args.due_per_seller)
    print(f"{stored:,} orders for {args.sellers:,} sellers loaded in {time.perf_counter() - started:.0f} s", flush=True)

    result = planner.plan_due()
    dispatches = Dispatch.objects.count()
    expected = args.sellers * args.due_per_seller
    figure(BENCH, "plan_100k_due_s", result.seconds, "s", 10, result.seconds < 10 and dispatches == expected)
    print(
        f"  {result.candidates:,} candidates, {result.scheduled:,} scheduled, {result.skipped:,} skipped; "
        f"{dispatches:,} dispatches (expected {expected:,}); phases: "
        + ", ".join(f"{name} {seconds:.2f} s" for name, seconds in result.phases.items()),
        flush=True,
    )

    idle = []
    for _ in range(9):
        idle.append(planner.plan_due().seconds * 1000)
    value = median(idle)
    figure(BENCH, "idle_pass_ms", value, "ms", 200, value < 200)


if __name__ == "__main__":
    main()
