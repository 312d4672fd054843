from django.urls import path

from jmdi.accounts import views

app_name = "two_factor"
urlpatterns = [
    path("", views.enrol_two_factor, name="enrol"),
    path("confirm/", views.confirm_two_factor_enrolment, name="confirm_enrolment"),
]
