"""Every change to an initiative goes through here: inside a transaction, with history
and the actor recorded.

- `create_initiative` / `update_initiative`: the record itself, checked field by field
  (each refusal names the field and says what to do, and changes nothing);
- `set_partners`: the partners and their roles, as one list replacing the last;
- `set_published`: whether the public project database shows it;
- `set_status`: its place in the lifecycle (called by the rounds, the contracts and the
  PMU), with the dates the results framework counts by.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Sequence
from decimal import Decimal, InvalidOperation
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from jmdi.directory.models import Country, Organisation
from jmdi.initiatives import permissions
from jmdi.initiatives.models import Initiative, InitiativePartner, PartnerRole, TargetGroup, Theme

#: The fields `create_initiative` and `update_initiative` accept (status and publication
#: have their own services).
SCALAR_FIELDS = (
    "reference",
    "title",
    "summary",
    "language",
    "translations",
    "lead_authority",
    "area",
    "location",
    "south_south",
    "emigration",
    "immigration",
    "transit",
    "return_migration",
    "refugees",
    "gender_dimension",
    "target_groups",
    "setting",
    "start_date",
    "end_date",
    "budget",
    "budget_currency",
    "results",
    "sources",
    "mapped_on",
)
M2M_FIELDS = ("origin_countries", "destination_countries", "themes")
_LANGUAGE = re.compile(r"^[a-z]{2,3}$")
_CURRENCY = re.compile(r"^[A-Z]{3}$")

Partners = Sequence[tuple[Organisation, str]]


def _unknown(fields: dict[str, Any], allowed: Iterable[str]) -> None:
    unknown = sorted(set(fields) - set(allowed))
    if unknown:
        raise TypeError(f"Unknown initiative fields: {', '.join(unknown)}")


def _programme_countries(programme: Any) -> set[str]:
    return {
        str(code) for code in programme.programme_countries.values_list("country__code", flat=True)
    }


def _check(
    actor: Any, initiative: Initiative, m2m: dict[str, Any], programme_countries: set[str]
) -> None:
    """Every rule of the record, all errors at once, each on its field."""
    errors: dict[str, str] = {}
    lead = initiative.lead_authority if initiative.lead_authority_id else None
    if lead is None:
        errors["lead_authority"] = _("Choose the local authority that leads the initiative.")
    elif lead.kind != Organisation.Kind.LOCAL_AUTHORITY:
        errors["lead_authority"] = _(
            "Choose a local authority: %(name)s is not one. Add it as a partner instead."
        ) % {"name": lead.name}
    elif lead.country_id is None:
        errors["lead_authority"] = _(
            "Record the country of %(name)s in the directory first, or choose another "
            "local authority."
        ) % {"name": lead.name}
    else:
        code = str(lead.country.code)  # type: ignore[union-attr]
        if code not in programme_countries:
            errors["lead_authority"] = _(
                "Choose a local authority of one of the programme's countries."
            )
        elif not permissions.can_create_in(actor, code):
            errors["lead_authority"] = _(
                "Choose a local authority of your own country: you record initiatives there only."
            )
    if initiative.area_id and lead is not None and initiative.area.country_id != lead.country_id:  # type: ignore[union-attr]
        errors["area"] = _("Choose a place in the lead local authority's country.")
    if initiative.budget is not None:
        try:
            initiative.budget = Decimal(initiative.budget).quantize(Decimal("0.01"))
        except (InvalidOperation, TypeError, ValueError):
            errors["budget"] = _("Enter the budget as an amount, such as 125000.00.")
        else:
            if initiative.budget < 0:
                errors["budget"] = _("Enter a budget of zero or more, or leave it empty.")
    if not _CURRENCY.match(initiative.budget_currency or ""):
        errors["budget_currency"] = _("Enter the currency as its three-letter code, e.g. EUR.")
    for name in ("start_date", "end_date", "mapped_on"):
        value = getattr(initiative, name)
        if value is not None and not isinstance(value, dt.date):
            errors[name] = _("Enter a real date, such as 2014-03-31.")
    if (
        "start_date" not in errors
        and "end_date" not in errors
        and initiative.start_date
        and initiative.end_date
        and initiative.end_date < initiative.start_date
    ):
        errors["end_date"] = _("Enter an end date on or after the start date.")
    if not _LANGUAGE.match(initiative.language or ""):
        errors["language"] = _("Enter the language as its two-letter code, e.g. fr.")
    translations = initiative.translations
    if not isinstance(translations, dict) or any(
        not _LANGUAGE.match(str(code))
        or not isinstance(texts, dict)
        or set(texts) - {"title", "summary"}
        for code, texts in translations.items()
    ):
        errors["translations"] = _(
            "Give each translation as a language code with a title and a summary."
        )
    groups = initiative.target_groups
    if not isinstance(groups, list) or set(groups) - set(TargetGroup.values):
        errors["target_groups"] = _("Choose the target groups from the list.")
    if (
        initiative.reference
        and Initiative.objects.filter(
            programme=initiative.programme, reference=initiative.reference
        )
        .exclude(pk=initiative.pk)
        .exists()
    ):
        errors["reference"] = _(
            "Another initiative already has the reference %(reference)s: choose another."
        ) % {"reference": initiative.reference}
    for name in ("origin_countries", "destination_countries"):
        if name in m2m and any(not isinstance(c, Country) for c in m2m[name]):
            errors[name] = _("Choose the countries from the list.")
    if "themes" in m2m and any(not isinstance(t, Theme) for t in m2m["themes"]):
        errors["themes"] = _("Choose the themes from the list.")
    try:
        initiative.full_clean(
            exclude=[*errors, "programme", "country", "lead_authority", "area"],
            validate_unique=False,
            validate_constraints=False,
        )
    except ValidationError as exc:
        for name, messages in exc.message_dict.items():
            errors.setdefault(name, messages[0])
    if errors:
        raise ValidationError(errors)


def _save_m2m(initiative: Initiative, m2m: dict[str, Any]) -> None:
    for name, values in m2m.items():
        getattr(initiative, name).set(list(values))


def _check_partners(lead_id: int | None, partners: Partners) -> list[tuple[Organisation, str]]:
    seen: set[int] = set()
    cleaned: list[tuple[Organisation, str]] = []
    for organisation, role in partners:
        if role not in PartnerRole.values:
            raise ValidationError(
                {
                    "partners": _("Choose a role from the list for %(name)s.")
                    % {"name": organisation}
                }
            )
        if organisation.pk == lead_id:
            raise ValidationError(
                {
                    "partners": _(
                        "%(name)s leads the initiative: it cannot also be one of its partners."
                    )
                    % {"name": organisation}
                }
            )
        if organisation.pk in seen:
            raise ValidationError(
                {"partners": _("%(name)s is listed twice: keep one role.") % {"name": organisation}}
            )
        if role == PartnerRole.CO_LEAD and organisation.kind != Organisation.Kind.LOCAL_AUTHORITY:
            raise ValidationError(
                {
                    "partners": _(
                        "Only a local authority can co-lead: choose another role for %(name)s."
                    )
                    % {"name": organisation}
                }
            )
        seen.add(organisation.pk)
        cleaned.append((organisation, role))
    return cleaned


def _write_partners(
    actor: Any, initiative: Initiative, partners: list[tuple[Organisation, str]], reason: str
) -> bool:
    """Replace the partner list, one row at a time so that each change has its history."""
    current = {p.organisation_id: p for p in initiative.partners.all()}
    wanted = {organisation.pk: role for organisation, role in partners}
    changed = False
    for organisation_id, partner in current.items():
        if organisation_id not in wanted:
            partner._history_user = actor  # type: ignore[attr-defined]
            partner._change_reason = reason  # type: ignore[attr-defined]
            partner.delete()
            changed = True
        elif partner.role != wanted[organisation_id]:
            partner.role = wanted[organisation_id]
            partner._history_user = actor  # type: ignore[attr-defined]
            partner._change_reason = reason  # type: ignore[attr-defined]
            partner.save(update_fields=["role"])
            changed = True
    for organisation, role in partners:
        if organisation.pk not in current:
            partner = InitiativePartner(initiative=initiative, organisation=organisation, role=role)
            partner._history_user = actor  # type: ignore[attr-defined]
            partner._change_reason = reason  # type: ignore[attr-defined]
            partner.save()
            changed = True
    return changed


@transaction.atomic
def create_initiative(
    *,
    actor: Any,
    programme: Any,
    partners: Partners = (),
    reason: str = "",
    **fields: Any,
) -> Initiative:
    """Record an initiative of the mapping. Its country is its lead local authority's."""
    if not permissions.can_create(actor):
        raise PermissionDenied
    _unknown(fields, (*SCALAR_FIELDS, *M2M_FIELDS))
    m2m = {name: fields.pop(name) for name in M2M_FIELDS if name in fields}
    initiative = Initiative(programme=programme, **fields)
    lead = initiative.lead_authority if initiative.lead_authority_id else None
    if lead is not None and lead.country_id:
        initiative.country_id = lead.country_id
    _check(actor, initiative, m2m, _programme_countries(programme))
    cleaned = _check_partners(initiative.lead_authority_id, partners)
    initiative._history_user = actor  # type: ignore[attr-defined]
    initiative._change_reason = reason  # type: ignore[attr-defined]
    initiative.save()
    _save_m2m(initiative, m2m)
    _write_partners(actor, initiative, cleaned, reason)
    return initiative


