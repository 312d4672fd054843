"""The budget at work: budget lines, and the commitments and expenditures against them.

Amounts are `Decimal` to the cent. A line's budget is in the programme's budget currency
(EUR). A commitment or an expenditure keeps the amount in the currency it was made in
(EUR or USD) and its equivalent in the budget currency, with the rate and the rate's date
used for the conversion, so that a later change of the programme's rate never changes a
recorded figure.

The programme document gives the budget only by donor (EC EUR 5,600,000; SDC
USD 2,333,333.33, i.e. EUR 1,801,333.33), not by output or activity. A line records
where its figure comes from (`source`): the document, or demo data.
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from jmdi.programmes.models import Activity, Contribution, Output, Programme

CENT = Decimal("0.01")


def _amount(verbose_name: object) -> models.DecimalField[Decimal, Decimal]:
    return models.DecimalField(
        verbose_name,  # type: ignore[arg-type]
        max_digits=16,
        decimal_places=2,
        validators=[MinValueValidator(CENT)],
    )


class Currency(models.TextChoices):
    EUR = "EUR", "EUR"
    USD = "USD", "USD"


class BudgetLine(models.Model):
    class Source(models.TextChoices):
        DOCUMENT = "document", _("Programme document")
        DEMO = "demo", _("Demo data")

    programme = models.ForeignKey(Programme, on_delete=models.PROTECT, related_name="budget_lines")
    code = models.CharField(_("code"), max_length=30)
    output = models.ForeignKey(
        Output,
        verbose_name=_("output"),
        on_delete=models.PROTECT,
        related_name="budget_lines",
        null=True,
        blank=True,
    )
    activity = models.ForeignKey(
        Activity,
        verbose_name=_("activity"),
        on_delete=models.PROTECT,
        related_name="budget_lines",
        null=True,
        blank=True,
    )
    contribution = models.ForeignKey(
        Contribution,
        verbose_name=_("donor"),
        on_delete=models.PROTECT,
        related_name="budget_lines",
    )
    description = models.CharField(_("description"), max_length=300, blank=True)
    amount = _amount(_("budget (EUR)"))
    source = models.CharField(_("source"), max_length=20, choices=Source.choices)
    order = models.PositiveIntegerField(default=0)
    history = HistoricalRecords()

    class Meta:
        ordering = ["programme", "order", "code"]
        verbose_name = _("budget line")
        verbose_name_plural = _("budget lines")
        constraints = [
            models.UniqueConstraint(fields=["programme", "code"], name="unique_budget_line_code")
        ]

    def __str__(self) -> str:
        return self.code


class _Movement(models.Model):
    """What a commitment and an expenditure share."""

    line = models.ForeignKey(BudgetLine, verbose_name=_("budget line"), on_delete=models.PROTECT)
    date = models.DateField(_("date"))
    amount = _amount(_("amount"))
    currency = models.CharField(_("currency"), max_length=3, choices=Currency.choices)
    amount_eur = models.DecimalField(_("amount (EUR)"), max_digits=16, decimal_places=2)
    rate = models.DecimalField(
        _("exchange rate used"), max_digits=12, decimal_places=6, null=True, blank=True
    )
    rate_date = models.DateField(_("date of the rate"), null=True, blank=True)
    reference = models.CharField(_("reference"), max_length=100)
    description = models.CharField(_("description"), max_length=300, blank=True)
    overrun_reason = models.TextField(_("reason for exceeding the budget"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return f"{self.reference}: {self.amount} {self.currency}"


class Commitment(_Movement):
    line = models.ForeignKey(
        BudgetLine,
        verbose_name=_("budget line"),
        on_delete=models.PROTECT,
        related_name="commitments",
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["-date", "-pk"]
        verbose_name = _("commitment")
        verbose_name_plural = _("commitments")
        indexes = [models.Index(fields=["line", "date"])]


class Expenditure(_Movement):
    line = models.ForeignKey(
        BudgetLine,
        verbose_name=_("budget line"),
        on_delete=models.PROTECT,
        related_name="expenditures",
    )
    commitment = models.ForeignKey(
        Commitment,
        verbose_name=_("settles commitment"),
        on_delete=models.PROTECT,
        related_name="settlements",
        null=True,
        blank=True,
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["-date", "-pk"]
        verbose_name = _("expenditure")
        verbose_name_plural = _("expenditures")
        indexes = [models.Index(fields=["line", "date"]), models.Index(fields=["date"])]
