from django.urls import URLPattern, path

from jmdi.support import views

app_name = "support"

urlpatterns: list[URLPattern] = [
    path("", views.home, name="list"),
    path("ask/", views.ask, name="ask"),
    path("mine/", views.mine, name="mine"),
    path("faq/", views.faq, name="faq"),
    path("faq/new/", views.faq_edit, name="faq-new"),
    path("faq/<int:pk>/edit/", views.faq_edit, name="faq-edit"),
    path("queue/", views.queue, name="queue"),
    path("referrals/", views.referrals, name="referrals"),
    path("report/", views.report, name="report"),
    path("requests/<int:pk>/", views.detail, name="request"),
    path("requests/<int:pk>/triage/", views.triage, name="triage"),
    path("requests/<int:pk>/answer/", views.answer, name="answer"),
    path("requests/<int:pk>/assign/", views.assign, name="assign"),
    path("requests/<int:pk>/refer/", views.refer, name="refer"),
    path("requests/<int:pk>/resolve/", views.resolve, name="resolve"),
    path("requests/<int:pk>/close/", views.close, name="close"),
    path("requests/<int:pk>/message/", views.message, name="message"),
    path("requests/<int:pk>/withdraw/", views.withdraw, name="withdraw"),
    path("requests/<int:pk>/faq/", views.make_faq, name="make-faq"),
    path("attachments/<int:pk>/", views.attachment, name="attachment"),
]
