import factory
from factory.django import DjangoModelFactory

from jmdi.directory.models import Contact, Country, Organisation


class CountryFactory(DjangoModelFactory):
    class Meta:
        model = Country
        django_get_or_create = ("code",)

    code = "MA"


class OrganisationFactory(DjangoModelFactory):
    class Meta:
        model = Organisation

    name = factory.Sequence(lambda n: f"Commune {n}")
    kind = Organisation.Kind.LOCAL_AUTHORITY
    country = factory.SubFactory(CountryFactory)


class ContactFactory(DjangoModelFactory):
    class Meta:
        model = Contact

    organisation = factory.SubFactory(OrganisationFactory)
    full_name = factory.Sequence(lambda n: f"Person {n}")
    email = factory.Sequence(lambda n: f"person{n}@example.org")
