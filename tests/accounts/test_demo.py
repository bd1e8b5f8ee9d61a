import pytest
from django.db.models import Count

from accounts import demo
from accounts.identifiers import validate_credit_code, validate_resident_id
from accounts.models import Account, AccountAlias, Operator, Person, Platform, Practitioner, Street, Violation
from yuhang_cac.core import crypto

pytestmark = pytest.mark.django_db
MODELS = (Person, Operator, Account, AccountAlias, Practitioner, Violation)


def counts():
    return [(m.objects.count(), m.history.count()) for m in MODELS]


def test_the_demo_registry_seeds_once(settings):
    from django.utils import timezone

    today = timezone.localdate()
    demo.seed(password="x", today=today)
    first = counts()
    demo.seed(password="x", today=today)
    assert counts() == first
    assert Account.objects.count() == demo.ACCOUNTS


def test_the_demo_registry_covers_every_street_platform_and_kind():
    from django.utils import timezone

    demo.seed(password="x", today=timezone.localdate())
    assert set(Account.objects.values_list("street", flat=True)) >= set(
        Street.objects.values_list("pk", flat=True)
    )
    assert set(Account.objects.values_list("platform", flat=True)) == set(
        Platform.objects.values_list("pk", flat=True)
    )
    statuses = dict(Account.objects.values_list("status").annotate(n=Count("pk")))
    assert statuses["pending"] >= 5 and statuses["normal"] > 200
    assert Account.objects.exclude(jurisdiction="yuhang").exists()
    assert Account.objects.filter(liaison_organisation__code="yuhang-dream-station").exists()
    assert {o.kind for o in Operator.objects.all()} == {"organisation", "individual"}
    assert Practitioner.objects.filter(filing_status="filed").exists()
    assert Violation.objects.filter(source="manual").count() >= 5
    assert AccountAlias.objects.count() > 30
    assert Account.history.filter(history_type="+").count() == Account.objects.count()
    assert (
        Account.objects.filter(content_categories__isnull=False).distinct().count() == Account.objects.count()
    )


def test_demo_identifiers_are_valid():
    from django.utils import timezone

    demo.seed(password="x", today=timezone.localdate())
    for operator in Operator.objects.exclude(credit_code=""):
        validate_credit_code(operator.credit_code)
    numbers = [crypto.decrypt(p.id_number_encrypted) for p in Person.objects.all()]
    for number in numbers:
        validate_resident_id(number)
    births = {int(n[6:10]) for n in numbers}
    assert min(births) < 2001 < max(births)
    assert {n[:6] for n in numbers} >= {"330110", "330113"}


def test_the_registry_at_scale_loads_in_bulk_with_history_once():
    from django.utils import timezone

    from reports import demo as reports_demo
    from reports.models import Report

    today = timezone.localdate()
    assert demo.seed_large(today=today, accounts=400) == 400
    accounts = Account.objects.filter(stable_id__startswith=demo.LARGE_ID_PREFIX)
    assert accounts.count() == 400
    assert Account.history.filter(id__in=accounts.values("pk")).count() == 400
    assert accounts.filter(operator__isnull=True).exclude(status=Account.Status.PENDING).count() == 0
    assert AccountAlias.objects.filter(account__in=accounts).exists()
    # Each account's creation history holds its categories, as if saved one by one.
    account = accounts.first()
    assert {c.pk for c in account.content_categories.all()} == {
        row.contentcategory_id for row in account.history.get().content_categories.all()
    }
    assert demo.seed_large(today=today, accounts=400) == 0
    assert reports_demo.seed_large(today=today, reports=50) == 50
    numbers = list(Report.objects.values_list("number", flat=True))
    assert len(set(numbers)) == 50
    assert reports_demo.seed_large(today=today, reports=50) == 0
