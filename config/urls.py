from allauth.account.decorators import secure_admin_login
from django.conf import settings
from django.contrib import admin
from django.urls import URLPattern, URLResolver, include, path

from jmdi.accounts.views import activate_totp, set_language

# The admin has no sign-in of its own: it sends people to the platform's (allauth's),
# with its throttles and second factor, and refuses anyone signed in who is not staff.
admin.site.login = secure_admin_login(admin.site.login)  # type: ignore[method-assign]

urlpatterns: list[URLPattern | URLResolver] = [
    path("", include("jmdi.core.urls")),
    path("programmes/", include("jmdi.programmes.urls")),
    # The programme at work, each app under the programme's address.
    path("programmes/<slug:code>/", include("jmdi.results.urls")),
    path("programmes/<slug:code>/", include("jmdi.governance.urls")),
    path("programmes/<slug:code>/", include("jmdi.monitoring.urls")),
    path("programmes/<slug:code>/", include("jmdi.finance.urls")),
    path("programmes/<slug:code>/", include("jmdi.reporting.urls")),
    path("programmes/<slug:code>/initiatives/", include("jmdi.initiatives.urls")),
    path("programmes/<slug:code>/selection/", include("jmdi.selection.urls")),
    path("programmes/<slug:code>/proposals/", include("jmdi.proposals.urls")),
    path("programmes/<slug:code>/grants/", include("jmdi.grants.urls")),
    path("programmes/<slug:code>/followup/", include("jmdi.followup.urls")),
    # The M4D Net, the public community of practice: each of its apps under /net/.
    path("net/", include("jmdi.community.urls")),
    path("net/projects/", include("jmdi.projectdb.urls")),
    path("net/resources/", include("jmdi.resources.urls")),
    path("net/discussions/", include("jmdi.discussions.urls")),
    path("net/support/", include("jmdi.support.urls")),
    path("net/events/", include("jmdi.events.urls")),
    path("people/", include("jmdi.accounts.urls")),
    path("directory/", include("jmdi.directory.urls")),
    path("accounts/two-factor/", include("jmdi.accounts.two_factor_urls")),
    path("accounts/invitation/", include("jmdi.accounts.invitation_urls")),
    # allauth's TOTP set-up, which also records that the session used the new factor.
    path("accounts/2fa/totp/activate/", activate_totp, name="mfa_activate_totp"),
    path("accounts/", include("allauth.urls")),
    # The language switch also keeps the choice on the signed-in person's account.
    path("i18n/setlang/", set_language, name="set_language"),
    path("admin/", admin.site.urls),
]

if settings.DEBUG:
    from django.views import defaults

    urlpatterns += [
        path("_errors/404/", defaults.page_not_found, {"exception": Exception()}),
        path("_errors/500/", defaults.server_error),
    ]
