"""bulk_set_many_to_many: relations set in bulk, copied onto each object's newest history row."""

import pytest
from simple_history.utils import bulk_update_with_history

from accounts.models import Account, ContentCategory
from tests.accounts.factories import AccountFactory
from yuhang_cac.audit.history import bulk_set_many_to_many, history_entries

pytestmark = pytest.mark.django_db


def _history_categories(account) -> set[str]:
    record = account.history.order_by("-history_id").first()
    return {row.contentcategory.code for row in record.content_categories.all()}


def test_relations_are_replaced_or_kept_and_copied_onto_the_newest_history_row():
    food, travel, news = ContentCategory.objects.order_by("code")[:3]
    replaced, kept = AccountFactory(), AccountFactory()
    kept.content_categories.set([news])
    replaced.content_categories.set([news])
    for account in (replaced, kept):
        account.followers = 5
    bulk_update_with_history([replaced, kept], Account, ["followers"], default_change_reason="bulk")
    bulk_set_many_to_many(Account, "content_categories", [(replaced, [food, travel]), (kept, None)])
    assert set(replaced.content_categories.all()) == {food, travel}
    assert set(kept.content_categories.all()) == {news}
    assert _history_categories(replaced) == {food.code, travel.code}
    assert _history_categories(kept) == {news.code}
    change = history_entries(replaced)[0].changes
    assert any(food.name in c.new and travel.name in c.new for c in change)
