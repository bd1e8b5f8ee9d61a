"""Citations of the measure: one wording everywhere, articles the text has, Chinese numerals."""

import pytest
from django.template import Context, Template
from django.urls import reverse
from django.utils.translation import override

from yuhang_cac.core.regulation import ARTICLES, basis, chinese_numeral


@pytest.mark.parametrize(
    ("number", "numeral"), [(1, "一"), (10, "十"), (11, "十一"), (13, "十三"), (20, "二十"), (22, "二十二")]
)
def test_articles_are_numbered_in_chinese(number, numeral):
    assert chinese_numeral(number) == numeral


def test_the_text_has_no_article_17_and_none_past_23():
    assert 17 not in ARTICLES and max(ARTICLES) == 23
    with pytest.raises(ValueError):
        basis(17)
    with pytest.raises(ValueError):
        basis(24)


def test_one_wording_for_one_or_several_articles():
    with override("zh-hans"):
        assert basis(22) == "依据《余杭区自媒体管理办法》第二十二条"
        assert basis(7, 8) == "依据《余杭区自媒体管理办法》第七条、第八条"


def test_the_template_tag_renders_the_same_wording():
    with override("zh-hans"):
        html = Template("{% load regulation %}{% article_basis 13 %}").render(Context())
    assert html == "依据《余杭区自媒体管理办法》第十三条"


@pytest.mark.django_db
def test_the_public_pages_cite_article_22(client):
    for name in ("home", "public_reports:submit"):
        assert "依据《余杭区自媒体管理办法》第二十二条" in client.get(reverse(name)).content.decode()
