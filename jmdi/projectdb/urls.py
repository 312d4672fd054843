from django.urls import path

from jmdi.projectdb import views

app_name = "projectdb"

urlpatterns = [
    path("", views.project_list, name="list"),
    path("<int:pk>/", views.project_detail, name="detail"),
    path("<int:pk>/contact/", views.project_contact, name="contact"),
    path("suggest/", views.suggest, name="suggest"),
    path("suggestions/", views.suggestions, name="suggestions"),
    path("suggestions/<int:pk>/decide/", views.decide, name="decide"),
]
