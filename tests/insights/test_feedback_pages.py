"""The feedback page: alerts first, the honest rates, the list; dismissing alerts; tenancy; the admin."""

from datetime import UTC, date, datetime, timedelta

import pytest
from django.urls import get_resolver, reverse
from django.utils import timezone

from campaigns.models import Dispatch
from insights.attribution import refresh_feedback_rates
from insights.models import FeedbackAlert, FeedbackSync
from sellers.tenancy import SellerView

from ..conftest import wait_until
from ..factories import (
    AmazonConnectionFactory,
    CampaignFactory,
    DispatchFactory,
    FeedbackAlertFactory,
    FeedbackFactory,
    OrderFactory,
    UserFactory,
)
from ..sellers.test_tenant_isolation import _walk, cross_tenant_responses, object_url, request


def feedback_routes():
    """The feedback views, found by walking the URL configuration as the isolation test does."""
    return [
        r
        for r in _walk(get_resolver().url_patterns)
        if getattr(r.view_class or r.view, "__module__", "") == "insights.feedback_views"
    ]


def alert_for(seller, *, rating=1, marketplace_id="ATVPDKIKX0DER", region="NA", with_order=True, **extra):
    connection = AmazonConnectionFactory(seller=seller, region=region, marketplace_ids=[marketplace_id])
    order = OrderFactory(seller=seller, connection=connection, marketplace_id=marketplace_id) if with_order else None
    feedback = FeedbackFactory(
        seller=seller,
        connection=connection,
        order=order,
        marketplace_id=marketplace_id,
        amazon_order_id=order.amazon_order_id if order else "114-0000001-0000001",
        rating=rating,
        comment="Arrived broken.",
        left_on=timezone.now().date(),
    )
    return FeedbackAlertFactory(seller=seller, feedback=feedback, **extra)


def page(client, **params):
    return client.get(reverse("feedback"), params)


# -- tenancy ---------------------------------------------------------------------------------
def test_the_feedback_views_are_found_and_seller_scoped():
    routes = {r.name: r for r in feedback_routes()}

    assert set(routes) == {"feedback", "feedback_alert_dismiss"}
    assert all(issubclass(r.view_class, SellerView) for r in routes.values())
    assert routes["feedback_alert_dismiss"].view_class.model is FeedbackAlert


@pytest.mark.parametrize("route", [r for r in feedback_routes() if r.kwargs], ids=str)
def test_another_sellers_alert_is_not_found(client, tenant_a, tenant_b, route):
    client.force_login(tenant_a.owner)
    foreign = alert_for(tenant_b.seller)

    statuses = cross_tenant_responses(client, route, foreign)

    assert statuses and set(statuses.values()) == {404}
    foreign.refresh_from_db()
    assert foreign.dismissed_at is None


@pytest.mark.parametrize("route", [r for r in feedback_routes() if r.kwargs], ids=str)
def test_the_members_own_alert_is_found(client, tenant_a, route):
    client.force_login(tenant_a.owner)

    assert 404 not in cross_tenant_responses(client, route, alert_for(tenant_a.seller)).values()


def test_a_viewer_cannot_dismiss_an_alert_and_sees_no_button(client, tenant_a):
    alert = alert_for(tenant_a.seller)
    client.force_login(tenant_a.viewer)
    route = next(r for r in feedback_routes() if r.name == "feedback_alert_dismiss")

    response = request(client, route, "post", object_url(route, alert))

    alert.refresh_from_db()
    assert response.status_code == 403 and alert.dismissed_at is None
    assert 'data-testid="alert-dismiss"' not in page(client).content.decode()


def test_another_sellers_feedback_and_alerts_never_show(client, tenant_a, tenant_b):
    theirs = alert_for(tenant_b.seller)
    client.force_login(tenant_a.owner)

    html = page(client).content.decode()

    assert theirs.feedback.amazon_order_id not in html and 'data-testid="feedback-alert-badge"' not in html


# -- alerts ----------------------------------------------------------------------------------
@pytest.mark.parametrize("role", ["manager", "owner"])
def test_managers_and_owners_dismiss_an_alert(client, tenant_a, role):
    alert = alert_for(tenant_a.seller)
    client.force_login(getattr(tenant_a, role))

    response = client.post(reverse("feedback_alert_dismiss", args=[alert.pk]))

    alert.refresh_from_db()
    assert response.status_code == 302 and response.url == reverse("feedback")
    assert alert.dismissed_at is not None
    html = client.get(response.url).content.decode()
    assert "is dismissed" in html and 'data-testid="feedback-alert"' not in html


