from django.shortcuts import render


def index(request):
    """The staff home: who you are, and what is waiting for you."""
    notifications = request.user.notifications.filter(read_at__isnull=True)[:10]
    return render(
        request,
        "dashboard/index.html",
        {"notifications": notifications, "role_label": request.user.get_role_display()},
    )
