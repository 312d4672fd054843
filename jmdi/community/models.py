"""The M4D Net's members: a person's public face in the community of practice.

A member is a signed-in person (accounts.User) with a profile: organisation (from the
registry, or a name for the PMU to confirm), stakeholder type, country and area,
languages and topics of expertise, and what of it they make public. Local authorities
are verified by the PMU before they count as such. Consent is recorded with the text's
version and date. A member who leaves is anonymised, never deleted, so their posts stay,
attributed to "former member" (`selectors.public_name`).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField
from simple_history.models import HistoricalRecords


class StakeholderType(models.TextChoices):
    """The controlled list of who a member is, which the usage figures split by."""

    LOCAL_AUTHORITY = "local_authority", _("Local or regional authority")
    NATIONAL_GOVERNMENT = "national_government", _("National government")
    DIASPORA = "diaspora", _("Diaspora or migrant association")
    WOMEN_REFUGEE = "women_refugee", _("Women's or refugee association")
    NGO = "ngo", _("Non-governmental organisation")
    SOCIAL_PARTNER = "social_partner", _("Social partner")
    PRIVATE_SECTOR = "private_sector", _("Private sector")
    ACADEMIA = "academia", _("Academia or research")
    UN_AGENCY = "un_agency", _("UN agency")
    DONOR = "donor", _("Donor")
    OTHER = "other", _("Other")


class Visibility(models.TextChoices):
    PUBLIC = "public", _("Everyone")
    MEMBERS = "members", _("Signed-in members")
    NOBODY = "nobody", _("Only me and the programme team")


class Member(models.Model):
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person"),
        on_delete=models.PROTECT,
        related_name="member",
    )
    organisation = models.ForeignKey(
        "directory.Organisation",
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="members",
    )
    proposed_organisation = models.CharField(
        _("organisation not yet in the registry"),
        max_length=255,
        blank=True,
        help_text=_("The programme team confirms it, or links you to the registry's record."),
    )
    stakeholder_type = models.CharField(
        _("stakeholder type"), max_length=32, choices=StakeholderType.choices
    )
    country = CountryField(_("country"))
    area = models.ForeignKey(
        "directory.SubnationalArea",
        verbose_name=_("region or area"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    position = models.CharField(_("position"), max_length=200, blank=True)
    bio = models.TextField(_("about me"), blank=True)
    #: Language codes (en, fr, es, ar, …) the member works in.
    languages = models.JSONField(_("languages"), default=list, blank=True)
    topics = models.ManyToManyField(
        "initiatives.Theme", verbose_name=_("topics of expertise"), blank=True, related_name="+"
    )
    profile_visibility = models.CharField(
        _("who sees my profile"),
        max_length=16,
        choices=Visibility.choices,
        default=Visibility.MEMBERS,
    )
    show_email = models.BooleanField(_("show my e-mail address on my profile"), default=False)
    in_directory = models.BooleanField(_("list me in the member directory"), default=False)
    digest = models.BooleanField(_("send me a daily digest instead of each e-mail"), default=False)
    #: Set by the PMU once it has checked that the member works for a local authority.
    authority_verified_at = models.DateTimeField(
        _("local authority verified at"), null=True, blank=True
    )
    authority_verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("verified by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    banned_at = models.DateTimeField(_("banned at"), null=True, blank=True)
    banned_reason = models.TextField(_("reason for the ban"), blank=True)
    joined_at = models.DateTimeField(_("joined at"), auto_now_add=True)
    #: Set when the member deleted their account: the profile is emptied, the person's
    #: account anonymised, and their posts stay, shown as "former member".
    left_at = models.DateTimeField(_("left at"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("M4D Net member")
        verbose_name_plural = _("M4D Net members")
        indexes = [models.Index(fields=["country", "stakeholder_type"])]

    def __str__(self) -> str:
        return self.user.full_name or self.user.email

    @property
    def is_verified_authority(self) -> bool:
        return (
            self.stakeholder_type == StakeholderType.LOCAL_AUTHORITY
            and self.authority_verified_at is not None
        )


class Consent(models.Model):
    """What a member agreed to, in which version of the text, and when."""

    member = models.ForeignKey(
        Member, verbose_name=_("member"), on_delete=models.CASCADE, related_name="consents"
    )
    purpose = models.SlugField(_("purpose"), max_length=40)
    text_version = models.CharField(_("version of the text"), max_length=20)
    text = models.TextField(_("text agreed to"))
    given_at = models.DateTimeField(_("given at"), auto_now_add=True)
    withdrawn_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True)

    class Meta:
        ordering = ["-given_at"]
        verbose_name = _("consent")
        verbose_name_plural = _("consents")

    def __str__(self) -> str:
        return f"{self.purpose} v{self.text_version}"


class ActivityKind(models.TextChoices):
    """What the usage figures count. Each M4D Net app records its own kinds."""

    SIGN_IN = "sign_in", _("Signed in")
    POST = "post", _("Started a discussion")
    REPLY = "reply", _("Replied in a discussion")
    SUPPORT_REQUEST = "support_request", _("Asked the support facility")
    PROJECT_SUGGESTION = "project_suggestion", _("Suggested a project")
    PROJECT_CONTACT = "project_contact", _("Contacted a project")
    RESOURCE_DOWNLOAD = "resource_download", _("Downloaded a knowledge product")
    RESOURCE_CONTRIBUTION = "resource_contribution", _("Contributed a resource")
    EVENT_INTEREST = "event_interest", _("Registered interest in an event")


class Activity(models.Model):
    """One use of the M4D Net, counted first-party and without personal data: the kind,
    the day, who the actor is as a stakeholder (type, country, verified local authority)
    and a keyed hash of the account, so distinct users can be counted but not named.
    Anonymous uses (a download by a visitor) have an empty `actor`."""

    kind = models.CharField(_("kind"), max_length=32, choices=ActivityKind.choices)
    day = models.DateField(_("day"))
    country = CountryField(_("country"), blank=True)
    stakeholder_type = models.CharField(
        _("stakeholder type"), max_length=32, choices=StakeholderType.choices, blank=True
    )
    verified_authority = models.BooleanField(_("verified local authority"), default=False)
    actor = models.CharField(_("pseudonymous actor"), max_length=32, blank=True)

    class Meta:
        verbose_name = _("M4D Net activity")
        verbose_name_plural = _("M4D Net activity")
        indexes = [models.Index(fields=["kind", "day"]), models.Index(fields=["day"])]

    def __str__(self) -> str:
        return f"{self.kind} {self.day}"
