"""Every page a seller can reach, with a seller busy enough that each page shows real content.

The URL list comes from the URLconf, as the tenant-isolation test walks it, so a page added
later is checked the day it is added: product views that answer GET, with an object of the
seller's from the factories where the URL takes one, and allauth's pages with no argument.
A route that is no page (a CSV, a redirect to Amazon) must say why in NOT_PAGES.
"""

import inspect
from dataclasses import dataclass, field
from datetime import timedelta

from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from campaigns.models import Dispatch
from insights import rollups
from insights.models import Feedback, FeedbackAlert
from optouts.models import BlockedBuyer, InboundMessage, OrderOptOut
from sellers.models import AmazonConnection, Invitation, Membership, Order, Role

from ..factories import (
    TENANT_FACTORIES,
    BlockedBuyerFactory,
    CampaignFactory,
    FeedbackAlertFactory,
    FeedbackFactory,
    InboundMessageFactory,
    InvitationFactory,
    MembershipFactory,
    MessageTemplateFactory,
    NoticeOrderFactory,
    OrderOptOutFactory,
)
from ..insights.dashboard_world import DE, UK, US, World
from ..sellers.test_tenant_isolation import OBJECT_KWARGS, product_routes

State = Dispatch.State
OWNER_EMAIL = "owner@demo-outdoor.example.com"
# A name that ends with a period, as many company names do: no page may print "Co..".
SELLER_NAME = "Demo Outdoor Co."
# What Amazon's LWA answers for a revoked authorization, word for word.
RAW_AMAZON_ERROR = "invalid_grant: The request has an invalid grant parameter : refresh_token"

# Routes that answer GET but are not pages, and why.
NOT_PAGES = {
    "messages_export": "a CSV download",
    "blocklist_export": "a CSV download",
    "amazon_connect": "sends the browser to Amazon's consent page",
    "amazon_callback": "Amazon's redirect back, with a one-time code",
    "seller_switch": "a form's target; redirects",
    "healthz": "the load balancer's health check (JSON)",
    "sent_email_preferences": "an old emailed link (/notices/), moved permanently to the alerts pages",
    "sent_email_unsubscribe": "an old emailed link (/notices/), moved permanently to the alerts pages",
    "amazon_connect_confirm": "shown only while an Amazon authorization waits for an answer "
    "(tests/e2e/test_orders_and_requests.py walks it at both widths)",
}


@dataclass
class Busy:
    """A seller with two regions connected (one needing re-authorization), active campaigns, a month
    of messages in every state, feedback, opt-outs, a blocklist, received mail and a team."""

    seller: object
    owner: object
    world: World
    objects: dict = field(default_factory=dict)


def a_busy_seller(now=None) -> Busy:
    now = now or timezone.now()
    # A viewer whose time zone is known: the pages that learn it from the browser reload once when
    # they do, which would race the walk's next navigation.
    membership = MembershipFactory(seller__name=SELLER_NAME, user__email=OWNER_EMAIL, user__time_zone="Europe/Berlin")
    seller, owner = membership.seller, membership.user
    world = World(seller, now=now)
    AmazonConnection.objects.filter(pk=world.eu.pk).update(
        status=AmazonConnection.Status.NEEDS_REAUTH, status_reason=RAW_AMAZON_ERROR
    )
    type(world.review).objects.filter(seller=seller, state="active").update(activated_at=now - timedelta(days=40))
    world.delivery.refresh_from_db()
    MessageTemplateFactory(seller=seller, campaign=world.delivery, language="en")
    states = [State.SENT, State.SENT, State.SENT, State.BLOCKED_OPTOUT, State.BLOCKED_SELLER, State.INELIGIBLE]
    states += [State.FAILED, State.EXPIRED]
    dispatches = []
    for day in range(12):
        for i, state in enumerate(states[: 3 + day % 6]):
            place = [US, DE, UK][(day + i) % 3]
            campaign = world.review if i % 2 else world.delivery
            dispatches.append(
                world.dispatch(state, ago=timedelta(days=day, hours=i + 1), campaign=campaign, marketplace_id=place)
            )
    for hours in (3, 30):
        world.dispatch(State.SCHEDULED, ago=timedelta(hours=-hours), campaign=world.delivery)
    sent = [d for d in dispatches if d.state == State.SENT]
    for rating, dispatch in zip((5, 4, 2), sent, strict=False):
        FeedbackFactory(
            seller=seller,
            connection=dispatch.order.connection,
            order=dispatch.order,
            amazon_order_id=dispatch.order.amazon_order_id,
            marketplace_id=dispatch.order.marketplace_id,
            rating=rating,
            comment="The strap broke after a week of use and the replacement took a long time to arrive.",
        )
    FeedbackAlertFactory(seller=seller, feedback__connection=world.na, feedback__order=sent[-1].order)
    notice = InboundMessageFactory(
        seller=seller, subject="Buyer has chosen to opt out of buyer-seller messages", status="parsed"
    )
    NoticeOrderFactory(seller=seller, message=notice, amazon_order_id=sent[0].order.amazon_order_id)
    OrderOptOutFactory(seller=seller, amazon_order_id=sent[1].order.amazon_order_id, created_by=owner)
    BlockedBuyerFactory(seller=seller, amazon_order_id=sent[2].order.amazon_order_id, created_by=owner)
    for role in (Role.MANAGER, Role.VIEWER):
        MembershipFactory(seller=seller, role=role, user__email=f"{role}.with.a.long.address@demo-outdoor.example.com")
    InvitationFactory(seller=seller, email="new.teammate@demo-outdoor.example.com", invited_by=owner)
    rollups.recount_history()  # as the periodic task leaves them, so the dashboard shows the month
    busy = Busy(seller=seller, owner=owner, world=world)
    busy.objects = {
        # The campaign with a text of the seller's own, so its editor and preview have content.
        "Campaign": world.delivery,
        "Order": sent[0].order,
        "DraftCampaign": CampaignFactory(seller=seller, name="Returns follow-up", state="draft"),
        "AmazonConnection": world.na,
        "InboundMessage": notice,
        "Membership": membership,
        "Invitation": Invitation.objects.get(seller=seller),
        "Feedback": Feedback.objects.filter(seller=seller).first(),
        "FeedbackAlert": FeedbackAlert.objects.get(seller=seller),
        "OrderOptOut": OrderOptOut.objects.get(seller=seller),
        "BlockedBuyer": BlockedBuyer.objects.get(seller=seller),
    }
    assert isinstance(busy.objects["Order"], Order) and isinstance(busy.objects["InboundMessage"], InboundMessage)
    assert Membership.objects.filter(seller=seller).count() == 3
    return busy


