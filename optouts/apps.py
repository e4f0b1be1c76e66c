from django.apps import AppConfig


class OptoutsConfig(AppConfig):
    name = "optouts"
    verbose_name = "Opt-outs and inbound mail"

    def ready(self):
        from . import signals  # noqa: F401, PLC0415 - connects the receivers once the apps are loaded
