"""The summons reference tables an administrator extends: the grounds of Art.12, the departments
and the measures of Art.13. Cases themselves are kept through the summons pages and services."""

from django.contrib import admin

from yuhang_cac.core.admin import ReferenceAdmin

from .models import Department, Ground, Measure

admin.site.register(Ground, ReferenceAdmin)
admin.site.register(Department, ReferenceAdmin)


@admin.register(Measure)
class MeasureAdmin(ReferenceAdmin):
    list_display = [*ReferenceAdmin.list_display, "account_status"]
