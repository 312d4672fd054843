"""Indicator definitions in the programme file, the loader's checks of them, and the
measures registry (a real measure replaces a pending one of the same name)."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import ImproperlyConfigured

from jmdi.programmes import models as m
from jmdi.programmes.tests.test_loader import Copy, assert_errors, rejected_without_change
from jmdi.results.measures import PARTICIPANTS, PENDING, PendingMeasure
from jmdi.results.registry import build_registry, registry


@pytest.fixture
def copy(tmp_path):
    return Copy(tmp_path)


def test_every_jmdi_indicator_is_bound_to_a_registered_measure_or_manual(programme):
    names = set(registry())
    indicators = list(m.Indicator.objects.filter(output__programme=programme))
    assert len(indicators) == 19
    for indicator in indicators:
        assert indicator.measure == "manual" or indicator.measure in names, indicator.code
        assert indicator.unit in m.Indicator.Unit.values
        assert indicator.baseline_note or indicator.baseline_value is not None, indicator.code
        assert indicator.target_note, indicator.code


def test_the_documents_targets_are_tied_and_none_invented(programme):
    participants = m.Indicator.objects.get(output__programme=programme, code="2.I1")
    assert participants.measure == "results.participants"
    assert participants.cumulative
    assert participants.target.code == "2.T1"
    assert participants.target_per_country == Decimal(50)
    assert participants.target_value is None  # the document gives no programme-wide figure
    assert m.Indicator.objects.get(output__programme=programme, code="3.I3").target_value == 80
    assert m.Indicator.objects.get(output__programme=programme, code="3.I5").target_value == 20
    # Only the document's figures: 50 per country, 80 and 20 overall.
    figures = set(
        m.Indicator.objects.filter(output__programme=programme).values_list(
            "target_value", "target_per_country"
        )
    )
    assert figures == {(None, None), (None, Decimal(50)), (Decimal(80), None), (Decimal(20), None)}


def test_an_unknown_measure_is_refused_with_file_and_line(programme, copy):
    line = copy.replace(r"measure: results\.participants", "results.participants", "results.nobody")
    path = copy.write()
    errors = rejected_without_change(path)
    assert_errors(
        errors,
        path,
        [
            (
                line,
                "outputs[1].indicators[0].measure",
                ["'results.nobody' is not a registered measure", "manual"],
            )
        ],
    )


def test_a_bad_unit_and_a_period_outside_the_programme_are_refused_with_their_lines(
    programme, copy
):
    unit_line = copy.replace(r"unit: yes_no", "yes_no", "yes_or_no")
    after = copy.find(r"measure: results\.participants") - 4
    period_line = copy.replace(
        r"per_country: 50",
        "per_country: 50",
        "per_country: 50\n          by_period: {2019-Q1: 10}",
        after,
    )
    path = copy.write()
    errors = rejected_without_change(path)
    assert [(e.line, e.field) for e in errors] == [(unit_line, "outputs[0].indicators[6].unit")]
    # The schema error stops the checks; with the unit fixed the period is refused.
    copy.replace(r"unit: yes_or_no", "yes_or_no", "yes_no")
    path = copy.write()
    errors = rejected_without_change(path)
    assert [(e.line, e.field) for e in errors] == [
        (period_line + 1, "outputs[1].indicators[0].targets.by_period.2019-Q1")
    ]
    assert "not a period of the programme" in errors[0].message


def test_a_percentage_over_100_is_refused(programme, copy):
    line = copy.replace(r"unit: yes_no", "yes_no", "percentage")
    after = line
    target_line = copy.replace(r"overall: null", "null", "120", after)
    errors = rejected_without_change(copy.write())
    assert [(e.line, e.field) for e in errors] == [
        (target_line, "outputs[0].indicators[6].targets.overall")
    ]
    assert "0 to 100" in errors[0].message


def test_a_real_measure_replaces_the_pending_one_of_its_name():
    pending = PENDING[0]
    real = PendingMeasure(pending.name, "real", "", pending=False)
    assert build_registry([pending, real])[pending.name] is real
    assert build_registry([real, pending])[pending.name] is real
    assert build_registry([pending])[pending.name] is pending


def test_two_real_measures_of_one_name_are_an_error():
    twin = PendingMeasure(PARTICIPANTS.name, "twin", "", pending=False)
    with pytest.raises(ImproperlyConfigured, match=r"results\.participants"):
        build_registry([PARTICIPANTS, twin])
