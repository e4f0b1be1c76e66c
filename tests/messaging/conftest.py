import pytest

from messaging import queue


@pytest.fixture
def outbox(settings):
    """Run the outbox in this process, as a sender worker would, until nothing is left open."""
    from campaigns.models import Dispatch
    from messaging.outbox import Pump

    settings.OUTBOX_RETRY_BASE_SECONDS = 0.05

    def run(*, seconds=30.0, until_done=True, **options):
        import time

        queue.rebuild()
        pump = Pump(**options)
        deadline = time.monotonic() + seconds
        try:
            while time.monotonic() < deadline:
                wait_for = pump.step()
                if until_done and not pump.inflight and not Dispatch.objects.filter(
                        state__in=Dispatch.OPEN_STATES).exists():
                    break
                if not pump.inflight and wait_for > 0:
                    queue.wait_for_work(min(wait_for, 0.2))
            while pump.inflight:
                pump.step(claim=False)
        finally:
            pump.close()
        return pump.report

    return run
