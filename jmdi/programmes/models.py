"""A programme's definition: results framework, work plan, budget, risks, governance.

All of it is loaded from a programme file (`manage.py loadprogramme`), keyed by the codes
in that file, and keeps its history. Texts that readers see in their own language are
`Translated` (one column per language).
"""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import formats
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from jmdi.core.i18n import Translated
from jmdi.directory.models import Country, Organisation

if TYPE_CHECKING:
    from django.utils.functional import _StrOrPromise as StrOrPromise


def money_field(verbose_name: StrOrPromise) -> models.DecimalField[Decimal, Decimal]:
    """An amount of money: never negative, two decimals; its currency is another field."""
    return models.DecimalField(
        verbose_name, max_digits=16, decimal_places=2, validators=[MinValueValidator(Decimal("0"))]
    )


class Programme(models.Model):
    code = models.SlugField(_("code"), max_length=40, unique=True)
    short_name = Translated(models.CharField, verbose_name="short name", max_length=120)
    title = Translated(verbose_name="title")
    objective = Translated(verbose_name="objective")
    description = Translated(verbose_name="description")
    geographical_coverage = Translated(
        models.CharField, verbose_name="geographical coverage", max_length=200
    )
    management_arrangements = Translated(verbose_name="management arrangements")
    start_date = models.DateField(_("start date"))
    end_date = models.DateField(_("end date"))
    duration_months = models.PositiveSmallIntegerField(_("duration in months"))
    pac_meeting_date = models.DateField(_("PAC meeting date"), null=True, blank=True)
    #: The online support facility's service levels, from the programme file's
    #: `service_targets` ({"first_response_hours": 72, "resolution_days": 30}).
    service_targets = models.JSONField(_("support service targets"), default=dict, blank=True)
    executing_entity = models.ForeignKey(
        Organisation, verbose_name=_("executing entity"), on_delete=models.PROTECT, related_name="+"
    )
    implementing_agencies = models.ManyToManyField(
        Organisation, verbose_name=_("implementing agencies"), related_name="implemented_programmes"
    )
    budget_currency = models.CharField(_("budget currency"), max_length=3)
    total_eur = money_field(_("total (EUR)"))
    total_usd = money_field(_("total (USD)"))
    rate_from = models.CharField(_("rate: from currency"), max_length=3)
    rate_to = models.CharField(_("rate: to currency"), max_length=3)
    exchange_rate = models.DecimalField(_("exchange rate"), max_digits=12, decimal_places=6)
    rate_source = Translated(models.CharField, verbose_name="rate source", max_length=200)
    rate_date = models.DateField(_("rate date"))
    regular_resources = money_field(_("regular resources"))
    in_kind = money_field(_("in-kind contributions"))
    source_file = models.CharField(_("source file"), max_length=300, blank=True)
    history = HistoricalRecords(m2m_fields=[implementing_agencies])

    class Meta:
        ordering = ["code"]
        verbose_name = _("programme")
        verbose_name_plural = _("programmes")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end_date__gt=models.F("start_date")),
                name="programme_ends_after_start",
            ),
        ]

    def __str__(self) -> str:
        return str(self.short_name)


class ProgrammeCountry(models.Model):
    programme = models.ForeignKey(
        Programme, on_delete=models.PROTECT, related_name="programme_countries"
    )
    country = models.ForeignKey(
        Country, verbose_name=_("country"), on_delete=models.PROTECT, related_name="+"
    )
    order = models.PositiveSmallIntegerField(default=0)
    note = models.TextField(_("note"), blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["programme", "order"]
        verbose_name = _("programme country")
        verbose_name_plural = _("programme countries")
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "country"], name="unique_programme_country"
            )
        ]

    def __str__(self) -> str:
        return str(self.country)


