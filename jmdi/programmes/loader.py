"""Read, validate and load a programme file (see docs/programme-format.md).

Reading keeps the line of every value, so that each error names the file, the line and
the field, and says how to fix it. Loading is all-or-nothing and idempotent: records are
matched by their codes, and a record whose values did not change is not saved again, so
a second load of the same file writes nothing (and adds no history).
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from typing import Any

import yaml
from django.db import models, transaction
from django_countries import countries as iso_countries
from jsonschema import Draft202012Validator, FormatChecker
from jsonschema.exceptions import ValidationError as SchemaError

from jmdi.core.i18n import LANGUAGE_CODES, translated_values

SCHEMA_PATH = Path(__file__).parent / "schema" / "programme.schema.json"
LANGUAGE_NAMES = {"en": "English", "fr": "French", "es": "Spanish", "ar": "Arabic"}
CENT = Decimal("0.01")

PathKey = tuple[str | int, ...]


@dataclass(frozen=True)
class ProgrammeFileError:
    file: str
    line: int
    field: str
    message: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.field}: {self.message}"


class InvalidProgrammeFile(Exception):
    def __init__(self, errors: list[ProgrammeFileError]) -> None:
        self.errors = errors
        super().__init__("\n".join(str(e) for e in errors))


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


# --- Reading ---------------------------------------------------------------------------


class _Loader(yaml.SafeLoader):
    """Safe YAML, with dates kept as text so that an impossible date is our error to word."""


_Loader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def field_path(path: PathKey) -> str:
    text = ""
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text or "(file)"


class ProgrammeFile:
    """A parsed programme file: its data and the line of each value."""

    def __init__(self, path: Path, display_name: str | None = None) -> None:
        self.path = path
        self.name = display_name or str(path)
        self.lines: dict[PathKey, int] = {}
        self.errors: list[ProgrammeFileError] = []
        self.data: Any = None
        self._read()

    def line_of(self, path: PathKey) -> int:
        while path not in self.lines and path:
            path = path[:-1]
        return self.lines.get(path, 1)

    def error(self, path: PathKey, message: str) -> None:
        self.errors.append(
            ProgrammeFileError(self.name, self.line_of(path), field_path(path), message)
        )

    def _read(self) -> None:
        try:
            text = self.path.read_text(encoding="utf-8")
        except FileNotFoundError:
            self.errors.append(
                ProgrammeFileError(self.name, 0, "(file)", "no such file; check the path.")
            )
            return
        except UnicodeDecodeError as exc:
            self.errors.append(
                ProgrammeFileError(
                    self.name,
                    1,
                    "(file)",
                    f"not UTF-8 text ({exc.reason}); save the file as UTF-8.",
                )
            )
            return
        loader = _Loader(text)
        try:
            node = loader.get_single_node()
            if node is None:
                self.errors.append(ProgrammeFileError(self.name, 1, "(file)", "the file is empty."))
                return
            self.data = self._build(loader, node, ())
        except yaml.MarkedYAMLError as exc:
            mark = exc.problem_mark or exc.context_mark
            line = mark.line + 1 if mark else 1
            self.errors.append(
                ProgrammeFileError(
                    self.name,
                    line,
                    "(file)",
                    f"not valid YAML: {exc.problem or exc}; check indentation and quotes.",
                )
            )
        finally:
            loader.dispose()

    def _build(self, loader: _Loader, node: yaml.Node, path: PathKey) -> Any:
        self.lines[path] = node.start_mark.line + 1
        if isinstance(node, yaml.MappingNode):
            result: dict[str, Any] = {}
            for key_node, value_node in node.value:
                key = str(loader.construct_object(key_node))
                if key in result:
                    self.lines[(*path, key)] = key_node.start_mark.line + 1
                    self.error((*path, key), f"`{key}` is given twice in the same block; keep one.")
                result[key] = self._build(loader, value_node, (*path, key))
                # A block value starts on the line after its key; the key's line is the
                # one to name (an unknown key, a translation missing from `name:`).
                self.lines[(*path, key)] = key_node.start_mark.line + 1
            return result
        if isinstance(node, yaml.SequenceNode):
            return [self._build(loader, child, (*path, i)) for i, child in enumerate(node.value)]
        return loader.construct_object(node)


# --- Validating ------------------------------------------------------------------------


def _schema_validator() -> Draft202012Validator:
    schema = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    return Draft202012Validator(schema, format_checker=FormatChecker())


def _date_problem(value: str) -> str | None:
    try:
        dt.date.fromisoformat(value)
    except ValueError as exc:
        return str(exc)
    return None


def _schema_message(error: SchemaError) -> tuple[PathKey, str]:
    path: PathKey = tuple(error.absolute_path)
    value = error.instance
    kind = error.validator
    if kind == "required":
        missing = next(
            (
                name
                for name in error.validator_value
                if isinstance(value, dict) and name not in value
            ),
            "?",
        )
        if missing in LANGUAGE_NAMES:
            return (*path, missing), (
                f"the {LANGUAGE_NAMES[missing]} translation is missing; add `{missing}:` with the text in "
                f"{LANGUAGE_NAMES[missing]}."
            )
        return (*path, missing), f"`{missing}` is required here; add it."
    if kind == "additionalProperties":
        allowed = ", ".join(sorted(error.schema.get("properties", {})))
        extra = (
            sorted(set(value) - set(error.schema.get("properties", {})))
            if isinstance(value, dict)
            else []
        )
        name = extra[0] if extra else "?"
        return (
            *path,
            name,
        ), f"unknown field `{name}`; check its spelling (allowed here: {allowed})."
    if kind == "format" and error.validator_value == "date":
        reason = _date_problem(str(value)) or "not a date"
        return (
            path,
            f"{value} is not a date that exists ({reason}); write an existing date as YYYY-MM-DD.",
        )
    if kind == "pattern":
        pattern = error.validator_value
        if pattern.startswith("^\\d+(\\.\\d{1,2})?$"):
            return path, (
                f"{value!r} is not an amount: write a quoted decimal with at most two decimals, "
                'such as "1250.00"; amounts cannot be negative.'
            )
        if pattern == "^\\d{4}-\\d{2}-\\d{2}$":
            return path, f"{value!r} is not a date: write it as YYYY-MM-DD, unquoted."
        if pattern == "^[A-Z]{2}$":
            return (
                path,
                f"{value!r} is not a country code: use the two capital letters of ISO 3166-1, e.g. MA.",
            )
        return path, f"{value!r} does not have the expected form ({pattern})."
    if kind in {"minimum", "maximum"}:
        bounds = error.schema
        low, high = bounds.get("minimum"), bounds.get("maximum")
        if low is not None and high is not None:
            return path, f"{value} is outside the scale; use a whole number from {low} to {high}."
        if low is not None:
            return path, f"{value} is too small; use a number of at least {low}."
        return path, f"{value} is too large; use a number of at most {high}."
    if kind == "minLength":
        if path and path[-1] in LANGUAGE_NAMES:
            return (
                path,
                f"the {LANGUAGE_NAMES[str(path[-1])]} text is empty; write the translation.",
            )
        return path, "this text is empty; write it."
    if kind == "enum":
        return (
            path,
            f"{value!r} is not one of the allowed values: {', '.join(map(str, error.validator_value))}.",
        )
    if kind == "type":
        return path, f"{value!r} should be {error.validator_value}."
    if kind == "const":
        return path, f"{value!r} must be {error.validator_value!r}."
    return path, error.message


def _sorted_schema_errors(errors: Iterable[SchemaError]) -> Iterator[SchemaError]:
    # Errors from `anyOf`/`oneOf` branches bury the useful one; report the leaves.
    for error in errors:
        if error.context:
            yield from _sorted_schema_errors(error.context)
        else:
            yield error


def _money(value: str) -> Decimal:
    return Decimal(value)


def _convert(amount: Decimal, currency: str, rate: dict[str, Any]) -> tuple[str, Decimal] | None:
    factor = Decimal(rate["rate"])
    if currency == rate["from"]:
        return rate["to"], (amount * factor).quantize(CENT, rounding=ROUND_HALF_UP)
    if currency == rate["to"]:
        return rate["from"], (amount / factor).quantize(CENT, rounding=ROUND_HALF_UP)
    return None


def _unique(file: ProgrammeFile, items: list[dict[str, Any]], key: str, base: PathKey) -> set[Any]:
    seen: set[Any] = set()
    for i, item in enumerate(items):
        value = item.get(key)
        if value in seen:
            file.error((*base, i, key), f"{key} {value!r} is used twice; each must be unique.")
        seen.add(value)
    return seen


def check_semantics(file: ProgrammeFile) -> None:
    """What the schema cannot say: references resolve, dates hold together, money adds up."""
    data = file.data
    prog = data["programme"]
    start, end = dt.date.fromisoformat(prog["start_date"]), dt.date.fromisoformat(prog["end_date"])
    if end <= start:
        file.error(
            ("programme", "end_date"),
            f"the programme ends ({end}) before it starts ({start}); fix either date.",
        )

    org_codes = _unique(file, data["organisations"], "code", ("organisations",))

    def need_org(path: PathKey, code: str) -> None:
        if code not in org_codes:
            file.error(
                path,
                f"organisation {code!r} is not listed under `organisations`; add it there or fix the code.",
            )

    need_org(("programme", "executing_entity"), prog["executing_entity"])
    for i, code in enumerate(prog["implementing_agencies"]):
        need_org(("programme", "implementing_agencies", i), code)

    region_codes = _unique(file, data.get("regions", []), "code", ("regions",))
    _unique(file, data["countries"], "code", ("countries",))
    for i, country in enumerate(data["countries"]):
        if country["code"] not in iso_countries:
            file.error(
                ("countries", i, "code"),
                f"{country['code']!r} is not an ISO 3166-1 country code; use e.g. MA for Morocco.",
            )
        if "region" in country and country["region"] not in region_codes:
            file.error(
                ("countries", i, "region"),
                f"region {country['region']!r} is not listed under `regions`.",
            )

    semester_codes = _unique(file, data["semesters"], "code", ("semesters",))
    previous_end: dt.date | None = None
    for i, semester in enumerate(data["semesters"]):
        s_start, s_end = (
            dt.date.fromisoformat(semester["start"]),
            dt.date.fromisoformat(semester["end"]),
        )
        if s_end < s_start:
            file.error(
                ("semesters", i, "end"),
                f"the semester ends ({s_end}) before it starts ({s_start}).",
            )
        if s_start < start or s_end > end:
            file.error(
                ("semesters", i),
                f"the semester {s_start} to {s_end} falls outside the programme period {start} to {end}.",
            )
        if previous_end and s_start <= previous_end:
            file.error(
                ("semesters", i, "start"),
                "semesters overlap or are out of order; list them in time order without overlap.",
            )
        previous_end = s_end

    budget = data["budget"]
    rate = budget["exchange_rate"]
    if Decimal(rate["rate"]) <= 0:
        file.error(("budget", "exchange_rate", "rate"), "the rate must be greater than zero.")
        return
    sums: dict[str, Decimal] = {}
    for i, contribution in enumerate(budget["contributions"]):
        need_org(("budget", "contributions", i, "donor"), contribution["donor"])
        amount = _money(contribution["amount"])
        equivalent = contribution["equivalent"]
        converted = _convert(amount, contribution["currency"], rate)
        if converted is None or converted[0] != equivalent["currency"]:
            file.error(
                ("budget", "contributions", i, "equivalent", "currency"),
                f"the stated rate converts between {rate['from']} and {rate['to']} only; use those currencies.",
            )
        elif converted[1] != _money(equivalent["amount"]):
            file.error(
                ("budget", "contributions", i, "equivalent", "amount"),
                f"{contribution['amount']} {contribution['currency']} at {rate['rate']} is {converted[1]} "
                f"{converted[0]}, not {equivalent['amount']}; correct the amount or the rate.",
            )
        sums[contribution["currency"]] = sums.get(contribution["currency"], Decimal(0)) + amount
        sums[equivalent["currency"]] = sums.get(equivalent["currency"], Decimal(0)) + _money(
            equivalent["amount"]
        )
    for currency, total in budget["total"].items():
        if sums.get(currency, Decimal(0)) != _money(total):
            file.error(
                ("budget", "total", currency),
                f"the contributions add up to {sums.get(currency, Decimal(0))} {currency}, not {total}; "
                "correct the total or a contribution.",
            )
    if budget["currency"] not in budget["total"]:
        file.error(
            ("budget", "total"), f"give the total in the budget currency {budget['currency']}."
        )

    output_codes = _unique(file, data["outputs"], "code", ("outputs",))
    del output_codes
    for o, output in enumerate(data["outputs"]):
        base: PathKey = ("outputs", o)
        _unique(file, output["targets"], "code", (*base, "targets"))
        _unique(file, output["indicators"], "code", (*base, "indicators"))
        _unique(file, output["activities"], "code", (*base, "activities"))
        for a, activity in enumerate(output["activities"]):
            subs = activity.get("sub_activities", [])
            _unique(file, subs, "code", (*base, "activities", a, "sub_activities"))
            for s, sub in enumerate(subs):
                for k, code in enumerate(sub["semesters"]):
                    if code not in semester_codes:
                        file.error(
                            (*base, "activities", a, "sub_activities", s, "semesters", k),
                            f"semester {code!r} is not listed under `semesters`.",
                        )

    _unique(file, data.get("risks", []), "number", ("risks",))
    for i, risk in enumerate(data.get("risks", [])):
        text = str(risk["date_identified"])
        problem = _date_problem(text if len(text) == 10 else f"{text}-01")
        if problem:
            file.error(
                ("risks", i, "date_identified"),
                f"{text} is not a date that exists ({problem}); write YYYY-MM or YYYY-MM-DD.",
            )
    _unique(file, data.get("selection_criteria", []), "code", ("selection_criteria",))
    _unique(file, data.get("governance_bodies", []), "code", ("governance_bodies",))
    for b, body in enumerate(data.get("governance_bodies", [])):
        for m, code in enumerate(body.get("members", [])):
            need_org(("governance_bodies", b, "members", m), code)


def read_programme_file(path: Path, display_name: str | None = None) -> ProgrammeFile:
    """Parse and validate; raises InvalidProgrammeFile with every error found."""
    file = ProgrammeFile(path, display_name)
    if not file.errors:
        for error in _sorted_schema_errors(_schema_validator().iter_errors(file.data)):
            error_path, message = _schema_message(error)
            file.error(error_path, message)
    if not file.errors:
        check_semantics(file)
    if file.errors:
        file.errors.sort(key=lambda e: (e.line, e.field))
        raise InvalidProgrammeFile(file.errors)
    return file


# --- Writing ---------------------------------------------------------------------------


def _tr(name: str, value: dict[str, str] | None) -> dict[str, str]:
    return translated_values(name, value or {})


def _date(value: str) -> dt.date:
    return dt.date.fromisoformat(value if len(value) == 10 else f"{value}-01")


class _Writer:
    def __init__(self, report: LoadReport) -> None:
        self.report = report

    def upsert(
        self, model: type[models.Model], lookup: dict[str, Any], values: dict[str, Any]
    ) -> Any:
        label = str(model._meta.verbose_name_plural)
        obj = model._default_manager.filter(**lookup).first()
        if obj is None:
            obj = model(**lookup, **values)
            obj.full_clean()
            obj.save()
            self.report.count("created", label)
            return obj
        changed = [
            name
            for name, value in values.items()
            if _differs(getattr(obj, _attname(model, name)), value)
        ]
        if changed:
            for name in changed:
                setattr(obj, name, values[name])
            obj.full_clean()
            obj.save(update_fields=[_attname(model, n) for n in changed])
            self.report.count("updated", label)
        else:
            self.report.unchanged += 1
        return obj

    def set_m2m(self, obj: models.Model, name: str, targets: list[models.Model]) -> None:
        manager = getattr(obj, name)
        current = {o.pk for o in manager.all()}
        wanted = {o.pk for o in targets}
        if current != wanted:
            manager.set(targets)
            self.report.count("updated", f"{obj._meta.verbose_name_plural} ({name})")


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
        "executing_entity": orgs[prog["executing_entity"]],
        "budget_currency": budget["currency"],
        "total_eur": _money(totals.get("EUR", "0")),
        "total_usd": _money(totals.get("USD", "0")),
        "rate_from": rate["from"],
        "rate_to": rate["to"],
        "exchange_rate": Decimal(rate["rate"]),
        **_tr("rate_source", rate["source"]),
        "rate_date": _date(rate["date"]),
        "regular_resources": _money(budget.get("regular_resources", "0")),
        "in_kind": _money(budget.get("in_kind", "0")),
        # The file name only: loading the same file by another path is not a change.
        "source_file": Path(source_file).name,
    }
    programme = w.upsert(m.Programme, {"code": prog["code"]}, values)
    w.set_m2m(programme, "implementing_agencies", [orgs[c] for c in prog["implementing_agencies"]])

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
                "amount": _money(item["amount"]),
                "equivalent_currency": item["equivalent"]["currency"],
                "equivalent_amount": _money(item["equivalent"]["amount"]),
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
        for order, target in enumerate(item["targets"]):
            value = target["value"]
            w.upsert(
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
        for order, indicator in enumerate(item["indicators"]):
            w.upsert(
                m.Indicator,
                {"output": output, "code": indicator["code"]},
                {
                    **_tr("name", indicator["name"]),
                    "measure": indicator.get("measure", ""),
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
                sub_activity = w.upsert(
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
                )
                w.set_m2m(sub_activity, "semesters", [semesters[c] for c in sub["semesters"]])
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
    for order, item in enumerate(data.get("selection_criteria", [])):
        w.upsert(
            m.SelectionCriterion,
            {"programme": programme, "code": item["code"]},
            {**_tr("text", item["text"]), "order": order, "note": item.get("note", "")},
        )
    for order, item in enumerate(data.get("governance_bodies", [])):
        body = w.upsert(
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
        )
        w.set_m2m(body, "members", [orgs[c] for c in item.get("members", [])])
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


def load_programme(path: Path, display_name: str | None = None) -> LoadReport:
    """Validate the file, then write it in one transaction. Raises InvalidProgrammeFile."""
    file = read_programme_file(path, display_name)
    report = LoadReport(programme_code=file.data["programme"]["code"])
    with transaction.atomic():
        write_programme(file.data, display_name or path.name, report, file)
    return report


__all__ = [
    "LANGUAGE_CODES",
    "InvalidProgrammeFile",
    "LoadReport",
    "ProgrammeFileError",
    "load_programme",
    "read_programme_file",
]
