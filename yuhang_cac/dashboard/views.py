from django.shortcuts import render

from reports.selectors import queue_summary


def index(request):
    """The staff home: who you are, and what is waiting for you."""
    notifications = request.user.notifications.filter(read_at__isnull=True)[:10]
    context = {"notifications": notifications, "role_label": request.user.get_role_display()}
    if request.user.has_perm("reports.view_report"):
        context["report_summary"] = queue_summary(request.user)
    return render(request, "dashboard/index.html", context)
