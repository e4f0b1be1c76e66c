from django.urls import path

from . import views

urlpatterns = [
    path("", views.MessageLogView.as_view(), name="messages"),
]
