from pathlib import Path

import pytest
from allauth.mfa.models import Authenticator
from django.apps import apps
from django.conf import settings
from django.contrib import admin
from django.test import override_settings
from django.urls import reverse

from .factories import UserFactory

# Every app of this project with models, except the sandbox (Amazon's stand-in, not ours).
PRODUCT_APPS = {config.label for config in apps.get_app_configs()
                if Path(config.path).parent == settings.BASE_DIR and config.label != "sandbox"}


def product_models():
    return [m for m in apps.get_models() if m._meta.app_label in PRODUCT_APPS]


def test_every_product_model_is_in_the_admin():
    assert [m.__name__ for m in product_models() if m not in admin.site._registry] == []


@pytest.mark.parametrize("model", product_models(), ids=lambda m: m.__name__)
def test_every_changelist_opens_and_searches(client, tenant_a, model):
    client.force_login(UserFactory(email="staff@example.com", is_staff=True, is_superuser=True))
    url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")

    assert client.get(url).status_code == 200
    assert client.get(url, {"q": "acme"}).status_code == 200


@override_settings(ADMIN_REQUIRES_MFA=True)
def test_staff_without_a_second_factor_are_sent_to_set_one_up(client, db):
    client.force_login(UserFactory(email="staff@example.com", is_staff=True, is_superuser=True))

    response = client.get(reverse("admin:index"), follow=True)

    assert response.redirect_chain[-1][0] == reverse("mfa_index")


@override_settings(ADMIN_REQUIRES_MFA=True)
def test_staff_with_totp_reach_the_admin(client, db):
    staff = UserFactory(email="staff@example.com", is_staff=True, is_superuser=True)
    Authenticator.objects.create(user=staff, type=Authenticator.Type.TOTP, data={"secret": "unused-in-this-test"})
    client.force_login(staff)

    assert client.get(reverse("admin:index")).status_code == 200


def test_the_admin_login_goes_through_the_product_login(client, db):
    response = client.get(reverse("admin:login"))

    assert response.status_code == 302 and response.url.startswith(reverse("account_login"))


def test_members_who_are_not_staff_cannot_reach_the_admin(client, tenant_a):
    client.force_login(tenant_a.owner)

    response = client.get(reverse("admin:index"))

    assert response.status_code == 302
