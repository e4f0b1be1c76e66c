import pytest

from ..outbox_world import run_outbox


@pytest.fixture
def outbox(settings):
    """Run the outbox in this process, as a sender worker would, until nothing is left open."""
    settings.OUTBOX_RETRY_BASE_SECONDS = 0.05
    return run_outbox
