import factory
from factory.django import DjangoModelFactory

from jmdi.directory.tests.factories import CountryFactory, OrganisationFactory
from jmdi.initiatives.models import Initiative, InitiativePartner
from jmdi.programmes.models import Programme


class InitiativeFactory(DjangoModelFactory):
    """Needs the programme loaded (the `programme` fixture)."""

    class Meta:
        model = Initiative

    programme = factory.LazyFunction(lambda: Programme.objects.get(code="jmdi-2"))
    reference = factory.Sequence(lambda n: f"T-{n:04d}")
    title = factory.Sequence(lambda n: f"Initiative {n}")
    summary = "Diaspora investment in local services."
    country = factory.SubFactory(CountryFactory)
    lead_authority = factory.SubFactory(
        OrganisationFactory, country=factory.SelfAttribute("..country")
    )


class InitiativePartnerFactory(DjangoModelFactory):
    class Meta:
        model = InitiativePartner

    initiative = factory.SubFactory(InitiativeFactory)
    organisation = factory.SubFactory(OrganisationFactory, kind="civil_society")
