"""The dashboard, the campaign pages and the message log for a seller with a million dispatches.

One seller with 700,000 orders over 95 days in eight marketplaces, 1,000,000 dispatches of four
campaigns in every state (most sent; blocked, ineligible, expired, failed; a week of them still
scheduled or in flight), 100,000 feedback rows, opt-outs, alerts and daily send counts. The rollup
runs once over all of it (its time is in the summary), then each page is requested through
Django's test client as a logged-in member, many times.

Figures: p95_ms, the 95th percentile response time of the slowest page (goal < 150), and
max_queries, the most database queries any of the pages made (goal <= 15). The summary gives
each page's median, p95 and queries, and the rollup's timings.
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

BENCH = "dashboard"
# (marketplace, connection region, language, share in percent)
PLACES = [
    ("ATVPDKIKX0DER", "NA", "en", 40),
    ("A2EUQ1WTGCTBG2", "NA", "en", 4),
    ("A1AM78C64UM0Y8", "NA", "es", 3),
    ("A1F83G8C2ARO7P", "EU", "en", 15),
    ("A1PA6795UKMFR9", "EU", "de", 20),
    ("A13V1IB3VIYZZH", "EU", "fr", 8),
    ("APJ6JRA9NG5V4", "EU", "it", 5),
    ("A1RKKUPIHCS9HS", "EU", "es", 5),
]
ITEMS = (
    '[{"order_item_id": "1", "asin": "B0BENCH001", "sku": "SKU-1", "title": "Trail bottle", "quantity": 1, '
    '"unit_price": "29.90"}]'
)
# Ended dispatches: (state, share in per mille); the last days' dispatches are still open.
OUTCOMES = [
    ("sent", 780),
    ("blocked_optout", 65),
    ("blocked_seller", 10),
    ("ineligible", 85),
    ("expired", 35),
    ("failed", 25),
]


def _case(expression: str, buckets: list[tuple[str, int]], total: int) -> str:
    """A CASE that maps `expression` (0 <= x < total) onto the buckets' values by their shares."""
    parts, edge = [], 0
    for value, share in buckets:
        edge += share
        parts.append(f"WHEN {expression} < {edge * total // sum(s for _, s in buckets)} THEN '{value}'")
    return "CASE " + " ".join(parts) + f" ELSE '{buckets[-1][0]}' END"


