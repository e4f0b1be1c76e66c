from django.apps import AppConfig


class CampaignsConfig(AppConfig):
    name = "campaigns"

    def ready(self):
        from . import signals  # noqa: F401, PLC0415 - connects the receivers once the apps are loaded
