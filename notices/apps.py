from django.apps import AppConfig


class NoticesConfig(AppConfig):
    name = "notices"
    verbose_name = "Emails to sellers"

    def ready(self):
        from . import receivers  # noqa: F401
