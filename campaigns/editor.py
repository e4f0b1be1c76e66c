"""The message editor: what a seller sees while writing one language's text.

- The text to start from: the saved one, else our starter text for the kind and language.
- The sample order the preview renders: one of the seller's delivered orders (the most recent one,
  preferring the language's own marketplaces), never a pending one.
- The variable picker: each variable with a plain name, what it inserts and its value for the
  sample order, rendered through the render pool like any message.
- The check, as the seller types or saves: the template's problems in plain words, the policy
  findings grouped by rule (finding_groups.py), and the message as the sample order's buyer would
  read it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from types import SimpleNamespace

from sellers.marketplaces import MARKETPLACES, Marketplace, marketplace
from sellers.models import Order

from . import finding_groups, selectors, services, starters, templating
from . import messages as buyer_messages
from .models import Campaign, MessageTemplate


@dataclass(frozen=True)
class Variable:
    name: str
    label: str  # what a seller calls it
    insert: str  # what the picker puts at the cursor
    example: str = ""  # its value for the sample order, as the buyer reads it


# The picker, in the order a seller reaches for them. A test keeps it complete (templating.VARIABLES).
PICKER = [
    ("order_id", "Order number", "{{ order_id }}"),
    ("product_title", "Product name", "{{ product_title }}"),
    (
        "products",
        "Every product, one a line",
        "{% for product in products %}\n{{ product.quantity }} × {{ product.title }}\n{% endfor %}",
    ),
    ("item_count", "Number of items", "{{ item_count }}"),
    ("purchase_date", "Order date", "{{ purchase_date|date }}"),
    ("ship_date", "Ship date", "{{ ship_date|date }}"),
    ("delivery_date", "Delivery date", "{{ delivery_date|date }}"),
    ("order_total", "Order total", "{{ order_total|money }}"),
    ("marketplace", "Amazon store", "{{ marketplace }}"),
    ("seller_name", "Your shop's name", "{{ seller_name }}"),
]
EXAMPLE_CHARS = 40  # of an example value shown in the picker


@dataclass
class Check:
    """One look at a text: what stops it being saved, the policy findings, and the preview."""

    problems: list = field(default_factory=list)  # templating.TemplateProblem
    groups: list = field(default_factory=list)  # finding_groups.FindingGroup
    preview: str = ""
    preview_error: str = ""
    max_chars: int = 0

    @property
    def blocking(self) -> int:
        return sum(1 for g in self.groups if g.blocking)

    @property
    def warnings(self) -> int:
        return sum(1 for g in self.groups if not g.blocking)

    @property
    def length(self) -> int:
        return len(self.preview)

    @property
    def too_long(self) -> bool:
        return bool(self.max_chars) and self.length > self.max_chars


def starting_text(campaign: Campaign, language: str) -> tuple[str, bool]:
    """(text, is_starter): the saved text in this language, else our starter text."""
    template = campaign.templates.filter(language=language).first()
    if template is not None:
        return template.body, False
    text = starters.starter(campaign.kind, language)
    return text, bool(text)


def sample_orders(seller, language: str) -> tuple[list[Order], Order | None]:
    """(the delivered orders a seller may preview with, the default one): the most recent delivery
    on a marketplace that speaks the language, else the most recent delivery; None when the seller
    has no delivered order yet."""
    orders = selectors.delivered_orders(seller)
    for order in orders:
        place = marketplace(order.marketplace_id)
        if place and buyer_messages.language_of(place.language) == language:
            return orders, order
    return orders, (orders[0] if orders else None)


def sample_label(order: Order) -> str:
    """How the sample order picker names an order: its id, product, store and delivery day."""
    place = marketplace(order.marketplace_id)
    title = str((order.items or [{}])[0].get("title") or "")
    title = title if len(title) <= 32 else title[:31] + "…"
    day = f"delivered {order.latest_delivery:%-d %b}" if order.latest_delivery else ""
    return " · ".join(part for part in (order.amazon_order_id, title, place.name if place else "", day) if part)


def chosen_sample(seller, language: str, order_pk: str) -> tuple[list[Order], Order | None]:
    """The orders to offer and the one the seller picked, when it is one of them."""
    orders, default = sample_orders(seller, language)
    picked = next((o for o in orders if str(o.pk) == order_pk), None)
    return orders, picked or default


def check(campaign: Campaign, language: str, body: str, sample: Order | None) -> Check:
    """The template checked as on save, and rendered for the sample order when it can be."""
    result = services.template_check(campaign, body)
    found = Check(
        problems=result.problems,
        groups=finding_groups.group(result.blocking + result.warnings),
        max_chars=campaign.kind_info.max_chars,
    )
    if result.problems or sample is None:
        return found
    try:
        [rendered] = buyer_messages.render_for_orders(
            [(MessageTemplate(language=language, body=body), sample, campaign.seller.name)]
        )
    except templating.RenderPoolUnavailable:
        found.preview_error = "The preview could not be made just now; it comes back in a moment."
        return found
    if rendered.ok:
        found.preview = rendered.text
    else:
        found.preview_error = str(templating.TemplateRenderError(rendered.error, rendered.line))
    return found


def variables(campaign: Campaign, language: str, sample: Order | None) -> list[Variable]:
    """The picker: every variable with its value for the sample order (or for an example order
    of the language's marketplace, before the seller has a delivered one)."""
    if sample is not None:
        context = templating.order_context(sample, seller_name=campaign.seller.name)
        place = marketplace(sample.marketplace_id)
    else:
        place = _marketplace_speaking(language)
        context = {**templating.sample_context(place.id if place else ""), "seller_name": campaign.seller.name}
    # Formatted as the message itself would be (messages.render_for_orders).
    locale = buyer_messages.formatting_locale(language, SimpleNamespace(marketplace_id=place.id if place else ""))
    jobs = [(insert, context, locale, place.time_zone if place else "UTC") for _, _, insert in PICKER]
    try:
        examples = [r.text if r.ok else "" for r in templating.render_many(jobs)]
    except templating.RenderPoolUnavailable:
        examples = [""] * len(PICKER)
    return [
        Variable(name, label, insert, _short(example))
        for (name, label, insert), example in zip(PICKER, examples, strict=True)
    ]


def _short(text: str) -> str:
    text = " · ".join(line.strip() for line in text.strip().splitlines() if line.strip())
    return text if len(text) <= EXAMPLE_CHARS else text[: EXAMPLE_CHARS - 1] + "…"


def _marketplace_speaking(language: str) -> Marketplace | None:
    return next(
        (m for m in MARKETPLACES.values() if buyer_messages.language_of(m.language) == language),
        None,
    )
