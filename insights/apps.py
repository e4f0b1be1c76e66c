from django.apps import AppConfig


class InsightsConfig(AppConfig):
    name = "insights"

    def ready(self):
        from campaigns import selectors as campaign_selectors

        from .selectors import campaign_list_counts

        campaign_selectors.use_list_counter(campaign_list_counts)
