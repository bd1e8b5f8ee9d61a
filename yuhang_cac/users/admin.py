"""Users and organisations in /admin/, for the system administrator (docs/security.md, 三员分立).

The system administrator creates ordinary users (with no role and no usable password: the
security administrator gives both on the portal's security screens), edits their name,
e-mail and organisation, and deactivates them. Administrators' accounts and their own are
read-only here, and no password is set from the admin.
"""

from django import forms
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.http import Http404
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from . import services
from .models import Organisation, User
from .roles import ADMIN_ROLES


class UserCreationForm(forms.ModelForm):
    class Meta:
        model = User
        fields = ["username", "full_name", "email", "organisation"]


@admin.register(User)
class UserAdmin(BaseUserAdmin, SimpleHistoryAdmin):
    list_display = ["username", "full_name", "role", "organisation", "is_active", "is_locked", "last_login"]
    list_filter = ["role", "organisation", "is_active", "is_locked"]
    search_fields = ["username", "full_name", "email"]
    fieldsets = [
        (None, {"fields": ["username"]}),
        (_("Person"), {"fields": ["full_name", "email", "organisation"]}),
        (_("Status"), {"fields": ["is_active", "role", "is_locked"]}),
        (_("Dates"), {"fields": ["last_login", "date_joined"]}),
    ]
    add_form = UserCreationForm
    add_form_template = None
    add_fieldsets = [(None, {"fields": ["username", "full_name", "email", "organisation"]})]
    readonly_fields = ["role", "is_locked", "last_login", "date_joined"]
    actions = None

    def user_change_password(self, request, id, form_url=""):
        # No password is set from the admin: the security administrator resets it.
        raise Http404

    def has_change_permission(self, request, obj=None):
        if obj is not None and not self._may_change(request.user, obj):
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return False

    @staticmethod
    def _may_change(by, user) -> bool:
        """Never one's own account, an administrator's or a break-glass superuser's."""
        return user.pk != by.pk and user.role not in ADMIN_ROLES and not user.is_superuser

    def save_model(self, request, obj, form, change):
        if not change:
            created = services.create_user(**form.cleaned_data, by=request.user)
            obj.pk, obj._state = created.pk, created._state
            return
        active = obj.is_active
        obj.is_active = form.initial.get("is_active", active)
        super().save_model(request, obj, form, change)
        if "is_active" in form.changed_data:
            services.set_user_active(obj, active, by=request.user)

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
