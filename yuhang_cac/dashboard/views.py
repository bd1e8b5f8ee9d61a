from django.shortcuts import render

from .cards import rendered_cards


def index(request):
    """The staff home: who you are, the cards the apps registered, and what is waiting for you."""
    notifications = request.user.notifications.filter(read_at__isnull=True)[:10]
    context = {
        "notifications": notifications,
        "role_label": request.user.get_role_display(),
        "cards": rendered_cards(request),
    }
    return render(request, "dashboard/index.html", context)
