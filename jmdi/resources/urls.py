from django.urls import URLPattern, path

from jmdi.resources import views

app_name = "resources"

urlpatterns: list[URLPattern] = [
    path("", views.library, name="list"),
    path("propose/", views.propose, name="propose"),
    path("mine/", views.mine, name="mine"),
    path("review/", views.queue, name="queue"),
    path("editors/", views.editors, name="editors"),
    path("files/<int:pk>/", views.download, name="download"),
    path("<slug:slug>/", views.detail, name="detail"),
    path("<slug:slug>/compare/", views.compare, name="compare"),
    path("<slug:slug>/history/", views.history, name="history"),
    path("<slug:slug>/diff/", views.diff, name="diff"),
    path("<slug:slug>/edit/<str:language>/", views.edit, name="edit"),
    path("<slug:slug>/settings/", views.edit_settings, name="settings"),
    path("<slug:slug>/attach/", views.attach, name="attach"),
    path("<slug:slug>/submit/", views.submit, name="submit"),
    path("<slug:slug>/decide/", views.decide, name="decide"),
    path("<slug:slug>/archive/", views.archive, name="archive"),
    path("<slug:slug>/quality/", views.quality, name="quality"),
]
