"""The demo's history is the same every time it is lived: a newcomer and a test see the same one."""

import io

import pytest
from django.core.management import call_command

from campaigns.models import Dispatch
from demo.models import DemoWorld
from sellers.models import Seller

from .test_seed_demo import DEMO_EMAIL, MAKE_RUN_SANDBOX


def lived() -> list[tuple]:
    """Each message and what became of it, and on which day (the dashboard's days). Within a day,
    the order in which due messages share Amazon's quota, a few seconds each, is not kept."""
    seller = Seller.objects.get(membership__user__email=DEMO_EMAIL)
    rows = Dispatch.objects.for_seller(seller).values_list("order__amazon_order_id", "kind", "state", "finished_at")
    return sorted((order_id, kind, state, ended.date() if ended else None) for order_id, kind, state, ended in rows)


@pytest.mark.django_db(transaction=True)
def test_living_the_demo_again_gives_the_same_history_and_a_second_start_keeps_it(fresh_sandbox, use_sandbox):
    amazon = use_sandbox(fresh_sandbox(**MAKE_RUN_SANDBOX))
    call_command("seed_demo", "--sandbox", amazon.url, stdout=io.StringIO())
    first = lived()

    # A new machine: nothing of the first (not even the shared opt-out table, which would know its buyers).
    call_command("flush", interactive=False, verbosity=0)
    call_command("seed_demo", "--sandbox", amazon.url, stdout=io.StringIO())
    again = lived()
    out = io.StringIO()
    call_command("seed_demo", "--sandbox", amazon.url, stdout=out)  # `make run` a second time

    assert first and again == first
    assert lived() == again
    assert "history is there" in out.getvalue()
    assert DemoWorld.objects.count() == 1
