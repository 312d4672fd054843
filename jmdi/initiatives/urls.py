from django.urls import include, path

from jmdi.initiatives import views

app_name = "initiatives"
urlpatterns = [
    path("", views.initiative_list, name="list"),
    path("export.<str:fmt>", views.initiative_export, name="export"),
    path("new/", views.initiative_create, name="create"),
    path("<int:pk>/", views.initiative_detail, name="detail"),
    path("<int:pk>/edit/", views.initiative_edit, name="edit"),
    path("<int:pk>/status/", views.initiative_status, name="status"),
    path("<int:pk>/publish/", views.initiative_publish, name="publish"),
    # The XLSX/CSV import's pages (upload, template, status, errors).
    path("import/", include("jmdi.initiatives.import_urls")),
]
