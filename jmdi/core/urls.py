from django.urls import path

from jmdi.core import pages, views

app_name = "core"
urlpatterns = [
    path("", views.home, name="home"),
    path("health/", views.health, name="health"),
    path("privacy/", pages.privacy, name="privacy"),
    path("help/", pages.help_page, name="help"),
]
