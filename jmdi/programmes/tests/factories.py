"""Factories for programme records, for tests that need more data than the real file holds.

Translated fields get a text in every language (`name_en`, `name_fr`, ...). Records hang
off an existing programme: pass `programme=` (or `output=`, `activity=`) explicitly, e.g.
`SubActivityFactory(activity=activity, semesters=[s1, s2])`.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import factory
from factory.django import DjangoModelFactory

from jmdi.directory.models import Organisation
from jmdi.programmes import models as m


def tr(text: str, language: str) -> factory.Sequence:
    """One column of a `Translated` field: "Output 3" in English, "Output 3 (fr)" in French."""
    suffix = "" if language == "en" else f" ({language})"
    return factory.Sequence(lambda n: f"{text} {n}{suffix}")


class DonorFactory(DjangoModelFactory):
    class Meta:
        model = Organisation
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"DONOR{n}")
    name = factory.Sequence(lambda n: f"Donor {n}")
    acronym = factory.SelfAttribute("code")
    kind = Organisation.Kind.DONOR
    country = None


class ProgrammeFactory(DjangoModelFactory):
    class Meta:
        model = m.Programme
        django_get_or_create = ("code",)
        skip_postgeneration_save = True

    code = factory.Sequence(lambda n: f"programme-{n}")
    short_name_en = tr("Programme", "en")
    short_name_fr = tr("Programme", "fr")
    short_name_es = tr("Programme", "es")
    short_name_ar = tr("Programme", "ar")
    title_en = tr("Programme title", "en")
    title_fr = tr("Programme title", "fr")
    title_es = tr("Programme title", "es")
    title_ar = tr("Programme title", "ar")
    objective_en = tr("Objective", "en")
    objective_fr = tr("Objective", "fr")
    objective_es = tr("Objective", "es")
    objective_ar = tr("Objective", "ar")
    start_date = dt.date(2012, 12, 1)
    end_date = dt.date(2017, 4, 17)
    duration_months = 53
    executing_entity = factory.SubFactory(DonorFactory, kind=Organisation.Kind.UN_AGENCY)
    budget_currency = "EUR"
    total_eur = Decimal("0.00")
    total_usd = Decimal("0.00")
    rate_from = "USD"
    rate_to = "EUR"
    exchange_rate = Decimal("0.772")
    rate_source_en = "UN operational rate of exchange"
    rate_source_fr = "taux de change opérationnel des Nations Unies"
    rate_source_es = "tipo de cambio operacional de las Naciones Unidas"
    rate_source_ar = "سعر الصرف التشغيلي للأمم المتحدة"
    rate_date = dt.date(2012, 11, 1)
    regular_resources = Decimal("0.00")
    in_kind = Decimal("0.00")


class SemesterFactory(DjangoModelFactory):
    class Meta:
        model = m.Semester

    programme = factory.SubFactory(ProgrammeFactory)
    code = factory.Sequence(lambda n: f"X{n}")
    start = dt.date(2013, 1, 1)
    end = dt.date(2013, 6, 30)
    order = factory.Sequence(lambda n: 100 + n)


class ContributionFactory(DjangoModelFactory):
    class Meta:
        model = m.Contribution

    programme = factory.SubFactory(ProgrammeFactory)
    donor = factory.SubFactory(DonorFactory)
    currency = "EUR"
    amount = Decimal("772.00")
    equivalent_currency = "USD"
    equivalent_amount = Decimal("1000.00")
    order = factory.Sequence(lambda n: 100 + n)


class OutputFactory(DjangoModelFactory):
    class Meta:
        model = m.Output

    programme = factory.SubFactory(ProgrammeFactory)
    code = factory.Sequence(lambda n: f"O{n}")
    name_en = tr("Output", "en")
    name_fr = tr("Output", "fr")
    name_es = tr("Output", "es")
    name_ar = tr("Output", "ar")
    order = factory.Sequence(lambda n: 100 + n)


class TargetFactory(DjangoModelFactory):
    class Meta:
        model = m.Target

    output = factory.SubFactory(OutputFactory)
    code = factory.Sequence(lambda n: f"T{n}")
    text_en = tr("Target", "en")
    text_fr = tr("Target", "fr")
    text_es = tr("Target", "es")
    text_ar = tr("Target", "ar")
    value = Decimal("10.00")
    unit = m.Target.Unit.STAKEHOLDERS
    per_country = True
    order = factory.Sequence(lambda n: 100 + n)


class IndicatorFactory(DjangoModelFactory):
    class Meta:
        model = m.Indicator

    output = factory.SubFactory(OutputFactory)
    code = factory.Sequence(lambda n: f"I{n}")
    name_en = tr("Indicator", "en")
    name_fr = tr("Indicator", "fr")
    name_es = tr("Indicator", "es")
    name_ar = tr("Indicator", "ar")
    order = factory.Sequence(lambda n: 100 + n)


class ActivityFactory(DjangoModelFactory):
    class Meta:
        model = m.Activity

    output = factory.SubFactory(OutputFactory)
    code = factory.Sequence(lambda n: f"A{n}")
    name_en = tr("Activity", "en")
    name_fr = tr("Activity", "fr")
    name_es = tr("Activity", "es")
    name_ar = tr("Activity", "ar")
    responsible_en = "PMU"
    responsible_fr = "UGP"
    responsible_es = "UGP"
    responsible_ar = "وحدة إدارة البرنامج"
    order = factory.Sequence(lambda n: 100 + n)


class SubActivityFactory(DjangoModelFactory):
    class Meta:
        model = m.SubActivity
        skip_postgeneration_save = True

    activity = factory.SubFactory(ActivityFactory)
    code = factory.Sequence(lambda n: f"SA{n}")
    name_en = tr("Sub-activity", "en")
    name_fr = tr("Sub-activity", "fr")
    name_es = tr("Sub-activity", "es")
    name_ar = tr("Sub-activity", "ar")
    responsible_en = "PMU"
    responsible_fr = "UGP"
    responsible_es = "UGP"
    responsible_ar = "وحدة إدارة البرنامج"
    semesters_derived = True
    basis = "A sentence of the document."
    order = factory.Sequence(lambda n: 100 + n)

    @factory.post_generation
    def semesters(self, create: bool, extracted: Any, **kwargs: Any) -> None:
        if create and extracted:
            self.semesters.set(extracted)


class RiskFactory(DjangoModelFactory):
    class Meta:
        model = m.Risk

    programme = factory.SubFactory(ProgrammeFactory)
    number = factory.Sequence(lambda n: 100 + n)
    title_en = tr("Risk", "en")
    title_fr = tr("Risk", "fr")
    title_es = tr("Risk", "es")
    title_ar = tr("Risk", "ar")
    date_identified = dt.date(2013, 1, 1)
    types = ["operational"]
    effect_en = tr("Effect", "en")
    effect_fr = tr("Effect", "fr")
    effect_es = tr("Effect", "es")
    effect_ar = tr("Effect", "ar")
    probability = 2
    impact = 2
    countermeasures_en = tr("Countermeasures", "en")
    countermeasures_fr = tr("Countermeasures", "fr")
    countermeasures_es = tr("Countermeasures", "es")
    countermeasures_ar = tr("Countermeasures", "ar")
    owner_en = "Programme Manager"
    owner_fr = "Gestionnaire de programme"
    owner_es = "Gerente del programa"
    owner_ar = "مدير البرنامج"


class SelectionCriterionFactory(DjangoModelFactory):
    class Meta:
        model = m.SelectionCriterion

    programme = factory.SubFactory(ProgrammeFactory)
    code = factory.Sequence(lambda n: f"C{n}")
    text_en = tr("Criterion", "en")
    text_fr = tr("Criterion", "fr")
    text_es = tr("Criterion", "es")
    text_ar = tr("Criterion", "ar")
    order = factory.Sequence(lambda n: 100 + n)


class GovernanceBodyFactory(DjangoModelFactory):
    class Meta:
        model = m.GovernanceBody
        skip_postgeneration_save = True

    programme = factory.SubFactory(ProgrammeFactory)
    code = factory.Sequence(lambda n: f"body-{n}")
    name_en = tr("Body", "en")
    name_fr = tr("Body", "fr")
    name_es = tr("Body", "es")
    name_ar = tr("Body", "ar")
    order = factory.Sequence(lambda n: 100 + n)

    @factory.post_generation
    def members(self, create: bool, extracted: Any, **kwargs: Any) -> None:
        if create and extracted:
            self.members.set(extracted)


class ProgrammeCountryFactory(DjangoModelFactory):
    class Meta:
        model = m.ProgrammeCountry

    programme = factory.SubFactory(ProgrammeFactory)
    order = factory.Sequence(lambda n: 100 + n)
