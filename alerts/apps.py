from django.apps import AppConfig


class AlertsConfig(AppConfig):
    name = "alerts"
    label = "alerts"
    verbose_name = "Emails to sellers"

    def ready(self):
        from . import receivers  # noqa: F401, PLC0415 - connects the receivers once the apps are loaded
