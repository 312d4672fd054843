"""People and roles, managed by the PMU in the interface."""

from __future__ import annotations

from allauth.account.forms import ResetPasswordForm
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from jmdi.accounts import selectors, services
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
