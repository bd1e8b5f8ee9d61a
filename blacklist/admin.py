"""What the system administrator keeps of the management list: the severities with their periods,
the partner departments, and the partner departments' look-up tokens (issued here, shown once,
revoked here). Entries themselves are kept through the list's pages and services."""

from django.contrib import admin, messages
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from simple_history.admin import SimpleHistoryAdmin

from yuhang_cac.core.admin import ReferenceAdmin

from . import lookup
from .models import Department, LookupToken, Severity

admin.site.register(Department, ReferenceAdmin)


@admin.register(Severity)
class SeverityAdmin(ReferenceAdmin):
    list_display = [*ReferenceAdmin.list_display, "min_months", "max_months"]


@admin.action(description=gettext_lazy("Revoke the chosen tokens"))
def revoke(modeladmin, request, queryset):
    for token in queryset:
        lookup.revoke_token(token, by=request.user)
    messages.success(request, _("The tokens were revoked."))


@admin.register(LookupToken)
class LookupTokenAdmin(SimpleHistoryAdmin):
    list_display = ["department", "label", "prefix", "created_at", "last_used_at", "revoked_at"]
    list_filter = ["department"]
    fields = ["department", "label", "prefix", "created_at", "revoked_at", "last_used_at"]
    readonly_fields = ["prefix", "created_at", "revoked_at", "last_used_at"]
    actions = [revoke]

    def get_readonly_fields(self, request, obj=None):
        # A token's department is fixed once issued: a new department gets a new token.
        return [*self.readonly_fields, "department"] if obj else self.readonly_fields

    def save_model(self, request, obj, form, change):
        if change:
            obj._history_user = request.user
            obj.save()
            return
        token, raw = lookup.issue_token(obj.department, label=obj.label, by=request.user)
        obj.pk = token.pk
        obj.__dict__.update(token.__dict__)
        messages.warning(
            request,
            _(
                "The token for %(department)s is shown only now: %(token)s. "
                "Hand it over; it cannot be shown again."
            )
            % {"department": obj.department, "token": raw},
        )

    def has_delete_permission(self, request, obj=None):
        # Revoke instead: look-ups in the audit log name the token.
        return False
