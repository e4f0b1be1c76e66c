"""Connecting an Amazon account: Amazon's website authorization workflow against the sandbox."""

from datetime import timedelta
from urllib.parse import parse_qs, urlsplit

import pytest
import time_machine
from django.db import connection as db_connection
from django.urls import reverse
from django.utils import timezone

from sellers import services
from sellers.models import AmazonConnection

from .. import amazon_flow
from ..factories import AmazonConnectionFactory


@pytest.fixture
def owner_client(client, tenant_a, sandbox, use_sandbox):
    use_sandbox(sandbox)
    client.force_login(tenant_a.owner)
    return client


def eu_partner(sandbox):
    return next(p for p in sandbox.sellers() if p["region"] == "EU")


def test_connect_sends_the_seller_to_the_consent_page_with_a_signed_state(owner_client, sandbox, settings):
    settings.SPAPI_APP_ID = "amzn1.sp.solution.test-app"

    url = amazon_flow.start(owner_client, "EU")

    parts = urlsplit(url)
    query = {k: v[0] for k, v in parse_qs(parts.query).items()}
    assert f"{parts.scheme}://{parts.netloc}{parts.path}" == f"{sandbox.url}/apps/authorize/consent"
    assert query["application_id"] == "amzn1.sp.solution.test-app"
    assert query["version"] == "beta"
    assert query["redirect_uri"].endswith(reverse("amazon_callback"))
    assert len(query["state"]) > 40


def test_the_callback_records_the_connection_with_its_marketplaces(
    owner_client, sandbox, tenant_a, django_capture_on_commit_callbacks
):
    partner = eu_partner(sandbox)

    with django_capture_on_commit_callbacks() as queued:
        response = amazon_flow.connect(owner_client, sandbox, partner)

    assert response.status_code == 302 and response.url == reverse("amazon_accounts")
    connection = AmazonConnection.objects.get(seller=tenant_a.seller)
    assert connection.selling_partner_id == partner["selling_partner_id"]
    assert (connection.region, connection.status) == ("EU", "active")
    assert connection.marketplace_ids == partner["marketplace_ids"]
    assert connection.store_name == partner["store_name"]
    assert connection.expires_at - connection.authorized_at == timedelta(days=365)
    assert connection.refresh_token.startswith("Atzr|")
    assert len(queued) == 1, "the first sync is queued"


def test_the_refresh_token_is_encrypted_at_rest(owner_client, sandbox, tenant_a):
    amazon_flow.connect(owner_client, sandbox, eu_partner(sandbox))
    connection = AmazonConnection.objects.get(seller=tenant_a.seller)

    with db_connection.cursor() as cursor:
        cursor.execute("SELECT refresh_token FROM sellers_amazonconnection WHERE id = %s", [connection.pk])
        stored = cursor.fetchone()[0]

    assert "Atzr" not in stored and stored.startswith("gAAAA")


def test_a_forged_state_is_refused(owner_client, sandbox, tenant_a):
    response = owner_client.get(
        reverse("amazon_callback"),
        {"state": "forged", "selling_partner_id": eu_partner(sandbox)["selling_partner_id"], "spapi_oauth_code": "x"},
        follow=True,
    )

    assert "not valid" in response.content.decode()
    assert not AmazonConnection.objects.exists()


def test_a_replayed_state_is_refused(owner_client, sandbox, tenant_a):
    partner = eu_partner(sandbox)
    callback = amazon_flow.consent(sandbox, amazon_flow.start(owner_client), partner["selling_partner_id"])
    owner_client.get(callback)
    AmazonConnection.objects.all().delete()

    replay = owner_client.get(callback, follow=True)

    assert "already used" in replay.content.decode()
    assert not AmazonConnection.objects.exists()


def test_a_state_from_another_users_session_is_refused(owner_client, client_factory, sandbox, tenant_a):
    partner = eu_partner(sandbox)
    callback = amazon_flow.consent(sandbox, amazon_flow.start(owner_client), partner["selling_partner_id"])
    other = client_factory()
    other.force_login(tenant_a.manager)

    response = other.get(callback, follow=True)

    assert "already used or started in another session" in response.content.decode()
    assert not AmazonConnection.objects.exists()


def test_an_expired_state_is_refused(owner_client, sandbox, tenant_a):
    partner = eu_partner(sandbox)
    callback = amazon_flow.consent(sandbox, amazon_flow.start(owner_client), partner["selling_partner_id"])

    with time_machine.travel(timezone.now() + timedelta(minutes=11)):
        response = owner_client.get(callback, follow=True)

    assert "took too long" in response.content.decode()


def test_a_cancelled_consent_connects_nothing(owner_client, sandbox, tenant_a):
    callback = amazon_flow.consent(
        sandbox, amazon_flow.start(owner_client), eu_partner(sandbox)["selling_partner_id"], decision="cancel"
    )

    response = owner_client.get(callback, follow=True)

    assert "cancelled" in response.content.decode()
    assert not AmazonConnection.objects.exists()


