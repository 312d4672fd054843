"""The project's addresses with the import pages under the initiatives' namespace, for
the import tests while the app's own urls are wired elsewhere (used once they are)."""

from django.urls import URLPattern, URLResolver, include, path

from config import urls as project
from jmdi.initiatives import import_urls

urlpatterns: list[URLPattern | URLResolver] = list(project.urlpatterns)
if not any(getattr(p, "namespace", None) == "initiatives" for p in project.urlpatterns):
    urlpatterns.append(
        path(
            "programmes/<slug:code>/initiatives/import/",
            include((import_urls.urlpatterns, "initiatives")),
        )
    )
