"""Three interface languages: URLs with a language prefix, localised dates, translations."""

import datetime as dt

import pytest

from tests.support import factories

pytestmark = pytest.mark.django_db

KYIV_2341 = dt.datetime(2025, 1, 8, 21, 41, tzinfo=dt.UTC)


@pytest.mark.parametrize(
    ("prefix", "lang", "expected"),
    [
        ("", "en", "08 January 2025, 23:41"),
        ("/uk", "uk", "08 січня 2025, 23:41"),
        ("/ru", "ru", "08 января 2025, 23:41"),
    ],
)
def test_meta_line_date_follows_the_language(client, prefix, lang, expected):
    article = factories.article(published_at=KYIV_2341)
    html = client.get(prefix + article.get_absolute_url()).content.decode()
    assert f'<html lang="{lang}">' in html
    assert f">{expected}</time>" in html


def test_every_page_links_to_itself_in_each_language(client):
    article = factories.article()
    html = client.get(article.get_absolute_url()).content.decode()
    for code in ("uk", "ru"):
        assert f'href="/{code}{article.get_absolute_url()}" hreflang="{code}"' in html


def test_article_translations_show_a_switcher_and_hreflang_alternates(client):
    english = factories.article(headline="Talks resume", language="en")
    ukrainian = factories.article(headline="Переговори відновлюються", language="uk")
    english.translations.add(ukrainian)
    html = client.get(english.get_absolute_url()).content.decode()
    assert f'<link rel="alternate" hreflang="uk" href="{ukrainian.get_absolute_url()}">' in html
    assert 'class="article-languages"' in html and ">Українська</a>" in html
    back = client.get(ukrainian.get_absolute_url()).content.decode()
    assert f'hreflang="en" href="{english.get_absolute_url()}"' in back


@pytest.mark.parametrize("prefix", ["", "/uk", "/ru"])
def test_a_teasers_headline_and_standfirst_carry_the_articles_language(client, prefix):
    """An English article listed on a Ukrainian or Russian page is marked as English
    (WCAG 3.1.2), and a Ukrainian one on the English page as Ukrainian; the date and the
    section stay in the page's language."""
    factories.article(headline="Budget vote delayed", language="en")
    factories.article(headline="Голосування відклали", language="uk")
    html = client.get(prefix + "/latest/").content.decode()
    english = html.index("Budget vote delayed")
    ukrainian = html.index("Голосування відклали")
    assert html.rfind('lang="en"', 0, english) > html.rfind("<article", 0, english)
    assert html.rfind('lang="uk"', 0, ukrainian) > html.rfind("<article", 0, ukrainian)
