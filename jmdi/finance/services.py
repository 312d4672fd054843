"""Every change to the budget at work: budget lines, commitments and expenditures.

`record_commitment()` and `record_expenditure()` are the documented way in for money
spent against the budget. The grants app will call these to feed disbursements (a
contract signed is a commitment of its line, each disbursement an expenditure settling
it), with `actor=` the person who recorded the disbursement; nothing else writes these
records.

Both:
- check the line belongs to the programme given, the amount is positive with at most two
  decimals, the currency is EUR or USD, the date falls within the programme;
- convert a USD amount at the programme's stored rate (`Programme.exchange_rate`, from
  `rate_from` to `rate_to`), keeping the rate and its date beside the EUR equivalent;
- refuse an amount above the line's remaining budget (budget - spent - outstanding
  commitments), unless `allow_overrun=True` with an `overrun_reason`, which is kept;
- run in one transaction, with the line locked, so two recordings at once cannot
  together exceed the budget; each write leaves a history record.

Bad input raises ValidationError with a message per field, and writes nothing.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q, Sum
from django.utils.translation import gettext as _

from jmdi.finance import permissions
from jmdi.finance.models import CENT, BudgetLine, Commitment, Currency, Expenditure
from jmdi.programmes.models import Activity, Contribution, Output, Programme


def to_cents(value: Decimal) -> Decimal:
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class Conversion:
    amount_eur: Decimal
    rate: Decimal | None
    rate_date: dt.date | None


def convert(programme: Programme, amount: Decimal, currency: str) -> Conversion:
    """`amount` in `currency` as the programme's budget currency, at its stored rate."""
    budget = programme.budget_currency
    if currency == budget:
        return Conversion(amount, None, None)
    rate = programme.exchange_rate
    if programme.rate_from == currency and programme.rate_to == budget:
        return Conversion(to_cents(amount * rate), rate, programme.rate_date)
    if programme.rate_from == budget and programme.rate_to == currency:
        return Conversion(to_cents(amount / rate), rate, programme.rate_date)
    raise ValidationError(
        {
            "currency": _("The programme has no stored rate for %(currency)s.")
            % {"currency": currency}
        }
    )


def usd_equivalent(programme: Programme, amount_eur: Decimal) -> Decimal:
    """A budget-currency amount in USD at the stored rate, to the cent."""
    if programme.rate_from == "USD" and programme.rate_to == programme.budget_currency:
        return to_cents(amount_eur / programme.exchange_rate)
    if programme.rate_to == "USD" and programme.rate_from == programme.budget_currency:
        return to_cents(amount_eur * programme.exchange_rate)
    return amount_eur


def _require_officer(actor: Any) -> None:
    if actor is not None and not permissions.can_record_finance(actor):
        raise PermissionDenied


def remaining(line: BudgetLine) -> Decimal:
    """What the line can still take: budget - spent - commitments not yet settled."""
    committed = line.commitments.aggregate(total=Sum("amount_eur"))["total"] or Decimal(0)
    spent = line.expenditures.aggregate(
        total=Sum("amount_eur"), settled=Sum("amount_eur", filter=Q(commitment__isnull=False))
    )
    outstanding = committed - (spent["settled"] or Decimal(0))
    return to_cents(line.amount - (spent["total"] or Decimal(0)) - outstanding)


def _clean_amount(amount: Any, errors: dict[str, str]) -> Decimal | None:
    try:
        value = Decimal(str(amount)) if amount is not None else None
    except InvalidOperation:
        value = None
    if value is None or not value.is_finite():
        errors["amount"] = _("Enter the amount as a number, for example 12500.00.")
        return None
    if value <= 0:
        errors["amount"] = _("Enter an amount greater than zero.")
        return None
    if value != value.quantize(CENT):
        errors["amount"] = _("Enter the amount to the cent at most (two decimals).")
        return None
    return value


def _validate(
    *,
    programme: Programme,
    line: BudgetLine,
    date: dt.date | None,
    amount: Any,
    currency: str,
    reference: str,
    allow_overrun: bool,
    overrun_reason: str,
) -> tuple[dict[str, str], Decimal | None, Conversion | None]:
    errors: dict[str, str] = {}
    if line.programme_id != programme.pk:
        errors["line"] = _("Choose a budget line of this programme.")
    if date is None:
        errors["date"] = _("Enter the date.")
    elif not (programme.start_date <= date <= programme.end_date):
        errors["date"] = _("Enter a date within the programme, between %(start)s and %(end)s.") % {
            "start": programme.start_date.isoformat(),
            "end": programme.end_date.isoformat(),
        }
    value = _clean_amount(amount, errors)
    conversion = None
    if currency not in Currency.values:
        errors["currency"] = _("Choose EUR or USD.")
    elif value is not None:
        try:
            conversion = convert(programme, value, currency)
        except ValidationError as exc:
            errors.update({k: v[0] for k, v in exc.message_dict.items()})
    if not reference.strip():
        errors["reference"] = _("Enter the reference (voucher, contract or purchase order).")
    if allow_overrun and not overrun_reason.strip():
        errors["overrun_reason"] = _("Say why the budget line may be exceeded.")
    return errors, value, conversion


def _overrun_error(available: Decimal) -> dict[str, str]:
    return {
        "amount": _(
            "The amount exceeds what remains on this budget line (EUR %(available)s). "
            "Lower it, or allow the overrun and give the reason."
        )
        % {"available": f"{available:,.2f}"}
    }


