from django.urls import URLPattern, path

from jmdi.events import views

app_name = "events"

urlpatterns: list[URLPattern] = [
    path("", views.event_list, name="list"),
    path("feed.ics", views.feed, name="feed"),
    path("month/", views.this_month, name="this_month"),
    path("month/<int:year>/<int:month>/", views.month, name="month"),
    path("new/", views.create, name="create"),
    path("propose/", views.propose, name="propose"),
    path("<int:pk>/", views.event_detail, name="detail"),
    path("<int:pk>/event.ics", views.event_ics, name="ics"),
    path("<int:pk>/edit/", views.edit, name="edit"),
    path("<int:pk>/confirm/", views.confirm, name="confirm"),
    path("<int:pk>/interest/", views.register_interest, name="interest"),
    path("<int:pk>/interest/withdraw/", views.withdraw_interest, name="withdraw"),
    path("<int:pk>/registrants/", views.registrants, name="registrants"),
    path("<int:pk>/participation/", views.participation, name="participation"),
    path(
        "<int:pk>/participation/<int:participation_pk>/remove/",
        views.remove_participation,
        name="remove_participation",
    ),
    path("<int:pk>/outcome/", views.outcome, name="outcome"),
]
