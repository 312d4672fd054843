from django.urls import path

from jmdi.proposals import views

app_name = "proposals"
urlpatterns = [
    path("", views.document_list, name="list"),
    path("start/<int:initiative_id>/", views.document_start, name="start"),
    path("<int:pk>/", views.document_detail, name="detail"),
    path("<int:pk>/edit/", views.document_edit, name="edit"),
    path("<int:pk>/submit/", views.document_submit, name="submit"),
    path("<int:pk>/review/", views.document_review, name="review"),
    path("<int:pk>/return/", views.document_return, name="return"),
    path("<int:pk>/validate/", views.document_validate, name="validate"),
    path("<int:pk>/compare/", views.version_diff, name="diff"),
    path("<int:pk>/versions/<int:number>/", views.version_detail, name="version"),
    path("<int:pk>/versions/<int:number>/comments/", views.comment_add, name="comment"),
    path(
        "<int:pk>/comments/<int:comment_id>/resolve/",
        views.comment_resolve,
        name="comment-resolve",
    ),
]
