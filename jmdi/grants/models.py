"""Grants to the selected initiatives: a contract, its milestones and their tranches, the
grantee's deliverable report per milestone, and the disbursements that pay a milestone.

Money is `Decimal` to the cent. A contract's amount is in EUR (the programme's budget
currency); a disbursement keeps the amount in the currency it was paid in, with its euros,
its USD equivalent and the programme's stored rate used for both, so a later change of
rate never changes a recorded payment.

Every change goes through `services`: signing commits the contract's amount on its budget
line (finance), each disbursement is an expenditure settling that commitment, so the
budget execution rolls up from the contracts and their payments.
"""

from __future__ import annotations

import datetime as dt
import uuid
from decimal import Decimal

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from jmdi.directory.models import Organisation
from jmdi.finance.models import BudgetLine, Commitment, Currency, Expenditure
from jmdi.initiatives.models import Initiative
from jmdi.programmes.models import Contribution, Programme

ZERO = Decimal("0.00")
#: Evidence files: at most this size, of one of these kinds (checked by content).
EVIDENCE_MAX_BYTES = 10 * 1024 * 1024
EVIDENCE_TYPES = ("pdf", "png", "jpg", "docx", "xlsx")


def _money(verbose_name: object, **kwargs: object) -> models.DecimalField[Decimal, Decimal]:
    return models.DecimalField(verbose_name, max_digits=14, decimal_places=2, **kwargs)  # type: ignore[arg-type]


def evidence_path(instance: object, filename: str) -> str:
    """A random name, so an upload's name never decides where it lands or what it says."""
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    return f"grants/evidence/{uuid.uuid4().hex}.{extension}"


