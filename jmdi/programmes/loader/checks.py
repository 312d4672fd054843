"""Checking a programme file: the schema first, then what a schema cannot say.

The schema (`schema/programme.schema.json`) fixes the shape; `check_semantics` then
checks that dates exist and hold together, codes resolve, and money adds up at the
stated rate. Each problem is reported where it is, with the fix.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Iterable, Iterator
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from typing import Any

from django_countries import countries as iso_countries
from jsonschema import Draft202012Validator, FormatChecker
from jsonschema.exceptions import ValidationError as SchemaError

from jmdi.programmes.loader.reading import PathKey, ProgrammeFile
from jmdi.programmes.monitoring import months_before

SCHEMA_PATH = Path(__file__).parent.parent / "schema" / "programme.schema.json"
LANGUAGE_NAMES = {"en": "English", "fr": "French", "es": "Spanish", "ar": "Arabic"}
CENT = Decimal("0.01")


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


def check_schema(file: ProgrammeFile) -> None:
    """The file's shape, against the schema; each error worded with its fix."""
    for error in _sorted_schema_errors(_schema_validator().iter_errors(file.data)):
        error_path, message = _schema_message(error)
        file.error(error_path, message)


def _sorted_schema_errors(errors: Iterable[SchemaError]) -> Iterator[SchemaError]:
    # Errors from `anyOf`/`oneOf` branches bury the useful one; report the leaves.
    for error in errors:
        if error.context:
            yield from _sorted_schema_errors(error.context)
        else:
            yield error


def money(value: str) -> Decimal:
    return Decimal(value)


def convert(amount: Decimal, currency: str, rate: dict[str, Any]) -> tuple[str, Decimal] | None:
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

    _check_countries(file)
    semester_codes = _check_semesters(file, start, end)
    _check_budget(file, need_org)
    _check_outputs(file, semester_codes)
    _check_indicators(file, start, end, semester_codes)
    _check_risks(file)
    _check_monitoring(file, start, end)
    _unique(file, data.get("selection_criteria", []), "code", ("selection_criteria",))
    _unique(file, data.get("governance_bodies", []), "code", ("governance_bodies",))
    for b, body in enumerate(data.get("governance_bodies", [])):
        for m, code in enumerate(body.get("members", [])):
            need_org(("governance_bodies", b, "members", m), code)


def _check_countries(file: ProgrammeFile) -> None:
    data = file.data
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


def _check_semesters(file: ProgrammeFile, start: dt.date, end: dt.date) -> set[Any]:
    semesters = file.data["semesters"]
    semester_codes = _unique(file, semesters, "code", ("semesters",))
    previous_end: dt.date | None = None
    for i, semester in enumerate(semesters):
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
                f"the semester {s_start} to {s_end} falls outside the programme period "
                f"{start} to {end}; move it inside the period or correct the programme's dates.",
            )
        if previous_end and s_start <= previous_end:
            file.error(
                ("semesters", i, "start"),
                "semesters overlap or are out of order; list them in time order without overlap.",
            )
        previous_end = s_end
    return semester_codes


def _check_budget(file: ProgrammeFile, need_org: Callable[[PathKey, str], None]) -> None:
    budget = file.data["budget"]
    rate = budget["exchange_rate"]
    for i, contribution in enumerate(budget["contributions"]):
        need_org(("budget", "contributions", i, "donor"), contribution["donor"])
    _unique(file, budget["contributions"], "donor", ("budget", "contributions"))
    if budget["currency"] not in budget["total"]:
        file.error(
            ("budget", "total"), f"give the total in the budget currency {budget['currency']}."
        )
    if Decimal(rate["rate"]) <= 0:
        # No amount can be converted at this rate, so the sums below would only repeat it.
        file.error(
            ("budget", "exchange_rate", "rate"),
            f"{rate['rate']!r} is not a rate: it must be greater than zero, the number of "
            f'{rate["to"]} one {rate["from"]} is worth, e.g. "0.772".',
        )
        return
    sums: dict[str, Decimal] = {}
    for i, contribution in enumerate(budget["contributions"]):
        amount = money(contribution["amount"])
        equivalent = contribution["equivalent"]
        converted = convert(amount, contribution["currency"], rate)
        if converted is None or converted[0] != equivalent["currency"]:
            file.error(
                ("budget", "contributions", i, "equivalent", "currency"),
                f"the stated rate converts between {rate['from']} and {rate['to']} only; use those currencies.",
            )
        elif converted[1] != money(equivalent["amount"]):
            file.error(
                ("budget", "contributions", i, "equivalent", "amount"),
                f"{contribution['amount']} {contribution['currency']} at {rate['rate']} is {converted[1]} "
                f"{converted[0]}, not {equivalent['amount']} (amounts are converted at the stated "
                "rate and rounded half-up to the cent); correct the amount or the rate.",
            )
        sums[contribution["currency"]] = sums.get(contribution["currency"], Decimal(0)) + amount
        sums[equivalent["currency"]] = sums.get(equivalent["currency"], Decimal(0)) + money(
            equivalent["amount"]
        )
    for currency, total in budget["total"].items():
        if sums.get(currency, Decimal(0)) != money(total):
            file.error(
                ("budget", "total", currency),
                f"the contributions add up to {sums.get(currency, Decimal(0))} {currency}, not {total}; "
                "correct the total or a contribution.",
            )


