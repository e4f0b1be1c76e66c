from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "api"
    label = "api"
    verbose_name = "Public API"

    def ready(self):
        # drf-spectacular finds the key's security scheme through this module's extension.
        from . import schema  # noqa: F401, PLC0415 - registers the OpenAPI extension once the apps are loaded
