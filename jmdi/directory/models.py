"""Countries, sub-national areas, organisations and their contacts.

The scopes of the platform hang off these: a focal point is scoped to a country, a
grantee to an organisation. Organisations form the registry every app refers to: each
has a key of its name (names.py) for finding likely duplicates, and a duplicate found
late is merged into the record kept (services.merge_organisations), never deleted.
Lists and searches read `Organisation.objects.active()`.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.functions import Collate
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from django_countries.fields import CountryField
from simple_history.models import HistoricalRecords

from jmdi.core.i18n import Translated
from jmdi.core.people import Sex, sex_field
from jmdi.directory.collation import NAMES_COLLATION
from jmdi.directory.names import name_key, name_stem


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
    name = models.CharField(
        _("name"), max_length=200, error_messages={"blank": _("Enter the area's name.")}
    )
    kind = models.CharField(
        _("kind"),
        max_length=20,
        choices=Kind.choices,
        default=Kind.REGION,
        error_messages={"invalid_choice": _("Choose a region, a department or a municipality.")},
    )
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

    def clean(self) -> None:
        if self.parent is not None and self.parent.country_id != self.country_id:
            raise ValidationError(
                {"parent": _("Choose an area in the same country, or leave this empty.")}
            )


#: Organisations by name, accents and case considered, the same on SQLite and PostgreSQL
#: (see collation.py); the primary key makes the order total, so pages never overlap.
ORGANISATION_ORDER: list[str | models.expressions.Combinable] = [
    Collate("name", NAMES_COLLATION),
    "pk",
]


class OrganisationQuerySet(models.QuerySet["Organisation"]):
    def active(self) -> OrganisationQuerySet:
        """Organisations not merged into another one: what lists and searches show."""
        return self.filter(merged_into__isnull=True)

    def bulk_create(self, objs: Any, *args: Any, **kwargs: Any) -> Any:
        """Bulk writes skip `save()`: the name's key is filled here instead."""
        objs = list(objs)
        for obj in objs:
            obj.fill_name_key()
        return super().bulk_create(objs, *args, **kwargs)