@transaction.atomic
def update_initiative(
    *, actor: Any, initiative: Initiative, reason: str = "", **fields: Any
) -> Initiative:
    """Change the record; only the fields given change. Moving it to a lead local
    authority of another country moves it to that country (within the actor's scope)."""
    _unknown(fields, (*SCALAR_FIELDS, *M2M_FIELDS))
    locked = Initiative.objects.select_for_update().select_related("country").get(pk=initiative.pk)
    if not permissions.can_change(actor, locked):
        raise PermissionDenied
    m2m = {name: fields.pop(name) for name in M2M_FIELDS if name in fields}
    for name, value in fields.items():
        setattr(locked, name, value)
    lead = locked.lead_authority
    if lead.country_id:
        locked.country_id = lead.country_id
    _check(actor, locked, m2m, _programme_countries(locked.programme))
    locked._history_user = actor  # type: ignore[attr-defined]
    locked._change_reason = reason  # type: ignore[attr-defined]
    locked.save()
    _save_m2m(locked, m2m)
    return locked


@transaction.atomic
def set_partners(
    *, actor: Any, initiative: Initiative, partners: Partners, reason: str = ""
) -> list[InitiativePartner]:
    """The initiative's partners and their roles, replacing the previous list."""
    locked = Initiative.objects.select_for_update().select_related("country").get(pk=initiative.pk)
    if not permissions.can_change(actor, locked):
        raise PermissionDenied
    cleaned = _check_partners(locked.lead_authority_id, partners)
    _write_partners(actor, locked, cleaned, reason)
    return list(locked.partners.select_related("organisation"))


