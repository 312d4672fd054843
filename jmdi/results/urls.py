from django.urls import path

from jmdi.results import views

app_name = "results"
urlpatterns = [
    path("dashboard/", views.dashboard, name="dashboard"),
    path("dashboard/<str:indicator>/", views.drilldown, name="drilldown"),
    path("values/", views.values, name="values"),
    path("values/enter/", views.enter_value, name="enter"),
    path("values/review/", views.review, name="review"),
    path("values/<int:pk>/approve/", views.approve, name="approve"),
    path("values/<int:pk>/return/", views.return_value, name="return"),
    path("values/<int:pk>/evidence/", views.evidence, name="evidence"),
]
