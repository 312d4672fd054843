from django.urls import URLPattern, path

from jmdi.discussions import views

app_name = "discussions"

urlpatterns: list[URLPattern] = [
    path("", views.home, name="list"),
    path("topic/<slug:slug>/", views.topic, name="topic"),
    path("topic/<slug:slug>/new/", views.new_thread, name="new"),
    path("topic/<slug:slug>/new-e-discussion/", views.new_ediscussion, name="new_ediscussion"),
    path("<int:pk>/", views.thread, name="thread"),
    path("<int:pk>/reply/", views.reply, name="reply"),
    path("<int:pk>/flag/", views.flag_thread, name="flag_thread"),
    path("<int:pk>/subscription/", views.subscription, name="subscription"),
    path("<int:pk>/moderate/<slug:action>/", views.moderate_thread, name="moderate_thread"),
    path("<int:pk>/summary/", views.summary, name="summary"),
    path("<int:pk>/summary/publish/", views.publish, name="publish"),
    path("reply/<int:pk>/edit/", views.edit_reply, name="edit_reply"),
    path("reply/<int:pk>/flag/", views.flag_reply, name="flag_reply"),
    path("reply/<int:pk>/moderate/<slug:action>/", views.moderate_reply, name="moderate_reply"),
    path("moderation/", views.queue, name="queue"),
    path("moderation/log/", views.log, name="log"),
    path("moderation/flag/<int:pk>/dismiss/", views.dismiss_flag, name="dismiss_flag"),
    path("moderation/ban/<int:user_pk>/", views.ban, name="ban"),
    path("moderation/unban/<int:user_pk>/", views.unban, name="unban"),
]