def _check_outputs(file: ProgrammeFile, semester_codes: set[Any]) -> None:
    outputs = file.data["outputs"]
    _unique(file, outputs, "code", ("outputs",))
    for o, output in enumerate(outputs):
        base: PathKey = ("outputs", o)
        target_codes = _unique(file, output["targets"], "code", (*base, "targets"))
        _unique(file, output["indicators"], "code", (*base, "indicators"))
        _unique(file, output["activities"], "code", (*base, "activities"))
        figures = output.get("baseline_figures", [])
        _unique(file, figures, "code", (*base, "baseline_figures"))
        for f, figure in enumerate(figures):
            for language, text in figure["text"].items():
                if text.count("{value}") != 1:
                    file.error(
                        (*base, "baseline_figures", f, "text", language),
                        "write {value} once where the number goes, e.g. "
                        '"{value} practitioners reached by the M4D Net".',
                    )
            if "target" in figure and figure["target"] not in target_codes:
                file.error(
                    (*base, "baseline_figures", f, "target"),
                    f"target {figure['target']!r} is not a target of output {output['code']}; "
                    "use one of its target codes or remove `target`.",
                )
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


def _check_risks(file: ProgrammeFile) -> None:
    risks = file.data.get("risks", [])
    _unique(file, risks, "number", ("risks",))
    for i, risk in enumerate(risks):
        text = str(risk["date_identified"])
        problem = _date_problem(text if len(text) == 10 else f"{text}-01")
        if problem:
            file.error(
                ("risks", i, "date_identified"),
                f"{text} is not a date that exists ({problem}); write YYYY-MM or YYYY-MM-DD.",
            )


def _check_monitoring(file: ProgrammeFile, start: dt.date, end: dt.date) -> None:
    items = file.data.get("monitoring", [])
    _unique(file, items, "code", ("monitoring",))
    needs = {"annually": "quarter", "before_end": "months"}
    for i, item in enumerate(items):
        due = item["due"]
        kind = due["kind"]
        path: PathKey = ("monitoring", i, "due")
        for parameter, owner in (("quarter", "annually"), ("months", "before_end")):
            if parameter in due and kind != owner:
                file.error(
                    (*path, parameter),
                    f"`{parameter}` applies to kind {owner} only; remove it or change the kind.",
                )
        if "final_at_end" in due and kind != "annually":
            file.error(
                (*path, "final_at_end"),
                "`final_at_end` applies to kind annually only; remove it or change the kind.",
            )
        if kind in needs and needs[kind] not in due:
            example = "quarter: 4" if kind == "annually" else "months: 3"
            file.error(
                path,
                f"kind {kind} needs `{needs[kind]}` (e.g. `{example}`); add it.",
            )
        if (
            kind == "before_end"
            and "months" in due
            and end > start
            and months_before(end, due["months"]) < start
        ):
            file.error(
                (*path, "months"),
                f"{due['months']} months before the end ({end}) is before the programme "
                f"starts ({start}); use fewer months.",
            )


def known_measures() -> set[str]:
    """The names of every measure an installed app registers (`Plugin.measures`)."""
    from jmdi.core.plugins import measures

    return {measure.name for measure in measures()}


def _period_codes(start: dt.date, end: dt.date, semester_codes: set[Any]) -> set[str]:
    from jmdi.core.periods import quarters, years

    return {p.code for p in quarters(start, end) + years(start, end)} | {
        str(code) for code in semester_codes
    }


def _check_indicators(
    file: ProgrammeFile, start: dt.date, end: dt.date, semester_codes: set[Any]
) -> None:
    """An indicator's measure is registered (or `manual`), its targets and baseline fit
    its unit, its period targets name periods of the programme, and the target of the
    output it is tied to exists."""
    names = known_measures()
    periods = _period_codes(start, end, semester_codes)
    for o, output in enumerate(file.data["outputs"]):
        target_codes = {t["code"] for t in output["targets"]}
        for i, indicator in enumerate(output["indicators"]):
            base: PathKey = ("outputs", o, "indicators", i)
            measure = indicator.get("measure")
            if measure is not None and measure != "manual" and measure not in names:
                known = ", ".join(sorted(names)) or "none"
                file.error(
                    (*base, "measure"),
                    f"{measure!r} is not a registered measure; use `manual` or one of: {known}.",
                )
            unit = indicator.get("unit", "number")
            targets = indicator.get("targets", {})
            figures: list[tuple[PathKey, Any]] = [
                ((*base, "baseline", "value"), indicator.get("baseline", {}).get("value")),
                ((*base, "targets", "overall"), targets.get("overall")),
                ((*base, "targets", "per_country"), targets.get("per_country")),
            ] + [
                ((*base, "targets", "by_period", code), value)
                for code, value in targets.get("by_period", {}).items()
            ]
            for path, value in figures:
                if value is None:
                    continue
                if unit == "qualitative":
                    file.error(
                        path, "a qualitative indicator has no figure; write null and a note."
                    )
                elif unit == "percentage" and value > 100:
                    file.error(path, f"{value} is not a percentage; use a number from 0 to 100.")
                elif unit == "yes_no" and value not in (0, 1):
                    file.error(path, f"{value} is not yes or no; use 1 (yes) or 0 (no).")
            for code in targets.get("by_period", {}):
                if code not in periods:
                    file.error(
                        (*base, "targets", "by_period", code),
                        f"{code!r} is not a period of the programme; use a quarter (2014-Q3), "
                        "a year (2014) or a semester code of `semesters`, within the programme's dates.",
                    )
            if "target" in targets and targets["target"] not in target_codes:
                file.error(
                    (*base, "targets", "target"),
                    f"target {targets['target']!r} is not a target of output {output['code']}; "
                    "use one of its target codes or remove `target`.",
                )
