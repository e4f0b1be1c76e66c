from django.apps import AppConfig


class DemoConfig(AppConfig):
    """The demo seller of `make run`: created, connected to the sandbox Amazon, its notices routed.
    Development only; it sits above every product app and nothing imports it."""

    name = "demo"
