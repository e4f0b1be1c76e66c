"""Feedback outcomes for a seller with a million dispatches and 100,000 feedback rows.

One seller with 700,000 orders over 95 days in three marketplaces, 1,000,000 dispatches of four
campaigns (most sent, the rest in the other states; the last week's still scheduled) and 100,000
feedback rows (1 to 3 stars, as Amazon's report has them; 2% removed), a third of them on orders
no campaign messaged, and their alerts. Figures: refresh_rates_s, one recount of the feedback rates'
daily counts over 120 days (insights.attribution.refresh_feedback_rates, run by a task after each
feedback sync; goal < 30 s), rates_ms, the median of feedback_rates for 90 days and one campaign
(goal < 20), and feedback_page_p95_ms and feedback_page_queries over the feedback page: first
page, negative only, a later keyset page (goals < 150 and <= 15). The summary prints each page's
figures and the plan of the recount.
"""

import statistics
import time
from datetime import timedelta

from benchlib import (
    figure,
    measure_page,
    page_bench_arguments,
    percentile,
    settle_tables,
    setup_page_bench,
)

BENCH = "feedback"


PLACES = [("ATVPDKIKX0DER", 50), ("A1PA6795UKMFR9", 35), ("A13V1IB3VIYZZH", 15)]
# (campaign name, kind, rule over the order's number n: which orders it messaged)
# (Statements take parameters, so a literal percent sign is written %%.) 1,000,000 of 700,000 orders.
CAMPAIGNS = [
    ("Review request", "review_request", "o.n %% 10 < 9"),
    ("Delivery check", "confirm_delivery", "o.n %% 10 < 3"),
    ("Engraving details", "confirm_order", "o.n %% 10 IN (5, 6)"),
    ("Backorder", "unexpected_problem", "o.n %% 35 = 7"),
]


def load(orders: int, feedback_rows: int):
    from django.db import connection
    from django.utils import timezone

    from campaigns.models import Campaign
    from sellers.models import AmazonConnection, Membership, Seller, User

    now = timezone.now()
    seller = Seller.objects.create(name="Bench Outfitters")
    user = User.objects.create_user("bench@example.com", "bench-password-2026")
    Membership.objects.create(seller=seller, user=user, role="viewer")
    connection_row = AmazonConnection.objects.create(
        seller=seller,
        selling_partner_id="ABENCHFEEDBACK",
        region="NA",
        store_name="Bench",
        marketplace_ids=[p for p, _ in PLACES],
        expires_at=now + timedelta(days=300),
        backfill_status="done",
    )
    everyday = {"state": "active", "send_days": list(range(7)), "send_from_hour": 0, "send_until_hour": 24}
    campaigns = {
        name: Campaign.objects.create(seller=seller, name=name, kind=kind, priority=10 * (i + 1), **everyday)
        for i, (name, kind, _) in enumerate(CAMPAIGNS)
    }
    edges, place_case = 0, []
    for place, share in PLACES:
        edges += share
        place_case.append(f"WHEN n::bigint * 7919 %% 100 < {edges} THEN '{place}'")
    ids = {
        "seller": str(seller.pk),
        "connection": str(connection_row.pk),
        "now": now,
        "orders": orders,
        "feedback": feedback_rows,
    }
    with connection.cursor() as cursor:
        cursor.execute("SET maintenance_work_mem = '256MB'")
        cursor.execute(
            f"""
            CREATE TEMP TABLE bench_orders AS
            SELECT n, gen_random_uuid() AS id, CASE {" ".join(place_case)} END AS marketplace_id,
                   %(now)s - interval '95 days' + (n * interval '95 days' / %(orders)s) AS purchased_at
            FROM generate_series(1, %(orders)s) AS n""",
            ids,
        )
        cursor.execute(
            """
            INSERT INTO sellers_order (id, seller_id, connection_id, amazon_order_id, marketplace_id, purchased_at,
                last_updated_at, fulfillment_channel, status, earliest_delivery, latest_delivery, shipped_at,
                package_status, is_delivered, is_returned, is_business, has_promotion, replaces_order_id,
                total_amount, currency, buyer_key, buyer_key_kind, items, fingerprint, synced_at)
            SELECT o.id, %(seller)s, %(connection)s,
                   lpad((o.n %% 997)::text, 3, '1') || '-' || lpad(o.n::text, 7, '0') || '-0000001',
                   o.marketplace_id, o.purchased_at, o.purchased_at + interval '4 days', 'MERCHANT',
                   CASE WHEN o.n %% 50 = 0 THEN 'CANCELLED' ELSE 'SHIPPED' END,
                   o.purchased_at + interval '3 days', o.purchased_at + interval '5 days',
                   o.purchased_at + interval '1 day', 'DELIVERED', true, false, false, false, '', 29.90, 'USD', '', '',
                   '[]'::jsonb, '', %(now)s
            FROM bench_orders o""",
            ids,
        )
        for name, kind, rule in CAMPAIGNS:
            campaign = campaigns[name]
            # Sent a week after purchase; before that, still scheduled. 78%% of the rest sent.
            cursor.execute(
                f"""
                INSERT INTO campaigns_dispatch (id, seller_id, campaign_id, order_id, connection_id, kind,
                    requests_review, priority, state, reason, scheduled_for, expires_at, attempts, last_error,
                    amazon_response_id, language, lease_until, in_doubt, created_at, updated_at, finished_at)
                SELECT gen_random_uuid(), %(seller)s, %(campaign)s, o.id, %(connection)s, %(kind)s, %(review)s,
                       %(priority)s, s.state, '', o.purchased_at + interval '7 days',
                       o.purchased_at + interval '30 days', 1, '', '', '', NULL, false, o.purchased_at, %(now)s,
                       CASE WHEN s.state = 'scheduled' THEN NULL
                            ELSE o.purchased_at + interval '7 days' + (o.n %% 48) * interval '1 hour' END
                FROM bench_orders o
                CROSS JOIN LATERAL (SELECT CASE
                    WHEN o.purchased_at + interval '7 days' > %(now)s THEN 'scheduled'
                    WHEN o.n::bigint * 104729 %% 100 < 78 THEN 'sent'
                    WHEN o.n::bigint * 104729 %% 100 < 90 THEN 'ineligible'
                    ELSE 'blocked_optout' END AS state) s
                WHERE {rule}""",
                {
                    **ids,
                    "campaign": str(campaign.pk),
                    "kind": kind,
                    "review": kind == "review_request",
                    "priority": campaign.priority,
                },
            )
        # Feedback on one order in six, a few days after the message would have gone out; 2%% removed.
        cursor.execute(
            """
            INSERT INTO insights_feedback (id, seller_id, connection_id, amazon_order_id, order_id, marketplace_id,
                rating, comment, left_on, synced_at, removed_at)
            SELECT gen_random_uuid(), %(seller)s, %(connection)s, x.amazon_order_id, x.id, x.marketplace_id,
                   1 + (x.n %% 7) %% 3, 'Bench feedback ' || x.n,
                   least((x.purchased_at + interval '6 days' + (x.n %% 20) * interval '1 day')::date, %(now)s::date),
                   %(now)s, CASE WHEN x.n %% 50 = 6 THEN %(now)s END
            FROM (SELECT o.id, o.amazon_order_id, o.marketplace_id, o.purchased_at, b.n,
                         row_number() OVER (ORDER BY o.purchased_at DESC) AS r
                  FROM sellers_order o JOIN bench_orders b ON b.id = o.id
                  WHERE o.purchased_at < %(now)s - interval '6 days' AND b.n %% 6 = 0) x
            WHERE x.r <= %(feedback)s""",
            ids,
        )
        cursor.execute(
            """
            INSERT INTO insights_feedbackalert (id, seller_id, feedback_id, created_at, emailed_at, dismissed_at)
            SELECT gen_random_uuid(), seller_id, id, left_on + interval '12 hours', left_on + interval '12 hours',
                   CASE WHEN left_on < %(now)s::date - 3 THEN left_on + interval '2 days' END
            FROM insights_feedback WHERE rating <= 2 AND left_on >= %(now)s::date - 30""",
            ids,
        )
    dispatches, feedback = settle_tables(
        ("sellers_order", "campaigns_dispatch", "insights_feedback", "insights_feedbackalert")
    )
    return seller, user, campaigns, dispatches, feedback