def test_reconnecting_the_same_account_updates_it(owner_client, sandbox, tenant_a):
    partner = eu_partner(sandbox)
    amazon_flow.connect(owner_client, sandbox, partner)
    first = AmazonConnection.objects.get()
    services.connection_needs_reauthorization(first, reason="revoked")

    amazon_flow.connect(owner_client, sandbox, partner)

    again = AmazonConnection.objects.get()
    assert again.pk == first.pk and again.status == "active" and again.refresh_token != first.refresh_token


def test_disconnecting_deletes_the_token(client, tenant_a):
    connection = AmazonConnectionFactory(seller=tenant_a.seller)
    client.force_login(tenant_a.owner)

    client.post(reverse("amazon_disconnect", args=[connection.pk]))

    connection.refresh_from_db()
    assert connection.refresh_token is None and connection.status == "disconnected"


def test_a_viewer_cannot_start_a_connection(client, tenant_a):
    client.force_login(tenant_a.viewer)

    assert client.post(reverse("amazon_connect"), {"region": "NA"}).status_code == 403


def test_old_encryption_keys_still_decrypt_after_rotation(db, tenant_a, settings):
    from cryptography.fernet import Fernet

    old_key, new_key = settings.FIELD_ENCRYPTION_KEYS[0], Fernet.generate_key().decode()
    connection = AmazonConnectionFactory(seller=tenant_a.seller, refresh_token="Atzr|secret")
    settings.FIELD_ENCRYPTION_KEYS = [new_key, old_key]

    from django.core.management import call_command

    call_command("rotate_encryption_keys")
    settings.FIELD_ENCRYPTION_KEYS = [new_key]

    assert AmazonConnection.objects.get(pk=connection.pk).refresh_token == "Atzr|secret"


def rewrite_partner(callback: str, partner_id: str) -> str:
    path, _, query = callback.partition("?")
    params = {k: v[0] for k, v in parse_qs(query).items()}
    params["selling_partner_id"] = partner_id
    return f"{path}?{'&'.join(f'{k}={v}' for k, v in params.items())}"


def test_a_callback_rewritten_to_another_sellers_partner_id_cannot_spend_its_quota(
    owner_client, client_factory, sandbox, tenant_a, tenant_b
):
    from sellers import amazon

    mine, theirs = [p for p in sandbox.sellers()][:2]
    victim = client_factory()
    victim.force_login(tenant_b.owner)
    amazon_flow.connect(victim, sandbox, theirs)
    callback = amazon_flow.consent(sandbox, amazon_flow.start(owner_client, mine["region"]), mine["selling_partner_id"])

    owner_client.get(rewrite_partner(callback, theirs["selling_partner_id"]))
    owner_client.post(reverse("amazon_connect_confirm"), {"decision": "connect"})  # "connected elsewhere": go on

    borrowed = AmazonConnection.objects.get(seller=tenant_a.seller)
    real = AmazonConnection.objects.get(seller=tenant_b.seller)
    assert borrowed.rate_key != real.rate_key
    buckets = amazon.buckets()
    while buckets.take(borrowed.rate_key, "searchOrders").ok:
        pass  # the attacker spends every token its connection has
    assert buckets.take(real.rate_key, "searchOrders").ok


def test_a_malformed_partner_id_in_the_callback_connects_nothing(owner_client, sandbox, tenant_a):
    partner = eu_partner(sandbox)
    callback = amazon_flow.consent(sandbox, amazon_flow.start(owner_client, "EU"), partner["selling_partner_id"])

    response = owner_client.get(rewrite_partner(callback, "A1';DROP--"), follow=True)

    assert "did not name a valid selling account" in response.content.decode()
    assert not AmazonConnection.objects.filter(seller=tenant_a.seller).exists()


# -- an account another business here already connected ------------------------------------------
@pytest.fixture
def connected_elsewhere(sandbox, tenant_b):
    """The EU partner, already connected by another seller (Bolt Supply)."""
    partner = eu_partner(sandbox)
    AmazonConnectionFactory(
        seller=tenant_b.seller, selling_partner_id=partner["selling_partner_id"], region="EU", store_name="Bolt EU"
    )
    return partner


def test_an_account_another_business_connected_waits_for_a_confirmation(
    owner_client, sandbox, tenant_a, connected_elsewhere
):
    response = amazon_flow.connect(owner_client, sandbox, connected_elsewhere)

    assert response.status_code == 302 and response.url == reverse("amazon_connect_confirm")
    assert not AmazonConnection.objects.filter(seller=tenant_a.seller).exists()


