"""One run at a time across workers: a second run under the same name is turned away."""

import threading

from common.ratelimit import redis_client
from common.single_flight import single_flight


def test_a_second_run_under_the_same_name_does_not_run():
    with single_flight("test-single-flight", timeout=10) as first:
        with single_flight("test-single-flight", timeout=10) as second:
            assert first and not second
        with single_flight("test-single-flight-other", timeout=10) as other:
            assert other


def test_the_lock_is_free_again_after_the_run_even_when_it_failed():
    try:
        with single_flight("test-single-flight", timeout=10):
            raise RuntimeError("the run failed")
    except RuntimeError:
        pass

    with single_flight("test-single-flight", timeout=10) as again:
        assert again


def test_a_run_turned_away_leaves_the_holders_lock_alone():
    with single_flight("test-single-flight", timeout=10) as first:
        with single_flight("test-single-flight", timeout=10):
            pass
        assert first and redis_client().exists("test-single-flight")


def test_a_run_that_may_wait_gets_the_lock_once_the_holder_is_done():
    held, released = threading.Event(), threading.Event()

    def hold_briefly():
        with single_flight("test-single-flight", timeout=10):
            held.set()
            released.wait(5)

    holder = threading.Thread(target=hold_briefly)
    holder.start()
    held.wait(5)
    threading.Timer(0.2, released.set).start()

    with single_flight("test-single-flight", timeout=10, wait=5) as ours:
        assert ours
    holder.join()
