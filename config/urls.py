from django.conf import settings
from django.contrib import admin
from django.urls import URLPattern, URLResolver, include, path

urlpatterns: list[URLPattern | URLResolver] = [
    path("", include("jmdi.core.urls")),
    path("programmes/", include("jmdi.programmes.urls")),
    path("people/", include("jmdi.accounts.urls")),
    path("directory/", include("jmdi.directory.urls")),
    path("accounts/", include("allauth.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
]

if settings.DEBUG:
    from django.views import defaults

    urlpatterns += [
        path("_errors/404/", defaults.page_not_found, {"exception": Exception()}),
        path("_errors/500/", defaults.server_error),
    ]
