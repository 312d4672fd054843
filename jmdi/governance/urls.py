from django.urls import path

from jmdi.governance import views

app_name = "governance"
urlpatterns = [
    path("committees/", views.committees, name="committees"),
    path("committees/<slug:body>/", views.committee, name="committee"),
    path("meetings/<int:pk>/", views.meeting, name="meeting"),
    path("meetings/<int:pk>/agenda/", views.add_agenda_item, name="add_agenda_item"),
    path("meetings/<int:pk>/attendance/", views.record_attendance, name="record_attendance"),
    path("meetings/<int:pk>/minutes/", views.draft_minutes, name="draft_minutes"),
    path("meetings/<int:pk>/approve/", views.approve_minutes, name="approve_minutes"),
    path("meetings/<int:pk>/decisions/", views.record_decision, name="record_decision"),
    path("decisions/", views.decisions, name="decisions"),
    path("decisions/<str:number>/edit/", views.edit_decision, name="edit_decision"),
]
