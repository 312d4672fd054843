from django.urls import path

from jmdi.directory import views

app_name = "directory"
urlpatterns = [
    path("countries/", views.countries, name="countries"),
    path("countries/<str:code>/", views.country, name="country"),
    path("countries/<str:code>/contacts/", views.contacts, name="contacts"),
    path("organisations/", views.organisations, name="organisations"),
    path("organisations/new/", views.organisation_create, name="organisation-create"),
    path("organisations/<int:pk>/", views.organisation, name="organisation"),
    path("organisations/<int:pk>/edit/", views.organisation_edit, name="organisation-edit"),
    path("organisations/<int:pk>/merge/", views.organisation_merge, name="organisation-merge"),
]