class Semester(models.Model):
    programme = models.ForeignKey(Programme, on_delete=models.PROTECT, related_name="semesters")
    code = models.CharField(_("code"), max_length=10)
    start = models.DateField(_("start"))
    end = models.DateField(_("end"))
    order = models.PositiveSmallIntegerField(default=0)
    note = models.TextField(_("note"), blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["programme", "order"]
        verbose_name = _("semester")
        verbose_name_plural = _("semesters")
        constraints = [
            models.UniqueConstraint(fields=["programme", "code"], name="unique_semester_code"),
            models.CheckConstraint(
                condition=models.Q(end__gte=models.F("start")), name="semester_ends_after_start"
            ),
        ]

    def __str__(self) -> str:
        return self.code


class Contribution(models.Model):
    """A donor's contribution, in the currency it is denominated in, with its equivalent."""

    class Agreement(models.TextChoices):
        STANDARD_CONTRIBUTION = "standard_contribution", _("Standard Contribution Agreement")
        COST_SHARING = "cost_sharing", _("Cost-sharing agreement")

    class Modality(models.TextChoices):
        JOINT_MANAGEMENT = "joint_management", _("joint management")

    programme = models.ForeignKey(Programme, on_delete=models.PROTECT, related_name="contributions")
    donor = models.ForeignKey(
        Organisation,
        verbose_name=_("donor"),
        on_delete=models.PROTECT,
        related_name="contributions",
    )
    currency = models.CharField(_("currency"), max_length=3)
    amount = money_field(_("amount"))
    equivalent_currency = models.CharField(_("equivalent currency"), max_length=3)
    equivalent_amount = money_field(_("equivalent amount"))
    agreement = models.CharField(
        _("agreement"), max_length=30, choices=Agreement.choices, blank=True
    )
    management_modality = models.CharField(
        _("management modality"), max_length=30, choices=Modality.choices, blank=True
    )
    order = models.PositiveSmallIntegerField(default=0)
    note = models.TextField(_("note"), blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["programme", "order"]
        verbose_name = _("contribution")
        verbose_name_plural = _("contributions")
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "donor"], name="unique_contribution_per_donor"
            )
        ]

    def __str__(self) -> str:
        return f"{self.donor}: {self.amount} {self.currency}"

    def agreement_label(self) -> str:
        """ "Standard Contribution Agreement (joint management)", in the reader's language."""
        if not self.agreement:
            return ""
        if self.management_modality:
            return _("%(agreement)s, under %(modality)s") % {
                "agreement": self.get_agreement_display(),
                "modality": self.get_management_modality_display(),
            }
        return str(self.get_agreement_display())

    def amount_in(self, currency: str) -> Decimal:
        if currency == self.currency:
            return self.amount
        if currency == self.equivalent_currency:
            return self.equivalent_amount
        raise ValueError(currency)


