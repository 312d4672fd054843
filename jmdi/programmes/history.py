"""Who changed what, and when, across a programme's records: one entry per change.

Every tracked model keeps its history with django-simple-history. The page reads all of
them as one list, newest first, in two UNION queries: the first finds which rows make
the page (and counts them) from the light columns only, however long the history; the
second brings each of those rows' values and those of the row before it, as JSON objects
the database builds, so a change is shown field by field without a query per row. The
names the values point to (organisations, countries, semesters, targets) come in one
query per kind of record, whatever the number of rows.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, cast

from django.db.models import (
    BooleanField,
    CharField,
    DateField,
    DecimalField,
    F,
    Field,
    ForeignKey,
    JSONField,
    Model,
    OuterRef,
    QuerySet,
    StringAgg,
    Subquery,
    TextField,
    Value,
)
from django.db.models.functions import Cast, JSONObject
from django.utils import formats, timezone
from django.utils.text import capfirst
from django.utils.translation import get_language_info, gettext, gettext_noop, pgettext

from jmdi.accounts.models import User
from jmdi.core.i18n import LANGUAGE_CODES, Translated, active_language
from jmdi.directory.models import Country, Organisation
from jmdi.programmes import models as m

#: (model, the path from one of its historical rows to the programme's id)
TRACKED: list[tuple[type[Model], str]] = [
    (m.Programme, "id"),
    (m.ProgrammeCountry, "programme_id"),
    (m.Semester, "programme_id"),
    (m.Contribution, "programme_id"),
    (m.Output, "programme_id"),
    (m.Target, "output__programme_id"),
    (m.BaselineFigure, "output__programme_id"),
    (m.Indicator, "output__programme_id"),
    (m.Activity, "output__programme_id"),
    (m.SubActivity, "activity__output__programme_id"),
    (m.Risk, "programme_id"),
    (m.MonitoringItem, "programme_id"),
    (m.SelectionCriterion, "programme_id"),
    (m.GovernanceBody, "programme_id"),
]
MODELS = {str(model._meta.model_name): model for model, _path in TRACKED}

#: The record's parent: it never changes, and the entry already says which record it is.
PARENT_FIELDS = {"programme_id", "output_id", "activity_id"}
#: Keys per JSON object: PostgreSQL takes at most 100 arguments per function call.
CHUNK = 30
#: The labels of translated fields (each `Translated(verbose_name=...)`), for the catalogues.
TRANSLATED_FIELD_LABELS = [
    gettext_noop("short name"),
    gettext_noop("title"),
    gettext_noop("objective"),
    gettext_noop("description"),
    gettext_noop("geographical coverage"),
    gettext_noop("management arrangements"),
    gettext_noop("rate source"),
    gettext_noop("name"),
    gettext_noop("baseline"),
    gettext_noop("target"),
    gettext_noop("figure"),
    gettext_noop("responsible party"),
    gettext_noop("effect"),
    gettext_noop("countermeasures"),
    gettext_noop("owner"),
    gettext_noop("submitted or updated by"),
    gettext_noop("purpose"),
    gettext_noop("responsible"),
    gettext_noop("recipient"),
    gettext_noop("criterion"),
    gettext_noop("mandate"),
    gettext_noop("chair"),
]
LOADER = "file"  # the person filter's value for changes made by loading the programme file


@dataclass(frozen=True)
class Person:
    value: str
    name: str


@dataclass(frozen=True)
class FieldChange:
    label: str
    before: str | None  # None: the field was empty
    after: str | None
    long: bool = False
    #: The language of the values when it is not the reader's: a translation's column, or
    #: a field written in English only (notes, bases, the wording as printed).
    lang: str | None = None

    @property
    def dir(self) -> str:
        return "rtl" if self.lang == "ar" else "ltr"


@dataclass(frozen=True)
class Change:
    when: dt.datetime
    who: str  # "" for the programme file loader
    kind: str
    record: str
    action: str  # "created", "changed" or "deleted"
    fields: list[FieldChange] = field(default_factory=list)
    reason: str = ""


# --- The list, as one query ----------------------------------------------------------


def _field(model: type[Model], name: str) -> Field[Any, Any]:
    return cast("Field[Any, Any]", model._meta.get_field(name))


def _tracked_names(model: type[Model]) -> list[str]:
    return [
        f.attname
        for f in model._meta.concrete_fields
        if not f.primary_key and f.attname not in PARENT_FIELDS
    ]


def _values_object(model: type[Model]) -> JSONObject:
    names = _tracked_names(model)
    chunks = [names[i : i + CHUNK] for i in range(0, len(names), CHUNK)]
    return JSONObject(
        **{f"c{i}": JSONObject(**{n: F(n) for n in chunk}) for i, chunk in enumerate(chunks)}
    )


def _links_object(model: type[Model], history_id: Any) -> JSONObject:
    """The ids each many-to-many field pointed to in a historical row, as "3,7,9"."""
    history_model: Any = model.history.model  # type: ignore[attr-defined]
    links = {}
    for m2m in model._meta.many_to_many:
        link_model = getattr(history_model, m2m.name).model
        target = f"{m2m.m2m_reverse_field_name()}_id"
        links[m2m.name] = Subquery(
            link_model.objects.filter(history=history_id)
            .order_by()
            .values("history")
            .annotate(ids=StringAgg(Cast(target, CharField()), delimiter=Value(",")))
            .values("ids")
        )
    return JSONObject(**links)


def _part(
    model: type[Model],
    path: str,
    programme: m.Programme,
    *,
    person: str | None,
    date_from: dt.date | None,
    date_to: dt.date | None,
) -> QuerySet[Any]:
    """One model's historical rows that pass the filters: which, and when (no values)."""
    history_model: Any = model.history.model  # type: ignore[attr-defined]
    rows = history_model.objects.filter(**{path: programme.pk})
    if person == LOADER:
        rows = rows.filter(history_user__isnull=True)
    elif person:
        rows = rows.filter(history_user_id=int(person))
    if date_from:
        rows = rows.filter(history_date__gte=_start_of(date_from))
    if date_to:
        rows = rows.filter(history_date__lt=_start_of(date_to + dt.timedelta(days=1)))
    return (
        rows.order_by()
        .annotate(kind=Value(model._meta.model_name, CharField()))
        .values("kind", "history_id", "history_date")
    )


