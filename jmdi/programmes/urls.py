from django.urls import path

from jmdi.programmes import views

app_name = "programmes"
urlpatterns = [
    path("<slug:code>/", views.overview, name="overview"),
    path("<slug:code>/results/", views.results, name="results"),
    path("<slug:code>/work-plan/", views.workplan, name="workplan"),
    path("<slug:code>/budget/", views.budget, name="budget"),
    path("<slug:code>/risks/", views.risks, name="risks"),
    path("<slug:code>/history/", views.changes, name="history"),
]
