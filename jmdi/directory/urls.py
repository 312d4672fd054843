from django.urls import path

from jmdi.directory import views

app_name = "directory"
urlpatterns = [
    path("countries/", views.countries, name="countries"),
    path("countries/<str:code>/", views.country, name="country"),
    path("countries/<str:code>/contacts/", views.contacts, name="contacts"),
]
