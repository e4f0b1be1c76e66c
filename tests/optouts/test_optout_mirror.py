"""The planner's large batch checks read an in-memory copy of the opt-out table that answers as the
table would: rows added since it was loaded, removals, and its age all taken into account."""

import hashlib
from datetime import timedelta

import numpy as np
import pytest
import time_machine
from django.db import connection, transaction
from django.urls import reverse
from django.utils import timezone

from optouts import services
from optouts.mirror import Snapshot, mirror, prefixes_of_lines
from optouts.models import OptOut, OptOutRemoval

from ..factories import UserFactory


def key(n) -> str:
    return hashlib.sha256(f"buyer-{n}".encode()).hexdigest()


def batch(*present, size=1500):
    """A batch the size of a planner's: the given keys among keys nobody holds."""
    return [key(f"absent-{n}") for n in range(size - len(present))] + list(present)


def record(*keys):
    for buyer in keys:
        services.optout_record(buyer_key=buyer, source="manual")


@pytest.fixture(autouse=True)
def large_batches_use_the_copy(settings):
    settings.OPTOUT_MIRROR_MIN_BATCH = 1000
    settings.OPTOUT_MIRROR_MAX_AGE = 3600


@pytest.mark.django_db(transaction=True)
def test_a_large_batch_is_answered_from_a_copy_of_the_committed_table():
    record(key(1), key(2), key(3))

    assert services.optedout_keys(batch(key(1), key(3)), bulk=True) == {key(1), key(3)}
    assert mirror().size == 3


@pytest.mark.django_db(transaction=True)
def test_the_copy_answers_as_the_table_does_for_any_mix_of_keys():
    record(*[key(n) for n in range(0, 600, 3)])
    asked = batch(*[key(n) for n in range(600)])

    from_the_copy = services.optedout_keys(asked, bulk=True)
    assert mirror().size == 200

    from_the_table = set(OptOut.objects.filter(buyer_key__in=asked).values_list("buyer_key", flat=True))
    assert from_the_copy == from_the_table
    assert len(from_the_copy) == 200


@pytest.mark.django_db(transaction=True)
def test_a_buyer_added_after_the_copy_was_loaded_is_found_at_once():
    record(key(1))
    services.optedout_keys(batch(key(1)), bulk=True)

    record(key(2))

    assert services.optedout_keys(batch(key(1), key(2)), bulk=True) == {key(1), key(2)}
    assert mirror().size == 1  # found by the check's own read of the latest rows, without a reload


def test_a_buyer_added_in_the_callers_own_transaction_is_found(db):
    services.optedout_keys(batch(), bulk=True)  # the copy, loaded over its own connection, cannot see this test's rows
    record(key(7))

    assert services.optedout_keys(batch(key(7)), bulk=True) == {key(7)}


@pytest.mark.django_db(transaction=True)
def test_a_removed_optout_is_recorded_and_no_longer_suppresses():
    record(key(1), key(2))
    services.optedout_keys(batch(key(1), key(2)), bulk=True)

    OptOut.objects.filter(buyer_key=key(1)).delete()

    assert services.optedout_keys(batch(key(1), key(2)), bulk=True) == {key(2)}
    removal = OptOutRemoval.objects.get()
    assert (removal.buyer_key, removal.source) == (key(1), "manual")


@pytest.mark.django_db(transaction=True)
def test_a_removal_the_copy_cannot_see_yet_sends_the_check_to_the_table():
    record(key(1), key(2))
    services.optedout_keys(batch(), bulk=True)

    with transaction.atomic():
        OptOut.objects.filter(buyer_key=key(1)).delete()  # not committed: the copy's loader cannot see it

        assert services.optedout_keys(batch(key(1), key(2)), bulk=True) == {key(2)}


