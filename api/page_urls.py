from django.urls import path

from . import pages

urlpatterns = [
    path("", pages.APIKeysView.as_view(), name="api_keys"),
    path("<uuid:pk>/revoke/", pages.APIKeyRevokeView.as_view(), name="api_key_revoke"),
]