class Organisation(models.Model):
    class Kind(models.TextChoices):
        LOCAL_AUTHORITY = "local_authority", _("Local authority")
        # Civil society
        DIASPORA = "diaspora", _("Diaspora or migrant association")
        WOMENS_ASSOCIATION = "womens_association", _("Women's association")
        REFUGEE_ASSOCIATION = "refugee_association", _("Refugee association")
        NGO = "ngo", _("Non-governmental organisation (NGO)")
        PHILANTHROPIC = "philanthropic", _("Philanthropic organisation or foundation")
        COMMUNITY_GROUP = "community_group", _("Community group")
        CIVIL_SOCIETY = "civil_society", _("Other civil society organisation")
        # Social partners
        TRADE_UNION = "trade_union", _("Trade union")
        EMPLOYERS_ORGANISATION = "employers_organisation", _("Employers' organisation")
        # The economy
        PRIVATE_SECTOR = "private_sector", _("Private sector")
        CHAMBER_OF_COMMERCE = "chamber_of_commerce", _("Chamber of commerce")
        COOPERATIVE = "cooperative", _("Cooperative")
        # Knowledge and skills
        ACADEMIA = "academia", _("University or research centre")
        TRAINING_INSTITUTION = "training_institution", _("Training centre or institution")
        # Public and international bodies
        PUBLIC_EMPLOYMENT_SERVICE = "public_employment_service", _("Public employment service")
        NATIONAL_GOVERNMENT = "national_government", _("National government")
        UN_AGENCY = "un_agency", _("UN agency")
        DONOR = "donor", _("Donor")
        OTHER = "other", _("Other")

    #: The kinds that are civil society, for filters and counts.
    CIVIL_SOCIETY_KINDS = frozenset(
        {
            Kind.DIASPORA,
            Kind.WOMENS_ASSOCIATION,
            Kind.REFUGEE_ASSOCIATION,
            Kind.NGO,
            Kind.PHILANTHROPIC,
            Kind.COMMUNITY_GROUP,
            Kind.CIVIL_SOCIETY,
        }
    )
    SOCIAL_PARTNER_KINDS = frozenset({Kind.TRADE_UNION, Kind.EMPLOYERS_ORGANISATION})

    class Tier(models.TextChoices):
        """The level of a local authority, from the smallest."""

        MUNICIPALITY = "municipality", _("Municipality")
        COMMUNE = "commune", _("Commune")
        DISTRICT = "district", _("District")
        COUNTY = "county", _("County")
        PROVINCE = "province", _("Province")
        REGION = "region", pgettext_lazy("tier of local authority", "Region")

    class Setting(models.TextChoices):
        URBAN = "urban", _("Urban")
        RURAL = "rural", _("Rural")
        MIXED = "mixed", _("Mixed urban and rural")

    code = models.CharField(
        _("code"),
        max_length=40,
        unique=True,
        null=True,
        blank=True,
        help_text=_("A short stable code for organisations named in a programme file, e.g. UNDP."),
    )
    name = models.CharField(
        _("name"),
        max_length=250,
        error_messages={"blank": _("Enter the organisation's name, as it writes it.")},
    )
    names = models.JSONField(
        _("name in other languages"),
        default=dict,
        blank=True,
        help_text=_(
            'The official name per language, e.g. {"fr": "PNUD"}; the name above is used otherwise.'
        ),
    )
    acronym = models.CharField(_("acronym"), max_length=40, blank=True)
    kind = models.CharField(
        _("kind"),
        max_length=30,
        choices=Kind.choices,
        default=Kind.OTHER,
        error_messages={"invalid_choice": _("Choose one of the listed kinds of organisation.")},
    )
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
    website = models.URLField(
        _("website"),
        blank=True,
        error_messages={"invalid": _("Enter the whole address, such as https://example.org.")},
    )
    tier = models.CharField(
        _("tier"),
        max_length=20,
        choices=Tier.choices,
        blank=True,
        help_text=_("For a local authority only: its level, from municipality to region."),
        error_messages={"invalid_choice": _("Choose one of the listed tiers, or leave it empty.")},
    )
    setting = models.CharField(
        _("urban or rural"),
        max_length=10,
        choices=Setting.choices,
        blank=True,
        error_messages={
            "invalid_choice": _("Choose urban, rural or mixed, or leave it empty if unknown.")
        },
    )
    note = models.TextField(_("note"), blank=True)
    #: The name reduced for comparison (see names.py); kept in step with `name` on save.
    name_key = models.CharField(_("name key"), max_length=250, blank=True, editable=False)
    #: The key's first letters: where `similar_organisations` looks for candidates.
    name_stem = models.CharField(max_length=8, blank=True, editable=False)
    merged_into = models.ForeignKey(
        "self",
        verbose_name=_("merged into"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        editable=False,
        related_name="merged_duplicates",
        help_text=_("Set when this record was a duplicate: the record that replaced it."),
    )
    merged_at = models.DateTimeField(_("merged at"), null=True, blank=True, editable=False)
    history = HistoricalRecords()

    objects = OrganisationQuerySet.as_manager()

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
            # The whole registry's list (the records kept, not the merged duplicates), in
            # name order, the same way.
            models.Index(
                Collate("name", NAMES_COLLATION),
                models.F("id"),
                name="directory_org_active_name",
                condition=models.Q(merged_into__isnull=True),
            ),
            models.Index(fields=["country", "name_key"], name="directory_org_country_key"),
            models.Index(fields=["country", "name_stem"], name="directory_org_country_stem"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(tier="") | models.Q(kind="local_authority"),
                name="organisation_tier_only_for_local_authorities",
            ),
        ]

    def __str__(self) -> str:
        return self.localized_name

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.fill_name_key()
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and "name" in update_fields:
            kwargs["update_fields"] = {*update_fields, "name_key", "name_stem"}
        super().save(*args, **kwargs)

    def clean(self) -> None:
        if self.area is not None and self.area.country_id != self.country_id:
            raise ValidationError(
                {"area": _("Choose an area in the organisation's country, or change the country.")}
            )
        if self.tier and self.kind != self.Kind.LOCAL_AUTHORITY:
            raise ValidationError(
                {
                    "tier": _(
                        "Only a local authority has a tier: leave it empty, "
                        "or choose “Local authority” as the kind."
                    )
                }
            )

    def fill_name_key(self) -> None:
        self.name_key = name_key(self.name)
        self.name_stem = name_stem(self.name_key)

    @property
    def is_merged(self) -> bool:
        return self.merged_into_id is not None

    @property
    def localized_name(self) -> str:
        from jmdi.core.i18n import active_language

        return str(self.names.get(active_language()) or self.name)


