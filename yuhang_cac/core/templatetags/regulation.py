"""``{% load regulation %}{% article_basis 22 %}`` → 依据《余杭区自媒体管理办法》第二十二条."""

from django import template

from yuhang_cac.core.regulation import basis

register = template.Library()


@register.simple_tag
def article_basis(*numbers: int) -> str:
    return basis(*numbers)
