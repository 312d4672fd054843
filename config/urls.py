from allauth.account.decorators import secure_admin_login
from django.conf import settings
from django.contrib import admin
from django.urls import URLPattern, URLResolver, include, path

from jmdi.accounts.views import activate_totp

# The admin has no sign-in of its own: it sends people to the platform's (allauth's),
# with its throttles and second factor, and refuses anyone signed in who is not staff.
admin.site.login = secure_admin_login(admin.site.login)  # type: ignore[method-assign]

urlpatterns: list[URLPattern | URLResolver] = [
    path("", include("jmdi.core.urls")),
    path("programmes/", include("jmdi.programmes.urls")),
    path("people/", include("jmdi.accounts.urls")),
    path("directory/", include("jmdi.directory.urls")),
    path("accounts/two-factor/", include("jmdi.accounts.two_factor_urls")),
    # allauth's TOTP set-up, which also records that the session used the new factor.
    path("accounts/2fa/totp/activate/", activate_totp, name="mfa_activate_totp"),
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
