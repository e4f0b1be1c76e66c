"""The product's words: one date format on the reader's clock, counts that agree with their
nouns, names that end in a period, and Amazon's raw errors kept out of the sentences."""

from datetime import UTC, date, datetime

import pytest
from django.template import Context, Template
from django.urls import reverse
from django.utils import timezone

from common import words
from common.timezones import COOKIE
from sellers.models import AmazonConnection

from ..factories import AmazonConnectionFactory, CampaignFactory, MembershipFactory, OrderFactory

MOMENT = datetime(2026, 12, 6, 14, 15, tzinfo=UTC)


def render(source, **context):
    return Template("{% load words %}" + source).render(Context(context))


@pytest.mark.parametrize(
    ("count", "expected"), [(0, "0 buyers"), (1, "1 buyer"), (3, "3 buyers"), (1204, "1,204 buyers")]
)
def test_a_count_agrees_with_its_noun(count, expected):
    assert words.counted(count, "buyer") == expected


def test_an_irregular_plural_is_given():
    assert (words.counted(1, "entry", "entries"), words.counted(2, "entry", "entries")) == ("1 entry", "2 entries")


def test_a_name_that_ends_a_sentence_keeps_one_period():
    assert f"Welcome to {words.before_period('Demo Outdoor Co.')}." == "Welcome to Demo Outdoor Co."
    assert f"Welcome to {words.before_period('Acme Goods')}." == "Welcome to Acme Goods."


def test_a_moment_is_written_one_way_with_its_zone():
    assert render("{{ at|when }}", at=MOMENT) == "6 Dec 2026, 14:15"
    assert render('{{ at|when:"zone" }}', at=MOMENT) == "6 Dec 2026, 14:15 UTC"
    assert render("{{ at|day }} {{ d|day }}", at=MOMENT, d=date(2026, 1, 2)) == "6 Dec 2026 2 Jan 2026"


def test_djangos_own_date_formats_follow_it_too():
    # Anything printed without our filters ({{ moment }}, |date, the admin) uses config/formats.
    assert render('{{ at }} · {{ at|date }} · {{ at|date:"DATETIME_FORMAT" }}', at=MOMENT) == (
        "6 Dec 2026, 14:15 · 6 Dec 2026 · 6 Dec 2026, 14:15"
    )


def test_a_moment_is_shown_on_the_readers_clock():
    with timezone.override("America/Los_Angeles"):
        assert render('{{ at|when:"zone" }}', at=MOMENT) == "6 Dec 2026, 06:15 PST"


@pytest.fixture
def owner(db):
    return MembershipFactory(seller__name="Demo Outdoor Co.").user


def test_pages_use_the_browsers_time_zone(client, owner):
    order = OrderFactory(seller=owner.memberships.get().seller, purchased_at=MOMENT)
    client.force_login(owner)
    client.cookies[COOKIE] = "Europe/Berlin"

    page = client.get(reverse("order_detail", args=[order.pk])).content.decode()

    assert "6 Dec 2026, 15:15 CET" in page


@pytest.mark.parametrize("cookie", ["Mars/Olympus_Mons", "../../etc/passwd", "Europe/Berlin" * 10, ""])
def test_a_zone_we_do_not_know_shows_utc(client, owner, cookie):
    order = OrderFactory(seller=owner.memberships.get().seller, purchased_at=MOMENT)
    client.force_login(owner)
    client.cookies[COOKIE] = cookie

    page = client.get(reverse("order_detail", args=[order.pk])).content.decode()

    assert "6 Dec 2026, 14:15 UTC" in page


def test_an_active_campaign_says_since_when_in_one_sentence(client, owner):
    campaign = CampaignFactory(seller=owner.memberships.get().seller, state="active", activated_at=MOMENT)
    client.force_login(owner)

    page = client.get(reverse("campaign_detail", args=[campaign.pk])).content.decode()

    assert "Active since 6 Dec 2026, 14:15." in page and ".." not in page.replace("...", "")


def test_the_reauthorization_banner_says_what_happened_and_keeps_amazons_words_for_support(client, owner):
    raw = "invalid_grant: The request has an invalid grant parameter : refresh_token"
    AmazonConnectionFactory(
        seller=owner.memberships.get().seller,
        store_name="Europe",
        region="EU",
        status=AmazonConnection.Status.NEEDS_REAUTH,
        status_reason=raw,
    )
    client.force_login(owner)

    for url in (reverse("dashboard"), reverse("amazon_accounts")):
        page = client.get(url).content.decode()
        banner = page[page.index('data-testid="connection-alert"') :]
        sentence = banner[: banner.index("<details")]
        assert "Amazon no longer accepts our access to Europe (EU)" in sentence and "Authorize again" in sentence
        assert "invalid_grant" not in sentence
        assert raw in banner[: banner.index("</details>")]
