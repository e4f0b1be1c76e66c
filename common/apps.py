from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps


class CommonConfig(AppConfig):
    default = True
    name = "common"
    verbose_name = "Common"


class SecureAdminConfig(admin_apps.AdminConfig):
    """The Django admin, reached only through the product's login (and its MFA)."""

    default = False
    default_site = "common.admin_site.SecureAdminSite"