@dataclass(frozen=True)
class Page:
    name: str
    url: str

    def __str__(self):
        return f"{self.name} ({self.url})"


def _gettable(route) -> bool:
    cls = route.view_class
    if cls is None:
        return True  # a function view: ask it
    return hasattr(cls, "get") and "get" in cls.http_method_names


def _token_url(route, busy) -> str | None:
    """Pages addressed by a token from an email rather than an object id."""
    cls_name = route.view_class.__name__ if route.view_class else ""
    if cls_name == "InvitationAcceptView":
        return reverse(route.name, kwargs={"token": busy.objects["Invitation"].token})
    if cls_name == "UnsubscribeView":
        # The email apps' own signer (whatever the app is called), for the owner's digest.
        services = inspect.getmodule(route.view_class).services
        membership = busy.objects["Membership"]
        return reverse(route.name, kwargs={"token": services.unsubscribe_token(membership, "digest")})
    return None


# Pages that show only for an object in a given state: the activation question asks about a draft.
STATE_OBJECTS = {"campaign_activate": "DraftCampaign"}


def _url(route, busy) -> str | None:
    if not route.kwargs:
        return reverse(route.name)
    if route.name in STATE_OBJECTS:
        obj = busy.objects[STATE_OBJECTS[route.name]]
        return reverse(route.name, kwargs={k: getattr(obj, OBJECT_KWARGS[k]) for k in route.kwargs})
    if set(route.kwargs) <= set(OBJECT_KWARGS) and route.view_class and route.view_class.model:
        model = route.view_class.model
        if model.__name__ not in busy.objects:
            # A model the busy seller was not given content for: one from its factory, as the tenant walk makes.
            busy.objects[model.__name__] = TENANT_FACTORIES[model](seller=busy.seller)
        obj = busy.objects[model.__name__]
        return reverse(route.name, kwargs={k: getattr(obj, OBJECT_KWARGS[k]) for k in route.kwargs})
    return _token_url(route, busy)


def _allauth_routes(patterns=None):
    """allauth's own pages that take no argument (login, sign-up, security, recovery codes...)."""
    for entry in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(entry, URLResolver):
            yield from _allauth_routes(entry.url_patterns)
        elif isinstance(entry, URLPattern) and entry.name and not entry.pattern.regex.groups:
            module = getattr(entry.callback, "__module__", "")
            if module.startswith("allauth.") and "socialaccount" not in module:
                yield entry.name


def seller_pages(busy, client: Client) -> tuple[list[Page], list[str]]:
    """(pages the owner can open, routes that could not be walked). A page is what answers 200 HTML."""
    unwalked = []
    candidates = []
    for route in product_routes():
        # The API (namespace "api") answers JSON to programs, not pages; tests/api covers it.
        skipped = route.name.startswith(("admin:", "api:"))
        if route.name in NOT_PAGES or skipped or not _gettable(route):
            continue
        url = _url(route, busy)
        if url is None:
            unwalked.append(f"{route.name}: no way to build its URL (add one to tests/e2e/pages.py)")
            continue
        candidates.append(Page(route.name, url))
    ours = {page.name for page in candidates}
    candidates += [Page(name, reverse(name)) for name in _allauth_routes()]
    client.force_login(busy.owner)
    pages = []
    for page in candidates:
        response = client.get(page.url)
        if response.status_code == 200 and response["Content-Type"].startswith("text/html"):
            pages.append(page)
        elif page.name in ours:
            # allauth's pages may redirect for a reason of their own (no second factor yet); ours say why here.
            unwalked.append(f"{page}: answered {response.status_code}")
    return pages, unwalked


def public_pages(client: Client) -> list[Page]:
    """allauth's pages for someone logged out (login, sign-up, password reset...)."""
    client.logout()
    pages = []
    for name in _allauth_routes():
        page = Page(name, reverse(name))
        response = client.get(page.url)
        if response.status_code == 200 and response["Content-Type"].startswith("text/html"):
            pages.append(page)
    return pages
