from django.urls import URLPattern, path

from jmdi.community import views

app_name = "community"

urlpatterns: list[URLPattern] = [
    path("", views.home, name="home"),
    path("about/", views.about, name="about"),
]
