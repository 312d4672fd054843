from django.urls import path

from jmdi.accounts import views

app_name = "invitation"
urlpatterns = [
    path("<str:uidb64>/<str:token>/", views.accept_invitation, name="accept"),
]
