"""People and roles, managed by the PMU in the interface; invitations; the language kept
on the account."""

from __future__ import annotations

from typing import Any

from allauth.mfa.models import Authenticator
from allauth.mfa.totp.views import ActivateTOTPView as AllauthActivateTOTPView
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.forms import Form
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import translation
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST
from django.views.i18n import set_language as django_set_language

from jmdi.accounts import invitations, selectors, services, two_factor
from jmdi.accounts.forms import (
    AssignRoleForm,
    InvitePersonForm,
    RevokeRoleForm,
    RoleScopeForm,
    SetPasswordForm,
)
from jmdi.accounts.models import Role, RoleAssignment, User
from jmdi.accounts.permissions import can_manage_roles

PAGE_SIZE = 50
#: Buttons that only refine what the form asks (choose a role, search organisations).
REFINING = {"choose", "search"}


def _require_role_manager(request: HttpRequest) -> None:
    if not can_manage_roles(request.user):
        raise PermissionDenied


def _apply_errors(form: Form, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            for error in errors:
                form.add_error(field if field in form.fields else None, error)
    else:
        for message in exc.messages:
            form.add_error(None, message)


def _scope_context(form: RoleScopeForm) -> dict[str, Any]:
    """What the role's scope fields show: the organisations found, the one chosen."""
    matches = selectors.organisations_matching(form.organisation_query_value)
    chosen = selectors.get_organisation(form.chosen_organisation_id)
    if chosen is not None and chosen not in matches:
        matches.insert(0, chosen)
    return {"form": form, "organisation_matches": matches, "chosen_organisation": chosen}


def _role_form(form_class: type[RoleScopeForm], request: HttpRequest, **kwargs: Any) -> Any:
    """Bound to a submission that gives the role; unbound, with what was typed kept, while
    the person only refines the form (chooses a role, searches), so no errors show yet."""
    if request.method == "POST" and request.POST.get("action") not in REFINING:
        return form_class(request.POST, **kwargs)
    source = request.POST if request.method == "POST" else request.GET
    return form_class(initial=source.dict(), **kwargs)


def _render_role_page(request: HttpRequest, template: str, context: dict[str, Any]) -> HttpResponse:
    # htmx asks the same URL for the scope fields only, through the same checks.
    if request.headers.get("HX-Request") == "true" and request.method == "GET":
        template += "#role-scope"
    response = render(request, template, context)
    patch_vary_headers(response, ["HX-Request"])
    return response


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
    form = _role_form(InvitePersonForm, request)
    if form.is_bound and form.is_valid():
        values = form.cleaned_data
        try:
            person = services.invite_person(
                actor=request.user,  # type: ignore[arg-type]
                email=values["email"],
                full_name=values["full_name"],
                language=values["language"],
                sex=values.get("sex") or "",
                **form.scope_values(),
            )
        except ValidationError as exc:
            _apply_errors(form, exc)
        else:
            messages.success(
                request,
                _(
                    "%(person)s was added as %(role)s and invited by e-mail to set a password. "
                    "Until they do, the invitation shows as waiting on their page."
                )
                % {"person": person, "role": Role(values["role"]).label},
            )
            return redirect("accounts:person", person.pk)
    return _render_role_page(request, "accounts/person_form.html", _scope_context(form))


@login_required
def person(request: HttpRequest, pk: int) -> HttpResponse:
    _require_role_manager(request)
    try:
        subject, assignments = selectors.get_person_with_roles(pk)
    except User.DoesNotExist:
        return render(request, "404.html", status=404)
    form = _role_form(AssignRoleForm, request)
    if form.is_bound and form.is_valid():
        try:
            assignment = services.assign_role(
                actor=request.user,  # type: ignore[arg-type]
                user=subject,
                **form.scope_values(),
            )
        except ValidationError as exc:
            _apply_errors(form, exc)
        else:
            messages.success(
                request, _("%(person)s is now: %(role)s.") % {"person": subject, "role": assignment}
            )
            return redirect("accounts:person", subject.pk)
    context = {
        "subject": subject,
        "current_roles": [a for a in assignments if a.revoked_at is None],
        "past_roles": [a for a in assignments if a.revoked_at is not None],
        **_scope_context(form),
    }
    return _render_role_page(request, "accounts/person_detail.html", context)


@login_required
def revoke(request: HttpRequest, pk: int) -> HttpResponse:
    """Asks first (GET), revokes on confirmation (POST)."""
    _require_role_manager(request)
    assignment = get_object_or_404(
        RoleAssignment.objects.select_related("user", "country", "organisation"), pk=pk
    )
    form = RevokeRoleForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.revoke_role(
                actor=request.user,  # type: ignore[arg-type]
                assignment=assignment,
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("The role %(role)s was revoked.") % {"role": assignment})
        return redirect("accounts:person", assignment.user_id)
    return render(request, "accounts/role_revoke.html", {"assignment": assignment, "form": form})


@login_required
@require_POST
def resend_invitation(request: HttpRequest, pk: int) -> HttpResponse:
    _require_role_manager(request)
    subject = get_object_or_404(User, pk=pk)
    try:
        services.resend_invitation(actor=request.user, user=subject)  # type: ignore[arg-type]
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(
            request,
            _("A new invitation was sent to %(address)s; the earlier link no longer works.")
            % {"address": subject.email},
        )
    return redirect("accounts:person", subject.pk)


# --- The invited person's side -------------------------------------------------------------


def accept_invitation(request: HttpRequest, uidb64: str, token: str) -> HttpResponse:
    """ "Set your password", in the invitee's language. Using the link proves the address;
    the person is then signed in (and, if their role needs it, sets up two-factor
    sign-in right away, the address being proven)."""
    invitee = invitations.user_from_link(uidb64, token)
    language = (invitee.preferred_language if invitee else "") or translation.get_language()
    with translation.override(language):
        if invitee is None:
            return render(request, "accounts/invitation_invalid.html", status=400)
        form = SetPasswordForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            try:
                person = services.accept_invitation(
                    user=invitee, password=form.cleaned_data["password1"]
                )
            except ValidationError as exc:
                _apply_errors(form, exc)
            else:
                login(request, person, backend=settings.AUTHENTICATION_BACKENDS[0])
                if two_factor.must_use_two_factor(person):
                    two_factor.allow_enrolment(request)
                    return redirect("mfa_activate_totp")
                messages.success(request, _("Your password is set. Welcome to the platform."))
                response: HttpResponse = redirect("core:home")
                _remember_language(response, language)
                return response
        response = render(
            request, "accounts/invitation_accept.html", {"form": form, "invitee": invitee}
        )
        _remember_language(response, language)
        return response


def _remember_language(response: HttpResponse, language: str | None) -> None:
    if language:
        response.set_cookie(
            settings.LANGUAGE_COOKIE_NAME,
            language,
            max_age=settings.LANGUAGE_COOKIE_AGE,
            secure=settings.LANGUAGE_COOKIE_SECURE,
            httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
            samesite=settings.LANGUAGE_COOKIE_SAMESITE,  # type: ignore[arg-type]
        )


@require_POST
def set_language(request: HttpRequest) -> HttpResponse:
    """Django's language switch, which also keeps the choice on the account of whoever
    is signed in, so it follows them to another browser."""
    response = django_set_language(request)
    language = request.POST.get("language", "")
    if request.user.is_authenticated and language in dict(settings.LANGUAGES):
        services.set_preferred_language(user=request.user, language=language)
    return response


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
