"""Template helpers of the list pattern (yuhang_cac.core.lists)."""

from django import template

register = template.Library()


@register.simple_tag
def page_query(request, number: int) -> str:
    """The current query string with another page number."""
    query = request.GET.copy()
    query["page"] = number
    return query.urlencode()


@register.filter
def lookup_label(form, name: str) -> str:
    """The label of a form field, followed by a colon, for an error list."""
    field = form.fields.get(name)
    return f"{field.label}：" if field is not None else ""
