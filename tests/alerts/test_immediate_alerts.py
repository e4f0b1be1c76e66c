"""Each immediate alert is mailed once, on its event, to the owners (and members who chose it)."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from alerts import services, tasks
from alerts.models import Alert
from insights.events import negative_feedback_found
from insights.models import FeedbackAlert
from optouts import inbound_mail
from sellers import services as seller_services
from sellers.models import AmazonConnection, Membership

from ..factories import (
    AlertPreferencesFactory,
    AmazonConnectionFactory,
    FeedbackAlertFactory,
    FeedbackFactory,
    InboundMessageFactory,
    OrderFactory,
    raw_email,
)
from ..optouts.notice_samples import notice
from .conftest import parts


def addressed_to(mailoutbox):
    return sorted(address for message in mailoutbox for address in message.to)


# -- a connection needs re-authorization --------------------------------------------------------
def test_owners_are_told_when_a_connection_needs_reauthorization(tenant_a, mailoutbox, deliveries):
    connection = AmazonConnectionFactory(seller=tenant_a.seller, store_name="Trail Store")

    with deliveries():
        seller_services.connection_needs_reauthorization(connection, reason="Amazon revoked the refresh token.")

    assert addressed_to(mailoutbox) == [tenant_a.owner.email]
    text, html = parts(mailoutbox[0])
    assert mailoutbox[0].subject == "Acme Goods: Trail Store (NA) needs re-authorization"
    for body in (text, html):
        assert "Amazon revoked the refresh token." in body
        assert "http://testserver.example" + reverse("amazon_accounts") in body


@pytest.fixture(autouse=True)
def _site_url(settings):
    settings.SITE_URL = "http://testserver.example"


def test_a_connection_that_stays_broken_is_announced_once(tenant_a, mailoutbox, deliveries):
    connection = AmazonConnectionFactory(seller=tenant_a.seller)

    with deliveries():
        seller_services.connection_needs_reauthorization(connection, reason="revoked")
        seller_services.connection_needs_reauthorization(connection, reason="revoked again")
        seller_services.connection_needs_reauthorization(
            AmazonConnection.objects.get(pk=connection.pk), reason="still revoked"
        )

    assert len(mailoutbox) == 1
    assert AmazonConnection.objects.get(pk=connection.pk).status_reason == "still revoked"


def test_a_connection_lost_again_after_reauthorizing_is_announced_again(tenant_a, mailoutbox, deliveries):
    connection = AmazonConnectionFactory(seller=tenant_a.seller)
    with deliveries():
        seller_services.connection_needs_reauthorization(connection, reason="revoked")
    AmazonConnection.objects.filter(pk=connection.pk).update(
        status=AmazonConnection.Status.ACTIVE, authorized_at=timezone.now() + timedelta(seconds=1)
    )
    connection.refresh_from_db()

    with deliveries():
        seller_services.connection_needs_reauthorization(connection, reason="revoked once more")

    assert len(mailoutbox) == 2 and "revoked once more" in mailoutbox[1].body


def test_a_reauthorization_alert_that_is_late_says_nothing_once_the_account_is_back(
    tenant_a, mailoutbox, deliveries, monkeypatch
):
    queued = []
    connection = AmazonConnectionFactory(seller=tenant_a.seller)
    with deliveries():
        monkeypatch.setattr(tasks.deliver_alert, "delay", queued.append)
        seller_services.connection_needs_reauthorization(connection, reason="revoked")
    AmazonConnection.objects.filter(pk=connection.pk).update(status=AmazonConnection.Status.ACTIVE)

    tasks.deliver_alert(queued[0])

    assert mailoutbox == []
    assert Alert.objects.get(pk=queued[0]).delivered_at is not None


def test_a_manager_who_chose_a_kind_gets_it_and_an_owner_who_turned_it_off_does_not(tenant_a, mailoutbox, deliveries):

    manager = Membership.objects.get(user=tenant_a.manager)
    owner = Membership.objects.get(user=tenant_a.owner)
    AlertPreferencesFactory(seller=tenant_a.seller, membership=manager, choices={"reauthorization": True})
    AlertPreferencesFactory(seller=tenant_a.seller, membership=owner, choices={"reauthorization": False})

    with deliveries():
        seller_services.connection_needs_reauthorization(
            AmazonConnectionFactory(seller=tenant_a.seller), reason="revoked"
        )

    assert addressed_to(mailoutbox) == [tenant_a.manager.email]


def test_another_sellers_members_hear_nothing(tenant_a, tenant_b, mailoutbox, deliveries):
    with deliveries():
        seller_services.connection_needs_reauthorization(
            AmazonConnectionFactory(seller=tenant_b.seller), reason="revoked"
        )

    assert addressed_to(mailoutbox) == [tenant_b.owner.email]


# -- the first forwarded opt-out notice ---------------------------------------------------------
@pytest.fixture
def inbound(settings):
    settings.INBOUND_DOMAIN = "inbound.localhost"

    def receive(seller, raw):
        address = inbound_mail.inbound_address_text(inbound_mail.inbound_address_for(seller))
        message, _ = inbound_mail.inbound_store(recipient=address, raw=raw, source="smtp")
        return inbound_mail.inbound_process(message)

    return receive


def test_the_first_forwarded_optout_notice_tells_the_owners_forwarding_works(tenant_a, inbound, mailoutbox, deliveries):
    order = OrderFactory(seller=tenant_a.seller, amazon_order_id="305-1111111-2222222")

    with deliveries():
        message = inbound(tenant_a.seller, notice("en", order.amazon_order_id).as_bytes())

    assert addressed_to(mailoutbox) == [tenant_a.owner.email]
    text, html = parts(mailoutbox[0])
    assert mailoutbox[0].subject == "Acme Goods: forwarding works, your first opt-out notice arrived"
    assert "305-1111111-2222222" in text and "305-1111111-2222222" in html
    assert reverse("inbound_message_detail", args=[message.pk]) in html


def test_later_notices_and_mail_that_is_no_notice_send_nothing(tenant_a, inbound, mailoutbox, deliveries):

    with deliveries():
        inbound(tenant_a.seller, raw_email(subject="Gmail forwarding confirmation"))
        assert mailoutbox == []
        inbound(tenant_a.seller, notice("en", "305-1111111-2222222").as_bytes())
        inbound(tenant_a.seller, notice("fr", "305-3333333-4444444").as_bytes())

    assert len(mailoutbox) == 1


def test_a_seller_whose_notices_arrived_before_this_feature_is_not_told_again(
    tenant_a, inbound, mailoutbox, deliveries
):

    InboundMessageFactory(seller=tenant_a.seller, status="parsed", received_at=timezone.now() - timedelta(days=90))

    with deliveries():
        inbound(tenant_a.seller, notice("en", "305-3333333-4444444").as_bytes())

    assert mailoutbox == []


# -- negative feedback --------------------------------------------------------------------------
def test_negative_feedback_is_mailed_with_the_order_and_marked_emailed(tenant_a, mailoutbox, deliveries):
    order = OrderFactory(seller=tenant_a.seller, amazon_order_id="111-2223334-4445556")
    feedback = FeedbackFactory(
        seller=tenant_a.seller,
        connection=order.connection,
        order=order,
        rating=1,
        amazon_order_id=order.amazon_order_id,
        comment="Arrived broken & late.",
    )
    feedback_alert = FeedbackAlertFactory(seller=tenant_a.seller, feedback=feedback)

    with deliveries():
        negative_feedback_found.send(sender=FeedbackAlert, alerts=[feedback_alert])

    assert addressed_to(mailoutbox) == [tenant_a.owner.email]
    text, html = parts(mailoutbox[0])
    assert mailoutbox[0].subject == "Acme Goods: 1-star feedback on order 111-2223334-4445556"
    assert "Arrived broken &amp; late." in html and "Arrived broken & late." in text
    assert f"{feedback.left_on:%-d %B %Y}" in text
    order_url = "http://testserver.example" + reverse("order_detail", args=[order.pk])
    assert order_url in text and order_url in html
    assert "sellercentral.amazon.com/feedback-manager/" in html
    feedback_alert.refresh_from_db()
    assert feedback_alert.emailed_at is not None


def test_the_feedback_alerts_of_one_sync_are_one_email_and_a_repeated_signal_sends_nothing(
    tenant_a, mailoutbox, deliveries
):
    feedback_alerts = [FeedbackAlertFactory(seller=tenant_a.seller, feedback__rating=rating) for rating in (1, 2)]

    with deliveries():
        negative_feedback_found.send(sender=FeedbackAlert, alerts=feedback_alerts)
        negative_feedback_found.send(sender=FeedbackAlert, alerts=list(reversed(feedback_alerts)))

    assert len(mailoutbox) == 1
    assert mailoutbox[0].subject == "Acme Goods: 2 negative feedback ratings"


def test_the_email_links_to_the_feedback_page(tenant_a, mailoutbox, deliveries):
    feedback_page = "http://testserver.example" + reverse("feedback")

    with deliveries():
        negative_feedback_found.send(sender=FeedbackAlert, alerts=[FeedbackAlertFactory(seller=tenant_a.seller)])

    assert feedback_page in parts(mailoutbox[0])[1]


def test_a_feedback_alert_dismissed_before_its_email_went_out_is_not_mailed(
    tenant_a, mailoutbox, deliveries, monkeypatch
):
    queued = []
    feedback_alert = FeedbackAlertFactory(seller=tenant_a.seller)
    with deliveries():
        monkeypatch.setattr(tasks.deliver_alert, "delay", queued.append)
        negative_feedback_found.send(sender=FeedbackAlert, alerts=[feedback_alert])
    FeedbackAlert.objects.filter(pk=feedback_alert.pk).update(dismissed_at=timezone.now())

    tasks.deliver_alert(queued[0])

    assert mailoutbox == []
    feedback_alert.refresh_from_db()
    assert feedback_alert.emailed_at is None


def test_a_feedback_alert_whose_announcement_was_lost_is_mailed_by_the_sweep_once(tenant_a, mailoutbox, deliveries):
    found = timezone.now() - timedelta(minutes=20)
    lost = FeedbackAlertFactory(seller=tenant_a.seller, created_at=found)

    with deliveries():
        tasks.raise_unannounced_feedback()
        again = services.unannounced_feedback_raise(now=timezone.now() + timedelta(minutes=10))

    assert again == []
    assert len(mailoutbox) == 1 and "1-star feedback" in mailoutbox[0].subject
    lost.refresh_from_db()
    assert lost.emailed_at is not None


def test_the_sweep_leaves_feedback_alerts_that_are_announced_young_dismissed_or_old(tenant_a, mailoutbox, deliveries):
    now = timezone.now()
    announced = FeedbackAlertFactory(seller=tenant_a.seller, created_at=now - timedelta(minutes=20))
    with deliveries():
        negative_feedback_found.send(sender=FeedbackAlert, alerts=[announced])
    FeedbackAlertFactory(seller=tenant_a.seller, created_at=now - timedelta(minutes=5))  # its sync may still run
    FeedbackAlertFactory(seller=tenant_a.seller, created_at=now - timedelta(minutes=20), dismissed_at=now)
    FeedbackAlertFactory(seller=tenant_a.seller, created_at=now - timedelta(days=3))  # the digest tells of it

    with deliveries():
        assert services.unannounced_feedback_raise(now=now) == []

    assert len(mailoutbox) == 1
