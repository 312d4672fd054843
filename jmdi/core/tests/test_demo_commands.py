from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from jmdi.accounts.models import Role, RoleAssignment, User
from jmdi.core import generator
from jmdi.directory.models import Contact, Organisation

pytestmark = pytest.mark.django_db


def run(*args: str) -> str:
    out = StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


def test_loaddemo_refuses_to_run_before_a_programme_is_loaded():
    with pytest.raises(CommandError, match="loadprogramme"):
        run("loaddemo")


def test_loaddemo_prints_one_login_per_role_and_the_password(programme):
    output = run("loaddemo", "--password", "demo-pass-123")
    for role in Role:
        assert str(role.label) in output
    assert "focal.ma@demo.jmdi.example.org" in output
    assert "Password for all: demo-pass-123" in output
    pmu = User.objects.get(email="pmu@demo.jmdi.example.org")
    assert pmu.check_password("demo-pass-123")
    assert pmu.emailaddress_set.get().verified
    # The PMU works in the platform's pages; no demo login is staff (the admin is for
    # operators, created with createsuperuser, behind the same sign-in and second factor).
    assert not User.objects.filter(email__endswith="@demo.jmdi.example.org", is_staff=True).exists()


def test_loaddemo_twice_adds_nothing_the_second_time(programme):
    run("loaddemo")
    counts = (Organisation.objects.count(), Contact.objects.count(), RoleAssignment.objects.count())
    run("loaddemo")
    assert (
        Organisation.objects.count(),
        Contact.objects.count(),
        RoleAssignment.objects.count(),
    ) == counts


def test_demo_organisations_are_real_places_with_french_elision(programme):
    run("loaddemo")
    assert Organisation.objects.filter(country__code="MA", name="Commune d'Agadir").exists()
    assert Organisation.objects.filter(country__code="SN", name="Commune de Matam").exists()
    assert Organisation.objects.filter(
        country__code="SV", name="Municipalidad de Intipucá"
    ).exists()
    assert Contact.objects.filter(organisation__country__code="PH").count() >= 10


def test_generator_writes_the_requested_sizes_and_is_repeatable(programme):
    tiny = {"organisations": 12, "contacts_per_organisation": 2, "people": 30}
    counts = generator.generate("small", progress=lambda line: None, sizes=tiny)
    # The directory's and the accounts' steps, sized here; the other apps' steps add theirs.
    written = {"organisations": 12, "contacts": 24, "people": 30, "roles": 30}
    assert {key: counts[key] for key in written} == written
    assert Organisation.history.filter(name__startswith="[synthetic-small]").count() == 12
    again = generator.generate("small", progress=lambda line: None, sizes=tiny)
    # A second run at the same scale adds nothing, in any app.
    assert {key: again.get(key, 0) for key in counts if again.get(key, 0)} == {}


def test_large_scale_meets_the_size_the_issue_sets():
    large = generator.sizes_for("large")
    assert large["people"] >= 100_000
    assert large["organisations"] >= 30_000


def test_the_generator_refuses_to_run_in_production(settings, programme):
    settings.PRODUCTION = True
    with pytest.raises(CommandError, match="never generated in production"):
        run("generatedata", "--scale", "small")
    assert not Organisation.objects.filter(name__startswith="[synthetic").exists()


def test_loaddemo_refuses_to_run_in_production(settings, programme):
    settings.PRODUCTION = True
    with pytest.raises(CommandError, match="never created in production"):
        run("loaddemo")
    assert not User.objects.filter(email__endswith="@demo.jmdi.example.org").exists()


def test_benchmark_prints_p50_p95_and_queries_per_page(programme):
    run("loaddemo")
    output = run(
        "benchmark",
        "--pages",
        "overview,budget",
        "--roles",
        "pmu_officer,anonymous",
        "--requests",
        "3",
        "--warmup",
        "1",
    )
    header = next(line for line in output.splitlines() if line.startswith("page"))
    assert header.split() == ["page", "role", "status", "p50", "ms", "p95", "ms", "queries"]
    rows = [line.split() for line in output.splitlines() if line.startswith(("overview", "budget"))]
    assert len(rows) == 4
    for _page, _role, status, p50, p95, queries in rows:
        assert status == "200"
        assert float(p50) <= float(p95)
        assert int(queries) > 0


def test_benchmark_rejects_unknown_pages():
    with pytest.raises(CommandError, match="Unknown page"):
        run("benchmark", "--pages", "nowhere")