def load(orders: int, feedback_rows: int):
    from django.db import connection
    from django.utils import timezone

    from campaigns.models import Campaign
    from sellers.models import AmazonConnection, Membership, Seller, User

    now = timezone.now()
    seller = Seller.objects.create(name="Bench Outfitters", monthly_message_quota=400_000)
    user = User.objects.create_user("bench@example.com", "bench-password-2026")
    Membership.objects.create(seller=seller, user=user, role="viewer")
    regions = {}
    for region in ("NA", "EU"):
        regions[region] = AmazonConnection.objects.create(
            seller=seller,
            selling_partner_id=f"ABENCH{region}",
            region=region,
            store_name=f"Bench {region}",
            marketplace_ids=[p for p, r, _, _ in PLACES if r == region],
            expires_at=now + timedelta(days=300),
            backfill_status="done",
            last_sync_at=now - timedelta(minutes=3),
            orders_count=orders // 2,
        )
    everyday = {"state": "active", "send_days": list(range(7)), "send_from_hour": 0, "send_until_hour": 24}
    campaigns = {
        "review": Campaign.objects.create(
            seller=seller, name="Review request after delivery", kind="review_request", priority=10, **everyday
        ),
        "delivery": Campaign.objects.create(
            seller=seller, name="Delivery appointment", kind="confirm_delivery", priority=20, **everyday
        ),
        "details": Campaign.objects.create(
            seller=seller, name="Engraving details", kind="confirm_order", priority=30, **everyday
        ),
        "delay": Campaign.objects.create(
            seller=seller, name="Backorder update", kind="unexpected_problem", priority=40, **everyday
        ),
    }
    # Expressions go into statements with parameters: a literal percent sign is written %%.
    place_case = _case("(n::bigint * 7919) %% 100", [(p, share) for p, _, _, share in PLACES], 100)
    language_case = _case("(n::bigint * 7919) %% 100", [(lang, share) for _, _, lang, share in PLACES], 100)
    region_case = _case("(n::bigint * 7919) %% 100", [(r, share) for _, r, _, share in PLACES], 100)
    outcome_case = _case("(m.n::bigint * 104729 + m.c) %% 1000", OUTCOMES, 1000)
    with connection.cursor() as cursor:
        cursor.execute("SET maintenance_work_mem = '256MB'")
        # Orders: one every 95 days / N, newest last; an order is due for messages a week after purchase.
        cursor.execute(
            f"""
            CREATE TEMP TABLE bench_orders AS
            SELECT n, gen_random_uuid() AS id, {place_case} AS marketplace_id, {language_case} AS language,
                   {region_case} AS region,
                   %(now)s - interval '95 days' + (n * interval '95 days' / %(orders)s) AS purchased_at
            FROM generate_series(1, %(orders)s) AS n""",
            {"now": now, "orders": orders},
        )
        cursor.execute(
            """
            INSERT INTO sellers_order (id, seller_id, connection_id, amazon_order_id, marketplace_id, purchased_at,
                last_updated_at, fulfillment_channel, status, earliest_delivery, latest_delivery, shipped_at,
                package_status, is_delivered, is_returned, is_business, has_promotion, replaces_order_id,
                total_amount, currency, buyer_key, buyer_key_kind, items, fingerprint, synced_at)
            SELECT o.id, %(seller)s, CASE o.region WHEN 'NA' THEN %(na)s::uuid ELSE %(eu)s::uuid END,
                   lpad((o.n %% 997)::text, 3, '1') || '-' || lpad(o.n::text, 7, '0') || '-'
                       || lpad((o.n::bigint * 31 %% 9999991)::text, 7, '0'),
                   o.marketplace_id, o.purchased_at, o.purchased_at + interval '4 days',
                   CASE WHEN o.n %% 3 = 0 THEN 'AMAZON' ELSE 'MERCHANT' END, 'SHIPPED',
                   o.purchased_at + interval '3 days', o.purchased_at + interval '5 days',
                   o.purchased_at + interval '1 day',
                   'DELIVERED', true, false, false, false, '', 29.90, 'USD',
                   CASE WHEN o.n %% 3 = 0 THEN '' ELSE encode(sha256(('bench-buyer-' || o.n)::bytea), 'hex') END,
                   CASE WHEN o.n %% 3 = 0 THEN '' ELSE 'anonymized_email' END,
                   %(items)s::jsonb,
                   '', %(now)s
            FROM bench_orders o""",
            {
                "seller": str(seller.pk),
                "na": str(regions["NA"].pk),
                "eu": str(regions["EU"].pk),
                "now": now,
                "items": ITEMS,
            },
        )
        # Which orders each campaign matched: 9/10, 3/10, 2/10 and 1/35 of them (1,000,000 at 700,000).
        cursor.execute(
            "CREATE TEMP TABLE bench_matches (n int, campaign_id uuid, c int, kind text, "
            "requests_review boolean, priority int, seller_text boolean)"
        )
        for c, (key, rule) in enumerate(
            [
                ("review", "n %% 10 < 9"),
                ("delivery", "n %% 10 < 3"),
                ("details", "n %% 10 IN (5, 6)"),
                ("delay", "n %% 35 = 7"),
            ]
        ):
            campaign = campaigns[key]
            cursor.execute(
                f"""INSERT INTO bench_matches SELECT n, %s, %s, %s, %s, %s, %s FROM bench_orders
                               WHERE {rule}""",
                [
                    str(campaign.pk),
                    c,
                    campaign.kind,
                    campaign.kind_info.requests_review,
                    campaign.priority,
                    campaign.kind_info.seller_text,
                ],
            )
        # Due a week after purchase; due up to a day ago: ended (by the outcome shares), within a few hours
        # to two days of being due. Due later: scheduled (a few in flight).
        cursor.execute(
            f"""
            INSERT INTO campaigns_dispatch (id, seller_id, campaign_id, order_id, connection_id, kind, requests_review,
                priority, state, reason, scheduled_for, expires_at, attempts, last_error, amazon_response_id,
                language, lease_until, in_doubt, created_at, updated_at, finished_at)
            SELECT gen_random_uuid(), %(seller)s, m.campaign_id, o.id,
                   CASE o.region WHEN 'NA' THEN %(na)s::uuid ELSE %(eu)s::uuid END, m.kind, m.requests_review,
                   m.priority, s.state,
                   CASE s.state WHEN 'blocked_optout' THEN 'The buyer opted out of unsolicited messages.'
                                WHEN 'ineligible' THEN 'Amazon offers no review request for this order.'
                                WHEN 'failed' THEN 'Amazon answered 400 InvalidInput.' ELSE '' END,
                   d.due, d.due + interval '23 days', CASE WHEN s.state IN ('sent', 'failed') THEN 1 ELSE 0 END,
                   CASE s.state WHEN 'failed' THEN 'InvalidInput' ELSE '' END, '',
                   CASE WHEN s.state = 'sent' AND m.seller_text THEN o.language ELSE '' END,
                   CASE WHEN s.state = 'sending' THEN %(now)s + interval '2 minutes' END, false,
                   d.due - interval '1 hour', %(now)s,
                   CASE WHEN s.state IN ('scheduled', 'sending') THEN NULL
                        ELSE least(d.due + ((m.n * 37 + m.c) %% 48) * interval '1 hour',
                                   %(now)s - interval '10 minutes') END
            FROM bench_matches m JOIN bench_orders o ON o.n = m.n
            CROSS JOIN LATERAL (SELECT o.purchased_at + interval '7 days' AS due) d
            CROSS JOIN LATERAL (SELECT CASE WHEN d.due > %(now)s - interval '1 day'
                THEN CASE WHEN (m.n + m.c) %% 200 = 0 THEN 'sending' ELSE 'scheduled' END
                ELSE {outcome_case} END AS state) s
        """,
            {
                "seller": str(seller.pk),
                "na": str(regions["NA"].pk),
                "eu": str(regions["EU"].pk),
                "now": now,
            },
        )
        # Feedback (Amazon's report: 1 to 3 stars) on every fifth order, 9 to 28 days after purchase (after
        # the message, on messaged orders); 2% since removed. Alerts for the last 30 days' negative
        # feedback, most of them dismissed by now.
        cursor.execute(
            """
            INSERT INTO insights_feedback (id, seller_id, connection_id, amazon_order_id, order_id, marketplace_id,
                rating, comment, left_on, synced_at, removed_at)
            SELECT gen_random_uuid(), %(seller)s, x.connection_id, x.amazon_order_id, x.id, x.marketplace_id,
                   1 + (x.n %% 7) %% 3, 'Bench feedback ' || x.n,
                   (x.purchased_at + interval '9 days' + (x.n %% 20) * interval '1 day')::date,
                   %(now)s, CASE WHEN x.n %% 50 = 0 THEN %(now)s END
            FROM (SELECT o.*, b.n, row_number() OVER (ORDER BY o.purchased_at DESC) AS r
                  FROM sellers_order o JOIN bench_orders b ON b.id = o.id
                  WHERE o.purchased_at + interval '9 days' + (b.n %% 20) * interval '1 day' < %(now)s
                  AND b.n %% 5 = 0) x
            WHERE x.r <= %(feedback)s
        """,
            {"seller": str(seller.pk), "now": now, "feedback": feedback_rows},
        )
        cursor.execute(
            """
            INSERT INTO insights_feedbackalert (id, seller_id, feedback_id, created_at, emailed_at, dismissed_at)
            SELECT gen_random_uuid(), seller_id, id, left_on + interval '12 hours', left_on + interval '12 hours',
                   CASE WHEN left_on < %(now)s::date - 3 OR substr(amazon_order_id, 5, 7)::int %% 10 > 0
                        THEN left_on + interval '1 day' END
            FROM insights_feedback WHERE rating <= 2 AND left_on >= %(now)s::date - 30""",
            {"now": now},
        )
        # Opt-outs this seller's notices taught us (buyers), and orders opted out without a buyer id.
        cursor.execute(
            """
            INSERT INTO optouts_optout (buyer_key, source, first_seller_id, first_order_id, created_at)
            SELECT encode(sha256(('bench-optout-' || n)::bytea), 'hex'), 'amazon_notice', %(seller)s, '',
                   %(now)s - (n %% 90) * interval '1 day' - (n %% 24) * interval '1 hour'
            FROM generate_series(1, 15000) AS n""",
            {"seller": str(seller.pk), "now": now},
        )
        cursor.execute(
            """
            INSERT INTO optouts_orderoptout (id, seller_id, amazon_order_id, source, created_at)
            SELECT gen_random_uuid(), %(seller)s, '999-' || lpad(n::text, 7, '0') || '-0000000', 'amazon_notice',
                   %(now)s - (n %% 90) * interval '1 day'
            FROM generate_series(1, 5000) AS n""",
            {"seller": str(seller.pk), "now": now},
        )
        cursor.execute(
            """
            INSERT INTO messaging_dailysends (id, seller_id, connection_id, day, sent)
            SELECT gen_random_uuid(), %(seller)s, c.id, d::date, 4000 + (extract(doy FROM d)::int %% 7) * 150
            FROM sellers_amazonconnection c CROSS JOIN generate_series(%(now)s - interval '90 days', %(now)s,
                                                                        interval '1 day') AS d
            WHERE c.seller_id = %(seller)s""",
            {"seller": str(seller.pk), "now": now},
        )
    dispatches, feedback = settle_tables(
        (
            "sellers_order",
            "campaigns_dispatch",
            "insights_feedback",
            "insights_feedbackalert",
            "optouts_optout",
            "optouts_orderoptout",
            "messaging_dailysends",
        )
    )
    return seller, user, campaigns, dispatches, feedback


