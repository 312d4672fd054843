from django.urls import path

from jmdi.community import views

app_name = "community"

urlpatterns = [
    path("", views.home, name="home"),
    path("about/", views.about, name="about"),
    path("join/", views.join, name="join"),
    path("me/", views.me, name="me"),
    path("me/data/", views.my_data, name="my_data"),
    path("me/delete/", views.leave, name="leave"),
    path("members/", views.member_directory, name="directory"),
    path("members/<int:pk>/", views.profile, name="profile"),
    path("members/verify/", views.verifications, name="verifications"),
    path("members/<int:pk>/verify/", views.verify, name="verify"),
]