class Output(models.Model):
    programme = models.ForeignKey(Programme, on_delete=models.PROTECT, related_name="outputs")
    code = models.CharField(_("code"), max_length=20)
    name = Translated(verbose_name="name")
    baseline = Translated(verbose_name="baseline", blank=True)
    aliases = models.JSONField(_("other wordings"), default=list, blank=True)
    order = models.PositiveSmallIntegerField(default=0)
    note = models.TextField(_("note"), blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["programme", "order"]
        verbose_name = _("output")
        verbose_name_plural = _("outputs")
        constraints = [
            models.UniqueConstraint(fields=["programme", "code"], name="unique_output_code")
        ]

    def __str__(self) -> str:
        return f"{self.code}. {self.name}"

    def source_notes(self) -> list[tuple[str, str]]:
        """(which record, its transcription note) for the output and what it holds.

        Reads the targets, baseline figures, indicators, activities and sub-activities
        the caller prefetched (`selectors.get_results_framework`).
        """
        notes = [(_("Output %(code)s") % {"code": self.code}, self.note)]
        notes += [(_("Target %(code)s") % {"code": t.code}, t.note) for t in self.targets.all()]
        notes += [
            (_("Baseline figure %(code)s") % {"code": f.code}, f.note)
            for f in self.baseline_figures.all()
        ]
        notes += [
            (_("Indicator %(code)s") % {"code": i.code}, i.note) for i in self.indicators.all()
        ]
        for activity in self.activities.all():
            notes.append((_("Activity %(code)s") % {"code": activity.code}, activity.note))
            notes += [
                (_("Sub-activity %(code)s") % {"code": sub.code}, sub.note)
                for sub in activity.sub_activities.all()
            ]
        return [(label, note) for label, note in notes if note]


class Target(models.Model):
    class Unit(models.TextChoices):
        INITIATIVES = "initiatives", _("initiatives")
        STAKEHOLDERS = "stakeholders", _("stakeholders")
        LOCAL_AUTHORITIES = "local_authorities", _("local authorities")
        KNOWLEDGE_PRODUCTS = "knowledge_products", _("knowledge products")
        MEMBERS = "members", _("members")
        EVENTS = "events", _("events")
        OTHER = "other", _("other")

    output = models.ForeignKey(Output, on_delete=models.PROTECT, related_name="targets")
    code = models.CharField(_("code"), max_length=20)
    text = Translated(verbose_name="target")
    value = models.DecimalField(_("value"), max_digits=12, decimal_places=2, null=True, blank=True)
    unit = models.CharField(_("unit"), max_length=30, choices=Unit.choices, default=Unit.OTHER)
    per_country = models.BooleanField(_("per country"), default=False)
    order = models.PositiveSmallIntegerField(default=0)
    note = models.TextField(_("note"), blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["output", "order"]
        verbose_name = _("target")
        verbose_name_plural = _("targets")
        constraints = [
            models.UniqueConstraint(fields=["output", "code"], name="unique_target_code")
        ]

    def __str__(self) -> str:
        return self.code


class BaselineFigure(models.Model):
    """A number the document gives as an output's starting point, e.g. the M4D Net's members.

    `text` holds the whole sentence in each language with `{value}` where the number goes,
    so that every language can place it (and agree the noun with it) as it needs.
    """

    class Qualifier(models.TextChoices):
        EXACT = "exact", _("exactly")
        OVER = "over", _("more than")

    output = models.ForeignKey(Output, on_delete=models.PROTECT, related_name="baseline_figures")
    code = models.CharField(_("code"), max_length=20)
    text = Translated(verbose_name="figure")
    value = models.DecimalField(_("value"), max_digits=12, decimal_places=2)
    qualifier = models.CharField(
        _("qualifier"), max_length=10, choices=Qualifier.choices, default=Qualifier.EXACT
    )
    unit = models.CharField(_("unit"), max_length=30, choices=Target.Unit.choices)
    target = models.ForeignKey(
        Target,
        verbose_name=_("target"),
        on_delete=models.PROTECT,
        related_name="baseline_figures",
        null=True,
        blank=True,
    )
    order = models.PositiveSmallIntegerField(default=0)
    note = models.TextField(_("note"), blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["output", "order"]
        verbose_name = _("baseline figure")
        verbose_name_plural = _("baseline figures")
        constraints = [
            models.UniqueConstraint(fields=["output", "code"], name="unique_baseline_figure_code")
        ]

    def __str__(self) -> str:
        return self.code

    def sentence(self) -> str:
        """The figure in the reader's language, its number formatted for that language."""
        decimals = 0 if self.value == self.value.to_integral_value() else 2
        number = formats.number_format(
            self.value, decimal_pos=decimals, use_l10n=True, force_grouping=True
        )
        return str(self.text).replace("{value}", number)


class Indicator(models.Model):
    """An indicator of the results framework, as the programme file defines it: what its
    values are (`unit`), which way is better (`direction`), whether a value counts
    everything since the start (`cumulative`) or one period only, what it is split by,
    its baseline and targets, and the measure that computes it (`measure`: a registered
    measure's name, or "manual" where a focal point or the PMU enters the values)."""

    MANUAL = "manual"

    class Unit(models.TextChoices):
        NUMBER = "number", _("number")
        PERCENTAGE = "percentage", _("percentage")
        YES_NO = "yes_no", _("yes or no")
        QUALITATIVE = "qualitative", _("qualitative")

    class Direction(models.TextChoices):
        INCREASE = "increase", _("higher is better")
        DECREASE = "decrease", _("lower is better")

    #: What an indicator's values can be split by.
    DISAGGREGATIONS = ("country", "sex", "stakeholder_type")

    output = models.ForeignKey(Output, on_delete=models.PROTECT, related_name="indicators")
    code = models.CharField(_("code"), max_length=20)
    name = Translated(verbose_name="name")
    measure = models.CharField(
        _("measure"),
        max_length=100,
        blank=True,
        help_text=_(
            "The registered measure that computes this indicator from records, or "
            "“manual” where its values are entered with evidence."
        ),
    )
    unit = models.CharField(_("unit"), max_length=20, choices=Unit.choices, default=Unit.NUMBER)
    direction = models.CharField(
        _("direction"), max_length=10, choices=Direction.choices, default=Direction.INCREASE
    )
    cumulative = models.BooleanField(
        _("cumulative"),
        default=False,
        help_text=_("Each value counts everything since the programme's start, each thing once."),
    )
    disaggregations = models.JSONField(_("disaggregations"), default=list, blank=True)
    baseline_value = models.DecimalField(
        _("baseline value"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    baseline_note = models.TextField(_("baseline note"), blank=True)
    target = models.ForeignKey(
        Target,
        verbose_name=_("target of the output"),
        on_delete=models.PROTECT,
        related_name="indicators",
        null=True,
        blank=True,
    )
    target_value = models.DecimalField(
        _("target, whole programme"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    target_per_country = models.DecimalField(
        _("target per country"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    targets_by_period = models.JSONField(_("targets by period"), default=dict, blank=True)
    target_note = models.TextField(_("target note"), blank=True)
    order = models.PositiveSmallIntegerField(default=0)
    note = models.TextField(_("note"), blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["output", "order"]
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")
        constraints = [
            models.UniqueConstraint(fields=["output", "code"], name="unique_indicator_code")
        ]

    def __str__(self) -> str:
        return self.code

    @property
    def is_manual(self) -> bool:
        return self.measure == self.MANUAL

    def target_for(self, country: str | None, period: str | None = None) -> Decimal | None:
        """The target of a cell: the period's where the file gives one, else the
        country's (per country) or the whole programme's."""
        if period and period in self.targets_by_period:
            return Decimal(str(self.targets_by_period[period]))
        if country is not None:
            return self.target_per_country
        return self.target_value


class Activity(models.Model):
    output = models.ForeignKey(Output, on_delete=models.PROTECT, related_name="activities")
    code = models.CharField(_("code"), max_length=20)
    name = Translated(verbose_name="name")
    aliases = models.JSONField(_("other wordings"), default=list, blank=True)
    responsible = Translated(
        models.CharField, verbose_name="responsible party", max_length=300, blank=True
    )
    order = models.PositiveSmallIntegerField(default=0)
    note = models.TextField(_("note"), blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["output", "order"]
        verbose_name = _("activity")
        verbose_name_plural = _("activities")
        constraints = [
            models.UniqueConstraint(fields=["output", "code"], name="unique_activity_code")
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class SubActivity(models.Model):
    activity = models.ForeignKey(Activity, on_delete=models.PROTECT, related_name="sub_activities")
    code = models.CharField(_("code"), max_length=20)
    name = Translated(verbose_name="name")
    responsible = Translated(
        models.CharField, verbose_name="responsible party", max_length=300, blank=True
    )
    semesters = models.ManyToManyField(
        Semester, verbose_name=_("planned semesters"), related_name="sub_activities", blank=True
    )
    semesters_derived = models.BooleanField(
        _("semesters derived"),
        default=False,
        help_text=_(
            "The document's marks were lost; the semesters were derived from its narrative."
        ),
    )
    basis = models.TextField(_("basis"), blank=True)
    order = models.PositiveSmallIntegerField(default=0)
    note = models.TextField(_("note"), blank=True)
    history = HistoricalRecords(m2m_fields=[semesters])

    class Meta:
        ordering = ["activity", "order"]
        verbose_name = _("sub-activity")
        verbose_name_plural = _("sub-activities")
        constraints = [
            models.UniqueConstraint(fields=["activity", "code"], name="unique_sub_activity_code")
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class Risk(models.Model):
    class Type(models.TextChoices):
        FINANCIAL = "financial", _("Financial")
        OPERATIONAL = "operational", _("Operational")
        ORGANIZATIONAL = "organizational", _("Organisational")
        STRATEGIC = "strategic", _("Strategic")
        POLITICAL = "political", _("Political")
        REGULATORY = "regulatory", _("Regulatory")
        ENVIRONMENTAL = "environmental", _("Environmental")
        OTHER = "other", _("Other")

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        MONITORED = "monitored", _("Monitored")
        CLOSED = "closed", _("Closed")

    SCALE = [MinValueValidator(1), MaxValueValidator(5)]

    programme = models.ForeignKey(Programme, on_delete=models.PROTECT, related_name="risks")
    number = models.PositiveSmallIntegerField(_("number"))
    printed_number = models.CharField(_("number as printed"), max_length=10, blank=True)
    title = Translated(verbose_name="description")
    date_identified = models.DateField(_("date identified"))
    types = models.JSONField(_("types"), default=list)
    effect = Translated(verbose_name="effect")
    probability = models.PositiveSmallIntegerField(_("probability"), validators=SCALE)
    probability_label = models.CharField(_("probability as printed"), max_length=40, blank=True)
    impact = models.PositiveSmallIntegerField(_("impact"), validators=SCALE)
    impact_label = models.CharField(_("impact as printed"), max_length=40, blank=True)
    countermeasures = Translated(verbose_name="countermeasures")
    owner = Translated(models.CharField, verbose_name="owner", max_length=200, blank=True)
    submitted_by = Translated(
        models.CharField, verbose_name="submitted or updated by", max_length=200, blank=True
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.OPEN
    )
    note = models.TextField(_("note"), blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["programme", "number"]
        verbose_name = _("risk")
        verbose_name_plural = _("risks")
        constraints = [
            models.UniqueConstraint(fields=["programme", "number"], name="unique_risk_number"),
            models.CheckConstraint(
                condition=models.Q(probability__range=(1, 5)), name="risk_probability_1_to_5"
            ),
            models.CheckConstraint(
                condition=models.Q(impact__range=(1, 5)), name="risk_impact_1_to_5"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.number}. {self.title}"

    @property
    def score(self) -> int:
        return self.probability * self.impact

    def type_labels(self) -> list[str]:
        labels = dict(self.Type.choices)
        return [str(labels.get(t, t)) for t in self.types]


class MonitoringItem(models.Model):
    """A report, log, review or evaluation the monitoring framework requires, with its due rule.

    The rule is data a program evaluates (`jmdi.programmes.monitoring.occurrences`):
    `frequency` says which kind of rule it is; `quarter` (annually) and
    `months_before_end` (before_end) are its one parameter each.
    """

    class Frequency(models.TextChoices):
        ONGOING = "ongoing", _("kept up to date throughout")
        QUARTERLY = "quarterly", _("every calendar quarter")
        ANNUALLY = "annually", _("once a year, in a given quarter")
        BEFORE_END = "before_end", _("once, a number of months before the end")

    programme = models.ForeignKey(
        Programme, on_delete=models.PROTECT, related_name="monitoring_items"
    )
    code = models.SlugField(_("code"), max_length=40)
    name = Translated(models.CharField, verbose_name="name", max_length=200)
    purpose = Translated(verbose_name="purpose")
    responsible = Translated(
        models.CharField, verbose_name="responsible", max_length=200, blank=True
    )
    recipient = Translated(models.CharField, verbose_name="recipient", max_length=200, blank=True)
    frequency = models.CharField(_("frequency"), max_length=20, choices=Frequency.choices)
    quarter = models.PositiveSmallIntegerField(
        _("quarter"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(4)],
        help_text=_("The calendar quarter (1 to 4) of a yearly item."),
    )
    months_before_end = models.PositiveSmallIntegerField(
        _("months before the end"), null=True, blank=True
    )
    final_at_end = models.BooleanField(
        _("also at the end"),
        default=False,
        help_text=_("A yearly item that is also held once at the programme's end."),
    )
    order = models.PositiveSmallIntegerField(default=0)
    note = models.TextField(_("note"), blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["programme", "order"]
        verbose_name = _("monitoring item")
        verbose_name_plural = _("monitoring items")
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "code"], name="unique_monitoring_item_code"
            ),
            models.CheckConstraint(
                condition=(
                    models.Q(frequency="annually", quarter__range=(1, 4))
                    | (~models.Q(frequency="annually") & models.Q(quarter__isnull=True))
                ),
                name="monitoring_quarter_for_yearly_items_only",
            ),
            models.CheckConstraint(
                condition=(
                    models.Q(frequency="before_end", months_before_end__isnull=False)
                    | (~models.Q(frequency="before_end") & models.Q(months_before_end__isnull=True))
                ),
                name="monitoring_months_for_before_end_items_only",
            ),
            models.CheckConstraint(
                condition=models.Q(final_at_end=False) | models.Q(frequency="annually"),
                name="monitoring_final_at_end_for_yearly_items_only",
            ),
        ]

    def __str__(self) -> str:
        return str(self.name)


class SelectionCriterion(models.Model):
    programme = models.ForeignKey(
        Programme, on_delete=models.PROTECT, related_name="selection_criteria"
    )
    code = models.CharField(_("code"), max_length=20)
    text = Translated(verbose_name="criterion")
    order = models.PositiveSmallIntegerField(default=0)
    note = models.TextField(_("note"), blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["programme", "order"]
        verbose_name = _("selection criterion")
        verbose_name_plural = _("selection criteria")
        constraints = [
            models.UniqueConstraint(fields=["programme", "code"], name="unique_criterion_code")
        ]

    def __str__(self) -> str:
        return self.code


class GovernanceBody(models.Model):
    programme = models.ForeignKey(
        Programme, on_delete=models.PROTECT, related_name="governance_bodies"
    )
    code = models.SlugField(_("code"), max_length=40)
    name = Translated(models.CharField, verbose_name="name", max_length=200)
    mandate = Translated(verbose_name="mandate", blank=True)
    chair = Translated(verbose_name="chair", blank=True)
    roles = models.JSONField(_("posts"), default=list, blank=True)
    members = models.ManyToManyField(
        Organisation, verbose_name=_("members"), related_name="governance_bodies", blank=True
    )
    order = models.PositiveSmallIntegerField(default=0)
    note = models.TextField(_("note"), blank=True)
    history = HistoricalRecords(m2m_fields=[members])

    class Meta:
        ordering = ["programme", "order"]
        verbose_name = _("governance body")
        verbose_name_plural = _("governance bodies")
        constraints = [
            models.UniqueConstraint(fields=["programme", "code"], name="unique_body_code")
        ]

    def __str__(self) -> str:
        return str(self.name)