def test_dismissing_goes_back_where_it_was_asked_but_never_off_site(client, tenant_a):
    first, second = alert_for(tenant_a.seller), alert_for(tenant_a.seller)
    client.force_login(tenant_a.owner)

    back = client.post(reverse("feedback_alert_dismiss", args=[first.pk]), {"next": reverse("dashboard")})
    away = client.post(reverse("feedback_alert_dismiss", args=[second.pk]), {"next": "https://evil.example/"})

    assert back.url == reverse("dashboard") and away.url == reverse("feedback")


def test_an_open_alert_links_to_the_order_and_to_amazons_removal_path_for_its_marketplace(client, tenant_a):
    us = alert_for(tenant_a.seller)
    germany = alert_for(tenant_a.seller, marketplace_id="A1PA6795UKMFR9", region="EU")
    japan = alert_for(tenant_a.seller, marketplace_id="A1VC38T7YXB528", region="FE", with_order=False)
    client.force_login(tenant_a.owner)

    html = page(client).content.decode()

    assert reverse("order_detail", args=[us.feedback.order_id]) in html
    assert "https://sellercentral.amazon.com/feedback-manager/index.html" in html
    assert "https://sellercentral-europe.amazon.com/feedback-manager/index.html" in html
    assert "https://sellercentral.amazon.co.jp/feedback-manager/index.html" in html
    assert japan.feedback.amazon_order_id in html and germany.feedback.amazon_order_id in html
    assert "Arrived broken." in html and html.count('data-testid="feedback-alert"') == 3


def test_a_dismissed_alert_leaves_the_page_and_the_badge(client, tenant_a):
    alert_for(tenant_a.seller)
    alert_for(tenant_a.seller, dismissed_at=timezone.now())
    client.force_login(tenant_a.viewer)

    html = client.get(reverse("messages")).content.decode()

    assert 'data-testid="feedback-alert-badge"' in html and '>1<span class="sr-only"> open alert</span>' in html
    assert page(client).content.decode().count('data-testid="feedback-alert"') == 1


def test_no_badge_without_open_alerts(client, tenant_a):
    client.force_login(tenant_a.owner)

    assert 'data-testid="feedback-alert-badge"' not in client.get(reverse("messages")).content.decode()


# -- the list --------------------------------------------------------------------------------
@pytest.fixture
def listed(tenant_a):
    """Feedback in two marketplaces, one order messaged by a campaign before its feedback."""
    seller = tenant_a.seller
    us = AmazonConnectionFactory(seller=seller)
    eu = AmazonConnectionFactory(seller=seller, region="EU", marketplace_ids=["A1PA6795UKMFR9", "A13V1IB3VIYZZH"])
    order = OrderFactory(seller=seller, connection=us)
    campaign = CampaignFactory(seller=seller, name="Ask after delivery")
    DispatchFactory(
        seller=seller,
        campaign=campaign,
        order=order,
        state=Dispatch.State.SENT,
        finished_at=timezone.now() - timedelta(days=3),
    )
    rows = {
        "messaged": FeedbackFactory(
            seller=seller,
            connection=us,
            order=order,
            amazon_order_id=order.amazon_order_id,
            rating=2,
            comment="Took ages.",
            left_on=timezone.now().date(),
        ),
        "neutral": FeedbackFactory(
            seller=seller,
            connection=eu,
            marketplace_id="A1PA6795UKMFR9",
            rating=3,
            comment="Geht so.",
            left_on=timezone.now().date() - timedelta(days=1),
        ),
        "french": FeedbackFactory(
            seller=seller,
            connection=eu,
            marketplace_id="A13V1IB3VIYZZH",
            rating=1,
            comment="Jamais reçu.",
            left_on=timezone.now().date() - timedelta(days=2),
            removed_at=timezone.now(),
        ),
    }
    return rows, campaign


