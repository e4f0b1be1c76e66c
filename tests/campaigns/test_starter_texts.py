"""Our starter texts: one for every message kind a seller writes, in every language a template can
be in, each passing our own checks and rendering for real orders of its language's marketplaces."""

from datetime import timedelta

import pytest
from django.utils import timezone

from campaigns import kinds, services
from campaigns import messages as buyer_messages
from campaigns.models import LANGUAGE_CODES, Campaign, MessageTemplate
from campaigns.starters import STARTERS, starter
from sellers.marketplaces import MARKETPLACES

from ..factories import OrderFactory

WRITTEN = [code for code, kind in kinds.KINDS.items() if kind.seller_text]
PAIRS = [(kind, language) for kind in WRITTEN for language in LANGUAGE_CODES]
# A long title, as Amazon's are: the texts must leave room for it within Amazon's limit.
LONG_TITLE = (
    "Personalised Engraved Wooden Cutting Board with Juice Groove, Solid Walnut, 40 x 28 cm, "
    "Custom Name and Date, Wedding or Housewarming Gift"
)


def marketplaces_speaking(language: str) -> list[str]:
    return [m.id for m in MARKETPLACES.values() if buyer_messages.language_of(m.language) == language]


def test_every_kind_a_seller_writes_has_a_starter_in_every_language():
    assert sorted(STARTERS) == sorted(WRITTEN)
    assert [pair for pair in PAIRS if not starter(*pair).strip()] == []


def test_a_solicitation_has_no_starter_text():
    assert starter(kinds.SOLICITATION, "en") == ""


def test_every_language_is_spoken_by_one_of_amazons_marketplaces():
    assert [language for language in LANGUAGE_CODES if not marketplaces_speaking(language)] == []


@pytest.mark.django_db
@pytest.mark.parametrize(("kind", "language"), PAIRS, ids=[f"{k}-{lang}" for k, lang in PAIRS])
def test_a_starter_passes_the_checks_a_seller_s_text_passes(kind, language):
    check = services.template_check(Campaign(kind=kind), starter(kind, language))

    assert check.problems == []
    assert [(f.rule, f.text) for f in check.blocking] == []
    assert [(f.rule, f.text) for f in check.warnings] == []


@pytest.mark.django_db
@pytest.mark.parametrize(("kind", "language"), PAIRS, ids=[f"{k}-{lang}" for k, lang in PAIRS])
def test_a_starter_renders_for_real_orders_of_its_languages_marketplaces(kind, language):
    delivered = timezone.now() - timedelta(days=3)
    orders = [
        OrderFactory(
            marketplace_id=marketplace_id,
            purchased_at=delivered - timedelta(days=4),
            shipped_at=delivered - timedelta(days=2),
            latest_delivery=delivered,
            items=[{"asin": "B0CARVE001", "sku": "BOARD-40", "title": LONG_TITLE, "quantity": 1}],
        )
        for marketplace_id in marketplaces_speaking(language)
    ]
    template = MessageTemplate(language=language, body=starter(kind, language))

    rendered = buyer_messages.render_for_orders([(template, order, "Walnut & Co") for order in orders])

    for order, text in zip(orders, rendered, strict=True):
        assert text.ok, text.error
        assert order.amazon_order_id in text.text and LONG_TITLE in text.text and "Walnut & Co" in text.text
        assert "{" not in text.text and "()" not in text.text
        assert len(text.text) <= kinds.KINDS[kind].max_chars
        report = services.lint_text(text.text, critical=kinds.KINDS[kind].critical)
        assert (report.blocking, report.warnings) == ([], [])
