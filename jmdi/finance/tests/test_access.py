"""Who may open the budget execution pages and record money: role by page, in one table.

OK 200 · NO 403 · GONE 404 · LOGIN 302 to sign-in · DONE 302 back to the ledger.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from jmdi.finance import services
from jmdi.finance.demo import demo_budget_lines
from jmdi.programmes.models import Programme

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("programme_once_per_module")]

OK, NO, GONE = 200, 403, 404
LOGIN, DONE = "302 to sign-in", "302 done"
COLUMNS = (
    "anonymous", "outsider", "member", "training_staff", "grantee",
    "reviewer_ma", "focal_ma", "focal_sn", "steering", "technical", "pmu",
)  # fmt: skip
P = "/programmes/jmdi-2/budget"
REFERENCE = "PV-SECRET-0042"

# fmt: off
GETS: dict[str, tuple[object, ...]] = {
    #                               anonym outsid member traini grante rev_ma foc_ma foc_sn steeri techni pmu
    f"{P}/execution/":              (LOGIN, NO,    NO,    NO,    NO,    NO,    OK,    OK,    OK,    OK,    OK),
    f"{P}/lines/1.1-EC/":           (LOGIN, NO,    NO,    NO,    NO,    NO,    NO,    NO,    OK,    OK,    OK),
    f"{P}/lines/1.1-EC/?e=2&c=1":   (LOGIN, NO,    NO,    NO,    NO,    NO,    NO,    NO,    OK,    OK,    OK),
    f"{P}/lines/NO-SUCH-LINE/":     (LOGIN, NO,    NO,    NO,    NO,    NO,    NO,    NO,    GONE,  GONE,  GONE),
}
ACT = (LOGIN, NO, NO, NO, NO, NO, NO, NO, NO, NO, DONE)
FORM = {"date": "2014-03-01", "amount": "125.50", "currency": "USD", "reference": "PV-9"}
POSTS: dict[str, tuple[tuple[object, ...], dict[str, str]]] = {
    f"{P}/lines/1.1-EC/commitments/":  (ACT, FORM),
    f"{P}/lines/1.1-EC/expenditures/": (ACT, FORM),
}
# fmt: on


@pytest.fixture
def lines(pmu):
    programme = Programme.objects.get(code="jmdi-2")
    made = demo_budget_lines(programme)
    services.record_expenditure(
        actor=pmu,
        programme=programme,
        line=made[0],
        date=dt.date(2014, 2, 1),
        amount=Decimal("1234.56"),
        reference=REFERENCE,
    )
    return made


def _check(response, expected, url):
    if expected == LOGIN:
        assert response.status_code == 302, url
        assert "/accounts/login/" in response["Location"], url
    elif expected == DONE:
        assert response.status_code == 302, (url, response.status_code)
        assert "/accounts/login/" not in response["Location"], url
    else:
        assert response.status_code == expected, (url, response.status_code, expected)


GET_CASES = [(page, persona) for page in GETS for persona in COLUMNS]
POST_CASES = [(page, persona) for page in POSTS for persona in COLUMNS]


@pytest.mark.parametrize(
    ("page", "persona"), GET_CASES, ids=[f"GET {p} as {r}" for p, r in GET_CASES]
)
def test_pages(client_as, lines, page, persona):
    response = client_as(persona).get(page)
    _check(response, dict(zip(COLUMNS, GETS[page], strict=True))[persona], page)
    if response.status_code != 200:
        body = response.content.decode()
        assert REFERENCE not in body
        assert "1,234.56" not in body


@pytest.mark.parametrize(
    ("page", "persona"), POST_CASES, ids=[f"POST {p} as {r}" for p, r in POST_CASES]
)
def test_actions(client_as, lines, page, persona):
    expected_row, data = POSTS[page]
    response = client_as(persona).post(page, data)
    _check(response, dict(zip(COLUMNS, expected_row, strict=True))[persona], page)


def test_the_tables_cover_every_persona():
    import conftest

    assert set(COLUMNS) == set(conftest.PERSONAS)


def test_a_focal_point_reads_the_aggregates_but_no_ledger_link(client_as, lines):
    html = client_as("focal_ma").get(f"{P}/execution/").content.decode()
    assert "1,234.56" in html
    assert f"{P}/lines/" not in html
    assert REFERENCE not in html


def test_the_page_says_the_rate_and_its_date_and_that_the_split_is_demo(client_as, lines):
    html = client_as("steering").get(f"{P}/execution/").content.decode()
    assert "1 USD = 0.772 EUR" in html
    from django.utils.formats import date_format

    assert date_format(dt.date(2012, 11, 1), "DATE_FORMAT") in html
    assert "demo data" in html


def test_a_refused_amount_is_named_and_nothing_is_written(client_as, lines):
    from jmdi.finance.models import Expenditure

    before = Expenditure.objects.count()
    response = client_as("pmu").post(
        f"{P}/lines/1.1-EC/expenditures/", FORM | {"amount": "99999999.00"}
    )
    assert response.status_code == 400
    assert "exceeds what remains on this budget line" in response.content.decode()
    assert Expenditure.objects.count() == before


def test_execution_and_ledger_cost_the_same_queries_with_ten_times_the_data(client_as, pmu, lines):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = client_as("pmu")
    programme = Programme.objects.get(code="jmdi-2")

    def count(url: str) -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 200
        return len(ctx.captured_queries)

    def add(n: int) -> None:
        for i in range(n):
            line = lines[i % len(lines)]
            commitment = services.record_commitment(
                actor=pmu, programme=programme, line=line, date=dt.date(2014, 1, 1),
                amount="100.00", reference=f"PO-{i}",
            )  # fmt: skip
            services.record_expenditure(
                actor=pmu, programme=programme, line=line, date=dt.date(2014, 1, 2),
                amount="50.00", currency="USD", reference=f"PV-{i}", commitment=commitment,
            )  # fmt: skip

    add(6)
    small = (count(f"{P}/execution/"), count(f"{P}/lines/1.1-EC/"))
    add(60)
    large = (count(f"{P}/execution/"), count(f"{P}/lines/1.1-EC/"))
    assert large == small