def test_the_list_shows_rating_comment_date_order_and_the_campaigns_that_messaged_it(client, tenant_a, listed):
    rows, campaign = listed
    client.force_login(tenant_a.viewer)

    response = page(client)

    entries = response.context["page"].entries
    assert [e.feedback for e in entries] == [rows["messaged"], rows["neutral"], rows["french"]]
    html = response.content.decode()
    assert "Took ages." in html and "★★☆☆☆" in html and "Amazon.de" in html
    assert reverse("order_detail", args=[rows["messaged"].order_id]) in html
    assert reverse("campaign_detail", args=[campaign.pk]) in html and "Ask after delivery" in html
    assert "No longer listed" in html and "order not synced" in html


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"rating": "negative"}, ["messaged", "french"]),
        ({"rating": "neutral"}, ["neutral"]),
        ({"marketplace": "A13V1IB3VIYZZH"}, ["french"]),
        ({"rating": "negative", "marketplace": "A1PA6795UKMFR9"}, []),
    ],
)
def test_the_list_filters_by_rating_and_marketplace(client, tenant_a, listed, params, expected):
    rows, _ = listed
    client.force_login(tenant_a.viewer)

    response = page(client, **params)

    assert [e.feedback for e in response.context["page"].entries] == [rows[name] for name in expected]
    if not expected:
        assert "No feedback matches these filters" in response.content.decode()


def test_a_filter_that_makes_no_sense_is_refused_with_a_reason(client, tenant_a):
    client.force_login(tenant_a.viewer)

    response = page(client, rating="lovely", marketplace="A1VC38T7YXB528")

    html = response.content.decode()
    assert response.status_code == 400
    assert "lovely is not a rating filter." in html and "A1VC38T7YXB528 is not one of your marketplaces." in html


