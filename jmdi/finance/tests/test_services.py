"""Commitments and expenditures against budget lines: Decimal to the cent, USD at the
stored rate, never beyond the line's budget without a stated reason."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from jmdi.finance import selectors, services
from jmdi.finance.models import BudgetLine, Commitment, Expenditure
from jmdi.programmes.models import Contribution, Output, Programme

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("programme_once_per_module")]

DAY = dt.date(2014, 3, 1)


@pytest.fixture
def jmdi():
    return Programme.objects.get(code="jmdi-2")


@pytest.fixture
def line(jmdi):
    return services.create_budget_line(
        actor=None,
        programme=jmdi,
        code="1-EC",
        contribution=Contribution.objects.get(programme=jmdi, donor__acronym="EC"),
        output=Output.objects.get(programme=jmdi, code="1"),
        amount=Decimal("100000.00"),
        source="demo",
    )


def _commit(pmu, jmdi, line, amount="1000.00", **kwargs):
    defaults = {"date": DAY, "currency": "EUR", "reference": "PO-1"}
    return services.record_commitment(
        actor=pmu, programme=jmdi, line=line, amount=amount, **(defaults | kwargs)
    )


def _spend(pmu, jmdi, line, amount="1000.00", **kwargs):
    defaults = {"date": DAY, "currency": "EUR", "reference": "PV-1"}
    return services.record_expenditure(
        actor=pmu, programme=jmdi, line=line, amount=amount, **(defaults | kwargs)
    )


def test_a_usd_expenditure_is_converted_at_the_stored_rate_and_keeps_it(pmu, jmdi, line):
    spent = _spend(pmu, jmdi, line, amount="1000.00", currency="USD")
    assert spent.amount == Decimal("1000.00")
    assert spent.amount_eur == Decimal("772.00")  # 1 USD = 0.772 EUR
    assert spent.rate == Decimal("0.772")
    assert spent.rate_date == dt.date(2012, 11, 1)
    eur = _spend(pmu, jmdi, line, amount="10.01", reference="PV-2")
    assert eur.amount_eur == Decimal("10.01")
    assert eur.rate is None


@pytest.mark.parametrize(
    ("amount", "field"),
    [("0", "amount"), ("-5.00", "amount"), ("10.001", "amount"), ("abc", "amount")],
)
def test_an_amount_that_is_not_positive_to_the_cent_is_refused(pmu, jmdi, line, amount, field):
    with pytest.raises(ValidationError) as caught:
        _spend(pmu, jmdi, line, amount=amount)
    assert field in caught.value.error_dict
    assert not Expenditure.objects.exists()


def test_other_bad_input_names_its_field(pmu, jmdi, line):
    with pytest.raises(ValidationError) as caught:
        _commit(pmu, jmdi, line, currency="CHF", reference=" ", date=dt.date(2018, 1, 1))
    assert set(caught.value.error_dict) == {"currency", "reference", "date"}
    assert not Commitment.objects.exists()


def test_a_line_of_another_programme_is_refused(pmu, jmdi, line):
    other = Programme(pk=jmdi.pk + 1000, start_date=jmdi.start_date, end_date=jmdi.end_date)
    with pytest.raises(ValidationError) as caught:
        services.record_expenditure(
            actor=pmu, programme=other, line=line, date=DAY, amount="5.00", reference="X"
        )
    assert "line" in caught.value.error_dict


def test_spending_beyond_the_line_is_refused_unless_allowed_with_a_reason(pmu, jmdi, line):
    _spend(pmu, jmdi, line, amount="99000.00")
    with pytest.raises(ValidationError) as caught:
        _spend(pmu, jmdi, line, amount="1000.01", reference="PV-2")
    assert "amount" in caught.value.error_dict
    with pytest.raises(ValidationError) as caught:
        _spend(pmu, jmdi, line, amount="1000.01", reference="PV-2", allow_overrun=True)
    assert "overrun_reason" in caught.value.error_dict
    spent = _spend(
        pmu,
        jmdi,
        line,
        amount="1000.01",
        reference="PV-2",
        allow_overrun=True,
        overrun_reason="Exchange loss on the regional meeting, agreed by the SC.",
    )
    assert spent.overrun_reason.startswith("Exchange loss")


def test_outstanding_commitments_reduce_what_remains(pmu, jmdi, line):
    commitment = _commit(pmu, jmdi, line, amount="60000.00")
    _spend(pmu, jmdi, line, amount="20000.00", commitment=commitment)
    assert services.remaining(line) == Decimal("40000.00")  # 100k - 20k spent - 40k open
    with pytest.raises(ValidationError):
        _spend(pmu, jmdi, line, amount="40000.01", reference="PV-2")
    with pytest.raises(ValidationError) as caught:
        _spend(pmu, jmdi, line, amount="40000.01", reference="PV-3", commitment=commitment)
    assert "amount" in caught.value.error_dict  # beyond what remains of the commitment


def test_only_the_pmu_records_money(focal_ma, steering, jmdi, line):
    for who in (focal_ma, steering):
        with pytest.raises(PermissionDenied):
            _spend(who, jmdi, line)


def test_each_recording_leaves_history(pmu, jmdi, line):
    spent = _spend(pmu, jmdi, line)
    assert spent.history.count() == 1
    assert spent.history.first().history_user == pmu or spent.recorded_by == pmu


def test_a_donors_lines_never_exceed_its_contribution(jmdi, line):
    ec = Contribution.objects.get(programme=jmdi, donor__acronym="EC")
    with pytest.raises(ValidationError) as caught:
        services.create_budget_line(
            actor=None,
            programme=jmdi,
            code="2-EC",
            contribution=ec,
            amount=Decimal("5500000.01"),
            source="demo",
        )
    assert "amount" in caught.value.error_dict


def test_the_execution_totals_are_the_sums_of_the_lines_to_the_cent(pmu, jmdi):
    from jmdi.finance.demo import demo_budget_lines

    lines = demo_budget_lines(jmdi)
    by_donor: dict[str, Decimal] = {}
    for item in lines:
        by_donor[item.contribution.donor.acronym] = (
            by_donor.get(item.contribution.donor.acronym, Decimal(0)) + item.amount
        )
    assert by_donor == {"EC": Decimal("5600000.00"), "SDC": Decimal("1801333.33")}
    for n, item in enumerate(lines):
        _spend(pmu, jmdi, item, amount=f"{1000 + n}.{n:02d}", currency="USD" if n % 3 else "EUR")
    execution = selectors.get_execution("jmdi-2")
    rows = [row for output in execution.outputs for row in output.lines]
    for attribute in ("budget", "spent", "committed", "budget_usd", "spent_usd"):
        assert sum(getattr(r.figures, attribute) for r in rows) == getattr(
            execution.total, attribute
        )
        assert sum(getattr(o.figures, attribute) for o in execution.outputs) == getattr(
            execution.total, attribute
        )
    assert execution.total.budget == Decimal("7401333.33")  # the document's total
    assert execution.total.balance == execution.total.budget - execution.total.spent


def test_execution_as_of_a_date_leaves_later_records_out(pmu, jmdi, line):
    _spend(pmu, jmdi, line, amount="10.00", date=dt.date(2013, 5, 1))
    _spend(pmu, jmdi, line, amount="20.00", date=dt.date(2014, 5, 1), reference="PV-2")
    assert selectors.get_execution("jmdi-2", as_of=dt.date(2013, 12, 31)).total.spent == Decimal(
        "10.00"
    )
    assert selectors.get_execution("jmdi-2").total.spent == Decimal("30.00")


def test_the_expenditure_measure_sums_per_period(pmu, jmdi, line):
    from jmdi.core.measures import Cell, Scope
    from jmdi.core.periods import years
    from jmdi.finance.measures import EXPENDITURE

    _spend(pmu, jmdi, line, amount="10.00", date=dt.date(2013, 5, 1))
    _spend(pmu, jmdi, line, amount="20.50", date=dt.date(2014, 5, 1), reference="PV-2")
    periods = tuple(years(jmdi.start_date, jmdi.end_date))
    per_year = EXPENDITURE.values(Scope("jmdi-2", periods, ("MA",)))
    assert per_year[Cell(None, "2013")] == Decimal("10.00")
    assert per_year[Cell(None, "2014")] == Decimal("20.50")
    running = EXPENDITURE.values(Scope("jmdi-2", periods, ("MA",), cumulative=True))
    assert running[Cell(None, "2014")] == Decimal("30.50")
    assert BudgetLine.objects.count() == 1
