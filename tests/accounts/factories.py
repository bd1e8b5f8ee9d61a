"""Registry factories. Reference rows (platforms, streets, categories, Art.5) come from migration 0002."""

from datetime import date

import factory

from accounts.identifiers import CREDIT_ALPHABET, credit_code_check_char, resident_id_check_char
from accounts.models import Account, Operator, Person, Platform, Practitioner, Street
from accounts.services import person_fields


def resident_id(region: str = "330110", born: date = date(1990, 3, 7), sequence: int = 1) -> str:
    """A resident ID number with a correct check character."""
    first17 = f"{region}{born:%Y%m%d}{sequence % 1000:03d}"
    return first17 + resident_id_check_char(first17)


def credit_code(n: int) -> str:
    """A checksum-valid unified social credit code, different for each ``n``."""
    body = ""
    for _ in range(9):
        n, digit = divmod(n, len(CREDIT_ALPHABET))
        body = CREDIT_ALPHABET[digit] + body
    first17 = "91330110" + body
    return first17 + credit_code_check_char(first17)


class PersonFactory(factory.django.DjangoModelFactory):
    """A person; pass ``id_number=`` for a particular number (stored as the services store it)."""

    class Meta:
        model = Person

    class Params:
        id_number = factory.Sequence(lambda n: resident_id(sequence=n))

    name = factory.Iterator(["张伟", "王芳", "李娜", "刘洋", "陈静", "杨磊"])
    id_type = Person.IdType.RESIDENT
    id_number_encrypted = factory.LazyAttribute(
        lambda o: person_fields(o.id_type, o.id_number)["id_number_encrypted"]
    )
    id_number_hash = factory.LazyAttribute(lambda o: person_fields(o.id_type, o.id_number)["id_number_hash"])
    id_number_masked = factory.LazyAttribute(
        lambda o: person_fields(o.id_type, o.id_number)["id_number_masked"]
    )
    phone = factory.Sequence(lambda n: f"138{n:08d}")


class OperatorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Operator

    kind = Operator.Kind.ORGANISATION
    name = factory.Sequence(lambda n: f"杭州测试{n}号文化传媒有限公司")
    credit_code = factory.Sequence(lambda n: credit_code(n + 1))


class IndividualOperatorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Operator

    kind = Operator.Kind.INDIVIDUAL
    person = factory.SubFactory("tests.accounts.factories.PersonFactory")
    name = factory.SelfAttribute("person.name")
    credit_code = ""


class AccountFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Account
        skip_postgeneration_save = True

    platform = factory.LazyFunction(lambda: Platform.objects.get(code="weibo"))
    stable_id = factory.Sequence(lambda n: f"{5000000000 + n}")
    name = factory.Sequence(lambda n: f"测试账号{n}")
    handle = factory.Sequence(lambda n: f"测试号{n}")
    operator = factory.SubFactory(OperatorFactory)
    street = factory.LazyFunction(lambda: Street.objects.get(code="wuchang"))
    status = Account.Status.NORMAL


class PractitionerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Practitioner
        skip_postgeneration_save = True

    person = factory.SubFactory(PersonFactory)
    operator = factory.SubFactory(OperatorFactory)
    role = Practitioner.Role.EDITOR
