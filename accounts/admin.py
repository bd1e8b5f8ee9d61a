"""The reference tables an administrator extends: platforms, streets, content categories, Art.5 items.

Registry records themselves (accounts, operators, people) are kept through the registry's pages,
where every write goes through ``accounts.services``.
"""

from django.contrib import admin

from yuhang_cac.core.admin import ReferenceAdmin

from .models import ContentCategory, Platform, ProhibitedContent, Street


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
