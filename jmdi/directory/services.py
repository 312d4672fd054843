"""Every change to the directory.

Each function takes keyword arguments and `actor=`, the person making the change
(`None` only for system set-up: the programme loader, demo and synthetic data). A change
is checked whole (`full_clean()`) before anything is written, in one transaction, and
leaves a history row naming the actor.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, cast

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Model, ProtectedError, Q, UniqueConstraint
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.models import HistoricalChanges
from simple_history.utils import bulk_update_with_history

from jmdi.core.people import Sex
from jmdi.directory.models import Contact, Country, Organisation, SubnationalArea
from jmdi.directory.permissions import can_edit_directory, can_merge
from jmdi.directory.selectors import similar_organisations


def _authorise(actor: Any, country: Country | None) -> None:
    if actor is not None and not can_edit_directory(actor, str(country.code) if country else None):
        raise PermissionDenied(
            _("Only the PMU, or the focal point of this country, can change its directory.")
        )


def _save(record: Model, actor: Any) -> None:
    record.full_clean()
    if actor is not None:
        record._history_user = actor  # type: ignore[attr-defined]  # read by simple_history
    record.save()


@transaction.atomic
def get_or_create_area(
    *,
    actor: Any,
    country: Country,
    name: str,
    kind: str,
    parent: SubnationalArea | None = None,
) -> SubnationalArea:
    """The area called `name` in `parent` (or at the top of `country`), created if new."""
    _authorise(actor, country)
    name = name.strip()
    area = SubnationalArea.objects.filter(country=country, parent=parent, name=name).first()
    if area is None:
        area = SubnationalArea(country=country, parent=parent, name=name, kind=kind)
        _save(area, actor)
    return area


def _duplicate_error(similar: list[Organisation]) -> ValidationError:
    names = ", ".join(f"{org.name} (#{org.pk})" for org in similar)
    return ValidationError(
        {
            "name": ValidationError(
                _(
                    "This looks like an organisation already registered in this country: "
                    "%(names)s. Open it instead, or confirm that this is a different "
                    "organisation."
                ),
                code="duplicate",
                params={"names": names},
            )
        }
    )


#: The fields `register_organisation` and `update_organisation` accept besides the name.
ORGANISATION_FIELDS = (
    "kind",
    "country",
    "area",
    "acronym",
    "website",
    "tier",
    "setting",
    "names",
    "note",
)


@transaction.atomic
def register_organisation(
    *,
    actor: Any,
    name: str,
    kind: str,
    country: Country | None,
    area: SubnationalArea | None = None,
    acronym: str = "",
    website: str = "",
    tier: str = "",
    setting: str = "",
    names: dict[str, str] | None = None,
    note: str = "",
    confirm_distinct: bool = False,
) -> Organisation:
    """A new organisation. One with a name like an organisation's of the same country is
    refused (`ValidationError` on `name`, listing them) unless `confirm_distinct=True`:
    the person has looked and says it is a different organisation."""
    _authorise(actor, country)
    organisation = Organisation(
        name=name.strip(),
        kind=kind,
        country=country,
        area=area,
        acronym=acronym.strip(),
        website=website.strip(),
        tier=tier,
        setting=setting,
        names=names or {},
        note=note.strip(),
    )
    organisation.full_clean()
    if not confirm_distinct and country is not None:
        similar = similar_organisations(country, organisation.name)
        if similar:
            raise _duplicate_error(similar)
    _save(organisation, actor)
    return organisation


@transaction.atomic
def update_organisation(
    *,
    actor: Any,
    organisation: Organisation,
    confirm_distinct: bool = False,
    **changes: Any,
) -> Organisation:
    """Change an organisation's `name` or any of `ORGANISATION_FIELDS`. Moving it to
    another country needs the right to edit both. A new name like another organisation's
    is refused as on registration, unless `confirm_distinct=True`."""
    unknown = set(changes) - {"name", *ORGANISATION_FIELDS}
    if unknown:
        raise TypeError(f"Unknown organisation fields: {sorted(unknown)}")
    organisation = Organisation.objects.select_for_update().get(pk=organisation.pk)
    if organisation.is_merged:
        raise ValidationError(
            _("This record was merged into another one: change that one instead.")
        )
    _authorise(actor, organisation.country)
    old_key, old_country = organisation.name_key, organisation.country_id
    for name, value in changes.items():
        setattr(organisation, name, value.strip() if isinstance(value, str) else value)
    if organisation.country_id != old_country:
        _authorise(actor, organisation.country)
    organisation.fill_name_key()
    organisation.full_clean()
    renamed = organisation.name_key != old_key or organisation.country_id != old_country
    if renamed and not confirm_distinct and organisation.country is not None:
        similar = similar_organisations(
            organisation.country, organisation.name, exclude=organisation
        )
        if similar:
            raise _duplicate_error(similar)
    _save(organisation, actor)
    return organisation


@transaction.atomic
def add_contact(
    *,
    actor: Any,
    organisation: Organisation,
    full_name: str,
    position: str = "",
    position_other: str = "",
    sex: str = Sex.NOT_RECORDED,
    email: str = "",
    phone: str = "",
) -> Contact:
    """A person to contact at `organisation`; `position_other` only with position "other"."""
    _authorise(actor, organisation.country)
    contact = Contact(
        organisation=organisation,
        full_name=full_name.strip(),
        position=position,
        position_other=position_other.strip(),
        sex=sex,
        email=email.strip(),
        phone=phone.strip(),
    )
    _save(contact, actor)
    return contact


# --- Merging two records of one organisation ------------------------------------------------


@dataclass(frozen=True)
class Reference:
    """A foreign key somewhere in the platform that points at an organisation."""

    model: type[Model]
    field: str

    @property
    def label(self) -> str:
        """What the records are, in the reader's language: "contacts", or for the table
        of a many-to-many field, "programmes: implementing agencies"."""
        source = self.model._meta.auto_created
        if isinstance(source, type):
            for m2m in source._meta.many_to_many:
                if m2m.remote_field.through is self.model:
                    return f"{source._meta.verbose_name_plural}: {m2m.verbose_name}"
        plural = str(self.model._meta.verbose_name_plural)
        role = str(_field(self.model, self.field).verbose_name)
        if role == str(Organisation._meta.verbose_name):
            return plural
        return f"{plural} ({role})"

    @property
    def key(self) -> str:
        return f"{self.model._meta.label}.{self.field}"


def _field(model: type[Model], name: str) -> Any:
    """A concrete field of `model` (typed loosely: `get_field` may also return relations)."""
    return model._meta.get_field(name)


def organisation_references() -> list[Reference]:
    """Every foreign key and one-to-one to `Organisation`, from any app, found from the
    model's own relations, so that an app added later is covered without being named.

    Many-to-many fields are reached through their intermediate table's foreign key (an
    automatic one included). History tables are left alone: they record the past.
    """
    references = []
    for relation in Organisation._meta.get_fields(include_hidden=True):
        if not relation.auto_created or relation.concrete or relation.many_to_many:
            continue
        model = relation.related_model
        if not isinstance(model, type) or issubclass(model, HistoricalChanges):
            continue
        references.append(Reference(model, cast(Any, relation).field.name))
    return sorted(references, key=lambda ref: ref.key)


def _unique_sets(model: type[Model], field: str) -> list[tuple[list[str], Q | None]]:
    """The sets of fields (with the constraint's condition) that must be unique together
    and include `field`."""
    sets: list[tuple[list[str], Q | None]] = []
    if _field(model, field).unique:
        sets.append(([field], None))
    for together in model._meta.unique_together:
        if field in together:
            sets.append((list(together), None))
    for constraint in model._meta.constraints:
        if isinstance(constraint, UniqueConstraint) and field in constraint.fields:
            sets.append((list(constraint.fields), constraint.condition))
    return sets


def _has_history(model: type[Model]) -> bool:
    return hasattr(model._meta, "simple_history_manager_attribute")


def references_to(organisation: Organisation) -> list[tuple[Reference, int]]:
    """How many records of each kind point at `organisation` (only the kinds that do)."""
    counts = []
    for reference in organisation_references():
        n = reference.model._default_manager.filter(**{reference.field: organisation}).count()
        if n:
            counts.append((reference, n))
    return counts


@dataclass
class MergeResult:
    keep: Organisation
    duplicate: Organisation
    #: Records moved onto the kept organisation, by kind of record (verbose plural name).
    moved: dict[str, int] = field(default_factory=dict)
    #: Records of the duplicate dropped because the kept organisation already had one
    #: just like it (e.g. it was already a partner of the same initiative).
    dropped: dict[str, int] = field(default_factory=dict)
    #: The fields copied from the duplicate because the kept record had them empty.
    copied: list[str] = field(default_factory=list)


#: Fields copied from the duplicate when the kept record has none.
COPIED_FIELDS = ("acronym", "website", "area", "tier", "setting", "note")


def _move_reference(
    reference: Reference,
    *,
    keep: Organisation,
    duplicate: Organisation,
    reason: str,
    actor: Any,
    result: MergeResult,
) -> None:
    model, name = reference.model, reference.field
    manager = model._default_manager
    rows = list(manager.filter(**{name: duplicate}).order_by("pk"))
    if not rows:
        return
    to_move = []
    dropped = 0
    for row in rows:
        collides = False
        for fields, condition in _unique_sets(model, name):
            others = {f: getattr(row, _field(model, f).attname) for f in fields if f != name}
            taken = manager.filter(**{name: keep}, **{f"{k}": v for k, v in others.items()})
            if condition is not None:
                if not manager.filter(condition, pk=row.pk).exists():
                    continue
                taken = taken.filter(condition)
            if taken.exists():
                collides = True
                break
        if collides:
            if _has_history(model):
                row._change_reason = reason  # type: ignore[attr-defined]
                if actor is not None:
                    row._history_user = actor  # type: ignore[attr-defined]
            try:
                row.delete()
            except ProtectedError as exc:
                raise ValidationError(
                    {
                        "duplicate": _(
                            "%(record)s cannot be dropped: other records depend on it. "
                            "Move them first, then merge again."
                        )
                        % {"record": f"{model._meta.verbose_name} #{row.pk}"}
                    }
                ) from exc
            dropped += 1
        else:
            setattr(row, name, keep)
            to_move.append(row)
    if to_move:
        if _has_history(model):
            bulk_update_with_history(
                to_move,
                model,
                [name],
                batch_size=500,
                default_user=actor,
                default_change_reason=reason,
            )
        else:
            manager.filter(pk__in=[row.pk for row in to_move]).update(**{name: keep})
        result.moved[reference.label] = result.moved.get(reference.label, 0) + len(to_move)
    if dropped:
        result.dropped[reference.label] = result.dropped.get(reference.label, 0) + dropped


@transaction.atomic
def merge_organisations(
    *, actor: Any, keep: Organisation, duplicate: Organisation, reason: str
) -> MergeResult:
    """Make `duplicate` part of `keep`: every record of any app that points at the
    duplicate is moved onto the kept organisation (a record the kept one already has
    just like it is dropped, and counted); the kept record takes the duplicate's
    acronym, website, area, names in other languages and so on where it has none. The
    duplicate is not deleted: it is marked as merged (lists and searches leave it out,
    its page leads to the kept one), and both records' history names the merge.

    PMU only. One transaction: a failure anywhere leaves both records as they were.
    """
    if actor is not None and not can_merge(actor):
        raise PermissionDenied(_("Only the PMU can merge organisations."))
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": _("Say why these two records are one organisation.")})
    if keep.pk == duplicate.pk:
        raise ValidationError({"duplicate": _("Choose another organisation than the one kept.")})
    # Both rows locked, in a fixed order, so two merges of the same pair cannot cross.
    locked = {
        org.pk: org
        for org in Organisation.objects.select_for_update()
        .filter(pk__in=[keep.pk, duplicate.pk])
        .order_by("pk")
    }
    keep, duplicate = locked[keep.pk], locked[duplicate.pk]
    if keep.is_merged:
        raise ValidationError(
            {"keep": _("The organisation to keep was itself merged: merge into the one it became.")}
        )
    if duplicate.is_merged:
        raise ValidationError({"duplicate": _("This organisation was already merged.")})
    if keep.country_id != duplicate.country_id:
        raise ValidationError(
            {
                "duplicate": _(
                    "Choose an organisation of the same country; "
                    "correct the country of one of them first if it is wrong."
                )
            }
        )
    history_reason = _("Merged %(duplicate)s (#%(pk)s) into this record: %(reason)s") % {
        "duplicate": duplicate.name,
        "pk": duplicate.pk,
        "reason": reason,
    }
    result = MergeResult(keep=keep, duplicate=duplicate)
    for reference in organisation_references():
        if reference.model is Organisation and reference.field == "merged_into":
            continue  # below: earlier duplicates of the duplicate now lead to `keep`
        _move_reference(
            reference,
            keep=keep,
            duplicate=duplicate,
            reason=history_reason,
            actor=actor,
            result=result,
        )
    earlier = Organisation.objects.filter(merged_into=duplicate).update(merged_into=keep)
    if earlier:
        result.moved[str(Organisation._meta.verbose_name_plural)] = earlier

    for name in COPIED_FIELDS:
        if not getattr(keep, name) and getattr(duplicate, name):
            if name == "tier" and keep.kind != Organisation.Kind.LOCAL_AUTHORITY:
                continue
            setattr(keep, name, getattr(duplicate, name))
            result.copied.append(name)
    missing_names = {k: v for k, v in duplicate.names.items() if v and not keep.names.get(k)}
    if missing_names:
        keep.names = {**keep.names, **missing_names}
        result.copied.append("names")
    if duplicate.code and not keep.code:
        code = duplicate.code
        duplicate.code = None
        duplicate.save(update_fields=["code"])  # the code is unique: free it first
        keep.code = code
        result.copied.append("code")

    keep._change_reason = history_reason  # type: ignore[attr-defined]
    _save(keep, actor)
    duplicate.merged_into = keep
    duplicate.merged_at = timezone.now()
    duplicate._change_reason = _("Merged into %(keep)s (#%(pk)s): %(reason)s") % {  # type: ignore[attr-defined]
        "keep": keep.name,
        "pk": keep.pk,
        "reason": reason,
    }
    _save(duplicate, actor)
    return result
