from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CommunityConfig(AppConfig):
    """The M4D Net's public site and its members: profiles, consent, verification of local authorities, the member directory, and the first-party usage figures."""

    name = "jmdi.community"
    label = "community"
    verbose_name = _("M4D Net")

    def ready(self) -> None:
        # allauth's signal, sent when a person signs in through its pages (not when code
        # logs a session in, as the tests and the demo's tools do).
        from allauth.account.signals import user_logged_in

        user_logged_in.connect(_count_sign_in, dispatch_uid="community-sign-in")


def _count_sign_in(sender: object, request: object, user: object, **kwargs: object) -> None:
    from jmdi.community.models import ActivityKind
    from jmdi.community.selectors import member_of
    from jmdi.community.services import record_activity

    if member_of(user) is not None:
        record_activity(user=user, kind=ActivityKind.SIGN_IN)
