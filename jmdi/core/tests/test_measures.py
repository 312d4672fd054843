"""The queryset measure, checked against counts made by hand: per period, cumulative
without double counting, distinct, summed, by country, split, and drilled down."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from jmdi.accounts.models import RoleAssignment
from jmdi.accounts.services import assign_role, create_person
from jmdi.core.measures import Cell, Measure, Period, QuerysetMeasure, Scope
from jmdi.directory.models import Country

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("programme_once_per_module")]

Q1 = Period("2013-Q1", "quarter", date(2013, 1, 1), date(2013, 3, 31))
Q2 = Period("2013-Q2", "quarter", date(2013, 4, 1), date(2013, 6, 30))
Q3 = Period("2013-Q3", "quarter", date(2013, 7, 1), date(2013, 9, 30))


def _at(day: date) -> datetime:
    return timezone.make_aware(datetime(day.year, day.month, day.day, 12))


def _give(email: str, role: str, country: str | None, day: date, sex: str = "") -> RoleAssignment:
    from jmdi.accounts.models import User

    user = User.objects.filter(email=email).first() or create_person(
        actor=None, email=email, full_name=email
    )
    assignment = assign_role(
        actor=None,
        user=user,
        role=role,
        country=Country.objects.get(code=country) if country else None,
    )
    RoleAssignment.objects.filter(pk=assignment.pk).update(granted_at=_at(day), note=sex)
    return assignment


@pytest.fixture
def roles():
    """By hand: Morocco Q1: a, b; Q2: c; Senegal Q2: d; Q3: a again (in Senegal)."""
    _give("a@example.org", "focal_point", "MA", date(2013, 2, 1), "female")
    _give("b@example.org", "reviewer", "MA", date(2013, 3, 31), "male")
    _give("c@example.org", "focal_point", "MA", date(2013, 4, 1), "female")
    _give("d@example.org", "reviewer", "SN", date(2013, 5, 15), "female")
    _give("a@example.org", "reviewer", "SN", date(2013, 8, 1), "female")
    _give("z@example.org", "reviewer", "SN", date(2013, 10, 1), "male")  # after Q3


def _measure(**overrides) -> QuerysetMeasure:
    options = {
        "name": "accounts.country_roles",
        "label": "Country roles given",
        "needs": "Computed once roles are given.",
        "queryset": lambda: RoleAssignment.objects.filter(country__isnull=False),
        "date_field": "granted_at__date",
        "country_field": "country__code",
        "split_fields": {"sex": "note"},
    }
    options.update(overrides)
    return QuerysetMeasure(**options)


def _scope(**overrides) -> Scope:
    options = {"programme": "jmdi-2", "periods": (Q1, Q2, Q3), "countries": ("MA", "SN")}
    options.update(overrides)
    return Scope(**options)


def test_it_is_a_measure():
    assert isinstance(_measure(), Measure)


def test_counts_per_country_and_period(roles):
    values = _measure().values(_scope())
    assert values[Cell("MA", "2013-Q1")] == 2
    assert values[Cell("MA", "2013-Q2")] == 1
    assert values[Cell("SN", "2013-Q2")] == 1
    assert values[Cell("SN", "2013-Q3")] == 1
    assert values.get(Cell("MA", "2013-Q3"), Decimal(0)) == 0
    assert values[Cell(None, "2013-Q2")] == 2  # the whole programme
    assert values[Cell(None, "2013-Q3")] == 1


def test_cumulative_values_run_from_the_start_without_double_counting(roles):
    people = _measure(distinct_field="user_id")
    per_period = people.values(_scope())
    cumulative = people.values(_scope(cumulative=True))
    # a, b by Q1; + c, d by Q2; a again in Q3 is the same person.
    assert [cumulative[Cell(None, p.code)] for p in (Q1, Q2, Q3)] == [2, 4, 4]
    # Summing the per-period values would have counted a twice:
    assert sum(per_period[Cell(None, p.code)] for p in (Q1, Q2, Q3)) == 5
    # By country: a counts once in Morocco and once in Senegal, once in the programme.
    assert cumulative[Cell("MA", "2013-Q3")] == 3
    assert cumulative[Cell("SN", "2013-Q3")] == 2


def test_a_split_by_sex(roles):
    values = _measure().values(_scope(split="sex"))
    assert values[Cell("MA", "2013-Q1", "female")] == 1
    assert values[Cell("MA", "2013-Q1", "male")] == 1
    assert values[Cell(None, "2013-Q2", "female")] == 2


def test_a_sum_instead_of_a_count(focal_ma):
    from jmdi.core.models import Job

    for progress, day in ((30, date(2013, 2, 1)), (20, date(2013, 2, 2)), (50, date(2013, 5, 1))):
        job = Job.objects.create(kind="x", title="x", progress=progress)
        Job.objects.filter(pk=job.pk).update(created_at=_at(day))
    measure = _measure(
        queryset=lambda: Job.objects.all(),
        date_field="created_at__date",
        country_field=None,
        aggregate="sum",
        value_field="progress",
        split_fields={},
    )
    values = measure.values(_scope())
    assert values[Cell(None, "2013-Q1")] == 50
    assert values[Cell(None, "2013-Q2")] == 50
    assert measure.values(_scope(cumulative=True))[Cell(None, "2013-Q2")] == 100


def test_one_query_whatever_the_number_of_records(roles, django_assert_num_queries):
    with django_assert_num_queries(1):
        _measure().values(_scope())
    for n in range(20):
        _give(f"more{n}@example.org", "focal_point", "MA", date(2013, 5, 1))
    with django_assert_num_queries(1):
        _measure().values(_scope())
    with django_assert_num_queries(2):  # distinct: the whole-programme row is its own query
        _measure(distinct_field="user_id").values(_scope())


def test_the_drill_down_shows_the_records_of_one_cell(roles):
    records = _measure().records(_scope(), Cell("MA", "2013-Q1"))
    assert sorted(r.user.email for r in records) == ["a@example.org", "b@example.org"]
    cumulative = _measure().records(_scope(cumulative=True), Cell("SN", "2013-Q3"))
    assert sorted(r.user.email for r in cumulative) == ["a@example.org", "d@example.org"]


def test_the_drill_down_is_filtered_by_what_the_viewer_may_see(roles):
    from django.db.models import Q

    measure = _measure(visible=lambda viewer: Q(country__code__in=viewer))
    records = measure.records(_scope(viewer=["SN"]), Cell(None, "2013-Q2"))
    assert [r.user.email for r in records] == ["d@example.org"]


def test_no_records_yet_is_said_not_zeroed(programme):
    assert _measure().available() is False
