"""People and roles, managed by the PMU in the interface."""

from __future__ import annotations

from typing import Any

from allauth.account.forms import ResetPasswordForm
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.views import ActivateTOTPView as AllauthActivateTOTPView
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from jmdi.accounts import selectors, services, two_factor
from jmdi.accounts.forms import AssignRoleForm, PersonForm
from jmdi.accounts.models import RoleAssignment, User
from jmdi.accounts.permissions import can_manage_roles

PAGE_SIZE = 50


def _require_role_manager(request: HttpRequest) -> None:
    if not can_manage_roles(request.user):
        raise PermissionDenied


def _apply_errors(form: AssignRoleForm | PersonForm, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            for error in errors:
                form.add_error(field if field in form.fields else None, error)
    else:
        for message in exc.messages:
            form.add_error(None, message)


def _send_invitation(request: HttpRequest, person: User) -> None:
    """Email the new person allauth's set-a-password link (the reset flow, which also
    confirms that the address is theirs)."""
    form = ResetPasswordForm(data={"email": person.email})
    if form.is_valid():
        form.save(request)


@login_required
def people(request: HttpRequest) -> HttpResponse:
    _require_role_manager(request)
    page = Paginator(selectors.people_for_role_management(), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(request, "accounts/person_list.html", {"page_obj": page})


@login_required
def add_person(request: HttpRequest) -> HttpResponse:
    _require_role_manager(request)
    form = PersonForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            person = services.create_person(actor=request.user, **form.cleaned_data)  # type: ignore[arg-type]
        except ValidationError as exc:
            _apply_errors(form, exc)
        else:
            _send_invitation(request, person)
            messages.success(
                request,
                _(
                    "%(person)s was added and emailed a link to set their password. Now give them a role."
                )
                % {"person": person},
            )
            return redirect("accounts:person", person.pk)
    return render(request, "accounts/person_form.html", {"form": form})


@login_required
def person(request: HttpRequest, pk: int) -> HttpResponse:
    _require_role_manager(request)
    try:
        subject = selectors.get_person(pk)
    except User.DoesNotExist:
        return render(request, "404.html", status=404)
    form = AssignRoleForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            assignment = services.assign_role(actor=request.user, user=subject, **form.cleaned_data)  # type: ignore[arg-type]
        except ValidationError as exc:
            _apply_errors(form, exc)
        else:
            messages.success(
                request, _("%(person)s is now: %(role)s.") % {"person": subject, "role": assignment}
            )
            return redirect("accounts:person", subject.pk)
    return render(request, "accounts/person_detail.html", {"subject": subject, "form": form})


@login_required
@require_POST
def revoke(request: HttpRequest, pk: int) -> HttpResponse:
    _require_role_manager(request)
    assignment = get_object_or_404(RoleAssignment.objects.select_related("user"), pk=pk)
    try:
        services.revoke_role(actor=request.user, assignment=assignment)  # type: ignore[arg-type]
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("The role %(role)s was revoked.") % {"role": assignment})
    return redirect("accounts:person", assignment.user_id)


# --- Two-factor enrolment for those who must use it ----------------------------------------


@login_required
def enrol_two_factor(request: HttpRequest) -> HttpResponse:
    """Ask for the e-mailed link that lets this session set up two-factor sign-in."""
    user: User = request.user  # type: ignore[assignment]
    if not two_factor.must_use_two_factor(user) or two_factor.has_totp(user):
        return redirect("mfa_index")
    if request.method == "POST":
        if services.request_two_factor_enrolment(user=user):
            minutes = settings.JMDI_TWO_FACTOR_ENROLMENT_MAX_AGE // 60
            messages.success(
                request,
                ngettext(
                    "We sent a link to %(address)s. Open it on this device within "
                    "%(minutes)s minute to set up two-factor sign-in.",
                    "We sent a link to %(address)s. Open it on this device within "
                    "%(minutes)s minutes to set up two-factor sign-in.",
                    minutes,
                )
                % {"address": user.email, "minutes": minutes},
            )
        else:
            messages.error(
                request,
                _(
                    "We have sent several links in the last minutes. Use the latest one, or try again later."
                ),
            )
        return redirect("two_factor:enrol")
    return render(request, "accounts/two_factor_enrol.html", {"address": user.email})


@login_required
def confirm_two_factor_enrolment(request: HttpRequest) -> HttpResponse:
    """The e-mailed link: it proves the address; this session may now set up TOTP."""
    user: User = request.user  # type: ignore[assignment]
    token = request.POST.get("token") or request.GET.get("token", "")
    valid = two_factor.read_enrolment_token(token, user)
    if request.method == "POST" and valid:
        two_factor.allow_enrolment(request)
        return redirect("mfa_activate_totp")
    return render(
        request,
        "accounts/two_factor_confirm.html",
        {"token": token, "valid": valid},
        status=200 if valid else 400,
    )


class ActivateTOTPView(AllauthActivateTOTPView):
    """allauth's TOTP set-up. Setting it up means entering a valid code from it, so this
    session has used the second factor, as if it had just passed the TOTP step (allauth
    records that only on a sign-in or re-authentication step)."""

    def form_valid(self, form: Any) -> HttpResponse:
        response = super().form_valid(form)
        user: User = self.request.user
        authenticator = Authenticator.objects.get(user=user, type=Authenticator.Type.TOTP)
        two_factor.record_second_factor(self.request, user, authenticator)
        return response


activate_totp = ActivateTOTPView.as_view()