@pytest.mark.django_db(transaction=True)
def test_the_copy_is_rebuilt_once_older_than_its_maximum_age(settings):
    settings.OPTOUT_MIRROR_MAX_AGE = 600
    services.optedout_keys(batch(), bulk=True)
    # A row written behind the copy's back with an old timestamp: only a reload finds it.
    with connection.cursor() as cursor:
        cursor.execute("INSERT INTO optouts_optout (buyer_key, source, first_order_id, created_at) "
                       "VALUES (%s, 'manual', '', %s)", [key(9), timezone.now() - timedelta(days=2)])
    assert services.optedout_keys(batch(key(9)), bulk=True) == set()

    with time_machine.travel(timezone.now() + timedelta(seconds=601)):
        assert services.optedout_keys(batch(key(9)), bulk=True) == {key(9)}


@pytest.mark.django_db(transaction=True)
def test_the_copy_is_rebuilt_when_too_many_rows_arrived_since_it_was_loaded(monkeypatch):
    monkeypatch.setattr("optouts.mirror.RELOAD_AFTER_NEW_ROWS", 2)
    services.optedout_keys(batch(), bulk=True)
    record(key(1), key(2), key(3))

    with time_machine.travel(timezone.now() + timedelta(minutes=6)):
        assert services.optedout_keys(batch(key(1)), bulk=True) == {key(1)}
    assert mirror().size == 3


def test_a_small_batch_asks_the_table(db):
    record(key(1))

    assert services.optedout_keys([key(1), key(2)], bulk=True) == {key(1)}
    assert not mirror().loaded


def test_a_check_that_is_not_bulk_work_asks_the_table_whatever_its_size(db):
    record(key(1))

    assert services.optedout_keys(batch(key(1))) == {key(1)}
    assert not mirror().loaded


def test_the_copy_can_be_turned_off(db, settings):
    settings.OPTOUT_MIRROR_MIN_BATCH = 0
    record(key(1))

    assert services.optedout_keys(batch(key(1)), bulk=True) == {key(1)}
    assert not mirror().loaded


@pytest.mark.django_db(transaction=True)
def test_keys_that_are_not_buyer_keys_neither_match_nor_break_the_copy():
    OptOut.objects.create(buyer_key="legacy-key", source="manual")
    record(key(1))

    assert services.optedout_keys(batch(key(1), "legacy-key", key(1).upper(), key(1) + "\n"), bulk=True) == {key(1)}
    assert mirror().size == 1


def test_the_bucketed_search_finds_exactly_the_prefixes_it_holds():
    rng = np.random.default_rng(7)
    held = np.unique(np.concatenate([rng.integers(0, 2**64 - 1, 5000, dtype=np.uint64, endpoint=True),
                                     np.array([0, 1, 2**63, 2**64 - 1], dtype=np.uint64)]))
    snapshot = Snapshot.build(held, timezone.now(), 0)
    asked = np.concatenate([held[::3], rng.integers(0, 2**64 - 1, 5000, dtype=np.uint64, endpoint=True),
                            np.array([3, 2**63 + 1, 2**64 - 2], dtype=np.uint64)])

    found = snapshot.contains(asked)

    assert found.tolist() == [int(value) in set(held.tolist()) for value in asked]


def test_only_lines_of_sixteen_lowercase_hex_digits_become_prefixes():
    lines = b"00000000000000ff\nlegacy-key\n00000000000000FF\n0000000000000100\n00000000000001\n"

    assert prefixes_of_lines(lines).tolist() == [255, 256]
    assert prefixes_of_lines(b"00000000000000ff\n0000000000000100\n").tolist() == [255, 256]
    assert prefixes_of_lines(b"").tolist() == []


def test_staff_deleting_opt_outs_in_the_admin_leaves_a_record_of_each(client, db):
    record(key(1), key(2), key(3))
    client.force_login(UserFactory(email="staff@example.com", is_staff=True, is_superuser=True))

    response = client.post(reverse("admin:optouts_optout_changelist"),
                           {"action": "delete_selected", "_selected_action": [key(1), key(2)], "post": "yes"})

    assert response.status_code == 302
    assert sorted(OptOutRemoval.objects.values_list("buyer_key", flat=True)) == sorted([key(1), key(2)])
    assert list(OptOut.objects.values_list("buyer_key", flat=True)) == [key(3)]
