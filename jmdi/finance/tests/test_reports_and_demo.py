"""The finance section of the reports, and the demo's budget at work."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from jmdi.core.measures import Period
from jmdi.core.reports import ReportContext
from jmdi.finance.models import BudgetLine, Commitment, Expenditure
from jmdi.finance.reports import execution_section
from jmdi.finance.selectors import get_execution

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("programme_once_per_module")]


@pytest.fixture
def demo(pmu):
    from jmdi.core.plugins import DemoContext
    from jmdi.finance.demo import demo_step

    demo_step(DemoContext(password="x", say=lambda line: None))


def test_the_demo_delivers_about_forty_per_cent_by_the_end_of_2014(demo):
    total = get_execution("jmdi-2", as_of=dt.date(2014, 12, 31)).total
    assert Decimal(35) <= total.delivery <= Decimal(45)
    assert total.budget == Decimal("7401333.33")
    assert BudgetLine.objects.exclude(source="demo").count() == 0  # marked as demo data
    assert Commitment.objects.filter(currency="USD").exists()
    assert Expenditure.objects.filter(currency="USD").exists()
    dates = Expenditure.objects.values_list("date", flat=True)
    assert min(dates) >= dt.date(2013, 1, 1)
    assert max(dates) <= dt.date(2014, 12, 31)


def test_the_section_gives_the_figures_as_of_the_reports_date(demo):
    context = ReportContext(
        "jmdi-2",
        "quarterly",
        Period("2013-Q4", "quarter", dt.date(2013, 10, 1), dt.date(2013, 12, 31)),
        dt.date(2013, 12, 31),
        "en",
    )
    section = execution_section(context)
    delivery_table = section.blocks[2]
    expected = get_execution("jmdi-2", as_of=dt.date(2013, 12, 31))
    assert Decimal(delivery_table.total[2].value) == expected.total.spent
    assert sum(Decimal(row[2].value) for row in delivery_table.rows) == expected.total.spent
    assert expected.total.spent < get_execution("jmdi-2").total.spent
    assert "demo data" in section.blocks[1].text
