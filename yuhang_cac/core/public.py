"""Marking the few views that the public may reach (docs/domain.md §9)."""

from django.contrib.auth.decorators import login_not_required


def public_page(view):
    """Open ``view`` to anonymous visitors and to the public host names."""
    view = login_not_required(view)
    view.public_page = True
    return view
