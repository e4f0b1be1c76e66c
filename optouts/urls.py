from django.urls import path

from . import views

urlpatterns = [
    path("", views.OptoutListView.as_view(), name="optouts"),
]
