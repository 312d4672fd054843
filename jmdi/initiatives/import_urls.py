"""The import pages, included under the initiatives' namespace by the app's urls."""

from django.urls import path

from jmdi.initiatives import import_views

urlpatterns = [
    path("", import_views.import_start, name="import-start"),
    path("template.xlsx", import_views.import_template, name="import-template"),
    path("<uuid:pk>/", import_views.import_status, name="import-status"),
    path("<uuid:pk>/errors.csv", import_views.import_errors, name="import-errors"),
]
