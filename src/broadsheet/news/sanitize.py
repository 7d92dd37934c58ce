"""The allowlist sanitizer for article HTML (nh3, a binding of the Rust `ammonia` crate).

Only the markup an article needs survives; scripts, event handlers, styles and
`javascript:` URLs are removed. Links get `rel="noopener noreferrer"`.
"""

from __future__ import annotations

import nh3

ARTICLE_TAGS = frozenset(
    {
        "p",
        "br",
        "h2",
        "h3",
        "h4",
        "strong",
        "b",
        "em",
        "i",
        "u",
        "s",
        "sub",
        "sup",
        "blockquote",
        "q",
        "cite",
        "ul",
        "ol",
        "li",
        "a",
        "hr",
        "figure",
        "figcaption",
        "abbr",
        "span",
        "code",
        "pre",
        "table",
        "thead",
        "tbody",
        "tr",
        "th",
        "td",
    }
)
ARTICLE_ATTRIBUTES = {
    "a": {"href", "title", "hreflang"},
    "abbr": {"title"},
    "q": {"cite"},
    "blockquote": {"cite"},
    "th": {"scope", "colspan", "rowspan"},
    "td": {"colspan", "rowspan"},
    "ol": {"start"},
    "*": {"lang", "dir"},
}
URL_SCHEMES = frozenset({"http", "https", "mailto"})

_cleaner = nh3.Cleaner(
    tags=set(ARTICLE_TAGS),
    attributes={tag: set(attrs) for tag, attrs in ARTICLE_ATTRIBUTES.items()},
    url_schemes=set(URL_SCHEMES),
    link_rel="noopener noreferrer",
    strip_comments=True,
)


def sanitize_article_html(html: str) -> str:
    """Return `html` with everything outside the article allowlist removed."""
    if not html:
        return ""
    cleaned = _cleaner.clean(html).strip()
    # ProseMirror stores an empty document as one empty paragraph.
    return "" if cleaned in {"<p></p>", "<p><br></p>"} else cleaned
