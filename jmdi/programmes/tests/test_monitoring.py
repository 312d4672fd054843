"""The monitoring framework's due rules, evaluated against the programme's period."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import translation

from jmdi.programmes import models as m
from jmdi.programmes.monitoring import item_occurrences, months_before, occurrences, rule_sentence

START, END = dt.date(2012, 12, 1), dt.date(2017, 4, 17)


def test_quarterly_is_due_at_the_end_of_each_calendar_quarter_clipped_to_the_programme():
    due = occurrences("quarterly", START, END)

    assert len(due) == 19  # Q4 2012 (December only), 16 quarters of 2013-2016, Q1 and Q2 2017
    assert (due[0].period_start, due[0].due) == (START, dt.date(2012, 12, 31))
    assert (due[1].period_start, due[1].due) == (dt.date(2013, 1, 1), dt.date(2013, 3, 31))
    assert (due[-2].period_start, due[-2].due) == (dt.date(2017, 1, 1), dt.date(2017, 3, 31))
    assert (due[-1].period_start, due[-1].due) == (dt.date(2017, 4, 1), END)


def test_annually_counts_only_quarters_wholly_inside_the_programme_and_adds_the_final_one():
    yearly = occurrences("annually", START, END, quarter=4)
    with_final = occurrences("annually", START, END, quarter=4, final_at_end=True)

    # Q4 2012 is only December of the programme's first month, so it is not a review year.
    assert [o.due for o in yearly] == [dt.date(y, 12, 31) for y in (2013, 2014, 2015, 2016)]
    assert [o.due for o in with_final] == [*(o.due for o in yearly), END]
    assert (with_final[0].period_start, with_final[0].period_end) == (
        dt.date(2013, 10, 1),
        dt.date(2013, 12, 31),
    )


@pytest.mark.parametrize(
    ("months", "due"),
    [(0, END), (3, dt.date(2017, 1, 17)), (14, dt.date(2016, 2, 17)), (52, dt.date(2012, 12, 17))],
)
def test_before_end_is_due_that_many_calendar_months_before_the_end(months, due):
    assert [o.due for o in occurrences("before_end", START, END, months_before_end=months)] == [due]


def test_months_before_keeps_to_the_last_day_of_a_shorter_month():
    assert months_before(dt.date(2016, 5, 31), 3) == dt.date(2016, 2, 29)
    assert months_before(dt.date(2017, 3, 31), 1) == dt.date(2017, 2, 28)
    assert months_before(dt.date(2013, 1, 15), 1) == dt.date(2012, 12, 15)


def test_an_ongoing_log_has_no_due_dates():
    assert occurrences("ongoing", START, END) == []


def test_a_rule_missing_its_parameter_is_an_error_not_a_guess():
    with pytest.raises(ValueError, match="quarter"):
        occurrences("annually", START, END)
    with pytest.raises(ValueError, match="months"):
        occurrences("before_end", START, END)
    with pytest.raises(ValueError, match="unknown frequency"):
        occurrences("monthly", START, END)


@pytest.mark.django_db
def test_the_loaded_external_evaluation_is_due_three_months_before_closure(programme):
    item = m.MonitoringItem.objects.get(programme=programme, code="external_evaluation")

    due = item_occurrences(item, programme.start_date, programme.end_date)

    assert [o.due for o in due] == [dt.date(2017, 1, 17)]
    with translation.override("en"):
        assert rule_sentence(item, due) == (
            "Once, 3 months before the programme ends: Jan. 17, 2017."
        )
    with translation.override("ar"):
        assert "17 يناير، 2017" in rule_sentence(item, due)


@pytest.mark.django_db
def test_the_annual_project_review_states_its_quarter_its_count_and_its_dates(programme):
    item = m.MonitoringItem.objects.get(programme=programme, code="annual_project_review")
    due = item_occurrences(item, programme.start_date, programme.end_date)

    with translation.override("en"):
        sentence = rule_sentence(item, due)

    assert sentence == (
        "Every year in the fourth quarter (October to December), and a final one at the "
        "programme's end: 5 times, from Dec. 31, 2013 to April 17, 2017."
    )
