from django.apps import AppConfig


class MessagingConfig(AppConfig):
    name = "messaging"

    def ready(self):
        from . import signals  # noqa: F401, PLC0415 - connects the receivers once the apps are loaded
