"""Mail that is not an opt-out notice is kept INBOUND_OTHER_MAIL_DAYS, then its content is erased:
sellers forward everything from Amazon's notification address, and the rest is none of our business."""

from datetime import UTC, datetime, timedelta

import pytest
from django.urls import reverse

from optouts import inbound_mail
from optouts.models import InboundMessage

from ..factories import InboundMessageFactory, raw_email

NOW = datetime(2026, 11, 20, 12, 0, tzinfo=UTC)
Status = InboundMessage.Status


@pytest.fixture(autouse=True)
def thirty_days(settings):
    settings.INBOUND_OTHER_MAIL_DAYS = 30


def received(tenant, status, days_ago, subject="Your Amazon payout"):
    return InboundMessageFactory(
        seller=tenant.seller, status=status, subject=subject, received_at=NOW - timedelta(days=days_ago)
    )


def test_other_mail_past_the_retention_loses_its_content_but_keeps_its_envelope_and_verdict(tenant_a):
    old = received(tenant_a, Status.NOT_A_NOTICE, 31)

    assert inbound_mail.inbound_erase_other_mail(now=NOW) == 1

    old.refresh_from_db()
    assert bytes(old.raw) == b"" and old.content_erased_at == NOW
    assert old.subject == "Your Amazon payout" and old.status == Status.NOT_A_NOTICE and old.sha256


def test_notices_malformed_mail_waiting_mail_and_recent_mail_are_kept(tenant_a):
    kept = [
        received(tenant_a, Status.PARSED, 400),
        received(tenant_a, Status.MALFORMED, 400),
        received(tenant_a, Status.RECEIVED, 400),
        received(tenant_a, Status.NOT_A_NOTICE, 29),
    ]

    assert inbound_mail.inbound_erase_other_mail(now=NOW) == 0

    assert all(bytes(InboundMessage.objects.get(pk=m.pk).raw) for m in kept)


def test_erasing_twice_changes_nothing(tenant_a):
    received(tenant_a, Status.NOT_A_NOTICE, 31)
    inbound_mail.inbound_erase_other_mail(now=NOW)

    assert inbound_mail.inbound_erase_other_mail(now=NOW + timedelta(days=1)) == 0
    assert InboundMessage.objects.get().content_erased_at == NOW


def test_the_same_mail_sent_again_after_erasure_is_still_recognised_as_stored(tenant_a):
    raw = raw_email(subject="Your Amazon payout")
    address = inbound_mail.inbound_address_text(inbound_mail.inbound_address_for(tenant_a.seller))
    message, _ = inbound_mail.inbound_store(recipient=address, raw=raw, source="smtp")
    InboundMessage.objects.filter(pk=message.pk).update(
        status=Status.NOT_A_NOTICE, received_at=NOW - timedelta(days=40)
    )
    inbound_mail.inbound_erase_other_mail(now=NOW)

    _, created = inbound_mail.inbound_store(recipient=address, raw=raw, source="smtp")

    assert not created and InboundMessage.objects.filter(seller=tenant_a.seller).count() == 1


def test_the_message_page_says_the_content_was_erased(client, tenant_a):
    old = received(tenant_a, Status.NOT_A_NOTICE, 31)
    inbound_mail.inbound_erase_other_mail(now=NOW)
    client.force_login(tenant_a.viewer)

    page = client.get(reverse("inbound_message_detail", args=[old.pk])).content.decode()

    assert 'data-testid="content-erased"' in page and "after 30 days" in page and "Your Amazon payout" in page
