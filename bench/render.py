"""Message rendering throughput on one core: one seller template, thousands of orders.

Figure: messages_per_s (goal >= 5000). A realistic ~600-character template (a loop over the
order's products, a date and a money filter, a condition) is rendered for 3,000 in-memory orders
spread over ten marketplaces and their locales (en-US, de-DE, fr-FR, it-IT, es-ES, ja-JP, pt-BR,
ar-AE, tr-TR, en-GB), each with two products. The contexts come from `order_context` on unsaved
Order instances: no database is involved. The template is compiled once (the cache), as in the
workers. Rendering goes the way every render goes (campaigns/templating/pool.py): in a render
process under its memory and CPU limits, the orders sent in batches, so the figure includes
pickling the contexts, the round trips and reading the answers.
"""

import random
import statistics
import time
from datetime import UTC, datetime, timedelta
from decimal import Decimal

from benchlib import figure

BENCH = "render"
ORDERS = 3_000
GOAL = 5_000

TEMPLATE = """Hello,

thank you for your order {{ order_id }} on {{ marketplace }}, placed on {{ purchase_date|date("long") }}.
{% for product in products %}
- {{ product.quantity }} x {{ product.title }} (SKU {{ product.sku }})
{% endfor %}
Order total: {{ order_total|money }}
{% if delivery_date %}
Amazon expects it to arrive by {{ delivery_date|date }}.
{% endif %}

We hope your {{ product_title }} arrived safely and does everything you hoped for. If anything is
missing or damaged, please reply to this message: we read every one and will make it right.

Kind regards,
{{ seller_name }}
"""

MARKETPLACES = [
    "ATVPDKIKX0DER",
    "A1PA6795UKMFR9",
    "A13V1IB3VIYZZH",
    "APJ6JRA9NG5V4",
    "A1RKKUPIHCS9HS",
    "A1VC38T7YXB528",
    "A2Q3Y263D00KWC",
    "A2VIGQ35RCS4UG",
    "A33AVAJ2PDY3EV",
    "A1F83G8C2ARO7P",
]
TITLES = [
    "Stainless steel water bottle, 750 ml",
    "Bottle cleaning brush",
    "Insulated lunch box",
    "Trail running socks (3 pairs)",
    "Silicone baking mat set",
    "LED head torch, rechargeable",
]


def workload(count: int):
    """(context, locale, time zone) for `count` unsaved orders across the marketplaces."""
    import django

    django.setup()
    from campaigns.templating import order_context
    from sellers.marketplaces import marketplace
    from sellers.models import Order

    rng = random.Random(42)
    start = datetime(2025, 1, 1, tzinfo=UTC)
    work = []
    for n in range(count):
        market = marketplace(MARKETPLACES[n % len(MARKETPLACES)])
        purchased = start + timedelta(minutes=rng.randrange(0, 90 * 24 * 60))
        quantities = (rng.randint(1, 3), rng.randint(1, 2))
        prices = (Decimal(rng.randrange(500, 9000)) / 100, Decimal(rng.randrange(300, 2000)) / 100)
        items = [
            {
                "order_item_id": f"{n}{i}",
                "asin": f"B0{n:06d}{i}X",
                "sku": f"SKU-{n % 97}-{i}",
                "title": rng.choice(TITLES),
                "quantity": quantities[i],
                "unit_price": str(prices[i]),
            }
            for i in range(2)
        ]
        total = sum(q * p for q, p in zip(quantities, prices, strict=True))
        order = Order(
            amazon_order_id=f"{100 + n % 900}-{rng.randrange(10**7):07d}-{rng.randrange(10**7):07d}",
            marketplace_id=market.id,
            purchased_at=purchased,
            last_updated_at=purchased,
            shipped_at=purchased + timedelta(days=1),
            latest_delivery=None if n % 7 == 0 else purchased + timedelta(days=4),
            total_amount=total.quantize(Decimal("1")) if market.currency == "JPY" else total,
            currency=market.currency,
            items=items,
        )
        work.append((order_context(order, seller_name=f"Store {n % 50}"), market.language, market.time_zone))
    return work


def main():
    from campaigns.templating import render_many

    work = workload(ORDERS)
    jobs = [(TEMPLATE, context, locale, time_zone) for context, locale, time_zone in work]
    warm = render_many(jobs)  # starts the render process, compiles the template
    assert all(r.ok for r in warm), next(r.error for r in warm if not r.ok)
    characters = sum(len(r.text) for r in warm)
    rounds = []
    for _ in range(5):
        started = time.perf_counter()
        render_many(jobs)
        rounds.append(len(work) / (time.perf_counter() - started))
    rate = statistics.median(rounds)
    figure(BENCH, "messages_per_s", rate, "messages/s", GOAL, rate >= GOAL)
    print(
        f"\nrender: {len(work)} orders in {len(MARKETPLACES)} locales, template of {len(TEMPLATE)} characters, "
        f"{characters // len(work)} characters per message, rendered in a render process in batches; median of "
        f"5 rounds {rate:.0f} messages/s (rounds: {', '.join(f'{r:.0f}' for r in rounds)})."
    )


if __name__ == "__main__":
    main()
