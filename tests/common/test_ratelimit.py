"""The shared token buckets in Redis: Amazon's plan, adapted to its header, paused by a 429."""

import pytest
from django.core.cache import cache

from common.ratelimit import Buckets

PLANS = {"op": (1.0, 5)}


class Clock:
    def __init__(self):
        self.now = 1_000_000.0

    def __call__(self):
        return self.now


@pytest.fixture
def clock():
    cache.clear()
    return Clock()


@pytest.fixture
def buckets(clock):
    return Buckets(PLANS, prefix="test", clock=clock)


def test_a_full_bucket_allows_the_burst_then_says_how_long_to_wait(buckets):
    taken = [buckets.take("A1", "op").ok for _ in range(6)]

    assert taken == [True] * 5 + [False]
    assert buckets.take("A1", "op").wait == pytest.approx(1.0)


def test_tokens_come_back_at_the_plans_rate(buckets, clock):
    for _ in range(5):
        buckets.take("A1", "op")

    clock.now += 2.0

    assert [buckets.take("A1", "op").ok for _ in range(3)] == [True, True, False]


def test_each_selling_partner_has_its_own_bucket(buckets):
    for _ in range(5):
        buckets.take("A1", "op")

    assert buckets.take("A2", "op").ok


def test_a_rate_announced_by_amazon_replaces_the_default(buckets, clock):
    buckets.adapt("A1", "op", "10.0")
    for _ in range(50):
        assert buckets.take("A1", "op").ok

    clock.now += 0.1

    assert buckets.take("A1", "op").ok
    assert not buckets.take("A1", "op").ok


def test_a_malformed_header_changes_nothing(buckets):
    buckets.adapt("A1", "op", "fast")

    assert [buckets.take("A1", "op").ok for _ in range(6)] == [True] * 5 + [False]


def test_a_429_empties_the_bucket_and_pauses_it(buckets, clock):
    pause = buckets.back_off("A1", "op")

    assert pause == pytest.approx(1.0)
    assert not buckets.take("A1", "op").ok
    clock.now += 1.01
    assert buckets.take("A1", "op").ok


def test_the_state_is_shared_by_every_worker(clock):
    first, second = Buckets(PLANS, prefix="test", clock=clock), Buckets(PLANS, prefix="test", clock=clock)
    for _ in range(5):
        first.take("A1", "op")

    assert not second.take("A1", "op").ok


def test_take_all_takes_from_every_bucket_or_from_none(buckets):
    plans = Buckets({"check": (1.0, 5), "send": (1.0, 2)}, prefix="test", clock=buckets.clock)
    assert [plans.take_all("A1", ["check", "send"]).ok for _ in range(3)] == [True, True, False]
    # The refused third call took nothing: the check bucket still has its three.
    assert [plans.take_all("A1", ["check"]).ok for _ in range(4)] == [True, True, True, False]


def test_a_reserve_keeps_one_token_in_the_bucket(buckets):
    assert [buckets.take_all("A1", ["op"], reserve=1).ok for _ in range(5)] == [True] * 4 + [False]
    assert buckets.take("A1", "op").ok


def test_peek_counts_the_calls_that_could_go_now_without_taking_any(buckets, clock):
    for _ in range(3):
        buckets.take("A1", "op")

    assert buckets.peek_many([("A1", ["op"])], reserve=1) == [(1, 0.0)]
    assert buckets.peek_many([("A1", ["op"])], reserve=1) == [(1, 0.0)]
    buckets.take("A1", "op")
    [(count, wait)] = buckets.peek_many([("A1", ["op"])], reserve=1)
    assert count == 0 and wait == pytest.approx(1.0)


def test_a_refund_gives_back_a_token_for_a_call_never_made(buckets):
    for _ in range(5):
        buckets.take("A1", "op")
    buckets.refund("A1", ["op"])

    assert buckets.take("A1", "op").ok
    assert not buckets.take("A1", "op").ok


def test_a_higher_announced_rate_also_hands_over_the_bigger_burst(buckets):
    buckets.take("A1", "op")  # 4 of the default 5 left
    buckets.adapt("A1", "op", "10")  # Amazon's bucket holds 50, and it was full

    assert sum(buckets.take("A1", "op").ok for _ in range(60)) == 49
