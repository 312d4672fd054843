from django.urls import path

from jmdi.finance import views

app_name = "finance"
urlpatterns = [
    path("budget/execution/", views.execution, name="execution"),
    path("budget/lines/<str:line>/", views.ledger, name="ledger"),
    path("budget/lines/<str:line>/commitments/", views.add_commitment, name="add_commitment"),
    path("budget/lines/<str:line>/expenditures/", views.add_expenditure, name="add_expenditure"),
]