def main():
    parser = page_bench_arguments()
    parser.add_argument("--profile", action="store_true", help="print where the slowest page spends its time")
    args = parser.parse_args()
    seller, user, campaigns, dispatches, feedback = setup_page_bench("bench_dashboard", load, args)

    from django.test import Client
    from django.urls import reverse
    from django.utils import timezone

    from campaigns.models import Dispatch
    from insights import attribution, rollups

    full = rollups.recount_history()
    started = time.perf_counter()
    attribution.refresh_feedback_rates(seller)
    rates_seconds = time.perf_counter() - started
    # A minute of sending: 3,000 dispatches end; the next run counts just those.
    now = timezone.now()
    ending = list(
        Dispatch.objects.filter(seller=seller, state="scheduled", scheduled_for__lte=now).values_list("id", flat=True)[
            :3000
        ]
    )
    Dispatch.objects.filter(id__in=ending).update(state="sent", finished_at=now, updated_at=now)
    increment = rollups.refresh(now + rollups.LAG + timedelta(seconds=1))
    recount = rollups.recount(now + rollups.LAG + timedelta(seconds=2))
    # And a minute's sends since that rollup: the pages count them from the dispatches (insights.counts).
    since = rollups.as_of() + timedelta(seconds=1)
    ending = list(
        Dispatch.objects.filter(seller=seller, state="scheduled", scheduled_for__lte=now).values_list("id", flat=True)[
            :3000
        ]
    )
    Dispatch.objects.filter(id__in=ending).update(state="sent", finished_at=since, updated_at=since)
    print(
        f"rollup: first run over everything {full.seconds:.1f} s ({full.outcomes_counted:,} ended dispatches, "
        f"{full.waiting:,} waiting); a minute's increment {increment.seconds * 1000:.0f} ms "
        f"({increment.outcomes_counted:,} counted); recount of two days {recount.seconds:.1f} s; "
        f"feedback rates (insights.attribution) {rates_seconds:.1f} s; then {len(ending):,} more ended since that rollup",
        flush=True,
    )

    client = Client()
    client.force_login(user)
    review, delivery = campaigns["review"], campaigns["delivery"]
    pages = [
        ("dashboard 7 days", reverse("dashboard") + "?days=7"),
        ("dashboard 30 days", reverse("dashboard")),
        ("dashboard 90 days", reverse("dashboard") + "?days=90"),
        ("campaign list", reverse("campaigns")),
        ("campaign detail", reverse("campaign_detail", args=[review.pk])),
        ("campaign funnel 90 days", reverse("campaign_insights", args=[review.pk])),
        ("campaign funnel 30 days", reverse("campaign_insights", args=[delivery.pk]) + "?days=30"),
        ("message log (sent)", reverse("messages")),
        ("message log, not sent", reverse("messages") + "?view=not-sent"),
        ("message log, scheduled", reverse("messages") + "?view=scheduled"),
        ("message log, failed in Germany", reverse("messages") + "?state=failed&marketplace=A1PA6795UKMFR9"),
    ]
    results = []
    for name, url in pages:
        timings, queries = measure_page(client, url, args.repeat)
        results.append((name, timings, queries))

    if args.profile:
        import cProfile
        import pstats

        slowest = max(results, key=lambda r: percentile(r[1], 0.95))[0]
        profiler = cProfile.Profile()
        profiler.runcall(client.get, dict(pages)[slowest])
        print(f"profile of {slowest}:")
        pstats.Stats(profiler).sort_stats("cumulative").print_stats(35)

    worst_p95 = max(percentile(t, 0.95) for _, t, _ in results)
    most_queries = max(q for _, _, q in results)
    figure(BENCH, "p95_ms", worst_p95, "ms", 150, worst_p95 < 150)
    figure(BENCH, "max_queries", most_queries, "queries", 15, most_queries <= 15)
    print(f"{args.repeat} requests per page, logged in as a member of a seller with {dispatches:,} dispatches:")
    for name, timings, queries in results:
        print(
            f"  {name:32s} median {statistics.median(timings):6.1f} ms  p95 {percentile(timings, 0.95):6.1f} ms  "
            f"max {max(timings):6.1f} ms  {queries:2d} queries",
            flush=True,
        )


if __name__ == "__main__":
    main()
