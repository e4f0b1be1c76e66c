"""The sandbox's clock and a live world: Amazon's idea of now can be set (and held), and a world
generated as of a past moment lives on, the same way every time, as that clock passes."""

from datetime import UTC, datetime, timedelta

import httpx
import pytest

GENERATED_AT = datetime(2026, 10, 1, tzinfo=UTC)


@pytest.fixture
def amazon(fresh_sandbox):
    return fresh_sandbox(sellers=1, orders=90, seed=3)


def at(moment: datetime) -> dict:
    return {"now": moment.isoformat(), "frozen": True}


def orders(amazon) -> dict[str, dict]:
    partner = amazon.sellers()[0]["selling_partner_id"]
    return {o["order_id"]: o for o in amazon.get(f"/_sandbox/sellers/{partner}/orders")["orders"]}


def test_a_frozen_clock_stays_where_it_was_set_until_it_is_set_again(amazon):
    amazon.post("/_sandbox/clock", at(GENERATED_AT))

    assert amazon.get("/_sandbox/clock")["now"].startswith("2026-10-01T00:00:00")
    assert amazon.get("/_sandbox/clock")["frozen"] is True
    assert amazon.post("/_sandbox/clock", {"now": None})["real"] is True


def test_a_live_world_gets_new_orders_and_moves_them_along_as_its_clock_passes(amazon):
    amazon.post("/_sandbox/clock", at(GENERATED_AT))
    amazon.post("/_sandbox/world", {"generated_at": GENERATED_AT.isoformat(), "live": True})
    before = orders(amazon)

    amazon.post("/_sandbox/clock", at(GENERATED_AT + timedelta(days=10)))
    after = orders(amazon)

    assert set(before) < set(after)  # orders arrived meanwhile
    assert all(o["created"] > "2026-10-01" for i, o in after.items() if i not in before)
    moved = [i for i in before if before[i]["status"] != after[i]["status"]]
    assert moved  # some shipped or were delivered
    # Nothing ahead of the clock is seen.
    assert all(o["created"] <= "2026-10-11T00:00:00Z" for o in after.values())


def test_the_same_world_generated_again_lives_the_same_life(amazon):
    def lived():
        amazon.post("/_sandbox/clock", at(GENERATED_AT))
        amazon.post("/_sandbox/world", {"generated_at": GENERATED_AT.isoformat(), "live": True})
        amazon.post("/_sandbox/clock", at(GENERATED_AT + timedelta(days=7)))
        return {i: (o["status"], o["created"]) for i, o in orders(amazon).items()}

    assert lived() == lived()


def test_a_world_cannot_be_generated_as_of_a_moment_still_to_come(amazon):
    response = httpx.post(f"{amazon.url}/_sandbox/world", json={"generated_at": "2999-01-01T00:00:00Z"}, timeout=10)

    assert response.status_code == 400
