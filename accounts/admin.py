"""The reference tables an administrator extends: platforms, streets, content categories, Art.5 items.

Registry records themselves (accounts, operators, people) are kept through the registry's pages,
where every write goes through ``accounts.services``.
"""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import ContentCategory, Platform, ProhibitedContent, Street


class ReferenceAdmin(SimpleHistoryAdmin):
    list_display = ["code", "name", "sort_order", "is_active"]
    list_filter = ["is_active"]
    search_fields = ["code", "name"]
    ordering = ["sort_order", "code"]
    actions = None

    def has_delete_permission(self, request, obj=None):
        # Rows are referenced from the registry and its history: retire them instead (is_active).
        return False


@admin.register(Platform)
class PlatformAdmin(ReferenceAdmin):
    list_display = [*ReferenceAdmin.list_display, "stable_id_hint"]


@admin.register(Street)
class StreetAdmin(ReferenceAdmin):
    list_display = [*ReferenceAdmin.list_display, "valid_from", "valid_to"]


admin.site.register(ContentCategory, ReferenceAdmin)


@admin.register(ProhibitedContent)
class ProhibitedContentAdmin(ReferenceAdmin):
    list_display = [*ReferenceAdmin.list_display, "source"]