def _details(model: type[Model], history_ids: list[int]) -> QuerySet[Any]:
    """The values of the given historical rows and of the row before each, as JSON."""
    history_model: Any = model.history.model  # type: ignore[attr-defined]
    previous = history_model.objects.filter(
        id=OuterRef("id"), history_id__lt=OuterRef("history_id")
    ).order_by("-history_id")
    return (
        history_model.objects.filter(history_id__in=history_ids)
        .order_by()
        .annotate(
            kind=Value(model._meta.model_name, CharField()),
            previous_id=Subquery(previous.values("history_id")[:1]),
            data=_values_object(model),
            before=Subquery(previous.annotate(v=_values_object(model)).values("v")[:1]),
            links=_links_object(model, OuterRef("history_id")),
            links_before=_links_object(model, OuterRef("previous_id")),
        )
        .values(
            "kind",
            "history_id",
            "history_date",
            "history_user_id",
            "history_type",
            "history_change_reason",
            "data",
            "before",
            "links",
            "links_before",
        )
    )


def page_details(rows: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    """The values of a page of changes, in the page's order: one query, whatever the page.

    Listing and counting read only which rows and when, so they stay cheap however long
    the history; the values are built (by the database, as JSON) for the page's rows only.
    """
    rows = list(rows)
    wanted: dict[str, list[int]] = {}
    for row in rows:
        wanted.setdefault(row["kind"], []).append(row["history_id"])
    parts = [_details(MODELS[kind], ids) for kind, ids in wanted.items()]
    if not parts:
        return []
    found = {(r["kind"], r["history_id"]): r for r in parts[0].union(*parts[1:], all=True)}
    return [found[(row["kind"], row["history_id"])] for row in rows]


def _start_of(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


def programme_changes(
    programme: m.Programme,
    *,
    kind: str | None = None,
    person: str | None = None,
    date_from: dt.date | None = None,
    date_to: dt.date | None = None,
) -> QuerySet[Any]:
    """Every change to the programme's records, newest first: one query per page.

    `kind` is a model name (`subactivity`); `person` a user id, or LOADER for changes
    the programme file made. Rows say which change and when; `describe()` reads them.
    """
    parts = [
        _part(model, path, programme, person=person, date_from=date_from, date_to=date_to)
        for model, path in TRACKED
        if not kind or model._meta.model_name == kind
    ]
    return parts[0].union(*parts[1:], all=True).order_by("-history_date", "-history_id")


def record_kinds() -> list[tuple[str, str]]:
    """(model name, label) of each kind of record the history covers, in file order."""
    return [(name, capfirst(str(model._meta.verbose_name))) for name, model in MODELS.items()]


def people_who_changed(programme: m.Programme) -> list[Person]:
    """Everyone who changed the programme, and the programme file: two queries."""
    parts = [
        model.history.model.objects.filter(**{path: programme.pk})  # type: ignore[attr-defined]
        .order_by()
        .values("history_user_id")
        for model, path in TRACKED
    ]
    ids = {row["history_user_id"] for row in parts[0].union(*parts[1:]).order_by()}
    people = [Person(LOADER, gettext("The programme file"))] if None in ids else []
    users = User.objects.filter(pk__in=[i for i in ids if i is not None])
    named = sorted(users, key=lambda u: (u.full_name or u.email).casefold())
    return people + [Person(str(u.pk), u.full_name or u.email) for u in named]


# --- Describing a page of changes -------------------------------------------------------


def _json(value: Any) -> Any:
    # SQLite hands nested objects and JSON columns back as text, PostgreSQL as JSON.
    return json.loads(value) if isinstance(value, str) else value


def _flatten(value: Any) -> dict[str, Any] | None:
    value = _json(value)
    if value is None:
        return None
    flat: dict[str, Any] = {}
    for chunk in value.values():
        flat.update(_json(chunk))
    return flat


def _ids(text: str | None) -> frozenset[int]:
    return frozenset(int(i) for i in text.split(",")) if text else frozenset()


def _split_translated(model: type[Model], name: str) -> tuple[Translated, str] | None:
    base, _sep, language = name.rpartition("_")
    descriptor = getattr(model, base, None) if language in LANGUAGE_CODES else None
    return (descriptor, language) if isinstance(descriptor, Translated) else None


def field_label(model: type[Model], name: str) -> str:
    translated = _split_translated(model, name)
    if translated:
        descriptor, language = translated
        return gettext("%(field)s, in %(language)s") % {
            "field": capfirst(gettext(descriptor.verbose_name)),
            "language": get_language_info(language)["name_translated"],
        }
    if name == "order":
        return pgettext("history field", "Position in its list")
    return capfirst(str(_field(model, name).verbose_name))


class _Names:
    """Names of the records a page's values point to: one query per kind, for the page."""

    def __init__(self, rows: Iterable[dict[str, Any]]) -> None:
        wanted: dict[type[Model], set[int]] = {}
        for row in rows:
            model = MODELS[row["kind"]]
            for values in (row["data"], row["before"]):
                for name, value in (values or {}).items():
                    related = _related_model(model, name)
                    if related is not None and value is not None:
                        wanted.setdefault(related, set()).add(int(value))
            for links in (row["links"], row["links_before"]):
                for name, ids in links.items():
                    related = model._meta.get_field(name).related_model
                    wanted.setdefault(related, set()).update(ids)  # type: ignore[arg-type]
        self.names: dict[tuple[type[Model], int], str] = {}
        for related, ids in wanted.items():
            for obj in related._default_manager.filter(pk__in=ids):
                self.names[(related, obj.pk)] = _name_of(obj)

    def __call__(self, related: type[Model], pk: int) -> str:
        return self.names.get((related, pk), f"#{pk}")


def _related_model(model: type[Model], name: str) -> type[Model] | None:
    if not name.endswith("_id"):
        return None
    model_field = _field(model, name)
    if isinstance(model_field, ForeignKey):
        return cast("type[Model]", model_field.related_model)
    return None


def _name_of(obj: Model) -> str:
    if isinstance(obj, Organisation):
        return str(obj.localized_name)
    if isinstance(obj, Country):
        return str(obj.name)
    return str(obj)


def _format(model: type[Model], name: str, value: Any, names: _Names) -> str | None:
    if value is None or value == "":
        return None
    model_field = _field(model, name)
    if isinstance(model_field, ForeignKey):
        return names(cast("type[Model]", model_field.related_model), int(value))
    if model_field.choices:
        return str(dict(model_field.flatchoices).get(value, value))
    if isinstance(model_field, BooleanField):
        return gettext("Yes") if value else gettext("No")
    if isinstance(model_field, DateField):
        return formats.date_format(dt.date.fromisoformat(str(value)[:10]), "DATE_FORMAT")
    if isinstance(model_field, DecimalField):
        number = Decimal(str(value)).quantize(Decimal(1).scaleb(-model_field.decimal_places))
        return formats.number_format(
            number, model_field.decimal_places, use_l10n=True, force_grouping=True
        )
    if isinstance(model_field, JSONField):
        return _format_list(model, name, _json(value))
    return str(value)


def _format_list(model: type[Model], name: str, items: Any) -> str | None:
    if not items:
        return None
    if not isinstance(items, list):
        return json.dumps(items, ensure_ascii=False)
    labels = dict(m.Risk.Type.choices) if (model, name) == (m.Risk, "types") else {}
    language = active_language()
    texts = [
        (item.get(language) or item.get("en", "")) if isinstance(item, dict) else item
        for item in items
    ]
    return _join(str(labels.get(text, text)) for text in texts)


def _join(texts: Iterable[str]) -> str:
    return pgettext("list separator", ", ").join(texts)


def _label(model: type[Model], values: dict[str, Any], names: _Names) -> str:
    """The record's code or number and its name, in the reader's language."""
    language = active_language()

    def text(base: str) -> str:
        return str(values.get(f"{base}_{language}") or values.get(f"{base}_en") or "")

    if model is m.Programme:
        return text("short_name")
    if model is m.ProgrammeCountry:
        return names(Country, values["country_id"])
    if model is m.Contribution:
        return names(Organisation, values["donor_id"])
    if model in (m.GovernanceBody, m.MonitoringItem):
        return text("name")
    if model is m.Risk:
        return f"{values['number']}. {text('title')}"
    if model is m.BaselineFigure:
        return f"{values['code']} {text('text').replace('{value}', str(values['value']))}"
    for base in ("name", "title", "text"):
        if text(base):
            return f"{values['code']} {text(base)}"
    return str(values.get("code", ""))


def _field_changes(model: type[Model], row: dict[str, Any], names: _Names) -> list[FieldChange]:
    before, after = row["before"] or {}, row["data"]
    changes = []
    for name in _tracked_names(model):
        if name in before and _normal(model, name, before[name]) != _normal(
            model, name, after.get(name)
        ):
            old = _format(model, name, before[name], names)
            new = _format(model, name, after.get(name), names)
            if old != new:
                changes.append(_change(field_label(model, name), old, new, _language(model, name)))
    for name, ids in row["links"].items():
        previous = row["links_before"].get(name, frozenset())
        if ids != previous:
            related: Any = model._meta.get_field(name).related_model
            ordered = {
                key: _join(sorted((names(related, i) for i in chosen), key=_natural))
                for key, chosen in (("before", previous), ("after", ids))
            }
            changes.append(
                _change(
                    field_label(model, name), ordered["before"] or None, ordered["after"] or None
                )
            )
    return changes


def _normal(model: type[Model], name: str, value: Any) -> Any:
    """A value as the database handed it back, comparable across SQLite and PostgreSQL."""
    if value is None:
        return None
    model_field = _field(model, name)
    if isinstance(model_field, JSONField):
        return _json(value)
    if isinstance(model_field, BooleanField):
        return bool(value)
    if isinstance(model_field, DecimalField):
        return Decimal(str(value))
    return value


def _natural(text: str) -> tuple[int | str, ...]:
    # "S9" before "S10".
    return tuple(int(part) if part.isdigit() else part for part in _split_digits(text))


def _split_digits(text: str) -> list[str]:
    parts: list[str] = []
    for char in text:
        if parts and parts[-1][-1].isdigit() == char.isdigit():
            parts[-1] += char
        else:
            parts.append(char)
    return parts


def _change(
    label: str, before: str | None, after: str | None, lang: str | None = None
) -> FieldChange:
    long = max(len(before or ""), len(after or "")) > 80
    return FieldChange(label, before, after, long, lang)


def _language(model: type[Model], name: str) -> str | None:
    """The language a field's values are written in, where it is not the reader's."""
    translated = _split_translated(model, name)
    if translated:
        return translated[1]
    model_field = _field(model, name)
    free_text = isinstance(model_field, (CharField, TextField, JSONField))
    if free_text and not model_field.choices and name not in {"code", "types"}:
        return "en"
    return None


ACTIONS = {"+": "created", "~": "changed", "-": "deleted"}


def describe(rows: Iterable[dict[str, Any]], people: Iterable[Person] = ()) -> list[Change]:
    """The changes of one page, field by field, in the reader's language."""
    rows = [
        {
            **row,
            "data": _flatten(row["data"]) or {},
            "before": _flatten(row["before"]),
            "links": {k: _ids(v) for k, v in (_json(row["links"]) or {}).items()},
            "links_before": {k: _ids(v) for k, v in (_json(row["links_before"]) or {}).items()},
        }
        for row in page_details(rows)
    ]
    names = _Names(rows)
    who = {person.value: person.name for person in people}
    changes = []
    for row in rows:
        model = MODELS[row["kind"]]
        action = ACTIONS.get(row["history_type"], "changed")
        user = row["history_user_id"]
        changes.append(
            Change(
                when=timezone.localtime(row["history_date"]),
                who="" if user is None else who.get(str(user), f"#{user}"),
                kind=capfirst(str(model._meta.verbose_name)),
                record=_label(model, row["data"], names),
                action=action,
                fields=_field_changes(model, row, names) if action == "changed" else [],
                reason=row["history_change_reason"] or "",
            )
        )
    return changes
