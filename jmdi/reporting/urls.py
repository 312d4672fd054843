from django.urls import path

from jmdi.reporting import views

app_name = "reporting"
urlpatterns = [
    path("reports/", views.reports, name="reports"),
    path("reports/<int:pk>/", views.report, name="report"),
    path("reports/<int:pk>/regenerate/", views.regenerate, name="regenerate"),
    path("reports/<int:pk>/submit/", views.submit, name="submit"),
    path("reports/<int:pk>/<str:fmt>/", views.download, name="download"),
]