def main():
    args = page_bench_arguments().parse_args()
    seller, user, campaigns, dispatches, feedback = setup_page_bench("bench_feedback", load, args)

    from django.db import connection
    from django.test import Client
    from django.urls import reverse
    from django.utils import timezone

    from insights import attribution
    from insights.models import Feedback

    recounts = []
    for _ in range(3):
        started = time.perf_counter()
        rows = attribution.refresh_feedback_rates(seller)
        recounts.append(time.perf_counter() - started)
    refresh = statistics.median(recounts)
    figure(BENCH, "refresh_rates_s", refresh, "s", 30, refresh < 30)
    print(f"  {rows:,} daily rows; recounts {', '.join(f'{s:.1f} s' for s in recounts)}", flush=True)

    today = timezone.now().date()
    timings = []
    for _ in range(args.repeat):
        started = time.perf_counter()
        attribution.feedback_rates(
            seller, since=today - timedelta(days=90), until=today, campaign=campaigns["Review request"]
        )
        timings.append((time.perf_counter() - started) * 1000)
    rates_ms = statistics.median(timings)
    figure(BENCH, "rates_ms", rates_ms, "ms", 20, rates_ms < 20)

    client = Client()
    client.force_login(user)
    middle = Feedback.objects.filter(seller=seller).order_by("-left_on", "-id")[min(5000, feedback // 2)]
    pages = [
        ("feedback", reverse("feedback")),
        ("feedback, negative only", reverse("feedback") + "?rating=negative"),
        ("feedback, Germany, neutral", reverse("feedback") + "?rating=neutral&marketplace=A1PA6795UKMFR9"),
        ("feedback, page 101", reverse("feedback") + f"?cursor={middle.left_on.isoformat()}_{middle.pk}"),
    ]
    results = [(name, *measure_page(client, url, args.repeat, show_sql=True)) for name, url in pages]
    worst = max(percentile(t, 0.95) for _, t, _ in results)
    most = max(q for _, _, q in results)
    figure(BENCH, "feedback_page_p95_ms", worst, "ms", 150, worst < 150)
    figure(BENCH, "feedback_page_queries", most, "queries", 15, most <= 15)
    for name, t, queries in results:
        print(
            f"  {name:32s} median {statistics.median(t):6.1f} ms  p95 {percentile(t, 0.95):6.1f} ms  {queries} queries",
            flush=True,
        )

    from insights.attribution import _COUNT_SQL, _db
    from sellers.models import Order

    start = timezone.now() - timedelta(days=121)
    with connection.cursor() as cursor:
        cursor.execute(
            "EXPLAIN (ANALYZE, BUFFERS) "
            + _COUNT_SQL.format(orders="sellers_order", dispatches="campaigns_dispatch", feedback="insights_feedback"),
            {"seller": _db(Order, "seller", seller.pk), "start": start, "end": timezone.now(), "negative": 2},
        )
        print("  plan of the recount:\n    " + "\n    ".join(row[0] for row in cursor.fetchall()), flush=True)


if __name__ == "__main__":
    main()