@transaction.atomic
def set_published(
    *, actor: Any, initiative: Initiative, published: bool, reason: str = ""
) -> Initiative:
    """Show the initiative in the public project database, or take it out."""
    locked = Initiative.objects.select_for_update().select_related("country").get(pk=initiative.pk)
    if not permissions.can_publish(actor, locked):
        raise PermissionDenied
    if locked.published != published:
        locked.published = published
        locked._history_user = actor  # type: ignore[attr-defined]
        locked._change_reason = reason  # type: ignore[attr-defined]
        locked.save(update_fields=["published", "updated_at"])
    initiative.published = locked.published
    return locked


#: The statuses that mean the initiative was selected (it may have moved on since).
SELECTED_OR_LATER = (
    Initiative.Status.SELECTED,
    Initiative.Status.FUNDED,
    Initiative.Status.COMPLETED,
)


@transaction.atomic
def set_status(
    *,
    actor: Any,
    initiative: Initiative,
    status: str,
    reason: str = "",
    on: dt.date | None = None,
) -> Initiative:
    """Move an initiative along its lifecycle (called by a round's decision, a contract
    signed, a project closed). The change and its reason are kept in the history; the
    first day it is selected and funded are kept for the results framework (`on`: the
    day it happened, today unless given)."""
    if status not in Initiative.Status.values:
        raise ValueError(f"Unknown initiative status {status!r}.")
    locked = Initiative.objects.select_for_update().get(pk=initiative.pk)
    if locked.status != status:
        day = on or timezone.localdate()
        locked.status = status
        locked.status_changed_on = day
        if status in SELECTED_OR_LATER and locked.selected_on is None:
            locked.selected_on = day
        if status in (Initiative.Status.FUNDED, Initiative.Status.COMPLETED) and (
            locked.funded_on is None
        ):
            locked.funded_on = day
        locked._history_user = actor  # type: ignore[attr-defined]
        locked._change_reason = reason  # type: ignore[attr-defined]
        locked.save(
            update_fields=["status", "status_changed_on", "selected_on", "funded_on", "updated_at"]
        )
    initiative.status = locked.status
    initiative.status_changed_on = locked.status_changed_on
    initiative.selected_on = locked.selected_on
    initiative.funded_on = locked.funded_on
    return locked


def languages() -> list[tuple[str, str]]:
    """The platform's languages, for the translations of a title and summary."""
    return [(code, str(name)) for code, name in settings.LANGUAGES]
