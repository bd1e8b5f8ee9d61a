"""Each app registers its notification kinds; the texts come from that app's catalogue."""

import pytest
from django.utils.translation import gettext_lazy as _
from django.utils.translation import override

from yuhang_cac.notifications.kinds import MESSAGES, message_for, register_kinds


def test_the_reports_app_registers_its_kinds():
    assert {"report_assigned", "report_deadline_near", "report_deadline_due", "report_overdue"} <= set(
        MESSAGES
    )


def test_a_kind_reads_in_chinese_with_its_context():
    with override("zh-hans"):
        assert message_for("report_assigned", {"number": "YH2026000001"}) == "举报 YH2026000001 已分派给您。"


def test_a_kind_cannot_be_registered_twice_with_another_text():
    with pytest.raises(ValueError):
        register_kinds({"report_assigned": _("Something else")})
