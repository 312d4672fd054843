from django.urls import path

from jmdi.accounts import views

app_name = "accounts"
urlpatterns = [
    path("", views.people, name="people"),
    path("add/", views.add_person, name="add"),
    path("<int:pk>/", views.person, name="person"),
    path("<int:pk>/invitation/", views.resend_invitation, name="resend_invitation"),
    path("roles/<int:pk>/revoke/", views.revoke, name="revoke"),
]
