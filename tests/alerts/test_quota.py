"""The quota alert: at 90% and again at 100% of the plan's monthly quota, once each a month."""

from datetime import UTC, date, datetime

import pytest

from alerts import services, tasks
from alerts.models import Alert

from ..factories import AmazonConnectionFactory, DailySendsFactory
from .conftest import parts

NOW = datetime(2026, 3, 20, 12, 0, tzinfo=UTC)


@pytest.fixture
def seller(tenant_a):
    tenant_a.seller.monthly_message_quota = 1000
    tenant_a.seller.save()
    return tenant_a.seller


@pytest.fixture
def accepted(seller):
    connections = [AmazonConnectionFactory(seller=seller), AmazonConnectionFactory(seller=seller)]

    def add(n, day=date(2026, 3, 19), connection=0):
        DailySendsFactory(seller=seller, connection=connections[connection], day=day, sent=n)

    return add


def check(deliveries, now=NOW):
    with deliveries():
        raised = services.quota_check(now=now)
        tasks.enqueue_deliveries(raised)  # as the task check_quota_usage does
    return raised


def test_below_90_percent_nothing_is_sent(accepted, mailoutbox, deliveries):
    accepted(899)

    assert check(deliveries) == [] and mailoutbox == []


def test_at_90_percent_of_the_month_the_owners_are_told(tenant_a, accepted, mailoutbox, deliveries):
    accepted(500, day=date(2026, 3, 2))
    accepted(400, day=date(2026, 3, 19), connection=1)
    accepted(700, day=date(2026, 2, 27))  # last month does not count

    check(deliveries)

    assert [m.to for m in mailoutbox] == [[tenant_a.owner.email]]
    assert mailoutbox[0].subject == "Acme Goods: 90% of this month's message quota used"
    text, html = parts(mailoutbox[0])
    assert "Amazon accepted 900 of the 1,000 messages your plan allows this month (2026-03, UTC)" in text
    assert "resets on 1 April 2026" in text and "1 April 2026" in html


def test_the_90_percent_alert_is_sent_once_however_often_the_check_runs(accepted, mailoutbox, deliveries):
    accepted(950)

    check(deliveries)
    check(deliveries)
    accepted(10, day=date(2026, 3, 20))
    check(deliveries)

    assert len(mailoutbox) == 1


def test_reaching_100_percent_is_told_again(accepted, mailoutbox, deliveries):
    accepted(900)
    check(deliveries)
    accepted(100, day=date(2026, 3, 20))

    check(deliveries)

    assert [m.subject for m in mailoutbox] == [
        "Acme Goods: 90% of this month's message quota used",
        "Acme Goods: the monthly message quota is used up",
    ]


def test_jumping_past_both_thresholds_sends_only_the_used_up_alert(accepted, mailoutbox, deliveries):
    accepted(1200)

    check(deliveries)

    assert [m.subject for m in mailoutbox] == ["Acme Goods: the monthly message quota is used up"]


def test_a_new_month_starts_over(accepted, mailoutbox, deliveries):
    accepted(950)
    check(deliveries)
    accepted(950, day=date(2026, 4, 3))

    check(deliveries, now=datetime(2026, 4, 3, 9, 0, tzinfo=UTC))

    assert len(mailoutbox) == 2
    assert set(Alert.objects.values_list("key", flat=True)) == {"2026-03:90", "2026-04:90"}


def test_each_seller_is_judged_by_its_own_quota(tenant_b, accepted, mailoutbox, deliveries):
    tenant_b.seller.monthly_message_quota = 100_000
    tenant_b.seller.save()
    DailySendsFactory(seller=tenant_b.seller, day=date(2026, 3, 19), sent=950)
    accepted(100)

    check(deliveries)

    assert mailoutbox == []
