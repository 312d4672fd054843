"""The accounts' demo data (one login per role) and synthetic data (people at scale)."""

from __future__ import annotations

from django.db import transaction
from simple_history.utils import bulk_create_with_history

from jmdi.accounts.models import Role, RoleAssignment, User
from jmdi.accounts.services import assign_role, create_person
from jmdi.core.people import Sex
from jmdi.core.plugins import DemoContext, DemoLogin, GeneratorContext
from jmdi.directory.models import Country, Organisation
from jmdi.directory.places import PLACES

DEMO_DOMAIN = "demo.jmdi.example.org"
BATCH = 2_000


def _person(email: str, full_name: str, password: str, sex: str) -> User:
    existing = User.objects.filter(email=email).first()
    if existing is not None:
        existing.set_password(password)
        existing.save(update_fields=["password"])
        return existing
    return create_person(
        actor=None, email=email, full_name=full_name, password=password, verified=True, sex=sex
    )


def _role(
    user: User, role: str, country: Country | None = None, organisation: Organisation | None = None
) -> None:
    if not user.role_assignments.filter(
        role=role, country=country, organisation=organisation, revoked_at__isnull=True
    ).exists():
        assign_role(actor=None, user=user, role=role, country=country, organisation=organisation)


@transaction.atomic
def load_demo_logins(password: str) -> list[DemoLogin]:
    """One login per role (a focal point in every country); safe to run again."""
    logins: list[DemoLogin] = []
    morocco = Country.objects.get(code="MA")

    def login(
        role: str, email: str, name: str, scope: str = "", sex: str = Sex.FEMALE, **kw: object
    ) -> User:
        user = _person(email, name, password, sex)
        _role(user, role, **kw)  # type: ignore[arg-type]
        logins.append(DemoLogin(str(Role(role).label), email, scope))
        return user

    # The PMU officer works in the platform's own pages, not the admin: not staff.
    login(Role.PMU_OFFICER, f"pmu@{DEMO_DOMAIN}", "Cécile Martin")
    for country in Country.objects.filter(code__in=PLACES.keys()).order_by("code"):
        places = PLACES[str(country.code)]
        login(
            Role.FOCAL_POINT,
            f"focal.{str(country.code).lower()}@{DEMO_DOMAIN}",
            f"{places.given_names[0]} {places.family_names[0]}",
            country.name,
            sex=places.sex_of(places.given_names[0]),
            country=country,
        )
    login(
        Role.REVIEWER,
        f"reviewer.ma@{DEMO_DOMAIN}",
        "Omar Berrada",
        morocco.name,
        sex=Sex.MALE,
        country=morocco,
    )
    login(Role.STEERING, f"steering@{DEMO_DOMAIN}", "Hans Keller", sex=Sex.MALE)
    login(Role.TECHNICAL, f"technical@{DEMO_DOMAIN}", "Amina Yusuf")
    grantee_org = (
        Organisation.objects.filter(country=morocco, kind=Organisation.Kind.LOCAL_AUTHORITY)
        .order_by("name")
        .first()
    )
    if grantee_org is not None:
        login(
            Role.GRANTEE,
            f"grantee@{DEMO_DOMAIN}",
            "Said Amrani",
            str(grantee_org),
            sex=Sex.MALE,
            organisation=grantee_org,
        )
    login(Role.TRAINING_STAFF, f"training@{DEMO_DOMAIN}", "Giulia Rossi")
    login(Role.MEMBER, f"member@{DEMO_DOMAIN}", "Lucía Fernández")
    return logins


def demo_step(context: DemoContext) -> None:
    context.logins.extend(load_demo_logins(context.password))


def generator_step(context: GeneratorContext) -> None:
    """People who never sign in (unusable passwords), each an M4D Net member."""
    countries = list(Country.objects.filter(code__in=PLACES.keys()).order_by("code"))
    if not countries:
        raise LookupError("Load a programme first: its countries anchor the synthetic data.")
    total = context.sizes["people"]
    domain = f"@{context.marker}.example.org"
    made = {"people": 0, "roles": 0}
    existing = User.objects.filter(email__endswith=domain).count()
    for start in range(existing, total, BATCH):
        size = min(BATCH, total - start)
        users = []
        for i in range(start, start + size):
            places = PLACES[str(countries[i % len(countries)].code)]
            given = context.rng.choice(places.given_names)
            family = context.rng.choice(places.family_names)
            # Recorded for most: as the given name says; 15 in 100 not recorded.
            sex = places.sex_of(given) if context.rng.random() >= 0.15 else Sex.NOT_RECORDED
            users.append(
                User(
                    email=f"person{i}{domain}", full_name=f"{given} {family}", password="!", sex=sex
                )
            )
        created = bulk_create_with_history(users, User, batch_size=BATCH)
        roles = [RoleAssignment(user=u, role=Role.MEMBER) for u in created]
        bulk_create_with_history(roles, RoleAssignment, batch_size=BATCH)
        made["people"] += len(created)
        made["roles"] += len(roles)
        context.progress(f"people {start + size:,}/{total:,}")
    for key, value in made.items():
        context.counts[key] = context.counts.get(key, 0) + value


def benchmark_user(role: str) -> User | None:
    """A signed-in user holding `role` for the benchmark; None for "anonymous"."""
    if role == "anonymous":
        return None
    assignment = (
        RoleAssignment.objects.filter(role=role, revoked_at__isnull=True, user__is_active=True)
        .select_related("user")
        .order_by("pk")
        .first()
    )
    if assignment is None:
        raise LookupError(
            f"No active user holds the role {role!r}; load the demo data first (manage.py loaddemo)."
        )
    return assignment.user
