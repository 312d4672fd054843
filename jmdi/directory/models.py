"""Countries, sub-national areas, organisations and their contacts.

The scopes of the platform hang off these: a focal point is scoped to a country, a
grantee to an organisation. The full organisations registry grows later.
"""

from __future__ import annotations

from django.db import models
from django.db.models.functions import Collate
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField
from simple_history.models import HistoricalRecords

from jmdi.core.i18n import Translated
from jmdi.directory.collation import NAMES_COLLATION


class WorldRegion(models.Model):
    """A region of intervention as a programme names it (Latin America, Africa, Asia)."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = Translated(models.CharField, verbose_name="name", max_length=120)
    history = HistoricalRecords()

    class Meta:
        ordering = ["code"]
        verbose_name = _("world region")
        verbose_name_plural = _("world regions")

    def __str__(self) -> str:
        return str(self.name)


class Country(models.Model):
    """A country the platform works in; names come from django-countries in every language."""

    code = CountryField(_("country"), unique=True)
    region = models.ForeignKey(
        WorldRegion,
        verbose_name=_("region"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="countries",
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["code"]
        verbose_name = _("country")
        verbose_name_plural = _("countries")

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return str(self.code.name)  # type: ignore[attr-defined]  # a django-countries Country object


class SubnationalArea(models.Model):
    """A region, province, department or municipality inside a country."""

    class Kind(models.TextChoices):
        REGION = "region", _("Region or province")
        DEPARTMENT = "department", _("Department or district")
        MUNICIPALITY = "municipality", _("Municipality")

    country = models.ForeignKey(
        Country, verbose_name=_("country"), on_delete=models.PROTECT, related_name="areas"
    )
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.REGION)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("part of"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["country", "name"]
        verbose_name = _("sub-national area")
        verbose_name_plural = _("sub-national areas")
        constraints = [
            models.UniqueConstraint(
                fields=["country", "parent", "name"], name="unique_area_name_in_parent"
            ),
        ]

    def __str__(self) -> str:
        return self.name


#: Organisations by name, accents and case considered, the same on SQLite and PostgreSQL
#: (see collation.py); the primary key makes the order total, so pages never overlap.
ORGANISATION_ORDER: list[str | models.expressions.Combinable] = [
    Collate("name", NAMES_COLLATION),
    "pk",
]


class Organisation(models.Model):
    class Kind(models.TextChoices):
        UN_AGENCY = "un_agency", _("UN agency")
        DONOR = "donor", _("Donor")
        TRAINING_INSTITUTION = "training_institution", _("Training institution")
        LOCAL_AUTHORITY = "local_authority", _("Local authority")
        NATIONAL_GOVERNMENT = "national_government", _("National government")
        CIVIL_SOCIETY = "civil_society", _("Civil society organisation")
        DIASPORA = "diaspora", _("Diaspora organisation")
        PRIVATE_SECTOR = "private_sector", _("Private sector")
        ACADEMIA = "academia", _("University or research centre")
        OTHER = "other", _("Other")

    code = models.CharField(
        _("code"),
        max_length=40,
        unique=True,
        null=True,
        blank=True,
        help_text=_("A short stable code for organisations named in a programme file, e.g. UNDP."),
    )
    name = models.CharField(_("name"), max_length=250)
    names = models.JSONField(
        _("name in other languages"),
        default=dict,
        blank=True,
        help_text=_(
            'The official name per language, e.g. {"fr": "PNUD"}; the name above is used otherwise.'
        ),
    )
    acronym = models.CharField(_("acronym"), max_length=40, blank=True)
    kind = models.CharField(_("kind"), max_length=30, choices=Kind.choices, default=Kind.OTHER)
    country = models.ForeignKey(
        Country,
        verbose_name=_("country"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="organisations",
    )
    area = models.ForeignKey(
        SubnationalArea,
        verbose_name=_("area"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="organisations",
    )
    website = models.URLField(_("website"), blank=True)
    note = models.TextField(_("note"), blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ORGANISATION_ORDER
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        indexes = [
            models.Index(fields=["country", "kind"]),
            # A country's organisations, a page at a time, in name order: read from this
            # index without sorting (30,000 organisations: see the directory's tests).
            models.Index(
                models.F("country"),
                Collate("name", NAMES_COLLATION),
                models.F("id"),
                name="directory_org_country_name",
            ),
        ]

    def __str__(self) -> str:
        return self.localized_name

    @property
    def localized_name(self) -> str:
        from jmdi.core.i18n import active_language

        return str(self.names.get(active_language()) or self.name)


class Contact(models.Model):
    """A person at an organisation. Personal data: shown only to those who need it."""

    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        related_name="contacts",
    )
    full_name = models.CharField(_("full name"), max_length=200)
    position = models.CharField(_("position"), max_length=200, blank=True)
    email = models.EmailField(_("email"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["full_name"]
        verbose_name = _("contact")
        verbose_name_plural = _("contacts")

    def __str__(self) -> str:
        return self.full_name
