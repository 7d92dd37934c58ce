"""Article bodies go through the allowlist sanitizer whenever they are saved."""

import pytest

from broadsheet.news.sanitize import sanitize_article_html
from tests.support import factories


def test_sanitizer_removes_script_elements():
    assert "script" not in sanitize_article_html("<p>a</p><script>alert(1)</script>")


def test_sanitizer_removes_event_handlers():
    cleaned = sanitize_article_html('<p onclick="alert(1)">x</p><img src=x onerror=alert(1)>')
    assert "onclick" not in cleaned and "onerror" not in cleaned and "<img" not in cleaned


def test_sanitizer_removes_javascript_urls():
    cleaned = sanitize_article_html('<a href="javascript:alert(1)">x</a>')
    assert "javascript" not in cleaned
    assert ">x</a>" in cleaned


def test_sanitizer_removes_styles_iframes_and_forms():
    cleaned = sanitize_article_html(
        '<p style="color:red">a</p><iframe src="//x"></iframe><form><input></form>'
    )
    assert "style" not in cleaned and "iframe" not in cleaned and "form" not in cleaned


def test_sanitizer_keeps_allowed_markup_and_typography():
    html = (
        "<h2>Sub</h2><p>“He called it ‘a turning point’,” it’s said — «так».</p>"
        "<blockquote><p>Quote</p></blockquote><ul><li><em>a</em> <strong>b</strong></li></ul>"
        '<p><a href="https://example.org/x">link</a></p>'
    )
    cleaned = sanitize_article_html(html)
    for fragment in [
        "<h2>Sub</h2>",
        "“He called it ‘a turning point’,” it’s said — «так».",
        "<blockquote><p>Quote</p></blockquote>",
        "<em>a</em>",
        "<strong>b</strong>",
        'href="https://example.org/x"',
    ]:
        assert fragment in cleaned
    assert 'rel="noopener noreferrer"' in cleaned


@pytest.mark.django_db
def test_body_is_sanitized_when_saved_through_the_model():
    article = factories.article(body='<p>ok</p><script>alert(1)</script><p onmouseover="x()">b</p>')
    article.refresh_from_db()
    assert article.body == "<p>ok</p><p>b</p>"
    article.body = '<a href="javascript:alert(2)">c</a>'
    article.save()
    article.refresh_from_db()
    assert "javascript" not in article.body
