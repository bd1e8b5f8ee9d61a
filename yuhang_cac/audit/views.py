from django.contrib.auth.decorators import permission_required
from django.core.paginator import Paginator
from django.shortcuts import render

from .filters import AuditEventFilter
from .models import AuditEvent
from .presenters import describe


@permission_required("audit.view_auditevent", raise_exception=True)
def event_list(request):
    """The audit log, for the audit administrator: read only, newest first."""
    events = AuditEvent.objects.select_related("target_type", "actor")
    event_filter = AuditEventFilter(request.GET, queryset=events)
    page = Paginator(event_filter.qs, 100).get_page(request.GET.get("page"))
    rows = [(event, describe(event)) for event in page]
    context = {"filter": event_filter, "page": page, "rows": rows}
    return render(request, "audit/auditevent_list.html", context)
