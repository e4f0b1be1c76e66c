"""A secret no configured key opens marks its connection for re-authorization and loses nothing."""

import pytest
from cryptography.fernet import Fernet
from django.urls import reverse

from common.crypto import UndecryptableSecret
from sellers import sync
from sellers.models import AmazonConnection

from ..factories import AmazonConnectionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def connection_under_a_lost_key(tenant_a, settings):
    lost_key = Fernet.generate_key().decode()
    current = settings.FIELD_ENCRYPTION_KEYS
    settings.FIELD_ENCRYPTION_KEYS = [lost_key]
    connection = AmazonConnectionFactory(seller=tenant_a.seller, refresh_token="Atzr|written-under-the-old-key")
    settings.FIELD_ENCRYPTION_KEYS = current
    return connection, lost_key


def test_the_secret_reads_as_missing_instead_of_raising(connection_under_a_lost_key):
    connection, _ = connection_under_a_lost_key

    loaded = AmazonConnection.objects.get(pk=connection.pk)

    assert isinstance(loaded.refresh_token, UndecryptableSecret) and not loaded.refresh_token


def test_saving_the_row_keeps_the_ciphertext_so_the_old_key_still_opens_it(connection_under_a_lost_key, settings):
    connection, lost_key = connection_under_a_lost_key
    loaded = AmazonConnection.objects.get(pk=connection.pk)
    loaded.store_name = "Renamed"
    loaded.save()

    settings.FIELD_ENCRYPTION_KEYS = [*settings.FIELD_ENCRYPTION_KEYS, lost_key]

    assert AmazonConnection.objects.get(pk=connection.pk).refresh_token == "Atzr|written-under-the-old-key"


def test_the_sync_marks_the_connection_for_reauthorization(connection_under_a_lost_key):
    connection, _ = connection_under_a_lost_key

    result = sync.connection_sync(AmazonConnection.objects.get(pk=connection.pk))

    connection.refresh_from_db()
    assert connection.status == AmazonConnection.Status.NEEDS_REAUTH
    assert "Authorize again" in connection.status_reason and "cannot be decrypted" in result.note


def test_the_accounts_page_still_opens(client, tenant_a, connection_under_a_lost_key):
    client.force_login(tenant_a.owner)

    assert client.get(reverse("amazon_accounts")).status_code == 200


def test_key_rotation_reencrypts_what_it_can_and_lists_what_no_key_opens(
    connection_under_a_lost_key, tenant_a, settings
):
    from io import StringIO

    from cryptography.fernet import Fernet
    from django.core.management import CommandError, call_command

    unopenable, lost_key = connection_under_a_lost_key
    readable = AmazonConnectionFactory(seller=tenant_a.seller, refresh_token="Atzr|still-readable")
    new_key = Fernet.generate_key().decode()
    settings.FIELD_ENCRYPTION_KEYS = [new_key, *settings.FIELD_ENCRYPTION_KEYS]
    errors = StringIO()

    with pytest.raises(CommandError, match="1 secret"):
        call_command("rotate_encryption_keys", stdout=StringIO(), stderr=errors)

    settings.FIELD_ENCRYPTION_KEYS = [new_key]
    assert AmazonConnection.objects.get(pk=readable.pk).refresh_token == "Atzr|still-readable"
    assert str(unopenable.pk) in errors.getvalue()
    settings.FIELD_ENCRYPTION_KEYS = [new_key, lost_key]
    assert AmazonConnection.objects.get(pk=unopenable.pk).refresh_token == "Atzr|written-under-the-old-key"
