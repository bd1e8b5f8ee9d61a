from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import SiteText


@admin.register(SiteText)
class SiteTextAdmin(SimpleHistoryAdmin):
    list_display = ["key", "title", "updated_at"]
    readonly_fields = ["key"]

    def has_add_permission(self, request):
        # The keys are fixed by the templates that show them.
        return False

    def has_delete_permission(self, request, obj=None):
        return False
