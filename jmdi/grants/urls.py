from django.urls import path

from jmdi.grants import views

app_name = "grants"
urlpatterns = [
    path("", views.contract_list, name="list"),
    path("new/", views.contract_create, name="create"),
    path("<int:pk>/", views.contract_detail, name="detail"),
    path("<int:pk>/edit/", views.contract_edit, name="edit"),
    path("<int:pk>/sign/", views.contract_sign, name="sign"),
    path("<int:pk>/amend/", views.contract_amend, name="amend"),
    path("<int:pk>/close/", views.contract_close, name="close"),
    path("<int:pk>/milestones/<int:milestone>/report/", views.report_submit, name="report"),
    path("<int:pk>/milestones/<int:milestone>/review/", views.report_review, name="review"),
    path("<int:pk>/milestones/<int:milestone>/evidence/", views.evidence, name="evidence"),
    path("<int:pk>/milestones/<int:milestone>/disburse/", views.disburse, name="disburse"),
]
