"""Writing a checked programme file to the database, matched by codes.

A record whose values did not change is not saved again, so reloading the same file
writes nothing and adds no history. Programme records are never deleted: a code that is
in the database but missing from the file is refused.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.db import models
from django.db.models.signals import post_save

from jmdi.core.i18n import translated_values
from jmdi.programmes.loader.checks import CENT, money
from jmdi.programmes.loader.reading import (
    InvalidProgrammeFile,
    PathKey,
    ProgrammeFile,
    ProgrammeFileError,
    field_path,
)


@dataclass
class LoadReport:
    programme_code: str
    created: dict[str, int] = field(default_factory=dict)
    updated: dict[str, int] = field(default_factory=dict)
    unchanged: int = 0

    @property
    def changed(self) -> bool:
        return bool(self.created or self.updated)

    def count(self, kind: str, label: str) -> None:
        bucket = self.created if kind == "created" else self.updated
        bucket[label] = bucket.get(label, 0) + 1


def _tr(name: str, value: dict[str, str] | None) -> dict[str, str]:
    return translated_values(name, value or {})


def _date(value: str) -> dt.date:
    return dt.date.fromisoformat(value if len(value) == 10 else f"{value}-01")


class _Writer:
    def __init__(self, report: LoadReport) -> None:
        self.report = report

    def upsert(
        self,
        model: type[models.Model],
        lookup: dict[str, Any],
        values: dict[str, Any],
        links: dict[str, list[models.Model]] | None = None,
    ) -> Any:
        """Create or update the record `lookup` names, and its many-to-many `links`.

        Whatever changed (the record, its links or both) is saved as one change, with
        one history row; nothing is written when nothing changed.
        """
        label = str(model._meta.verbose_name_plural)
        obj = model._default_manager.filter(**lookup).first()
        created = obj is None
        changed: list[str] = []
        if obj is None:
            obj = model(**lookup, **values)
        else:
            changed = [
                name
                for name, value in values.items()
                if _differs(getattr(obj, _attname(model, name)), value)
            ]
            for name in changed:
                setattr(obj, name, values[name])
        changed_links = {
            name: targets
            for name, targets in (links or {}).items()
            if created or {o.pk for o in getattr(obj, name).all()} != {o.pk for o in targets}
        }
        if not (created or changed or changed_links):
            self.report.unchanged += 1
            return obj
        obj.full_clean()
        update_fields = None if created else [_attname(model, n) for n in changed]
        if not links:
            obj.save(update_fields=update_fields)
        else:
            _save_with_links(obj, update_fields, changed_links, created=created)
        if created:
            self.report.count("created", label)
        else:
            if changed:
                self.report.count("updated", label)
            for name in changed_links:
                self.report.count("updated", f"{label} ({name})")
        return obj


def _save_with_links(
    obj: models.Model,
    update_fields: list[str] | None,
    links: dict[str, list[models.Model]],
    *,
    created: bool,
) -> None:
    """Save a record and set its links, leaving one history row for both.

    simple-history records on each save and on each change of a many-to-many link, so
    a record created with its links would show as created, then changed with nothing
    said. The writes run with its history suppressed (`skip_history_when_saving`), then
    `post_save` is sent once for the finished record, which is when simple-history
    records it, links included. No other receiver listens to programme records' saves.
    """
    obj.skip_history_when_saving = True  # type: ignore[attr-defined]
    try:
        if created or update_fields:
            obj.save(update_fields=update_fields)
        for name, targets in links.items():
            getattr(obj, name).set(targets)
    finally:
        del obj.skip_history_when_saving  # type: ignore[attr-defined]
    post_save.send(
        sender=type(obj),
        instance=obj,
        created=created,
        update_fields=update_fields,
        raw=False,
        using=obj._state.db,
    )


def _attname(model: type[models.Model], name: str) -> str:
    field_ = model._meta.get_field(name)
    return getattr(field_, "attname", name) if not isinstance(field_, models.ForeignKey) else name


def _differs(current: Any, wanted: Any) -> bool:
    if isinstance(current, models.Model) or isinstance(wanted, models.Model):
        return getattr(current, "pk", current) != getattr(wanted, "pk", wanted)
    if isinstance(current, Decimal) or isinstance(wanted, Decimal):
        if current is None or wanted is None:
            return current is not wanted
        return Decimal(current) != Decimal(wanted)
    return bool(current != wanted)


def write_programme(
    data: dict[str, Any],
    source_file: str,
    report: LoadReport,
    file: ProgrammeFile | None = None,
) -> Any:
    from jmdi.directory.models import Country, Organisation, WorldRegion
    from jmdi.programmes import models as m

    w = _Writer(report)
    orgs: dict[str, Organisation] = {}
    for item in data["organisations"]:
        names = {code: text for code, text in item["name"].items() if code != "en"}
        orgs[item["code"]] = w.upsert(
            Organisation,
            {"code": item["code"]},
            {
                "name": item["name"]["en"],
                "names": names,
                "acronym": item["code"],
                "kind": item["kind"],
                "note": item.get("note", ""),
            },
        )
    regions = {
        item["code"]: w.upsert(WorldRegion, {"code": item["code"]}, _tr("name", item["name"]))
        for item in data.get("regions", [])
    }
    countries: list[Country] = []
    for item in data["countries"]:
        region = regions.get(item.get("region", ""))
        country = Country.objects.filter(code=item["code"]).first()
        if country is None or (region is not None and country.region_id != region.pk):
            country = w.upsert(Country, {"code": item["code"]}, {"region": region})
        countries.append(country)

    prog = data["programme"]
    budget = data["budget"]
    rate = budget["exchange_rate"]
    totals = budget["total"]
    values: dict[str, Any] = {
        **_tr("short_name", prog["short_name"]),
        **_tr("title", prog["title"]),
        **_tr("objective", prog["objective"]),
        **_tr("description", prog.get("description")),
        **_tr("geographical_coverage", prog.get("geographical_coverage")),
        **_tr("management_arrangements", prog.get("management_arrangements")),
        "start_date": _date(prog["start_date"]),
        "end_date": _date(prog["end_date"]),
        "duration_months": prog["duration_months"],
        "pac_meeting_date": _date(prog["pac_meeting_date"])
        if prog.get("pac_meeting_date")
        else None,
        "service_targets": {
            key: value
            for key, value in (prog.get("service_targets") or {}).items()
            if key != "note"
        },
        "executing_entity": orgs[prog["executing_entity"]],
        "budget_currency": budget["currency"],
        "total_eur": money(totals.get("EUR", "0")),
        "total_usd": money(totals.get("USD", "0")),
        "rate_from": rate["from"],
        "rate_to": rate["to"],
        "exchange_rate": Decimal(rate["rate"]),
        **_tr("rate_source", rate["source"]),
        "rate_date": _date(rate["date"]),
        "regular_resources": money(budget.get("regular_resources", "0")),
        "in_kind": money(budget.get("in_kind", "0")),
        # The file name only: loading the same file by another path is not a change.
        "source_file": Path(source_file).name,
    }
    programme = w.upsert(
        m.Programme,
        {"code": prog["code"]},
        values,
        links={"implementing_agencies": [orgs[c] for c in prog["implementing_agencies"]]},
    )

    for order, (item, country) in enumerate(zip(data["countries"], countries, strict=True)):
        w.upsert(
            m.ProgrammeCountry,
            {"programme": programme, "country": country},
            {"order": order, "note": item.get("note", "")},
        )
    semesters: dict[str, Any] = {}
    for order, item in enumerate(data["semesters"]):
        semesters[item["code"]] = w.upsert(
            m.Semester,
            {"programme": programme, "code": item["code"]},
            {
                "start": _date(item["start"]),
                "end": _date(item["end"]),
                "order": order,
                "note": item.get("note", ""),
            },
        )
    for order, item in enumerate(budget["contributions"]):
        w.upsert(
            m.Contribution,
            {"programme": programme, "donor": orgs[item["donor"]]},
            {
                "currency": item["currency"],
                "amount": money(item["amount"]),
                "equivalent_currency": item["equivalent"]["currency"],
                "equivalent_amount": money(item["equivalent"]["amount"]),
                "agreement": item["agreement"],
                "management_modality": item.get("management_modality", ""),
                "order": order,
                "note": item.get("note", ""),
            },
        )
    for o, item in enumerate(data["outputs"]):
        output = w.upsert(
            m.Output,
            {"programme": programme, "code": item["code"]},
            {
                **_tr("name", item["name"]),
                **_tr("baseline", item.get("baseline")),
                "aliases": item.get("aliases", []),
                "order": o,
                "note": item.get("note", ""),
            },
        )
        targets: dict[str, Any] = {}
        for order, target in enumerate(item["targets"]):
            value = target["value"]
            targets[target["code"]] = w.upsert(
                m.Target,
                {"output": output, "code": target["code"]},
                {
                    **_tr("text", target["text"]),
                    "value": None if value is None else Decimal(str(value)).quantize(CENT),
                    "unit": target["unit"],
                    "per_country": target["per_country"],
                    "order": order,
                    "note": target.get("note", ""),
                },
            )
        for order, figure in enumerate(item.get("baseline_figures", [])):
            w.upsert(
                m.BaselineFigure,
                {"output": output, "code": figure["code"]},
                {
                    **_tr("text", figure["text"]),
                    "value": Decimal(str(figure["value"])).quantize(CENT),
                    "qualifier": figure.get("qualifier", m.BaselineFigure.Qualifier.EXACT),
                    "unit": figure["unit"],
                    "target": targets[figure["target"]] if "target" in figure else None,
                    "order": order,
                    "note": figure.get("note", ""),
                },
            )
        for order, indicator in enumerate(item["indicators"]):
            w.upsert(
                m.Indicator,
                {"output": output, "code": indicator["code"]},
                {
                    **_tr("name", indicator["name"]),
                    "measure": indicator.get("measure", ""),
                    **_indicator_definition(indicator, targets),
                    "order": order,
                    "note": indicator.get("note", ""),
                },
            )
        for a, act in enumerate(item["activities"]):
            activity = w.upsert(
                m.Activity,
                {"output": output, "code": act["code"]},
                {
                    **_tr("name", act["name"]),
                    "aliases": act.get("aliases", []),
                    **_tr("responsible", act.get("responsible")),
                    "order": a,
                    "note": act.get("note", ""),
                },
            )
            for s, sub in enumerate(act.get("sub_activities", [])):
                w.upsert(
                    m.SubActivity,
                    {"activity": activity, "code": sub["code"]},
                    {
                        **_tr("name", sub["name"]),
                        **_tr("responsible", sub.get("responsible")),
                        "semesters_derived": sub.get("semesters_derived", False),
                        "basis": sub.get("basis", ""),
                        "order": s,
                        "note": sub.get("note", ""),
                    },
                    links={"semesters": [semesters[c] for c in sub["semesters"]]},
                )
    for item in data.get("risks", []):
        w.upsert(
            m.Risk,
            {"programme": programme, "number": item["number"]},
            {
                "printed_number": item.get("printed_number", ""),
                **_tr("title", item["title"]),
                "date_identified": _date(str(item["date_identified"])),
                "types": item["types"],
                **_tr("effect", item["effect"]),
                "probability": item["probability"],
                "probability_label": item.get("probability_label", ""),
                "impact": item["impact"],
                "impact_label": item.get("impact_label", ""),
                **_tr("countermeasures", item["countermeasures"]),
                **_tr("owner", item.get("owner")),
                **_tr("submitted_by", item.get("submitted_by")),
                "status": item["status"],
                "note": item.get("note", ""),
            },
        )
    for order, item in enumerate(data.get("monitoring", [])):
        due = item["due"]
        w.upsert(
            m.MonitoringItem,
            {"programme": programme, "code": item["code"]},
            {
                **_tr("name", item["name"]),
                **_tr("purpose", item["purpose"]),
                **_tr("responsible", item.get("responsible")),
                **_tr("recipient", item.get("recipient")),
                "frequency": due["kind"],
                "quarter": due.get("quarter"),
                "months_before_end": due.get("months"),
                "final_at_end": due.get("final_at_end", False),
                "order": order,
                "note": item.get("note", ""),
            },
        )
    for order, item in enumerate(data.get("selection_criteria", [])):
        w.upsert(
            m.SelectionCriterion,
            {"programme": programme, "code": item["code"]},
            {**_tr("text", item["text"]), "order": order, "note": item.get("note", "")},
        )
    for order, item in enumerate(data.get("governance_bodies", [])):
        w.upsert(
            m.GovernanceBody,
            {"programme": programme, "code": item["code"]},
            {
                **_tr("name", item["name"]),
                **_tr("mandate", item.get("mandate")),
                **_tr("chair", item.get("chair")),
                "roles": item.get("roles", []),
                "order": order,
                "note": item.get("note", ""),
            },
            links={"members": [orgs[c] for c in item.get("members", [])]},
        )
    _check_nothing_removed(programme, data, file)
    return programme


def _check_nothing_removed(
    programme: Any, data: dict[str, Any], file: ProgrammeFile | None = None
) -> None:
    """Programme records are never deleted: a code missing from the file is an error.

    Each kind of record is compared with the list it comes from in the file; a missing
    record is reported at that list (e.g. `outputs[0].activities[1].sub_activities`).
    """
    from jmdi.programmes import models as m

    def codes(items: list[dict[str, Any]], key: str = "code") -> set[str]:
        return {str(item[key]) for item in items}

    def in_db(queryset: Any, *fields: str) -> set[tuple[str, ...]]:
        return {tuple(str(v) for v in row) for row in queryset.values_list(*fields)}

    problems: list[tuple[PathKey, str, list[str]]] = []

    def compare(path: PathKey, label: str, existing: set[str], wanted: set[str]) -> None:
        if existing - wanted:
            problems.append((path, label, sorted(existing - wanted)))

    top_level: list[tuple[PathKey, str, Any, str, set[str]]] = [
        (
            ("countries",),
            "countries",
            m.ProgrammeCountry.objects,
            "country__code",
            codes(data["countries"]),
        ),
        (("semesters",), "semesters", m.Semester.objects, "code", codes(data["semesters"])),
        (
            ("budget", "contributions"),
            "contributions of",
            m.Contribution.objects,
            "donor__code",
            codes(data["budget"]["contributions"], "donor"),
        ),
        (("outputs",), "outputs", m.Output.objects, "code", codes(data["outputs"])),
        (("risks",), "risks", m.Risk.objects, "number", codes(data.get("risks", []), "number")),
        (
            ("monitoring",),
            "monitoring items",
            m.MonitoringItem.objects,
            "code",
            codes(data.get("monitoring", [])),
        ),
        (
            ("selection_criteria",),
            "selection criteria",
            m.SelectionCriterion.objects,
            "code",
            codes(data.get("selection_criteria", [])),
        ),
        (
            ("governance_bodies",),
            "governance bodies",
            m.GovernanceBody.objects,
            "code",
            codes(data.get("governance_bodies", [])),
        ),
    ]
    for path, label, manager, column, wanted in top_level:
        existing = {row[0] for row in in_db(manager.filter(programme=programme), column)}
        compare(path, label, existing, wanted)

    # Records under an output (or an activity) are compared with that output's lists;
    # those of an output (activity) missing from the file are covered by its own error.
    outputs = {str(o["code"]): (i, o) for i, o in enumerate(data["outputs"])}
    for key, label, model in (
        ("targets", "targets", m.Target),
        ("baseline_figures", "baseline figures", m.BaselineFigure),
        ("indicators", "indicators", m.Indicator),
        ("activities", "activities", m.Activity),
    ):
        rows = in_db(model.objects.filter(output__programme=programme), "output__code", "code")
        for output_code, (i, output) in outputs.items():
            existing = {code for parent, code in rows if parent == output_code}
            compare(("outputs", i, key), label, existing, codes(output.get(key, [])))
    rows = in_db(
        m.SubActivity.objects.filter(activity__output__programme=programme),
        "activity__output__code",
        "activity__code",
        "code",
    )
    for output_code, (i, output) in outputs.items():
        for a, activity in enumerate(output.get("activities", [])):
            existing = {
                code
                for o_code, a_code, code in rows
                if (o_code, a_code) == (output_code, str(activity["code"]))
            }
            wanted = codes(activity.get("sub_activities", []))
            compare(
                ("outputs", i, "activities", a, "sub_activities"),
                "sub-activities",
                existing,
                wanted,
            )

    if problems:
        errors = [
            ProgrammeFileError(
                file.name if file else "(database)",
                file.line_of(path) if file else 0,
                field_path(path),
                f"{label} {', '.join(missing)} exist in the database but not in the file; "
                "programme records are never deleted, so put them back in the file.",
            )
            for path, label, missing in problems
        ]
        raise InvalidProgrammeFile(sorted(errors, key=lambda e: (e.line, e.field)))


def _figure(value: Any) -> Decimal | None:
    return None if value is None else Decimal(str(value)).quantize(CENT)


def _indicator_definition(indicator: dict[str, Any], targets: dict[str, Any]) -> dict[str, Any]:
    """The indicator's unit, direction, periods, splits, baseline and targets."""
    baseline = indicator.get("baseline", {})
    goal = indicator.get("targets", {})
    return {
        "unit": indicator.get("unit", "number"),
        "direction": indicator.get("direction", "increase"),
        "cumulative": bool(indicator.get("cumulative", False)),
        "disaggregations": list(indicator.get("disaggregations", [])),
        "baseline_value": _figure(baseline.get("value")),
        "baseline_note": baseline.get("note", ""),
        "target": targets[goal["target"]] if "target" in goal else None,
        "target_value": _figure(goal.get("overall")),
        "target_per_country": _figure(goal.get("per_country")),
        "targets_by_period": {
            code: str(_figure(value)) for code, value in goal.get("by_period", {}).items()
        },
        "target_note": goal.get("note", ""),
    }
