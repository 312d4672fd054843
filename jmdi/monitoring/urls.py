from django.urls import path

from jmdi.monitoring import views

app_name = "monitoring"
urlpatterns = [
    path("work-plan/tracking/", views.tracking, name="tracking"),
    path(
        "work-plan/tracking/<int:sub_id>/<int:semester_id>/",
        views.tracking_cell,
        name="tracking-cell",
    ),
    path("risk-log/", views.risk_log, name="risk-log"),
    path("risk-log/<int:number>/", views.risk_detail, name="risk"),
    path("issues/", views.issue_list, name="issues"),
    path("issues/new/", views.issue_create, name="issue-create"),
    path("issues/<int:number>/", views.issue_detail, name="issue"),
    path("issues/<int:number>/resolve/", views.issue_resolve, name="issue-resolve"),
    path("lessons/", views.lesson_list, name="lessons"),
    path("lessons/new/", views.lesson_create, name="lesson-create"),
    path("lessons/<int:pk>/edit/", views.lesson_edit, name="lesson-edit"),
    path("monitoring-schedule/", views.schedule, name="schedule"),
    path("monitoring-schedule/<int:pk>/done/", views.event_done, name="event-done"),
    path("quality/", views.quality, name="quality"),
]