class Position(models.TextChoices):
    """What a contact does at their organisation: a controlled list, so that it reads in
    every language and can be counted. "Other" keeps the words for a position the list
    lacks (in `Contact.position_other`)."""

    MAYOR = "mayor", _("Mayor")
    DEPUTY_MAYOR = "deputy_mayor", _("Deputy mayor")
    COUNCILLOR = "councillor", _("Local councillor")
    SECRETARY_GENERAL = "secretary_general", _("Secretary general")
    HEAD_OF_PLANNING = "head_of_planning", _("Head of planning")
    LOCAL_DEVELOPMENT_OFFICER = "local_development_officer", _("Local development officer")
    MIGRATION_OFFICER = "migration_officer", _("Migration desk officer")
    PRESIDENT = "president", _("President or chair")
    DIRECTOR = "director", _("Director")
    PROGRAMME_COORDINATOR = "programme_coordinator", _("Programme coordinator")
    PROGRAMME_OFFICER = "programme_officer", _("Programme officer")
    SECRETARY = "secretary", pgettext_lazy("position in an organisation", "Secretary")
    TREASURER = "treasurer", _("Treasurer")
    MANAGER = "manager", _("Manager")
    PARTNERSHIPS_OFFICER = "partnerships_officer", _("Partnerships officer")
    OTHER = "other", pgettext_lazy("position", "Other")


#: The name of a position held by a woman or by a man, for the languages whose nouns
#: agree with the person ("Directrice", "Directora", "مديرة"); the list's own label,
#: written for anyone, is used when the contact's sex is not recorded.
_POSITION_BY_SEX = {
    Sex.FEMALE: {
        Position.MAYOR: pgettext_lazy("position held by a woman", "Mayor"),
        Position.DEPUTY_MAYOR: pgettext_lazy("position held by a woman", "Deputy mayor"),
        Position.COUNCILLOR: pgettext_lazy("position held by a woman", "Local councillor"),
        Position.SECRETARY_GENERAL: pgettext_lazy("position held by a woman", "Secretary general"),
        Position.HEAD_OF_PLANNING: pgettext_lazy("position held by a woman", "Head of planning"),
        Position.LOCAL_DEVELOPMENT_OFFICER: pgettext_lazy(
            "position held by a woman", "Local development officer"
        ),
        Position.MIGRATION_OFFICER: pgettext_lazy(
            "position held by a woman", "Migration desk officer"
        ),
        Position.PRESIDENT: pgettext_lazy("position held by a woman", "President"),
        Position.DIRECTOR: pgettext_lazy("position held by a woman", "Director"),
        Position.PROGRAMME_COORDINATOR: pgettext_lazy(
            "position held by a woman", "Programme coordinator"
        ),
        Position.PROGRAMME_OFFICER: pgettext_lazy("position held by a woman", "Programme officer"),
        Position.SECRETARY: pgettext_lazy("position held by a woman", "Secretary"),
        Position.TREASURER: pgettext_lazy("position held by a woman", "Treasurer"),
        Position.MANAGER: pgettext_lazy("position held by a woman", "Manager"),
        Position.PARTNERSHIPS_OFFICER: pgettext_lazy(
            "position held by a woman", "Partnerships officer"
        ),
    },
    Sex.MALE: {
        Position.MAYOR: pgettext_lazy("position held by a man", "Mayor"),
        Position.DEPUTY_MAYOR: pgettext_lazy("position held by a man", "Deputy mayor"),
        Position.COUNCILLOR: pgettext_lazy("position held by a man", "Local councillor"),
        Position.SECRETARY_GENERAL: pgettext_lazy("position held by a man", "Secretary general"),
        Position.HEAD_OF_PLANNING: pgettext_lazy("position held by a man", "Head of planning"),
        Position.LOCAL_DEVELOPMENT_OFFICER: pgettext_lazy(
            "position held by a man", "Local development officer"
        ),
        Position.MIGRATION_OFFICER: pgettext_lazy(
            "position held by a man", "Migration desk officer"
        ),
        Position.PRESIDENT: pgettext_lazy("position held by a man", "President"),
        Position.DIRECTOR: pgettext_lazy("position held by a man", "Director"),
        Position.PROGRAMME_COORDINATOR: pgettext_lazy(
            "position held by a man", "Programme coordinator"
        ),
        Position.PROGRAMME_OFFICER: pgettext_lazy("position held by a man", "Programme officer"),
        Position.SECRETARY: pgettext_lazy("position held by a man", "Secretary"),
        Position.TREASURER: pgettext_lazy("position held by a man", "Treasurer"),
        Position.MANAGER: pgettext_lazy("position held by a man", "Manager"),
        Position.PARTNERSHIPS_OFFICER: pgettext_lazy(
            "position held by a man", "Partnerships officer"
        ),
    },
}


