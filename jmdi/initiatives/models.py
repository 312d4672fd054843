"""Local initiatives on migration and development, as the mapping found them.

An initiative is led by a local authority (an organisation of the directory) with
partners, in one country or joining local authorities of two; the selection rounds, the
contracts, the grantee reports and the public project database all hang off this record.
Its status moves only through `services.set_status`, called by the apps above (a round's
decision, a contract signed), so the registry always says how far each initiative got.
"""

from __future__ import annotations

from django.core.validators import MinValueValidator
from django.db import models
from django.db.models.functions import Collate
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from jmdi.core.i18n import Translated, active_language
from jmdi.directory.collation import NAMES_COLLATION
from jmdi.directory.models import Country, Organisation, SubnationalArea


class Theme(models.Model):
    """A theme of migration and development an initiative works on (a controlled list)."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = Translated(models.CharField, verbose_name="name", max_length=160)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order", "code"]
        verbose_name = _("theme")
        verbose_name_plural = _("themes")

    def __str__(self) -> str:
        return str(self.name)


class Setting(models.TextChoices):
    URBAN = "urban", _("Urban")
    RURAL = "rural", _("Rural")
    BOTH = "both", _("Urban and rural")
    UNKNOWN = "", _("Not recorded")


class GenderDimension(models.TextChoices):
    """How the initiative takes account of women and men (the programme's gender lens)."""

    TARGETED = "targeted", _("Targets women or gender equality")
    MAINSTREAMED = "mainstreamed", _("Gender mainstreamed")
    NONE = "none", _("No gender dimension")
    UNKNOWN = "", _("Not recorded")


class TargetGroup(models.TextChoices):
    MIGRANTS = "migrants", _("Migrants")
    RETURNEES = "returnees", _("Returning migrants")
    DIASPORA = "diaspora", _("Diaspora")
    REFUGEES = "refugees", _("Refugees and displaced people")
    FAMILIES = "families", _("Families of migrants")
    WOMEN = "women", _("Women")
    YOUTH = "youth", _("Young people")
    LOCAL_AUTHORITIES = "local_authorities", _("Local authorities")
    HOST_COMMUNITIES = "host_communities", _("Host communities")


class Initiative(models.Model):
    class Status(models.TextChoices):
        MAPPED = "mapped", _("Mapped")
        CANDIDATE = "candidate", _("Candidate in a selection round")
        SELECTED = "selected", _("Selected")
        RESERVE = "reserve", _("On the reserve list")
        NOT_SELECTED = "not_selected", _("Not selected")
        FUNDED = "funded", _("Funded")
        COMPLETED = "completed", pgettext_lazy("initiative", "Completed")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    programme = models.ForeignKey(
        "programmes.Programme",
        verbose_name=_("programme"),
        on_delete=models.PROTECT,
        related_name="initiatives",
    )
    reference = models.CharField(
        _("reference"),
        max_length=40,
        help_text=_(
            "The mapping's own code for the initiative, e.g. MA-017: a second import of "
            "the same file updates the initiative instead of adding it again."
        ),
        error_messages={"blank": _("Enter the initiative's reference, e.g. MA-017.")},
    )
    title = models.CharField(
        _("title"),
        max_length=300,
        error_messages={"blank": _("Enter the initiative's title.")},
    )
    summary = models.TextField(_("summary"), blank=True)
    language = models.CharField(
        _("language written in"),
        max_length=8,
        default="en",
        help_text=_("The language the title and summary are written in."),
    )
    translations = models.JSONField(
        _("translations"),
        default=dict,
        blank=True,
        help_text=_('Optional translations per language: {"fr": {"title": …, "summary": …}}.'),
    )
    lead_authority = models.ForeignKey(
        Organisation,
        verbose_name=_("lead local authority"),
        on_delete=models.PROTECT,
        related_name="led_initiatives",
    )
    country = models.ForeignKey(
        Country,
        verbose_name=_("country"),
        on_delete=models.PROTECT,
        related_name="initiatives",
        help_text=_(
            "The lead local authority's country: the focal point of this country follows it."
        ),
    )
    area = models.ForeignKey(
        SubnationalArea,
        verbose_name=_("location"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="initiatives",
    )
    location = models.CharField(_("location details"), max_length=200, blank=True)
    origin_countries = models.ManyToManyField(
        Country, verbose_name=_("countries of origin"), blank=True, related_name="+"
    )
    destination_countries = models.ManyToManyField(
        Country, verbose_name=_("countries of destination"), blank=True, related_name="+"
    )
    south_south = models.BooleanField(
        _("South-South"),
        default=False,
        help_text=_("Migration between countries of the South."),
    )
    # The migration contexts the initiative works in (several may apply).
    emigration = models.BooleanField(_("emigration"), default=False)
    immigration = models.BooleanField(_("immigration"), default=False)
    transit = models.BooleanField(_("transit"), default=False)
    return_migration = models.BooleanField(_("return"), default=False)
    refugees = models.BooleanField(_("refugees and displacement"), default=False)
    themes = models.ManyToManyField(
        Theme, verbose_name=_("themes"), blank=True, related_name="initiatives"
    )
    gender_dimension = models.CharField(
        _("gender dimension"),
        max_length=20,
        choices=GenderDimension.choices,
        blank=True,
        default=GenderDimension.UNKNOWN,
    )
    target_groups = models.JSONField(
        _("target groups"),
        default=list,
        blank=True,
        help_text=_("Codes from the list of target groups."),
    )
    setting = models.CharField(
        _("urban or rural"), max_length=10, choices=Setting.choices, blank=True, default=""
    )
    start_date = models.DateField(_("start date"), null=True, blank=True)
    end_date = models.DateField(_("end date"), null=True, blank=True)
    budget = models.DecimalField(
        _("budget"),
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    budget_currency = models.CharField(_("currency"), max_length=3, default="EUR")
    results = models.TextField(_("results so far"), blank=True)
    sources = models.TextField(_("sources"), blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.MAPPED
    )
    published = models.BooleanField(
        _("published"),
        default=False,
        help_text=_("Shown in the public project database of the M4D Net."),
    )
    # The dates the results framework counts by (see measures.py): when the mapping
    # found the initiative, when its status last changed, and the first time it was
    # selected and funded (kept when it moves on, so a funded initiative still counts as
    # selected on the day it was).
    mapped_on = models.DateField(
        _("mapped on"),
        default=timezone.localdate,
        help_text=_("The day the mapping recorded the initiative."),
    )
    status_changed_on = models.DateField(_("status changed on"), null=True, blank=True)
    selected_on = models.DateField(_("selected on"), null=True, blank=True)
    funded_on = models.DateField(_("funded on"), null=True, blank=True)
    created_at = models.DateTimeField(_("recorded at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    history = HistoricalRecords(m2m_fields=[origin_countries, destination_countries, themes])

    class Meta:
        ordering = [Collate("title", NAMES_COLLATION), "pk"]
        verbose_name = _("initiative")
        verbose_name_plural = _("initiatives")
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "reference"], name="unique_initiative_reference"
            ),
            models.CheckConstraint(
                condition=models.Q(budget__isnull=True) | models.Q(budget__gte=0),
                name="initiative_budget_not_negative",
            ),
            models.CheckConstraint(
                condition=models.Q(start_date__isnull=True)
                | models.Q(end_date__isnull=True)
                | models.Q(end_date__gte=models.F("start_date")),
                name="initiative_ends_after_start",
            ),
        ]
        indexes = [
            models.Index(fields=["programme", "country", "status"]),
            models.Index(fields=["programme", "status"]),
            models.Index(fields=["programme", "mapped_on"]),
            # A grantee's pages start from its organisation's initiatives: with the
            # programme's index alone the planners walked all of a programme's initiatives.
            models.Index(fields=["lead_authority", "programme"]),
            models.Index(
                models.F("programme"),
                Collate("title", NAMES_COLLATION),
                models.F("id"),
                name="initiatives_programme_title",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.reference} {self.localized_title}"

    def _translated(self, field: str) -> str:
        language = active_language()
        if language != self.language:
            value = (self.translations.get(language) or {}).get(field)
            if value:
                return str(value)
        return str(getattr(self, field))

    def _displayed_language(self, field: str) -> str:
        language = active_language()
        if language != self.language and (self.translations.get(language) or {}).get(field):
            return language
        return self.language

    @property
    def displayed_language(self) -> str:
        """The language `localized_title` is in (for the `lang` attribute)."""
        return self._displayed_language("title")

    @property
    def summary_language(self) -> str:
        return self._displayed_language("summary")

    @property
    def localized_title(self) -> str:
        return self._translated("title")

    @property
    def localized_summary(self) -> str:
        return self._translated("summary")

    @property
    def migration_contexts(self) -> list[str]:
        names = ("emigration", "immigration", "transit", "return_migration", "refugees")
        fields = {field.name: field for field in self._meta.concrete_fields}
        return [str(fields[name].verbose_name) for name in names if getattr(self, name)]


class PartnerRole(models.TextChoices):
    CO_LEAD = "co_lead", _("Co-lead local authority")
    IMPLEMENTING = "implementing", _("Implementing partner")
    FUNDING = "funding", _("Co-funding partner")
    TECHNICAL = "technical", _("Technical partner")
    ASSOCIATE = "associate", _("Associate")


class InitiativePartner(models.Model):
    initiative = models.ForeignKey(
        Initiative, verbose_name=_("initiative"), on_delete=models.CASCADE, related_name="partners"
    )
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        related_name="initiative_partnerships",
    )
    role = models.CharField(
        _("role"), max_length=20, choices=PartnerRole.choices, default=PartnerRole.IMPLEMENTING
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["initiative", "pk"]
        verbose_name = _("partner")
        verbose_name_plural = _("partners")
        constraints = [
            models.UniqueConstraint(
                fields=["initiative", "organisation"], name="unique_initiative_partner"
            )
        ]

    def __str__(self) -> str:
        return f"{self.organisation} ({self.get_role_display()})"