def test_the_list_pages_by_keyset_newest_first(client, tenant_a):
    connection = AmazonConnectionFactory(seller=tenant_a.seller)
    for n in range(60):
        FeedbackFactory(
            seller=tenant_a.seller,
            connection=connection,
            rating=1 + n % 3,
            left_on=date(2026, 9, 1) + timedelta(days=n // 2),
        )
    client.force_login(tenant_a.viewer)

    first = page(client).context["page"]
    second = page(client, cursor=first.next_cursor).context["page"]

    seen = [e.feedback for e in first.entries + second.entries]
    assert len(first.entries) == 50 and len(second.entries) == 10 and second.next_cursor is None
    assert len(set(seen)) == 60 and [f.left_on for f in seen] == sorted((f.left_on for f in seen), reverse=True)


def test_a_broken_page_link_shows_the_newest_feedback_with_a_note(client, tenant_a, listed):
    client.force_login(tenant_a.viewer)

    response = page(client, cursor="yesterday_and_then-some")

    assert response.status_code == 200 and len(response.context["page"].entries) == 3
    assert "This page link is not valid" in response.content.decode()


def test_an_empty_page_says_what_will_appear(client, tenant_a):
    client.force_login(tenant_a.owner)

    html = page(client).content.decode()

    assert "No feedback yet" in html and "Connect an Amazon account" in html


# -- the rates, the sync's problems ------------------------------------------------------------
def test_the_page_compares_messaged_and_not_messaged_orders_for_30_and_90_days(client, tenant_a):
    seller = tenant_a.seller
    connection = AmazonConnectionFactory(seller=seller)
    campaign = CampaignFactory(seller=seller)
    placed = timezone.now() - timedelta(days=20)
    for n in range(5):
        order = OrderFactory(seller=seller, connection=connection, purchased_at=placed)
        if n < 2:
            DispatchFactory(
                seller=seller,
                campaign=campaign,
                order=order,
                state=Dispatch.State.SENT,
                finished_at=placed + timedelta(days=8),
            )
        if n in (0, 2):
            FeedbackFactory(
                seller=seller,
                connection=connection,
                order=order,
                amazon_order_id=order.amazon_order_id,
                rating=1,
                left_on=(placed + timedelta(days=10)).date(),
            )
    refresh_feedback_rates(seller)
    client.force_login(tenant_a.viewer)

    response = page(client)

    thirty, ninety = response.context["rates"]
    assert (thirty.messaged.orders, thirty.messaged.feedback, thirty.not_messaged.orders) == (2, 1, 3)
    html = response.content.decode()
    assert "50.0%" in html and "33.3%" in html and "16.7 points" in html
    assert (ninety.until - ninety.since).days == 90 and thirty.until == timezone.now().date() - timedelta(days=14)


def test_a_sync_problem_is_shown_where_the_seller_sees_it(client, tenant_a):
    connection = AmazonConnectionFactory(seller=tenant_a.seller)
    FeedbackSync.objects.create(
        seller=tenant_a.seller,
        connection=connection,
        marketplace_id="ATVPDKIKX0DER",
        loaded_at=timezone.now(),
        bad_row_count=2,
        bad_rows=[{"line": 4, "problem": "it has 3 fields where the header has 6"}],
    )
    client.force_login(tenant_a.viewer)

    html = page(client).content.decode()

    assert "2 rows of Amazon's last feedback report" in html and "line 4: it has 3 fields" in html


def test_the_page_stays_within_the_query_budget(client, tenant_a, listed, django_assert_max_num_queries):
    for _ in range(5):
        alert_for(tenant_a.seller)
    client.force_login(tenant_a.owner)

    with django_assert_max_num_queries(15):
        assert page(client).status_code == 200


# -- the admin -------------------------------------------------------------------------------
@pytest.mark.parametrize("model", ["feedback", "feedbackalert", "feedbacksync"])
def test_staff_see_feedback_alerts_and_sync_positions_in_the_admin(client, tenant_a, model):
    alert = alert_for(tenant_a.seller)
    FeedbackSync.objects.create(
        seller=tenant_a.seller, connection=alert.feedback.connection, marketplace_id="ATVPDKIKX0DER"
    )
    client.force_login(UserFactory(email="staff@example.com", is_staff=True, is_superuser=True))
    url = reverse(f"admin:insights_{model}_changelist")

    assert client.get(url).status_code == 200
    assert client.get(url, {"q": alert.feedback.amazon_order_id}).status_code == 200


@pytest.mark.django_db(transaction=True)
def test_staff_sync_feedback_now_from_the_admin(client, celery_worker, fresh_sandbox, use_sandbox, settings):
    from insights.models import Feedback

    from .feedback_world import connect, leave_feedback, shipped_orders

    settings.SYNC_REPORT_POLL_SECONDS = 0
    sandbox = use_sandbox(fresh_sandbox(sellers=1, orders=40, seed=41, feedback_share=0))
    partner = sandbox.sellers()[0]
    connection = connect(tenant_seller(), partner)
    order = shipped_orders(sandbox, partner)[0]
    leave_feedback(sandbox, order, 1, "Never arrived.")
    state = FeedbackSync.objects.create(
        seller=connection.seller,
        connection=connection,
        marketplace_id=partner["marketplace_ids"][0],
        next_run_at=datetime.now(UTC) + timedelta(hours=1),
    )
    client.force_login(UserFactory(email="staff@example.com", is_staff=True, is_superuser=True))

    response = client.post(
        reverse("admin:insights_feedbacksync_changelist"),
        {"action": "sync_feedback_now", "_selected_action": [state.pk]},
        follow=True,
    )

    assert "A feedback sync of 1 Amazon account has started." in response.content.decode()
    assert wait_until(lambda: Feedback.objects.filter(amazon_order_id=order["order_id"]).exists(), timeout=30)
    assert wait_until(lambda: FeedbackAlert.objects.exists(), timeout=5)


def tenant_seller():
    from ..factories import SellerFactory

    return SellerFactory()


def test_many_open_alerts_show_the_newest_and_count_them_all(client, tenant_a):
    for _ in range(22):
        alert_for(tenant_a.seller)
    client.force_login(tenant_a.owner)

    html = page(client).content.decode()

    assert html.count('data-testid="feedback-alert"') == 20
    assert "Showing the newest 20 of 22 open alerts" in html and '>22<span class="sr-only"> open alerts' in html


def test_the_badge_costs_one_bounded_query_and_none_where_the_page_counted_already(client, tenant_a):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    alert_for(tenant_a.seller)
    client.force_login(tenant_a.manager)

    with CaptureQueriesContext(connection) as elsewhere:
        client.get(reverse("messages"))
    with CaptureQueriesContext(connection) as here:
        page(client)

    def badge_queries(queries):
        return [
            q["sql"]
            for q in queries.captured_queries
            if q["sql"].startswith('SELECT "insights_feedbackalert"."id" AS "pk" FROM')
        ]

    assert len(badge_queries(elsewhere)) == 1 and "LIMIT 100" in badge_queries(elsewhere)[0]
    assert "COUNT(" not in badge_queries(elsewhere)[0]
    assert badge_queries(here) == [], "the page's own alert list feeds the badge"


def test_a_badge_for_more_than_99_alerts_says_99_plus(client, tenant_a):
    connection = AmazonConnectionFactory(seller=tenant_a.seller)
    for n in range(100):
        FeedbackAlertFactory(
            seller=tenant_a.seller,
            feedback=FeedbackFactory(
                seller=tenant_a.seller, connection=connection, amazon_order_id=f"115-{n:07d}-0000001", rating=1
            ),
        )
    client.force_login(tenant_a.viewer)

    assert '>99+<span class="sr-only">' in client.get(reverse("messages")).content.decode()
