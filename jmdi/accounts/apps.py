from __future__ import annotations

from typing import TYPE_CHECKING

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from jmdi.accounts.models import User


class AccountsConfig(AppConfig):
    name = "jmdi.accounts"
    label = "accounts"
    verbose_name = _("People and roles")

    def ready(self) -> None:
        # allauth announces a completed password reset only by a signal; the work is
        # done by a service.
        from allauth.account.signals import password_reset

        from jmdi.accounts.services import confirm_address_by_password_reset

        def on_password_reset(
            sender: object, request: object, user: User, **kwargs: object
        ) -> None:
            confirm_address_by_password_reset(user=user)

        password_reset.connect(
            on_password_reset, dispatch_uid="jmdi-confirm-address-by-reset", weak=False
        )
