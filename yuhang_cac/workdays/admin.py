from django.contrib import admin, messages
from django.utils import dateformat
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from simple_history.admin import SimpleHistoryAdmin

from .models import Holiday
from .services import delete_holiday, save_holiday


@admin.register(Holiday)
class HolidayAdmin(SimpleHistoryAdmin):
    """The holiday table; every edit moves the open deadlines it affects."""

    list_display = ["date", "weekday", "kind", "name"]
    list_filter = ["kind"]
    date_hierarchy = "date"
    search_fields = ["name"]
    actions = None

    @admin.display(description=_("weekday"))
    def weekday(self, obj):
        return dateformat.format(obj.date, "l")

    def save_model(self, request, obj, form, change):
        self._report(request, save_holiday(obj, by=request.user))

    def delete_model(self, request, obj):
        self._report(request, delete_holiday(obj, by=request.user))

    def _report(self, request, moved: int):
        if moved:
            message = ngettext(
                "%(count)d open deadline was recomputed.", "%(count)d open deadlines were recomputed.", moved
            ) % {"count": moved}
            self.message_user(request, message, messages.INFO)
