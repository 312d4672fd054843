"""Invitations: a person the PMU adds receives an e-mail, in their language, saying who
invited them to which platform with which role, and a link to set their password.

The link's token is Django's password-reset token with its own salt and lifetime: it
is void once used (setting the password changes the hash it is made from) and after
`JMDI_INVITATION_MAX_AGE_DAYS`.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.tokens import PasswordResetTokenGenerator
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.crypto import constant_time_compare
from django.utils.http import base36_to_int, urlsafe_base64_decode, urlsafe_base64_encode

from jmdi.accounts.models import RoleAssignment, User
from jmdi.core.site import absolute_url, current_site


class InvitationTokenGenerator(PasswordResetTokenGenerator):
    key_salt = "jmdi.accounts.invitations.InvitationTokenGenerator"

    def __init__(self) -> None:
        super().__init__()
        self.algorithm = "sha256"

    def _make_hash_value(self, user: User, timestamp: int) -> str:
        # Each new invitation (a new `invited_at`) voids the links sent before.
        invited = user.invited_at.isoformat() if user.invited_at else ""
        return f"{user.pk}{user.password}{invited}{timestamp}{user.email}"

    def check_token(self, user: User | None, token: str | None) -> bool:
        """Django's check, with the invitation's own lifetime instead of
        PASSWORD_RESET_TIMEOUT (which stays the lifetime of password-reset links)."""
        if not (user and token):
            return False
        try:
            ts_b36, _hash = token.split("-")
            timestamp = base36_to_int(ts_b36)
        except ValueError:
            return False
        if not any(
            constant_time_compare(self._make_token_with_timestamp(user, timestamp, secret), token)
            for secret in [self.secret, *self.secret_fallbacks]
        ):
            return False
        age = self._num_seconds(self._now()) - timestamp
        return age <= settings.JMDI_INVITATION_MAX_AGE_DAYS * 24 * 3600


tokens = InvitationTokenGenerator()


def invitation_path(user: User) -> str:
    uid = urlsafe_base64_encode(str(user.pk).encode())
    return reverse("invitation:accept", args=[uid, tokens.make_token(user)])


def user_from_link(uidb64: str, token: str) -> User | None:
    """The invited person, if the link is theirs, unused and not expired."""
    try:
        pk = int(urlsafe_base64_decode(uidb64).decode())
    except (ValueError, UnicodeDecodeError):
        return None
    user = User.objects.filter(pk=pk, is_active=True, invitation_accepted_at__isnull=True).first()
    if user is None or not tokens.check_token(user, token):
        return None
    return user


def send_invitation_mail(*, user: User, inviter: User | None) -> None:
    assignments = RoleAssignment.objects.filter(user=user, revoked_at__isnull=True).select_related(
        "country", "organisation"
    )
    language = user.preferred_language or settings.LANGUAGE_CODE
    with translation.override(language):
        roles = [str(a) for a in assignments]
        context = {
            "user": user,
            "inviter": inviter,
            "roles": roles,
            "site": current_site(),
            "link": absolute_url(invitation_path(user)),
            "days": settings.JMDI_INVITATION_MAX_AGE_DAYS,
            "contact": settings.DEFAULT_FROM_EMAIL,
        }
        subject = render_to_string("accounts/email/invitation_subject.txt", context)
        body = render_to_string("accounts/email/invitation_message.txt", context)
    EmailMultiAlternatives(
        " ".join(subject.split()), body.strip(), settings.DEFAULT_FROM_EMAIL, [user.email]
    ).send()