class Contact(models.Model):
    """A person at an organisation. Personal data: shown only to those who need it."""

    Position = Position

    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        related_name="contacts",
    )
    full_name = models.CharField(
        _("full name"),
        max_length=200,
        error_messages={"blank": _("Enter the person's full name.")},
    )
    position = models.CharField(
        _("position"),
        max_length=40,
        choices=Position.choices,
        blank=True,
        error_messages={
            "invalid_choice": _("Choose a position from the list, or “Other” and write it.")
        },
    )
    position_other = models.CharField(
        _("other position"),
        max_length=200,
        blank=True,
        help_text=_("Only when the position is “Other”: the position in the person's words."),
    )
    sex = sex_field(
        error_messages={"invalid_choice": _("Choose one of the listed answers, or “Not recorded”.")}
    )
    email = models.EmailField(
        _("email"),
        blank=True,
        error_messages={"invalid": _("Enter an email address such as name@example.org.")},
    )
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["full_name"]
        verbose_name = _("contact")
        verbose_name_plural = _("contacts")
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(position=Position.OTHER) & ~models.Q(position_other="")
                    | ~models.Q(position=Position.OTHER) & models.Q(position_other="")
                ),
                name="contact_other_position_only_with_other",
            ),
        ]

    def __str__(self) -> str:
        return self.full_name

    def clean(self) -> None:
        if self.position == Position.OTHER and not self.position_other.strip():
            raise ValidationError(
                {"position_other": _("Write the position, or choose one from the list.")}
            )
        if self.position != Position.OTHER and self.position_other:
            raise ValidationError(
                {
                    "position_other": _(
                        "Leave this empty, or choose “Other” as the position: "
                        "it is for positions the list lacks."
                    )
                }
            )

    @property
    def phone_display(self) -> str:
        """The phone number on one line: its spaces and hyphens do not break."""
        return self.phone.replace(" ", "\u00a0").replace("-", "\u2011")

    @property
    def position_label(self) -> str:
        """The position in the reader's language (as written, for "Other")."""
        if self.position == Position.OTHER:
            return self.position_other
        if not self.position:
            return ""
        by_sex = _POSITION_BY_SEX.get(Sex(self.sex), {}) if self.sex in Sex.values else {}
        label = by_sex.get(Position(self.position)) if self.position in Position.values else None
        return str(label or self.get_position_display())
