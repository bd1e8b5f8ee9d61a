"""Template helpers of the list pattern (yuhang_cac.core.lists)."""

from django import template
from django.utils.safestring import mark_safe

from yuhang_cac.core.lists import kept_rows

register = template.Library()


class KeptRowsNode(template.Node):
    def __init__(self, nodelist, page, vary, place: str):
        self.nodelist, self.page, self.vary, self.place = nodelist, page, vary, place

    def render(self, context):
        vary = (self.place, *(value.resolve(context) for value in self.vary))
        return mark_safe(kept_rows(self.page.resolve(context), lambda: self.nodelist.render(context), vary))  # noqa: S308 (rendered by the template engine)


@register.tag
def keptrows(parser, token):
    """``{% keptrows page [value …] %}…{% endkeptrows %}``: a list's rows, kept until the data changes.

    The values are what the rows show besides the row objects (yuhang_cac.core.lists.kept_rows).
    """
    bits = token.split_contents()
    if len(bits) < 2:
        raise template.TemplateSyntaxError("keptrows needs the page.")
    nodelist = parser.parse(("endkeptrows",))
    parser.delete_first_token()
    place = f"{parser.origin.template_name}:{token.lineno}"
    return KeptRowsNode(
        nodelist, parser.compile_filter(bits[1]), [parser.compile_filter(b) for b in bits[2:]], place
    )


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
