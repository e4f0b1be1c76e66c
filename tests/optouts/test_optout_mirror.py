"""The planner's large batch checks read an in-memory copy of the opt-out table that answers as the
table would: rows committed around its load, removals, its age and its failures all taken into
account."""

import hashlib
import logging

import numpy as np
import pytest
from django.db import connection, connections, transaction
from django.urls import reverse
from django.utils import timezone

from optouts import lists, suppression
from optouts.mirror import OptOutMirror, PrefixReader, Snapshot, mirror, prefixes_of_lines
from optouts.models import OptOut, OptOutRemoval

from ..factories import UserFactory


def key(n) -> str:
    return hashlib.sha256(f"buyer-{n}".encode()).hexdigest()


def batch(*present, size=1500):
    """A batch the size of a planner's: the given keys among keys nobody holds."""
    return [key(f"absent-{n}") for n in range(size - len(present))] + list(present)


def record(*keys):
    for buyer in keys:
        lists.optout_record(buyer_key=buyer, source="amazon_notice")


def learned_long_ago(*keys):
    """Record buyers as learned a month ago: the copy's load holds them, and no check re-reads them."""
    record(*keys)
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE optouts_optout SET recorded_at = now() - interval '30 days' WHERE buyer_key = ANY(%s)", [list(keys)]
        )


def bulk_check(keys):
    return suppression.optedout_keys(keys, bulk=True)


@pytest.fixture(autouse=True)
def large_batches_use_the_copy(settings):
    settings.OPTOUT_MIRROR_MIN_BATCH = 1000
    settings.OPTOUT_MIRROR_MAX_AGE = 3600


@pytest.mark.django_db(transaction=True)
def test_a_large_batch_is_answered_from_a_copy_of_the_committed_table():
    learned_long_ago(key(1), key(2), key(3))

    assert bulk_check(batch(key(1), key(3))) == {key(1), key(3)}
    assert mirror().size == 3


@pytest.mark.django_db(transaction=True)
def test_the_copy_answers_as_the_table_does_for_any_mix_of_keys():
    learned_long_ago(*[key(n) for n in range(0, 600, 3)])
    asked = batch(*[key(n) for n in range(600)])

    from_the_copy = bulk_check(asked)

    from_the_table = set(OptOut.objects.filter(buyer_key__in=asked).values_list("buyer_key", flat=True))
    assert from_the_copy == from_the_table and len(from_the_copy) == 200
    assert mirror().size == 200


@pytest.mark.django_db(transaction=True)
def test_a_buyer_added_after_the_copy_was_loaded_is_found_at_once():
    learned_long_ago(key(1))
    bulk_check(batch())

    record(key(2))

    assert bulk_check(batch(key(1), key(2))) == {key(1), key(2)}
    assert mirror().loads == 1  # found by the check's read of the newest rows, without a reload


def test_a_buyer_added_in_the_callers_own_transaction_is_found(db):
    bulk_check(batch())  # the copy, loaded over its own connection, cannot see this test's rows
    record(key(7))

    assert bulk_check(batch(key(7))) == {key(7)}


@pytest.mark.django_db(transaction=True)
def test_a_transaction_open_before_the_load_and_committed_after_it_is_seen():
    writer = connections.create_connection("default")
    try:
        writer.set_autocommit(False)
        with writer.cursor() as cursor:  # a slow notice import: its row is written, not yet committed
            cursor.execute(
                "INSERT INTO optouts_optout (buyer_key, source, first_order_id, created_at) "
                "VALUES (%s, 'amazon_notice', '', now() - interval '1 day')",
                [key(5)],
            )
        assert bulk_check(batch(key(5))) == set()  # loaded now, while the row is invisible to it
        writer.commit()
    finally:
        writer.close()

    assert bulk_check(batch(key(5))) == {key(5)}
    assert mirror().loads == 1


@pytest.mark.django_db(transaction=True)
def test_a_removed_optout_no_longer_suppresses_once_the_copy_reloads(monkeypatch):
    monkeypatch.setattr("optouts.mirror.FRESH_SECONDS", 0)
    learned_long_ago(key(1), key(2))
    bulk_check(batch())

    OptOut.objects.filter(buyer_key=key(1)).delete()

    assert bulk_check(batch(key(1), key(2))) == {key(2)}
    assert (mirror().loads, mirror().size) == (2, 1)


