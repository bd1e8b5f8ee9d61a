from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from .models import Organisation, User
from .services import assign_role

admin.site.site_header = _("Yuhang Self-Media Regulation Portal")
admin.site.site_title = _("Yuhang Self-Media Regulation Portal")
admin.site.index_title = _("Administration")


@admin.register(User)
class UserAdmin(BaseUserAdmin, SimpleHistoryAdmin):
    list_display = ["username", "full_name", "role", "organisation", "is_active", "last_login"]
    list_filter = ["role", "organisation", "is_active"]
    search_fields = ["username", "full_name", "email"]
    fieldsets = [
        (None, {"fields": ["username", "password"]}),
        (_("Person"), {"fields": ["full_name", "email", "organisation"]}),
        (_("Role"), {"fields": ["role", "is_active"]}),
        (_("Dates"), {"fields": ["last_login", "date_joined"]}),
    ]
    add_fieldsets = [
        (None, {"fields": ["username", "full_name", "organisation", "role", "password1", "password2"]}),
    ]
    readonly_fields = ["last_login", "date_joined"]

    def save_model(self, request, obj, form, change):
        # The role decides groups and staff status; the service keeps them in step.
        role = obj.role
        super().save_model(request, obj, form, change)
        if not change or "role" in form.changed_data:
            assign_role(obj, role, by=request.user)

    def save_related(self, request, form, formsets, change):
        # Groups follow the role alone; ignore what the generic form would set.
        form.cleaned_data.pop("groups", None)
        form.cleaned_data.pop("user_permissions", None)
        super().save_related(request, form, formsets, change)


@admin.register(Organisation)
class OrganisationAdmin(SimpleHistoryAdmin):
    list_display = ["name", "kind", "liaison_name", "liaison_phone", "is_active"]
    list_filter = ["kind", "is_active"]
    search_fields = ["name", "code"]