class Contract(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SIGNED = "signed", _("Signed")
        CLOSED = "closed", _("Closed")
        TERMINATED = "terminated", _("Terminated")

    programme = models.ForeignKey(Programme, on_delete=models.PROTECT, related_name="contracts")
    reference = models.CharField(
        _("reference"),
        max_length=40,
        help_text=_("The contract's number, e.g. JMDI-MA-2014-01."),
    )
    initiative = models.OneToOneField(
        Initiative,
        verbose_name=_("initiative"),
        on_delete=models.PROTECT,
        related_name="contract",
    )
    grantee = models.ForeignKey(
        Organisation,
        verbose_name=_("grantee"),
        on_delete=models.PROTECT,
        related_name="grant_contracts",
        help_text=_("The initiative's lead local authority."),
    )
    amount = _money(_("amount (EUR)"))
    contribution = models.ForeignKey(
        Contribution,
        verbose_name=_("funding source"),
        on_delete=models.PROTECT,
        related_name="grant_contracts",
    )
    line = models.ForeignKey(
        BudgetLine,
        verbose_name=_("budget line"),
        on_delete=models.PROTECT,
        related_name="grant_contracts",
    )
    start_date = models.DateField(_("start date"))
    end_date = models.DateField(_("end date"))
    signed_by_grantee_on = models.DateField(_("signed by the grantee on"), null=True, blank=True)
    signed_by_un_on = models.DateField(_("signed by UNDP on"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.DRAFT
    )
    commitment = models.ForeignKey(
        Commitment,
        verbose_name=_("commitment"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    end_reason = models.TextField(_("reason for closing or terminating"), blank=True)
    created_at = models.DateTimeField(_("recorded at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["programme", "reference"]
        verbose_name = _("contract")
        verbose_name_plural = _("contracts")
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "reference"], name="unique_contract_reference"
            ),
            models.CheckConstraint(
                condition=models.Q(amount__gt=0), name="contract_amount_positive"
            ),
            models.CheckConstraint(
                condition=models.Q(end_date__gte=models.F("start_date")),
                name="contract_ends_after_start",
            ),
        ]
        indexes = [models.Index(fields=["programme", "status"])]

    def __str__(self) -> str:
        return self.reference

    @property
    def is_draft(self) -> bool:
        return self.status == self.Status.DRAFT

    @property
    def is_signed(self) -> bool:
        return self.status == self.Status.SIGNED

    @property
    def signed_on(self) -> dt.date | None:
        """The day the contract took effect: the later of the two signatures."""
        days = [d for d in (self.signed_by_grantee_on, self.signed_by_un_on) if d]
        return max(days) if len(days) == 2 else None


class Milestone(models.Model):
    contract = models.ForeignKey(
        Contract, verbose_name=_("contract"), on_delete=models.CASCADE, related_name="milestones"
    )
    order = models.PositiveSmallIntegerField(_("number"))
    title = models.CharField(_("title"), max_length=200)
    deliverable = models.TextField(_("deliverable"))
    due_date = models.DateField(_("due date"))
    tranche = _money(_("tranche (EUR)"))
    history = HistoricalRecords()

    class Meta:
        ordering = ["contract", "order"]
        verbose_name = _("milestone")
        verbose_name_plural = _("milestones")
        constraints = [
            models.UniqueConstraint(fields=["contract", "order"], name="unique_milestone_order"),
            models.CheckConstraint(
                condition=models.Q(tranche__gt=0), name="milestone_tranche_positive"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.order}. {self.title}"


class Amendment(models.Model):
    """A change to a signed contract: its amount, end date or milestones, with the reason;
    what it was before is kept here beside what it became."""

    contract = models.ForeignKey(
        Contract, verbose_name=_("contract"), on_delete=models.PROTECT, related_name="amendments"
    )
    number = models.PositiveSmallIntegerField(_("number"))
    date = models.DateField(_("date"))
    reason = models.TextField(_("reason"))
    previous_amount = _money(_("amount before (EUR)"))
    new_amount = _money(_("amount after (EUR)"))
    previous_end_date = models.DateField(_("end date before"))
    new_end_date = models.DateField(_("end date after"))
    previous_milestones = models.JSONField(_("milestones before"), default=list)
    new_milestones = models.JSONField(_("milestones after"), default=list)
    commitment = models.ForeignKey(
        Commitment,
        verbose_name=_("further commitment"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["contract", "number"]
        verbose_name = _("amendment")
        verbose_name_plural = _("amendments")
        constraints = [
            models.UniqueConstraint(fields=["contract", "number"], name="unique_amendment_number")
        ]

    def __str__(self) -> str:
        return f"{self.contract} A{self.number}"


class DeliverableReport(models.Model):
    """The grantee's report on a milestone's deliverable, reviewed by the focal point of the
    initiative's country. Returned, it is corrected and submitted again (history keeps
    every round)."""

    class Status(models.TextChoices):
        SUBMITTED = "submitted", _("Submitted, waiting for review")
        RETURNED = "returned", _("Returned with comments")
        APPROVED = "approved", _("Approved")

    milestone = models.OneToOneField(
        Milestone, verbose_name=_("milestone"), on_delete=models.CASCADE, related_name="report"
    )
    text = models.TextField(_("what was delivered"))
    evidence = models.FileField(
        _("evidence file"), upload_to=evidence_path, max_length=200, blank=True
    )
    evidence_name = models.CharField(_("file name"), max_length=200, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    submitted_at = models.DateTimeField(_("submitted at"))
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)
    review_comment = models.TextField(_("comments"), blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("deliverable report")
        verbose_name_plural = _("deliverable reports")
        indexes = [models.Index(fields=["status"])]

    def __str__(self) -> str:
        return f"{self.milestone}: {self.get_status_display()}"


class Disbursement(models.Model):
    contract = models.ForeignKey(
        Contract,
        verbose_name=_("contract"),
        on_delete=models.PROTECT,
        related_name="disbursements",
    )
    milestone = models.ForeignKey(
        Milestone,
        verbose_name=_("milestone"),
        on_delete=models.PROTECT,
        related_name="disbursements",
    )
    date = models.DateField(_("payment date"))
    amount = _money(_("amount"))
    currency = models.CharField(_("currency"), max_length=3, choices=Currency.choices)
    amount_eur = _money(_("amount (EUR)"))
    rate = models.DecimalField(_("exchange rate used"), max_digits=12, decimal_places=6)
    rate_date = models.DateField(_("date of the rate"))
    usd_equivalent = _money(_("USD equivalent"))
    reference = models.CharField(_("payment reference"), max_length=100)
    expenditures = models.ManyToManyField(
        Expenditure, verbose_name=_("expenditures"), related_name="+", blank=True
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["contract", "date", "pk"]
        verbose_name = _("disbursement")
        verbose_name_plural = _("disbursements")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(amount__gt=0), name="disbursement_amount_positive"
            )
        ]
        indexes = [models.Index(fields=["date"])]

    def __str__(self) -> str:
        return f"{self.reference}: {self.amount} {self.currency}"