@pytest.mark.django_db(transaction=True)
def test_a_removal_the_copy_cannot_see_yet_is_answered_by_the_table_without_reloading():
    learned_long_ago(key(1), key(2))
    bulk_check(batch())

    with transaction.atomic():
        OptOut.objects.filter(buyer_key=key(1)).delete()  # not committed: the copy's loader cannot see it

        assert bulk_check(batch(key(1), key(2))) == {key(2)}
        assert bulk_check(batch(key(1), key(2))) == {key(2)}
    assert mirror().loads == 1


@pytest.mark.django_db(transaction=True)
def test_the_copy_is_rebuilt_once_older_than_its_maximum_age(settings):
    bulk_check(batch())
    # A row written around the service, with an old recorded_at: only a reload finds it.
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO optouts_optout (buyer_key, source, first_order_id, created_at, recorded_at) "
            "VALUES (%s, 'manual', '', now(), now() - interval '2 days')",
            [key(9)],
        )
    assert bulk_check(batch(key(9))) == set()

    settings.OPTOUT_MIRROR_MAX_AGE = 0

    assert bulk_check(batch(key(9))) == {key(9)}


@pytest.mark.django_db(transaction=True)
def test_the_copy_is_rebuilt_when_too_many_rows_arrived_since_it_was_loaded(monkeypatch):
    monkeypatch.setattr("optouts.mirror.RELOAD_AFTER_NEW_ROWS", 2)
    monkeypatch.setattr("optouts.mirror.MIN_RELOAD_INTERVAL", 0)
    bulk_check(batch())
    record(key(1), key(2), key(3))

    assert bulk_check(batch(key(1))) == {key(1)}
    assert (mirror().loads, mirror().size) == (2, 3)


@pytest.mark.django_db(transaction=True)
def test_when_the_copy_cannot_load_the_table_answers(monkeypatch, caplog):
    learned_long_ago(key(1))

    def broken(started):
        raise ConnectionError("the database went away mid-copy")

    monkeypatch.setattr(OptOutMirror, "_read_table", staticmethod(broken))

    with caplog.at_level(logging.ERROR, logger="optouts.mirror"):
        assert bulk_check(batch(key(1))) == {key(1)}
    assert not mirror().loaded and "the load failed" in caplog.text


@pytest.mark.django_db(transaction=True)
def test_after_a_failed_load_the_copy_waits_before_trying_again(monkeypatch):
    attempts = []

    def broken(started):
        attempts.append(started)
        raise ConnectionError("the database went away mid-copy")

    monkeypatch.setattr(OptOutMirror, "_read_table", staticmethod(broken))
    bulk_check(batch())
    bulk_check(batch())
    assert len(attempts) == 1

    monkeypatch.setattr("optouts.mirror.RETRY_AFTER_FAILURE", 0)
    bulk_check(batch())
    assert len(attempts) == 2


@pytest.mark.django_db(transaction=True)
def test_the_copy_loads_through_debugs_logging_cursor_too(settings):
    settings.DEBUG = True  # Django then wraps cursors in CursorDebugWrapper, whose copy_expert differs
    learned_long_ago(key(1))

    assert bulk_check(batch(key(1))) == {key(1)}
    assert mirror().size == 1


def test_a_small_batch_asks_the_table(db):
    record(key(1))

    assert bulk_check([key(1), key(2)]) == {key(1)}
    assert not mirror().loaded


def test_a_check_that_is_not_bulk_work_asks_the_table_whatever_its_size(db):
    record(key(1))

    assert suppression.optedout_keys(batch(key(1))) == {key(1)}
    assert not mirror().loaded


def test_the_copy_can_be_turned_off(db, settings):
    settings.OPTOUT_MIRROR_MIN_BATCH = 0
    record(key(1))

    assert bulk_check(batch(key(1))) == {key(1)}
    assert not mirror().loaded


