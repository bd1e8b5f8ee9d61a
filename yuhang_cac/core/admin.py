from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import SiteText


class ReferenceAdmin(SimpleHistoryAdmin):
    """The admin of a code + name reference table (``ReferenceModel``): edit and retire, never delete."""

    list_display = ["code", "name", "short_name", "sort_order", "is_active"]
    list_filter = ["is_active"]
    search_fields = ["code", "name", "short_name"]
    ordering = ["sort_order", "code"]
    actions = None

    def has_delete_permission(self, request, obj=None):
        # Rows are referenced from records and their history: retire them instead (is_active).
        return False


@admin.register(SiteText)
class SiteTextAdmin(SimpleHistoryAdmin):
    list_display = ["key", "title", "updated_at"]
    readonly_fields = ["key"]

    def has_add_permission(self, request):
        # The keys are fixed by the templates that show them.
        return False

    def has_delete_permission(self, request, obj=None):
        return False
