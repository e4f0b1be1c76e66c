"""Email notifications page: each member chooses their own emails for the seller they act for."""

from django.contrib import admin
from django.test import Client
from django.urls import get_resolver, reverse

from alerts import services
from alerts.models import Alert, AlertDelivery, AlertPreferences
from sellers.models import Membership, Role
from sellers.tenancy import SellerView

from ..factories import AlertDeliveryFactory, MembershipFactory, UserFactory
from ..sellers.test_tenant_isolation import _walk

URL = "/alerts/preferences/"
ALL_KINDS = ["reauthorization", "campaign_paused", "quota", "first_optout_notice", "negative_feedback"]


def checked_kinds(page: str) -> list[str]:
    return [kind for kind in ALL_KINDS if f'value="{kind}" id="kind-{kind}" checked' in page]


def test_the_page_is_linked_from_the_sidebar(client, tenant_a):
    client.force_login(tenant_a.viewer)

    assert f'href="{URL}"' in client.get(reverse("dashboard")).content.decode()


def test_an_owner_starts_with_every_email_and_a_weekly_digest(client, tenant_a):
    client.force_login(tenant_a.owner)

    page = client.get(URL).content.decode()

    assert checked_kinds(page) == ALL_KINDS
    assert 'value="weekly" id="digest-weekly" checked' in page


def test_a_viewer_starts_with_nothing_and_may_choose_their_own_emails(client, tenant_a):
    client.force_login(tenant_a.viewer)
    assert checked_kinds(client.get(URL).content.decode()) == []

    response = client.post(URL, {"digest": "daily", "enabled": ["quota", "negative_feedback"]})

    assert response.status_code == 302
    page = client.get(URL).content.decode()
    assert checked_kinds(page) == ["quota", "negative_feedback"] and 'value="daily" id="digest-daily" checked' in page
    viewer = Membership.objects.get(user=tenant_a.viewer)
    assert services.is_subscribed(viewer, "quota") and not services.is_subscribed(viewer, "reauthorization")


def test_an_owner_can_turn_everything_off(client, tenant_a):
    client.force_login(tenant_a.owner)

    client.post(URL, {"digest": "off"})

    owner = Membership.objects.get(user=tenant_a.owner)
    assert not any(services.is_subscribed(owner, kind) for kind in [*ALL_KINDS, "digest"])


def test_choices_apply_to_the_seller_the_member_acts_for_only(client, tenant_a, tenant_b):
    both = tenant_a.manager
    MembershipFactory(seller=tenant_b.seller, user=both, role=Role.VIEWER)
    client.force_login(both)
    client.post(reverse("seller_switch"), {"seller_id": str(tenant_b.seller.pk)})

    client.post(URL, {"digest": "daily", "enabled": ["quota"]})

    (saved,) = AlertPreferences.objects.all()
    assert saved.seller == tenant_b.seller and saved.membership.user == both
    assert services.current_digest(Membership.objects.get(user=both, seller=tenant_a.seller)) == "off"


def test_a_bad_choice_is_refused_and_nothing_is_saved(client, tenant_a):
    client.force_login(tenant_a.owner)

    response = client.post(URL, {"digest": "hourly", "enabled": ["quota", "gossip"]})

    assert response.status_code == 200 and "Select a valid choice" in response.content.decode()
    assert not AlertPreferences.objects.exists()


def test_the_form_needs_its_csrf_token(tenant_a):
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(tenant_a.owner)

    assert browser.post(URL, {"digest": "off"}).status_code == 403


def test_logged_out_visitors_are_sent_to_log_in_and_users_without_a_seller_to_create_one(client, db):
    assert client.get(URL).url.startswith(reverse("account_login"))
    client.force_login(UserFactory(email="new@example.com"))

    assert client.get(URL).url == reverse("seller_create")


def test_every_alerts_view_is_seller_scoped_or_says_why_not():
    # The URL walk of tests/sellers/test_tenant_isolation.py, applied to this app's views.
    routes = [
        r
        for r in _walk(get_resolver().url_patterns)
        if getattr(r.view_class or r.view, "__module__", "").startswith("alerts.")
    ]

    assert {r.name for r in routes} == {
        "alert_preferences",
        "alert_unsubscribe",
        "sent_email_preferences",
        "sent_email_unsubscribe",
    }
    assert [
        r.name
        for r in routes
        if not ((r.view_class and issubclass(r.view_class, SellerView)) or getattr(r.view_class, "tenant_exempt", None))
    ] == []


def test_every_alerts_model_is_in_the_admin(client, tenant_a):
    delivery = AlertDeliveryFactory(seller=tenant_a.seller)
    client.force_login(UserFactory(email="staff@example.com", is_staff=True, is_superuser=True))
    assert client.get(reverse("admin:alerts_alert_change", args=[delivery.alert_id])).status_code == 200

    for model in (Alert, AlertDelivery, AlertPreferences):
        assert model in admin.site._registry
        url = reverse(f"admin:alerts_{model._meta.model_name}_changelist")
        assert client.get(url).status_code == 200 and client.get(url, {"q": "acme"}).status_code == 200
