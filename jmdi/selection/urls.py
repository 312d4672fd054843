from django.urls import path

from jmdi.selection import views

app_name = "selection"
urlpatterns = [
    path("", views.round_list, name="rounds"),
    path("new/", views.round_create, name="round-create"),
    path("<int:pk>/", views.round_detail, name="round"),
    path("<int:pk>/setup/", views.round_setup, name="round-setup"),
    path("<int:pk>/status/", views.round_move, name="round-move"),
    path("<int:pk>/ranking/", views.ranking, name="ranking"),
    path("<int:pk>/export.pdf", views.export_pdf, name="export-pdf"),
    path("<int:pk>/export.xlsx", views.export_xlsx, name="export-xlsx"),
    path("<int:pk>/candidates/<int:candidate_id>/", views.candidate_detail, name="candidate"),
    path(
        "<int:pk>/candidates/<int:candidate_id>/eligibility/",
        views.candidate_eligibility,
        name="candidate-eligibility",
    ),
    path(
        "<int:pk>/candidates/<int:candidate_id>/conflict/",
        views.candidate_conflict,
        name="candidate-conflict",
    ),
    path(
        "<int:pk>/candidates/<int:candidate_id>/scoresheet/",
        views.scoresheet,
        name="scoresheet",
    ),
    path("<int:pk>/candidates/<int:candidate_id>/decision/", views.decision, name="decision"),
]