@transaction.atomic
def record_commitment(
    *,
    actor: Any,
    programme: Programme,
    line: BudgetLine,
    date: dt.date | None,
    amount: Any,
    currency: str = "EUR",
    reference: str,
    description: str = "",
    allow_overrun: bool = False,
    overrun_reason: str = "",
) -> Commitment:
    """Commit part of a budget line (a contract, a purchase order)."""
    _require_officer(actor)
    locked = BudgetLine.objects.select_for_update().get(pk=line.pk)
    errors, value, conversion = _validate(
        programme=programme,
        line=locked,
        date=date,
        amount=amount,
        currency=currency,
        reference=reference,
        allow_overrun=allow_overrun,
        overrun_reason=overrun_reason,
    )
    if not errors and conversion is not None and not allow_overrun:
        available = remaining(locked)
        if conversion.amount_eur > available:
            errors.update(_overrun_error(available))
    if errors or value is None or conversion is None or date is None:
        raise ValidationError(errors)
    commitment = Commitment(
        **_money_fields(
            actor,
            locked,
            date,
            value,
            currency,
            conversion,
            reference,
            description,
            overrun_reason if allow_overrun else "",
        )
    )
    commitment.full_clean()
    commitment.save()
    return commitment


def _money_fields(
    actor: Any,
    line: BudgetLine,
    date: dt.date,
    amount: Decimal,
    currency: str,
    conversion: Any,
    reference: str,
    description: str,
    overrun_reason: str,
) -> dict[str, Any]:
    """What a commitment and an expenditure both record: the amount as given, its euros at
    the stored rate (with the rate and its date), the reference and who recorded it."""
    return {
        "line": line,
        "date": date,
        "amount": amount,
        "currency": currency,
        "amount_eur": conversion.amount_eur,
        "rate": conversion.rate,
        "rate_date": conversion.rate_date,
        "reference": reference.strip(),
        "description": description.strip(),
        "overrun_reason": overrun_reason.strip(),
        "recorded_by": actor,
    }


@transaction.atomic
def record_expenditure(
    *,
    actor: Any,
    programme: Programme,
    line: BudgetLine,
    date: dt.date | None,
    amount: Any,
    currency: str = "EUR",
    reference: str,
    description: str = "",
    commitment: Commitment | None = None,
    allow_overrun: bool = False,
    overrun_reason: str = "",
) -> Expenditure:
    """Record money spent on a budget line; with `commitment`, it settles (part of) it."""
    _require_officer(actor)
    locked = BudgetLine.objects.select_for_update().get(pk=line.pk)
    errors, value, conversion = _validate(
        programme=programme,
        line=locked,
        date=date,
        amount=amount,
        currency=currency,
        reference=reference,
        allow_overrun=allow_overrun,
        overrun_reason=overrun_reason,
    )
    if commitment is not None and commitment.line_id != locked.pk:
        errors["commitment"] = _("Choose a commitment of the same budget line.")
    if not errors and conversion is not None and not allow_overrun:
        if commitment is not None:
            settled = commitment.settlements.aggregate(total=Sum("amount_eur"))["total"] or 0
            open_amount = commitment.amount_eur - settled
            if conversion.amount_eur > open_amount:
                errors["amount"] = _(
                    "The amount exceeds what remains of commitment %(reference)s "
                    "(EUR %(open)s). Lower it, or allow the overrun and give the reason."
                ) % {"reference": commitment.reference, "open": f"{open_amount:,.2f}"}
        else:
            available = remaining(locked)
            if conversion.amount_eur > available:
                errors.update(_overrun_error(available))
    if errors or value is None or conversion is None or date is None:
        raise ValidationError(errors)
    expenditure = Expenditure(
        commitment=commitment,
        **_money_fields(
            actor,
            locked,
            date,
            value,
            currency,
            conversion,
            reference,
            description,
            overrun_reason if allow_overrun else "",
        ),
    )
    expenditure.full_clean()
    expenditure.save()
    return expenditure


@transaction.atomic
def create_budget_line(
    *,
    actor: Any,
    programme: Programme,
    code: str,
    contribution: Contribution,
    amount: Decimal,
    source: str,
    output: Output | None = None,
    activity: Activity | None = None,
    description: str = "",
    order: int = 0,
) -> BudgetLine:
    """A budget line of a donor's contribution. The lines of one donor never add up to
    more than its contribution (in the budget currency)."""
    _require_officer(actor)
    errors: dict[str, str] = {}
    if contribution.programme_id != programme.pk:
        errors["contribution"] = _("Choose a donor of this programme.")
    if output is not None and output.programme_id != programme.pk:
        errors["output"] = _("Choose an output of this programme.")
    if activity is not None and (output is None or activity.output_id != output.pk):
        errors["activity"] = _("Choose an activity of the line's output.")
    value = _clean_amount(amount, errors)
    if value is not None and "contribution" not in errors:
        ceiling = contribution.amount_in(programme.budget_currency)
        used = BudgetLine.objects.filter(contribution=contribution).aggregate(t=Sum("amount"))[
            "t"
        ] or Decimal(0)
        if used + value > ceiling:
            errors["amount"] = _(
                "The lines of this donor would exceed its contribution (EUR %(ceiling)s)."
            ) % {"ceiling": f"{ceiling:,.2f}"}
    if errors or value is None:
        raise ValidationError(errors)
    line = BudgetLine(
        programme=programme,
        code=code,
        output=output,
        activity=activity,
        contribution=contribution,
        description=description,
        amount=value,
        source=source,
        order=order,
    )
    line.full_clean()
    line.save()
    return line
