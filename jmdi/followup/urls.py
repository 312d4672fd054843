from django.urls import path

from jmdi.followup import views

app_name = "followup"
urlpatterns = [
    path("", views.report_list, name="reports"),
    path("overdue/", views.overdue, name="overdue"),
    path("reports/<int:pk>/", views.report_detail, name="report"),
    path("reports/<int:pk>/edit/", views.report_edit, name="report-edit"),
    path("reports/<int:pk>/submit/", views.report_submit, name="report-submit"),
    path("reports/<int:pk>/review/", views.report_review, name="report-review"),
    path("reports/<int:pk>/evidence/", views.evidence_upload, name="evidence-upload"),
    path("reports/<int:pk>/lesson/", views.report_lesson, name="report-lesson"),
    path("evidence/<int:pk>/", views.evidence_download, name="evidence"),
    path("initiatives/<int:pk>/", views.initiative_detail, name="initiative"),
    path("initiatives/<int:pk>/plan/", views.plan_edit, name="plan-edit"),
    path("initiatives/<int:pk>/plan/<int:indicator>/", views.plan_edit, name="plan-indicator-edit"),
    path("initiatives/<int:pk>/periods/", views.periods, name="periods"),
    path("periods/<int:pk>/", views.period_edit, name="period-edit"),
    path("initiatives/<int:pk>/visits/new/", views.visit_create, name="visit-create"),
    path("visits/<int:pk>/", views.visit_detail, name="visit"),
    path("visits/<int:pk>/lesson/", views.visit_lesson, name="visit-lesson"),
    path(
        "initiatives/<int:pk>/assessments/new/",
        views.assessment_create,
        name="assessment-create",
    ),
]