def test_the_confirmation_says_it_in_plain_words_without_naming_the_other_business(
    owner_client, sandbox, connected_elsewhere
):
    amazon_flow.connect(owner_client, sandbox, connected_elsewhere)

    page = owner_client.get(reverse("amazon_connect_confirm")).content.decode()

    assert "already connected to <strong>another business</strong>" in page
    assert connected_elsewhere["selling_partner_id"] in page
    assert "Bolt" not in page


def test_confirming_connects_the_account(owner_client, sandbox, tenant_a, connected_elsewhere):
    amazon_flow.connect(owner_client, sandbox, connected_elsewhere)

    response = owner_client.post(reverse("amazon_connect_confirm"), {"decision": "connect"}, follow=True)

    mine = AmazonConnection.objects.get(seller=tenant_a.seller)
    assert mine.selling_partner_id == connected_elsewhere["selling_partner_id"] and mine.is_active
    assert "is connected" in response.content.decode()


def test_declining_connects_nothing_and_forgets_the_authorization(owner_client, sandbox, tenant_a, connected_elsewhere):
    amazon_flow.connect(owner_client, sandbox, connected_elsewhere)

    response = owner_client.post(reverse("amazon_connect_confirm"), {"decision": "cancel"}, follow=True)
    again = owner_client.post(reverse("amazon_connect_confirm"), {"decision": "connect"}, follow=True)

    assert "Nothing was connected" in response.content.decode()
    assert "no Amazon authorization waiting" in again.content.decode()
    assert not AmazonConnection.objects.filter(seller=tenant_a.seller).exists()


def test_a_confirmation_after_ten_minutes_asks_to_start_again(owner_client, sandbox, tenant_a, connected_elsewhere):
    amazon_flow.connect(owner_client, sandbox, connected_elsewhere)

    with time_machine.travel(timezone.now() + timedelta(minutes=11)):
        response = owner_client.post(reverse("amazon_connect_confirm"), {"decision": "connect"}, follow=True)

    assert "waited more than 10 minutes for your answer" in response.content.decode()
    assert not AmazonConnection.objects.filter(seller=tenant_a.seller).exists()


def test_the_held_authorization_is_encrypted_in_the_session(owner_client, sandbox, connected_elsewhere):
    amazon_flow.connect(owner_client, sandbox, connected_elsewhere)

    held = owner_client.session[services.CONNECT_HELD_KEY]

    assert held["token"] and not held["token"].startswith("Atzr|")
    assert "code" not in held


def test_a_made_up_code_learns_nothing_about_an_account_connected_elsewhere(
    owner_client, sandbox, tenant_a, connected_elsewhere
):
    callback = amazon_flow.consent(
        sandbox, amazon_flow.start(owner_client, "EU"), connected_elsewhere["selling_partner_id"]
    )
    path, _, query = callback.partition("?")
    params = {k: v[0] for k, v in parse_qs(query).items()} | {"spapi_oauth_code": "made-up"}

    response = owner_client.get(path, params, follow=True)

    page = response.content.decode()
    assert "Amazon refused the authorization code" in page and "another business" not in page
    assert services.CONNECT_HELD_KEY not in owner_client.session
    assert not AmazonConnection.objects.filter(seller=tenant_a.seller).exists()


def test_reauthorizing_an_account_the_seller_already_has_asks_nothing(
    owner_client, sandbox, tenant_a, connected_elsewhere
):
    amazon_flow.connect(owner_client, sandbox, connected_elsewhere)
    owner_client.post(reverse("amazon_connect_confirm"), {"decision": "connect"})

    response = amazon_flow.connect(owner_client, sandbox, connected_elsewhere)

    assert response.url == reverse("amazon_accounts")


def test_an_account_only_a_disconnected_business_had_asks_nothing(owner_client, sandbox, tenant_a, tenant_b):
    partner = eu_partner(sandbox)
    AmazonConnectionFactory(
        seller=tenant_b.seller,
        selling_partner_id=partner["selling_partner_id"],
        region="EU",
        status=AmazonConnection.Status.DISCONNECTED,
    )

    response = amazon_flow.connect(owner_client, sandbox, partner)

    assert response.url == reverse("amazon_accounts")
    assert AmazonConnection.objects.filter(seller=tenant_a.seller).exists()


# -- who may disconnect ------------------------------------------------------------------------------
def test_a_manager_cannot_disconnect_an_account(client, tenant_a):
    connection = AmazonConnectionFactory(seller=tenant_a.seller)
    client.force_login(tenant_a.manager)

    response = client.post(reverse("amazon_disconnect", args=[connection.pk]))

    connection.refresh_from_db()
    assert response.status_code == 403 and connection.is_active


def test_a_manager_is_offered_no_disconnect_button(client, tenant_a):
    AmazonConnectionFactory(seller=tenant_a.seller)
    client.force_login(tenant_a.manager)

    page = client.get(reverse("amazon_accounts")).content.decode()

    assert 'data-testid="disconnect"' not in page
    assert "Only owners can disconnect an account." in page
    assert "Sync now" in page
