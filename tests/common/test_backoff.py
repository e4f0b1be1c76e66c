"""The one back-off formula: doubling from a base, capped, optionally spread."""

from common.backoff import backoff_seconds


def test_the_wait_doubles_from_the_base_up_to_the_cap():
    assert [backoff_seconds(n, base=60, cap=3600) for n in (0, 1, 2, 6, 7, 40)] == [60, 120, 240, 3600, 3600, 3600]


def test_fractions_of_a_second_stay_fractions():
    assert [backoff_seconds(n, base=0.2, cap=5.0) for n in (1, 2, 3, 5)] == [0.4, 0.8, 1.6, 5.0]


def test_jitter_spreads_the_wait_over_half_to_one_and_a_half_times_it():
    waits = [backoff_seconds(3, base=30, cap=3600, jitter=True) for _ in range(200)]

    assert all(120 <= w <= 360 for w in waits) and len(set(waits)) > 1
    assert min(waits) < 200 < max(waits)


def test_jitter_applies_to_the_capped_wait():
    waits = [backoff_seconds(30, base=30, cap=3600, jitter=True) for _ in range(200)]

    assert all(1800 <= w <= 5400 for w in waits)