@pytest.mark.django_db(transaction=True)
def test_keys_that_are_not_buyer_keys_neither_match_nor_break_the_copy():
    OptOut.objects.create(buyer_key="legacy-key", source="manual")
    OptOut.objects.create(buyer_key="G" * 64, source="manual")
    learned_long_ago(key(1))
    with connection.cursor() as cursor:
        cursor.execute("UPDATE optouts_optout SET recorded_at = now() - interval '30 days'")

    assert bulk_check(batch(key(1), "legacy-key", "g" * 64, key(1).upper(), key(1) + "\n")) == {key(1)}
    assert mirror().size == 1


def test_the_bucketed_search_finds_exactly_the_prefixes_it_holds():
    rng = np.random.default_rng(7)
    held = np.unique(
        np.concatenate(
            [
                rng.integers(0, 2**64 - 1, 5000, dtype=np.uint64, endpoint=True),
                np.array([0, 1, 2**63, 2**64 - 1], dtype=np.uint64),
            ]
        )
    )
    snapshot = Snapshot.build(held, timezone.now(), (0, None), 0.0)
    asked = np.concatenate(
        [
            held[::3],
            rng.integers(0, 2**64 - 1, 5000, dtype=np.uint64, endpoint=True),
            np.array([3, 2**63 + 1, 2**64 - 2], dtype=np.uint64),
        ]
    )

    found = snapshot.contains(asked)

    assert found.tolist() == [int(value) in set(held.tolist()) for value in asked]


def test_only_lines_of_sixteen_lowercase_hex_digits_become_prefixes():
    assert prefixes_of_lines(b"00000000000000ff\n0000000000000100\n").tolist() == [255, 256]
    assert prefixes_of_lines(
        b"00000000000000ff\nlegacy-key-0000\\\n00000000000000FF\n0000000000000100\nlegacy-key-00000\n"
    ).tolist() == [255, 256]
    # Lines of 15, 16, 16 and 17 characters: 68 bytes, four newlines, yet not 17-byte lines.
    assert prefixes_of_lines(b"000000000000001\n00000000000000ff\n0000000000000100\n00000000000000011\n").tolist() == [
        255,
        256,
    ]
    assert prefixes_of_lines(b"").tolist() == []


def test_the_load_reads_prefixes_from_chunks_cut_anywhere(monkeypatch):
    monkeypatch.setattr(PrefixReader, "CHUNK", 100)  # parsed every 100 bytes: mid-line
    lines = b"".join(f"{n:016x}\n".encode() for n in range(1000, 0, -1))
    reader = PrefixReader()
    for start in range(0, len(lines), 37):  # written in pieces that cut lines too
        reader.write(memoryview(lines)[start : start + 37])

    assert reader.prefixes().tolist() == list(range(1, 1001))


def test_staff_removing_opt_outs_in_the_admin_leaves_a_record_of_each_with_who_and_why(client, db):
    record(key(1), key(2), key(3))
    staff = UserFactory(email="staff@example.com", is_staff=True, is_superuser=True)
    client.force_login(staff)
    url = reverse("admin:optouts_optout_changelist")

    asked = client.post(url, {"action": "remove_with_reason", "_selected_action": [key(1), key(2)]})
    removed = client.post(
        url,
        {
            "action": "remove_with_reason",
            "_selected_action": [key(1), key(2)],
            "confirmed": "1",
            "reason": "Forged notice: the seller's account was compromised.",
        },
    )

    assert asked.status_code == 200 and "saying why" not in OptOutRemoval.objects.values_list("reason", flat=True)
    assert removed.status_code == 302
    assert sorted(OptOutRemoval.objects.values_list("buyer_key", "removed_by", "reason")) == sorted(
        (k, staff.pk, "Forged notice: the seller's account was compromised.") for k in (key(1), key(2))
    )
    assert list(OptOut.objects.values_list("buyer_key", flat=True)) == [key(3)]


def test_a_removal_without_a_reason_removes_nothing(client, db):
    record(key(1))
    client.force_login(UserFactory(email="staff@example.com", is_staff=True, is_superuser=True))

    client.post(
        reverse("admin:optouts_optout_changelist"),
        {"action": "remove_with_reason", "_selected_action": [key(1)], "confirmed": "1", "reason": " "},
    )

    assert OptOut.objects.filter(buyer_key=key(1)).exists() and not OptOutRemoval.objects.exists()
