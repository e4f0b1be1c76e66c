from django.apps import AppConfig


class SellersConfig(AppConfig):
    name = "sellers"
    verbose_name = "Sellers and teams"
